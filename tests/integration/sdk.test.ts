import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { AftercareError, createAftercare } from '../../sdk/index.ts';
import { answerMany, at, collector, DAY, ENDPOINT, ok, ROUND_TRIP, sdk, server, T0 } from './helpers.ts';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());


describe('deliveries and the window', () => {
  test('due() follows the 3–7 day window on the injected clock', async () => {
    const { a, clock } = sdk();
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0) });
    clock.now = T0 + 3 * DAY - 1;
    expect(await a.due()).toEqual([]);
    clock.now = T0 + 3 * DAY;
    expect((await a.due()).map((d) => d.id)).toEqual(['o1']);
    clock.now = T0 + 7 * DAY;
    expect(await a.due()).toEqual([]);
    a.destroy();
  });

  test('re-recording the same id updates it and keeps its history', async () => {
    const { a, clock } = sdk();
    clock.now = T0;
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0), customerId: 'c1' });
    clock.now = T0 + 1000;
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0) }); // nothing changed: no history line
    const d = await a.recordDelivery({ id: 'o1', deliveredAt: at(T0 + DAY), surveys: ['csat', 'nps'], meta: { store: 'Berlin' } });
    expect(d).toMatchObject({ deliveredAt: at(T0 + DAY), customerId: 'c1', surveys: ['csat', 'nps'], meta: { store: 'Berlin' } });
    expect(d.history).toEqual([
      { at: at(T0), type: 'recorded' },
      { at: at(T0 + 1000), type: 'updated', previous: { deliveredAt: at(T0), surveys: ['csat'], meta: undefined } },
    ]);
    expect(await a.delivery('o1')).toEqual(d);
    a.destroy();
  });

  test('dismiss snoozes for 24 h; at most 2 prompts; an answer ends it', async () => {
    const { a, clock } = sdk();
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0) });
    clock.now = T0 + 3 * DAY;
    await a.markShown('o1');
    await a.dismiss('o1');
    expect(await a.due()).toEqual([]);
    clock.now += DAY;
    expect((await a.due()).map((d) => d.id)).toEqual(['o1']);
    await a.markShown('o1');
    expect(await a.due()).toEqual([]);
    await a.recordDelivery({ id: 'o2', deliveredAt: at(T0) });
    expect((await a.due()).map((d) => d.id)).toEqual(['o2']);
    await a.answer({ deliveryId: 'o2', csat: 5, complete: false });
    expect(await a.due()).toEqual([]);
    a.destroy();
  });

  test('events: shown, answered, dismissed; unsubscribe works; a throwing listener is contained', async () => {
    const { a } = sdk();
    const seen: string[] = [];
    a.on('shown', ({ delivery }) => seen.push(`shown ${delivery.id} ${delivery.prompts}`));
    a.on('answered', ({ response }) => seen.push(`answered ${response.deliveryId} ${response.revision}`));
    const off = a.on('dismissed', ({ delivery }) => seen.push(`dismissed ${delivery.id}`));
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    a.on('answered', () => {
      throw new Error('listener bug');
    });
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0) });
    await a.markShown('o1');
    await a.dismiss('o1');
    off();
    await a.dismiss('o1');
    await a.answer({ deliveryId: 'o1', nps: 9 }).catch(() => undefined); // csat-only delivery: rejected
    await a.answer({ deliveryId: 'o1', csat: 3 });
    expect(seen).toEqual(['shown o1 1', 'dismissed o1', 'answered o1 1']);
    expect(err).toHaveBeenCalledWith('[aftercare] a "answered" listener threw:', expect.any(Error));
    a.destroy();
  });
});

