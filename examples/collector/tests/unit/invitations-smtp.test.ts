// Invitations through a real SMTP server: the built collector (dist/server.js) as a process sends to
// tests/support/smtp-sink.mjs (smtp-server, each message parsed with mailparser) while the test moves
// the collector's clock (`POST /__test/clock`). What arrives and when: day 3 in the delivery's sending
// hours, the reminder two days later, nothing once the window closed, nothing to a suppressed or
// unsubscribed customer, the cooldown across deliveries, an answer cancelling the reminder; the
// message itself (headers, both parts, every score link, the locale); a server that refuses, one that
// fails temporarily and one that hangs; and a SIGKILL mid-sending.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { spawnCollector, type CollectorProcess } from '../support/collector-process.ts';
import { invitationOf, startSmtpSink, type SinkMessage, type SmtpSink } from '../support/smtp-sink.ts';

const TOKEN = 'invitations-smtp-admin-token-0123456789';
const admin = { authorization: `Bearer ${TOKEN}` };
const MIN = 60_000, HOUR = 60 * MIN, DAY = 24 * HOUR;
const FROM = 'Rad & Tat <feedback@radundtat.example>';

const dir = mkdtempSync(join(tmpdir(), 'aftercare-invitations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A port nobody listens on now, so AFTERCARE_PUBLIC_URL can name the collector's own address. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Polls `f` until it returns something truthy; rejects with `what` after `ms`. */
async function until<T>(f: () => Promise<T> | T, what: string, ms = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
/** For "nothing more happens": long enough for a woken worker's pass (tens of ms), short for the suite. */
const settle = () => new Promise((r) => setTimeout(r, 400));

interface Invitation { id: string; deliveryId: string; wave: number; kind: 'invite' | 'reminder'; status: string; dueAt: string; sentAt: string | null; reason: string | null; attempts: number }

/** A collector process sending to `sink`, with helpers for its clock and routes. */
async function collector(sink: SmtpSink, db: string, extra: Record<string, string> = {}, port?: number) {
  const p = port ?? (await freePort());
  const publicUrl = `http://127.0.0.1:${p}`;
  const env = {
    AFTERCARE_DB: db, AFTERCARE_ADMIN_TOKEN: TOKEN, AFTERCARE_TEST_HOOKS: '1', AFTERCARE_PORT: String(p), AFTERCARE_RATE_LIMIT: '100000',
    AFTERCARE_SMTP_URL: sink.url('aftercare'), AFTERCARE_MAIL_FROM: FROM, AFTERCARE_PUBLIC_URL: publicUrl, AFTERCARE_TZ: 'Europe/Berlin',
    AFTERCARE_BRAND_NAME: 'Rad & Tat', AFTERCARE_MAIL_FOOTER: 'Rad & Tat GmbH\\nHauptstr. 1, 10115 Berlin', ...extra,
  };
  const proc = await spawnCollector(env);
  let offset = 0;
  const json = async (path: string, init: RequestInit = {}) => {
    const r = await fetch(`${proc.url}${path}`, { ...init, headers: { ...admin, 'content-type': 'application/json', ...(init.headers as Record<string, string>) } });
    return { status: r.status, body: await r.json() };
  };
  const timeline = async (id: string): Promise<Invitation[]> => {
    const r = await json(`/v1/deliveries/${encodeURIComponent(id)}`);
    expect(r.status).toBe(200);
    return r.body.timeline;
  };
  return {
    proc, port: p, publicUrl, json, timeline,
    /** Sets the collector's clock to `at` (which wakes the invitation worker); resolves with its offset from the real clock. */
    async clock(at: number) {
      const { body } = await json('/__test/clock', { method: 'POST', body: JSON.stringify({ at }) });
      offset = body.offsetMs;
      expect(Math.abs(Date.parse(body.now) - at)).toBeLessThan(1_000);
      return offset;
    },
    offset: () => offset,
    async deliver(deliveries: object[]) {
      const r = await json('/v1/deliveries', { method: 'POST', body: JSON.stringify({ deliveries }) });
      expect(r, JSON.stringify(r.body)).toMatchObject({ status: 200, body: { accepted: deliveries.length, rejected: [] } });
    },
    /** The timeline once `ok` holds for it. */
    timelineWhen(id: string, ok: (t: Invitation[]) => boolean, what: string) {
      return until(async () => {
        const t = await timeline(id);
        return ok(t) ? t : null;
      }, `${id}: ${what}`);
    },
    kill: (signal?: NodeJS.Signals) => proc.kill(signal),
  };
}
type Collector = Awaited<ReturnType<typeof collector>>;

const invite = (t: Invitation[]) => t.find((i) => i.kind === 'invite')!;
const reminder = (t: Invitation[]) => t.find((i) => i.kind === 'reminder');
const to = (sink: SmtpSink, address: string) => sink.messages().filter((m) => m.envelope.to.map((a) => a.toLowerCase()).includes(address));

describe('one collector, one SMTP server: the schedule as the customer sees it', () => {
  let sink: SmtpSink;
  let c: Collector;
  beforeAll(async () => {
    sink = await startSmtpSink();
    c = await collector(sink, join(dir, 'schedule.db'));
  });
  afterAll(async () => {
    await c?.kill();
    await sink?.stop();
  });

  // Tuesday 2 February 2027, 22:00 in Berlin (UTC+1): day 3 at 22:00 is after the sending hours (09–20).
  const T0 = Date.parse('2027-02-02T21:00:00Z');
  let de: SinkMessage;
  let zh: SinkMessage;

  test('day 3 in the delivery’s own sending hours, the reminder two days after the send, then nothing', async () => {
    await c.clock(T0);
    await c.deliver([
      { id: 'A-de', deliveredAt: new Date(T0).toISOString(), customerId: 'cust-de', email: 'de@example.com', locale: 'de', survey: 'nps' },
      // Delivered at the same instant, in Shanghai (UTC+8): its 09:00 is Berlin's 02:00.
      { id: 'A-zh', deliveredAt: new Date(T0).toISOString(), customerId: 'cust-zh', email: 'zh@example.com', locale: 'zh-CN', timeZone: 'Asia/Shanghai' },
    ]);
    // Due on the morning after day 3's evening, at 09:00 local.
    expect(invite(await c.timeline('A-de'))).toMatchObject({ status: 'scheduled', dueAt: '2027-02-06T08:00:00.000Z' });
    expect(invite(await c.timeline('A-zh'))).toMatchObject({ status: 'scheduled', dueAt: '2027-02-06T01:00:00.000Z' });

    // Day 3, 22:00 in Berlin (05:00 in Shanghai): neither is in its hours.
    await c.clock(T0 + 3 * DAY);
    await settle();
    expect(sink.messages()).toHaveLength(0);

    // 09:00 in Shanghai: only the zh-CN delivery.
    await c.clock(Date.parse('2027-02-06T01:00:30Z'));
    zh = (await sink.waitFor(1, { to: 'zh@example.com' }))[0]!;
    await settle();
    expect(to(sink, 'de@example.com')).toHaveLength(0);

    // 09:00 in Berlin: the de delivery. The sink got it when the collector's clock said 09:00 (its sentAt).
    const offset = await c.clock(Date.parse('2027-02-06T08:00:30Z'));
    de = (await sink.waitFor(1, { to: 'de@example.com' }))[0]!;
    const sent = invite(await c.timelineWhen('A-de', (t) => invite(t).status === 'sent', 'the invite sent'));
    expect(sent.sentAt!.slice(0, 16)).toBe('2027-02-06T08:00');
    expect(Math.abs(Date.parse(sent.sentAt!) - offset - de.at)).toBeLessThan(3_000);
    expect(invitationOf(de)).toBe(sent.id);

    // The reminder: two days after the send, inside the hours (09:00 local again), in each zone.
    const deReminder = reminder(await c.timeline('A-de'))!;
    expect(deReminder).toMatchObject({ status: 'scheduled' });
    expect(Date.parse(deReminder.dueAt) - Date.parse(sent.sentAt!)).toBe(2 * DAY);
    const zhTimeline = await c.timeline('A-zh');
    expect(Date.parse(reminder(zhTimeline)!.dueAt) - Date.parse(invite(zhTimeline).sentAt!)).toBe(2 * DAY);

    // Day 5 (Shanghai's and Berlin's mornings): both reminders.
    await c.clock(Date.parse('2027-02-08T08:01:00Z'));
    const [, deAgain] = await sink.waitFor(2, { to: 'de@example.com' });
    const [, zhAgain] = await sink.waitFor(2, { to: 'zh@example.com' });
    expect(deAgain!.subject).toBe('Erinnerung: Wie war Ihre Erfahrung mit Rad & Tat?');
    expect(zhAgain!.subject).toBe('提醒：您对Rad & Tat的体验如何？');
    expect(invitationOf(deAgain!)).toBe(deReminder.id);

    // Day 8: the window is closed and nothing is left to send.
    await c.clock(T0 + 8 * DAY);
    await settle();
    expect(sink.messages()).toHaveLength(4);
    for (const id of ['A-de', 'A-zh']) expect((await c.timeline(id)).map((i) => [i.kind, i.status])).toEqual([['invite', 'sent'], ['reminder', 'sent']]);
  });

  test('the message: RFC 8058 one-click unsubscribe, Message-ID on the public host, text and HTML with every score link, the delivery’s locale', async () => {
    expect(de && zh, 'the previous test received both invitations').toBeTruthy();
    const host = new URL(c.publicUrl).hostname;
    for (const [m, scores] of [[de, [0, 10]], [zh, [1, 5]]] as const) {
      expect(m.envelope).toEqual({ from: 'feedback@radundtat.example', to: [m === de ? 'de@example.com' : 'zh@example.com'] });
      expect(m.from).toContain('feedback@radundtat.example');
      expect(m.user).toBe('aftercare');
      const unsubscribe = /^<(http:\/\/[^>]+\/u\/([A-Za-z0-9_-]{22}))>$/.exec(m.headers['list-unsubscribe'] ?? '');
      expect(unsubscribe, m.headers['list-unsubscribe']).not.toBeNull();
      expect(unsubscribe![1]!.startsWith(`${c.publicUrl}/u/`)).toBe(true);
      expect(m.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      expect(m.headers['message-id']).toMatch(new RegExp(`^<inv_[A-Za-z0-9_-]{16}\\.1@${host.replace(/\./g, '\\.')}>$`));
      expect(m.text && m.html).toBeTruthy();
      // Every score of the message's question is a link to the survey, in both parts; no other score is.
      const code = unsubscribe![2]!;
      const link = (n: number) => `${c.publicUrl}/s/${code}?score=${n}`;
      for (let n = scores[0]; n <= scores[1]; n++) {
        expect(m.text).toContain(link(n));
        expect(m.html).toContain(`href="${link(n)}"`);
      }
      for (const n of [scores[0] - 1, scores[1] + 1]) expect(`${m.text}${m.html}`).not.toContain(link(n));
      expect(m.text).toContain(unsubscribe![1]);
      expect(m.html).toContain(`href="${unsubscribe![1]}"`);
      expect(m.text).toContain('Hauptstr. 1, 10115 Berlin');
      // The link works: the survey page, on the collector (a GET records nothing).
      const page = await fetch(link(scores[0]));
      expect(page.status).toBe(200);
    }
    // The words of each locale.
    expect(de.subject).toBe('Wie war Ihre Erfahrung mit Rad & Tat?');
    expect(de.text).toContain('Abmelden');
    expect(de.html).toMatch(/<html lang="de"/);
    expect(zh.subject).toBe('您对Rad & Tat的体验如何？');
    expect(zh.text).toContain('退订');
    expect(zh.html).toMatch(/<html lang="zh-CN"/);
    // The SMTP password is never printed.
    expect(c.proc.output()).not.toContain('not-a-real-password');
  });

  test('a reminder that would fall after the window closes is skipped: "window closed"', async () => {
    const T1 = Date.parse('2027-02-15T10:00:00Z');
    await c.clock(T1);
    await c.deliver([{ id: 'B', deliveredAt: new Date(T1).toISOString(), email: 'late@example.com' }]);
    // The invitation goes out late, on day 5 (the collector was down, say): its reminder is due after day 7.
    await c.clock(T1 + 5 * DAY + HOUR);
    await sink.waitFor(1, { to: 'late@example.com' });
    const t = await c.timelineWhen('B', (x) => !!reminder(x), 'the reminder scheduled');
    expect(Date.parse(reminder(t)!.dueAt)).toBeGreaterThan(T1 + 7 * DAY);
    await c.clock(T1 + 7 * DAY + 2 * HOUR);
    const done = await c.timelineWhen('B', (x) => reminder(x)!.status !== 'scheduled', 'the reminder decided');
    expect(reminder(done)).toMatchObject({ status: 'skipped', reason: 'window closed', sentAt: null });
    await settle();
    expect(to(sink, 'late@example.com')).toHaveLength(1);
  });

  test('a suppressed customer gets nothing: erased with suppress=true, their scheduled invitation goes with them and a later delivery is dropped', async () => {
    const T2 = Date.parse('2027-03-01T10:00:00Z');
    await c.clock(T2);
    await c.deliver([{ id: 'C1', deliveredAt: new Date(T2).toISOString(), customerId: 'cust-sup', email: 'sup@example.com' }]);
    const erased = await c.json('/v1/customers/cust-sup?suppress=true', { method: 'DELETE' });
    expect(erased).toMatchObject({ status: 200, body: { suppressed: true, erased: { deliveries: 1, invitations: 1 } } });
    expect((await c.json('/v1/deliveries/C1')).status).toBe(404);
    // The merchant's system posts the customer's next delivery anyway: dropped, and named.
    await c.clock(T2 + HOUR);
    const again = await c.json('/v1/deliveries', {
      method: 'POST', body: JSON.stringify({ deliveries: [{ id: 'C2', deliveredAt: new Date(T2 + HOUR).toISOString(), customerId: 'cust-sup', email: 'sup@example.com' }] }),
    });
    expect(again).toEqual({ status: 200, body: { accepted: 0, rejected: [{ index: 0, error: 'deliveries.0: suppressed (this customer or delivery was erased on request; the delivery is dropped)' }] } });
    expect((await c.json('/v1/deliveries/C2')).status).toBe(404);
    // Through the whole window: nothing.
    await c.clock(T2 + 3 * DAY + 2 * HOUR);
    await settle();
    await c.clock(T2 + 5 * DAY + 2 * HOUR);
    await settle();
    expect(to(sink, 'sup@example.com')).toHaveLength(0);
  });

  test('unsubscribed by the List-Unsubscribe one-click POST: the reminder is cancelled and a later delivery to the address is skipped', async () => {
    const T3 = Date.parse('2027-03-08T10:00:00Z');
    await c.clock(T3);
    await c.deliver([{ id: 'D1', deliveredAt: new Date(T3).toISOString(), customerId: 'cust-u', email: 'unsub@example.com' }]);
    await c.clock(T3 + 3 * DAY + MIN);
    const [m] = await sink.waitFor(1, { to: 'unsub@example.com' });
    const url = /^<(.+)>$/.exec(m!.headers['list-unsubscribe']!)![1]!;
    // What a mail client sends for RFC 8058: a form POST to the header's URL, no cookie, no credential.
    const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(r.status).toBe(200);
    const d1 = await c.json('/v1/deliveries/D1');
    expect(d1.body.delivery.unsubscribed).toBe(true);
    expect(reminder(d1.body.timeline)).toMatchObject({ status: 'cancelled', reason: 'unsubscribed' });

    // A week later, another delivery to the same address (other case, no customer id).
    await c.clock(T3 + 8 * DAY);
    await c.deliver([{ id: 'D2', deliveredAt: new Date(T3 + 8 * DAY).toISOString(), email: 'Unsub@Example.com' }]);
    await c.clock(T3 + 11 * DAY + MIN);
    const t = await c.timelineWhen('D2', (x) => invite(x).status !== 'scheduled', 'the invite decided');
    expect(invite(t)).toMatchObject({ status: 'skipped', reason: 'unsubscribed' });
    expect(to(sink, 'unsub@example.com')).toHaveLength(1);
  });

  test('the cooldown: a customer invited about one delivery is not invited about another within 7 days (the reminder still goes)', async () => {
    const T4 = Date.parse('2027-03-22T10:00:00Z');
    await c.clock(T4 + 2 * DAY);
    await c.deliver([
      { id: 'E1', deliveredAt: new Date(T4).toISOString(), customerId: 'cust-cool', email: 'cool@example.com' },
      { id: 'E2', deliveredAt: new Date(T4 + 2 * DAY).toISOString(), customerId: 'cust-cool', email: 'cool.other@example.com' },
    ]);
    await c.clock(T4 + 3 * DAY + MIN);
    await sink.waitFor(1, { to: 'cool@example.com' });
    // The sink has the message before the worker records it sent (at the clock's time): wait for the
    // record, or a slow machine records it after the clock moved on and the cooldown names that day.
    await c.timelineWhen('E1', (x) => invite(x).status === 'sent', 'E1 recorded sent');
    // E2's day 3 is two days after E1's invitation; E1's reminder is due at the same time.
    await c.clock(T4 + 5 * DAY + 2 * MIN);
    const t = await c.timelineWhen('E2', (x) => invite(x).status !== 'scheduled', 'the invite decided');
    expect(invite(t)).toMatchObject({ status: 'skipped' });
    expect(invite(t).reason).toMatch(/^cooldown: invited about another delivery on 2027-03-25$/);
    const [, remind] = await sink.waitFor(2, { to: 'cool@example.com' });
    expect(remind!.subject).toMatch(/^Reminder: /);
    expect(to(sink, 'cool.other@example.com')).toHaveLength(0);
  });

  test('an answer from the widget (POST /v1/responses, wave 0) cancels the scheduled reminder', async () => {
    const T5 = Date.parse('2027-04-05T10:00:00Z');
    await c.clock(T5);
    await c.deliver([{ id: 'F', deliveredAt: new Date(T5).toISOString(), customerId: 'cust-f', email: 'answer@example.com' }]);
    await c.clock(T5 + 3 * DAY + MIN);
    await sink.waitFor(1, { to: 'answer@example.com' });
    await c.timelineWhen('F', (x) => reminder(x)?.status === 'scheduled', 'the reminder scheduled');
    const answeredAt = new Date(T5 + 3 * DAY + 2 * MIN).toISOString();
    const r = await fetch(`${c.proc.url}/v1/responses`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ responses: [{ id: randomUUID(), revision: 1, deliveryId: 'F', deliveredAt: new Date(T5).toISOString(), answeredAt, csat: 4, complete: true, locale: 'en', customerId: 'cust-f', wave: 0 }] }),
    });
    expect(await r.json()).toEqual({ accepted: 1, rejected: [] });
    expect(reminder(await c.timeline('F'))).toMatchObject({ status: 'cancelled', reason: 'answered (web)' });
    await c.clock(T5 + 5 * DAY + 5 * MIN);
    await settle();
    expect(to(sink, 'answer@example.com')).toHaveLength(1);
  });
});

describe('SMTP servers that do not simply accept', () => {
  const T = Date.parse('2027-05-03T10:00:00Z');
  const one = (id: string) => [{ id, deliveredAt: new Date(T).toISOString(), email: `${id}@example.com`, locale: 'en' }];

  test.each(['rcpt', 'data'] as const)('a 5xx at %s: the invitation fails with the server’s reply, attempted once', async (at) => {
    const sink = await startSmtpSink({ mode: 'refuse', refuseAt: at });
    const c = await collector(sink, join(dir, `refuse-${at}.db`));
    try {
      await c.clock(T);
      await c.deliver(one('refused'));
      await c.clock(T + 3 * DAY + MIN);
      const t = await c.timelineWhen('refused', (x) => invite(x).status !== 'scheduled', 'the invite decided');
      expect(invite(t)).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
      expect(invite(t).reason).toContain('550 5.1.1 mailbox unavailable');
      expect(reminder(t)).toBeUndefined();
      const failed = await c.json('/v1/invitations?status=failed');
      expect(failed.body.items).toEqual([expect.objectContaining({ id: invite(t).id, deliveryId: 'refused', status: 'failed', reason: invite(t).reason })]);
      // No retry, however late it gets.
      await c.clock(T + 4 * DAY);
      await settle();
      expect(sink.refusals()).toHaveLength(1);
      expect(sink.messages()).toHaveLength(0);
    } finally {
      await c.kill();
      await sink.stop();
    }
  });

  test('451 twice, then accepted: retried after 1 min and 5 min (not sooner), then sent as attempt 3', async () => {
    const sink = await startSmtpSink({ mode: 'tempfail', acceptFrom: 3 });
    const c = await collector(sink, join(dir, 'tempfail.db'));
    try {
      await c.clock(T);
      await c.deliver(one('later'));
      const start = T + 3 * DAY + MIN;
      await c.clock(start);
      await until(() => sink.refusals().length === 1, 'the first 451');
      let t = await c.timelineWhen('later', (x) => invite(x).attempts === 1 && !!invite(x).reason, 'the first attempt recorded');
      expect(invite(t)).toMatchObject({ status: 'scheduled', reason: 'retrying: 451 4.3.0 try again later' });
      // Half a minute later: not yet.
      await c.clock(start + 30_000);
      await settle();
      expect(sink.refusals()).toHaveLength(1);
      await c.clock(start + 65_000);
      await until(() => sink.refusals().length === 2, 'the second 451');
      await c.timelineWhen('later', (x) => invite(x).attempts === 2 && !!invite(x).reason, 'the second attempt recorded');
      await c.clock(start + 65_000 + 2 * MIN);
      await settle();
      expect(sink.refusals()).toHaveLength(2);
      await c.clock(start + 65_000 + 5 * MIN + 5_000);
      const [m] = await sink.waitFor(1);
      t = await c.timelineWhen('later', (x) => invite(x).status === 'sent', 'the invite sent');
      expect(invite(t)).toMatchObject({ attempts: 3, reason: null });
      expect(m!.headers['message-id']).toMatch(/\.3@127\.0\.0\.1>$/);
      expect(sink.refusals().map((r) => r.code)).toEqual([451, 451]);
    } finally {
      await c.kill();
      await sink.stop();
    }
  });

  test('a server that never greets: answers and reads stay quick, and SIGTERM stops the collector within one SMTP timeout', async () => {
    const sink = await startSmtpSink({ mode: 'hang' });
    const c = await collector(sink, join(dir, 'hang.db'));
    try {
      await c.clock(T);
      // More than the pool's four connections: four messages in flight, sixteen queued behind them.
      await c.deliver([...one('stuck'), ...Array.from({ length: 19 }, (_, i) => one(`stuck-${i}`)[0]!)]);
      await c.clock(T + 3 * DAY + MIN);
      await until(() => sink.connections() === 4, 'the worker to open its 4 connections');
      const timed = async (f: () => Promise<Response>) => {
        const t0 = Date.now();
        const r = await f();
        return { status: r.status, ms: Date.now() - t0 };
      };
      const answer = await timed(() =>
        fetch(`${c.proc.url}/v1/responses`, {
          method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ responses: [{ id: randomUUID(), revision: 1, deliveryId: 'other', deliveredAt: new Date(T).toISOString(), answeredAt: new Date(T + 3 * DAY).toISOString(), nps: 9, complete: true, locale: 'en' }] }),
        }),
      );
      const summary = await timed(() => fetch(`${c.proc.url}/v1/summary`, { headers: admin }));
      expect(answer).toMatchObject({ status: 200 });
      expect(summary).toMatchObject({ status: 200 });
      expect(answer.ms).toBeLessThan(3_000);
      expect(summary.ms).toBeLessThan(3_000);
      expect(invite(await c.timeline('stuck'))).toMatchObject({ status: 'scheduled', sentAt: null });
      // The messages in flight wait for nodemailer's greeting timeout (20 s); the queued ones fail at
      // once (retried later) instead of each waiting its turn for a connection (5 × 20 s here).
      const t0 = Date.now();
      expect(await c.kill('SIGTERM')).toBe(0);
      expect(Date.now() - t0).toBeLessThan(25_000);
      expect(sink.connections()).toBe(4);
    } finally {
      await c.kill('SIGKILL');
      await sink.stop();
    }
  }, 45_000);
});

