import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Aftercare } from '../../sdk/index.ts';
import { checkDisplay, type WireDisplay } from '../../src/schema.ts';
import { idbKv } from '../../src/store.ts';
import type { DisplayRecord } from '../../src/types.ts';
import { at, collector, DAY, ENDPOINT, H, ok, ROUND_TRIP, server, sites, T0, UUID } from './helpers.ts';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
const made = sites();
afterEach(() => {
  made.closeAll();
  server.resetHandlers();
  vi.restoreAllMocks();
  delete (navigator as { locks?: unknown }).locks;
});
afterAll(() => server.close());


/** A site (SDK instances on one database) whose clock starts inside the window of deliveries made at T0. */
function open() {
  const s = made.open();
  s.clock.now = T0 + 4 * DAY;
  return s;
}

/** The display records in IndexedDB (open ones have no outcome), read behind the SDK's back. */
const stored = async (dbName: string) => (await idbKv(dbName).list<DisplayRecord>('s:')).map(([, r]) => r.display);

/** Every display the collector accepted (2xx), in order. */
const sentDisplays = (state: ReturnType<typeof collector>) => state.displayRequests.flat();

async function delivered(a: Aftercare, ...ids: string[]) {
  for (const id of ids) await a.recordDelivery({ id, deliveredAt: at(T0), customerId: 'c1' });
}

/** The display as it must look on the wire: valid by the collector's schema, nothing more. */
function expectValid(x: WireDisplay) {
  expect(checkDisplay(x)).toEqual({ success: true, data: x });
}

describe('how a display ends', () => {
  test('markShown → answer → flush: the response goes out, then the display as answered with its responseId', async () => {
    const s = open();
    const a = s.load();
    const state = collector((rs) => ok(state)(rs));
    await delivered(a, 'o1');
    const shownAt = s.clock.now;
    await a.markShown('o1');
    // Still open: nothing to send yet.
    expect(await a.flush()).toEqual({ sent: 0, pending: 0, failed: 0 });
    expect(state.log).toEqual([]);
    expect(await stored(s.dbName)).toEqual([expect.not.objectContaining({ outcome: expect.anything() })]);
    s.clock.now += 40_000;
    const r = await a.answer({ deliveryId: 'o1', csat: 4 });
    expect(await a.flush()).toEqual({ sent: 1, pending: 0, failed: 0 });
    expect(state.log).toEqual(['responses', 'displays']);
    expect(state.requests).toEqual([[r]]);
    const [x] = sentDisplays(state);
    expectValid(x!);
    expect(x).toEqual({
      id: expect.stringMatching(UUID),
      deliveryId: 'o1',
      shownAt: at(shownAt),
      endedAt: at(shownAt + 40_000),
      outcome: 'answered',
      responseId: r.id,
      locale: 'en',
      customerId: 'c1',
      origin: 'http://localhost:3000',
      path: '/',
    });
    expect((await a.delivery('o1'))?.display).toEqual({ id: x!.id, shownAt: at(shownAt), view: expect.any(String), outcome: 'answered' });
    // Deleted after the 2xx: never sent again.
    expect(await stored(s.dbName)).toEqual([]);
    await a.flush();
    expect(state.displayRequests).toHaveLength(1);
  });

  test('markShown → dismiss({ later: true }) → dismissed with later: true; a plain dismiss has no later', async () => {
    const s = open();
    const a = s.load();
    const state = collector((rs) => ok(state)(rs));
    await delivered(a, 'o1', 'o2');
    await a.markShown('o1');
    await a.dismiss('o1', { later: true });
    s.clock.now += 1000;
    await a.markShown('o2');
    await a.dismiss('o2');
    await a.flush();
    expect(state.log).toEqual(['displays']);
    const [x1, x2] = sentDisplays(state);
    for (const x of [x1!, x2!]) expectValid(x);
    expect(x1).toMatchObject({ deliveryId: 'o1', outcome: 'dismissed', later: true, endedAt: at(T0 + 4 * DAY) });
    expect(x2).toMatchObject({ deliveryId: 'o2', outcome: 'dismissed' });
    expect(x2).not.toHaveProperty('later');
    expect(x1).not.toHaveProperty('responseId');
  });

  test('markShown → markHidden → expired', async () => {
    const s = open();
    const a = s.load();
    const state = collector((rs) => ok(state)(rs));
    await delivered(a, 'o1');
    await a.markShown('o1');
    s.clock.now += 5000;
    await a.markHidden('o1');
    await a.flush();
    const [x] = sentDisplays(state);
    expectValid(x!);
    expect(x).toMatchObject({ deliveryId: 'o1', outcome: 'expired', shownAt: at(T0 + 4 * DAY), endedAt: at(T0 + 4 * DAY + 5000) });
    expect(x).not.toHaveProperty('later');
    expect((await a.delivery('o1'))?.history.map((h) => h.type)).toEqual(['recorded', 'shown', 'hidden']);
  });

  test('a second markShown of a delivery still shown ends the first display as expired', async () => {
    const s = open();
    const a = s.load();
    const state = collector((rs) => ok(state)(rs));
    await delivered(a, 'o1');
    const first = await a.markShown('o1');
    s.clock.now += 1000;
    const second = await a.markShown('o1');
    expect(second.display!.id).not.toBe(first.display!.id);
    expect(second.prompts).toBe(2);
    await a.flush();
    expect(sentDisplays(state)).toEqual([expect.objectContaining({ id: first.display!.id, outcome: 'expired', endedAt: at(T0 + 4 * DAY + 1000) })]);
    // The second is still open; it is sent once it ends.
    expect(await stored(s.dbName)).toEqual([expect.objectContaining({ id: second.display!.id })]);
    const r = await a.answer({ deliveryId: 'o1', csat: 5 });
    await a.flush();
    expect(sentDisplays(state).map((x) => [x.id, x.outcome, x.responseId])).toEqual([
      [first.display!.id, 'expired', undefined],
      [second.display!.id, 'answered', r.id],
    ]);
  });

  test('pagehide ends the displays this page shows as expired', async () => {
    const s = open();
    const a = s.load();
    const state = collector((rs) => ok(state)(rs));
    await delivered(a, 'o1', 'o2', 'o3');
    await a.markShown('o1');
    await a.markShown('o2');
    await a.markShown('o3');
    await a.answer({ deliveryId: 'o3', csat: 2 });
    window.dispatchEvent(new Event('pagehide'));
    await vi.waitFor(async () => {
      expect((await a.delivery('o1'))?.display?.outcome).toBe('expired');
      expect((await a.delivery('o2'))?.display?.outcome).toBe('expired');
    }, ROUND_TRIP);
    expect((await a.delivery('o3'))?.display?.outcome).toBe('answered');
    await a.flush();
    expect(Object.fromEntries(sentDisplays(state).map((x) => [x.deliveryId, x.outcome]))).toEqual({ o1: 'expired', o2: 'expired', o3: 'answered' });
  });
});

