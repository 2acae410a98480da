// Random batches, valid and invalid, to a collector on SQLite and one on PostgreSQL side by side
// (fast-check): mixed records, odd Unicode (lone surrogates, NUL), extreme numbers and dates. Never a
// 500; every record is either accepted or rejected; both stores answer alike; and what is read back
// is what was accepted. A fixed seed: the same cases every run, so a failure reproduces.
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { wellFormed } from '../../src/ingest/ingest.ts';
import { startCollector, type Running } from '../support/harness.ts';
import { freshDatabase } from './db.ts';

const NOW = Date.parse('2026-12-01T12:00:00.000Z');
let sqlite: Running;
let postgres: Running;
beforeAll(async () => {
  sqlite = await startCollector({ now: () => NOW, rateLimit: 1_000_000 });
  postgres = await startCollector({ db: await freshDatabase('property'), now: () => NOW, rateLimit: 1_000_000 });
});
afterAll(async () => {
  await sqlite?.close();
  await postgres?.close();
});

const IDS = Array.from({ length: 40 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
const odd = fc.string({ unit: 'binary', maxLength: 12 });
const pick = <T>(...xs: T[]) => fc.constantFrom(...xs);
/** A field's wrong values, of any type. */
const wrong = (...xs: unknown[]) => fc.constantFrom(...xs);
const time = fc.oneof(
  { weight: 30, arbitrary: pick('2026-11-25T10:00:00Z', '2026-11-28T08:30:00+08:00', '2026-12-01T12:04:59.999Z') },
  { weight: 2, arbitrary: fc.date({ min: new Date(-1e14), max: new Date(3e14), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: pick('1970-01-01T00:00:00Z', '0000-01-01T00:00:00Z', '9999-12-31T23:00:00-02:00', '2026-12-01T12:05:01Z', 'yesterday', '') },
);
const count = (low: number) => fc.oneof({ weight: 16, arbitrary: fc.integer({ min: low, max: 4 }) }, { weight: 1, arbitrary: pick(low - 1, 2 ** 31, 2 ** 31 - 1, 1e15, 1.5, -0, 1e308) });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
const delivery = fc.oneof({ weight: 6, arbitrary: pick('d-1', 'd-2', 'd-3', '配送-4') }, { weight: 1, arbitrary: odd });
const meta = fc.dictionary(fc.oneof(pick('store', 'tech', 'sku'), odd), fc.oneof(odd, fc.double(), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 22 });

const anyResponse = fc.record(
  {
    id: fc.oneof({ weight: 40, arbitrary: fc.constantFrom(...IDS) }, { weight: 1, arbitrary: wrong('not-a-uuid', 5) }),
    revision: count(1),
    deliveryId: delivery,
    deliveredAt: time,
    answeredAt: time,
    csat: maybe(fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: wrong(0, 6, '4') })),
    nps: maybe(fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 0, max: 10 }) }, { weight: 1, arbitrary: pick(-1, 11, 1e15) })),
    comment: maybe(fc.oneof(odd, fc.string({ maxLength: 40 }))),
    reasons: maybe(fc.array(pick('speed', 'staff', 'solved', '', 'x'.repeat(41)), { maxLength: 11 })),
    complete: fc.oneof({ weight: 9, arbitrary: fc.boolean() }, { weight: 1, arbitrary: pick('yes') }),
    locale: fc.oneof({ weight: 9, arbitrary: pick('en', 'zh-CN') }, { weight: 1, arbitrary: pick('') }),
    meta: maybe(meta),
    wave: maybe(count(0)),
  },
  { requiredKeys: ['id', 'revision', 'deliveryId', 'deliveredAt', 'answeredAt', 'complete', 'locale'] },
);
/**
 * Mostly each id keeps its own delivery (id k answers delivery d-k, as a widget would), so revisions
 * are stored; sometimes another delivery or another id for a delivery, which must be refused.
 */
const responseRecord = fc
  .tuple(anyResponse, fc.nat({ max: IDS.length - 1 }), fc.nat({ max: 9 }))
  .map(([r, k, dice]) => (dice < 7 && typeof r.id === 'string' && IDS.includes(r.id) ? { ...r, id: IDS[k]!, deliveryId: `d-${k % 30}` } : r));

