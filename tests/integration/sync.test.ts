import { HttpResponse, delay, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { SetAsideEntry } from '../../sdk/index.ts';
import { ENDPOINT, ROUND_TRIP, answerMany, collector, ok, sdk, server } from './helpers.ts';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('batches', () => {
  test('250 answers go out in 3 requests of at most 100, in answer order, then leave the outbox', async () => {
    const { a } = sdk();
    const state = collector((rs) => ok(state)(rs));
    const given = await answerMany(a, 250);
    expect((await a.outbox()).pending).toHaveLength(250);
    const sent: number[] = [];
    a.on('sent', ({ responses }) => sent.push(responses.length));
    expect(await a.flush()).toEqual({ sent: 250, pending: 0, failed: 0 });
    expect(state.requests.map((r) => r.length)).toEqual([100, 100, 50]);
    expect(state.requests.flat().map((r) => r.id)).toEqual(given.map((r) => r.id));
    expect(sent).toEqual([100, 100, 50]);
    expect((await a.outbox()).pending).toEqual([]);
    a.destroy();
  });

  test('bodies stay under 60 KB even when records are large', async () => {
    const { a } = sdk();
    const state = collector((rs) => ok(state)(rs));
    for (let i = 0; i < 30; i++) {
      await a.recordDelivery({ id: `big-${i}`, deliveredAt: '2026-11-20T10:00:00Z' });
      await a.answer({ deliveryId: `big-${i}`, csat: 3, comment: 'x'.repeat(4500) });
    }
    await a.flush();
    expect(state.requests.length).toBeGreaterThan(1);
    for (const r of state.requests) expect(JSON.stringify({ responses: r }).length).toBeLessThanOrEqual(60_000);
    expect(state.rows.size).toBe(30);
    a.destroy();
  });

  test('only the newest revision is queued; the collector keeps the highest', async () => {
    const { a } = sdk();
    const state = collector((rs) => ok(state)(rs));
    await a.recordDelivery({ id: 'o1', deliveredAt: '2026-11-20T10:00:00Z' });
    const r1 = await a.answer({ deliveryId: 'o1', csat: 2, complete: false });
    const r2 = await a.answer({ deliveryId: 'o1', comment: 'late but fine', complete: true });
    expect(r2.id).toBe(r1.id);
    expect(r2.revision).toBe(2);
    expect(r2).toMatchObject({ csat: 2, comment: 'late but fine', complete: true });
    expect((await a.outbox()).pending.map((e) => e.response.revision)).toEqual([2]);
    await a.flush();
    expect(state.rows.get(r1.id)).toMatchObject({ revision: 2, csat: 2, comment: 'late but fine' });
    a.destroy();
  });

  test('a revision written while its predecessor is in flight stays queued after the 2xx', async () => {
    const { a } = sdk();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const state = collector(async (rs) => {
      await gate;
      return ok(state)(rs);
    });
    await a.recordDelivery({ id: 'o1', deliveredAt: '2026-11-20T10:00:00Z' });
    await a.answer({ deliveryId: 'o1', csat: 5, complete: false });
    const flushing = a.flush();
    await vi.waitFor(() => expect(state.requests).toHaveLength(1), ROUND_TRIP);
    await a.answer({ deliveryId: 'o1', comment: 'more', complete: true });
    release();
    await flushing;
    // The follow-up flush sends revision 2; nothing is lost to the race.
    await a.flush();
    expect(state.requests.map((r) => r[0]!.revision)).toEqual([1, 2]);
    expect((await a.outbox()).pending).toEqual([]);
    a.destroy();
  });
});

describe('2xx with rejected', () => {
  test('records listed as rejected are set aside with a failed event; the rest are accepted', async () => {
    const { a } = sdk();
    const given = await answerMany(a, 5);
    const bad = given[2]!.id;
    const state = collector((rs) => {
      state.keep(rs.filter((r) => r.id !== bad));
      return HttpResponse.json({ accepted: 4, rejected: [{ id: bad, error: 'comment: spam' }] });
    });
    const failed: SetAsideEntry[] = [];
    a.on('failed', (x) => failed.push(x));
    expect(await a.flush()).toEqual({ sent: 4, pending: 0, failed: 1 });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ error: 'comment: spam', response: { id: bad } });
    const box = await a.outbox();
    expect(box.pending).toEqual([]);
    expect(box.setAside.map((x) => x.response.id)).toEqual([bad]);
    expect(state.requests).toHaveLength(1);
    a.destroy();
  });
});

