// The merchant's receiver (examples/webhook-receiver) as a real process: signed with standardwebhooks
// the way the collector signs, on a free port, with fake Slack and ticket endpoints beside it.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SEEN_WINDOW_MS, seenIds } from '../../examples/webhook-receiver/seen.mjs';

const SCRIPT = 'examples/webhook-receiver/receiver.mjs';
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const signer = new Webhook(SECRET);
const dir = mkdtempSync(join(tmpdir(), 'aftercare-receiver-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Receiver {
  url: string;
  /** The NDJSON lines on stdout so far, parsed. */
  lines: () => { id: string; type: string; receivedAt: string; event: { type: string; data: Record<string, unknown> } }[];
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout has `n` lines. */
  linesReach: (n: number) => Promise<void>;
  stop: () => Promise<number | null>;
}

const until = async (ok: () => boolean, what: () => string, ms = 5_000) => {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

function start(env: Record<string, string> = {}): Promise<Receiver> {
  const proc: ChildProcess = spawn(process.execPath, [SCRIPT], {
    env: { PATH: process.env.PATH ?? '', AFTERCARE_WEBHOOK_SECRET: SECRET, RECEIVER_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (c) => (out += c));
  proc.stderr!.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  // Complete lines only: the last one may still be arriving.
  const lines = () => out.slice(0, out.lastIndexOf('\n') + 1).split('\n').filter(Boolean).map((l) => JSON.parse(l));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`receiver did not start: ${err}`)), 10_000);
    proc.stderr!.on('data', () => {
      const m = /receiver listening on (http:\/\/\S+)\n/.exec(err);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        url: m[1]!,
        lines,
        stdout: () => out,
        stderr: () => err,
        linesReach: (n) => until(() => lines().length >= n, () => `${n} lines, got: ${out}`),
        stop: async () => {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
          return exited;
        },
      });
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`receiver exited with ${code}: ${err}`));
    });
  });
}

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc = spawn(process.execPath, [SCRIPT], { env: { PATH: process.env.PATH ?? '', RECEIVER_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (c) => (stdout += c));
  proc.stderr.on('data', (c) => (stderr += c));
  const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
  return new Promise((r) => proc.once('exit', (code) => (clearTimeout(timer), r({ code, stdout, stderr }))));
}

let n = 0;
const msgId = () => `msg_test${++n}_${Date.now()}`;
const eventBody = (type: string, data: Record<string, unknown>) => JSON.stringify({ type, timestamp: new Date().toISOString(), data });

/** Posts `body` signed like the collector: the same `id` on every retry, the attempt's own timestamp. */
async function post(url: string, body: string, { id = msgId(), at = new Date(), secret = SECRET } = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, body),
    },
    body,
  });
  return { status: res.status, body: await res.json(), id };
}

const response = { id: 'r-1', revision: 1, csat: 5, nps: 10, comment: 'Great', customerId: 'c-1', meta: null };
const opened = (over: Record<string, unknown> = {}) => ({
  id: 'case-1', responseId: 'r-2', deliveryId: 'd-2', customerId: 'cust-42', csat: 1, nps: 2,
  comment: 'Tech was late <!channel> & left a mess > really', meta: { store: 'Berlin', technician: 'Li <b>Wei</b>' },
  answeredAt: '2026-03-01T09:00:00.000Z', matches: true, status: 'open', owner: null, openedAt: '2026-03-01T09:00:05.000Z',
  dueAt: '2026-03-02T09:00:05.000Z', overdue: false, firstContactAt: null, resolvedAt: null, updatedAt: '2026-03-01T09:00:05.000Z', notes: [],
  ...over,
});

