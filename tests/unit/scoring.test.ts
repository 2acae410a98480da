import { expect, test } from 'vitest';
import { summarize } from '../../src/scoring.ts';

test('CSAT is the share of 4 and 5; mean and counts per score', () => {
  const s = summarize([{ csat: 5 }, { csat: 4 }, { csat: 2 }, { csat: 1, nps: null }]);
  expect(s.responses).toBe(4);
  expect(s.csat).toEqual({ answers: 4, score: 50, mean: 3, counts: { 1: 1, 2: 1, 3: 0, 4: 1, 5: 1 } });
  expect(s.nps.score).toBeNull();
});

test('NPS is % promoters (9–10) minus % detractors (0–6)', () => {
  const rows = [10, 9, 9, 8, 7, 6, 0].map((nps) => ({ nps }));
  const s = summarize(rows);
  expect(s.nps.promoters).toBe(3);
  expect(s.nps.passives).toBe(2);
  expect(s.nps.detractors).toBe(2);
  expect(s.nps.score).toBe(14.3); // (3 - 2) / 7
  expect(s.nps.counts[0]).toBe(1);
  expect(s.nps.counts[10]).toBe(1);
});

test('no answers gives null scores, never a misleading 0', () => {
  const s = summarize([]);
  expect(s.csat.score).toBeNull();
  expect(s.csat.mean).toBeNull();
  expect(s.nps.score).toBeNull();
});

test('all detractors is -100, all promoters 100', () => {
  expect(summarize([{ nps: 0 }, { nps: 6 }]).nps.score).toBe(-100);
  expect(summarize([{ nps: 9 }, { nps: 10 }]).nps.score).toBe(100);
});
