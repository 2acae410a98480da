// Deliveries and the invitation schedule, in-process with a recording mailer and a clock the test
// moves: the API's validation and idempotency, the CSV upload, the timeline, cancelling, the worker's
// decisions (sending hours, reminder, window, cooldown, unsubscribe, suppression, an answer by any
// channel), the survey and unsubscribe pages (GET changes nothing), POST /v1/answered, and erasure.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Mailer, OutgoingMail, SendResult } from '../../src/deliver/mailer.ts';
import { loadInvitationConfig } from '../../src/config.ts';
import { openApiDocument } from '../../src/http/openapi.ts';
import { openApiChecker } from '../support/openapi-check.ts';
import { ADMIN, response, startCollector, type Running } from '../support/harness.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-02T07:00:00Z');

function recorder() {
  const sent: OutgoingMail[] = [];
  let next: SendResult = { kind: 'sent', reply: '250 ok' };
  const mailer: Mailer = {
    async send(m) {
      if (next.kind === 'sent') sent.push(m);
      return next;
    },
    close() {},
  };
  return { mailer, sent, fail: (r: SendResult) => void (next = r) };
}

let k: Running;
let clock = T0;
const rec = recorder();
const admin = { authorization: `Bearer ${ADMIN}` };
/** A post; deliveries are posted an hour after the latest of them was delivered (the clock moves there if behind). */
const post = (path: string, body: unknown, type = 'application/json') => {
  for (const d of ((body as { deliveries?: Array<{ deliveredAt?: string }> })?.deliveries ?? [])) {
    const t = Date.parse(d.deliveredAt ?? '') + 3_600_000;
    if (t > clock && t < Date.parse('2027-01-01')) clock = t;
  }
  return send(path, body, type);
};
const send = (path: string, body: unknown, type = 'application/json') =>
  fetch(`${k.url}${path}`, { method: 'POST', headers: { ...admin, 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });
const run = async (at: number) => {
  clock = at;
  while ((await k.c.invitationWorker.runOnce()) > 0);
};
const timeline = async (id: string) => (await k.ok(`/v1/deliveries/${encodeURIComponent(id)}`)).timeline as Array<{ kind: string; status: string; reason: string | null; sentAt: string | null; dueAt: string; wave: number }>;
const codeOf = (m: OutgoingMail) => /\/u\/([A-Za-z0-9_-]+)>/.exec(m.headers['List-Unsubscribe']!)![1]!;

beforeAll(async () => {
  const invitations = loadInvitationConfig({
    AFTERCARE_MAIL_FROM: 'Shop <feedback@shop.example>', AFTERCARE_PUBLIC_URL: 'http://127.0.0.1:9', AFTERCARE_MAIL_PREVIEW: '1',
    AFTERCARE_BRAND_NAME: 'Shop & Co', AFTERCARE_MAIL_FOOTER: 'Shop GmbH, Hauptstr. 1, Berlin',
  });
  k = await startCollector({ invitations, mailer: rec.mailer, startInvitationWorker: false, now: () => clock, timeZone: 'Europe/Berlin' });
});
afterAll(() => k?.close());

describe('POST /v1/deliveries', () => {
  test('needs the admin credential', async () => {
    const res = await fetch(`${k.url}/v1/deliveries`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"deliveries":[]}' });
    expect(res.status).toBe(401);
  });

  test('a bad field is named by its path; the good deliveries are kept', async () => {
    const { status, body } = await json(
      await post('/v1/deliveries', {
        deliveries: [
          { id: 'v-1', deliveredAt: '2026-11-01T10:00:00Z', email: 'ana@example.com' },
          { id: 'v-2', deliveredAt: 'yesterday' },
          { id: 'v-3', deliveredAt: '2026-11-01T10:00:00Z', email: 'not-an-address' },
          { id: 'v-4', deliveredAt: '2026-11-01T10:00:00Z', resurvey: { everyDays: 3, untilDays: 100 } },
          { id: 'v-5', deliveredAt: '2026-11-01T10:00:00Z', timeZone: 'Mars/Olympus' },
          { id: 'v-6', deliveredAt: '2026-11-01T10:00:00Z', survey: 'ces' },
          { id: 'v-7', deliveredAt: '1999-12-31T23:59:59Z' },
          { id: 'v-8', deliveredAt: '2026-11-01T10:00:00Z', phone: '030 123' },
          { id: 'v-1', deliveredAt: '2026-11-01T10:00:00Z' },
          { id: 'v-9', deliveredAt: '2026-11-01T10:00:00Z', meta: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) },
        ],
      }),
    );
    expect(status).toBe(200);
    expect(body.accepted).toBe(1);
    expect(body.rejected.map((r: { index: number; error: string }) => `${r.index} ${r.error.split(':')[0]}`)).toEqual([
      '1 deliveries.1.deliveredAt', '2 deliveries.2.email', '3 deliveries.3.resurvey.everyDays', '4 deliveries.4.timeZone', '5 deliveries.5.survey',
      '6 deliveries.6.deliveredAt', '7 deliveries.7.phone', '8 deliveries.8.id', '9 deliveries.9.meta',
    ]);
  });

  test('a whole bad body is a 400 naming it; more than 1,000 is refused', async () => {
    expect((await json(await post('/v1/deliveries', '{oops'))).body.error).toMatch(/^body:/);
    expect((await json(await post('/v1/deliveries', { deliveries: 'x' }))).body.error).toMatch(/^deliveries:/);
    const many = Array.from({ length: 1001 }, (_, i) => ({ id: `m-${i}`, deliveredAt: '2026-11-01T10:00:00Z' }));
    const r = await json(await post('/v1/deliveries', { deliveries: many }));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/^deliveries: expected 1 to 1000/);
    expect((await json(await post('/v1/deliveries', 'id\n1', 'text/xml'))).status).toBe(415);
  });

  test('idempotent by id: a repeat updates contact, locale and meta, keeps what it does not name, and schedules nothing twice', async () => {
    const d = { id: 'idem-1', deliveredAt: '2026-11-01T10:00:00Z', email: 'old@example.com', locale: 'en', meta: { store: 'Berlin' } };
    expect((await json(await post('/v1/deliveries', { deliveries: [d] }))).body).toEqual({ accepted: 1, rejected: [] });
    expect((await json(await post('/v1/deliveries', { deliveries: [{ id: 'idem-1', deliveredAt: '2026-11-01T11:00:00+01:00', email: 'new@example.com', locale: 'de' }] }))).body).toEqual({ accepted: 1, rejected: [] });
    const got = await k.ok('/v1/deliveries/idem-1');
    expect(got.delivery).toMatchObject({ email: 'new@example.com', locale: 'de', meta: { store: 'Berlin' } });
    expect(got.timeline).toHaveLength(1);
    const moved = await json(await send('/v1/deliveries', { deliveries: [{ id: 'idem-1', deliveredAt: '2026-11-01T12:00:00Z' }] }));
    expect(moved.status).toBe(200);
    expect(moved.body.rejected[0].error, JSON.stringify(moved.body)).toMatch(/^deliveries\.0\.deliveredAt: the stored delivery was delivered at 2026-11-01T10:00:00.000Z/);
  });

  test('CSV: the same columns, errors by row and column; quoted fields and meta columns', async () => {
    const csv = [
      'id,deliveredAt,email,locale,survey,resurveyEveryDays,resurveyUntilDays,meta.store',
      'csv-1,2026-11-01T10:00:00Z,csv1@example.com,zh-CN,nps,,,"Shanghai, Pudong"',
      'csv-2,2026-11-01T10:00:00Z,broken,,,,,',
      'csv-3,2026-11-01T10:00:00Z,csv3@example.com,,both,90,abc,',
    ].join('\r\n');
    const { status, body } = await json(await post('/v1/deliveries', csv, 'text/csv'));
    expect(status).toBe(200);
    expect(body.accepted).toBe(1);
    expect(body.rejected).toEqual([
      { index: 1, row: 3, error: expect.stringMatching(/^email: expected an e-mail address/) },
      { index: 2, row: 4, error: expect.stringMatching(/^resurveyUntilDays: expected untilDays/) },
    ]);
    expect((await k.ok('/v1/deliveries/csv-1')).delivery).toMatchObject({ locale: 'zh-CN', survey: 'nps', meta: { store: 'Shanghai, Pudong' } });
    const bad = await json(await post('/v1/deliveries', 'id,colour\nx,red', 'text/csv'));
    expect(bad).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^csv: unknown column "colour"/) } });
  });
});

