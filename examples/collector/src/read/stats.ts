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

/**
 * The standard normal distribution function Φ(x) = ½·erfc(−x/√2), with erfc by the Chebyshev fit of
 * Press et al., Numerical Recipes in C (2nd ed., 1992), §6.2 `erfcc`: fractional error below 1.2·10⁻⁷
 * everywhere, so small p-values keep their digits too.
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const erfc = t * Math.exp(poly);
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** The two-sided p-value of a standard normal statistic: 2·(1 − Φ(|z|)). */
export const twoSided = (z: number) => Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));

/**
 * The two-proportion z-test with the pooled proportion (e.g. Agresti, Categorical Data Analysis, 3rd
 * ed., §3.1.4; Newcombe 1998b): p̂ = (x₁ + x₂)/(n₁ + n₂), z = (x₁/n₁ − x₂/n₂) / √(p̂(1 − p̂)(1/n₁ + 1/n₂)),
 * p = 2·(1 − Φ(|z|)). `difference` is x₁/n₁ − x₂/n₂ as a fraction. When every answer of both groups
 * is on one side (p̂ = 0 or 1) the shares are equal: z = 0, p = 1. `null` when a group is empty.
 * @example twoProportionTest(45, 60, 30, 50) // { difference: 0.15, z: 1.6818…, p: 0.0926… }
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): { difference: number; z: number; p: number } | null {
  if (n1 <= 0 || n2 <= 0) return null;
  const difference = x1 / n1 - x2 / n2;
  const pooled = (x1 + x2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  if (!(se > 0)) return { difference, z: 0, p: 1 };
  const z = difference / se;
  return { difference, z, p: twoSided(z) };
}

/** Promoters (9–10), passives (7–8) and detractors (0–6) of one group. */
export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/**
 * The difference of two NPS with its own interval (the Wald interval of a difference of independent
 * estimates; the NPS variance is the trinomial one Rocks 2016 uses, unadjusted):
 * NPSᵢ = pᵢ − dᵢ, Var(NPSᵢ) = (pᵢ + dᵢ − (pᵢ − dᵢ)²)/nᵢ, diff = NPS₁ − NPS₂ ± z·√(Var₁ + Var₂), and the
 * test's p = 2·(1 − Φ(|diff| / √(Var₁ + Var₂))). As fractions (−2 … 2); `null` when a group has no NPS.
 * The overlap of the two NPS intervals is not this test: two intervals can overlap while the
 * difference's own interval leaves out 0.
 * @example npsDifference({ promoters: 30, passives: 10, detractors: 10 }, { promoters: 15, passives: 10, detractors: 15 })
 * // { difference: 0.4, low: 0.0519…, high: 0.7481…, p: 0.0243… }
 */
export function npsDifference(a: NpsCounts, b: NpsCounts, z = Z95): { difference: number; low: number; high: number; p: number } | null {
  const part = (g: NpsCounts) => {
    const n = g.promoters + g.passives + g.detractors;
    if (n <= 0) return null;
    const p = g.promoters / n, d = g.detractors / n;
    return { nps: p - d, variance: (p + d - (p - d) ** 2) / n };
  };
  const x = part(a), y = part(b);
  if (!x || !y) return null;
  const difference = x.nps - y.nps;
  const se = Math.sqrt(x.variance + y.variance);
  const p = se > 0 ? twoSided(difference / se) : difference === 0 ? 1 : 0;
  return { difference, low: difference - z * se, high: difference + z * se, p };
}
