import { HttpResponse, delay } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Aftercare, AftercareEvents, WireResponse } from '../../sdk/index.ts';
import { takeLease } from '../../src/outbox.ts';
import { idbKv } from '../../src/store.ts';
import { DAY, ROUND_TRIP, T0, answerMany, collector, ok, sdk as makeSdk, server } from './helpers.ts';

/** Every instance a test creates; destroyed again after each test, so a failing assertion leaks no timers. */
const made: Aftercare[] = [];
const sdk: typeof makeSdk = (over) => {
  const x = makeSdk(over);
  made.push(x.a);
  return x;
};

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  for (const a of made.splice(0)) a.destroy();
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

type State = ReturnType<typeof collector>;

/** Every event of one type an instance emits, in order. */
function record<K extends keyof AftercareEvents>(a: Aftercare, type: K): Array<AftercareEvents[K]> {
  const seen: Array<AftercareEvents[K]> = [];
  a.on(type, (d) => seen.push(d));
  return seen;
}

/** How often each response id went over the wire, across all requests. */
function wireCounts(state: State): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of state.requests.flat()) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
  return counts;
}

/** Yields one real macrotask (setImmediate is never faked here, unlike setTimeout in the timer test). */
const tick = () => new Promise<void>((r) => setImmediate(r));

/** Polls `cond` on real macrotasks, without advancing fake timers (unlike vi.waitFor). */
async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await tick();
  }
}

const dbNameFor = (tag: string) => `faults-${tag}-${Math.random()}`;

/** A format-0 outbox record: the bare response, as stored before `v` existed. */
const legacyResponse = (id: string, deliveryId: string): WireResponse => ({
  id,
  revision: 1,
  deliveryId,
  deliveredAt: new Date(T0).toISOString(),
  answeredAt: new Date(T0 + 3 * DAY).toISOString(),
  csat: 4,
  complete: true,
  locale: 'en',
});

const putRaw = (dbName: string, entries: Array<[string, unknown]>) =>
  idbKv(dbName).mutate([], () => ({ writes: { put: entries }, result: undefined }));

describe('network faults', () => {
  test('collector commits, then the connection drops before the reply: resent, one row per id at the highest revision', async () => {
    const { a } = sdk();
    const state = collector((rs, n) => {
      state.keep(rs); // committed on the server…
      return n === 1 ? HttpResponse.error() : HttpResponse.json({ accepted: rs.length, rejected: [] }); // …but the first reply is lost
    });
    const given = await answerMany(a, 3);
    expect(await a.flush()).toEqual({ sent: 0, pending: 3, failed: 0 });
    expect(state.rows.size).toBe(3);
    let box = await a.outbox();
    expect(box.pending.map((e) => e.response.id)).toEqual(given.map((r) => r.id));
    expect(box.pending.every((e) => e.attempts === 1 && e.lastError === 'network error')).toBe(true);

    // The customer amends one answer before the retry: the retry carries the newer revision.
    const amended = await a.answer({ deliveryId: 'order-1', comment: 'driver was kind', complete: true });
    expect(amended).toMatchObject({ id: given[1]!.id, revision: 2 });

    expect(await a.flush()).toEqual({ sent: 3, pending: 0, failed: 0 });
    expect(state.requests).toHaveLength(2);
    expect(state.requests[1]!.map((r) => r.id)).toEqual(given.map((r) => r.id));
    expect([...wireCounts(state).values()]).toEqual([2, 2, 2]);
    expect(state.rows.size).toBe(3);
    expect(state.rows.get(given[0]!.id)).toEqual(given[0]);
    expect(state.rows.get(given[1]!.id)).toEqual(amended);
    expect(state.rows.get(given[2]!.id)).toEqual(given[2]);
    box = await a.outbox();
    expect(box).toEqual({ pending: [], setAside: [], corrupt: [] });
    a.destroy();
  });

  test('fetch rejects while navigator.onLine is true (captive portal): records kept with lastError "network error"', async () => {
    const { a } = sdk();
    expect(navigator.onLine).toBe(true);
    const state = collector(() => HttpResponse.error());
    const retries = record(a, 'retry');
    const given = await answerMany(a, 2);
    expect(await a.flush()).toEqual({ sent: 0, pending: 2, failed: 0 });
    expect(state.requests.map((r) => r.map((x) => x.id))).toEqual([given.map((r) => r.id)]);
    expect(state.rows.size).toBe(0);
    expect(retries).toEqual([{ count: 2, reason: 'network error', delayMs: expect.any(Number) }]);
    const box = await a.outbox();
    expect(box.pending.map((e) => e.response)).toEqual(given);
    expect(box.pending.map((e) => [e.attempts, e.lastError])).toEqual([
      [1, 'network error'],
      [1, 'network error'],
    ]);
    expect(box.setAside).toEqual([]);
    expect(box.corrupt).toEqual([]);
    a.destroy();
  });
});

