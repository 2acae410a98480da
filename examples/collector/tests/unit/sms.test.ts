// Texts through webhooks: a delivery with a phone number and AFTERCARE_INVITE_CHANNELS=email,webhook
// gets `invitation.due` events that reach the example receiver (examples/webhook-receiver, a real
// process verifying with `standardwebhooks`), whose SMS handler posts `{ to, text }` to a stand-in
// gateway (an HTTP server here) and reports the outcome back (POST /v1/invitations/:id/result). The
// collector runs in-process on the real clock (a receiver refuses signatures 5 minutes off), with
// deliveries made days ago, and the tests drive both workers. Also: the text fits one SMS in every
// locale, and answered, unsubscribed and cooled-down deliveries get no event.
import { spawn } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Mailer, OutgoingMail } from '../../src/deliver/mailer.ts';
import { smsLength, smsText } from '../../src/deliver/sms.ts';
import { LOCALES } from '../../src/deliver/strings.ts';
import { loadInvitationConfig } from '../../src/config.ts';
import { openApiDocument } from '../../src/http/openapi.ts';
import { openApiChecker } from '../support/openapi-check.ts';
import { runCollector } from '../support/collector-process.ts';
import { SECRET } from '../support/webhook-sink.ts';
import { ADMIN, response, startCollector, type Running } from '../support/harness.ts';

const DAY = 86_400_000;
const CODE = 'AbCdEfGhIjKlMnOpQrStUv'; // 22 characters, as linkCode makes them
const LINK = `https://feedback.shop.example/s/${CODE}`;
const BRANDS = ['Shop', 'Fahrradladen Müller & Söhne Gesellschaft mit beschränkter Haftung, Filiale Berlin-Mitte'.slice(0, 80), '顺丰速运'.repeat(20), 'Café Ólafsson — “Reykjavík” 😀'];

describe('the text', () => {
  test('GSM-7 and UCS-2 are counted as gateways count them', () => {
    expect(smsLength('Hi [€]')).toEqual({ encoding: 'gsm7', units: 9, segments: 1 });
    expect(smsLength('a'.repeat(160)).segments).toBe(1);
    expect(smsLength('a'.repeat(161)).segments).toBe(2);
    expect(smsLength('a'.repeat(158) + '€').segments).toBe(1);
    expect(smsLength('a'.repeat(159) + '€').segments).toBe(2);
    expect(smsLength('中'.repeat(70))).toEqual({ encoding: 'ucs2', units: 70, segments: 1 });
    expect(smsLength('中'.repeat(71)).segments).toBe(2);
    expect(smsLength('😀')).toEqual({ encoding: 'ucs2', units: 2, segments: 1 });
  });

  test('one SMS in every locale with the longest brand and a 22-character code on a realistic public URL', () => {
    const longest: Record<string, string> = {};
    for (const locale of LOCALES) {
      let max = 0;
      for (const brand of BRANDS) {
        const t = smsText({ locale, brand, link: LINK });
        expect(t.segments, `${locale} ${brand}: ${t.text}`).toBe(1);
        expect(t.units).toBeLessThanOrEqual(t.encoding === 'gsm7' ? 160 : 70);
        expect(t.text.endsWith(LINK)).toBe(true);
        if (['en', 'de', 'es', 'fr', 'pt-BR'].includes(locale)) expect(t.encoding, `${locale} ${brand}`).toBe('gsm7');
        max = Math.max(max, t.units);
      }
      longest[locale] = `${max} ${smsText({ locale, brand: BRANDS[1]!, link: LINK }).encoding}`;
    }
    console.log('longest SMS per locale (units, encoding):', JSON.stringify(longest));
    expect(smsText({ locale: 'en', brand: 'Shop', link: LINK }).text).toBe(`Shop: How did we do? Tell us here: ${LINK}`);
    expect(smsText({ locale: 'zh-CN', brand: '顺丰', link: LINK })).toEqual({ text: `【顺丰】请评价本次服务：${LINK}`, encoding: 'ucs2', units: 66, segments: 1 });
    // Shortened, marked as such; spelt in GSM-7 where the words are.
    expect(smsText({ locale: 'zh-CN', brand: BRANDS[2]!, link: LINK }).text).toBe(`【顺丰速运顺…】请评价本次服务：${LINK}`);
    expect(smsText({ locale: 'de', brand: BRANDS[3]!, link: LINK }).text).toBe(`Café Olafsson - "Reykjavik": Wie zufrieden waren Sie? Sagen Sie es uns hier: ${LINK}`);
    expect(smsText({ locale: 'de', brand: BRANDS[1]!, link: LINK }).text).toMatch(/^Fahrradladen Müller & Söhne .*\.: Wie zufrieden/);
    // A public URL so long that no words fit: the link is kept whole, in two parts, the name left out.
    const long = `https://${'x'.repeat(60)}.example/s/${CODE}`;
    expect(smsText({ locale: 'ja', brand: 'Shop', link: long })).toMatchObject({ text: `ご感想はこちら：${long}`, segments: 2 });
  });
});

