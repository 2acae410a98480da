// A database file written by the v0 collector (tests/fixtures/v0-collector.db, made with the code as it
// was at commit 9ef9f33) is migrated in place on first start: every row kept, figures unchanged.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { migrate, openDb } from '../../src/store/open.ts';
import { MIGRATIONS } from '../../src/store/migrations.ts';
import { startCollector } from '../support/harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'aftercare-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = new URL('../fixtures/v0-collector.db', import.meta.url).pathname;

/** Tables, their columns and indexes, and every row, as plain data. */
function snapshot(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
    return Object.fromEntries(
      tables.map(({ name }) => [
        name,
        {
          columns: db.prepare(`SELECT name, type, "notnull", dflt_value FROM pragma_table_info('${name}') ORDER BY cid`).all(),
          indexes: db.prepare(`SELECT name FROM pragma_index_list('${name}') ORDER BY name`).all(),
          rows: name === 'kysely_migration_lock' ? [] : db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all(),
        },
      ]),
    );
  } finally {
    db.close();
  }
}

const V0_SUMMARY = {
  responses: 12,
  csat: { answers: 6, score: 33.3, mean: 2.83, counts: { 1: 1, 2: 2, 3: 1, 4: 1, 5: 1 } },
  nps: { answers: 6, score: -50, promoters: 1, passives: 1, detractors: 4 },
  displays: { total: 6, answered: 4, dismissed: 2, expired: 0, later: 1, responseRate: 66.7 },
};

