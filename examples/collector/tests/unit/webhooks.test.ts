// Webhook delivery against a real receiver process (tests/support/webhook-sink.mjs, which verifies every
// request with the `standardwebhooks` package): the events and their signatures, the retry schedule on
// a simulated clock, Retry-After, 410, redirects, giving up, re-sending, the SSRF guard, leases, and a
// SIGKILL of the collector with events pending.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { privateAddress } from '../../src/deliver/address.ts';
import { MAX_ATTEMPTS, nextAttemptAt, outcomeOf, parseRetryAfter, RETRY_DELAYS_MS } from '../../src/deliver/schedule.ts';
import { webhookWorker } from '../../src/deliver/worker.ts';
import { parseAlert } from '../../src/store/alert.ts';
import { spawnCollector } from '../support/collector-process.ts';
import { SECRET, startSink, type Sink } from '../support/webhook-sink.ts';
import { addPerson, ADMIN, response, startCollector } from '../support/harness.ts';

const S = 1000, MIN = 60 * S, HOUR = 60 * MIN;

describe('the retry policy (pure)', () => {
  test('the Standard Webhooks schedule, ±10 % jitter, then give up', () => {
    expect(RETRY_DELAYS_MS).toEqual([5 * S, 5 * MIN, 30 * MIN, 2 * HOUR, 5 * HOUR, 10 * HOUR, 14 * HOUR, 20 * HOUR, 24 * HOUR]);
    expect(MAX_ATTEMPTS).toBe(10);
    for (const [i, d] of RETRY_DELAYS_MS.entries()) {
      expect(nextAttemptAt(i + 1, 0, undefined, () => 0)).toBe(Math.round(d * 0.9));
      expect(nextAttemptAt(i + 1, 0, undefined, () => 0.5)).toBe(d);
      expect(nextAttemptAt(i + 1, 0, undefined, () => 1)).toBe(Math.round(d * 1.1));
    }
    expect(nextAttemptAt(10, 0, undefined)).toBeNull();
    expect(nextAttemptAt(1, 1000, 120 * S)).toBe(121 * S);
    expect(nextAttemptAt(1, 0, 3 * 86_400 * S)).toBe(86_400 * S);
  });

  test('which answers are retried, which fail, which disable', () => {
    expect(outcomeOf(204).kind).toBe('delivered');
    for (const code of [408, 429, 500, 502, 503, 504]) expect(outcomeOf(code).kind).toBe('retry');
    for (const code of [301, 302, 307, 308, 400, 401, 403, 404, 413]) expect(outcomeOf(code).kind).toBe('failed');
    expect(outcomeOf(410).kind).toBe('gone');
    expect(parseRetryAfter('120', 0)).toBe(120 * S);
    expect(parseRetryAfter(new Date(90 * S).toUTCString(), 30 * S)).toBe(60 * S);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
  });

  test('private, loopback and link-local addresses are recognised (IPv4, IPv6, IPv4-mapped)', () => {
    for (const [host, why] of [
      ['127.0.0.1', 'loopback'], ['::1', 'loopback'], ['::ffff:127.0.0.1', 'loopback'], ['10.2.3.4', 'private'], ['172.16.0.1', 'private'],
      ['192.168.1.1', 'private'], ['169.254.169.254', 'link-local'], ['fe80::1', 'link-local'], ['fd00::1', 'unique-local'], ['0.0.0.0', 'unspecified'],
      ['100.64.0.1', 'carrier-grade-nat'],
    ]) expect(privateAddress(host!)).toBe(why);
    for (const host of ['8.8.8.8', '2001:4860:4860::8888', 'hooks.slack.com']) expect(privateAddress(host)).toBeNull();
  });

  test('IPv6 forms that carry an IPv4 address are judged by it: compatible, mapped, NAT64, 6to4 (never by connecting: IPv6 leaves these machines)', () => {
    for (const [host, why] of [
      ['::127.0.0.1', 'loopback'], ['::a9fe:a9fe', 'link-local'], ['::10.1.2.3', 'private'], ['::ffff:192.168.0.1', 'private'], ['::ffff:7f00:1', 'loopback'],
      ['64:ff9b::127.0.0.1', 'loopback'], ['64:ff9b::a9fe:a9fe', 'link-local'], ['64:ff9b::10.0.0.1', 'private'],
      ['2002:7f00:1::', 'loopback'], ['2002:a9fe:a9fe::1', 'link-local'], ['2002:c0a8:101::1', 'private'],
      ['::', 'unspecified'], ['::1', 'loopback'],
    ]) expect([host, privateAddress(host!)]).toEqual([host, why]);
    // The same forms around a public IPv4 address are public.
    for (const host of ['::8.8.8.8', '::ffff:8.8.8.8', '64:ff9b::8.8.8.8', '2002:808:808::1']) expect([host, privateAddress(host)]).toEqual([host, null]);
  });
});

