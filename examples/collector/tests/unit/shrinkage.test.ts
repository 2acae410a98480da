// The fair ranking (read/shrinkage.ts), against figures worked by hand from the formula, not with this code.
import { describe, expect, test } from 'vitest';
import { FALLBACK_STRENGTH, fitBetaPrior, rank, shrink, type Tally } from '../../src/read/shrinkage.ts';

// A team of five, with 3, 12, 40, 80 and 150 CSAT answers (x: the 4–5 answers among them).
//
//   id     x/n       p = x/n   p − m                       (p − m)²
//   ana    3/3       1         5/19       =  0.263158      0.069252
//   ben    10/12     0.833333  11/114     =  0.096491      0.009311
//   cem    20/40     0.5       −9/38      = −0.236842      0.056094
//   dana   72/80     0.9       31/190     =  0.163158      0.026620
//   eli    105/150   0.7       −7/190     = −0.036842      0.001357
//
//   m        = Σx / Σn = 210 / 285 = 14/19 = 0.736842;   m(1 − m) = 14/19 · 5/19 = 70/361 = 0.193906
//   var(p)   = (0.069252 + 0.009311 + 0.056094 + 0.026620 + 0.001357) / 5 = 0.162635 / 5 = 0.032527
//   mean(1/n)= (1/3 + 1/12 + 1/40 + 1/80 + 1/150) / 5 = (553/1200) / 5 = 553/6000 = 0.092167
//   noise    = m(1 − m) · mean(1/n) = 0.193906 · 0.092167 = 0.017872
//   v        = 0.032527 − 0.017872 = 0.014655   (> 0: a real spread between people)
//   α + β    = m(1 − m)/v − 1 = 0.193906 / 0.014655 − 1 = 13.2311 − 1 = 12.2311   (inside [2, 1000])
//   α        = 14/19 · 12.2311 = 9.0124;    β = 5/19 · 12.2311 = 3.2187
//
//   estimate = (x + α) / (n + α + β):
//   ana    (3 + 9.0124)   / (3 + 12.2311)   = 12.0124 / 15.2311   = 0.7887
//   ben    (10 + 9.0124)  / (12 + 12.2311)  = 19.0124 / 24.2311   = 0.7846
//   cem    (20 + 9.0124)  / (40 + 12.2311)  = 29.0124 / 52.2311   = 0.5555
//   dana   (72 + 9.0124)  / (80 + 12.2311)  = 81.0124 / 92.2311   = 0.8784
//   eli    (105 + 9.0124) / (150 + 12.2311) = 114.0124 / 162.2311 = 0.7028
//
//   order: dana 0.8784, ana 0.7887, ben 0.7846, eli 0.7028, cem 0.5555. By raw share ana (100 %) would
//   lead dana (90 %); shrunk, 3 answers are not enough to beat 72 of 80.
const team: Tally[] = [
  { id: 'ana', x: 3, n: 3 },
  { id: 'ben', x: 10, n: 12 },
  { id: 'cem', x: 20, n: 40 },
  { id: 'dana', x: 72, n: 80 },
  { id: 'eli', x: 105, n: 150 },
];

describe('fitBetaPrior: method of moments with the binomial correction', () => {
  test('the worked team: α + β = 12.2311, α = 9.0124, β = 3.2187, centred on m = 14/19', () => {
    const p = fitBetaPrior(team);
    expect(p.method).toBe('moments');
    expect(p.alpha + p.beta).toBeCloseTo(12.2311, 4);
    expect(p.alpha).toBeCloseTo(9.0124, 4);
    expect(p.beta).toBeCloseTo(3.2187, 4);
    expect(p.alpha / (p.alpha + p.beta)).toBeCloseTo(14 / 19, 10);
  });

  test('all shares equal (4/5, 8/10, 16/20, 40/50 = 0.8): no spread, the weak fallback α + β = 10 at 0.8', () => {
    // var(p) = 0, so v = 0 − 0.16 · mean(1/n) < 0: α = 0.8 · 10 = 8, β = 0.2 · 10 = 2.
    const p = fitBetaPrior([{ id: 'a', x: 4, n: 5 }, { id: 'b', x: 8, n: 10 }, { id: 'c', x: 16, n: 20 }, { id: 'd', x: 40, n: 50 }]);
    expect(p).toEqual({ alpha: expect.closeTo(8, 10), beta: expect.closeTo(2, 10), method: 'fallback' });
    expect(FALLBACK_STRENGTH).toBe(10);
  });

  test('shares that differ no more than chance would: also the fallback (3/3, 10/12, 30/40, 68/80, 120/150)', () => {
    // m = 231/285 = 77/95 = 0.810526; (p − m)²: 0.035900, 0.000520, 0.003663, 0.001558, 0.000111;
    // var(p) = 0.041752 / 5 = 0.008351; noise = 0.153573 · 0.092167 = 0.014154; v = −0.005804 <= 0.
    // α = 0.810526 · 10 = 8.1053, β = 1.8947.
    const p = fitBetaPrior([{ id: 'a', x: 3, n: 3 }, { id: 'b', x: 10, n: 12 }, { id: 'c', x: 30, n: 40 }, { id: 'd', x: 68, n: 80 }, { id: 'e', x: 120, n: 150 }]);
    expect(p.method).toBe('fallback');
    expect(p.alpha).toBeCloseTo(8.1053, 4);
    expect(p.beta).toBeCloseTo(1.8947, 4);
  });

  test('a huge spread is clamped to α + β >= 2; people without answers are left out; one person or none: fallback', () => {
    // 0/50 and 50/50: m = ½, var(p) = ¼, noise = ¼ · (1/50) = 0.005, v = 0.245, α + β = 0.25/0.245 − 1 = 0.0204 → 2.
    const wide = fitBetaPrior([{ id: 'a', x: 0, n: 50 }, { id: 'b', x: 50, n: 50 }, { id: 'c', x: 0, n: 0 }]);
    expect(wide).toEqual({ alpha: 1, beta: 1, method: 'moments' });
    expect(fitBetaPrior([{ id: 'a', x: 7, n: 10 }])).toEqual({ alpha: expect.closeTo(7, 10), beta: expect.closeTo(3, 10), method: 'fallback' });
    expect(fitBetaPrior([])).toEqual({ alpha: 5, beta: 5, method: 'fallback' });
  });

  test('a tally that cannot be is refused by name', () => {
    expect(() => fitBetaPrior([{ id: 'zoe', x: 5, n: 4 }])).toThrow('tally "zoe": expected 0 <= x <= n; got x=5, n=4');
    expect(() => fitBetaPrior([{ id: 'zoe', x: -1, n: 4 }])).toThrow('tally "zoe": expected 0 <= x <= n; got x=-1, n=4');
  });
});

