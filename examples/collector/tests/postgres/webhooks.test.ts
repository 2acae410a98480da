// The closed loop on PostgreSQL with two collector processes: 200 matching answers split across them
// open 200 cases, and every one of their 400 events is delivered, each webhook-id by one instance at a
// time (row claims with FOR UPDATE SKIP LOCKED), none twice, none lost; the case API on PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { spawnCollector, type CollectorProcess } from '../support/collector-process.ts';
import { SECRET, startSink, type Sink } from '../support/webhook-sink.ts';
import { freshDatabase, query } from './db.ts';

const TOKEN = 'webhooks-admin-token-0123456789abcd';
let url: string;
let a: CollectorProcess;
let b: CollectorProcess;
let sink: Sink;
beforeAll(async () => {
  url = await freshDatabase('webhooks');
  // Each answer is held 20 ms, so the two instances' deliveries overlap in time.
  sink = await startSink({ SINK_HOLD_MS: '20' });
  const env = {
    AFTERCARE_DB: url, AFTERCARE_ADMIN_TOKEN: TOKEN, AFTERCARE_RATE_LIMIT: '100000',
    AFTERCARE_WEBHOOK_URLS: sink.hook, AFTERCARE_WEBHOOK_SECRET: SECRET, AFTERCARE_WEBHOOK_ALLOW_PRIVATE: '1',
  };
  a = await spawnCollector(env);
  b = await spawnCollector(env);
});
afterAll(async () => {
  await Promise.all([a?.kill(), b?.kill()]);
  await sink?.close();
});

const admin = { authorization: `Bearer ${TOKEN}` };
const answer = (i: number) => ({
  id: randomUUID(), revision: 1, deliveryId: `pg-loop-${i}`, deliveredAt: '2026-11-20T10:00:00.000Z', answeredAt: new Date().toISOString(),
  nps: i % 7, comment: `answer ${i}`, complete: true, locale: 'en', meta: { store: i % 2 ? 'Berlin' : 'Shanghai' },
});

test('two instances, 200 matching answers: 200 cases, 400 events, each delivered once, by one instance at a time', async () => {
  const answers = Array.from({ length: 200 }, (_, i) => answer(i));
  const batches = Array.from({ length: 20 }, (_, i) => answers.slice(i * 10, i * 10 + 10));
  const posted = await Promise.all(
    batches.map((responses, i) => fetch(`${(i % 2 ? b : a).url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ responses }) })),
  );
  expect(posted.map((r) => r.status)).toEqual(Array(20).fill(200));
  const lines = await sink.until(400, 60_000);
  // The sink logs before it answers: wait until both instances have recorded every answer (each
  // counts a delivery before it marks the row), then a little longer for any duplicate to show.
  const delivered = async () => (await query<{ n: string }>(url, "SELECT count(*) AS n FROM webhook_deliveries WHERE status = 'delivered'"))[0]!.n;
  await expect.poll(delivered, { timeout: 30_000 }).toBe('400');
  await new Promise((r) => setTimeout(r, 1_000));
  expect(sink.lines()).toHaveLength(400);
  expect(new Set(lines.map((l) => l.id)).size).toBe(400);
  expect(lines.every((l) => l.verified && l.answer === '200')).toBe(true);
  expect(lines.filter((l) => l.type === 'case.opened')).toHaveLength(200);
  expect(lines.filter((l) => l.type === 'response.created')).toHaveLength(200);
  expect((await query<{ n: string }>(url, 'SELECT count(*) AS n FROM cases'))[0]!.n).toBe('200');
  const deliveries = await query<{ status: string; attempts: number }>(url, 'SELECT status, attempts FROM webhook_deliveries');
  expect(deliveries).toHaveLength(400);
  expect(deliveries.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
  // Both instances delivered, and between them exactly the 400.
  const stats = await Promise.all([a, b].map(async (p) => (await (await fetch(`${p.url}/v1/summary`, { headers: admin })).json()).collector.webhooks));
  expect(stats[0].delivered + stats[1].delivered).toBe(400);
  expect(stats[0].delivered).toBeGreaterThan(0);
  expect(stats[1].delivered).toBeGreaterThan(0);
});

test('the case API on PostgreSQL: the queue, a PATCH from one instance read by the other, the figures', async () => {
  const list = await (await fetch(`${a.url}/v1/cases?limit=5&meta.store=Berlin`, { headers: admin })).json();
  expect(list.cases).toHaveLength(5);
  expect(list.counts).toEqual({ open: 100, overdue: 0, contacted: 0, pending: 0, resolved: 0 });
  const next = await (await fetch(`${b.url}/v1/cases?limit=5&meta.store=Berlin&cursor=${list.nextCursor}`, { headers: admin })).json();
  expect(next.cases.map((c: { id: string }) => c.id).some((id: string) => list.cases.some((c: { id: string }) => c.id === id))).toBe(false);
  const id = list.cases[0].id;
  // Wang Fang joins on instance b; instance a assigns her the case.
  const joined = await fetch(`${b.url}/v1/people`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'wang.fang@shop.example', name: '王芳', role: 'agent' }) });
  const owner = `person:${(await joined.json()).person.id}`;
  const res = await fetch(`${a.url}/v1/cases/${id}`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'resolved', owner, note: '已上门维修' }) });
  expect(res.status).toBe(200);
  const seen = await (await fetch(`${b.url}/v1/cases/${id}`, { headers: admin })).json();
  expect(seen).toMatchObject({ status: 'resolved', owner, ownerName: '王芳', notes: [{ author: 'admin token', text: '已上门维修' }] });
  expect(seen.history.map((h: { kind: string }) => h.kind)).toEqual(['opened', 'status', 'owner', 'note']);
  const { cases } = await (await fetch(`${b.url}/v1/summary`, { headers: admin })).json();
  expect(cases).toMatchObject({ total: 200, open: 199, resolved: 1, resolvedWithinDeadline: { share: 100, resolved: 1, of: 1 } });
  const [patched] = (await sink.until(401)).slice(400);
  expect(patched).toMatchObject({ type: 'case.updated', verified: true, body: { data: { id, status: 'resolved', owner } } });
});