describe('the schedule', () => {
  test('sent on day 3 in the sending hours of the delivery\'s zone, the reminder two days later, nothing after the window', async () => {
    // Delivered 22:00 in Shanghai: day 3 at 22:00 there is outside 09–20, so 09:00 the next morning.
    await post('/v1/deliveries', { deliveries: [{ id: 'sched-1', deliveredAt: '2026-11-02T14:00:00Z', email: 'li@example.com', timeZone: 'Asia/Shanghai', locale: 'zh-CN', survey: 'nps' }] });
    const [due] = await timeline('sched-1');
    expect(due).toMatchObject({ kind: 'invite', status: 'scheduled', dueAt: '2026-11-06T01:00:00.000Z', wave: 0 });
    await run(Date.parse('2026-11-06T00:59:00Z'));
    expect((await timeline('sched-1'))[0]!.status).toBe('scheduled');
    const before = rec.sent.length;
    await run(Date.parse('2026-11-06T01:00:00Z'));
    const mine = rec.sent.slice(before).filter((m) => m.deliveryId === 'sched-1');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ to: 'li@example.com', from: 'Shop <feedback@shop.example>', kind: 'invite' });
    expect(mine[0]!.headers).toMatchObject({ 'List-Unsubscribe': expect.stringMatching(/^<http:\/\/127\.0\.0\.1:9\/u\/[A-Za-z0-9_-]{22}>$/), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(mine[0]!.messageId).toMatch(/^<inv_[A-Za-z0-9_-]+\.1@127\.0\.0\.1>$/);
    for (let n = 0; n <= 10; n++) expect(mine[0]!.html).toContain(`/s/${codeOf(mine[0]!)}?score=${n}"`);
    const t = await timeline('sched-1');
    expect(t.map((x) => `${x.kind} ${x.status}`)).toEqual(['invite sent', 'reminder scheduled']);
    expect(t[1]!.dueAt).toBe('2026-11-08T01:00:00.000Z');
    await run(Date.parse('2026-11-08T01:00:00Z'));
    expect((await timeline('sched-1')).map((x) => `${x.kind} ${x.status}`)).toEqual(['invite sent', 'reminder sent']);
  });

  test('a reminder that falls after the window closes is skipped, never sent', async () => {
    // Imported late (day 6): the invitation goes at once, the reminder (day 8) after the window (day 7).
    await post('/v1/deliveries', { deliveries: [{ id: 'late-1', deliveredAt: '2026-11-02T08:00:00Z', email: 'late@example.com' }] });
    await run(Date.parse('2026-11-08T09:00:00Z'));
    await run(Date.parse('2026-11-10T09:00:00Z'));
    expect((await timeline('late-1')).map((x) => `${x.kind} ${x.status} ${x.reason ?? ''}`.trim())).toEqual(['invite sent', 'reminder skipped window closed']);
  });

  test('an invitation found after its window is skipped with the reason', async () => {
    await post('/v1/deliveries', { deliveries: [{ id: 'old-1', deliveredAt: '2026-10-01T08:00:00Z', email: 'old1@example.com' }] });
    await run(Date.parse('2026-11-10T09:00:00Z'));
    expect(await timeline('old-1')).toMatchObject([{ status: 'skipped', reason: 'window closed' }]);
  });

  test('an answer by any channel cancels what is scheduled for that delivery and wave', async () => {
    await post('/v1/deliveries', { deliveries: [{ id: 'ans-1', deliveredAt: '2026-11-03T08:00:00Z', email: 'ans@example.com' }] });
    expect((await k.send({ responses: [response({ deliveryId: 'ans-1', deliveredAt: '2026-11-03T08:00:00Z', answeredAt: '2026-11-06T08:00:00Z' })] })).status).toBe(200);
    expect(await timeline('ans-1')).toMatchObject([{ status: 'cancelled', reason: 'answered (web)' }]);
    // Answered before the delivery was posted: nothing is scheduled at all.
    await k.send({ responses: [response({ deliveryId: 'ans-2', deliveredAt: '2026-11-03T08:00:00Z', answeredAt: '2026-11-06T08:00:00Z' })] });
    await post('/v1/deliveries', { deliveries: [{ id: 'ans-2', deliveredAt: '2026-11-03T08:00:00Z', email: 'ans2@example.com' }] });
    expect(await timeline('ans-2')).toMatchObject([{ status: 'cancelled', reason: 'answered' }]);
  });

  test('the cooldown: a customer invited about another delivery this week is not invited again', async () => {
    await post('/v1/deliveries', {
      deliveries: [
        { id: 'cool-1', deliveredAt: '2026-11-12T08:00:00Z', email: 'cool@example.com', customerId: 'c-cool' },
        { id: 'cool-2', deliveredAt: '2026-11-14T08:00:00Z', email: 'cool@example.com', customerId: 'c-cool' },
      ],
    });
    await run(Date.parse('2026-11-15T09:00:00Z'));
    await run(Date.parse('2026-11-17T09:00:00Z'));
    expect((await timeline('cool-1'))[0]!.status).toBe('sent');
    expect((await timeline('cool-2'))[0]).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^cooldown: invited about another delivery on 2026-11-15/) });
  });

  test('POST /v1/deliveries/:id/cancel cancels what is scheduled; 404 for an unknown id', async () => {
    await post('/v1/deliveries', { deliveries: [{ id: 'can-1', deliveredAt: '2026-11-20T08:00:00Z', email: 'can@example.com', resurvey: { everyDays: 30, untilDays: 100 } }] });
    expect((await timeline('can-1')).map((x) => x.wave)).toEqual([0, 1, 2, 3]);
    expect((await json(await post('/v1/deliveries/can-1/cancel', {}))).body).toEqual({ cancelled: 4 });
    expect((await json(await post('/v1/deliveries/nope/cancel', {}))).status).toBe(404);
  });

  test('a failing server: permanent failures end failed with its reply; transient ones are retried', async () => {
    await post('/v1/deliveries', { deliveries: [{ id: 'fail-1', deliveredAt: '2026-11-20T08:00:00Z', email: 'f1@example.com' }, { id: 'fail-2', deliveredAt: '2026-11-20T08:00:00Z', email: 'f2@example.com', customerId: 'c-f2' }] });
    rec.fail({ kind: 'permanent', error: '550 5.1.1 mailbox unavailable' });
    await run(Date.parse('2026-11-23T09:00:00Z'));
    expect(await timeline('fail-1')).toMatchObject([{ status: 'failed', reason: '550 5.1.1 mailbox unavailable' }]);
    expect((await k.ok('/v1/invitations?status=failed')).items.map((i: { deliveryId: string }) => i.deliveryId)).toContain('fail-1');
    rec.fail({ kind: 'transient', error: '451 4.3.0 try again later' });
    await post('/v1/deliveries', { deliveries: [{ id: 'fail-3', deliveredAt: '2026-11-20T08:00:00Z', email: 'f3@example.com' }] });
    await run(Date.parse('2026-11-23T09:00:00Z'));
    expect(await timeline('fail-3')).toMatchObject([{ status: 'scheduled', reason: 'retrying: 451 4.3.0 try again later' }]);
    rec.fail({ kind: 'sent', reply: '250 ok' });
    await run(Date.parse('2026-11-23T09:01:00Z'));
    expect((await timeline('fail-3'))[0]!.status).toBe('sent');
  });
});