describe('one receiver, no forwards', () => {
  let r: Receiver;
  beforeAll(async () => {
    r = await start();
  });
  afterAll(() => r.stop());

  test('a valid event is answered 2xx and written as one NDJSON line', async () => {
    const body = eventBody('response.created', response);
    const res = await post(r.url, body);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: true });
    await r.linesReach(1);
    expect(r.lines()).toEqual([{ id: res.id, type: 'response.created', receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), event: JSON.parse(body) }]);
  });

  test('a bad signature is 401, a stale or future timestamp 400, and neither is written', async () => {
    const before = r.lines().length;
    const body = eventBody('response.created', response);
    const wrong = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const bad = await post(r.url, body, { secret: wrong });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('webhook-signature: no valid v1 signature (is AFTERCARE_WEBHOOK_SECRET the same here and at the collector?)');
    const old = await post(r.url, body, { at: new Date(Date.now() - 6 * 60_000) });
    expect(old.status).toBe(400);
    expect(old.body.error).toBe('webhook-timestamp: more than 5 minutes old (a replay, or a clock off here or at the collector: check NTP)');
    const future = await post(r.url, body, { at: new Date(Date.now() + 6 * 60_000) });
    expect(future.status).toBe(400);
    expect(future.body.error).toMatch(/^webhook-timestamp: more than 5 minutes in the future/);
    const unsigned = await fetch(r.url, { method: 'POST', body });
    expect(unsigned.status).toBe(400);
    // A valid event after them is the next line: the refused ones wrote none.
    const ok = await post(r.url, body);
    await r.linesReach(before + 1);
    expect(r.lines().slice(before).map((l) => l.id)).toEqual([ok.id]);
    expect(r.stderr()).toContain('[aftercare receiver] refused a request: 401');
  });

  test('the same webhook-id twice (a retry, freshly signed) is processed once', async () => {
    const before = r.lines().length;
    const body = eventBody('response.updated', { ...response, revision: 2 });
    const id = msgId();
    const first = await post(r.url, body, { id });
    const retry = await post(r.url, body, { id, at: new Date(Date.now() + 5_000) });
    expect([first.status, retry.status]).toEqual([202, 200]);
    expect(retry.body).toEqual({ duplicate: true });
    // Two copies at once (a lapsed lease) count once too.
    const twin = msgId();
    const both = await Promise.all([post(r.url, body, { id: twin }), post(r.url, body, { id: twin })]);
    expect(both.map((b) => b.status).sort()).toEqual([200, 202]);
    const last = await post(r.url, eventBody('response.created', response));
    await r.linesReach(before + 3);
    expect(r.lines().slice(before).map((l) => l.id)).toEqual([id, twin, last.id]);
  });

  test('GET /health is 200; a body over 256 KB is 413; other paths 404', async () => {
    expect((await fetch(r.url.replace('/webhooks/aftercare', '/health'))).status).toBe(200);
    const big = await post(r.url, JSON.stringify({ type: 'response.created', data: { comment: 'x'.repeat(300 * 1024) } }));
    expect(big.status).toBe(413);
    expect((await fetch(r.url.replace('/webhooks/aftercare', '/other'))).status).toBe(404);
    expect((await fetch(r.url)).status).toBe(405);
  });
});

test('with RECEIVER_SEEN_FILE a restart still dedupes', async () => {
  const file = join(dir, 'seen.ndjson');
  const body = eventBody('case.opened', opened());
  const id = msgId();
  const first = await start({ RECEIVER_SEEN_FILE: file });
  try {
    expect((await post(first.url, body, { id })).status).toBe(202);
  } finally {
    expect(await first.stop()).toBe(0);
  }
  const again = await start({ RECEIVER_SEEN_FILE: file });
  try {
    const retry = await post(again.url, body, { id });
    expect(retry).toMatchObject({ status: 200, body: { duplicate: true } });
    const fresh = await post(again.url, body);
    await again.linesReach(1);
    expect(again.lines().map((l) => l.id)).toEqual([fresh.id]);
  } finally {
    await again.stop();
  }
});

