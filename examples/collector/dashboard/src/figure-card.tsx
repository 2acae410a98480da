// One headline figure: the number first (Plausible's habit), then how sure it is (95 % interval, n)
// and how it moved since the period before.
import { useApp } from './context.ts';
import type { Unit } from './format.ts';
import type { Interval } from './types.ts';

export interface FigureCardProps {
  id: string;
  title: string;
  value: number | null | undefined;
  unit: Unit;
  ci: Interval | null | undefined;
  /** The line under the interval: `n = 250` or `412 displays`. */
  base: string;
  few: boolean;
  fewNote: string;
  /** The same figure in the previous period: undefined = no previous period, null = no score in it. */
  previous: number | null | undefined;
  /** False: a figure with no previous period to compare with (the Invitations' rates); no change line. */
  compare?: boolean;
}

export function FigureCard({ id, title, value, unit, ci, base, few, fewNote, previous, compare = true }: FigureCardProps) {
  const { t, fmt, route } = useApp();
  let change: string;
  if (previous === undefined) change = route.filters.has('from') ? t('noPrevious') : t('noChange');
  else if (previous === null || value === null || value === undefined) change = t('noPrevious');
  else change = t('change', { delta: fmt.delta(Math.round((value - previous) * 10) / 10, unit) });
  return (
    <section class="figure" aria-labelledby={`${id}-h`} data-figure={id}>
      <h2 id={`${id}-h`}>{title}</h2>
      <p class="big">{fmt.figure(value, unit)}</p>
      <p class="ci">{fmt.interval(ci, unit)}</p>
      <p class="n">{base}</p>
      {compare && <p class="change">{change}</p>}
      {few && <p class="few">{fewNote}</p>}
    </section>
  );
}