const displayRecord = fc.record({
  id: fc.constantFrom(...IDS.map((id) => id.replace('-8000-', '-9000-'))),
  deliveryId: delivery,
  shownAt: time,
  endedAt: time,
  outcome: pick('answered', 'dismissed', 'expired', 'gone'),
  locale: pick('en', 'ko'),
  wave: maybe(count(0)),
});
const batch = fc.record({ responses: fc.array(responseRecord, { maxLength: 8 }), displays: fc.array(displayRecord, { maxLength: 4 }) });

/** Each store's responses and displays as read back, without the times of receipt (they differ by store). */
async function stored(k: Running) {
  const strip = <T extends { receivedAt: unknown; updatedAt: unknown }>({ receivedAt: _, updatedAt: __, ...rest }: T) => rest;
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
  return { responses: (await k.rows()).map(strip).sort(byId), displays: (await k.displays()).map(strip).sort(byId) };
}

test('random batches to SQLite and PostgreSQL: never a 500, every record accounted for, both stores alike, what is stored is what was accepted', async () => {
  let sent = 0;
  let refusedRecords = 0;
  const statuses: Record<number, number> = {};
  // What must be stored: per id, the accepted record of the highest revision (the first of a batch on a tie).
  const model = new Map<string, (typeof anyResponse extends fc.Arbitrary<infer R> ? R : never)>();
  await fc.assert(
    fc.asyncProperty(batch, async (generated) => {
      const body = JSON.stringify(generated);
      // What the collector receives (JSON has no -0, NaN or undefined).
      const b = JSON.parse(body) as typeof generated;
      const [a, p] = await Promise.all([sqlite.post(body), postgres.post(body)]);
      const [ja, jp] = [await a.json(), await p.json()];
      expect(a.status).not.toBe(500);
      statuses[a.status] = (statuses[a.status] ?? 0) + 1;
      expect([p.status, jp]).toEqual([a.status, ja]);
      if (a.status !== 200) return;
      sent += b.responses.length + b.displays.length;
      expect(ja.accepted + ja.rejected.length).toBe(b.responses.length + b.displays.length);
      refusedRecords += ja.rejected.length;
      const now = await stored(sqlite);
      expect(await stored(postgres)).toEqual(now);
      const refused = new Set(ja.rejected.map((r: { error: string }) => r.error.split(':')[0]!.split('.').slice(0, 2).join('.')));
      const best = new Map<string, (typeof b.responses)[number]>();
      for (const [i, r] of b.responses.entries()) {
        if (refused.has(`responses.${i}`)) continue;
        // Accepted, so its id is a UUID (a string).
        const had = best.get(r.id as string);
        if (!had || r.revision > had.revision) best.set(r.id as string, r);
      }
      for (const [id, r] of best) {
        const had = model.get(id);
        if (!had || r.revision > had.revision) model.set(id, r);
      }
      // Read back: exactly the model, lone surrogates made U+FFFD.
      expect(now.responses.map((x) => x.id).sort()).toEqual([...model.keys()].sort());
      for (const row of now.responses) {
        const r = model.get(row.id)!;
        expect(row).toMatchObject({
          deliveryId: wellFormed(r.deliveryId), revision: r.revision, wave: r.wave ?? 0, csat: r.csat ?? null, nps: r.nps ?? null,
          comment: r.comment === undefined ? null : wellFormed(r.comment), meta: r.meta === undefined ? null : JSON.parse(JSON.stringify(wellFormed(r.meta))),
        });
      }
      for (const [i, d] of b.displays.entries()) {
        if (refused.has(`displays.${i}`)) continue;
        expect(now.displays.find((x) => x.id === d.id)?.deliveryId, `displays.${i} was accepted`).toBe(wellFormed(d.deliveryId));
      }
    }),
    { seed: 20261207, numRuns: 300 },
  );
  // The cases were varied: batches answered 200 and 400, records stored and refused.
  console.log(`[property] statuses ${JSON.stringify(statuses)}, records in 200 batches ${sent}, refused ${refusedRecords}, ids stored ${model.size}`);
  expect(statuses[200]).toBeGreaterThan(100);
  expect(statuses[400]).toBeGreaterThan(10);
  expect(refusedRecords).toBeGreaterThan(100);
  expect(sent - refusedRecords).toBeGreaterThan(100);
  expect(model.size).toBeGreaterThanOrEqual(5);
}, 300_000);
