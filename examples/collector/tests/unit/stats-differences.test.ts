// The difference tests of the numbers per channel (read/stats.ts), against values worked out by hand
// from the formulas' definitions (the intermediate steps below; checked with a calculator and with
// SciPy's norm.sf), not with this code.
//
// The worked example: e-mail against the widget.
// CSAT (share of 4–5): e-mail 30/50 = 0.60, widget 45/60 = 0.75.
//   pooled p̂ = 75/110 = 0.681818; p̂(1 − p̂) = 0.216942; 1/50 + 1/60 = 0.036667; se = √0.0079545 = 0.089188
//   z = (0.60 − 0.75)/0.089188 = −1.68184; p = 2·(1 − Φ(1.68184)) = 0.09260 → within the noise
// NPS: e-mail 15 promoters, 10 passives, 25 detractors (p = 0.3, d = 0.5, NPS −0.2);
//      widget 30, 10, 20 (p = 0.5, d = 0.3333, NPS 0.16667).
//   Var(e-mail) = (0.3 + 0.5 − 0.2²)/50 = 0.0152; Var(widget) = (0.8333 − 0.16667²)/60 = 0.013426
//   se = √(0.0152 + 0.013426) = 0.169192; diff = −0.36667 ± 1.959964 · 0.169192 = −0.36667 ± 0.33161
//   → [−0.69828, −0.03506], which leaves out 0: not within the noise; p = 2·(1 − Φ(2.16716)) = 0.03022.
//   The two NPS intervals of the summary (Rocks: −42.1 … 4.4 and −6.1 … 37.9) overlap nonetheless.
import { describe, expect, test } from 'vitest';
import { normalCdf, npsDifference, twoProportionTest, twoSided } from '../../src/read/stats.ts';

describe('the normal distribution function (Numerical Recipes erfcc)', () => {
  test.each([
    [0, 0.5],
    [1.959963984540054, 0.975],
    [-1.959963984540054, 0.025],
    [0.5, 0.6914624613],
    [-3, 0.0013498980],
    [6, 0.9999999990],
  ])('Φ(%f) = %f to seven decimals', (x, want) => expect(normalCdf(x)).toBeCloseTo(want, 7));

  test('small tails keep their digits (relative error below 1.2e-7)', () => {
    expect(normalCdf(-6) / 9.865876450376946e-10).toBeCloseTo(1, 6);
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 6);
  });

  test('two-sided p-values', () => {
    expect(twoSided(0)).toBe(1);
    expect(twoSided(1.959963984540054)).toBeCloseTo(0.05, 8);
    expect(twoSided(-1.959963984540054)).toBeCloseTo(0.05, 8);
  });
});

describe('two-proportion z-test, pooled', () => {
  test('the worked example: e-mail 30/50 against the widget 45/60', () => {
    const t = twoProportionTest(30, 50, 45, 60)!;
    expect(t.difference).toBeCloseTo(-0.15, 12);
    expect(t.z).toBeCloseTo(-1.68184, 4);
    expect(t.p).toBeCloseTo(0.0926007, 6);
  });

  test('symmetric: the other way round changes only the signs', () => {
    const t = twoProportionTest(45, 60, 30, 50)!;
    expect([t.difference, t.z, t.p].map((x) => Math.round(x * 1e5) / 1e5)).toEqual([0.15, 1.68184, 0.0926]);
  });

  test('every answer on one side in both groups: equal shares, z 0, p 1; an empty group: null', () => {
    expect(twoProportionTest(20, 20, 5, 5)).toEqual({ difference: 0, z: 0, p: 1 });
    expect(twoProportionTest(0, 20, 0, 5)).toEqual({ difference: 0, z: 0, p: 1 });
    expect(twoProportionTest(3, 10, 0, 0)).toBeNull();
    expect(twoProportionTest(0, 0, 3, 10)).toBeNull();
  });
});

describe('the difference of two NPS with its own interval', () => {
  test('the worked example: e-mail against the widget', () => {
    const d = npsDifference({ promoters: 15, passives: 10, detractors: 25 }, { promoters: 30, passives: 10, detractors: 20 })!;
    expect(d.difference).toBeCloseTo(-0.366667, 6);
    expect(d.low).toBeCloseTo(-0.698277, 6);
    expect(d.high).toBeCloseTo(-0.035056, 6);
    expect(d.p).toBeCloseTo(0.030222, 6);
  });

  test('a small group: 8, 3, 1 (NPS 58.3) against the widget: +41.7 points, −1.1 … 84.4, within the noise', () => {
    // Var = (0.6667 + 0.0833 − 0.5833²)/12 = 0.034144; se = √(0.034144 + 0.013426) = 0.218104.
    const d = npsDifference({ promoters: 8, passives: 3, detractors: 1 }, { promoters: 30, passives: 10, detractors: 20 })!;
    expect(d.difference).toBeCloseTo(0.416667, 6);
    expect(d.low).toBeCloseTo(-0.010810, 5);
    expect(d.high).toBeCloseTo(0.844143, 5);
    expect(d.p).toBeCloseTo(0.056081, 5);
  });

  test('no spread at all: the interval is the difference itself; no NPS answers: null', () => {
    expect(npsDifference({ promoters: 5, passives: 0, detractors: 0 }, { promoters: 0, passives: 0, detractors: 7 })).toEqual({ difference: 2, low: 2, high: 2, p: 0 });
    expect(npsDifference({ promoters: 5, passives: 0, detractors: 0 }, { promoters: 9, passives: 0, detractors: 0 })).toEqual({ difference: 0, low: 0, high: 0, p: 1 });
    expect(npsDifference({ promoters: 0, passives: 0, detractors: 0 }, { promoters: 1, passives: 1, detractors: 1 })).toBeNull();
  });
});