test('shrink: (x + α) / (n + α + β)', () => {
  expect(shrink({ id: 'a', x: 3, n: 3 }, { alpha: 8, beta: 2 })).toBeCloseTo(11 / 13, 12);
  expect(shrink({ id: 'a', x: 0, n: 0 }, { alpha: 8, beta: 2 })).toBeCloseTo(0.8, 12);
});

describe('rank', () => {
  test('the worked team: dana, ana, ben, eli, cem; the 3/3 person does not rank first', () => {
    const { prior, ranked, few } = rank(team, { minAnswers: 3 });
    expect(prior.method).toBe('moments');
    expect(few).toEqual([]);
    expect(ranked.map((r) => r.id)).toEqual(['dana', 'ana', 'ben', 'eli', 'cem']);
    const by = Object.fromEntries(ranked.map((r) => [r.id, r]));
    expect(by.ana!.estimate).toBeCloseTo(0.7887, 4);
    expect(by.ben!.estimate).toBeCloseTo(0.7846, 4);
    expect(by.cem!.estimate).toBeCloseTo(0.5555, 4);
    expect(by.dana!.estimate).toBeCloseTo(0.8784, 4);
    expect(by.eli!.estimate).toBeCloseTo(0.7028, 4);
    expect(by.ana!.raw).toBe(1);
    expect(by.ben!.raw).toBeCloseTo(10 / 12, 12);
    // By the raw share the order would have been ana, dana, ben, eli, cem.
    expect([...ranked].sort((a, b) => b.raw - a.raw).map((r) => r.id)).toEqual(['ana', 'dana', 'ben', 'eli', 'cem']);
  });

  test('the Wilson 95 % interval of the raw share: 3/3 → 0.4385–1', () => {
    // z = 1.959964, z² = 3.841459. centre = (1 + z²/6) / (1 + z²/3) = 1.640243 / 2.280486 = 0.719250;
    // half = z / 2.280486 · √(z²/36) = 0.859453 · 0.326660 = 0.280750; so 0.438500 to 1 (clipped).
    const ana = rank(team, { minAnswers: 3 }).ranked.find((r) => r.id === 'ana')!;
    expect(ana.ci[0]).toBeCloseTo(0.4385, 4);
    expect(ana.ci[1]).toBe(1);
  });

  test('fewer than minAnswers: listed apart (most answers first), still part of the prior', () => {
    const { prior, ranked, few } = rank(team, { minAnswers: 30 });
    expect(ranked.map((r) => r.id)).toEqual(['dana', 'eli', 'cem']);
    expect(few.map((r) => r.id)).toEqual(['ben', 'ana']);
    expect(prior.alpha).toBeCloseTo(9.0124, 4);
  });

  test('no answers is always "few", even with minAnswers 0; ties by answers, then id', () => {
    const { ranked, few } = rank(
      [{ id: 'b', x: 8, n: 10 }, { id: 'a', x: 8, n: 10 }, { id: 'c', x: 16, n: 20 }, { id: 'z', x: 0, n: 0 }],
      { minAnswers: 0 },
    );
    // All 0.8: the fallback prior at 0.8 leaves every estimate at 0.8 exactly, so only the tie-breaks order them.
    expect(ranked.map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(few.map((r) => r.id)).toEqual(['z']);
    expect(() => rank([], { minAnswers: -1 })).toThrow('minAnswers: expected 0 or more; got -1');
  });
});