describe('retries', () => {
  test('503 three times then 200: kept until the 200, delivered once, with growing backoff', async () => {
    const { a, clock } = sdk();
    const state = collector((rs, n) => (n <= 3 ? new HttpResponse('busy', { status: 503 }) : ok(state)(rs)));
    await answerMany(a, 3);
    const retries: number[] = [];
    a.on('retry', (r) => retries.push(r.delayMs));
    for (let i = 0; i < 3; i++) {
      expect(await a.flush()).toEqual({ sent: 0, pending: 3, failed: 0 });
      const [e] = (await a.outbox()).pending;
      expect(e!.attempts).toBe(i + 1);
      expect(e!.lastError).toBe('HTTP 503: busy');
      expect(e!.nextAt).toBeGreaterThan(clock.now);
      clock.now = e!.nextAt;
    }
    expect(state.rows.size).toBe(0);
    expect(await a.flush()).toEqual({ sent: 3, pending: 0, failed: 0 });
    expect(state.requests).toHaveLength(4);
    expect(state.rows.size).toBe(3);
    expect(retries).toHaveLength(3);
    a.destroy();
  });

  test('the timer-driven sync waits for the backoff (an explicit flush may skip it)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const { a, clock } = sdk({ autoSync: true });
      const state = collector((rs, n) => (n === 1 ? HttpResponse.error() : ok(state)(rs)));
      await answerMany(a, 1);
      await vi.waitFor(() => expect(state.requests).toHaveLength(1), ROUND_TRIP);
      const [e] = (await a.outbox()).pending;
      expect(e!.attempts).toBe(1);
      expect(e!.lastError).toBe('network error');
      // Before the backoff ends the timer fires at most into "not due yet".
      await vi.advanceTimersByTimeAsync(999);
      expect(state.requests).toHaveLength(1);
      clock.now = e!.nextAt;
      await vi.advanceTimersByTimeAsync(60_000);
      await vi.waitFor(() => expect(state.rows.size).toBe(1), ROUND_TRIP);
      expect(state.requests).toHaveLength(2);
      a.destroy();
    } finally {
      vi.useRealTimers();
    }
  });

  test('429 with Retry-After: 30 — no attempt before 30 s, even on an explicit flush; then one delivery', async () => {
    const { a, clock } = sdk();
    const state = collector((rs, n) => (n === 1 ? new HttpResponse(null, { status: 429, headers: { 'Retry-After': '30' } }) : ok(state)(rs)));
    await answerMany(a, 2);
    const start = clock.now;
    await a.flush();
    const [e] = (await a.outbox()).pending;
    expect(e!.holdUntil).toBe(start + 30_000);
    expect(e!.nextAt).toBeGreaterThanOrEqual(start + 30_000);
    clock.now = start + 29_999;
    expect(await a.flush()).toEqual({ sent: 0, pending: 2, failed: 0 });
    expect(state.requests).toHaveLength(1);
    clock.now = start + 30_000;
    expect(await a.flush()).toEqual({ sent: 2, pending: 0, failed: 0 });
    expect(state.requests).toHaveLength(2);
    expect(state.rows.size).toBe(2);
    a.destroy();
  });

  test('Retry-After as an HTTP date', async () => {
    const { a, clock } = sdk();
    const when = new Date(clock.now + 120_000).toUTCString();
    collector(() => new HttpResponse(null, { status: 503, headers: { 'Retry-After': when } }));
    await answerMany(a, 1);
    await a.flush();
    const [e] = (await a.outbox()).pending;
    expect(e!.holdUntil! - clock.now).toBeGreaterThan(119_000);
    expect(e!.holdUntil! - clock.now).toBeLessThanOrEqual(120_000);
    a.destroy();
  });

  test.each([408, 500, 502, 504])('%i is retried, not dropped', async (status) => {
    const { a } = sdk();
    collector(() => new HttpResponse(null, { status }));
    await answerMany(a, 1);
    expect(await a.flush()).toEqual({ sent: 0, pending: 1, failed: 0 });
    expect((await a.outbox()).setAside).toEqual([]);
    a.destroy();
  });

  test('a fetch that rejects (offline) keeps the record', async () => {
    const { a } = sdk();
    server.use(http.post(ENDPOINT, () => HttpResponse.error()));
    await answerMany(a, 2);
    expect(await a.flush()).toEqual({ sent: 0, pending: 2, failed: 0 });
    a.destroy();
  });

  test('a collector that never answers times out and is retried; nothing is removed meanwhile', async () => {
    const { a } = sdk({ timeoutMs: 200 });
    const state = collector(async () => {
      await delay('infinite');
      return HttpResponse.json({});
    });
    await answerMany(a, 1);
    expect(await a.flush()).toEqual({ sent: 0, pending: 1, failed: 0 });
    expect(state.requests).toHaveLength(1);
    const [e] = (await a.outbox()).pending;
    expect(e).toMatchObject({ attempts: 1, lastError: 'network error' });
    a.destroy();
  });
});

