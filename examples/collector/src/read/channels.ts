// Numbers per channel: the answers' figures per channel they came by (the summary's `by=channel`), and
// whether one channel is kinder than another: each channel's NPS and CSAT against a baseline channel's,
// with the difference tests of stats.ts (the overlap of two intervals is not a test).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { countsBy, planFor, type CountPlan } from './aggregates.ts';
import { addTally, countColumns, emptyTally, figures, source, tallyOf, type CountRow, type Tally } from './counts.ts';
import type { ReadFilter } from './filters.ts';
import { CONFIDENCE, npsDifference, twoProportionTest } from './stats.ts';

/** The significance level of the tests: a difference with p ≥ 0.05 is within the noise. */
export const ALPHA = 1 - CONFIDENCE;

/** Channels' order among equals. */
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Counts per channel (`web`: the widget, stored as null), most answers first, then by name. With a
 * `plan`, from the counts (read/aggregates.ts), their part-hours from the rows; else one GROUP BY over
 * the filter's driving index, which holds the channel (migration 011). Channels with no answer in the
 * range are left out.
 */
export async function channelCounts(db: Kysely<Database>, f: ReadFilter, plan: CountPlan | null = null): Promise<Array<{ value: string; t: Tally }>> {
  const most = (a: { value: string; t: Tally }, b: { value: string; t: Tally }) => b.t.responses - a.t.responses || byName(a.value, b.value);
  if (plan) return (await countsBy(db, f, plan, 'channel', f.from, f.to, (g) => channelCounts(db, g))).sort(most);
  const src = source(f, f.from, f.to);
  const c = sql.ref(`${src.t}.channel`);
  const { rows } = await sql<CountRow>`select ${c} as value, ${countColumns(src.t)} from ${src.from} where ${src.where} group by ${c}`.execute(db);
  const per = new Map<string, Tally>();
  for (const r of rows) {
    const value = r.value === null || r.value === undefined ? 'web' : String(r.value);
    const t = per.get(value) ?? emptyTally();
    addTally(t, tallyOf(r));
    per.set(value, t);
  }
  return [...per]
    .map(([value, t]) => ({ value, t }))
    .filter((s) => s.t.responses > 0)
    .sort(most);
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const npsOf = (t: Tally) => ({ promoters: t.nps[9]! + t.nps[10]!, passives: t.nps[7]! + t.nps[8]!, detractors: sum(t.nps.slice(0, 7)) });

/**
 * One channel against the baseline. CSAT: the two-proportion z-test (pooled) on the share of 4–5,
 * `difference` in percentage points. NPS: the difference of the two NPS in points with its own 95 %
 * interval. `withinNoise`: not significant at 5 % (CSAT: p ≥ 0.05; NPS: the interval holds 0). null
 * for a figure either side has no answers for.
 */
export function versus(t: Tally, base: Tally) {
  const c = twoProportionTest(t.csat[4]! + t.csat[5]!, sum(t.csat), base.csat[4]! + base.csat[5]!, sum(base.csat));
  const n = npsDifference(npsOf(t), npsOf(base));
  return {
    csat: c && { difference: round(c.difference * 100, 1), z: round(c.z, 2), p: round(c.p, 4), withinNoise: !(c.p < ALPHA) },
    nps: n && { difference: round(n.difference * 100, 1), ci: [round(n.low * 100, 1), round(n.high * 100, 1)] as [number, number], p: round(n.p, 4), withinNoise: n.low <= 0 && n.high >= 0 },
  };
}

/**
 * `GET /v1/channels`: NPS and CSAT per channel with their intervals, each channel against the baseline
 * (`baseline` when named; else `web` when it has answers; else the channel with the most answers). The
 * baseline first, then the most answers first.
 */
export async function readChannels(db: Kysely<Database>, f: ReadFilter, o: { baseline?: string | undefined; path?: 'rows' } = {}) {
  // From the counts where they serve (read/aggregates.ts).
  const { plan, fields } = planFor(f, 'channel', o.path);
  const counted = await channelCounts(db, f, plan);
  const baseline = o.baseline ?? (counted.some((s) => s.value === 'web') ? 'web' : (counted[0]?.value ?? null));
  const base = counted.find((s) => s.value === baseline)?.t;
  const channels = counted
    .map(({ value, t }) => ({ channel: value, ...figures(t), vsBaseline: value === baseline || !base ? null : versus(t, base) }))
    .sort((a, b) => Number(b.channel === baseline) - Number(a.channel === baseline));
  return { confidence: CONFIDENCE, alpha: round(ALPHA, 2), baseline, channels, ...fields };
}
