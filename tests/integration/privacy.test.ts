// Issue 13 in the SDK: consent modes (granted, pending, denied), forget(), redaction, GPC.
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { at, collector, DAY, ENDPOINT, ok, sdk, server, site, T0 } from './helpers.ts';
import type { ForgetResult } from '../../sdk/index.ts';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllGlobals();
});
afterAll(() => server.close());

const FORGET = 'https://collector.test/v1/forget';
const names = async () => (await indexedDB.databases()).map((d) => d.name);

/** A fake /v1/forget: records each body, answers what the collector would. */
function forgetEndpoint(reply?: (tokens: string[]) => Response) {
  const bodies: string[][] = [];
  server.use(
    http.post(FORGET, async ({ request }) => {
      expect(request.headers.get('content-type')).toBe('application/json');
      const { tokens } = (await request.json()) as { tokens: string[] };
      bodies.push(tokens);
      if (reply) return reply(tokens);
      return HttpResponse.json({
        erased: { responses: tokens.length, displays: tokens.length, cases: 0, caseNotes: 0, events: 0 },
        results: tokens.map((t, index) => (t.startsWith('bad') ? { index, status: 'invalid', error: 'bad signature' } : { index, deliveryId: t.slice(4), status: 'erased' })),
      });
    }),
  );
  return bodies;
}

describe('consent: pending', () => {
  test('nothing is written to IndexedDB until an answer; then only the answer, which is sent once', async () => {
    const { a } = sdk({ consent: 'pending' });
    const state = collector((rs) => ok(state)(rs));
    const before = await names();
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0) });
    expect(a.consentStatus).toBe('pending');
    expect((await a.due()).map((d) => d.id)).toEqual(['o1']);
    await a.markShown('o1');
    expect(await names()).toEqual(before);
    const r = await a.answer({ deliveryId: 'o1', csat: 4, comment: 'fine' });
    expect((await names()).length).toBe(before.length + 1);
    await a.flush();
    expect(state.requests).toEqual([[r]]);
    await a.flush();
    expect(state.requests.length).toBe(1);
    a.destroy();
  });

  test('the database holds only the outbox, and consent("granted") then writes the delivery', async () => {
    const s = site({ consent: 'pending' });
    s.clock.now = T0 + 4 * DAY;
    const a = s.load();
    await a.recordDelivery({ id: 'o2', deliveredAt: at(T0) });
    expect(await names()).not.toContain(s.dbName);
    await a.answer({ deliveryId: 'o2', csat: 5, complete: false });
    expect(await names()).toContain(s.dbName);
    // Another page (granted) sees the answer waiting but no delivery.
    const b = s.load({ consent: 'granted' });
    expect((await b.outbox()).pending.length).toBe(1);
    expect(await b.delivery('o2')).toBeUndefined();
    const events: unknown[] = [];
    a.on('consent', (e) => events.push(e));
    expect(await a.consent('granted')).toBeUndefined();
    expect(events).toEqual([{ consent: 'granted' }]);
    expect(a.consentStatus).toBe('granted');
    expect(a.storage).toBe('indexeddb');
    expect((await b.delivery('o2'))?.response?.csat).toBe(5);
    s.close();
  });

  test('respectGpc: navigator.globalPrivacyControl true reads as pending; without the option it changes nothing', () => {
    vi.stubGlobal('navigator', { ...navigator, language: 'en', globalPrivacyControl: true });
    expect(sdk({ respectGpc: true }).a.consentStatus).toBe('pending');
    expect(sdk({}).a.consentStatus).toBe('granted');
    expect(sdk({ respectGpc: true, consent: 'denied' }).a.consentStatus).toBe('denied');
  });
});

describe('consent: denied', () => {
  test('after answers queued offline: the database is deleted, no survey, and only a forget request goes', async () => {
    const s = site();
    s.clock.now = T0 + 4 * DAY;
    const a = s.load();
    await a.recordDelivery({ id: 'o3', deliveredAt: at(T0), token: 'tok-o3' });
    await a.recordDelivery({ id: 'o4', deliveredAt: at(T0) });
    await a.answer({ deliveryId: 'o3', csat: 2 });
    await a.answer({ deliveryId: 'o4', csat: 3 });
    a.destroy();
    expect(await names()).toContain(s.dbName);
    const state = collector((rs) => ok(state)(rs));
    const bodies = forgetEndpoint();
    const b = s.load({ consent: 'denied' });
    const heard = new Promise<{ forgotten?: ForgetResult }>((r) => b.on('consent', r));
    await b.ready;
    const { forgotten } = await heard;
    expect(await names()).not.toContain(s.dbName);
    expect(await b.due()).toEqual([]);
    expect(bodies).toEqual([['tok-o3']]);
    expect(forgotten?.deleted).toEqual({ deliveries: 2, pending: 2, setAside: 0, displays: 0, corrupt: 0 });
    expect(forgotten?.collector).toMatchObject({ status: 'confirmed', results: [{ index: 0, deliveryId: 'o3', status: 'erased' }] });
    await b.flush();
    expect(state.log).toEqual([]);
    await expect(b.answer({ deliveryId: 'o3', csat: 1 })).rejects.toThrow('[aftercare] answer: expected consent("granted") first');
    s.close();
  });

  test('consent("denied") from granted erases and emits; consent() with anything else is misuse', async () => {
    const { a } = sdk();
    forgetEndpoint();
    await a.recordDelivery({ id: 'o5', deliveredAt: at(T0), token: 'tok-o5' });
    const r = await a.consent('denied');
    expect(r?.deleted.deliveries).toBe(1);
    // Delivered or not yet answered: only answers still waiting are withdrawn at the collector.
    expect(r?.collector).toEqual({ status: 'skipped' });
    expect(a.consentStatus).toBe('denied');
    expect(() => a.consent('maybe' as never)).toThrow('[aftercare] consent: expected "granted" or "denied", got "maybe"');
  });
});

