// The loader's fast path (widget/quick-flush.ts): sends waiting answers, then ended displays, without
// the SDK, only in the plain case; everything else is handed back (false) with the records untouched.
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { idbKv } from '../../src/store.ts';
import type { DisplayRecord, OutboxEntry } from '../../src/types.ts';
import { quickFlush } from '../../widget/quick-flush.ts';
import { answerMany, collector, collectorState, ENDPOINT, ok, sdk, server } from './helpers.ts';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  delete (navigator as { locks?: unknown }).locks;
});
afterAll(() => server.close());

/** A Web Locks stand-in: one holder per name, `ifAvailable` gets null when taken. */
function fakeLocks(taken = new Set<string>()) {
  (navigator as unknown as { locks: unknown }).locks = {
    async request(name: string, _o: unknown, fn: (lock: unknown) => unknown) {
      if (taken.has(name)) return fn(null);
      taken.add(name);
      try {
        return await fn({ name });
      } finally {
        taken.delete(name);
      }
    },
  };
  return taken;
}

async function waiting(count: number) {
  const dbName = `qf-${Math.random()}`;
  const { a, clock } = sdk({ dbName });
  const rs = await answerMany(a, count);
  return { a, clock, dbName, rs, pending: async () => (await idbKv(dbName).list<OutboxEntry>('o:')).length };
}

test('without Web Locks it hands over at once and sends nothing', async () => {
  const w = await waiting(2);
  const state = collector(ok(collectorState()));
  expect(await quickFlush(w.dbName, ENDPOINT, 'l')).toBe(false);
  expect(state.requests).toHaveLength(0);
  expect(await w.pending()).toBe(2);
});

test('sends everything in order, 100 per request, and empties the outbox', async () => {
  fakeLocks();
  const w = await waiting(150);
  const state = collector((rs) => {
    state.keep(rs);
    return HttpResponse.json({ accepted: rs.length, rejected: [] });
  });
  expect(await quickFlush(w.dbName, ENDPOINT, 'l')).toBe(true);
  expect(state.requests.map((r) => r.length)).toEqual([100, 50]);
  expect(state.requests.flat().map((r) => r.id)).toEqual(w.rs.map((r) => r.id));
  expect(state.rows.size).toBe(150);
  expect(await w.pending()).toBe(0);
});

test('a lock held by another tab, a 503, a network error or a rejected record: false, outbox untouched', async () => {
  const w = await waiting(3);
  const taken = fakeLocks(new Set(['l']));
  const state = collector(() => new HttpResponse(null, { status: 503 }));
  expect(await quickFlush(w.dbName, ENDPOINT, 'l')).toBe(false);
  expect(state.requests).toHaveLength(0);
  taken.clear();
  expect(await quickFlush(w.dbName, ENDPOINT, 'l')).toBe(false);
  expect(state.requests).toHaveLength(1);
  server.use(http.post(ENDPOINT, () => HttpResponse.error()));
  expect(await quickFlush(w.dbName, ENDPOINT, 'l')).toBe(false);
  server.use(http.post(ENDPOINT, ({ request }) => request.json().then((b) => HttpResponse.json({ rejected: [{ id: (b as { responses: Array<{ id: string }> }).responses[1]!.id, error: 'csat: bad' }] }))));
  expect(await quickFlush(w.dbName, ENDPOINT, 'l')).toBe(false);
  expect(await w.pending()).toBe(3);
});

test('records in backoff are left to the SDK: no request', async () => {
  fakeLocks();
  const w = await waiting(1);
  // A failed attempt from a clock a day ahead: nextAt is in the future for the loader.
  w.clock.now = Date.now() + 86_400_000;
  collector(() => new HttpResponse(null, { status: 503 }));
  await w.a.flush();
  const state = collector(ok(collectorState()));
  expect(await quickFlush(w.dbName, ENDPOINT, 'l')).toBe(false);
  expect(state.requests).toHaveLength(0);
  expect(await w.pending()).toBe(1);
});

test('a newer revision written while the request was in flight stays queued', async () => {
  fakeLocks();
  const w = await waiting(1);
  let n = 0;
  const state = collector(async (rs) => {
    if (++n === 1) await w.a.answer({ deliveryId: rs[0]!.deliveryId, comment: 'later thought' });
    state.keep(rs);
    return HttpResponse.json({ accepted: rs.length, rejected: [] });
  });
  expect(await quickFlush(w.dbName, ENDPOINT, 'l')).toBe(true);
  // The second round sent the new revision; nothing is lost, nothing left.
  expect(state.requests.map((r) => r.map((x) => x.revision))).toEqual([[1], [2]]);
  expect(await w.pending()).toBe(0);
});

describe('ended displays', () => {
  /** d-0 answered, d-1 dismissed (both ended), d-2 still on screen (open). */
  async function shown() {
    const dbName = `qfd-${Math.random()}`;
    const { a } = sdk({ dbName });
    for (const id of ['d-0', 'd-1', 'd-2']) {
      await a.recordDelivery({ id, deliveredAt: new Date(Date.now() - 4 * 86_400_000).toISOString() });
      await a.markShown(id);
    }
    await a.answer({ deliveryId: 'd-0', csat: 5 });
    await a.dismiss('d-1');
    const displays = async () => (await idbKv(dbName).list<DisplayRecord>('s:')).map(([, r]) => [r.display.deliveryId, r.display.outcome ?? 'open']);
    return { a, dbName, displays };
  }

  test('go after the answers, in one request, and are forgotten; an open display stays', async () => {
    fakeLocks();
    const s = await shown();
    const state = collector(ok(collectorState()));
    expect(await quickFlush(s.dbName, ENDPOINT, 'l')).toBe(true);
    expect(state.log).toEqual(['responses', 'displays']);
    expect(state.displayRequests[0]!.map((x) => [x.deliveryId, x.outcome]).sort()).toEqual([
      ['d-0', 'answered'],
      ['d-1', 'dismissed'],
    ]);
    expect(await s.displays()).toEqual([['d-2', 'open']]);
  });

  test('a failed or refused displays request: false, nothing forgotten', async () => {
    fakeLocks();
    const s = await shown();
    collector(ok(collectorState()), () => new HttpResponse(null, { status: 503 }));
    expect(await quickFlush(s.dbName, ENDPOINT, 'l')).toBe(false);
    collector(ok(collectorState()), (ds) => HttpResponse.json({ rejected: [{ id: ds[0]!.id, error: 'outcome: bad' }] }));
    expect(await quickFlush(s.dbName, ENDPOINT, 'l')).toBe(false);
    expect((await s.displays()).sort()).toEqual([
      ['d-0', 'answered'],
      ['d-1', 'dismissed'],
      ['d-2', 'open'],
    ]);
  });

  test('a display that ended better while the request was in flight stays for the next send', async () => {
    fakeLocks();
    const s = await shown();
    collector(ok(collectorState()), async (ds) => {
      // Another tab still showing d-1 took an answer for it meanwhile: the record moves up to answered.
      const key = `s:${ds.find((x) => x.deliveryId === 'd-1')!.id}`;
      await idbKv(s.dbName).mutate([key], ([r]) => {
        const rec = r as DisplayRecord;
        return { writes: { put: [[key, { ...rec, display: { ...rec.display, outcome: 'answered' } }]] }, result: undefined };
      });
      return HttpResponse.json({ accepted: ds.length, rejected: [] });
    });
    expect(await quickFlush(s.dbName, ENDPOINT, 'l')).toBe(true);
    expect((await s.displays()).sort()).toEqual([
      ['d-1', 'answered'],
      ['d-2', 'open'],
    ]);
  });
});