describe('several tabs on one outbox (IndexedDB lease, no navigator.locks)', () => {
  test('jsdom has no Web Locks, so the lease is what is being tested', () => {
    expect((navigator as Navigator & { locks?: unknown }).locks).toBeUndefined();
  });

  test.each([2, 5])('%i tabs flushing at the same moment send every id exactly once', async (tabs) => {
    const dbName = dbNameFor(`tabs${tabs}`);
    const state = collector(async (rs) => {
      await delay(50);
      return ok(state)(rs);
    });
    const instances = Array.from({ length: tabs }, () => sdk({ dbName }).a);
    const given = await answerMany(instances[0]!, 6);
    const results = await Promise.all(instances.map((a) => a.flush()));

    const counts = wireCounts(state);
    expect([...counts.keys()].sort()).toEqual(given.map((r) => r.id).sort());
    expect([...counts.values()].every((c) => c === 1)).toBe(true);
    expect(state.requests).toHaveLength(1);
    expect(state.rows.size).toBe(6);
    const winners = results.filter((r) => r.sent > 0);
    expect(winners).toEqual([{ sent: 6, pending: 0, failed: 0 }]);
    expect(results.filter((r) => r.sent === 0)).toEqual(Array.from({ length: tabs - 1 }, () => ({ sent: 0, pending: 6, failed: 0 })));
    for (const a of instances) expect(await a.outbox()).toEqual({ pending: [], setAside: [], corrupt: [] });
    for (const a of instances) a.destroy();
  });

  test('a tab that died holding the lease blocks flushing only until the lease expires', async () => {
    const dbName = dbNameFor('dead');
    const state = collector((rs) => ok(state)(rs));
    const { a, clock } = sdk({ dbName });
    const given = await answerMany(a, 2);
    const leasedAt = clock.now;
    expect(await takeLease(idbKv(dbName), 'dead-tab', leasedAt, 30_000)).toBe(true);

    expect(await a.flush()).toEqual({ sent: 0, pending: 2, failed: 0 });
    clock.now = leasedAt + 29_999;
    expect(await a.flush()).toEqual({ sent: 0, pending: 2, failed: 0 });
    expect(state.requests).toHaveLength(0);
    expect((await a.outbox()).pending).toHaveLength(2);

    clock.now = leasedAt + 30_001;
    expect(await a.flush()).toEqual({ sent: 2, pending: 0, failed: 0 });
    expect(state.requests).toHaveLength(1);
    expect([...state.rows.keys()].sort()).toEqual(given.map((r) => r.id).sort());
    expect(await a.outbox()).toEqual({ pending: [], setAside: [], corrupt: [] });
    a.destroy();
  });
});