describe('displays left open by page views that are gone', () => {
  test('without Web Locks (jsdom): ended as expired by the first page load an hour or more after it was shown', async () => {
    expect((navigator as { locks?: unknown }).locks).toBeUndefined();
    const s = open();
    const state = collector((rs) => ok(state)(rs));
    const gone = s.load();
    await delivered(gone, 'o1');
    const shownAt = s.clock.now;
    await gone.markShown('o1');
    gone.destroy(); // the tab crashed: no pagehide

    s.clock.now = shownAt + H - 1;
    const early = s.load();
    await early.ready;
    await new Promise((r) => setTimeout(r, 50));
    await early.flush();
    expect(state.displayRequests).toEqual([]);
    expect(await stored(s.dbName)).toEqual([expect.not.objectContaining({ outcome: expect.anything() })]);

    s.clock.now = shownAt + H;
    const next = s.load();
    await vi.waitFor(async () => expect((await next.delivery('o1'))?.display?.outcome).toBe('expired'), ROUND_TRIP);
    await next.flush();
    const [x] = sentDisplays(state);
    expectValid(x!);
    expect(x).toMatchObject({ deliveryId: 'o1', outcome: 'expired', shownAt: at(shownAt), endedAt: at(shownAt + H), locale: 'en', path: '/' });
    expect(await stored(s.dbName)).toEqual([]);
  });

  test('with Web Locks: a live page view keeps its display open however long; once it is gone, the next load ends it', async () => {
    const locks = fakeLocks();
    Object.defineProperty(navigator, 'locks', { configurable: true, value: locks });
    const s = open();
    const state = collector((rs) => ok(state)(rs));
    const showing = s.load();
    await delivered(showing, 'o1');
    await showing.markShown('o1');
    expect([...locks.held].some((n) => n.startsWith('aftercare-view:'))).toBe(true);

    s.clock.now += 5 * H;
    const other = s.load();
    await other.ready;
    await new Promise((r) => setTimeout(r, 50));
    await other.flush();
    expect(state.displayRequests).toEqual([]);
    expect((await other.delivery('o1'))?.display?.outcome).toBeUndefined();

    showing.destroy(); // its view lock is released, as when a tab closes
    s.clock.now += 1000;
    const next = s.load();
    await vi.waitFor(async () => expect((await next.delivery('o1'))?.display?.outcome).toBe('expired'), ROUND_TRIP);
    await next.flush();
    expect(sentDisplays(state)).toEqual([expect.objectContaining({ deliveryId: 'o1', outcome: 'expired' })]);
  });

  test('expired by another tab, then answered in the tab still showing it: resent as answered, one row at the collector', async () => {
    const s = open();
    const state = collector((rs) => ok(state)(rs));
    const showing = s.load();
    await delivered(showing, 'o1');
    const { display } = await showing.markShown('o1');
    // An hour later another tab (no Web Locks here) takes the display for abandoned…
    s.clock.now += H + 1;
    const other = s.load();
    await vi.waitFor(async () => expect((await other.delivery('o1'))?.display?.outcome).toBe('expired'), ROUND_TRIP);
    await other.flush();
    expect(sentDisplays(state).map((x) => [x.id, x.outcome])).toEqual([[display!.id, 'expired']]);
    // …but the customer was still looking at it, and answers.
    s.clock.now += 1000;
    const r = await showing.answer({ deliveryId: 'o1', csat: 5 });
    await showing.flush();
    expect(sentDisplays(state).map((x) => [x.id, x.outcome])).toEqual([
      [display!.id, 'expired'],
      [display!.id, 'answered'],
    ]);
    expect([...state.displays.values()]).toEqual([expect.objectContaining({ id: display!.id, outcome: 'answered', responseId: r.id })]);
    // The outcome never goes down again: a late hide or dismiss sends nothing.
    await showing.markHidden('o1');
    await showing.dismiss('o1');
    await showing.flush();
    expect(state.displayRequests).toHaveLength(2);
    expect((await showing.delivery('o1'))?.display?.outcome).toBe('answered');
  });
});