describe('the pages, the unsubscribe link and POST /v1/answered', () => {
  test('GET and HEAD of a survey link change nothing; the page carries the widget\'s config under a strict CSP', async () => {
    await post('/v1/deliveries', { deliveries: [{ id: 'page-1', deliveredAt: '2026-11-25T08:00:00Z', email: 'page@example.com', survey: 'nps', locale: 'de' }] });
    await run(Date.parse('2026-11-28T09:00:00Z'));
    const m = rec.sent.find((x) => x.deliveryId === 'page-1')!;
    const code = codeOf(m);
    const before = await k.c.db.selectFrom('responses').select('id').execute();
    for (const method of ['GET', 'HEAD', 'GET']) {
      const res = await fetch(`${k.url}/s/${code}?score=9`, { method });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
      if (method === 'GET') {
        const html = await res.text();
        const config = JSON.parse(/<script type="application\/json" id="aftercare-survey-config">([\s\S]*?)<\/script>/.exec(html)![1]!);
        expect(config).toMatchObject({ collector: '/v1/responses', delivery: { id: 'page-1' }, wave: 0, survey: ['nps'], locale: 'de', channel: 'email', score: { kind: 'nps', value: 9 } });
      }
    }
    expect(await k.c.db.selectFrom('responses').select('id').execute()).toEqual(before);
    expect((await fetch(`${k.url}/s/${'x'.repeat(22)}`)).status).toBe(404);
    // Answered (here by the page's widget): the link thanks and offers a comment, which becomes a revision.
    expect((await k.send({ responses: [response({ id: '00000000-0000-4000-8000-00000000a001', deliveryId: 'page-1', deliveredAt: '2026-11-25T08:00:00Z', answeredAt: '2026-11-28T09:00:00Z', nps: 9, csat: undefined, channel: 'email' })] })).status).toBe(200);
    const thanks = await (await fetch(`${k.url}/s/${code}`)).text();
    expect(thanks).toContain(`action="/s/${code}/comment"`);
    const res = await fetch(`${k.url}/s/${code}/comment`, { method: 'POST', body: new URLSearchParams({ comment: 'Fast and friendly.' }), redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(await k.row('00000000-0000-4000-8000-00000000a001')).toMatchObject({ revision: 2, comment: 'Fast and friendly.', nps: 9, channel: 'email' });
    expect((await timeline('page-1')).map((x) => `${x.kind} ${x.status}`)).toEqual(['invite sent', 'reminder cancelled']);
  });

  test('unsubscribe: GET asks, POST (one-click too) stops every future invitation to that customer and is audited', async () => {
    await post('/v1/deliveries', {
      deliveries: [
        { id: 'uns-1', deliveredAt: '2026-11-25T08:00:00Z', email: 'Uns@Example.com' },
        { id: 'uns-2', deliveredAt: '2026-12-01T08:00:00Z', email: 'uns@example.com' },
      ],
    });
    await run(Date.parse('2026-11-28T09:05:00Z'));
    const code = codeOf(rec.sent.find((x) => x.deliveryId === 'uns-1')!);
    const page = await fetch(`${k.url}/u/${code}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`action="/u/${code}"`);
    expect((await timeline('uns-2'))[0]!.status).toBe('scheduled');
    const res = await fetch(`${k.url}/u/${code}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect((await timeline('uns-2'))[0]).toMatchObject({ status: 'cancelled', reason: 'unsubscribed' });
    expect((await timeline('uns-1')).find((x) => x.kind === 'reminder')).toMatchObject({ status: 'cancelled', reason: 'unsubscribed' });
    // A delivery posted afterwards for that address is skipped when due.
    await post('/v1/deliveries', { deliveries: [{ id: 'uns-3', deliveredAt: '2026-12-01T08:00:00Z', email: 'uns@example.com' }] });
    await run(Date.parse('2026-12-04T09:00:00Z'));
    expect(await timeline('uns-3')).toMatchObject([{ status: 'skipped', reason: 'unsubscribed' }]);
    expect((await k.ok('/v1/deliveries/uns-1')).delivery.unsubscribed).toBe(true);
    const audit = (await k.ok('/v1/audit?action=invitations.unsubscribe')).entries ?? (await k.ok('/v1/audit')).entries;
    expect(JSON.stringify(audit)).toContain('invitations.unsubscribe');
  });

  test('POST /v1/answered: the deliveries and waves answered by any channel', async () => {
    await k.send({ responses: [response({ deliveryId: 'asked-1', deliveredAt: '2026-11-25T08:00:00Z', answeredAt: '2026-11-28T09:00:00Z', channel: 'email' })] });
    const res = await fetch(`${k.url}/v1/answered`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deliveries: [{ deliveryId: 'asked-1', wave: 0 }, { deliveryId: 'asked-1', wave: 1 }, { deliveryId: 'never' }] }) });
    expect(await res.json()).toEqual({ answered: [{ deliveryId: 'asked-1', wave: 0 }] });
    const bad = await fetch(`${k.url}/v1/answered`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ deliveries: [{ deliveryId: 'a', wave: -1 }] }) });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/^deliveries\.0\.wave:/);
  });

  test('erasing a delivery erases its contact data and invitations; the summary counts the rest', async () => {
    const before = await k.ok('/v1/invitations/summary');
    expect(before.deliveries).toBeGreaterThan(5);
    const check = openApiChecker(openApiDocument('test'));
    check('/components/schemas/InvitationSummary', before);
    check('/components/schemas/DeliveryDetail', await k.ok('/v1/deliveries/sched-1'));
    check('/components/schemas/DeliveriesAccepted', { accepted: 1, rejected: [{ index: 0, row: 2, error: 'email: expected' }] });
    for (const i of (await k.ok('/v1/invitations?status=sent')).items) check('/components/schemas/Invitation', i);
    expect(before.rate).toMatchObject({ of: expect.any(Number), share: expect.any(Number), low: expect.any(Number), high: expect.any(Number) });
    const res = await fetch(`${k.url}/v1/deliveries/sched-1`, { method: 'DELETE', headers: admin });
    expect((await res.json()).erased).toMatchObject({ deliveries: 1, invitations: 2 });
    expect((await k.read('/v1/deliveries/sched-1')).status).toBe(404);
    expect(await k.c.db.selectFrom('survey_links').where('delivery_id', '=', 'sched-1').selectAll().execute()).toEqual([]);
  });
});

