// Asking the collector before showing: POST <collector>/v1/answered (msw), the result kept in
// IndexedDB, the presenter skipping a delivery answered through another channel, and every failure
// falling back to showing the survey.
import { delay, http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, expectTypeOf, test, vi } from 'vitest';
import { createPresenter, type Aftercare, type AftercareOptions, type Delivery, type Shown, type WireDisplay, type WireResponse } from '../../sdk/index.ts';
import { answeredUrl } from '../../src/answered.ts';
import { at, collector, DAY, ok, ROUND_TRIP, server, sites, T0 } from './helpers.ts';

const ANSWERED = 'https://collector.test/v1/answered';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcmQtMSJ9.c2ln';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
const made = sites();
afterEach(() => {
  made.closeAll();
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

/** The collector's /v1/answered: records each request, answers with `reply(body)`. */
function answeredRoute(reply: (body: { deliveries: Array<{ deliveryId: string; wave: number; deliveryToken?: string }> }) => Response | Promise<Response>) {
  const asked: Array<{ body: unknown; type: string | null; credentials: string }> = [];
  server.use(
    http.post(ANSWERED, async ({ request }) => {
      const body = (await request.json()) as Parameters<typeof reply>[0];
      asked.push({ body, type: request.headers.get('content-type'), credentials: request.credentials });
      return reply(body);
    }),
  );
  return asked;
}

/** Lists every delivery asked about as answered. */
const all = (b: { deliveries: Array<{ deliveryId: string; wave: number }> }) => HttpResponse.json({ answered: b.deliveries.map(({ deliveryId, wave }) => ({ deliveryId, wave })) });
const none = () => HttpResponse.json({ answered: [] });

/** A site whose clock is inside the window of deliveries made at T0, with `ord-1` (signed) recorded. */
async function open() {
  const s = made.open();
  s.clock.now = T0 + 4 * DAY;
  const a = s.load();
  await a.recordDelivery({ id: 'ord-1', deliveredAt: at(T0), customerId: 'c-1', token: TOKEN });
  return { s, a };
}

describe('answeredUrl', () => {
  test.each([
    ['https://c.example/v1/responses', 'https://c.example/v1/answered'],
    ['https://c.example/feedback/v1/responses?key=abc', 'https://c.example/feedback/v1/answered?key=abc'],
    ['http://127.0.0.1:8787/responses', 'http://127.0.0.1:8787/answered'],
  ])('%s → %s', (endpoint, url) => {
    expect(answeredUrl(endpoint)).toBe(url);
  });

  test.each(['https://c.example/v1/collect', 'https://c.example/v1/responses/', 'https://c.example/v1/my-responses'])('%s has no such route: undefined', (endpoint) => {
    expect(answeredUrl(endpoint)).toBeUndefined();
  });
});

describe('checkAnswered()', () => {
  test('types: a method of the instance; channel an option and a wire field', () => {
    expectTypeOf<Aftercare['checkAnswered']>().toEqualTypeOf<(deliveryId: string) => Promise<boolean>>();
    expectTypeOf<AftercareOptions['channel']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<WireResponse['channel']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<WireDisplay['channel']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Delivery['elsewhere']>().toEqualTypeOf<number | undefined>();
  });

  test('answered elsewhere: true, kept for later page views (which neither show nor ask), no response, no display', async () => {
    const { s, a } = await open();
    const asked = answeredRoute(all);
    const state = collector((rs) => ok(state)(rs));
    expect(await a.checkAnswered('ord-1')).toBe(true);
    expect(asked).toEqual([{ body: { deliveries: [{ deliveryId: 'ord-1', wave: 0, deliveryToken: TOKEN }] }, type: 'application/json', credentials: 'omit' }]);
    const d = await a.delivery('ord-1');
    expect(d?.elsewhere).toBe(0);
    expect(d?.history.at(-1)).toEqual({ at: at(s.clock.now), type: 'answered', elsewhere: true });
    expect(d?.response).toBeUndefined();
    expect(d?.prompts).toBe(0);
    expect(await a.due()).toEqual([]);
    // Nothing to send: no response, no display.
    expect(await a.flush()).toEqual({ sent: 0, pending: 0, failed: 0 });
    expect(state.log).toEqual([]);
    expect(await a.outbox()).toEqual({ pending: [], setAside: [], corrupt: [] });

    // A later page view: not due, and known without asking.
    const later = s.load();
    s.clock.now += DAY;
    expect(await later.due()).toEqual([]);
    expect(await later.checkAnswered('ord-1')).toBe(true);
    expect(asked).toHaveLength(1);
  });

  test('not answered: false, nothing written; asked once per delivery and wave per page view', async () => {
    const { s, a } = await open();
    const asked = answeredRoute(none);
    const before = await a.delivery('ord-1');
    expect(await Promise.all([a.checkAnswered('ord-1'), a.checkAnswered('ord-1')])).toEqual([false, false]);
    expect(await a.checkAnswered('ord-1')).toBe(false);
    expect(asked).toHaveLength(1);
    expect(await a.delivery('ord-1')).toEqual(before);
    expect((await a.due()).map((d) => d.id)).toEqual(['ord-1']);
    // Another page view asks again (the survey may have been answered by e-mail since).
    await s.load().checkAnswered('ord-1');
    expect(asked).toHaveLength(2);
  });

  test('a delivery answered here is answered without asking', async () => {
    const { a } = await open();
    const asked = answeredRoute(all);
    collector(() => HttpResponse.json({ rejected: [] }));
    await a.answer({ deliveryId: 'ord-1', csat: 4 });
    expect(await a.checkAnswered('ord-1')).toBe(true);
    expect(asked).toEqual([]);
  });

  test('an unknown delivery is misuse: rejects naming the call', async () => {
    const { a } = await open();
    await expect(a.checkAnswered('nope')).rejects.toThrow('[aftercare] checkAnswered: no delivery "nope" was recorded; call recordDelivery() first');
  });

  test.each<[string, () => Response | Promise<Response>]>([
    ['a 404 (a collector without the route)', () => new HttpResponse('Not Found', { status: 404 })],
    ['a 500', () => HttpResponse.json({ error: 'boom' }, { status: 500 })],
    ['a body that is not JSON', () => new HttpResponse('<html>', { status: 200, headers: { 'content-type': 'text/html' } })],
    ['JSON that is not { answered: [...] }', () => HttpResponse.json({ answered: 'ord-1' })],
    ['JSON null', () => HttpResponse.json(null)],
    ['a network error', () => HttpResponse.error()],
    ['the wrong wave', () => HttpResponse.json({ answered: [{ deliveryId: 'ord-1', wave: 1 }] })],
    ['another delivery', () => HttpResponse.json({ answered: [{ deliveryId: 'ord-2', wave: 0 }] })],
  ])('%s: false, nothing kept', async (_, reply) => {
    const { a } = await open();
    const asked = answeredRoute(reply);
    expect(await a.checkAnswered('ord-1')).toBe(false);
    expect(asked).toHaveLength(1);
    expect((await a.delivery('ord-1'))?.elsewhere).toBeUndefined();
    expect((await a.due()).map((d) => d.id)).toEqual(['ord-1']);
  });

  test('no reply within 2 s: false', async () => {
    const { a } = await open();
    const asked = answeredRoute(async (b) => {
      await delay(5_000);
      return all(b);
    });
    const t = Date.now();
    expect(await a.checkAnswered('ord-1')).toBe(false);
    expect(Date.now() - t).toBeGreaterThanOrEqual(1_900);
    expect(Date.now() - t).toBeLessThan(4_000);
    expect(asked).toHaveLength(1);
  });

  test('re-survey waves: asks about the current wave; an answer to an earlier wave does not count', async () => {
    const s = made.open();
    const a = s.load();
    await a.recordDelivery({ id: 'ord-1', deliveredAt: at(T0), resurvey: { everyDays: 30, untilDays: 365 } });
    s.clock.now = T0 + 34 * DAY; // wave 1's window
    const asked = answeredRoute(() => HttpResponse.json({ answered: [{ deliveryId: 'ord-1', wave: 0 }] }));
    expect(await a.checkAnswered('ord-1')).toBe(false);
    expect(asked.map((x) => x.body)).toEqual([{ deliveries: [{ deliveryId: 'ord-1', wave: 1 }] }]);
    server.resetHandlers();
    answeredRoute(all);
    s.clock.now = T0 + 64 * DAY; // wave 2
    expect(await a.checkAnswered('ord-1')).toBe(true);
    const d = await a.delivery('ord-1');
    expect(d?.elsewhere).toBe(2);
    expect(d?.history.at(-1)).toEqual({ at: at(s.clock.now), type: 'answered', elsewhere: true, wave: 2 });
    expect(await a.due()).toEqual([]);
    // The next wave is asked again.
    s.clock.now = T0 + 94 * DAY;
    expect((await a.due()).map((x) => [x.id, x.wave])).toEqual([['ord-1', 3]]);
  });

  test("the customer's cooldown counts the answer given elsewhere, from when this browser learned it", async () => {
    const { s, a } = await open();
    await a.recordDelivery({ id: 'ord-2', deliveredAt: at(T0), customerId: 'c-1' });
    await a.recordDelivery({ id: 'ord-3', deliveredAt: at(T0), customerId: 'c-9' });
    answeredRoute((b) => (b.deliveries[0]!.deliveryId === 'ord-1' ? all(b) : none()));
    expect(await a.checkAnswered('ord-1')).toBe(true);
    // ord-2 (same customer) waits out the 30-day cooldown; ord-3 (another customer) does not.
    expect((await a.due()).map((d) => d.id)).toEqual(['ord-3']);
    s.clock.now += 31 * DAY;
    await a.recordDelivery({ id: 'ord-4', deliveredAt: at(s.clock.now - 4 * DAY), customerId: 'c-1' });
    expect((await a.due()).map((d) => d.id)).toEqual(['ord-4']);
  });

  test('under consent "denied", or with an endpoint not ending in /responses: false, nothing asked', async () => {
    const asked = answeredRoute(all);
    const s = made.open();
    s.clock.now = T0 + 4 * DAY;
    const other = s.load({ endpoint: 'https://collector.test/v1/collect' });
    await other.recordDelivery({ id: 'ord-1', deliveredAt: at(T0) });
    expect(await other.checkAnswered('ord-1')).toBe(false);
    const denied = s.load({ consent: 'denied' });
    expect(await denied.checkAnswered('ord-1')).toBe(false);
    expect(asked).toEqual([]);
  });
});

describe('the presenter asks before it shows', () => {
  /** A presenter on the real SDK whose render records what it showed. */
  function presenterOn(a: Parameters<typeof createPresenter>[0]) {
    const shown: string[] = [];
    const p = createPresenter(a, {
      delayMs: 0,
      render: (d: Delivery): Shown => {
        shown.push(d.id);
        return { close: () => undefined };
      },
    });
    return { p, shown };
  }

  test('answered elsewhere: not shown, no display; the page asked once', async () => {
    const { a } = await open();
    const asked = answeredRoute(all);
    const { p, shown } = presenterOn(a);
    p.start();
    await vi.waitFor(() => expect(asked).toHaveLength(1), ROUND_TRIP);
    await vi.waitFor(async () => expect((await a.delivery('ord-1'))?.elsewhere).toBe(0), ROUND_TRIP);
    expect(await p.show()).toBe(false);
    expect(await p.show('ord-1')).toBe(false);
    expect(shown).toEqual([]);
    expect(asked).toHaveLength(1);
    expect((await a.delivery('ord-1'))?.prompts).toBe(0);
    p.stop();
  });

  test('not answered, a 404, a timeout: shown as usual, after one question per page view', async () => {
    for (const reply of [none, () => new HttpResponse(null, { status: 404 }), () => delay('infinite').then(() => none())]) {
      server.resetHandlers();
      const { a } = await open();
      const asked = answeredRoute(reply);
      const { p, shown } = presenterOn(a);
      p.start();
      await vi.waitFor(() => expect(shown).toEqual(['ord-1']), ROUND_TRIP);
      expect(asked).toHaveLength(1);
      // show() again (the app asks explicitly): no second question for this delivery and wave.
      p.hide();
      await p.show('ord-1');
      expect(asked).toHaveLength(1);
      p.stop();
    }
  });

  test('the next due delivery shows when the first was answered elsewhere (another customer, so no cooldown)', async () => {
    const { a } = await open();
    await a.recordDelivery({ id: 'ord-2', deliveredAt: at(T0 + 1), customerId: 'c-2' });
    const asked = answeredRoute((b) => (b.deliveries[0]!.deliveryId === 'ord-1' ? all(b) : none()));
    const { p, shown } = presenterOn(a);
    p.start();
    await vi.waitFor(() => expect(shown).toEqual(['ord-2']), ROUND_TRIP);
    expect(asked.map((x) => (x.body as { deliveries: Array<{ deliveryId: string }> }).deliveries[0]!.deliveryId)).toEqual(['ord-1', 'ord-2']);
    p.stop();
  });
});

describe('the channel option', () => {
  test('stamped on every response and display; absent by default (web)', async () => {
    const s = made.open();
    s.clock.now = T0 + 4 * DAY;
    const state = collector((rs) => ok(state)(rs));
    for (const [channel, id] of [['email', 'e-1'], [undefined, 'w-1']] as const) {
      const a = s.load(channel ? { channel } : {});
      await a.recordDelivery({ id, deliveredAt: at(T0) });
      await a.markShown(id);
      const r = await a.answer({ deliveryId: id, csat: 5 });
      expect(r.channel).toBe(channel);
      await a.flush();
    }
    expect(state.requests.flat().map((r) => [r.deliveryId, r.channel])).toEqual([
      ['e-1', 'email'],
      ['w-1', undefined],
    ]);
    expect(state.displayRequests.flat().map((x) => [x.deliveryId, x.channel])).toEqual([
      ['e-1', 'email'],
      ['w-1', undefined],
    ]);
  });

  test('a display another page view left open is ended with its own channel, not the ending one', async () => {
    const s = made.open();
    s.clock.now = T0 + 4 * DAY;
    const state = collector((rs) => ok(state)(rs));
    const first = s.load({ channel: 'qr' });
    await first.recordDelivery({ id: 'q-1', deliveredAt: at(T0) });
    await first.markShown('q-1');
    first.destroy();
    s.clock.now += 2 * 3_600_000; // no Web Locks in jsdom: an hour later the display counts as abandoned
    const next = s.load();
    await next.ready;
    await vi.waitFor(async () => {
      await next.flush();
      expect(state.displayRequests.flat().map((x) => [x.outcome, x.channel])).toEqual([['expired', 'qr']]);
    }, ROUND_TRIP);
  });
});
