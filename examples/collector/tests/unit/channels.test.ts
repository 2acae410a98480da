// Numbers per channel on embedded SQLite (the same suite runs on PostgreSQL in
// tests/postgres/channels.test.ts), then what only SQLite shows here: migration 011 filling the side
// tables' channel from earlier answers, and the query plans of the channel filter and by=channel,
// which stay on the covering indexes (no read of a table's rows).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { afterAll, expect, test } from 'vitest';
import { readChannels } from '../../src/read/channels.ts';
import { parseFilter } from '../../src/read/filters.ts';
import { listResponses } from '../../src/read/lists.ts';
import { readSummary } from '../../src/read/summary.ts';
import type { Database as Schema } from '../../src/store/schema.ts';
import { channelsSuite } from '../support/channels-suite.ts';
import { response, startCollector } from '../support/harness.ts';

channelsSuite((o) => startCollector(o));

const dir = mkdtempSync(join(tmpdir(), 'aftercare-channels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The query string as `c.req.queries()` hands it to parseFilter. */
const queries = (q: string) => {
  const out: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(q)) (out[k] ??= []).push(v);
  return out;
};

test('the channel filter and by=channel count from covering indexes: the summary index, the meta and reason side tables, the displays index', async () => {
  const path = join(dir, 'plans.db');
  const k = await startCollector({ db: path });
  const rs = Array.from({ length: 40 }, (_, i) =>
    response({ answeredAt: `2026-10-0${1 + (i % 9)}T10:00:00.000Z`, nps: i % 11, meta: { store: i % 2 ? 'A' : 'B' }, reasons: ['speed'], ...(i % 3 ? { channel: 'email' } : {}) }),
  );
  expect(await (await k.send({ responses: rs })).json()).toEqual({ accepted: 40, rejected: [] });
  await k.close();
  const file = new Database(path);
  const seen: CompiledQuery[] = [];
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: file }), log: (e) => void (e.level === 'query' && seen.push(e.query)) });
  try {
    const used = new Set<string>();
    for (const q of ['channel=email', 'channel=email&channel=web', 'channel=web&meta.store=A', 'channel=web&reason=speed', 'channel=sms&wave=0']) {
      const f = parseFilter(queries(`from=2026-10-01&to=2026-10-31&${q}`), 'UTC');
      seen.length = 0;
      // The rows' plans (the counts serve these filters too: see counts.test.ts for that path).
      const [summary] = await Promise.all([readSummary(db, f, { timeZone: 'UTC', by: 'channel', interval: 'week', path: 'rows' }), readChannels(db, f)]);
      expect(summary.responses, q).toBe(rs.filter((_, i) => (q.includes('email') && i % 3 !== 0) || (q.includes('web') && i % 3 === 0 && (!q.includes('store') || i % 2 === 1))).length);
      for (const c of seen.filter((c) => /count\(\*\) as (n|total)/.test(c.sql))) {
        const plan = (file.prepare(`explain query plan ${c.sql}`).all(...(c.parameters as unknown[])) as Array<{ detail: string }>).map((p) => p.detail);
        for (const line of plan.filter((l) => /^(SEARCH|SCAN) /.test(l))) {
          expect(line, `${q}: ${c.sql}`).toMatch(/USING COVERING INDEX (responses_answered_q|displays_shown_q|response_meta_values|response_reasons_values) /);
          used.add(/COVERING INDEX (\w+)/.exec(line)![1]!);
        }
      }
    }
    expect([...used].sort()).toEqual(['displays_shown_q', 'response_meta_values', 'response_reasons_values', 'responses_answered_q']);
  } finally {
    await db.destroy();
  }
});

test('migration 011 on a database of the previous schema (010): the side tables take the channel of the answers before it', async () => {
  const { Migrator } = await import('kysely/migration');
  const { migrationProvider, MIGRATIONS } = await import('../../src/store/migrations.ts');
  const { openDb } = await import('../../src/store/open.ts');
  const path = join(dir, 'at-010.db');
  copyFileSync(new URL('../fixtures/v0-collector.db', import.meta.url).pathname, path);
  const o = openDb(path);
  const names = Object.keys(MIGRATIONS);
  expect((await new Migrator({ db: o.db, provider: migrationProvider }).migrateTo(names[names.indexOf('2026-12-07-011-channel-side') - 1]!)).error).toBeUndefined();
  // Two answers of the v0 file came by e-mail (the column is on responses since 009), one with a reason.
  const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
  await o.db.updateTable('responses').set({ channel: 'email' }).where('id', 'in', ids).execute();
  await o.db.insertInto('response_reasons').values({ response_id: ids[0]!, reason: 'speed', answered_ms: 0, answered_q: 0, csat: null, nps: null, complete: 1, wave: 0 } as never).execute();
  await o.db.destroy();
  const k = await startCollector({ db: path });
  try {
    const meta = await k.c.db.selectFrom('response_meta').select(['response_id', 'channel']).execute();
    expect(meta.length).toBeGreaterThan(2);
    for (const m of meta) expect([m.response_id, m.channel]).toEqual([m.response_id, ids.includes(m.response_id) ? 'email' : null]);
    expect(await k.c.db.selectFrom('response_reasons').select(['response_id', 'channel']).execute()).toEqual([{ response_id: ids[0], channel: 'email' }]);
    const email = await k.get('/v1/summary?channel=email');
    const store = (await k.get('/v1/responses?limit=500')).responses.find((r: { id: string }) => r.id === ids[0]).meta.store;
    expect(email.responses).toBe(2);
    expect((await k.get(`/v1/summary?channel=web&meta.store=${encodeURIComponent(store)}`)).responses + (await k.get(`/v1/summary?channel=email&meta.store=${encodeURIComponent(store)}`)).responses).toBe(
      (await k.get(`/v1/summary?meta.store=${encodeURIComponent(store)}`)).responses,
    );
    expect((await k.get('/v1/summary?by=channel')).segments.map((s: { value: string; responses: number }) => [s.value, s.responses])).toEqual([['web', 10], ['email', 2]]);
  } finally {
    await k.close().catch(() => undefined);
  }
  // And back down to 010 (through the migrations after 011): the indexes as 007 made them, the columns gone.
  const back = openDb(path);
  try {
    expect((await new Migrator({ db: back.db, provider: migrationProvider }).migrateTo('2026-12-07-010-recorded-by')).error).toBeUndefined();
    const cols = (t: string) => (new Database(path, { readonly: true }).prepare(`select name from pragma_table_info('${t}')`).all() as Array<{ name: string }>).map((c) => c.name);
    expect(cols('response_meta')).not.toContain('channel');
    expect(cols('response_reasons')).not.toContain('channel');
  } finally {
    await back.db.destroy();
  }
});
