// Two collector processes on one PostgreSQL share the invitation schedule: 2,000 invitations fall due
// at once on both instances' clocks, and each reaches a real SMTP server (tests/support/smtp-sink.mjs)
// exactly once. The claim's `FOR UPDATE SKIP LOCKED` and its lease keep the instances off each
// other's rows; each instance signs in to the SMTP server as its own user, so the log shows both sent.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { spawnCollector, type CollectorProcess } from '../support/collector-process.ts';
import { invitationOf, startSmtpSink, type SmtpSink } from '../support/smtp-sink.ts';
import { freshDatabase, query } from './db.ts';

const TOKEN = 'pg-invitations-admin-token-0123456789';
const DAY = 86_400_000;
const N = 2_000;
// Wednesday 3 February 2027, 10:00 in Berlin; day 3 is a Saturday at 10:00, inside the sending hours.
const T = Date.parse('2027-02-03T09:00:00Z');

let url: string;
let sink: SmtpSink;
let a: CollectorProcess;
let b: CollectorProcess;
beforeAll(async () => {
  [url, sink] = await Promise.all([freshDatabase('invitations'), startSmtpSink({ bodies: false })]);
  const env = (user: string) => ({
    AFTERCARE_DB: url, AFTERCARE_ADMIN_TOKEN: TOKEN, AFTERCARE_TEST_HOOKS: '1', AFTERCARE_TZ: 'Europe/Berlin',
    AFTERCARE_SMTP_URL: sink.url(user), AFTERCARE_MAIL_FROM: 'feedback@shop.example', AFTERCARE_PUBLIC_URL: 'http://127.0.0.1:9',
  });
  // One after the other: the first migrates the empty database.
  a = await spawnCollector(env('instance-a'));
  b = await spawnCollector(env('instance-b'));
});
afterAll(async () => {
  await Promise.all([a?.kill(), b?.kill()]);
  await sink?.stop();
});

const clock = (p: CollectorProcess, at: number) =>
  fetch(`${p.url}/__test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ at }) }).then((r) => r.json());

test(`${N} invitations due at once on two instances: each sent exactly once`, async () => {
  await Promise.all([clock(a, T), clock(b, T)]);
  // Two imports of 1,000 (the most one request takes), one to each instance.
  for (const [i, p] of [a, b].entries()) {
    const deliveries = Array.from({ length: N / 2 }, (_, j) => ({ id: `pg-${i}-${j}`, deliveredAt: new Date(T).toISOString(), email: `pg-${i}-${j}@example.com` }));
    const r = await fetch(`${p.url}/v1/deliveries`, {
      method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ deliveries }),
    });
    expect(await r.json()).toEqual({ accepted: N / 2, rejected: [] });
  }
  const t0 = Date.now();
  await Promise.all([clock(a, T + 3 * DAY), clock(b, T + 3 * DAY)]);
  const distinct = () => new Set(sink.messages().map(invitationOf)).size;
  await expect.poll(distinct, { timeout: 50_000, interval: 100 }).toBe(N);
  const ms = Date.now() - t0;
  // Anything sent twice would arrive within the same passes: a moment more to see it.
  await new Promise((r) => setTimeout(r, 500));
  const messages = sink.messages();
  expect(messages).toHaveLength(N);
  expect(new Set(messages.map((m) => m.envelope.to[0])).size).toBe(N);
  const byUser = { a: messages.filter((m) => m.user === 'instance-a').length, b: messages.filter((m) => m.user === 'instance-b').length };
  expect(byUser.a + byUser.b).toBe(N);
  expect(byUser.a).toBeGreaterThan(0);
  expect(byUser.b).toBeGreaterThan(0);
  console.log(`postgres: ${N} invitations sent in ${ms} ms (${Math.round((N / ms) * 1000)}/s); instance a ${byUser.a}, instance b ${byUser.b}`);

  // The store agrees: every invite sent once (the attempt in its Message-ID is 1), a reminder each.
  expect(messages.every((m) => /\.1@127\.0\.0\.1>$/.test(m.headers['message-id']!))).toBe(true);
  const rows = await query<{ kind: string; status: string; n: string; attempts: number }>(
    url, 'SELECT kind, status, count(*) AS n, max(attempts) AS attempts FROM invitations GROUP BY kind, status ORDER BY kind, status',
  );
  expect(rows).toEqual([
    { kind: 'invite', status: 'sent', n: String(N), attempts: 1 },
    { kind: 'reminder', status: 'scheduled', n: String(N), attempts: 0 },
  ]);
  const ids = await query<{ id: string }>(url, "SELECT id FROM invitations WHERE kind = 'invite'");
  expect(new Set(ids.map((r) => r.id))).toEqual(new Set(messages.map(invitationOf)));
});
