import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * 007: re-survey waves and reasons (issue 14). `wave` on responses, displays and the meta side table
 * (0 for every row before it: the first survey of its delivery); the reason list on the response row
 * (for display and export) and a `response_reasons` side table like response_meta (one row per
 * response and reason, scores and wave beside it), so reason filters, segments and drivers are index
 * ranges. The meta indexes are rebuilt with the wave in them, so a wave filter stays covered.
 */
export const wavesReasons: Migration = {
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
