// Figures from counts equal figures from rows on embedded SQLite (the same property runs on PostgreSQL
// in tests/postgres/counts.test.ts; tests/support/counts-suite.ts says what it draws).
import { afterAll, beforeAll, expect, test } from 'vitest';
import { migrate, openDb } from '../../src/store/open.ts';
import { countsProperty } from '../support/counts-suite.ts';

const opened = openDb(':memory:');
beforeAll(() => migrate(opened.db));
afterAll(() => opened.db.destroy());

test('random writes, revisions, erasures and purges: every summary from counts equals the summary from rows', async () => {
  const seen = await countsProperty(opened.db, { seed: 28, numRuns: 500 });
  expect(seen.plainOnRows, 'reads with dates only that took the rows').toEqual([]);
  expect(seen.aggregates, `reads from aggregates, of ${seen.compared}`).toBeGreaterThan(seen.compared / 3);
}, 120_000);