describe('schema evolution of outbox records', () => {
  test('a format-0 record (bare response, no v) is delivered and leaves the outbox', async () => {
    const dbName = dbNameFor('v0');
    const state = collector((rs) => ok(state)(rs));
    const { a } = sdk({ dbName });
    await a.ready;
    const old = legacyResponse('00000000-0000-4000-8000-000000000001', 'legacy-1');
    await putRaw(dbName, [[`o:${old.id}`, old]]);
    expect((await a.outbox()).pending).toEqual([{ v: 1, response: old, seq: Date.parse(old.answeredAt) * 1000, attempts: 0, nextAt: 0 }]);
    expect(await a.flush()).toEqual({ sent: 1, pending: 0, failed: 0 });
    expect(state.requests).toEqual([[old]]);
    expect(state.rows.get(old.id)).toEqual(old);
    expect(await a.outbox()).toEqual({ pending: [], setAside: [], corrupt: [] });
    a.destroy();
  });

  test('garbage records are quarantined and newer-format ones left in place, each with an error event; valid ones go out in the same flush', async () => {
    const dbName = dbNameFor('garbage');
    const state = collector((rs) => ok(state)(rs));
    const { a } = sdk({ dbName });
    const [fresh] = await answerMany(a, 1);
    const old = legacyResponse('00000000-0000-4000-8000-000000000002', 'legacy-2');
    const bad: Array<[string, unknown]> = [
      ['o:bad-future', { v: 99, response: legacyResponse('00000000-0000-4000-8000-000000000099', 'future'), seq: 1, attempts: 0, nextAt: 0 }],
      ['o:bad-null', null],
      ['o:bad-text', 'text'],
      ['o:bad-empty', { v: 1, response: {} }],
    ];
    await putRaw(dbName, [[`o:${old.id}`, old], ...bad]);
    const errors = record(a, 'error');

    expect(await a.flush()).toEqual({ sent: 2, pending: 0, failed: 0 });
    expect(state.requests).toHaveLength(1);
    expect(state.requests[0]!.map((r) => r.id).sort()).toEqual([old.id, fresh!.id].sort());
    expect(state.rows.size).toBe(2);

    expect(errors).toHaveLength(4);
    expect(errors.map((e) => e.reason).sort()).toEqual(
      [
        'corrupt outbox record o:bad-empty set aside: format 1 record without a readable response',
        'outbox record o:bad-future has format 99, newer than this library (1); left for the newer version to send',
        'corrupt outbox record o:bad-null set aside: unreadable record (null)',
        'corrupt outbox record o:bad-text set aside: unreadable record (string)',
      ].sort(),
    );

    const box = await a.outbox();
    expect(box.pending).toEqual([]);
    expect(box.setAside).toEqual([]);
    const garbage = bad.filter(([k]) => k !== 'o:bad-future');
    expect(box.corrupt.map((c) => c.key).sort()).toEqual(garbage.map(([k]) => k).sort());
    for (const [key, raw] of garbage) expect(box.corrupt.find((c) => c.key === key)?.raw).toEqual(raw);
    // The newer version's record is untouched, still in the outbox for that version.
    expect(await idbKv(dbName).get('o:bad-future')).toEqual(bad[0]![1]);

    // Quarantined records are not read again: a second flush is quiet.
    expect(await a.flush()).toEqual({ sent: 0, pending: 0, failed: 0 });
    expect(errors).toHaveLength(4);
    expect(state.requests).toHaveLength(1);
    a.destroy();
  });
});

