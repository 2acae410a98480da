// The intervals the summary reports, against worked examples computed independently of this code.
//
// Wilson: Newcombe R.G. (1998), "Two-sided confidence intervals for the single proportion: comparison
// of seven methods", Statistics in Medicine 17:857–872, Table II, method 3 (score interval without
// continuity correction): 81/263 → 0.2553–0.3662, 15/148 → 0.0624–0.1605, 0/20 → 0–0.1611,
// 1/29 → 0.0061–0.1718.
//
// NPS: Rocks B. (2016), "Interval estimation for the 'net promoter score'", The American Statistician
// 70(4):365–372, the adjusted-Wald interval (add ¾ promoter, 1½ passive, ¾ detractor; trinomial
// variance p + d − (p − d)² over n + 3), as Sauro & Lewis teach it (MeasuringU). The expected values
// below were computed by hand in Python from that definition, not with this code:
//   n' = P + A + D + 3; p = (P + .75)/n'; d = (D + .75)/n'; c = p − d; h = 1.959964·√((p + d − c²)/n')
import { describe, expect, test } from 'vitest';
import { displayFigures, FEW, npsInterval, scoreFigures, wilson, Z95 } from '../../src/read/stats.ts';

const near = (actual: [number, number] | null, expected: [number, number], digits = 4) => {
  expect(actual).not.toBeNull();
  expect(actual![0]).toBeCloseTo(expected[0], digits);
  expect(actual![1]).toBeCloseTo(expected[1], digits);
};

describe('Wilson score interval (Newcombe 1998, Table II, method 3)', () => {
  test.each([
    [81, 263, [0.2553, 0.3662]],
    [15, 148, [0.0624, 0.1605]],
    [0, 20, [0, 0.1611]],
    [1, 29, [0.0061, 0.1718]],
  ] as const)('%i/%i', (x, n, ci) => near(wilson(x, n), [ci[0], ci[1]], 4));

  test('z is the two-sided 95 % normal quantile', () => expect(Z95).toBeCloseTo(1.96, 2));
  test('no observations: no interval', () => expect(wilson(0, 0)).toBeNull());
  test('one observation: wide, inside [0, 1]', () => {
    near(wilson(1, 1), [0.2065, 1], 4);
    near(wilson(0, 1), [0, 0.7935], 4);
  });
  test('all or none: the bound at the edge is exactly 0 or 1 (clipped, never past it)', () => {
    expect(wilson(50, 50)![1]).toBe(1);
    expect(wilson(0, 50)![0]).toBe(0);
  });
});

describe('adjusted-Wald NPS interval (Rocks 2016)', () => {
  test.each([
    // promoters, passives, detractors → [low, high] in points
    [14, 12, 10, [-14.9164, 35.4292]],
    [50, 30, 20, [14.0511, 44.2013]],
    [1, 0, 0, [-48.4986, 98.4986]],
    [0, 0, 1, [-98.4986, 48.4986]],
  ] as const)('%i promoters, %i passives, %i detractors', (p, a, d, ci) => {
    const got = npsInterval(p, a, d)!;
    near([got[0] * 100, got[1] * 100], [ci[0], ci[1]], 3);
  });

  test('no answers: no interval', () => expect(npsInterval(0, 0, 0)).toBeNull());

  test('clipped to the scale: 9 of 10 promoters would reach 100.2, 1000 promoters 100.1', () => {
    expect(npsInterval(9, 0, 1)![1]).toBe(1);
    expect(npsInterval(9, 0, 1)![0] * 100).toBeCloseTo(22.8736, 3);
    const all = npsInterval(1000, 0, 0)!;
    expect(all[1]).toBe(1);
    expect(all[0] * 100).toBeCloseTo(99.2868, 3);
    expect(npsInterval(0, 0, 1000)![0]).toBe(-1);
  });
});

describe('scoreFigures: today’s fields plus ci (one decimal) and few', () => {
  test('a worked example', () => {
    // CSAT 4–5: 81 of 263 (Newcombe's example) → 30.8 %, 95 % interval 25.5–36.6.
    const csat = { 1: 100, 2: 50, 3: 32, 4: 41, 5: 40 };
    const nps = { 10: 14, 7: 12, 3: 10 };
    const f = scoreFigures({ responses: 300, csat, nps });
    expect(f.responses).toBe(300);
    expect(f.csat).toMatchObject({ answers: 263, score: 30.8, ci: [25.5, 36.6], few: false });
    expect(f.nps).toMatchObject({ answers: 36, score: 11.1, promoters: 14, passives: 12, detractors: 10, ci: [-14.9, 35.4], few: false });
    expect(f.csat.counts).toEqual({ 1: 100, 2: 50, 3: 32, 4: 41, 5: 40 });
  });

  test('empty: null scores, null intervals, few', () => {
    const f = scoreFigures({ responses: 0, csat: {}, nps: {} });
    expect(f.csat).toMatchObject({ answers: 0, score: null, mean: null, ci: null, few: true });
    expect(f.nps).toMatchObject({ answers: 0, score: null, ci: null, few: true });
  });

  test('one answer: a figure, a wide interval, few', () => {
    const f = scoreFigures({ responses: 1, csat: { 5: 1 }, nps: { 10: 1 } });
    expect(f.csat).toMatchObject({ answers: 1, score: 100, ci: [20.7, 100], few: true });
    expect(f.nps).toMatchObject({ answers: 1, score: 100, ci: [-48.5, 98.5], few: true });
  });

  test(`few below ${FEW} answers, not at ${FEW}`, () => {
    expect(scoreFigures({ responses: FEW - 1, csat: { 5: FEW - 1 }, nps: {} }).csat.few).toBe(true);
    expect(scoreFigures({ responses: FEW, csat: { 5: FEW }, nps: {} }).csat.few).toBe(false);
  });
});

test('displayFigures: the response rate with its Wilson interval', () => {
  expect(displayFigures({ total: 263, answered: 81, dismissed: 150, expired: 32, later: 10 })).toEqual({
    total: 263, answered: 81, dismissed: 150, expired: 32, later: 10, responseRate: 30.8, ci: [25.5, 36.6], few: false,
  });
  expect(displayFigures({ total: 0, answered: 0, dismissed: 0, expired: 0, later: 0 })).toMatchObject({ responseRate: null, ci: null, few: true });
});
