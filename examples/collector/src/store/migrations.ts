// Versioned migrations, run by Kysely's Migrator (its lock table keeps two instances starting at once
// on one PostgreSQL from running them twice). Kept in code rather than a folder of files so that the
// bundled collector carries them; the names sort in the order they run.
import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { displayColumns, responseColumns, UNHAPPY_RANK, writeMeta } from './derived.ts';

/**
 * 001 is the v0 collector's schema, created only where missing: on a v0 database file the tables
 * already exist and are adopted as they are, with every row kept.
 */
const v0Tables: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('responses')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('delivery_id', 'text', (c) => c.notNull())
      .addColumn('delivered_at', 'text', (c) => c.notNull())
      .addColumn('answered_at', 'text', (c) => c.notNull())
      .addColumn('csat', 'integer')
      .addColumn('nps', 'integer')
      .addColumn('comment', 'text')
      .addColumn('complete', 'integer', (c) => c.notNull())
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('meta', 'text')
      .addColumn('origin', 'text')
      .addColumn('path', 'text')
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('displays')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('delivery_id', 'text', (c) => c.notNull())
      .addColumn('shown_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome IN ('answered', 'dismissed', 'expired')`))
      .addColumn('later', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('response_id', 'text')
      .addColumn('locale', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('origin', 'text')
      .addColumn('path', 'text')
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('displays').ifExists().execute();
    await db.schema.dropTable('responses').ifExists().execute();
  },
};

/** 002: the service: which records a delivery token vouched for, settings, and indexes for the read side. */
const service: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('responses').addColumn('signed', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('displays').addColumn('signed', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema
      .createTable('collector_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('responses_answered_at').on('responses').columns(['answered_at', 'id']).execute();
    await db.schema.createIndex('responses_delivery_id').on('responses').column('delivery_id').execute();
    await db.schema.createIndex('displays_ended_at').on('displays').columns(['ended_at', 'shown_at']).execute();
    await db.schema.createIndex('displays_delivery_id').on('displays').column('delivery_id').execute();
  },
  async down(db: Kysely<any>) {
    for (const i of ['displays_delivery_id', 'displays_ended_at', 'responses_delivery_id', 'responses_answered_at']) await db.schema.dropIndex(i).execute();
    await db.schema.dropTable('collector_settings').execute();
    await db.schema.alterTable('displays').dropColumn('signed').execute();
    await db.schema.alterTable('responses').dropColumn('signed').execute();
  },
};

/** Rows per read and write while rewriting times; keeps memory flat on a large v0 file. */
const PAGE = 1000;
/** Every row of `table` (these columns and its id), a page of PAGE rows at a time, in id order. */
async function* pages<R extends { id: string }>(db: Kysely<any>, table: string, columns: readonly string[]): AsyncGenerator<R[]> {
  for (let after = ''; ; ) {
    const rows = (await db.selectFrom(table).select(['id', ...columns]).where('id', '>', after).orderBy('id').limit(PAGE).execute()) as R[];
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

const utc = (s: string) => {
  const t = Date.parse(s);
  return Number.isNaN(t) ? s : new Date(t).toISOString();
};

/**
 * 003: the v0 collector stored times as sent ("2026-11-20T18:00:00+08:00"); the service stores them as
 * UTC ISO text so that text order is time order on both stores. Rewritten in JavaScript rather than SQL,
 * which would need one date function per dialect; rows already in UTC form are left alone.
 */
const utcTimes: Migration = {
  async up(db: Kysely<any>) {
    for (const [table, columns] of [
      ['responses', ['delivered_at', 'answered_at']],
      ['displays', ['shown_at', 'ended_at']],
    ] as const) {
      for await (const rows of pages<Record<string, string> & { id: string }>(db, table, columns)) {
        for (const r of rows) {
          const set = Object.fromEntries(columns.filter((c) => utc(r[c]!) !== r[c]).map((c) => [c, utc(r[c]!)]));
          if (Object.keys(set).length) await db.updateTable(table).set(set).where('id', '=', r.id).execute();
        }
      }
    }
  },
  // The original offsets are gone; the instants they named are the same, so there is nothing to undo.
  async down() {},
};

/**
 * 004: the read side at scale (a million answers). Columns and tables derived at write time, so that
 * every dashboard query is an index range, never a scan of the table:
 * - `answered_ms` / `shown_ms`: the instant as an integer; `answered_q` / `shown_q`: its UTC quarter-hour
 *   (every time zone's offset is a multiple of 15 minutes, so quarter-hours add up to local days);
 * - `comment_folded`: the comment case-folded (NFKC + lower case, any script) for the text filter;
 * - `response_meta`: one row per response and meta key, with the scores beside it, for segments and
 *   `meta.KEY=VALUE` filters; `meta_keys`: every key seen;
 * - `dashboard_sessions`: the dashboard's sign-in sessions (only a hash of each cookie is kept).
 * Existing rows are backfilled here, in pages, by the same function ingest uses.
 */
const readSide: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('responses').addColumn('answered_ms', 'bigint').execute();
    await db.schema.alterTable('responses').addColumn('answered_q', 'integer').execute();
    await db.schema.alterTable('responses').addColumn('comment_folded', 'text').execute();
    await db.schema.alterTable('displays').addColumn('shown_ms', 'bigint').execute();
    await db.schema.alterTable('displays').addColumn('shown_q', 'integer').execute();
    await db.schema
      .createTable('response_meta')
      .addColumn('response_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('answered_ms', 'bigint', (c) => c.notNull())
      .addColumn('answered_q', 'integer', (c) => c.notNull())
      .addColumn('csat', 'integer')
      .addColumn('nps', 'integer')
      .addColumn('complete', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('response_meta_pk', ['response_id', 'key'])
      .execute();
    await db.schema.createTable('meta_keys').addColumn('key', 'text', (c) => c.primaryKey()).execute();
    await db.schema
      .createTable('dashboard_sessions')
      .addColumn('id_sha256', 'text', (c) => c.primaryKey())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    type Answer = { id: string; answered_at: string; comment: string | null; meta: string | null; csat: number | null; nps: number | null; complete: number };
    for await (const rows of pages<Answer>(db, 'responses', ['answered_at', 'comment', 'meta', 'csat', 'nps', 'complete'])) {
      for (const r of rows) await db.updateTable('responses').set(responseColumns(r.answered_at, r.comment)).where('id', '=', r.id).execute();
      await writeMeta(db, rows.map((r) => ({ ...r, answered_ms: Date.parse(r.answered_at) })));
    }
    for await (const rows of pages<{ id: string; shown_at: string }>(db, 'displays', ['shown_at'])) {
      for (const r of rows) await db.updateTable('displays').set(displayColumns(r.shown_at)).where('id', '=', r.id).execute();
    }
    // Summary figures: a covering index, so an interval's answers are counted from the index alone,
    // found by their quarter-hours and checked against the exact instants.
    await db.schema.createIndex('responses_answered_q').on('responses').columns(['answered_q', 'answered_ms', 'csat', 'nps', 'complete']).execute();
    // The text filter walks the answers that have a comment, newest first, in the index alone.
    await db.schema
      .createIndex('responses_comments')
      .on('responses')
      .columns(['answered_at', 'id', 'comment_folded'])
      .where(sql.ref('comment_folded'), 'is not', null)
      .execute();
    // "Unhappy first" (NPS 0–6 or CSAT 1–2), newest first within: the same expression as read/lists.ts,
    // every key descending so that one backward walk of the index serves the order.
    await db.schema.createIndex('responses_unhappy_first').on('responses').expression(sql`(${UNHAPPY_RANK}), answered_at, id`).execute();
    // Segments (a key's values over a range) and meta filters (one value's answers, by quarter-hour);
    // both covering, response_id included, so a second meta filter or a segment joins by the key.
    await db.schema.createIndex('response_meta_segments').on('response_meta').columns(['key', 'answered_ms', 'value', 'csat', 'nps', 'complete', 'response_id']).execute();
    await db.schema
      .createIndex('response_meta_values')
      .on('response_meta')
      .columns(['key', 'value', 'answered_q', 'answered_ms', 'csat', 'nps', 'complete', 'response_id'])
      .execute();
    await db.schema.createIndex('displays_shown_q').on('displays').columns(['shown_q', 'shown_ms', 'outcome', 'later']).execute();
  },
  async down(db: Kysely<any>) {
    for (const i of ['displays_shown_q', 'response_meta_values', 'response_meta_segments', 'responses_unhappy_first', 'responses_comments', 'responses_answered_q']) await db.schema.dropIndex(i).execute();
    for (const t of ['dashboard_sessions', 'meta_keys', 'response_meta']) await db.schema.dropTable(t).execute();
    for (const c of ['shown_q', 'shown_ms']) await db.schema.alterTable('displays').dropColumn(c).execute();
    for (const c of ['comment_folded', 'answered_q', 'answered_ms']) await db.schema.alterTable('responses').dropColumn(c).execute();
  },
};

/**
 * 005: the closed loop. Cases (one per response that matched the alert rule) with their history; the
 * webhook outbox (events written in the transaction of their cause) and one delivery row per event and
 * endpoint, which the worker claims; `responses.first_revision`, so an upsert's RETURNING tells an
 * insert from an update on both stores.
 */
const closedLoop: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('responses').addColumn('first_revision', 'integer').execute();
    await db.updateTable('responses').set({ first_revision: sql.ref('revision') }).execute();
    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('response_id', 'text', (c) => c.notNull().unique())
      .addColumn('delivery_id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('csat', 'integer')
      .addColumn('nps', 'integer')
      .addColumn('comment', 'text')
      .addColumn('meta', 'text')
      .addColumn('answered_at', 'text', (c) => c.notNull())
      .addColumn('matches', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('open', 'contacted', 'resolved')`))
      .addColumn('owner', 'text')
      .addColumn('opened_ms', 'bigint', (c) => c.notNull())
      .addColumn('due_ms', 'bigint', (c) => c.notNull())
      .addColumn('first_contact_ms', 'bigint')
      .addColumn('resolved_ms', 'bigint')
      .addColumn('updated_ms', 'bigint', (c) => c.notNull())
      .execute();
    // The queue: overdue first means open cases by deadline; the figures read cases by when they opened.
    await db.schema.createIndex('cases_queue').on('cases').columns(['status', 'due_ms', 'id']).execute();
    await db.schema.createIndex('cases_opened').on('cases').columns(['opened_ms']).execute();
    await db.schema.createIndex('cases_delivery').on('cases').columns(['delivery_id']).execute();
    await db.schema.createIndex('cases_customer').on('cases').columns(['customer_id']).execute();
    await db.schema
      .createTable('case_history')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('at_ms', 'bigint', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('from_value', 'text')
      .addColumn('to_value', 'text')
      .addColumn('note', 'text')
      .execute();
    await db.schema.createIndex('case_history_case').on('case_history').columns(['case_id', 'at_ms']).execute();
    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('url', 'text', (c) => c.notNull().unique())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('disabled_ms', 'bigint')
      .addColumn('disabled_reason', 'text')
      .execute();
    await db.schema
      .createTable('webhook_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('endpoint_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('pending', 'delivered', 'failed')`))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_ms', 'bigint', (c) => c.notNull())
      .addColumn('lease_ms', 'bigint')
      .addColumn('claimed_by', 'text')
      .addColumn('last_code', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('last_attempt_ms', 'bigint')
      .addColumn('delivered_ms', 'bigint')
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('webhook_deliveries_pk', ['event_id', 'endpoint_id'])
      .execute();
    // The worker's claim: pending rows by when they are due. The dashboard: an endpoint's latest.
    await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_ms']).execute();
    await db.schema.createIndex('webhook_deliveries_endpoint').on('webhook_deliveries').columns(['endpoint_id', 'created_ms']).execute();
    await db.schema.createIndex('webhook_deliveries_counts').on('webhook_deliveries').columns(['endpoint_id', 'status']).execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['webhook_deliveries', 'webhook_events', 'webhook_endpoints', 'case_history', 'cases']) await db.schema.dropTable(t).execute();
    await db.schema.alterTable('responses').dropColumn('first_revision').execute();
  },
};

/**
 * 006: privacy. Suppressed ids (salted hashes), the audit log, whose data each webhook event carries,
 * and the indexes erasure and retention walk.
 */
const privacy: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('suppressions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at_ms', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('rows', 'integer')
      .addColumn('address', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at_ms']).execute();
    await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute();
    for (const c of ['response_id', 'delivery_id', 'customer_id']) await db.schema.alterTable('webhook_events').addColumn(c, 'text').execute();
    for (const c of ['response_id', 'delivery_id', 'customer_id']) await db.schema.createIndex(`webhook_events_${c}`).on('webhook_events').column(c).execute();
    await db.schema.createIndex('webhook_events_created').on('webhook_events').column('created_ms').execute();
    await db.schema.createIndex('responses_customer_id').on('responses').column('customer_id').execute();
    await db.schema.createIndex('displays_customer_id').on('displays').column('customer_id').execute();
    await db.schema.createIndex('cases_updated').on('cases').columns(['status', 'updated_ms']).execute();
  },
  async down(db: Kysely<any>) {
    for (const i of ['cases_updated', 'displays_customer_id', 'responses_customer_id', 'webhook_events_created', 'webhook_events_customer_id', 'webhook_events_delivery_id', 'webhook_events_response_id']) {
      await db.schema.dropIndex(i).execute();
    }
    for (const c of ['customer_id', 'delivery_id', 'response_id']) await db.schema.alterTable('webhook_events').dropColumn(c).execute();
    await db.schema.dropTable('audit_log').execute();
    await db.schema.dropTable('suppressions').execute();
  },
};

/**
 * 007: re-survey waves and reasons (issue 14). `wave` on responses, displays and the meta side table
 * (0 for every row before it: the first survey of its delivery); the reason list on the response row
 * (for display and export) and a `response_reasons` side table like response_meta (one row per
 * response and reason, scores and wave beside it), so reason filters, segments and drivers are index
 * ranges. The meta indexes are rebuilt with the wave in them, so a wave filter stays covered.
 */
const wavesReasons: Migration = {
  async up(db: Kysely<any>) {
    for (const t of ['responses', 'displays', 'response_meta']) await db.schema.alterTable(t).addColumn('wave', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('responses').addColumn('reasons', 'text').execute();
    // On SQLite the table is its primary key's B-tree (WITHOUT ROWID): one B-tree fewer to write per
    // reason than a rowid table with its key beside it (the write path's cost, scripts/bench-collector.mjs).
    const clustered = db.getExecutor().adapter instanceof SqliteAdapter;
    await db.schema
      .createTable('response_reasons')
      .addColumn('response_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('answered_ms', 'bigint', (c) => c.notNull())
      .addColumn('answered_q', 'integer', (c) => c.notNull())
      .addColumn('csat', 'integer')
      .addColumn('nps', 'integer')
      .addColumn('complete', 'integer', (c) => c.notNull())
      .addColumn('wave', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('response_reasons_pk', ['response_id', 'reason'])
      .$call((t) => (clustered ? t.modifyEnd(sql`without rowid`) : t))
      .execute();
    // A reason's answers by quarter-hour (the reason filter, a segment, a driver), covering; the
    // reasons themselves found by a loose scan of its first column.
    await db.schema
      .createIndex('response_reasons_values')
      .on('response_reasons')
      .columns(['reason', 'answered_q', 'answered_ms', 'csat', 'nps', 'complete', 'wave', 'response_id'])
      .execute();
    // The wave filter and segments by wave read the summary indexes, the wave added to their columns
    // (a wave's answers are a range of time checked in the index; by=wave one GROUP BY over it), rather
    // than indexes of their own, which every write would pay for.
    for (const i of ['responses_answered_q', 'displays_shown_q', 'response_meta_segments', 'response_meta_values']) await db.schema.dropIndex(i).execute();
    await db.schema.createIndex('responses_answered_q').on('responses').columns(['answered_q', 'answered_ms', 'csat', 'nps', 'complete', 'wave']).execute();
    await db.schema.createIndex('displays_shown_q').on('displays').columns(['shown_q', 'shown_ms', 'outcome', 'later', 'wave']).execute();
    await db.schema.createIndex('response_meta_segments').on('response_meta').columns(['key', 'answered_ms', 'value', 'csat', 'nps', 'complete', 'wave', 'response_id']).execute();
    await db.schema
      .createIndex('response_meta_values')
      .on('response_meta')
      .columns(['key', 'value', 'answered_q', 'answered_ms', 'csat', 'nps', 'complete', 'wave', 'response_id'])
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const i of ['response_meta_values', 'response_meta_segments', 'displays_shown_q', 'responses_answered_q']) await db.schema.dropIndex(i).execute();
    await db.schema.createIndex('responses_answered_q').on('responses').columns(['answered_q', 'answered_ms', 'csat', 'nps', 'complete']).execute();
    await db.schema.createIndex('displays_shown_q').on('displays').columns(['shown_q', 'shown_ms', 'outcome', 'later']).execute();
    await db.schema.createIndex('response_meta_segments').on('response_meta').columns(['key', 'answered_ms', 'value', 'csat', 'nps', 'complete', 'response_id']).execute();
    await db.schema
      .createIndex('response_meta_values')
      .on('response_meta')
      .columns(['key', 'value', 'answered_q', 'answered_ms', 'csat', 'nps', 'complete', 'response_id'])
      .execute();
    await db.schema.dropTable('response_reasons').execute();
    await db.schema.alterTable('responses').dropColumn('reasons').execute();
    for (const t of ['response_meta', 'displays', 'responses']) await db.schema.alterTable(t).dropColumn('wave').execute();
  },
};

export const MIGRATIONS: Record<string, Migration> = {
  '2026-12-01-001-v0-tables': v0Tables,
  '2026-12-01-002-service': service,
  '2026-12-01-003-utc-times': utcTimes,
  '2026-12-01-004-read-side': readSide,
  '2026-12-01-005-closed-loop': closedLoop,
  '2026-12-01-006-privacy': privacy,
  '2026-12-01-007-waves-reasons': wavesReasons,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };
