// The collector on a real PostgreSQL server: the same migrations, the same upserts and figures as on
// SQLite, durable commits, the credential kept as a hash.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { migrate, openDb } from '../../src/store/open.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { killAfterAck } from '../support/durability.ts';
import { display, response, startCollector, type Running } from '../support/harness.ts';
import { freshDatabase, query } from './db.ts';

let url: string;
let k: Running;
beforeAll(async () => {
  url = await freshDatabase('store');
  k = await startCollector({ db: url });
});
afterAll(() => k?.close());

const here = <T>(text: string) => query<T>(url, text);

test('/health names postgres', async () => {
  expect(await (await fetch(`${k.url}/health`)).json()).toEqual({ ok: true, db: 'postgres' });
});

test('migrations: the tables exist, and running them twice changes nothing', async () => {
  const tables = await here<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
  expect(tables.map((t) => t.table_name)).toEqual([
    'answer_counts', 'answer_days', 'api_keys', 'audit_log', 'calendars', 'case_history', 'case_notifications', 'cases', 'change_counter', 'collector_settings', 'dashboard_sessions', 'deliveries', 'display_counts', 'display_days', 'displays', 'invitations', 'kysely_migration', 'kysely_migration_lock',
    'mail_preview', 'meta_keys', 'passkeys', 'people', 'person_links', 'rate_limits', 'response_meta', 'response_reasons', 'response_slots', 'response_terms', 'responses', 'suppressions', 'survey_links', 'unsubscribes',
    'webauthn_challenges', 'webhook_deliveries', 'webhook_endpoints', 'webhook_events',
  ]);
  const columns = () => here("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position");
  const before = await columns();
  const again = openDb(url);
  try {
    expect(await migrate(again.db)).toEqual([]);
  } finally {
    await again.db.destroy();
  }
  expect(await columns()).toEqual(before);
  expect((await here<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name')).map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
});

test('connections commit synchronously (synchronous_commit = on)', async () => {
  const r = await sql<{ synchronous_commit: string }>`SHOW synchronous_commit`.execute(k.c.db);
  expect(r.rows[0]!.synchronous_commit).toBe('on');
});

describe('upserts', () => {
  test('highest revision wins; a late lower revision changes nothing', async () => {
    const r = response();
    await k.send({ responses: [{ ...r, revision: 2, comment: 'final' }] });
    await k.send({ responses: [{ ...r, revision: 1 }] });
    expect(await k.row(r.id)).toMatchObject({ revision: 2, comment: 'final' });
  });

  test('one batch holding the same id twice (PostgreSQL cannot upsert a row twice in one statement): the higher revision is kept', async () => {
    const r = response();
    const res = await k.send({ responses: [{ ...r, revision: 3, comment: 'three' }, { ...r, revision: 1 }, { ...r, revision: 2 }] });
    expect(await res.json()).toEqual({ accepted: 3, rejected: [] });
    expect(await k.row(r.id)).toMatchObject({ revision: 3, comment: 'three' });
  });

  test('a display outcome only moves up', async () => {
    const d = display({ outcome: 'expired' });
    await k.send({ displays: [d] });
    await k.send({ displays: [{ ...d, outcome: 'answered' }] });
    await k.send({ displays: [{ ...d, outcome: 'dismissed' }] });
    expect(await k.displayRow(d.id)).toMatchObject({ outcome: 'answered' });
  });

  test('a mixed batch keeps the good records, lists the bad ones', async () => {
    const good = response();
    const bad = response({ nps: 11 });
    const res = await k.send({ responses: [good, bad] });
    expect(await res.json()).toEqual({ accepted: 1, rejected: [{ id: bad.id, error: 'responses.1.nps: expected an integer from 0 to 10' }] });
  });

  test('meta with Chinese text and a comment with any script round-trip', async () => {
    const r = response({ comment: '师傅很专业 — ممتاز 👍', meta: { store: '上海', n: 3, ok: true, none: null } });
    await k.send({ responses: [r] });
    expect(await k.row(r.id)).toMatchObject({ comment: '师傅很专业 — ممتاز 👍', meta: { store: '上海', n: 3, ok: true, none: null } });
  });
});

test('summary on PostgreSQL: the same figures as on SQLite (counts come back as numbers)', async () => {
  const own = await startCollector({ db: await freshDatabase('summary') });
  try {
    const rs = [response({ csat: 5, nps: 10 }), response({ csat: 4, nps: 9 }), response({ csat: 2, nps: 3 }), response({ csat: undefined, nps: 7 })];
    await own.send({ responses: rs, displays: [display({ outcome: 'answered' }), display({ outcome: 'dismissed', later: true })] });
    const s = await own.get('/v1/summary');
    expect(s).toMatchObject({
      responses: 4,
      csat: { answers: 3, score: 66.7, mean: 3.67, counts: { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 } },
      nps: { answers: 4, score: 25, promoters: 2, passives: 1, detractors: 1 },
      displays: { total: 2, answered: 1, dismissed: 1, expired: 0, later: 1, responseRate: 50 },
    });
  } finally {
    await own.close();
  }
});

test('the credential: reads need it on PostgreSQL too; a made token is kept as a hash only', async () => {
  expect((await fetch(`${k.url}/v1/responses`)).status).toBe(401);
  const db = await freshDatabase('token');
  const own = await startCollector({ db, adminToken: undefined });
  try {
    const token = own.c.createdToken!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await fetch(`${own.url}/v1/summary`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  } finally {
    await own.close();
  }
  expect(await query(db, 'SELECT key, value FROM collector_settings ORDER BY key')).toEqual([
    { key: 'admin_token_sha256', value: expect.stringMatching(/^[0-9a-f]{64}$/) },
    { key: 'suppression_salt', value: expect.stringMatching(/^[0-9a-f]{64}$/) },
  ]);
});

test('SIGKILL right after a 2xx, five times over: every acknowledged row is in PostgreSQL', async () => {
  const { acknowledged, found } = await killAfterAck({ AFTERCARE_DB: await freshDatabase('kill') });
  expect(found.responses).toHaveLength(100);
  expect(found).toEqual(acknowledged);
});

test('what PostgreSQL cannot keep (a NUL, a revision past 2^31 − 1) is a 400-style rejection naming the field, never a 500', async () => {
  const good = response();
  const res = await k.send({ responses: [response({ comment: 'a\u0000b' }), response({ revision: 2 ** 31 }), good] });
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(body.accepted).toBe(1);
  expect(body.rejected.map((r: { error: string }) => r.error)).toEqual([
    'responses.0.comment: expected text without NUL characters (U+0000)',
    'responses.1.revision: expected an integer from 1 to 2147483647',
  ]);
});

test('/health answers 503 when PostgreSQL stops answering, and 200 once it is back', async () => {
  const db = await freshDatabase('health');
  const name = db.split('/').pop()!;
  const own = await startCollector({ db });
  const admin = inject('pgUrl');
  try {
    expect((await fetch(`${own.url}/health`)).status).toBe(200);
    await query(admin, `ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await query(admin, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
    const down = await fetch(`${own.url}/health`);
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false, db: 'postgres' });
    await query(admin, `ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await expect.poll(async () => (await fetch(`${own.url}/health`)).status, { timeout: 10_000 }).toBe(200);
  } finally {
    await own.close();
  }
});
