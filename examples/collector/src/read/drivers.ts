// Driver analysis: which reasons move the scores. For each reason, the answers naming it against the
// answers that do not, and the impact: the figure over all matching answers minus the figure over the
// answers not naming the reason (NPS in points, CSAT as the summary's share of 4–5 in percent). Counted
// in the database (one count for the total, counts per reason), the rest subtracted here: counts per
// score add up, so "without" is the total's counts minus the reason's.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { countsIn, planFor } from './aggregates.ts';
import { minusTally, totalCounts, type Tally } from './counts.ts';
import type { ReadFilter } from './filters.ts';
import { FEW } from './stats.ts';
import { MAX_SEGMENTS, reasonCounts } from './summary.ts';

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const detractors = (t: Tally) => sum(t.nps.slice(0, 7));
const promoters = (t: Tally) => t.nps[9]! + t.nps[10]!;

/** Unrounded NPS (points) and CSAT (% of 4–5) of a tally; null without such answers. */
export function exact(t: Tally): { n: number; nps: number | null; csat: number | null } {
  const npsN = sum(t.nps);
  const csatN = sum(t.csat);
  return {
    n: t.responses,
    nps: npsN ? ((promoters(t) - detractors(t)) / npsN) * 100 : null,
    csat: csatN ? ((t.csat[4]! + t.csat[5]!) / csatN) * 100 : null,
  };
}

export const shown = (e: ReturnType<typeof exact>) => ({ n: e.n, nps: e.nps === null ? null : round1(e.nps), csat: e.csat === null ? null : round1(e.csat) });
/** a − b, one decimal; null when either is. */
export const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : round1(a - b));

/** The part of one side (detractors or promoters) that names the reason. */
const part = (named: number, of: number) => ({ named, of, share: of ? round3(named / of) : null });

/**
 * The drivers for a filter (the read filters; `reason=` narrows the answers like everywhere else),
 * largest impact first: |impact.nps|, or |impact.csat| where there is no NPS impact. At most
 * MAX_SEGMENTS reasons.
 */
export async function readDrivers(db: Kysely<Database>, f: ReadFilter, o: { path?: 'rows' } = {}) {
  // From the counts where they serve (read/aggregates.ts): the total, then every reason's.
  const { plan, fields } = planFor(f, 'reason', o.path);
  const [all, perReason] = await Promise.all([plan ? countsIn(db, f, plan, f.from, f.to) : totalCounts(db, f, f.from, f.to), reasonCounts(db, f, plan)]);
  const total = exact(all);
  const drivers = perReason.map(({ value, t }) => {
    const rest = minusTally(all, t);
    const without = exact(rest);
    return {
      reason: value,
      n: t.responses,
      detractors: part(detractors(t), detractors(all)),
      promoters: part(promoters(t), promoters(all)),
      without: shown(without),
      impact: { nps: minus(total.nps, without.nps), csat: minus(total.csat, without.csat) },
      few: t.responses < FEW || rest.responses < FEW,
    };
  });
  // No impact at all (a side without scores) sorts last.
  const size = (d: (typeof drivers)[number]) => (d.impact.nps !== null ? Math.abs(d.impact.nps) : d.impact.csat !== null ? Math.abs(d.impact.csat) : -1);
  drivers.sort((a, b) => size(b) - size(a) || b.n - a.n || (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0));
  return { total: shown(total), drivers: drivers.slice(0, MAX_SEGMENTS), ...fields };
}