describe('answer()', () => {
  test('resolves only once the answer is durable: a second instance on the same database sees it', async () => {
    const dbName = `durable-${Math.random()}`;
    const first = createAftercare({ endpoint: ENDPOINT, dbName, autoSync: false, now: () => T0 + 4 * DAY, locale: 'zh-CN' });
    await first.recordDelivery({ id: 'o1', deliveredAt: at(T0), customerId: 'cust-7', meta: { tech: 'Ana' } });
    const r = await first.answer({ deliveryId: 'o1', csat: 4, comment: 'ok', complete: false });
    first.destroy();
    const second = createAftercare({ endpoint: ENDPOINT, dbName, autoSync: false });
    const box = await second.outbox();
    expect(box.pending.map((e) => e.response)).toEqual([r]);
    expect(r).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      revision: 1,
      deliveryId: 'o1',
      deliveredAt: at(T0),
      answeredAt: at(T0 + 4 * DAY),
      csat: 4,
      comment: 'ok',
      complete: false,
      locale: 'zh-CN',
      customerId: 'cust-7',
      meta: { tech: 'Ana' },
      origin: 'http://localhost:3000',
      path: '/',
    });
    second.destroy();
  });

  test('answers apply in call order, even when fired within the same millisecond (arrow keys in a radio group)', async () => {
    const { a } = sdk();
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0) });
    const results = await Promise.all([2, 3, 4, 3].map((csat) => a.answer({ deliveryId: 'o1', csat, complete: false })));
    expect(results.map((r) => [r.revision, r.csat])).toEqual([[1, 2], [2, 3], [3, 4], [4, 3]]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect((await a.delivery('o1'))?.response).toMatchObject({ revision: 4, csat: 3 });
    a.destroy();
  });

  test('page origin and path only, never query or fragment; off with collectPage: false', async () => {
    const { a } = sdk();
    window.history.pushState({}, '', '/orders/42?token=secret#frag');
    const [r] = await answerMany(a, 1);
    expect(r).toMatchObject({ origin: 'http://localhost:3000', path: '/orders/42' });
    expect(JSON.stringify(r)).not.toContain('secret');
    const { a: b } = sdk({ collectPage: false });
    const [r2] = await answerMany(b, 1);
    expect(r2).not.toHaveProperty('origin');
    expect(r2).not.toHaveProperty('path');
    window.history.pushState({}, '', '/');
    a.destroy();
    b.destroy();
  });

  test.each([
    [{ deliveryId: 'o1', csat: 6 }, '[aftercare] answer.csat: expected an integer from 1 to 5'],
    [{ deliveryId: 'o1', csat: 2.5 }, '[aftercare] answer.csat: expected an integer from 1 to 5'],
    [{ deliveryId: 'o1', nps: 11 }, '[aftercare] answer.nps: expected an integer from 0 to 10'],
    [{ deliveryId: '', csat: 1 }, '[aftercare] answer.deliveryId: expected a delivery id of 1–200 characters'],
    [{ deliveryId: 'nope', csat: 1 }, '[aftercare] answer.deliveryId: no delivery "nope" was recorded; call recordDelivery() first'],
    [{ deliveryId: 'o1', comment: 'only words' }, '[aftercare] answer: expected a csat or nps score (a comment alone is not an answer)'],
    [{ deliveryId: 'o1', nps: 9 }, '[aftercare] answer.nps: delivery "o1" asks only csat'],
  ])('answer(%j) rejects with %s and stores nothing', async (input, message) => {
    const { a } = sdk();
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0) });
    await expect(a.answer(input)).rejects.toBeInstanceOf(AftercareError);
    await expect(a.answer(input)).rejects.toHaveProperty('message', message);
    expect((await a.outbox()).pending).toEqual([]);
    a.destroy();
  });

  test('recordDelivery validates its input and names the field', async () => {
    const { a } = sdk();
    await expect(a.recordDelivery({ id: 'o1', deliveredAt: 'last tuesday' })).rejects.toHaveProperty(
      'message',
      '[aftercare] recordDelivery.deliveredAt: expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z',
    );
    await expect(a.recordDelivery({ id: 'o1', deliveredAt: at(T0), surveys: ['stars' as 'csat'] })).rejects.toHaveProperty(
      'message',
      '[aftercare] recordDelivery.surveys.0: expected "csat" or "nps"',
    );
    a.destroy();
  });
});

describe('automatic sync', () => {
  test('syncs on load, after an answer, and on the online event', async () => {
    const dbName = `auto-${Math.random()}`;
    const state = collector((rs, n) => (n === 1 ? HttpResponse.error() : ok(state)(rs)));
    const first = createAftercare({ endpoint: ENDPOINT, dbName, autoSync: false, now: () => T0 + 4 * DAY });
    await answerMany(first, 1);
    first.destroy();
    // "Load": a new instance flushes on its own; the first attempt fails (offline)…
    const a = createAftercare({ endpoint: ENDPOINT, dbName, now: () => T0 + 4 * DAY });
    await vi.waitFor(() => expect(state.requests).toHaveLength(1), ROUND_TRIP);
    await vi.waitFor(async () => expect((await a.outbox()).pending[0]?.attempts).toBe(1), ROUND_TRIP);
    // …and `online` retries at once, skipping the backoff.
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(state.rows.size).toBe(1), ROUND_TRIP);
    await vi.waitFor(async () => expect((await a.outbox()).pending).toEqual([]), ROUND_TRIP);
    // An answer is sent without anyone calling flush().
    await answerMany(a, 1, 'later');
    await vi.waitFor(() => expect(state.rows.size).toBe(2), ROUND_TRIP);
    a.destroy();
  });

  test('pagehide offers the outbox to sendBeacon as text/plain in chunks ≤ 60 KB, and deletes nothing', async () => {
    const beacons: Blob[] = [];
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: (_url: string, data: Blob) => (beacons.push(data), true) });
    server.use(http.post(ENDPOINT, () => HttpResponse.error()));
    const { a } = sdk({ autoSync: true });
    for (let i = 0; i < 40; i++) {
      await a.recordDelivery({ id: `o${i}`, deliveredAt: at(T0) });
      await a.answer({ deliveryId: `o${i}`, csat: 4, comment: 'y'.repeat(4000) });
    }
    window.dispatchEvent(new Event('pagehide'));
    expect(beacons.length).toBeGreaterThan(2);
    const ids = new Set<string>();
    for (const b of beacons) {
      expect(b.type).toBe('text/plain;charset=utf-8');
      expect(b.size).toBeLessThanOrEqual(60_000);
      for (const r of JSON.parse(await b.text()).responses) ids.add(r.id);
    }
    expect(ids.size).toBe(40);
    expect((await a.outbox()).pending).toHaveLength(40);
    a.destroy();
    delete (navigator as { sendBeacon?: unknown }).sendBeacon;
  });

  test('destroy() stops listening', async () => {
    const state = collector((rs) => ok(state)(rs));
    const { a } = sdk({ autoSync: true });
    await a.ready;
    a.destroy();
    window.dispatchEvent(new Event('online'));
    await new Promise((r) => setTimeout(r, 50));
    expect(state.requests).toHaveLength(0);
  });
});
