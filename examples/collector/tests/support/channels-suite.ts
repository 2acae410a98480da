// Numbers per channel (issue 24), the same suite on SQLite (tests/unit/channels.test.ts) and on
// PostgreSQL (tests/postgres/channels.test.ts): answers seeded with known figures per channel; the
// summary's segments by channel; the channel= filter on the summary (every driving index), responses,
// export, drivers and cases; GET /v1/channels with its difference tests; and each channel's response
// rate, coverage and answered-at-all in GET /v1/invitations/summary. Every expected figure below was
// worked out by hand (Python, from the formulas' definitions), not with the code under test.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CollectorOptions } from '../../src/app.ts';
import { loadInvitationConfig } from '../../src/config.ts';
import type { Mailer } from '../../src/deliver/mailer.ts';
import { ADMIN, display, response, type Running } from './harness.ts';
import { openApiChecker } from './openapi-check.ts';

export type Start = (options: Partial<CollectorOptions>) => Promise<Running>;

/**
 * October 2026, per channel: answers, CSAT 4–5, promoters, passives, detractors.
 * web:   60 answers, CSAT 45/60 = 75 %, NPS (30 − 20)/60 = 16.7
 * email: 50 answers, CSAT 30/50 = 60 %, NPS (15 − 25)/50 = −20
 * sms:   12 answers, CSAT 11/12 = 91.7 %, NPS (8 − 1)/12 = 58.3
 */
export const KIND = { web: [60, 45, 30, 10], email: [50, 30, 15, 10], sms: [12, 11, 8, 3] } as const;
type Channel = keyof typeof KIND;
const csatOf = (ch: Channel, i: number) => (i < KIND[ch][1] ? (i % 2 ? 5 : 4) : [1, 2, 3][i % 3]!);
const npsOf = (ch: Channel, i: number) => (i < KIND[ch][2] ? (i % 2 ? 10 : 9) : i < KIND[ch][2] + KIND[ch][3] ? (i % 2 ? 8 : 7) : i % 7);
const each = (ch: Channel) => Array.from({ length: KIND[ch][0] }, (_, i) => i);
let offset = 0;
const kindAnswers = (ch: Channel) =>
  each(ch).map((i) =>
    response({
      deliveryId: `kind-${ch}-${i}`,
      answeredAt: new Date(Date.parse('2026-10-05T10:00:00.000Z') + offset++ * 600_000).toISOString(),
      csat: csatOf(ch, i),
      nps: npsOf(ch, i),
      ...(i % 5 === 0 ? { comment: `kind words ${i}` } : {}),
      meta: { store: i % 2 ? 'Paris' : 'Berlin' },
      ...(i % 3 === 0 ? { reasons: ['speed'] } : {}),
      ...(ch === 'web' ? {} : { channel: ch }),
    }),
  );
const OCT = 'from=2026-10-01&to=2026-10-31';
const NOV = 'from=2026-11-01&to=2026-11-30';
const DELIVERED = '2026-11-02T08:00:00.000Z';
const d = (i: number) => `d-${String(i).padStart(2, '0')}`;

