// The themes' pure statistics (read/term-tests.ts) and the term filter's normalisation
// (read/term-filter.ts), against values worked out by hand and against store/terms.ts itself.
import { describe, expect, test } from 'vitest';
import { normTerm } from '../../src/read/term-filter.ts';
import { falseDiscovery, logOddsZ } from '../../src/read/term-tests.ts';
import { termsOf } from '../../src/store/terms.ts';

describe('logOddsZ', () => {
  test('Monroe et al. eq. 22, by hand', () => {
    // 6 of 10 unhappy and 1 of 10 happy comments name the term; 7 of all 25; α0 = 25, α = 7:
    // δ = ln(13/22) − ln(8/27) = 0.690302; σ² = 1/13 + 1/8 = 0.201923; z = 1.536195.
    const r = logOddsZ(6, 10, 1, 10, 7, 25)!;
    expect(r.delta).toBeCloseTo(0.690302, 6);
    expect(r.variance).toBeCloseTo(0.201923, 6);
    expect(r.z).toBeCloseTo(1.536195, 6);
    // Symmetric: the sides swapped, the sign turns.
    expect(logOddsZ(1, 10, 6, 10, 7, 25)!.z).toBeCloseTo(-1.536195, 6);
    // Equal shares on both sides: 0.
    expect(logOddsZ(3, 10, 3, 10, 6, 20)!.z).toBe(0);
  });

  test('null when the odds of a side are undefined, or without a prior', () => {
    // The term in every comment: nothing left that does not name it.
    expect(logOddsZ(10, 10, 10, 10, 20, 20)).toBeNull();
    expect(logOddsZ(1, 10, 1, 10, 0, 20)).toBeNull();
  });
});

test('falseDiscovery: Benjamini–Hochberg q-values in the input order', () => {
  // Sorted p: 0.01, 0.03, 0.04, 0.2 (m = 4): p·m/rank = 0.04, 0.06, 0.0533, 0.2; each the least of itself and those after.
  const q = falseDiscovery([0.01, 0.04, 0.03, 0.2]);
  expect(q.map((x) => Math.round(x * 10_000) / 10_000)).toEqual([0.04, 0.0533, 0.0533, 0.2]);
  expect(falseDiscovery([])).toEqual([]);
  expect(falseDiscovery([0.5])).toEqual([0.5]);
});

test('normTerm writes a term as termsOf does', () => {
  expect(normTerm('  ＬＡＴＥ   Again ')).toBe('late again');
  expect(normTerm('Don\u2019t')).toBe("don't");
  const comments: Array<[string, string]> = [['The LATE delivery, again!', 'en'], ['Ｆｕｌｌ-width ＴＥＸＴ and the technician’s van', 'en'], ['送货太慢了，师傅很细心', 'zh-CN'], ['Der Techniker war sehr freundlich', 'de']];
  for (const [c, locale] of comments) for (const t of termsOf(c, locale)) expect(normTerm(t)).toBe(t);
});