test('v0 file: migrated in place on first start, every row and figure kept, the new columns filled', async () => {
  const path = join(dir, 'v0.db');
  copyFileSync(fixture, path);
  const before = snapshot(path);
  expect(Object.keys(before)).toEqual(['displays', 'responses']);
  const k = await startCollector({ db: path });
  try {
    const summary = await k.get('/v1/summary');
    expect(summary).toMatchObject(V0_SUMMARY);
    const rows = await k.rows();
    expect(rows).toHaveLength(12);
    // The answer v0 stored with +08:00 is, in UTC, the newest: the API lists it first.
    const { responses: newest } = await k.get('/v1/responses?limit=1');
    expect(newest[0]).toMatchObject({ id: '00000000-0000-4000-8000-000000000012', answeredAt: '2026-10-09T12:00:00.000Z' });
    const first = rows.find((r) => r.id === '00000000-0000-4000-8000-000000000001');
    expect(first).toMatchObject({ revision: 2, comment: 'Quick and tidy, 谢谢', customerId: 'c-1', meta: { store: 'Berlin' }, signed: false });
    // A v0 row takes a higher revision as before.
    const res = await k.send({ responses: [{ ...v0Row(first!), revision: 3, comment: 'after migration' }] });
    expect(await res.json()).toEqual({ accepted: 1, rejected: [] });
    expect(await k.row(first!.id)).toMatchObject({ revision: 3, comment: 'after migration' });
  } finally {
    await k.close().catch(() => undefined);
  }
  const after = snapshot(path);
  expect(Object.keys(after).sort()).toEqual([
    'answer_counts', 'answer_days', 'api_keys', 'audit_log', 'calendars', 'case_history', 'case_notifications', 'cases', 'change_counter', 'collector_settings', 'dashboard_sessions', 'deliveries', 'display_counts', 'display_days', 'displays', 'invitations', 'kysely_migration', 'kysely_migration_lock',
    'mail_preview', 'meta_keys', 'passkeys', 'people', 'person_links', 'response_meta', 'response_reasons', 'response_slots', 'response_terms', 'responses', 'suppressions', 'survey_links', 'unsubscribes',
    'webauthn_challenges', 'webhook_deliveries', 'webhook_endpoints', 'webhook_events',
  ]);
  // Migration 005: every v0 row counts as inserted at the revision it has (the updated one at its first).
  for (const r of after.responses!.rows as Array<Record<string, unknown>>) expect(r.first_revision).toBe(r.id === '00000000-0000-4000-8000-000000000001' ? 2 : r.revision);
  // Migration 004 derived the read side's columns and side table from every v0 row.
  for (const r of after.responses!.rows as Array<Record<string, unknown>>) {
    expect(r.answered_ms).toBe(Date.parse(r.answered_at as string));
    expect(r.answered_q).toBe(Math.floor((r.answered_ms as number) / 900_000));
    expect(r.comment_folded).toBe(r.comment === null ? null : (r.comment as string).normalize('NFKC').toLowerCase());
  }
  const metaRows = (after.response_meta!.rows as Array<Record<string, unknown>>).length;
  expect(metaRows).toBe((after.responses!.rows as Array<Record<string, unknown>>).reduce((n, r) => n + (r.meta ? Object.values(JSON.parse(r.meta as string)).filter((v) => v !== null).length : 0), 0));
  expect(metaRows).toBeGreaterThan(0);
  // Every v0 row is still there with every v0 column unchanged (one row was updated on purpose above).
  const v0Columns = (before.responses!.columns as Array<{ name: string }>).map((c) => c.name);
  const pick = (r: Record<string, unknown>) => Object.fromEntries(v0Columns.map((c) => [c, r[c]]));
  // Migration 003 rewrites v0 times, stored as sent, as UTC ISO text: the same instants.
  const TIMES = ['delivered_at', 'answered_at', 'shown_at', 'ended_at'];
  const utc = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, TIMES.includes(k) ? new Date(v as string).toISOString() : v]));
  const changed = '00000000-0000-4000-8000-000000000001';
  expect((after.responses!.rows as Array<Record<string, unknown>>).filter((r) => r.id !== changed).map(pick)).toEqual(
    (before.responses!.rows as Array<Record<string, unknown>>).filter((r) => r.id !== changed).map(utc),
  );
  expect((after.displays!.rows as Array<Record<string, unknown>>).map(({ signed, shown_ms, shown_q, wave, channel, ...r }) => (expect(signed).toBe(0), expect(wave).toBe(0), expect(channel).toBe(null), expect(shown_ms).toBe(Date.parse(r.shown_at as string)), expect(shown_q).toBe(Math.floor((shown_ms as number) / 900_000)), r))).toEqual(
    (before.displays!.rows as Array<Record<string, unknown>>).map(utc),
  );
  // Migration 007: every earlier answer is of wave 0 and names no reason.
  for (const r of after.responses!.rows as Array<Record<string, unknown>>) expect([r.wave, r.reasons]).toEqual([0, null]);
  expect(after.response_reasons!.rows).toEqual([]);
  for (const r of after.response_meta!.rows as Array<Record<string, unknown>>) expect(r.wave).toBe(0);
  for (const r of after.responses!.rows as Array<Record<string, string>>) expect(r.answered_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect((after.kysely_migration!.rows as Array<{ name: string }>).map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
});

