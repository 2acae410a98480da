// A fair ranking at small numbers. Ranked by the raw share (CSAT 4–5 answers of all CSAT answers), the
// person with 3 good answers out of 3 tops the team above someone with 68 of 80, on luck alone. Empirical
// Bayes pulls each share towards the team's by as much as its count is small: the team's shares are
// taken to come from a Beta(α, β) distribution fitted to the team itself, and each person's estimate
// is the mean of their posterior, (x + α) / (n + α + β). Few answers: near the team; many: near their own.
import { wilson } from './stats.ts';

/** One person's (or store's) count: `x` successes of `n` answers. */
export interface Tally {
  id: string;
  x: number;
  n: number;
}

export interface BetaPrior {
  alpha: number;
  beta: number;
  /** `moments`: fitted to the spread between people; `fallback`: no real spread seen, a weak prior on the mean. */
  method: 'moments' | 'fallback';
}

/** α + β of the fallback prior: worth 10 answers at the team's share. */
export const FALLBACK_STRENGTH = 10;
/** α + β is kept in [2, 1000]: at most as sure as 1,000 answers, at least as vague as 2. */
const MIN_STRENGTH = 2;
const MAX_STRENGTH = 1000;

function check(t: Tally) {
  if (!Number.isFinite(t.x) || !Number.isFinite(t.n) || t.x < 0 || t.x > t.n) {
    throw new RangeError(`tally "${t.id}": expected 0 <= x <= n; got x=${t.x}, n=${t.n}`);
  }
}

/**
 * Fits the Beta prior by the method of moments for beta-binomial counts, with the binomial correction.
 * Over the people with n_i >= 1, unweighted, so one big count does not set the spread:
 *
 *   m        = Σx_i / Σn_i                          the team's share
 *   var(p)   = mean over i of (x_i/n_i − m)²        the observed spread of the raw shares around m
 *   v        = var(p) − m(1 − m) · mean(1/n_i)      minus what binomial noise alone would give
 *   α + β    = m(1 − m) / v − 1, clamped to [2, 1000];  α = m(α + β),  β = (1 − m)(α + β)
 *
 * (A Beta(α, β) has mean m and variance m(1 − m)/(α + β + 1); solving for α + β gives the line above.)
 * When v <= 0 the shares differ no more than chance would make them: there is no spread to fit, and a
 * weak prior (α + β = 10) centred on m is used instead. With no answers at all, m is taken as ½.
 */
export function fitBetaPrior(t: Tally[]): BetaPrior {
  t.forEach(check);
  const used = t.filter((r) => r.n >= 1);
  const sumN = used.reduce((s, r) => s + r.n, 0);
  const m = sumN > 0 ? used.reduce((s, r) => s + r.x, 0) / sumN : 0.5;
  const fallback: BetaPrior = { alpha: m * FALLBACK_STRENGTH, beta: (1 - m) * FALLBACK_STRENGTH, method: 'fallback' };
  if (used.length < 2) return fallback; // one person has no spread to measure
  const mean = (f: (r: Tally) => number) => used.reduce((s, r) => s + f(r), 0) / used.length;
  const varP = mean((r) => (r.x / r.n - m) ** 2);
  const v = varP - m * (1 - m) * mean((r) => 1 / r.n);
  if (!(v > 0)) return fallback;
  const strength = Math.min(MAX_STRENGTH, Math.max(MIN_STRENGTH, (m * (1 - m)) / v - 1));
  return { alpha: m * strength, beta: (1 - m) * strength, method: 'moments' };
}

/** The shrunken share: the posterior mean (x + α) / (n + α + β). */
export function shrink(t: Tally, prior: Pick<BetaPrior, 'alpha' | 'beta'>): number {
  return (t.x + prior.alpha) / (t.n + prior.alpha + prior.beta);
}

export type Ranked = Tally & {
  /** x / n. */
  raw: number;
  /** The shrunken share, which orders the list. */
  estimate: number;
  /** The Wilson 95 % interval of the raw share, as fractions. */
  ci: [number, number];
};

/**
 * Ranks by the shrunken share, highest first (ties: more answers first, then id). People with fewer
 * than `minAnswers` answers (and anyone with none) are listed apart in `few`, most answers first; they
 * still count towards the prior, since the binomial correction already discounts small counts.
 */
export function rank(t: Tally[], o: { minAnswers: number }): { prior: BetaPrior; ranked: Ranked[]; few: Tally[] } {
  if (!Number.isFinite(o.minAnswers) || o.minAnswers < 0) throw new RangeError(`minAnswers: expected 0 or more; got ${o.minAnswers}`);
  const prior = fitBetaPrior(t);
  const min = Math.max(1, o.minAnswers);
  const byCount = (a: Tally, b: Tally) => b.n - a.n || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const ranked = t
    .filter((r) => r.n >= min)
    .map((r) => ({ ...r, raw: r.x / r.n, estimate: shrink(r, prior), ci: wilson(r.x, r.n)! }))
    .sort((a, b) => b.estimate - a.estimate || byCount(a, b));
  const few = t.filter((r) => r.n < min).sort(byCount);
  return { prior, ranked, few };
}