/** A stand-in SMS gateway: records each request; a number in `refuse` gets a 400 with the gateway's words. */
function gateway() {
  const got: Array<{ authorization: string | undefined; body: { to: string; text: string } }> = [];
  const refuse = new Set<string>();
  const server: Server = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const sms = JSON.parse(body) as { to: string; text: string };
      got.push({ authorization: req.headers.authorization, body: sms });
      if (refuse.has(sms.to)) res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid number"}');
      else res.writeHead(202, { 'content-type': 'application/json' }).end('{"id":"gw-1"}');
    });
  });
  return { server, got, refuse };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** The example receiver as a real process; resolves once it listens. */
function receiver(env: Record<string, string>) {
  const proc = spawn(process.execPath, ['examples/webhook-receiver/receiver.mjs'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout.on('data', (c) => (out += c));
  proc.stderr.on('data', (c) => (err += c));
  const lines = () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { id: string; type: string; event: { type: string; data: any } });
  return new Promise<{ lines: typeof lines; stderr: () => string; stop: () => void }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`receiver did not start: ${err}`)), 10_000);
    proc.stderr.on('data', () => {
      if (!/receiver listening on /.test(err)) return;
      clearTimeout(timer);
      resolve({ lines, stderr: () => err, stop: () => void proc.kill('SIGKILL') });
    });
  });
}

const until = async <T>(get: () => Promise<T> | T, ok: (v: T) => boolean, what: string, ms = 10_000) => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

let k: Running;
let rx: Awaited<ReturnType<typeof receiver>>;
const gw = gateway();
const mail: OutgoingMail[] = [];
const mailer: Mailer = { send: async (m) => (mail.push(m), { kind: 'sent', reply: '250 ok' }), close() {} };
const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
const daysAgo = (d: number) => new Date(Date.now() - d * DAY).toISOString();
const post = (path: string, body: unknown, headers: Record<string, string> = admin) => fetch(`${k.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
const deliver = async (...deliveries: object[]) => expect(await (await post('/v1/deliveries', { deliveries })).json()).toMatchObject({ rejected: [] });
const timeline = async (id: string) => (await k.ok(`/v1/deliveries/${id}`)).timeline as Array<{ id: string; kind: string; channel: string; status: string; reason: string | null }>;
/** Both workers until nothing is due: the invitations, then the webhook outbox. */
const run = async () => {
  while ((await k.c.invitationWorker.runOnce()) > 0);
  while ((await k.c.worker!.runOnce()) > 0);
};
const dueEvents = async (deliveryId: string) => (await k.c.db.selectFrom('webhook_events').selectAll().where('type', '=', 'invitation.due').where('delivery_id', '=', deliveryId).execute()).map((e) => JSON.parse(e.body));

beforeAll(async () => {
  await new Promise<void>((r) => gw.server.listen(0, '127.0.0.1', () => r()));
  const port = await freePort();
  const hook = `http://127.0.0.1:${port}/webhooks/aftercare`;
  const env = {
    AFTERCARE_MAIL_FROM: 'Shop <feedback@shop.example>', AFTERCARE_PUBLIC_URL: 'http://127.0.0.1:9', AFTERCARE_BRAND_NAME: 'Shop', AFTERCARE_SEND_HOURS: '00-24',
    AFTERCARE_INVITE_CHANNELS: 'email,webhook', AFTERCARE_WEBHOOK_URLS: hook,
  };
  k = await startCollector({ invitations: loadInvitationConfig(env), mailer, webhookUrls: [hook], webhookSecret: SECRET, webhookAllowPrivate: true, startWorker: false, startInvitationWorker: false });
  const { port: gwPort } = gw.server.address() as { port: number };
  rx = await receiver({
    AFTERCARE_WEBHOOK_SECRET: SECRET, RECEIVER_PORT: String(port), SMS_GATEWAY_URL: `http://127.0.0.1:${gwPort}/messages`, SMS_GATEWAY_AUTHORIZATION: 'Bearer gw-key',
    AFTERCARE_COLLECTOR_URL: k.url, AFTERCARE_ADMIN_TOKEN: ADMIN,
  });
});
afterAll(async () => {
  rx?.stop();
  gw.server.close();
  await k?.close();
});

