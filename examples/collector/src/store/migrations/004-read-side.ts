import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { displayColumns, responseColumns, UNHAPPY_RANK, writeMeta } from '../derived.ts';
import { pages } from './pages.ts';

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
export const readSide: Migration = {
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