test('migration 007 on a database of the previous schema (006): rows kept as wave 0 without reasons; new answers take both', async () => {
  const { Migrator } = await import('kysely/migration');
  const { migrationProvider } = await import('../../src/store/migrations.ts');
  const path = join(dir, 'at-006.db');
  copyFileSync(fixture, path);
  const o = openDb(path);
  const migrator = new Migrator({ db: o.db, provider: migrationProvider });
  const names = Object.keys(MIGRATIONS);
  expect((await migrator.migrateTo(names[names.indexOf('2026-12-01-007-waves-reasons') - 1]!)).error).toBeUndefined();
  await o.db.destroy();
  const before = snapshot(path);
  expect(before.responses!.columns.map((c: any) => c.name)).not.toContain('wave');
  const k = await startCollector({ db: path });
  try {
    const all = await k.get('/v1/responses?limit=500');
    expect(all.responses).toHaveLength(12);
    for (const r of all.responses) expect([r.wave, r.reasons]).toEqual([0, []]);
    expect((await k.get('/v1/summary?wave=0')).responses).toBe(12);
    expect((await k.get('/v1/summary?wave=1')).responses).toBe(0);
    expect((await k.get('/v1/summary?by=wave')).segments.map((s: any) => [s.value, s.responses])).toEqual([['0', 12]]);
    // An earlier row takes a new revision with reasons; a new answer of wave 2 is stored as such.
    const first = all.responses.find((r: any) => r.id === '00000000-0000-4000-8000-000000000001');
    const again = { ...v0Row(first), revision: first.revision + 1, reasons: ['speed', 'speed', 'staff'] };
    const later = { ...v0Row(first), id: '00000000-0000-4000-8000-00000000aaaa', wave: 2, reasons: ['price'] };
    expect(await (await k.send({ responses: [again, later] })).json()).toEqual({ accepted: 2, rejected: [] });
    expect(await k.row(first.id)).toMatchObject({ wave: 0, reasons: ['speed', 'staff'] });
    expect(await k.row(later.id)).toMatchObject({ wave: 2, reasons: ['price'] });
    expect((await k.get('/v1/summary?reason=speed')).responses).toBe(1);
  } finally {
    await k.close().catch(() => undefined);
  }
  // The v0-era rows are still there, every earlier column as it was (the one revised above aside).
  const after = snapshot(path);
  const columns = (before.responses!.columns as Array<{ name: string }>).map((c) => c.name);
  const pick = (r: Record<string, unknown>) => Object.fromEntries(columns.map((c) => [c, r[c]]));
  const kept = (rows: unknown[]) => (rows as Array<Record<string, unknown>>).filter((r) => r.id !== '00000000-0000-4000-8000-000000000001' && r.id !== '00000000-0000-4000-8000-00000000aaaa').map(pick);
  expect(kept(after.responses!.rows)).toEqual(kept(before.responses!.rows));
  expect((after.response_reasons!.rows as Array<{ reason: string }>).map((r) => r.reason).sort()).toEqual(['price', 'speed', 'staff']);
});

test('running the migrations twice changes nothing', async () => {
  const path = join(dir, 'twice.db');
  copyFileSync(fixture, path);
  const once = openDb(path);
  expect(await migrate(once.db)).toEqual(Object.keys(MIGRATIONS));
  await once.db.destroy();
  const snap = snapshot(path);
  const twice = openDb(path);
  expect(await migrate(twice.db)).toEqual([]);
  await twice.db.destroy();
  expect(snapshot(path)).toEqual(snap);
});

test('a fresh database gets the same schema as a migrated v0 file', async () => {
  const v0 = join(dir, 'schema-v0.db');
  copyFileSync(fixture, v0);
  const fresh = join(dir, 'schema-fresh.db');
  for (const path of [v0, fresh]) {
    const o = openDb(path);
    await migrate(o.db);
    await o.db.destroy();
  }
  const shape = (s: ReturnType<typeof snapshot>) => Object.fromEntries(Object.entries(s).map(([t, v]) => [t, { columns: v.columns, indexes: v.indexes }]));
  expect(shape(snapshot(fresh))).toEqual(shape(snapshot(v0)));
});

test('SQLite runs in WAL mode with synchronous = FULL (a 2xx means the commit is on disk)', async () => {
  const o = openDb(join(dir, 'pragmas.db'));
  try {
    const { sql } = await import('kysely');
    const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(o.db);
    const sync = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(o.db);
    expect(mode.rows[0]!.journal_mode).toBe('wal');
    expect(sync.rows[0]!.synchronous).toBe(2); // FULL
  } finally {
    await o.db.destroy();
  }
});

/** A stored row back as a wire response. */
function v0Row(r: Record<string, any>) {
  return {
    id: r.id, revision: r.revision, deliveryId: r.deliveryId, deliveredAt: r.deliveredAt, answeredAt: r.answeredAt,
    ...(r.csat !== null ? { csat: r.csat } : {}), ...(r.nps !== null ? { nps: r.nps } : {}), complete: r.complete, locale: r.locale,
  };
}