describe('invitation.due', () => {
  test('reaches the real receiver, verified; its handler texts the stand-in gateway; the result shows on the timeline', async () => {
    await deliver({ id: 'sms-zh', deliveredAt: daysAgo(4), customerId: 'c-zh', phone: '+8613800138000', locale: 'zh-CN', timeZone: 'Asia/Shanghai', meta: { store: 'Shanghai' } });
    await run();
    const [inv] = await timeline('sms-zh');
    expect(inv).toMatchObject({ kind: 'invite', channel: 'sms', status: 'sent', reason: 'handed to the webhook endpoint(s)' });
    const [entry] = await until(() => rx.lines().filter((l) => l.event.data.delivery?.id === 'sms-zh'), (l) => l.length === 1, 'the event on the receiver\'s stdout');
    const link = (await k.c.db.selectFrom('survey_links').select('code').where('delivery_id', '=', 'sms-zh').where('channel', '=', 'sms').executeTakeFirstOrThrow()).code;
    expect(entry!.event).toEqual({
      type: 'invitation.due',
      timestamp: expect.any(String),
      data: {
        invitationId: inv!.id, kind: 'invite', wave: 0, channel: 'sms',
        delivery: { id: 'sms-zh', deliveredAt: expect.any(String), customerId: 'c-zh', phone: '+8613800138000', locale: 'zh-CN', meta: { store: 'Shanghai' } },
        link: `http://127.0.0.1:9/s/${link}`, text: `【Shop】请评价本次服务：http://127.0.0.1:9/s/${link}`, segments: 1, encoding: 'ucs2',
      },
    });
    openApiChecker(openApiDocument('test'))('/webhooks/invitation.due/post/requestBody/content/application~1json/schema', entry!.event);
    expect(await until(() => gw.got.filter((g) => g.body.to === '+8613800138000'), (g) => g.length > 0, 'the gateway')).toEqual([{ authorization: 'Bearer gw-key', body: { to: '+8613800138000', text: entry!.event.data.text } }]);
    const shown = await until(() => timeline('sms-zh'), (t) => t[0]!.reason !== 'handed to the webhook endpoint(s)', 'the result on the timeline');
    expect(shown[0]).toMatchObject({ status: 'sent', reason: expect.stringMatching(/^accepted by the SMS gateway \(127\.0\.0\.1:\d+\)$/) });
    // The one reminder, by the same channel; the answer through the text's link has channel sms.
    expect(shown[1]).toMatchObject({ kind: 'reminder', channel: 'sms', status: 'scheduled' });
    const page = await (await fetch(`${k.url}/s/${link}`)).text();
    expect(page).toContain('"channel":"sms"');
    const audit = await k.ok('/v1/audit?action=invitation.result');
    expect(JSON.stringify(audit)).toContain(`invitation ${inv!.id}`);
  });

  test('English: one GSM-7 segment; a refusal by the gateway comes back as failed, in its words', async () => {
    gw.refuse.add('+4915100000001');
    await deliver({ id: 'sms-en', deliveredAt: daysAgo(4), phone: '+4915100000001', locale: 'en-GB' });
    await run();
    const [event] = await until(() => dueEvents('sms-en'), (e) => e.length === 1, 'the event');
    expect(event.data).toMatchObject({ text: `Shop: How did we do? Tell us here: ${event.data.link}`, segments: 1, encoding: 'gsm7' });
    const shown = await until(() => timeline('sms-en'), (t) => t[0]!.status === 'failed', 'the failure on the timeline');
    expect(shown[0]!.reason).toMatch(/^the SMS gateway \(127\.0\.0\.1:\d+\) refused it: HTTP 400 "\{\\"error\\":\\"invalid number\\"\}"$/);
  });

  test('answered, unsubscribed and cooled-down deliveries get no event; e-mail and text of one delivery both go', async () => {
    await deliver(
      { id: 'both-1', deliveredAt: daysAgo(4.5), customerId: 'c-cool', email: 'cool@example.com', phone: '+4915100000002' },
      { id: 'cool-2', deliveredAt: daysAgo(4), customerId: 'c-cool', phone: '+4915100000003' },
      { id: 'ans-1', deliveredAt: daysAgo(4), phone: '+4915100000004' },
      { id: 'uns-1', deliveredAt: daysAgo(4), customerId: 'c-uns', email: 'uns@example.com', phone: '+4915100000005' },
    );
    expect((await k.send({ responses: [response({ deliveryId: 'ans-1', deliveredAt: daysAgo(4), answeredAt: daysAgo(0.5), channel: 'web' })] })).status).toBe(200);
    const code = (await k.ok('/v1/deliveries/uns-1')).link.split('/s/')[1];
    const res = await fetch(`${k.url}/u/${code}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    await run();
    expect((await timeline('both-1')).filter((i) => i.kind === 'invite').map((i) => `${i.channel} ${i.status}`).sort()).toEqual(['email sent', 'sms sent']);
    expect(await dueEvents('both-1')).toHaveLength(1);
    expect(await timeline('cool-2')).toMatchObject([{ channel: 'sms', status: 'skipped', reason: expect.stringMatching(/^cooldown: invited about another delivery on /) }]);
    expect(await timeline('ans-1')).toMatchObject([{ channel: 'sms', status: 'cancelled', reason: 'answered (web)' }]);
    expect((await timeline('uns-1')).map((i) => `${i.channel} ${i.status} ${i.reason}`).sort()).toEqual(['email cancelled unsubscribed', 'sms cancelled unsubscribed']);
    for (const id of ['cool-2', 'ans-1', 'uns-1']) expect(await dueEvents(id), id).toEqual([]);
  });
});

describe('POST /v1/invitations/:id/result', () => {
  test('the credential, 400 naming the field, 404, 409 for what was not handed over; a correction', async () => {
    await deliver({ id: 'res-1', deliveredAt: daysAgo(4), email: 'res@example.com', phone: '+4915100000006' });
    await run();
    const t = await timeline('res-1');
    const sms = t.find((i) => i.channel === 'sms' && i.kind === 'invite')!;
    const email = t.find((i) => i.channel === 'email' && i.kind === 'invite')!;
    const reminder = t.find((i) => i.channel === 'sms' && i.kind === 'reminder')!;
    const result = (id: string, body: unknown, headers: Record<string, string> = admin) => post(`/v1/invitations/${id}/result`, body, headers).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
    expect((await result(sms.id, { status: 'sent' }, { 'content-type': 'application/json' })).status).toBe(401);
    expect(await result(sms.id, { status: 'delivered' })).toEqual({ status: 400, body: { error: 'status: expected "sent" or "failed"' } });
    expect(await result(sms.id, { status: 'sent', reason: '' })).toEqual({ status: 400, body: { error: 'reason: expected the sender\'s words (text of 1 to 500 characters)' } });
    expect(await result(sms.id, { status: 'sent', cost: 1 })).toEqual({ status: 400, body: { error: 'body: expected only status and reason; got cost' } });
    expect(await result('inv_nope', { status: 'sent' })).toEqual({ status: 404, body: { error: 'id: no invitation "inv_nope" is known' } });
    expect((await result(email.id, { status: 'failed' })).status).toBe(409);
    expect((await result(reminder.id, { status: 'sent' })).body.error).toBe(`id: invitation ${reminder.id} was not handed to a sender (channel sms, status scheduled); only an invitation.due one takes a result`);
    await until(() => timeline('res-1'), (x) => x.find((i) => i.id === sms.id)!.reason !== 'handed to the webhook endpoint(s)', 'the receiver\'s result');
    const failed = await result(sms.id, { status: 'failed', reason: 'undeliverable: handset off for 48 h' });
    expect(failed).toMatchObject({ status: 200, body: { id: sms.id, channel: 'sms', status: 'failed', reason: 'undeliverable: handset off for 48 h', sentAt: expect.any(String) } });
    openApiChecker(openApiDocument('test'))('/components/schemas/Invitation', failed.body);
    expect((await timeline('res-1')).find((i) => i.id === sms.id)).toMatchObject({ status: 'failed', reason: 'undeliverable: handset off for 48 h' });
  });
});

describe('privacy', () => {
  test('erasing the customer erases the invitation.due events that carry their phone number', async () => {
    expect((await dueEvents('sms-zh')).length).toBe(1);
    const res = await fetch(`${k.url}/v1/customers/c-zh`, { method: 'DELETE', headers: admin });
    expect((await res.json()).erased).toMatchObject({ events: 1, deliveries: 1 });
    expect(await dueEvents('sms-zh')).toEqual([]);
  });
});

describe('AFTERCARE_INVITE_CHANNELS', () => {
  test('a bad value stops the standalone collector: exit 2, one line naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aftercare-sms-'));
    try {
      const bad = await runCollector({ AFTERCARE_DB: join(dir, 'x.db'), AFTERCARE_INVITE_CHANNELS: 'email,sms' });
      expect(bad).toMatchObject({ code: 2, stdout: '', stderr: '[aftercare collector] AFTERCARE_INVITE_CHANNELS: expected a comma-separated list of email and webhook (texts through invitation.due events), got "sms"\n' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
