// Figures from counts equal figures from rows on a real PostgreSQL server: the property of
// tests/support/counts-suite.ts, as on SQLite (tests/unit/counts.test.ts). Then what only PostgreSQL
// has: transactions side by side (READ COMMITTED), an erasure or a purge beside a batch or another
// erasure touching the same answers; the counts must lose exactly the rows deleted, whichever commits first.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eraseSubject, purge } from '../../src/store/erase.ts';
import { migrate, openDb, type OpenedDb } from '../../src/store/open.ts';
import { storeBatch } from '../../src/store/store.ts';
import { checkTables, countsProperty, displayRow, reset, responseRow, type Answer, type Shown } from '../support/counts-suite.ts';
import { freshDatabase } from './db.ts';

const DAY = 86_400_000;

let opened: OpenedDb;
beforeAll(async () => {
  opened = openDb(await freshDatabase('counts'));
  await migrate(opened.db);
});
afterAll(() => opened?.db.destroy());

test('random writes, revisions, erasures and purges: every summary from counts equals the summary from rows', async () => {
  const seen = await countsProperty(opened.db, { seed: 28, numRuns: 120 });
  expect(seen.plainOnRows, 'reads with dates only that took the rows').toEqual([]);
  expect(seen.aggregates, `reads from aggregates, of ${seen.compared}`).toBeGreaterThan(seen.compared / 3);
}, 180_000);

/** A few milliseconds, so the two transactions overlap at different points. */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const one: Answer = { k: 0, revision: 1, at: Date.parse('2026-03-10T10:20:00.000Z'), csat: 4, nps: 9, meta: { store: 'A' }, reasons: ['speed'], channel: null, complete: true, comment: null };
const seen: Shown = { k: 0, outcome: 'answered', later: false, at: Date.parse('2026-03-10T10:19:00.000Z'), minutes: 1, channel: null };

test('an erasure beside a batch for the same customer: the counts lose exactly what the erasure deleted', async () => {
  const db = opened.db;
  for (let i = 0; i < 40; i++) {
    await reset(db);
    if (i % 2) await storeBatch(db, [responseRow(one)], [displayRow(seen)]);
    const revised = { ...one, revision: 2, at: one.at + (i + 1) * 3_600_000 };
    await Promise.all([
      storeBatch(db, [responseRow(revised), responseRow({ ...one, k: 4, revision: 1 })], [displayRow({ ...seen, k: 4 })]),
      pause(i % 8).then(() => db.transaction().execute((trx) => eraseSubject(trx, { customerId: 'c-0' }))),
    ]);
    await checkTables(db);
  }
});

test('two erasures at once that both cover an answer (its customer, its delivery): it leaves the counts once', async () => {
  const db = opened.db;
  for (let i = 0; i < 40; i++) {
    await reset(db);
    await storeBatch(db, [responseRow(one)], [displayRow(seen)]);
    await Promise.all([
      db.transaction().execute((trx) => eraseSubject(trx, { customerId: 'c-0' })),
      pause(i % 4).then(() => db.transaction().execute((trx) => eraseSubject(trx, { deliveryId: 'd-0' }))),
    ]);
    await checkTables(db);
  }
});

test('a purge beside a revision moving the answer past the cut: the counts lose exactly what the purge deleted', async () => {
  const db = opened.db;
  const cut = one.at + 30 * 60_000;
  for (let i = 0; i < 40; i++) {
    await reset(db);
    await storeBatch(db, [responseRow(one)], []);
    await Promise.all([
      storeBatch(db, [responseRow({ ...one, revision: 2, at: cut + 3_600_000 })], []),
      pause(i % 8).then(() => purge(db, { now: cut + DAY, retentionDays: 1, auditDays: 3650 })),
    ]);
    await checkTables(db);
  }
});
