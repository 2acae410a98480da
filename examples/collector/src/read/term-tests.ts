// The two tests of the themes (read/themes.ts): which side mentions a term more (the log-odds ratio
// with an informative Dirichlet prior), and how many of many "rising" terms may be chance (the
// Benjamini–Hochberg false discovery rate). Closed formulas of a few lines each, written here like the
// rest of read/stats.ts; tests/support/themes-suite.ts checks them against values worked out by hand.

/**
 * The log-odds ratio with an informative Dirichlet prior, Monroe, Colaresi & Quinn (2008), "Fightin'
 * Words", Political Analysis 16(4), eq. 22, counted per comment: of `nu` comments on one side (the
 * unhappy customers) `yu` name the term, of `nh` on the other (the happy ones) `yh` do. The prior adds
 * `alpha0` pseudo-comments to each side, `alpha` of them naming the term:
 *
 *   δ = log((yu + α)/(nu + α0 − yu − α)) − log((yh + α)/(nh + α0 − yh − α))
 *   σ² ≈ 1/(yu + α) + 1/(yh + α),  z = δ/σ
 *
 * z > 0: the unhappy side names it more. `null` when a side's odds are undefined (the prior and the
 * data name the term in every comment of a side) or `alpha` is not positive.
 * @example logOddsZ(6, 10, 1, 10, 7, 25) // { delta: 0.6903…, variance: 0.2019…, z: 1.5362… }
 */
export function logOddsZ(yu: number, nu: number, yh: number, nh: number, alpha: number, alpha0: number): { delta: number; variance: number; z: number } | null {
  const au = yu + alpha, ah = yh + alpha;
  const bu = nu + alpha0 - au, bh = nh + alpha0 - ah;
  if (!(alpha > 0) || !(bu > 0) || !(bh > 0)) return null;
  const delta = Math.log(au / bu) - Math.log(ah / bh);
  const variance = 1 / au + 1 / ah;
  return { delta, variance, z: delta / Math.sqrt(variance) };
}

/**
 * Benjamini–Hochberg adjusted p-values (q-values; Benjamini & Hochberg 1995): a term with q < 0.05 is
 * kept with the false discovery rate at 5 %, i.e. about one in twenty of the terms kept may be
 * chance, however many terms were tested (with p < 0.05 alone, one in twenty of every term tested
 * would be). q₍ᵢ₎ = min over j ≥ i of p₍ⱼ₎·m/j, capped at 1, in the input's order.
 * @example falseDiscovery([0.01, 0.04, 0.03, 0.2]) // [0.04, 0.0533…, 0.0533…, 0.2]
 */
export function falseDiscovery(ps: readonly number[]): number[] {
  const m = ps.length;
  const order = ps.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const q = new Array<number>(m);
  let least = 1;
  for (let k = m - 1; k >= 0; k--) {
    const [p, i] = order[k]!;
    least = Math.min(least, (p * m) / (k + 1));
    q[i] = least;
  }
  return q;
}
