// Phone answers (POST /v1/deliveries/:id/answers) against a real collector with a clock the test
// moves, the same suite on SQLite (tests/unit/phone.test.ts) and PostgreSQL (tests/postgres): one
// response with channel `phone` and who recorded it, the delivery's locale, customer and meta; its
// wave's invitations cancelled; a case for a detractor; POST /v1/answered says answered; never a second
// answer for the wave (409 naming the first), whoever gave it; 400s naming the field; audited with the actor.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadInvitationConfig, type InvitationConfig } from '../../src/config.ts';
import type { CollectorOptions } from '../../src/app.ts';
import { openApiDocument } from '../../src/http/openapi.ts';
import { openApiChecker } from './openapi-check.ts';
import { ADMIN, response, type Running } from './harness.ts';

type Start = (o: Partial<CollectorOptions> & { invitations: InvitationConfig }) => Promise<Running>;

export function phoneSuite(start: Start) {
  const DAY = 86_400_000;
  const DELIVERED = '2026-11-20T08:00:00.000Z';
  let clock = Date.parse(DELIVERED) + 3_600_000;
  let k: Running;
  const check = openApiChecker(openApiDocument('0.1.0'));

  const call = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${k.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const answer = (id: string, body: unknown) => call(`/v1/deliveries/${encodeURIComponent(id)}/answers`, body);
  const deliver = async (...deliveries: object[]) => expect((await call('/v1/deliveries', { deliveries })).body).toEqual({ accepted: deliveries.length, rejected: [] });
  const timeline = async (id: string) => (await k.ok(`/v1/deliveries/${id}`)).timeline as Array<{ wave: number; kind: string; status: string; reason: string | null }>;
  const answered = async (deliveries: object[]) =>
    (await (await fetch(`${k.url}/v1/answered`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deliveries }) })).json()) as { answered: unknown[] };

  beforeAll(async () => {
    const invitations = loadInvitationConfig({ AFTERCARE_MAIL_FROM: 'Shop <feedback@shop.example>', AFTERCARE_PUBLIC_URL: 'http://127.0.0.1:9', AFTERCARE_MAIL_PREVIEW: '1' });
    k = await start({ invitations, mailer: null, startInvitationWorker: false, now: () => clock });
    await deliver(
      { id: 'call-1', deliveredAt: DELIVERED, customerId: 'c-77', email: 'ana@example.com', locale: 'de', survey: 'both', meta: { store: 'Berlin', technician: 'Anna' } },
      { id: 'call-2', deliveredAt: DELIVERED, email: 'li@example.com', survey: 'nps' },
      { id: 'call-3', deliveredAt: DELIVERED, email: 'jo@example.com', locale: 'en-GB', survey: 'csat' },
      { id: 'call-plan', deliveredAt: DELIVERED, email: 'plan@example.com', survey: 'nps', resurvey: { everyDays: 30, untilDays: 100 } },
    );
    clock = Date.parse(DELIVERED) + 4 * DAY;
  });
  afterAll(() => k?.close());

  describe('POST /v1/deliveries/:id/answers', () => {
    test("a detractor's phone answer: one response, channel phone, recorded by the credential, the delivery's locale, customer and meta; a case; the invitations cancelled; answered", async () => {
      expect((await timeline('call-1')).map((x) => x.status)).toEqual(['scheduled']);
      const { status, body } = await answer('call-1', { csat: 2, nps: 3, reasons: ['speed', 'speed', 'communication'], comment: '  Came two days late.  ' });
      expect(status, JSON.stringify(body)).toBe(201);
      check('/components/schemas/StoredResponse', body.response);
      expect(body.response).toMatchObject({
        deliveryId: 'call-1', deliveredAt: DELIVERED, answeredAt: new Date(clock).toISOString(), wave: 0, csat: 2, nps: 3, comment: 'Came two days late.',
        reasons: ['speed', 'communication'], channel: 'phone', recordedBy: 'admin token', complete: true, locale: 'de', customerId: 'c-77',
        meta: { store: 'Berlin', technician: 'Anna' }, origin: null, path: null, signed: true, revision: 1,
      });
      const rows = (await k.rows()).filter((r) => r.deliveryId === 'call-1');
      expect(rows.map((r) => [r.id, r.channel, r.recordedBy])).toEqual([[body.response.id, 'phone', 'admin token']]);
      // Stored through the same path as every answer: the reasons and meta side tables, the summary.
      expect((await k.ok('/v1/summary?reason=communication')).responses).toBe(1);
      expect((await k.ok('/v1/summary?meta.technician=Anna')).responses).toBe(1);
      expect(await timeline('call-1')).toMatchObject([{ kind: 'invite', status: 'cancelled', reason: 'answered (phone)' }]);
      const cases = (await k.ok('/v1/cases')).cases as Array<{ id: string; deliveryId: string; responseId: string; status: string }>;
      const opened = cases.filter((x) => x.deliveryId === 'call-1');
      expect(opened).toMatchObject([{ responseId: body.response.id, status: 'open' }]);
      expect(body.caseId).toBe(opened[0]!.id);
      expect(await answered([{ deliveryId: 'call-1', wave: 0 }])).toEqual({ answered: [{ deliveryId: 'call-1', wave: 0 }] });
      // The delivery's page shows it, with who recorded it.
      const detail = await k.ok('/v1/deliveries/call-1');
      check('/components/schemas/DeliveryDetail', detail);
      expect(detail.answers).toMatchObject([{ id: body.response.id, channel: 'phone', recordedBy: 'admin token', nps: 3 }]);
    });

    test('a second answer for the wave is refused, naming the first; the widget cannot add one either', async () => {
      const first = (await k.rows()).find((r) => r.deliveryId === 'call-1')!;
      const again = await answer('call-1', { nps: 10 });
      expect(again.status).toBe(409);
      expect(again.body.error).toBe(
        `wave: delivery "call-1" already has an answer: response ${first.id} (phone, ${first.answeredAt}); one answer per delivery and wave, and a phone answer never replaces the customer's own`,
      );
      expect(again.body.response).toEqual({ id: first.id, channel: 'phone', answeredAt: first.answeredAt });
      const widget = await (await k.send({ responses: [response({ deliveryId: 'call-1', deliveredAt: DELIVERED, answeredAt: new Date(clock).toISOString(), nps: 10 })] })).json();
      expect(widget.rejected[0].error).toMatch(/already has a response under another id/);
      expect((await k.rows()).filter((r) => r.deliveryId === 'call-1')).toHaveLength(1);
    });

    test("the customer's own answer is never replaced: 409 naming it, nothing stored", async () => {
      const own = response({ deliveryId: 'call-2', deliveredAt: DELIVERED, answeredAt: new Date(clock - 3_600_000).toISOString(), nps: 9, csat: undefined, channel: 'email' });
      expect((await (await k.send({ responses: [own] })).json()).accepted).toBe(1);
      const { status, body } = await answer('call-2', { nps: 2 });
      expect(status).toBe(409);
      expect(body.error).toMatch(new RegExp(`^wave: delivery "call-2" already has an answer: response ${own.id} \\(email, `));
      expect((await k.rows()).filter((r) => r.deliveryId === 'call-2').map((r) => [r.id, r.nps, r.channel])).toEqual([[own.id, 9, 'email']]);
    });

    test('a passive answer opens no case; complete only when every question of the delivery has its score; no locale is `und`', async () => {
      await deliver({ id: 'call-4', deliveredAt: DELIVERED, survey: 'both' });
      const { status, body } = await answer('call-4', { nps: 8 });
      expect(status).toBe(201);
      expect(body).toMatchObject({ caseId: null, response: { nps: 8, csat: null, complete: false, locale: 'und', customerId: null, meta: null, reasons: [], comment: null } });
      expect((await answer('call-3', { csat: 4, answeredAt: '2026-11-23T10:00:00+01:00' })).body.response).toMatchObject({ complete: true, locale: 'en-GB', answeredAt: '2026-11-23T09:00:00.000Z' });
    });

    test("the wave: the delivery's current one by default; another of its plan when given; none beyond it", async () => {
      clock = Date.parse(DELIVERED) + 35 * DAY;
      const now = await answer('call-plan', { nps: 7 });
      expect(now.status, JSON.stringify(now.body)).toBe(201);
      expect(now.body.response.wave).toBe(1);
      expect((await timeline('call-plan')).filter((x) => x.wave === 1).map((x) => x.status)).toEqual(['cancelled']);
      expect((await timeline('call-plan')).filter((x) => x.wave === 2).map((x) => x.status)).toEqual(['scheduled']);
      expect((await answer('call-plan', { nps: 9, wave: 0 })).body.response.wave).toBe(0);
      expect((await answer('call-plan', { nps: 9, wave: 4 })).body.error).toBe("wave: expected 0 to 3, the waves of this delivery's plan");
      expect((await answer('call-3', { csat: 4, wave: 1 })).body.error).toBe('wave: expected 0 (this delivery has no re-survey plan)');
      expect(await answered([{ deliveryId: 'call-plan', wave: 0 }, { deliveryId: 'call-plan', wave: 1 }, { deliveryId: 'call-plan', wave: 2 }])).toEqual({
        answered: [{ deliveryId: 'call-plan', wave: 0 }, { deliveryId: 'call-plan', wave: 1 }],
      });
      clock = Date.parse(DELIVERED) + 4 * DAY;
    });

    test('400 names the field, with the wire\'s limits; 404 for an unknown delivery; 415; 401 without the credential', async () => {
      await deliver({ id: 'call-bad', deliveredAt: DELIVERED });
      const cases: Array<[unknown, string]> = [
        [{}, 'csat: expected a csat or nps score (a comment alone is not an answer)'],
        [{ comment: 'only words' }, 'csat: expected a csat or nps score (a comment alone is not an answer)'],
        [{ csat: 6 }, 'csat: expected an integer from 1 to 5'],
        [{ nps: 11 }, 'nps: expected an integer from 0 to 10'],
        [{ nps: 4.5 }, 'nps: expected an integer from 0 to 10'],
        [{ csat: 3, reasons: 'speed' }, 'reasons: expected a list of reason ids such as ["speed", "solved"]'],
        [{ csat: 3, reasons: Array.from({ length: 11 }, (_, i) => `r${i}`) }, 'reasons: expected at most 10 reasons'],
        [{ csat: 3, reasons: ['x'.repeat(41)] }, 'reasons.0: expected at most 40 characters'],
        [{ csat: 3, comment: 'x'.repeat(5001) }, 'comment: expected at most 5000 characters'],
        [{ csat: 3, wave: -1 }, 'wave: expected an integer from 0 to 2147483647'],
        [{ csat: 3, answeredAt: 'yesterday' }, 'answeredAt: expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z'],
        [{ csat: 3, answeredAt: '2026-11-18T00:00:00Z' }, `answeredAt: expected a time no more than a day before the delivery (${DELIVERED})`],
        [{ csat: 3, answeredAt: '2026-12-30T00:00:00Z' }, `answeredAt: expected a time from 2000-01-01T00:00:00Z to the collector's clock plus 5 minutes (${new Date(clock + 300_000).toISOString()})`],
        [{ csat: 3, score: 3 }, 'score: not a field of a phone answer; expected wave, csat, nps, reasons, comment, answeredAt'],
        [[3], 'body: expected an object such as {"nps": 3, "comment": "…"}'],
        ['{oops', 'body: expected JSON such as {"nps": 3, "comment": "…"}'],
      ];
      for (const [body, error] of cases) expect([JSON.stringify(body).slice(0, 60), await answer('call-bad', body)]).toEqual([JSON.stringify(body).slice(0, 60), { status: 400, body: { error } }]);
      expect((await k.rows()).filter((r) => r.deliveryId === 'call-bad')).toEqual([]);
      expect(await answer('nobody', { nps: 3 })).toEqual({ status: 404, body: { error: 'id: no delivery "nobody" is known' } });
      expect((await call('/v1/deliveries/call-bad/answers', 'nps=3', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
      const anonymous = await fetch(`${k.url}/v1/deliveries/call-bad/answers`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"nps":3}' });
      expect(anonymous.status).toBe(401);
      // From another origin: refused before anything is read.
      expect((await call('/v1/deliveries/call-bad/answers', { nps: 3 }, { origin: 'https://evil.example' })).status).toBe(403);
    });

    test('audited as delivery.answer with the actor: what was stored, and the refusals', async () => {
      const { entries } = await k.ok('/v1/audit?action=delivery.answer&limit=500');
      const call1 = (entries as Array<{ actor: string; target: string; outcome: string; rows: number | null; detail: Record<string, unknown> | null }>).filter((e) => e.target === 'delivery call-1');
      const stored = (await k.rows()).find((r) => r.deliveryId === 'call-1')!;
      // Newest first: the refused second answer, then the stored one.
      expect(call1).toMatchObject([
        { actor: 'admin token', outcome: expect.stringMatching(/^refused: 409 wave: delivery "call-1" already has an answer/) },
        { actor: 'admin token', outcome: 'done', rows: 1, detail: { responseId: stored.id, wave: 0, caseId: expect.any(String) } },
      ]);
      expect(entries.some((e: { target: string; outcome: string }) => e.target === 'delivery call-bad' && e.outcome.startsWith('refused: 400 nps: expected an integer from 0 to 10'))).toBe(true);
      // No comment text in the audit log.
      expect(JSON.stringify(entries)).not.toContain('two days late');
    });

    test("through the dashboard's session: recorded by that session, as the audit names it", async () => {
      const signIn = await fetch(`${k.url}/dashboard/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: k.url }, body: JSON.stringify({ token: ADMIN }) });
      expect(signIn.status).toBe(204);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      await deliver({ id: 'call-5', deliveredAt: DELIVERED, survey: 'csat' });
      const res = await fetch(`${k.url}/v1/deliveries/call-5/answers`, { method: 'POST', headers: { cookie, origin: k.url, 'content-type': 'application/json' }, body: JSON.stringify({ csat: 1 }) });
      const body = (await res.json()) as any;
      expect(res.status, JSON.stringify(body)).toBe(201);
      expect(body.response.recordedBy).toMatch(/^admin token session [0-9a-f]{8}$/);
      const { entries } = await k.ok('/v1/audit?action=delivery.answer');
      expect(entries.find((e: { target: string }) => e.target === 'delivery call-5')).toMatchObject({ actor: body.response.recordedBy, outcome: 'done' });
    });
  });
}
