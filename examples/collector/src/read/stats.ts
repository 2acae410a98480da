// How sure each figure is: 95 % intervals for the shares and for NPS, computed from counts.
//
// Written here rather than taken from a statistics package: each is a closed formula of a few lines
// (the packages on npm that have them carry far more than this), and examples/collector/tests/unit/stats.test.ts
// checks them against published worked examples.
import { summarizeCounts, type ScoreCounts } from 'aftercare/schema';

/** The 97.5th percentile of the standard normal distribution: the z of a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;
export const CONFIDENCE = 0.95;
/** A figure from fewer answers than this carries `few: true` (its interval is wide; the UI says so). */
export const FEW = 30;

const round1 = (x: number) => Math.round(x * 10) / 10;
const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * The Wilson score interval for a proportion x/n (Wilson 1927; Newcombe 1998, method 3), as fractions.
 * Unlike the textbook Wald interval it stays inside [0, 1] and is sensible for 0/n and n/n.
 * `null` without observations.
 */
export function wilson(x: number, n: number, z = Z95): [number, number] | null {
  if (n <= 0) return null;
  const p = x / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [clip(centre - half, 0, 1), clip(centre + half, 0, 1)];
}

/**
 * The adjusted-Wald interval for NPS (Rocks 2016, "Interval estimation for the 'net promoter score'",
 * The American Statistician 70(4); as recommended by Sauro & Lewis, MeasuringU): add 3 pseudo-answers
 * (¾ promoter, 1½ passive, ¾ detractor), then NPS' = p' − d' ± z·√((p' + d' − (p' − d')²) / n'),
 * with n' = n + 3. As fractions of 1 (−1 … 1), clipped to the scale; `null` without answers.
 */
export function npsInterval(promoters: number, passives: number, detractors: number, z = Z95): [number, number] | null {
  const n = promoters + passives + detractors;
  if (n <= 0) return null;
  const n2 = n + 3;
  const p = (promoters + 0.75) / n2;
  const d = (detractors + 0.75) / n2;
  const centre = p - d;
  const half = z * Math.sqrt((p + d - centre * centre) / n2);
  return [clip(centre - half, -1, 1), clip(centre + half, -1, 1)];
}

/** As the API reports an interval: scaled (100 for percent or points), one decimal. */
const scaled = (ci: [number, number] | null, scale = 100): [number, number] | null => (ci ? [round1(ci[0] * scale), round1(ci[1] * scale)] : null);

/** Counts of one group of answers: n, per-score counts. */
export type Counts = ScoreCounts;

/**
 * The score figures with their intervals: today's `summarizeCounts` fields (so existing readers still
 * work), plus `ci` (95 %: Wilson for the CSAT share of 4–5 in percent, adjusted-Wald for NPS in
 * points) and `few` (fewer than 30 answers).
 */
export function scoreFigures(counts: Counts) {
  const s = summarizeCounts(counts);
  const satisfied = (s.csat.counts[4] ?? 0) + (s.csat.counts[5] ?? 0);
  return {
    responses: s.responses,
    csat: { ...s.csat, ci: scaled(wilson(satisfied, s.csat.answers)), few: s.csat.answers < FEW },
    nps: { ...s.nps, ci: scaled(npsInterval(s.nps.promoters, s.nps.passives, s.nps.detractors)), few: s.nps.answers < FEW },
  };
}
export type ScoreFigures = ReturnType<typeof scoreFigures>;

export interface DisplayCounts {
  total: number;
  answered: number;
  dismissed: number;
  expired: number;
  later: number;
}

/** Display figures: the response rate (answered / shown, %, one decimal) with its 95 % Wilson interval. */
export function displayFigures(d: DisplayCounts) {
  return {
    ...d,
    responseRate: d.total ? round1((d.answered / d.total) * 100) : null,
    ci: scaled(wilson(d.answered, d.total)),
    few: d.total < FEW,
  };
}
export type DisplayFigures = ReturnType<typeof displayFigures>;