describe('seenIds, with the clock passed in', () => {
  test('remembers an id for the window (longer than the whole retry schedule of the collector), then forgets it', () => {
    // The schedule's waits at +10 %, end to end: 3 days 11 h. With a 24 h Retry-After before each retry: 9 days 2 h.
    const waits = [5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400].map((s) => s * 1000 * 1.1);
    const schedule = waits.reduce((a, b) => a + b, 0);
    expect(SEEN_WINDOW_MS).toBeGreaterThan(waits.reduce((a, w) => a + Math.max(w, 86_400_000), 0));
    let t = 0;
    const seen = seenIds({ now: () => t });
    seen.add('msg_a');
    t = schedule;
    expect(seen.has('msg_a')).toBe(true);
    t = SEEN_WINDOW_MS + 1;
    expect(seen.has('msg_a')).toBe(false);
  });

  test('is bounded: past `max`, the oldest go first', () => {
    let t = 0;
    const seen = seenIds({ now: () => ++t, max: 3 });
    for (const id of ['a', 'b', 'c', 'd']) seen.add(id);
    expect(seen.size).toBe(3);
    expect(['a', 'b', 'c', 'd'].map((id) => seen.has(id))).toEqual([false, true, true, true]);
  });

  test('the file: read at start (a torn last line skipped), expired ids compacted away', () => {
    const file = join(dir, 'compact.ndjson');
    let t = 1_000;
    const first = seenIds({ file, now: () => t });
    first.add('old');
    t += SEEN_WINDOW_MS / 2;
    first.add('new');
    appendFileSync(file, '{"id":"torn","at":');
    t += SEEN_WINDOW_MS / 2 + 1;
    const again = seenIds({ file, now: () => t });
    expect([again.has('old'), again.has('new'), again.has('torn')]).toEqual([false, true, false]);
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify({ id: 'new', at: 1_000 + SEEN_WINDOW_MS / 2 })}\n`);
  });
});

/** A fake endpoint recording what it is sent; `statuses` are answered in turn (then 200). */
async function endpoint(statuses: number[] = []) {
  const got: { path: string; headers: IncomingHttpHeaders; body: any }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      got.push({ path: req.url!, headers: req.headers, body: JSON.parse(raw) });
      const status = statuses.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'busy');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { base, got, close: () => new Promise((r) => server.close(r)) };
}

test('case.opened and its resolution reach Slack, escaped, retried after a 500; the URL is never printed', async () => {
  const slack = await endpoint([500]);
  const hook = `${slack.base}/services/T000/B000/s3cr3tHookToken`;
  const r = await start({ SLACK_WEBHOOK_URL: hook });
  try {
    const res = await post(r.url, eventBody('case.opened', opened()));
    // Slack failing does not change the answer: the event was accepted.
    expect(res.status).toBe(202);
    await until(() => slack.got.length === 2, () => `2 Slack posts, got ${slack.got.length}: ${r.stderr()}`);
    const message = slack.got[1]!.body;
    expect(slack.got[1]!.path).toBe('/services/T000/B000/s3cr3tHookToken');
    expect(slack.got[0]!.body).toEqual(message);
    expect(message.text).toBe('New follow-up case: NPS 2/10 · CSAT 1/5 · Berlin · Li &lt;b&gt;Wei&lt;/b&gt; "Tech was late &lt;!channel&gt; &amp; left a mess &gt; really"');
    const all = JSON.stringify(message);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<b>');
    expect(message.blocks[1]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '> Tech was late &lt;!channel&gt; &amp; left a mess &gt; really' } });
    expect(message.blocks[2].fields.map((f: { text: string }) => f.text)).toEqual([
      '*Store*\nBerlin', '*Technician*\nLi &lt;b&gt;Wei&lt;/b&gt;', '*Customer*\ncust-42',
      `*Follow up by*\n<!date^${Date.parse('2026-03-02T09:00:05.000Z') / 1000}^{date_short_pretty} {time}|2026-03-02T09:00:05.000Z>`,
    ]);
    expect(r.stderr()).toMatch(/\[aftercare receiver\] Slack \(127\.0\.0\.1:\d+\): attempt 1 failed: HTTP 500 "busy"; retrying in/);

    // Contacted: no message. Resolved: one. A note on the resolved case later: none.
    const at = '2026-03-01T12:00:00.000Z';
    await post(r.url, eventBody('case.updated', opened({ status: 'contacted', owner: 'Ana', updatedAt: '2026-03-01T10:00:00.000Z' })));
    await post(r.url, eventBody('case.updated', opened({ status: 'resolved', owner: 'Ana', resolvedAt: at, updatedAt: at, notes: [{ author: 'Ana', at, text: 'Refunded <call-out> fee' }] })));
    await post(r.url, eventBody('case.updated', opened({ status: 'resolved', owner: 'Ana', resolvedAt: at, updatedAt: '2026-03-01T13:00:00.000Z' })));
    await r.linesReach(4);
    await until(() => slack.got.length === 3, () => `3 Slack posts, got ${slack.got.length}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(slack.got.length).toBe(3);
    expect(slack.got[2]!.body.text).toMatch(/^Case resolved: NPS 2\/10/);
    expect(JSON.stringify(slack.got[2]!.body)).toContain('Refunded &lt;call-out&gt; fee');
  } finally {
    await r.stop();
    await slack.close();
  }
  expect(r.stdout() + r.stderr()).not.toContain('s3cr3tHookToken');
  expect(r.stdout() + r.stderr()).not.toContain('/services/');
});