describe('forget()', () => {
  test('deletes every local record and the database, sends every token, and reports what the collector confirmed', async () => {
    const s = site();
    s.clock.now = T0 + 4 * DAY;
    const a = s.load();
    const state = collector((rs) => ok(state)(rs));
    const bodies = forgetEndpoint();
    await a.recordDelivery({ id: 'o6', deliveredAt: at(T0), token: 'tok-o6' });
    await a.recordDelivery({ id: 'o7', deliveredAt: at(T0), token: 'bad-o7' });
    await a.recordDelivery({ id: 'o8', deliveredAt: at(T0) });
    await a.markShown('o6');
    await a.answer({ deliveryId: 'o6', csat: 5 });
    await a.flush();
    const r = await a.forget();
    expect(bodies).toEqual([['tok-o6', 'bad-o7']]);
    expect(r).toEqual({
      deleted: { deliveries: 3, pending: 0, setAside: 0, displays: 0, corrupt: 0 },
      tokens: 2,
      collector: {
        status: 'confirmed',
        erased: { responses: 2, displays: 2, cases: 0, caseNotes: 0, events: 0 },
        results: [
          { index: 0, deliveryId: 'o6', status: 'erased' },
          { index: 1, status: 'invalid', error: 'bad signature' },
        ],
      },
    });
    expect(await names()).not.toContain(s.dbName);
    expect(await a.delivery('o6')).toBeUndefined();
    s.close();
  });

  test('offline, rate-limited and refused are values, never exceptions; local data goes anyway', async () => {
    for (const [reply, expected] of [
      [() => HttpResponse.error(), { status: 'offline' }],
      [() => HttpResponse.json({ error: 'slow down' }, { status: 429, headers: { 'retry-after': '30' } }), { status: 'rate-limited', retryAfterMs: 30_000, error: 'slow down' }],
      [() => HttpResponse.json({ error: 'tokens: expected an array' }, { status: 400 }), { status: 'failed', httpStatus: 400, error: 'tokens: expected an array' }],
    ] as const) {
      const { a } = sdk();
      forgetEndpoint(reply as () => Response);
      await a.recordDelivery({ id: 'o9', deliveredAt: at(T0), token: 'tok-o9' });
      const r = await a.forget();
      expect(r.deleted.deliveries).toBe(1);
      expect(r.collector).toMatchObject(expected);
      a.destroy();
    }
  });

  test('without tokens nothing is sent', async () => {
    const { a } = sdk();
    await a.recordDelivery({ id: 'o10', deliveredAt: at(T0) });
    expect((await a.forget()).collector).toEqual({ status: 'skipped' });
  });
});

describe('redact and collectPage', () => {
  test('comments are masked before they are stored or sent', async () => {
    const { a } = sdk({ redact: ['email', 'phone'] });
    const state = collector((rs) => ok(state)(rs));
    await a.recordDelivery({ id: 'o11', deliveredAt: at(T0) });
    const r = await a.answer({ deliveryId: 'o11', csat: 4, comment: '请联系 13812345678 或 a@b.cn' });
    expect(r.comment).toBe('请联系 ••••••••••• 或 ••••••');
    expect((await a.outbox()).pending[0]!.response.comment).toBe(r.comment);
    await a.flush();
    expect(state.requests[0]![0]!.comment).toBe(r.comment);
  });

  test('collectPage: false sends no page', async () => {
    const { a } = sdk({ collectPage: false });
    await a.recordDelivery({ id: 'o12', deliveredAt: at(T0) });
    const r = await a.answer({ deliveryId: 'o12', csat: 4 });
    expect(r.origin).toBeUndefined();
    expect(r.path).toBeUndefined();
    expect(ENDPOINT).toContain('collector.test');
  });
});