describe('outbox bounds', () => {
  test('maxPending: the oldest beyond the bound are set aside (size) with limit and failed events', async () => {
    const { a } = sdk({ limits: { maxPending: 3 } });
    const state = collector(() => new HttpResponse('down', { status: 503 }));
    const limits = record(a, 'limit');
    const failed = record(a, 'failed');
    const given = await answerMany(a, 5);
    expect(await a.flush()).toEqual({ sent: 0, pending: 3, failed: 0 });

    expect(limits).toEqual([{ kind: 'size', count: 2 }]);
    expect(failed.map((x) => [x.response.id, x.reason])).toEqual([
      [given[0]!.id, 'size'],
      [given[1]!.id, 'size'],
    ]);
    expect(state.requests.map((r) => r.map((x) => x.id))).toEqual([given.slice(2).map((r) => r.id)]);
    expect(state.rows.size).toBe(0);
    const box = await a.outbox();
    expect(box.pending.map((e) => e.response.id)).toEqual(given.slice(2).map((r) => r.id));
    expect(box.setAside.map((x) => x.reason)).toEqual(['size', 'size']);
    expect(box.setAside.map((x) => x.response.id).sort()).toEqual(given.slice(0, 2).map((r) => r.id).sort());
    expect(box.setAside[0]!.error).toBe('outbox over 3 responses; oldest set aside');
    expect(box.corrupt).toEqual([]);
    a.destroy();
  });

  test('maxAgeDays: a response not delivered in time is set aside (age)', async () => {
    const { a, clock } = sdk({ limits: { maxAgeDays: 1 } });
    const state = collector(() => new HttpResponse(null, { status: 503 }));
    const limits = record(a, 'limit');
    const failed = record(a, 'failed');
    const given = await answerMany(a, 2);
    expect(await a.flush()).toEqual({ sent: 0, pending: 2, failed: 0 });
    expect(state.requests).toHaveLength(1);

    clock.now += 2 * DAY;
    expect(await a.flush()).toEqual({ sent: 0, pending: 0, failed: 0 });
    expect(limits).toEqual([{ kind: 'age', count: 2 }]);
    expect(failed.map((x) => x.reason)).toEqual(['age', 'age']);
    expect(state.requests).toHaveLength(1); // nothing left to send
    expect(state.rows.size).toBe(0);
    const box = await a.outbox();
    expect(box.pending).toEqual([]);
    expect(box.setAside.map((x) => [x.response.id, x.reason, x.error]).sort()).toEqual(
      given.map((r) => [r.id, 'age', 'not delivered within 1 days']).sort(),
    );
    a.destroy();
  });

  test('setAsideDays: a set-aside record is purged after the period, with a purge limit event', async () => {
    const { a, clock } = sdk({ limits: { setAsideDays: 1 } });
    const state = collector(() => HttpResponse.json({ error: 'nope' }, { status: 400 }));
    const limits = record(a, 'limit');
    const [r] = await answerMany(a, 1);
    expect(await a.flush()).toEqual({ sent: 0, pending: 0, failed: 1 });
    expect((await a.outbox()).setAside.map((x) => [x.response.id, x.reason])).toEqual([[r!.id, 'rejected']]);

    clock.now += DAY - 1;
    await a.flush();
    expect((await a.outbox()).setAside).toHaveLength(1);
    expect(limits).toEqual([]);

    clock.now += DAY + 1;
    expect(await a.flush()).toEqual({ sent: 0, pending: 0, failed: 0 });
    expect(limits).toEqual([{ kind: 'purge', count: 1 }]);
    expect(await a.outbox()).toEqual({ pending: [], setAside: [], corrupt: [] });
    expect(state.requests).toHaveLength(1);
    expect(state.rows.size).toBe(0);
    a.destroy();
  });
});