describe('4xx: split and set aside', () => {
  test('400 for one record in a batch of 20: 19 delivered, 1 set aside with a failed event', async () => {
    const { a } = sdk();
    const given = await answerMany(a, 20);
    const poison = given[13]!.id;
    const state = collector((rs) => {
      if (rs.some((r) => r.id === poison)) return HttpResponse.json({ error: 'responses.0.comment: expected text' }, { status: 400 });
      return ok(state)(rs);
    });
    const failed: SetAsideEntry[] = [];
    a.on('failed', (x) => failed.push(x));
    const result = await a.flush();
    expect(result).toEqual({ sent: 19, pending: 0, failed: 1 });
    expect(state.rows.size).toBe(19);
    expect(state.rows.has(poison)).toBe(false);
    expect(failed.map((f) => f.response.id)).toEqual([poison]);
    expect(failed[0]!.error).toBe('HTTP 400: {"error":"responses.0.comment: expected text"}');
    expect((await a.outbox()).setAside.map((x) => x.response.id)).toEqual([poison]);
    // Never resent: a later flush sends nothing.
    const before = state.requests.length;
    expect(await a.flush()).toEqual({ sent: 0, pending: 0, failed: 0 });
    expect(state.requests.length).toBe(before);
    a.destroy();
  });

  test('413 splits the batch until it fits', async () => {
    const { a } = sdk();
    const state = collector((rs) => (rs.length > 4 ? new HttpResponse(null, { status: 413 }) : ok(state)(rs)));
    await answerMany(a, 20);
    expect(await a.flush()).toEqual({ sent: 20, pending: 0, failed: 0 });
    expect(state.rows.size).toBe(20);
    expect(Math.max(...state.requests.filter((r) => r.length <= 4).map((r) => r.length))).toBeLessThanOrEqual(4);
    a.destroy();
  });

  test('a 5xx while splitting stops the split and keeps everything unsent', async () => {
    const { a } = sdk();
    const state = collector((_rs, n) => (n === 1 ? new HttpResponse(null, { status: 400 }) : new HttpResponse(null, { status: 503 })));
    await answerMany(a, 6);
    expect(await a.flush()).toEqual({ sent: 0, pending: 6, failed: 0 });
    expect(state.requests.map((r) => r.length)).toEqual([6, 3]);
    expect((await a.outbox()).setAside).toEqual([]);
    a.destroy();
  });
});

describe('nothing removed before a 2xx', () => {
  test('while the request is in flight the record is still in IndexedDB', async () => {
    const { a } = sdk();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const state = collector(async (rs) => {
      await gate;
      return ok(state)(rs);
    });
    await answerMany(a, 1);
    const p = a.flush();
    await vi.waitFor(() => expect(state.requests).toHaveLength(1), ROUND_TRIP);
    expect((await a.outbox()).pending).toHaveLength(1);
    release();
    expect(await p).toEqual({ sent: 1, pending: 0, failed: 0 });
    expect((await a.outbox()).pending).toHaveLength(0);
    a.destroy();
  });

  test('parallel flush calls in one tab never send a record twice', async () => {
    const { a } = sdk();
    const state = collector(async (rs) => {
      await delay(20);
      return ok(state)(rs);
    });
    await answerMany(a, 5);
    await Promise.all([a.flush(), a.flush(), a.flush(), a.flush()]);
    expect(state.requests.flat()).toHaveLength(5);
    a.destroy();
  });
});