describe('SIGKILL while sending (SQLite, one instance)', () => {
  test('200 due invitations, killed mid-way, restarted on the same database: each reached the SMTP server once or twice, never more, none lost', async () => {
    // A server that takes 25 ms per message: 200 messages over 4 connections last over a second.
    const sink = await startSmtpSink({ delayMs: 25, bodies: false });
    const db = join(dir, 'kill.db');
    let c = await collector(sink, db);
    try {
      const T = Date.parse('2027-06-01T10:00:00Z');
      await c.clock(T);
      await c.deliver(Array.from({ length: 200 }, (_, i) => ({ id: `K${i}`, deliveredAt: new Date(T).toISOString(), email: `k${i}@example.com` })));
      const sending = T + 3 * DAY + MIN;
      await c.clock(sending);
      await until(() => sink.messages().length >= 40, '40 messages');
      await c.kill('SIGKILL');
      const before = sink.messages().length;
      expect(before).toBeLessThan(200);

      // Restarted on the same port and database; past the leases (10 minutes) the killed instance held.
      c = await collector(sink, db, {}, c.port);
      await c.clock(sending + 11 * MIN);
      await until(() => new Set(sink.messages().map(invitationOf)).size === 200, 'all 200 invitations', 20_000);
      await settle();
      const counts = new Map<string, number>();
      for (const m of sink.messages()) counts.set(invitationOf(m), (counts.get(invitationOf(m)) ?? 0) + 1);
      expect(counts.size).toBe(200);
      expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
      const twice = [...counts.values()].filter((n) => n === 2).length;
      console.log(`SIGKILL: ${before} messages before the kill, ${sink.messages().length} in all, ${twice} invitations sent twice`);
      // The store agrees: 200 sent invitations, the ids the server saw.
      const sent = await c.json('/v1/invitations?status=sent&limit=500');
      expect(sent.body.items).toHaveLength(200);
      expect(new Set(sent.body.items.map((i: Invitation) => i.id))).toEqual(new Set(counts.keys()));
      expect((await c.json('/v1/invitations/summary')).body).toMatchObject({ invited: 200, failed: 0, scheduled: 200 });
    } finally {
      await c.kill();
      await sink.stop();
    }
  });
});