describe('suppression', () => {
  test('a delivery of a customer erased with suppress=true is dropped, named as suppressed', async () => {
    await post('/v1/deliveries', { deliveries: [{ id: 'sup-1', deliveredAt: '2026-11-25T08:00:00Z', email: 'sup@example.com', customerId: 'c-sup' }] });
    const res = await fetch(`${k.url}/v1/customers/c-sup?suppress=true`, { method: 'DELETE', headers: admin });
    expect((await res.json()).erased).toMatchObject({ deliveries: 1, invitations: 1 });
    const again = await json(await post('/v1/deliveries', { deliveries: [{ id: 'sup-2', deliveredAt: '2026-11-25T08:00:00Z', email: 'sup@example.com', customerId: 'c-sup' }, { id: 'sup-3', deliveredAt: '2026-11-25T08:00:00Z' }] }));
    expect(again.body).toEqual({ accepted: 1, rejected: [{ index: 0, error: 'deliveries.0: suppressed (this customer or delivery was erased on request; the delivery is dropped)' }] });
    expect((await k.read('/v1/deliveries/sup-2')).status).toBe(404);
  });
});

describe('the deliveries list', () => {
  test('search by a prefix of the id, customer or address: `_` and `%` match themselves, addresses case-folded', async () => {
    await post('/v1/deliveries', { deliveries: [{ id: 'x_1', deliveredAt: '2026-11-25T08:00:00Z', email: 'Mixed.Case@Example.com' }, { id: 'xa1', deliveredAt: '2026-11-25T08:00:00Z' }] });
    expect((await k.ok('/v1/deliveries?q=x_')).items.map((d: { id: string }) => d.id)).toEqual(['x_1']);
    expect((await k.ok('/v1/deliveries?q=mixed.case')).items.map((d: { id: string }) => d.id)).toEqual(['x_1']);
    expect((await k.ok('/v1/deliveries?q=%25')).items).toEqual([]);
    expect((await k.read('/v1/deliveries?status=lost')).status).toBe(400);
  });
});

describe('erasure with suppression', () => {
  test('the erased customer\'s address gets no invitation, also under a delivery posted without the customer id', async () => {
    await post('/v1/deliveries', { deliveries: [{ id: 'sup-e1', deliveredAt: '2026-11-26T08:00:00Z', email: 'Gone@Example.com', customerId: 'c-gone' }] });
    await fetch(`${k.url}/v1/customers/c-gone?suppress=true`, { method: 'DELETE', headers: admin });
    await post('/v1/deliveries', { deliveries: [{ id: 'sup-e2', deliveredAt: '2026-11-26T08:00:00Z', email: 'gone@example.com' }] });
    await run(Date.parse('2026-11-29T09:00:00Z'));
    expect(await timeline('sup-e2')).toMatchObject([{ status: 'skipped', reason: 'unsubscribed' }]);
  });
});
