// The closed loop on the overview: how many unhappy customers wait for a call, how fast people call
// and solve, and how often within the deadline (with its 95 % interval and n).
import { useApp } from './context.ts';
import { RouteLink } from './link.tsx';
import type { CaseFigures } from './types.ts';

export function LoopFigures({ cases: c }: { cases: CaseFigures }) {
  const { t, fmt } = useApp();
  const hours = (h: number | null) => (h === null ? t('dash') : fmt.duration(h * 3_600_000));
  const w = c.resolvedWithinDeadline;
  const figures: Array<[string, string, ...string[]]> = [
    ['open', t('openCases'), fmt.count(c.open), t('casesN', { n: fmt.count(c.total) })],
    ['overdue', t('overdue'), fmt.count(c.overdue)],
    ['contact', t('toFirstContact'), hours(c.medianHoursToFirstContact)],
    ['resolution', t('toResolution'), hours(c.medianHoursToResolution)],
    ['deadline', t('withinDeadline'), fmt.figure(w.share, 'percent'), fmt.interval(w.ci, 'percent'), t('ofCases', { resolved: fmt.count(w.resolved), of: fmt.count(w.of) })],
  ];
  return (
    <section class="loop" aria-labelledby="loop-h">
      <div class="section-head">
        <h2 id="loop-h">{t('loopFigures')}</h2>
        <RouteLink to={{ view: 'followup' }} current={false}>
          {t('followup')}
        </RouteLink>
      </div>
      <dl class="loop-figures">
        {figures.map(([id, name, value, ...more]) => (
          <div data-loop={id}>
            <dt>{name}</dt>
            <dd class="value">{value}</dd>
            {more.map((m) => (
              <dd class="n">{m}</dd>
            ))}
          </div>
        ))}
      </dl>
    </section>
  );
}