export function channelsSuite(start: Start) {
  let k: Running;
  let clock = Date.parse('2026-11-02T09:00:00.000Z');
  const mailer: Mailer = { send: async () => ({ kind: 'sent', reply: '250 ok' }), close() {} };
  const post = async (body: unknown) => expect(await (await k.send(body)).json()).toMatchObject({ rejected: [] });

  beforeAll(async () => {
    const invitations = loadInvitationConfig({ AFTERCARE_MAIL_FROM: 'Shop <feedback@shop.example>', AFTERCARE_PUBLIC_URL: 'http://127.0.0.1:9', AFTERCARE_SEND_HOURS: '00-24' });
    k = await start({ invitations, mailer, startInvitationWorker: false, now: () => clock, timeZone: 'UTC' });
    const all = [...kindAnswers('web'), ...kindAnswers('email'), ...kindAnswers('sms')];
    for (let i = 0; i < all.length; i += 50) await post({ responses: all.slice(i, i + 50) });
    // October's displays: ten of the widget (six answered), four of the e-mail's survey page (two answered).
    const shown = (i: number, channel?: string) => display({ shownAt: `2026-10-0${6 + (i % 3)}T09:00:00.000Z`, endedAt: `2026-10-0${6 + (i % 3)}T09:01:00.000Z`, outcome: i % 2 ? 'dismissed' : 'answered', ...(channel ? { channel } : {}) });
    await post({ displays: [...[0, 2, 4, 6, 8, 10, 1, 3, 5, 7].map((i) => shown(i)), ...[0, 2, 1, 3].map((i) => shown(i, 'email'))] });

    // November: 25 deliveries, d-01…d-20 with an address (each invited by e-mail), d-21…d-25 without.
    const deliveries = Array.from({ length: 25 }, (_, i) => ({ id: d(i + 1), deliveredAt: DELIVERED, ...(i < 20 ? { email: `c${i + 1}@example.com` } : {}) }));
    const res = await fetch(`${k.url}/v1/deliveries`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ deliveries }) });
    expect(await res.json()).toEqual({ accepted: 25, rejected: [] });
    clock = Date.parse('2026-11-05T10:00:00.000Z');
    while ((await k.c.invitationWorker.runOnce()) > 0);
    clock = Date.parse('2026-11-06T12:00:00.000Z');
    const answer = (i: number, o: Record<string, unknown> = {}) => response({ deliveryId: d(i), deliveredAt: DELIVERED, answeredAt: `2026-11-05T12:${String(i).padStart(2, '0')}:00.000Z`, csat: 4, ...o });
    const widget = (i: number, outcome: string) => display({ deliveryId: d(i), shownAt: `2026-11-05T11:${String(i).padStart(2, '0')}:00.000Z`, endedAt: `2026-11-05T11:${String(i).padStart(2, '0')}:30.000Z`, outcome });
    await post({
      // d-01…d-08 answer the e-mail (three with a comment); d-09 and d-10, invited too, answer the widget.
      responses: [
        ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => answer(i, { channel: 'email', ...(i <= 3 ? { comment: `mail ${i}` } : {}) })),
        answer(9, { comment: 'in the page' }), answer(10), answer(21), answer(23, { channel: 'sms' }),
      ],
      // The widget shows five times in November: three answered (d-09, d-10, d-21), two dismissed.
      displays: [widget(9, 'answered'), widget(10, 'answered'), widget(11, 'dismissed'), widget(21, 'answered'), widget(22, 'dismissed')],
    });
  });
  afterAll(() => k?.close());

  describe('the summary by channel', () => {
    test('one segment per channel, most answers first, each with its figures and intervals as worked out by hand', async () => {
      const s = await k.ok(`/v1/summary?${OCT}&by=channel`);
      const seg = (v: string) => s.segments.find((x: { value: string }) => x.value === v);
      expect(s.segments.map((x: { key: string; value: string; responses: number }) => [x.key, x.value, x.responses])).toEqual([['channel', 'web', 60], ['channel', 'email', 50], ['channel', 'sms', 12]]);
      // Wilson for the share of 4–5; Rocks' adjusted-Wald for NPS (one decimal, as the summary reports them).
      expect(seg('web')).toMatchObject({ csat: { score: 75, ci: [62.8, 84.2], few: false }, nps: { score: 16.7, promoters: 30, passives: 10, detractors: 20, ci: [-6.1, 37.9] } });
      expect(seg('email')).toMatchObject({ csat: { score: 60, ci: [46.2, 72.4] }, nps: { score: -20, ci: [-42.1, 4.4] } });
      expect(seg('sms')).toMatchObject({ csat: { score: 91.7, ci: [64.6, 98.5], few: true }, nps: { score: 58.3, ci: [11.5, 81.8], few: true } });
      expect(s.segmentsTotal).toBe(3);
    });

    test('the same segments under a meta, a reason or a text filter (each a driving index of its own)', async () => {
      const count = (ch: Channel, keep: (i: number) => boolean) => each(ch).filter(keep).length;
      for (const [query, keep] of [
        ['meta.store=Berlin', (i: number) => i % 2 === 0],
        ['reason=speed', (i: number) => i % 3 === 0],
        ['q=kind%20words', (i: number) => i % 5 === 0],
      ] as const) {
        const s = await k.ok(`/v1/summary?${OCT}&by=channel&${query}`);
        expect(Object.fromEntries(s.segments.map((x: { value: string; responses: number }) => [x.value, x.responses])), query).toEqual({ web: count('web', keep), email: count('email', keep), sms: count('sms', keep) });
      }
    });
  });

  describe('channel= on every read route', () => {
    test('summary: one channel, web for the widget, several at once; the display figures follow', async () => {
      const email = await k.ok(`/v1/summary?${OCT}&channel=email`);
      expect(email).toMatchObject({ responses: 50, csat: { score: 60 }, nps: { score: -20 }, displays: { total: 4, answered: 2 } });
      expect(await k.ok(`/v1/summary?${OCT}&channel=web`)).toMatchObject({ responses: 60, displays: { total: 10, answered: 6 } });
      expect(await k.ok(`/v1/summary?${OCT}&channel=web&channel=sms`)).toMatchObject({ responses: 72, displays: { total: 10 } });
      expect(await k.ok(`/v1/summary?${OCT}&channel=qr`)).toMatchObject({ responses: 0, displays: { total: 0 } });
      // Under a meta and a reason filter (the side tables hold the channel, migration 011), and with the series.
      expect((await k.ok(`/v1/summary?${OCT}&channel=email&meta.store=Berlin`)).responses).toBe(25);
      expect((await k.ok(`/v1/summary?${OCT}&channel=sms&reason=speed`)).responses).toBe(4);
      const series = await k.ok(`/v1/summary?${OCT}&channel=sms&interval=week`);
      expect(series.series.reduce((n: number, p: { responses: number }) => n + p.responses, 0)).toBe(12);
    });

    test('responses, export (CSV and NDJSON), drivers and cases', async () => {
      const list = await k.ok(`/v1/responses?${OCT}&channel=sms&limit=500`);
      expect(list.responses.map((r: { channel: string }) => r.channel)).toEqual(Array(12).fill('sms'));
      expect((await k.ok(`/v1/responses?${OCT}&channel=web&limit=500`)).responses.every((r: { channel: string }) => r.channel === 'web')).toBe(true);
      const get = (path: string) => fetch(`${k.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } }).then((r) => r.text());
      const ndjson = (await get(`/v1/export?${OCT}&channel=email&format=ndjson`)).trim().split('\n').map((l) => JSON.parse(l) as { channel: string });
      expect(ndjson).toHaveLength(50);
      expect(new Set(ndjson.map((r) => r.channel))).toEqual(new Set(['email']));
      expect((await get(`/v1/export?${OCT}&channel=sms&meta.store=Paris`)).trim().split('\r\n')).toHaveLength(1 + 6);
      expect((await k.ok(`/v1/drivers?${OCT}&channel=sms`)).total).toEqual({ n: 12, nps: 58.3, csat: 91.7 });
      // The default alert opens a case for NPS 0–6 or CSAT 1–2.
      const unhappy = each('email').filter((i) => npsOf('email', i) <= 6 || csatOf('email', i) <= 2).length;
      const cases = await k.ok(`/v1/cases?${OCT}&channel=email&limit=500`);
      expect(cases.cases).toHaveLength(unhappy);
    });

    test('400 naming the parameter: a bad id, more than ten values', async () => {
      const bad = await k.read('/v1/summary?channel=E-mail');
      expect(bad).toEqual({ status: 400, body: { error: 'channel: expected a channel id (web, email, sms, link, qr, phone or your own: 1–20 characters a–z, 0–9, _ or -); got "E-mail"' } });
      const many = Array.from({ length: 11 }, (_, i) => `channel=c${i}`).join('&');
      for (const path of ['/v1/responses', '/v1/export', '/v1/drivers', '/v1/cases', '/v1/channels']) {
        expect(await k.read(`${path}?${many}`), path).toEqual({ status: 400, body: { error: 'channel: expected at most 10 values; got 11' } });
      }
      expect((await k.read('/v1/channels?baseline=Web')).body.error).toMatch(/^baseline: expected a channel id/);
    });
  });

  describe('GET /v1/channels: is one channel kinder than another?', () => {
    test('each channel against the widget: CSAT by the two-proportion z-test, NPS by the difference\'s own interval', async () => {
      const c = await k.ok(`/v1/channels?${OCT}`);
      expect(c).toMatchObject({ confidence: 0.95, alpha: 0.05, baseline: 'web' });
      expect(c.channels.map((x: { channel: string }) => x.channel)).toEqual(['web', 'email', 'sms']);
      const [web, email, sms] = c.channels;
      expect(web).toMatchObject({ responses: 60, csat: { score: 75, ci: [62.8, 84.2] }, nps: { score: 16.7, ci: [-6.1, 37.9] }, vsBaseline: null });
      // E-mail: CSAT 60 % against 75 %, z = −1.68, p = 0.0926: within the noise. NPS −20 against 16.7:
      // −36.7 points, interval −69.8 … −3.5, which leaves out 0: a real difference, although the two
      // NPS intervals (−42.1 … 4.4 and −6.1 … 37.9) overlap.
      expect(email.vsBaseline).toEqual({
        csat: { difference: -15, z: -1.68, p: 0.0926, withinNoise: true },
        nps: { difference: -36.7, ci: [-69.8, -3.5], p: 0.0302, withinNoise: false },
      });
      // SMS: 91.7 % against 75 %, z = 1.27, p = 0.2049; NPS +41.7, interval −1.1 … 84.4: both within the noise.
      expect(sms.vsBaseline).toEqual({
        csat: { difference: 16.7, z: 1.27, p: 0.2049, withinNoise: true },
        nps: { difference: 41.7, ci: [-1.1, 84.4], p: 0.0561, withinNoise: true },
      });
    });

    test('another baseline by name; without answers of the widget, the channel with the most; the filters apply', async () => {
      const byEmail = await k.ok(`/v1/channels?${OCT}&baseline=email`);
      expect(byEmail.channels.map((x: { channel: string }) => x.channel)).toEqual(['email', 'web', 'sms']);
      expect(byEmail.channels[1].vsBaseline.nps).toEqual({ difference: 36.7, ci: [3.5, 69.8], p: 0.0302, withinNoise: false });
      expect(byEmail.channels[1].vsBaseline.csat).toMatchObject({ difference: 15, z: 1.68, p: 0.0926 });
      const noWeb = await k.ok(`/v1/channels?${OCT}&channel=email&channel=sms`);
      expect(noWeb.baseline).toBe('email');
      expect(noWeb.channels.map((x: { channel: string }) => x.channel)).toEqual(['email', 'sms']);
      expect(await k.ok('/v1/channels?from=2020-01-01&to=2020-01-02')).toEqual({ confidence: 0.95, alpha: 0.05, baseline: null, channels: [], path: 'aggregates' });
      expect((await k.ok(`/v1/channels?${OCT}&baseline=qr`)).channels.every((x: { vsBaseline: unknown }) => x.vsBaseline === null)).toBe(true);
    });
  });

  describe('response rate per channel (GET /v1/invitations/summary)', () => {
    test('per channel: asked, answered through it, with a comment, the rate; coverage and answered at all', async () => {
      const s = await k.ok(`/v1/invitations/summary?${NOV}`);
      expect(s).toMatchObject({ deliveries: 25, invited: 20, answered: 12, rate: { answered: 10, of: 20 } });
      const near = (r: { answered: number; of: number; share: number; low: number; high: number }, want: [number, number, number, number]) => {
        expect([r.answered, r.of]).toEqual(want.slice(0, 2));
        expect(r.share).toBeCloseTo(want[0] / want[1], 10);
        expect(r.low).toBeCloseTo(want[2], 4);
        expect(r.high).toBeCloseTo(want[3], 4);
      };
      expect(s.channels.map((c: { channel: string; invited: number; answered: number; commented: number }) => [c.channel, c.invited, c.answered, c.commented])).toEqual([
        ['email', 20, 8, 3],
        ['web', 5, 3, 1],
        ['sms', 0, 1, 0],
      ]);
      // E-mail 8 of 20 (d-09 and d-10 answered the widget, not the e-mail); the widget 3 of 5 displays.
      near(s.channels[0].rate, [8, 20, 0.2188, 0.6134]);
      near(s.channels[1].rate, [3, 5, 0.2307, 0.8824]);
      expect(s.channels[2].rate).toBeNull();
      // Asked at all: the 20 invited, d-21 and d-22 shown the widget, d-23 answered by SMS (23 of 25);
      // answered at all: d-01…d-10, d-21, d-23 (12 of 25).
      near(s.coverage, [23, 25, 0.7503, 0.9778]);
      near(s.answeredAny, [12, 25, 0.3003, 0.665]);
    });

    test('the OpenAPI document describes what the routes answer', async () => {
      const check = openApiChecker(await k.ok('/v1/openapi.json'));
      check('/components/schemas/InvitationSummary', await k.ok(`/v1/invitations/summary?${NOV}`));
      check('/components/schemas/Channels', await k.ok(`/v1/channels?${OCT}`));
      check('/components/schemas/Summary', await k.ok(`/v1/summary?${OCT}&by=channel&channel=web&channel=email`));
    });
  });
}