describe('per-page retry cap', () => {
  test('after maxAutoRetries failed automatic attempts the timer stops; an explicit flush still sends', { timeout: 30_000 }, async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { a, clock } = sdk({ autoSync: true, limits: { maxAutoRetries: 2 } });
      const state = collector(() => new HttpResponse('busy', { status: 503 }));
      const limits = record(a, 'limit');
      const retries = record(a, 'retry');
      await answerMany(a, 1);

      // The answer's own flush is the first automatic attempt; it arms the retry timer.
      await until(() => retries.length === 1 && vi.getTimerCount() === 1, 'the first retry to be scheduled');
      expect(state.requests).toHaveLength(1);

      for (let i = 0; i < 10 && !limits.some((l) => l.kind === 'retries'); i++) {
        const before = retries.length;
        clock.now += 60_000;
        await vi.advanceTimersByTimeAsync(60_000);
        await until(() => retries.length > before && (vi.getTimerCount() === 1 || limits.length > 0), 'a timer-driven attempt to finish');
      }
      expect(limits).toEqual([{ kind: 'retries', count: 2 }]);
      expect(state.requests).toHaveLength(2);
      expect(vi.getTimerCount()).toBe(0);

      // Nothing more happens on its own, however long the page stays open.
      for (let i = 0; i < 10; i++) {
        clock.now += 60_000;
        await vi.advanceTimersByTimeAsync(60_000);
        await tick();
      }
      expect(state.requests).toHaveLength(2);

      // An explicit flush resumes.
      expect(await a.flush()).toEqual({ sent: 0, pending: 1, failed: 0 });
      expect(state.requests).toHaveLength(3);
      expect(state.rows.size).toBe(0);
      const box = await a.outbox();
      expect(box.pending.map((e) => [e.attempts, e.lastError])).toEqual([[3, 'HTTP 503: busy']]);
      expect(box.setAside).toEqual([]);
      a.destroy();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('autoSync: false', () => {
  test('never sends on its own: a failed explicit flush arms no retry timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { a, clock } = sdk(); // autoSync: false, "leaves it to flush()"
      const state = collector((rs, n) => (n === 1 ? HttpResponse.error() : ok(state)(rs)));
      await answerMany(a, 1);
      expect(await a.flush()).toEqual({ sent: 0, pending: 1, failed: 0 });
      expect(state.requests).toHaveLength(1);
      for (let i = 0; i < 10; i++) {
        clock.now += 60_000;
        await vi.advanceTimersByTimeAsync(60_000);
        for (let j = 0; j < 20; j++) await tick();
      }
      expect(state.requests).toHaveLength(1);
      expect(state.rows.size).toBe(0);
      expect((await a.outbox()).pending).toHaveLength(1);
      a.destroy();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('IndexedDB faults', () => {
  test('QuotaExceededError on write: answer() still resolves, storage falls back to memory, flush delivers', async () => {
    const { a } = sdk();
    const state = collector((rs) => ok(state)(rs));
    await a.recordDelivery({ id: 'q1', deliveredAt: new Date(T0).toISOString() });
    expect(a.storage).toBe('indexeddb');
    const errors = record(a, 'error');
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    let r: WireResponse;
    try {
      r = await a.answer({ deliveryId: 'q1', csat: 5 });
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(r).toMatchObject({ deliveryId: 'q1', csat: 5, revision: 1 });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.reason).toContain('IndexedDB write failed (QuotaExceededError)');
    expect(a.storage).toBe('memory');
    expect((await a.outbox()).pending.map((e) => e.response)).toEqual([r]);

    expect(await a.flush()).toEqual({ sent: 1, pending: 0, failed: 0 });
    expect(state.requests).toEqual([[r]]);
    expect(state.rows.get(r.id)).toEqual(r);
    expect(await a.outbox()).toEqual({ pending: [], setAside: [], corrupt: [] });
    a.destroy();
  });

  test('after a QuotaExceededError fallback, a delivery recorded earlier on this page can still be answered and delivered', async () => {
    const { a } = sdk();
    const state = collector((rs) => ok(state)(rs));
    await a.recordDelivery({ id: 'q1', deliveredAt: new Date(T0).toISOString() });
    await a.recordDelivery({ id: 'q2', deliveredAt: new Date(T0).toISOString() });
    const errors = record(a, 'error');
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    let r1: WireResponse;
    let r2: WireResponse | Error;
    try {
      r1 = await a.answer({ deliveryId: 'q1', csat: 5 });
      // The customer answers the second survey on the same page: the SDK promised to keep this page's answers.
      r2 = await a.answer({ deliveryId: 'q2', csat: 2 }).catch((e: Error) => e);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(a.storage).toBe('memory');
    expect(errors.map((e) => e.reason)).toEqual([expect.stringContaining('IndexedDB write failed (QuotaExceededError)')]);
    expect(r2).not.toBeInstanceOf(Error);
    expect(r2).toMatchObject({ deliveryId: 'q2', csat: 2, revision: 1 });
    expect(await a.flush()).toEqual({ sent: 2, pending: 0, failed: 0 });
    expect([...state.rows.values()]).toEqual([r1, r2]);
    expect(await a.outbox()).toEqual({ pending: [], setAside: [], corrupt: [] });
    a.destroy();
  });

  test('QuotaExceededError on every write: recordDelivery, markShown and dismiss fall back too; pending answers go out from memory', async () => {
    const { a } = sdk();
    const state = collector(() => new HttpResponse(null, { status: 503 }));
    await a.recordDelivery({ id: 'early', deliveredAt: new Date(T0).toISOString() });
    const waiting = await a.answer({ deliveryId: 'early', csat: 3 });
    await a.flush(); // 503: it stays pending in IndexedDB
    const errors = record(a, 'error');
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    let later: WireResponse;
    try {
      await a.recordDelivery({ id: 'later', deliveredAt: new Date(T0).toISOString() });
      await a.markShown('later');
      await a.dismiss('later');
      later = await a.answer({ deliveryId: 'later', csat: 5 });
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(a.storage).toBe('memory');
    expect(errors).toHaveLength(1);
    expect((await a.delivery('later'))?.history.map((h) => h.type)).toEqual(['recorded', 'shown', 'dismissed', 'answered']);
    server.resetHandlers();
    const good = collector((rs) => ok(good)(rs));
    expect(await a.flush()).toEqual({ sent: 2, pending: 0, failed: 0 });
    expect([...good.rows.keys()].sort()).toEqual([waiting.id, later.id].sort());
    expect(state.rows.size).toBe(0);
    a.destroy();
  });

  test('"the database connection is closing" once: the store reopens and the call succeeds, still on IndexedDB', async () => {
    const dbName = dbNameFor('closing');
    const state = collector((rs) => ok(state)(rs));
    const { a } = sdk({ dbName });
    await a.ready;
    expect(a.storage).toBe('indexeddb');
    const errors = record(a, 'error');
    const transaction = IDBDatabase.prototype.transaction;
    let thrown = 0;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (thrown === 0) {
        thrown++;
        throw new DOMException('closing', 'InvalidStateError');
      }
      return transaction.apply(this, args);
    } as IDBDatabase['transaction'];
    try {
      await a.recordDelivery({ id: 'c1', deliveredAt: new Date(T0).toISOString() });
    } finally {
      IDBDatabase.prototype.transaction = transaction;
    }
    expect(thrown).toBe(1);
    const r = await a.answer({ deliveryId: 'c1', csat: 3 });
    expect(a.storage).toBe('indexeddb');
    expect(errors).toEqual([]);

    // Durable: another instance on the same database sees it.
    const { a: other } = sdk({ dbName });
    expect((await other.outbox()).pending.map((e) => e.response)).toEqual([r]);
    other.destroy();

    expect(await a.flush()).toEqual({ sent: 1, pending: 0, failed: 0 });
    expect(state.rows.get(r.id)).toEqual(r);
    expect(await a.outbox()).toEqual({ pending: [], setAside: [], corrupt: [] });
    a.destroy();
  });

  test('versionchange from a newer tab: the upgrade is not blocked and the SDK keeps working', { timeout: 30_000 }, async () => {
    const dbName = dbNameFor('upgrade');
    const state = collector((rs) => ok(state)(rs));
    const { a } = sdk({ dbName });
    await a.recordDelivery({ id: 'u1', deliveredAt: new Date(T0).toISOString() });
    const errors = record(a, 'error');

    const version = await new Promise<number>((resolve, reject) => {
      const req = indexedDB.open(dbName);
      req.onsuccess = () => {
        const v = req.result.version;
        req.result.close();
        resolve(v);
      };
      req.onerror = () => reject(req.error);
    });
    let blocked = false;
    const upgraded = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(dbName, version + 1);
      req.onblocked = () => {
        blocked = true;
      };
      req.onupgradeneeded = () => {
        req.result.createObjectStore('from-newer-tab');
      };
      const timer = setTimeout(() => reject(new Error('upgrade did not succeed within 10 s')), 10_000);
      req.onsuccess = () => {
        clearTimeout(timer);
        resolve(req.result);
      };
      req.onerror = () => reject(req.error);
    });
    expect(blocked).toBe(false);
    expect(upgraded.version).toBe(version + 1);
    upgraded.close();

    const r = await a.answer({ deliveryId: 'u1', csat: 4 });
    await a.recordDelivery({ id: 'u2', deliveredAt: new Date(T0).toISOString() });
    const r2 = await a.answer({ deliveryId: 'u2', csat: 2 });
    expect(a.storage).toBe('indexeddb');
    expect(errors).toEqual([]);
    expect((await a.outbox()).pending.map((e) => e.response)).toEqual([r, r2]);
    expect(await a.flush()).toEqual({ sent: 2, pending: 0, failed: 0 });
    expect([...state.rows.values()]).toEqual([r, r2]);
    expect(await a.outbox()).toEqual({ pending: [], setAside: [], corrupt: [] });
    a.destroy();
  });

  test('indexedDB.open that never answers: falls back to memory after 3 s and still delivers', { timeout: 20_000 }, async () => {
    const state = collector((rs) => ok(state)(rs));
    const open = vi.spyOn(indexedDB, 'open').mockImplementation(() => ({}) as IDBOpenDBRequest);
    let a: Aftercare;
    let errors: Array<AftercareEvents['error']>;
    try {
      ({ a } = sdk());
      errors = record(a, 'error');
      await a.ready;
    } finally {
      open.mockRestore();
    }
    expect(a.storage).toBe('memory');
    await vi.waitFor(() => expect(errors).toHaveLength(1), ROUND_TRIP);
    expect(errors[0]!.reason).toContain('did not answer within 3000 ms');

    const [r] = await answerMany(a, 1);
    expect(await a.flush()).toEqual({ sent: 1, pending: 0, failed: 0 });
    expect(state.requests).toEqual([[r]]);
    expect(state.rows.get(r!.id)).toEqual(r);
    expect(await a.outbox()).toEqual({ pending: [], setAside: [], corrupt: [] });
    a.destroy();
  });

  test('IndexedDB unavailable: memory storage, an error event, answers still delivered', async () => {
    const state = collector((rs) => ok(state)(rs));
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
    let a: Aftercare;
    let errors: Array<AftercareEvents['error']>;
    Object.defineProperty(globalThis, 'indexedDB', { value: undefined, configurable: true, writable: true });
    try {
      ({ a } = sdk());
      errors = record(a, 'error');
      await a.ready;
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', saved);
    }
    expect(a.storage).toBe('memory');
    await vi.waitFor(() => expect(errors).toHaveLength(1), ROUND_TRIP);
    expect(errors[0]!.reason).toBe('IndexedDB is unavailable in this browser; answers are kept in memory only');

    const [r] = await answerMany(a, 1);
    expect(await a.flush()).toEqual({ sent: 1, pending: 0, failed: 0 });
    expect(state.requests).toEqual([[r]]);
    expect(state.rows.get(r!.id)).toEqual(r);
    expect(await a.outbox()).toEqual({ pending: [], setAside: [], corrupt: [] });
    a.destroy();
  });

  test('reading indexedDB throws (a SecurityError, as in sandboxed iframes): memory storage, one error event naming it, nothing rejects', async () => {
    const state = collector((rs) => ok(state)(rs));
    const saved = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
    // Throws on every read for the whole test, as the browser keeps doing.
    Object.defineProperty(globalThis, 'indexedDB', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    try {
      const { a } = sdk();
      const errors = record(a, 'error');
      await a.ready;
      expect(a.storage).toBe('memory');
      await vi.waitFor(() => expect(errors).toHaveLength(1), ROUND_TRIP);
      expect(errors[0]!.reason).toBe('IndexedDB failed (SecurityError: The operation is insecure.); answers are kept in memory only');

      const [r] = await answerMany(a, 1);
      expect(await a.flush()).toEqual({ sent: 1, pending: 0, failed: 0 });
      expect(state.rows.get(r!.id)).toEqual(r);
      expect(await a.outbox()).toEqual({ pending: [], setAside: [], corrupt: [] });
      expect(errors).toHaveLength(1);
      a.destroy();
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', saved);
    }
  });
});