describe('sending displays', () => {
  /** Three ended displays (answered, dismissed, expired) and one answer waiting. */
  async function threeEnded(a: Aftercare) {
    await delivered(a, 'o1', 'o2', 'o3');
    for (const id of ['o1', 'o2', 'o3']) await a.markShown(id);
    await a.answer({ deliveryId: 'o1', csat: 3 });
    await a.dismiss('o2');
    await a.markHidden('o3');
  }

  test('not sent while answers wait on a 503; sent once the collector recovers, each id exactly once', async () => {
    const s = open();
    const a = s.load();
    const state = collector((rs, n) => (n <= 2 ? new HttpResponse('busy', { status: 503 }) : ok(state)(rs)));
    await threeEnded(a);
    expect(await a.flush()).toEqual({ sent: 0, pending: 1, failed: 0 });
    expect(await a.flush()).toEqual({ sent: 0, pending: 1, failed: 0 });
    expect(state.log).toEqual(['responses', 'responses']);
    expect(await stored(s.dbName)).toHaveLength(3);
    expect(await a.flush()).toEqual({ sent: 1, pending: 0, failed: 0 });
    expect(state.log).toEqual(['responses', 'responses', 'responses', 'displays']);
    const ids = sentDisplays(state).map((x) => x.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids).toHaveLength(3);
    expect([...state.displays.values()].map((x) => [x.deliveryId, x.outcome]).sort()).toEqual([
      ['o1', 'answered'],
      ['o2', 'dismissed'],
      ['o3', 'expired'],
    ]);
    for (const x of sentDisplays(state)) expectValid(x);
    await a.flush();
    expect(state.log).toHaveLength(4);
    expect(await stored(s.dbName)).toEqual([]);
  });

  test('not sent while answers wait out a Retry-After, even on an explicit flush', async () => {
    const s = open();
    const a = s.load();
    const state = collector((rs, n) => (n === 1 ? new HttpResponse(null, { status: 503, headers: { 'Retry-After': '60' } }) : ok(state)(rs)));
    await threeEnded(a);
    await a.flush();
    s.clock.now += 59_000;
    await a.flush();
    expect(state.log).toEqual(['responses']);
    s.clock.now += 1000;
    await a.flush();
    expect(state.log).toEqual(['responses', 'responses', 'displays']);
    expect(state.displays.size).toBe(3);
  });

  test('a 503 to the displays themselves loses nothing: they stay stored and go with a later flush, once at the collector', async () => {
    const s = open();
    const a = s.load();
    const state = collector(
      (rs) => ok(state)(rs),
      (ds, n) => {
        if (n <= 2) return new HttpResponse('busy', { status: 503 });
        state.keepDisplays(ds);
        return HttpResponse.json({ accepted: ds.length, rejected: [] });
      },
    );
    await threeEnded(a);
    const before = await stored(s.dbName);
    await a.flush();
    await a.flush();
    expect(state.log).toEqual(['responses', 'displays', 'displays']);
    expect(state.displays.size).toBe(0);
    expect(await stored(s.dbName)).toEqual(before);
    // Still there for a new page load too.
    a.destroy();
    const b = s.load();
    await b.flush();
    expect(state.log).toEqual(['responses', 'displays', 'displays', 'displays']);
    expect(state.displays.size).toBe(3);
    expect(new Set(before.map((x) => x.id))).toEqual(new Set(state.displays.keys()));
    expect(await stored(s.dbName)).toEqual([]);
    await b.flush();
    expect(state.log).toHaveLength(4);
  });

  test('a network error to the displays keeps them too', async () => {
    const s = open();
    const a = s.load();
    const state = collector(
      (rs) => ok(state)(rs),
      (ds, n) => (n === 1 ? HttpResponse.error() : (state.keepDisplays(ds), HttpResponse.json({}))),
    );
    await threeEnded(a);
    await a.flush();
    expect(await stored(s.dbName)).toHaveLength(3);
    await a.flush();
    expect(state.displays.size).toBe(3);
    expect(await stored(s.dbName)).toEqual([]);
  });

  test('a body is only {"displays": [...]}, at most 500 and 60 KB per request, oldest first', async () => {
    const s = open();
    const a = s.load();
    const state = collector((rs) => ok(state)(rs));
    const keys: string[][] = [];
    // Looks at the raw body, then falls through to the collector.
    server.use(
      http.post(ENDPOINT, async ({ request }) => {
        keys.push(Object.keys((await request.clone().json()) as object));
      }),
    );
    await delivered(a, 'o1');
    // Every markShown ends the previous display of the delivery: 501 ended, one open.
    for (let i = 0; i < 502; i++) {
      await a.markShown('o1');
      s.clock.now += 1000;
    }
    await a.flush();
    expect(state.displayRequests.map((r) => r.length).reduce((x, y) => x + y)).toBe(501);
    for (const r of state.displayRequests) {
      expect(r.length).toBeLessThanOrEqual(500);
      expect(new Blob([JSON.stringify({ displays: r })]).size).toBeLessThanOrEqual(60_000);
    }
    expect(keys).toEqual(state.displayRequests.map(() => ['displays']));
    const endedAt = sentDisplays(state).map((x) => x.endedAt);
    expect(endedAt).toEqual([...endedAt].sort());
    expect(state.displays.size).toBe(501);
    expect(await stored(s.dbName)).toHaveLength(1);
  });

  test('displays the collector refuses are reported through the error event and not resent', async () => {
    const s = open();
    const a = s.load();
    let refuse = '';
    const state = collector(
      (rs) => ok(state)(rs),
      (ds, n) => {
        if (n === 1) {
          refuse = ds[0]!.id;
          return HttpResponse.json({ accepted: ds.length - 1, rejected: [{ id: refuse, error: 'deliveryId: unknown' }] });
        }
        return HttpResponse.json({ error: 'nope' }, { status: 400 });
      },
    );
    const errors: string[] = [];
    a.on('error', ({ reason }) => errors.push(reason));
    await threeEnded(a);
    await a.flush();
    expect(errors).toEqual([`collector refused display ${refuse}: deliveryId: unknown`]);
    expect(await stored(s.dbName)).toEqual([]);
    // A 4xx to the whole request: reported once, forgotten (resending cannot help).
    await delivered(a, 'o4');
    await a.markShown('o4');
    await a.markHidden('o4');
    await a.flush();
    expect(errors[1]).toBe('collector refused 1 displays: HTTP 400: {"error":"nope"}');
    expect(await stored(s.dbName)).toEqual([]);
    await a.flush();
    expect(state.displayRequests).toHaveLength(2);
  });
});

/** Web Locks, enough for Aftercare: exclusive locks, `ifAvailable`, `query()`. */
function fakeLocks() {
  const held = new Set<string>();
  return {
    held,
    async request(name: string, a: unknown, b?: unknown) {
      const opts = (typeof a === 'function' ? {} : a) as { ifAvailable?: boolean };
      const cb = (typeof a === 'function' ? a : b) as (lock: { name: string } | null) => unknown;
      if (held.has(name)) {
        if (opts.ifAvailable) return cb(null);
        throw new Error(`fake locks: "${name}" is held and waiting is not supported`);
      }
      held.add(name);
      try {
        return await cb({ name });
      } finally {
        held.delete(name);
      }
    },
    async query() {
      return { held: [...held].map((name) => ({ name })), pending: [] };
    },
  };
}
