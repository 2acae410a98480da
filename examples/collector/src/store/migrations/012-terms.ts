import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { termRows, type TermSource } from '../terms-write.ts';

/** Comments read per page while backfilling, and term rows per INSERT (10 values each). */
const PAGE = 1000;
const CHUNK = 500;

/**
 * 012: the terms of every comment (issue 27: themes). `response_terms` has one row per response and
 * term (store/terms.ts: words and two-word phrases), with the scores, wave and channel beside it like
 * response_reasons, and `who` (the customer id, else `d:` + the delivery id) so a theme can count the
 * different customers naming a term. Comments already stored are segmented here, in pages.
 */
export const terms: Migration = {
  async up(db: Kysely<any>) {
    // WITHOUT ROWID on SQLite, as response_reasons: the table is its primary key's B-tree, one fewer per term written.
    const clustered = db.getExecutor().adapter instanceof SqliteAdapter;
    await db.schema
      .createTable('response_terms')
      .addColumn('response_id', 'text', (c) => c.notNull())
      .addColumn('term', 'text', (c) => c.notNull())
      .addColumn('answered_ms', 'bigint', (c) => c.notNull())
      .addColumn('answered_q', 'integer', (c) => c.notNull())
      .addColumn('csat', 'integer')
      .addColumn('nps', 'integer')
      .addColumn('complete', 'integer', (c) => c.notNull())
      .addColumn('wave', 'integer', (c) => c.notNull())
      .addColumn('channel', 'text')
      .addColumn('who', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('response_terms_pk', ['response_id', 'term'])
      .$call((t) => (clustered ? t.modifyEnd(sql`without rowid`) : t))
      .execute();
    // Backfill before the indexes: one sort per index at the end instead of a B-tree insert per row.
    for (let after = ''; ; ) {
      const rows = (await db
        .selectFrom('responses')
        .select(['id', 'comment', 'locale', 'customer_id', 'delivery_id', 'answered_ms', 'csat', 'nps', 'complete', 'wave', 'channel'])
        .where('comment', 'is not', null)
        .where('id', '>', after)
        .orderBy('id')
        .limit(PAGE)
        .execute()) as TermSource[];
      if (!rows.length) break;
      const out = rows.flatMap(termRows);
      for (let i = 0; i < out.length; i += CHUNK) await db.insertInto('response_terms').values(out.slice(i, i + CHUNK)).execute();
      after = rows[rows.length - 1]!.id;
    }
    // A term's answers by quarter-hour (its trend, `term=` under the other filters, the comments
    // naming it), covering: the scores, wave, channel and who are read from the index alone. The
    // instant and the response id come before them, so a new answer's rows go at the end of each
    // term's range (and of the period's), not among the answers of the same quarter-hour by score:
    // fewer pages written per batch (the write path's cost, scripts/bench-collector.mjs).
    await db.schema
      .createIndex('response_terms_values')
      .on('response_terms')
      .columns(['term', 'answered_q', 'answered_ms', 'response_id', 'csat', 'nps', 'complete', 'wave', 'channel', 'who'])
      .execute();
    // Every term of a period (the themes of the last 90 days), covering likewise: one range of
    // quarter-hours, grouped by term.
    await db.schema
      .createIndex('response_terms_period')
      .on('response_terms')
      .columns(['answered_q', 'answered_ms', 'response_id', 'term', 'csat', 'nps', 'complete', 'wave', 'channel', 'who'])
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const i of ['response_terms_period', 'response_terms_values']) await db.schema.dropIndex(i).execute();
    await db.schema.dropTable('response_terms').execute();
  },
};