let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(() => sink.close());

/** A collector on a simulated clock whose worker only runs when the test says. */
async function manual(o: { alert?: string; url?: string; allowPrivate?: boolean } = {}) {
  const t = { now: Date.now() };
  const k = await startCollector({
    now: () => t.now, startWorker: false, alert: parseAlert(o.alert ?? 'off'),
    webhookUrls: [o.url ?? sink.hook], webhookSecret: SECRET, webhookAllowPrivate: o.allowPrivate ?? true,
  });
  const delivery = async () => (await k.c.db.selectFrom('webhook_deliveries').selectAll().execute())[0]!;
  return { k, t, run: () => k.c.worker!.runOnce(), delivery };
}
const mark = () => sink.lines().length;

describe('delivering', () => {
  test('a detractor: response.created and case.opened, the comment in response.updated, signed and verified; a promoter opens no case', async () => {
    const k = await startCollector({ webhookUrls: [sink.hook], webhookSecret: SECRET, webhookAllowPrivate: true, webhookPollMs: 50 });
    try {
      await sink.script([]);
      const from = mark();
      const detractor = response({ nps: 3, csat: undefined, meta: { store: 'Berlin' } });
      const promoter = response({ nps: 10, csat: undefined });
      await k.send({ responses: [detractor, promoter] });
      await k.send({ responses: [{ ...detractor, revision: 2, comment: 'Nobody called back' }] });
      const lines = (await sink.until(from + 5)).slice(from);
      await new Promise((r) => setTimeout(r, 300));
      expect(sink.lines().length).toBe(from + 5);
      expect(lines.every((l) => l.verified && l.signed && /^msg_[\w-]{22}$/.test(l.id!))).toBe(true);
      expect(new Set(lines.map((l) => l.id)).size).toBe(5);
      const of = (type: string, id: string) => lines.filter((l) => l.type === type && ((l.body!.data.responseId ?? l.body!.data.id) === id));
      expect(of('response.created', detractor.id)).toHaveLength(1);
      expect(of('case.opened', detractor.id)).toHaveLength(1);
      expect(of('response.created', promoter.id)).toHaveLength(1);
      expect(lines.filter((l) => l.type?.startsWith('case.') && l.body!.data.responseId === promoter.id)).toEqual([]);
      const updated = of('response.updated', detractor.id)[0]!.body!;
      expect(updated.data).toMatchObject({ id: detractor.id, revision: 2, comment: 'Nobody called back', nps: 3, meta: { store: 'Berlin' } });
      expect(Date.parse(updated.timestamp)).toBeGreaterThan(0);
      expect(of('case.updated', detractor.id)[0]!.body!.data).toMatchObject({ status: 'open', comment: 'Nobody called back', nps: 3 });
      const opened = of('case.opened', detractor.id)[0]!.body!.data;
      expect(opened).toEqual(expect.objectContaining({ responseId: detractor.id, status: 'open', owner: null, notes: [] }));
      // data is the case as the API returns it.
      // (ownerName is the API's: the name of whoever the owner is now; an event carries the owner's id.)
      const { history: _h, now: _n, ownerName: _o, ...api } = await k.get(`/v1/cases/${opened.id}`);
      expect(Object.keys(opened).sort()).toEqual(Object.keys(api).sort());
      // A change through the API is an event too.
      const ana = await addPerson(k.url, { email: 'ana@shop.example', name: 'Ana', role: 'agent' });
      await fetch(`${k.url}/v1/cases/${opened.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'contacted', owner: ana.owner }) });
      const [patched] = (await sink.until(from + 6)).slice(from + 5);
      expect(patched).toMatchObject({ type: 'case.updated', verified: true, body: { data: { id: opened.id, status: 'contacted', owner: ana.owner } } });
      // The sink logs before it answers; the collector counts once the answer is in.
      await expect.poll(async () => (await k.get('/v1/summary')).collector.webhooks, { timeout: 10_000 }).toMatchObject({ delivered: 6, failed: 0 });
    } finally {
      await k.close();
    }
  });

  test('503, 503, a dropped connection, then 200: one event, the same webhook-id and body every time, on the schedule', async () => {
    const { k, t, run, delivery } = await manual();
    try {
      await sink.script(['503', '503', 'drop', '200']);
      const from = mark();
      await k.send({ responses: [response()] });
      const attemptsAt: number[] = [];
      const waits = [[4.5 * S, 5.5 * S], [4.5 * MIN, 5.5 * MIN], [27 * MIN, 33 * MIN]];
      for (const [lo, hi] of waits) {
        attemptsAt.push(t.now);
        expect(await run()).toBe(1);
        const d = await delivery();
        expect(d.status).toBe('pending');
        const wait = Number(d.next_ms) - t.now;
        expect(wait).toBeGreaterThanOrEqual(lo!);
        expect(wait).toBeLessThanOrEqual(hi!);
        t.now = Number(d.next_ms) - 1;
        expect(await run()).toBe(0); // not before it is due
        t.now += 1;
      }
      attemptsAt.push(t.now);
      expect(await run()).toBe(1);
      // The sink's log line can trail its answer a little: wait for it.
      const lines = (await sink.until(from + 4)).slice(from);
      expect(lines.map((l) => l.answer)).toEqual(['503', '503', 'drop', '200']);
      expect(new Set(lines.map((l) => l.id)).size).toBe(1);
      expect(new Set(lines.map((l) => JSON.stringify(l.body))).size).toBe(1);
      expect(lines.every((l) => l.signed)).toBe(true);
      expect(lines[0]!.verified).toBe(true); // the first attempt is now; the later ones carry their own (simulated) time
      expect(lines.map((l) => Number(l.timestamp))).toEqual(attemptsAt.map((a) => Math.floor(a / 1000)));
      expect(await delivery()).toMatchObject({ status: 'delivered', attempts: 4, last_code: 200, last_error: null });
      expect(await run()).toBe(0);
      const { endpoints } = await k.get('/v1/webhooks');
      expect(endpoints[0].deliveries[0]).toMatchObject({ status: 'delivered', attempts: 4, nextAttemptAt: null, lastCode: 200 });
    } finally {
      await k.close();
    }
  });

  test('429 with Retry-After is retried exactly then', async () => {
    const { k, t, run, delivery } = await manual();
    try {
      await sink.script(['429:120']);
      await k.send({ responses: [response()] });
      await run();
      expect(await delivery()).toMatchObject({ status: 'pending', attempts: 1, last_code: 429, next_ms: t.now + 120 * S });
      t.now += 120 * S;
      await run();
      expect(await delivery()).toMatchObject({ status: 'delivered', attempts: 2 });
    } finally {
      await k.close();
    }
  });

  test('410 disables the endpoint (and the dashboard says so) until it is enabled again', async () => {
    const { k, t, run, delivery } = await manual();
    try {
      await sink.script(['410']);
      const from = mark();
      await k.send({ responses: [response()] });
      await run();
      await k.send({ responses: [response()] });
      t.now += HOUR;
      expect(await run()).toBe(0);
      expect((await sink.until(from + 1)).length).toBe(from + 1);
      const { endpoints } = await k.get('/v1/webhooks');
      expect(endpoints[0]).toMatchObject({ disabled: true, disabledReason: expect.stringMatching(/^410 Gone on /), counts: { pending: 2, delivered: 0, failed: 0 } });
      expect((await delivery()).last_code).toBe(410);
      const res = await fetch(`${k.url}/v1/webhooks/${endpoints[0].id}/enable`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
      expect(res.status).toBe(200);
      expect(await run()).toBe(2);
      expect((await k.get('/v1/webhooks')).endpoints[0]).toMatchObject({ disabled: false, counts: { pending: 0, delivered: 2 } });
    } finally {
      await k.close();
    }
  });

  test('a redirect is not followed and fails; a re-send delivers it with the same webhook-id', async () => {
    const { k, run, delivery } = await manual();
    try {
      await sink.script(['302']);
      const from = mark();
      await k.send({ responses: [response()] });
      await run();
      expect(await delivery()).toMatchObject({ status: 'failed', attempts: 1, last_code: 302 });
      expect((await delivery()).last_error).toMatch(/^HTTP 302: redirects are not followed/);
      expect((await sink.until(from + 1)).slice(from).map((l) => l.path)).toEqual(['/hook']);
      const { endpoints } = await k.get('/v1/webhooks');
      const d = endpoints[0].deliveries[0];
      const res = await fetch(`${k.url}/v1/webhooks/${endpoints[0].id}/deliveries/${d.eventId}/resend`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } });
      expect(await res.json()).toMatchObject({ eventId: d.eventId, status: 'pending', attempts: 0 });
      expect((await fetch(`${k.url}/v1/webhooks/${endpoints[0].id}/deliveries/msg_nope/resend`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(404);
      expect((await fetch(`${k.url}/v1/webhooks/${endpoints[0].id}/deliveries/${d.eventId}/resend`, { method: 'POST' })).status).toBe(401);
      await run();
      expect(await delivery()).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(new Set((await sink.until(from + 2)).slice(from).map((l) => l.id))).toEqual(new Set([d.eventId]));
    } finally {
      await k.close();
    }
  });

  test('after ten failed attempts the delivery is given up', async () => {
    const { k, t, run, delivery } = await manual();
    try {
      await sink.script([], { default: '500' });
      const from = mark();
      await k.send({ responses: [response()] });
      for (let i = 0; i < 10; i++) {
        expect(await run()).toBe(1);
        t.now = Number((await delivery()).next_ms);
      }
      expect(await delivery()).toMatchObject({ status: 'failed', attempts: 10, last_code: 500 });
      t.now += 48 * HOUR;
      expect(await run()).toBe(0);
      expect((await sink.until(from + 10)).length - from).toBe(10);
    } finally {
      await sink.script([]);
      await k.close();
    }
  });

  test('no answer within the timeout is retried', async () => {
    const { k, t, delivery } = await manual();
    const w = webhookWorker({ db: k.c.db, kind: k.c.kind, urls: [sink.hook], secret: SECRET, allowPrivate: true, now: () => t.now, timeoutMs: 300 });
    try {
      await sink.script(['hang']);
      const from = mark();
      await k.send({ responses: [response()] });
      expect(await w.runOnce()).toBe(1);
      // Its line is in before the next test counts the sink's lines.
      await sink.until(from + 1);
      expect(await delivery()).toMatchObject({ status: 'pending', attempts: 1, last_code: null, last_error: 'no answer within 0.3 s' });
    } finally {
      await k.close();
    }
  });

  test('SSRF: an endpoint whose name resolves to a loopback address is refused without the override', async () => {
    const url = sink.hook.replace('127.0.0.1', 'localhost');
    const from = mark();
    const { k, run, delivery } = await manual({ url, allowPrivate: false });
    try {
      await k.send({ responses: [response()] });
      await run();
      const d = await delivery();
      expect(d.status).toBe('failed');
      expect(d.last_error).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address; refused \(set AFTERCARE_WEBHOOK_ALLOW_PRIVATE=1 to allow it\)$/);
      expect(sink.lines().length).toBe(from);
    } finally {
      await k.close();
    }
    const allowed = await manual({ url, allowPrivate: true });
    try {
      await allowed.k.send({ responses: [response()] });
      await allowed.run();
      expect((await allowed.delivery()).status).toBe('delivered');
    } finally {
      await allowed.k.close();
    }
  });

  test('a claimed delivery is not claimed by another worker while its lease holds', async () => {
    const { k, t } = await manual();
    const other = webhookWorker({ db: k.c.db, kind: k.c.kind, urls: [sink.hook], secret: SECRET, allowPrivate: true, now: () => t.now });
    try {
      await sink.script([], { holdMs: 400 });
      const from = mark();
      await k.send({ responses: [response(), response()] });
      const first = k.c.worker!.runOnce();
      await new Promise((r) => setTimeout(r, 100));
      expect(await other.runOnce()).toBe(0);
      expect(await first).toBe(2);
      await new Promise((r) => setTimeout(r, 200));
      expect((await sink.until(from + 2)).length - from).toBe(2);
    } finally {
      await sink.script([]);
      await k.close();
    }
  });
});

describe('durability', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aftercare-webhooks-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('SIGKILL with events pending: after the restart every event is delivered once, none lost, none invented', async () => {
    // 503 to each event's first attempt; a retry that comes early on a slow machine (5 s after a
    // 503) hangs instead, so no event is pushed to the 5-minute step before the kill.
    const receiver = await startSink({ SINK_DEFAULT: '503', SINK_REPEAT: 'hang' });
    const env = {
      AFTERCARE_DB: join(dir, 'kill.db'), AFTERCARE_ADMIN_TOKEN: ADMIN, AFTERCARE_WEBHOOK_URLS: receiver.hook,
      AFTERCARE_WEBHOOK_SECRET: SECRET, AFTERCARE_WEBHOOK_ALLOW_PRIVATE: '1',
    };
    let proc = await spawnCollector(env);
    const post = (url: string, responses: unknown[]) =>
      fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ responses }) });
    const detractors = Array.from({ length: 10 }, () => response({ nps: 2, csat: undefined }));
    const promoters = Array.from({ length: 10 }, () => response({ nps: 9, csat: undefined }));
    expect((await post(proc.url, [...detractors, ...promoters])).status).toBe(200);
    expect((await post(proc.url, detractors.slice(0, 5).map((r) => ({ ...r, revision: 2, comment: 'still broken' })))).status).toBe(200);
    // 20 created + 10 cases opened + 5 updated + 5 cases updated.
    const expected = 40;
    // Every event was attempted once and answered 503 (the next attempt is 5 s away): killed now.
    const ids = () => new Set(receiver.lines().map((l) => l.id));
    await expect.poll(() => ids().size, { timeout: 15_000 }).toBe(expected);
    await new Promise((r) => setTimeout(r, 200));
    await proc.kill('SIGKILL');
    const attempted = ids();
    expect(receiver.lines().filter((l) => l.answer === '503')).toHaveLength(expected);

    // The receiver is back (it answers 200 from now on); so is the collector.
    await receiver.script([], { default: '200' });
    const from = receiver.lines().length;
    const after = () => receiver.lines().slice(from);
    proc = await spawnCollector(env);
    try {
      await expect.poll(() => after().length, { timeout: 60_000 }).toBeGreaterThanOrEqual(expected);
      const lines = after();
      await new Promise((r) => setTimeout(r, 1_500));
      expect(after().length).toBe(expected);
      expect(new Set(lines.map((l) => l.id)).size).toBe(expected);
      expect(lines.every((l) => l.verified && l.answer === '200')).toBe(true);
      for (const id of attempted) expect(lines.some((l) => l.id === id)).toBe(true);
      const count = (type: string) => lines.filter((l) => l.type === type).length;
      expect([count('response.created'), count('case.opened'), count('response.updated'), count('case.updated')]).toEqual([20, 10, 5, 5]);
      const counts = async () => (await (await fetch(`${proc.url}/v1/webhooks?limit=100`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()).endpoints[0].counts;
      await expect.poll(counts, { timeout: 10_000 }).toEqual({ pending: 0, delivered: expected, failed: 0 });
    } finally {
      await proc.kill();
      await receiver.close();
    }
  }, 90_000);
});
