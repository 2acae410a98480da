// Tone (issue 27): the naive Bayes model checked by hand on a tiny table, leave-one-out, the AUC's rank
// formula, and GET /v1/themes/tone on embedded SQLite (tests/support/tone-suite.ts; the same suite runs
// on PostgreSQL in tests/postgres/tone.test.ts).
import { describe, expect, test } from 'vitest';
import { auc, crossValidate, pUnhappy, train, type Doc } from '../../src/read/naive-bayes.ts';
import { startCollector } from '../support/harness.ts';
import { toneSuite } from '../support/tone-suite.ts';

describe('naive Bayes by hand', () => {
  // unhappy: {late, rude}, {late}, {rude}; happy: {tidy}, {tidy, late}. |V| = 3; terms per class 4 and 3.
  const docs: Doc[] = [
    { id: 'u1', terms: ['late', 'rude'], unhappy: true },
    { id: 'u2', terms: ['late'], unhappy: true },
    { id: 'u3', terms: ['rude'], unhappy: true },
    { id: 'h1', terms: ['tidy'], unhappy: false },
    { id: 'h2', terms: ['tidy', 'late'], unhappy: false },
  ];
  const m = train(docs);

  test('the counts', () => {
    expect(m.docs).toEqual([3, 2]);
    expect(m.totals).toEqual([4, 3]);
    expect(Object.fromEntries(m.counts)).toEqual({ late: [2, 1], rude: [2, 0], tidy: [0, 2] });
  });

  test('P(unhappy) with Laplace smoothing', () => {
    // odds = 3/2 · ((2+1)/(4+3)) / ((1+1)/(3+3)) = 27/14
    expect(pUnhappy(m, ['late'])).toBeCloseTo(27 / 41, 12);
    // odds = 3/2 · ((2+1)/7)/((0+1)/6) · ((0+1)/7)/((2+1)/6) = 54/49
    expect(pUnhappy(m, ['rude', 'tidy'])).toBeCloseTo(54 / 103, 12);
    // Unknown terms are left out; a comment with none is not judged.
    expect(pUnhappy(m, ['late', 'washer'])).toBeCloseTo(27 / 41, 12);
    expect(pUnhappy(m, ['washer'])).toBeNull();
  });

  test('a comment the model learnt from is judged without it (leave-one-out)', () => {
    for (const d of docs) {
      const rest = train(docs.filter((x) => x !== d));
      for (const terms of [d.terms, ['late'], ['rude', 'tidy']]) expect(pUnhappy(m, terms, d)).toBeCloseTo(pUnhappy(rest, terms)!, 12);
    }
    // u3 alone named nothing but "rude"; without it, "rude" is still known (u1), so |V| stays 3.
    expect(pUnhappy(m, ['rude'], docs[2])).toBeCloseTo(pUnhappy(train(docs.filter((x) => x.id !== 'u3')), ['rude'])!, 12);
    const lone = train([...docs, { id: 'h3', terms: ['tap'], unhappy: false }]);
    expect(pUnhappy(lone, ['tap'], { id: 'h3', terms: ['tap'], unhappy: false })).toBeNull();
  });

  test('AUC by the rank formula, ties at half', () => {
    expect(auc([{ p: 0.9, unhappy: true }, { p: 0.8, unhappy: false }, { p: 0.7, unhappy: true }, { p: 0.1, unhappy: false }])).toBe(0.75);
    expect(auc([{ p: 0.5, unhappy: true }, { p: 0.5, unhappy: false }])).toBe(0.5);
    expect(auc([{ p: 0.9, unhappy: true }, { p: 0.1, unhappy: true }])).toBeNull();
  });

  test('cross-validation deals each class into every fold', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ id: `d${i}`, terms: [i % 2 ? 'rude' : 'tidy'], unhappy: i % 2 === 1 }));
    const cv = crossValidate(many, 5);
    expect(cv.folds).toHaveLength(5);
    expect(cv.accuracy).toBe(1);
    expect(cv.auc).toBe(1);
  });
});

toneSuite((o) => startCollector(o));