test('case.opened becomes a ticket (and nothing else does)', async () => {
  const tickets = await endpoint();
  const r = await start({ TICKET_WEBHOOK_URL: `${tickets.base}/hooks/catch/123?key=k`, TICKET_WEBHOOK_AUTHORIZATION: 'Bearer t0k' });
  try {
    await post(r.url, eventBody('response.created', response));
    await post(r.url, eventBody('case.opened', opened()));
    await r.linesReach(2);
    await until(() => tickets.got.length === 1, () => 'a ticket');
    expect(tickets.got[0]!.headers.authorization).toBe('Bearer t0k');
    expect(tickets.got[0]!.body).toEqual({
      subject: 'Follow up: NPS 2/10 · CSAT 1/5 · Berlin · Li <b>Wei</b> · "Tech was late <!channel> & left a mess > really"',
      description: [
        'Score: NPS 2/10 · CSAT 1/5', 'Comment:\nTech was late <!channel> & left a mess > really\n', 'Store: Berlin', 'Technician: Li <b>Wei</b>',
        'Customer: cust-42', 'Answered: 2026-03-01T09:00:00.000Z', 'Follow up by: 2026-03-02T09:00:05.000Z', 'Aftercare case case-1 (response r-2)',
      ].join('\n'),
      priority: 'high',
      externalId: 'case-1',
      requester: 'cust-42',
      dueAt: '2026-03-02T09:00:05.000Z',
    });
  } finally {
    await r.stop();
    await tickets.close();
  }
  expect(r.stderr()).not.toContain('key=k');
  expect(r.stderr()).not.toContain('t0k');
});

describe('a bad configuration is one line and exit code 2', () => {
  test('no secret', async () => {
    const { code, stdout, stderr } = await run({});
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      "[aftercare receiver] AFTERCARE_WEBHOOK_SECRET: expected the collector's signing secret: whsec_ followed by 24 to 64 bytes in base64 (e.g. `echo whsec_$(openssl rand -base64 32)`, set on both sides)\n",
    );
  });

  test('a secret that is not one, or a Slack URL that is not a URL, is not echoed', async () => {
    const weak = await run({ AFTERCARE_WEBHOOK_SECRET: 'whsec_hunter2' });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toMatch(/^\[aftercare receiver\] AFTERCARE_WEBHOOK_SECRET: expected .*\n$/);
    expect(weak.stderr).not.toContain('hunter2');
    const slack = await run({ AFTERCARE_WEBHOOK_SECRET: SECRET, SLACK_WEBHOOK_URL: 'hooks.slack.com/services/T/B/tok3n' });
    expect(slack.code).toBe(2);
    expect(slack.stderr).toBe('[aftercare receiver] SLACK_WEBHOOK_URL: expected an https:// URL (the value is not shown: it is a credential)\n');
  });
});
