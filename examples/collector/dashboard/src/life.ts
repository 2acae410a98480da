// The Product life view's logic as plain functions (no DOM, no Preact), so it can be tested on its own:
// wave names, reason labels, when the chart has something to say, signed impacts.
import type { Format, Unit } from './format.ts';
import type { Key, Translate } from './i18n.ts';
import type { Segment } from './types.ts';

/** The built-in reason ids (src/reasons.ts), worded as the widget asks them; any other id is the merchant's own. */
export const BUILT_IN_REASONS = ['speed', 'staff', 'attitude', 'solved', 'communication', 'price', 'quality', 'delivery'] as const;

/** A reason's label in the reader's language: built-in ids have one, a merchant's own id is shown raw. */
export function reasonLabel(id: string, t: Translate): string {
  return (BUILT_IN_REASONS as readonly string[]).includes(id) ? t(`r_${id}` as Key) : id;
}

/**
 * A wave's name for a merchant: wave 0 is the first survey (3–7 days after delivery), wave k the k-th
 * re-survey. The dashboard does not know each delivery's interval, so it does not say "month k".
 * @example waveName(0, t) === 'First survey'; waveName(2, t) === 'Re-survey 2'
 */
export function waveName(wave: number, t: Translate, fmt: Pick<Format, 'count'>): string {
  return wave === 0 ? t('wave0') : t('waveK', { k: fmt.count(wave) });
}

/** A wave's tick on the chart's x axis, short enough for 360 px: "First", "2". */
export const waveTick = (wave: number, t: Translate, fmt: Pick<Format, 'count'>) => (wave === 0 ? t('wave0Short') : fmt.count(wave));

/** The wave segments of `by=wave` in wave order, with the wave as a number; values that are not waves left out. */
export function waves(segments: Segment[] | undefined): Array<Segment & { wave: number }> {
  return (segments ?? [])
    .map((s) => ({ ...s, wave: Number(s.value) }))
    .filter((s) => Number.isInteger(s.wave) && s.wave >= 0 && s.responses > 0)
    .sort((a, b) => a.wave - b.wave);
}

/** The chart shows how satisfaction holds up over time: it needs answers from a re-survey (wave ≥ 1). */
export const hasLife = (w: Array<{ wave: number }>) => w.some((s) => s.wave > 0);

/** An impact, always signed, with a real minus sign (U+2212): `−12.6`, `+3.1%`; `—` when missing. */
export function signed(v: number | null | undefined, unit: Unit, fmt: Pick<Format, 'delta'>, dash = '—'): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return dash;
  return fmt.delta(v, unit).replace('-', '\u2212');
}
