import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { rebuildCounts, SCORE_COLUMNS, STRIPES } from '../counts.ts';

/**
 * 016: figures from counts (issue 28). `answer_counts` holds, per UTC hour, and `answer_days` per UTC
 * day, per dimension value (`dim`: '' every answer, `m:KEY` a meta key's values, `r` the reasons),
 * wave, channel, completeness and kind of answer, how many answers gave each score: everything a
 * summary's figures and intervals need. A range reads its whole days from the day table (24 times
 * fewer rows), the whole hours left from the hour table, and part-hours (a :30 or :45 time zone, a
 * range to the minute) from the rows (read/aggregates.ts). `display_counts` and `display_days` do the
 * same for displays. All are kept at write time in the answer's own transaction (store/counts.ts);
 * this migration fills them from the rows already stored. `change_counter` moves with every change a
 * read route shows, so an unchanged read answers 304 without counting anything. `cases_answered` lets
 * the summary's case figures start from the cases of a range.
 */
export const countTables: Migration = {
  async up(db: Kysely<any>) {
    // The key first, then the counts; WITHOUT ROWID on SQLite keeps each row inside its key's b-tree.
    // Integers (4 bytes on PostgreSQL): a bucket counts at most a few million answers, an hour number
    // since 1970 is under 600,000; every row of these tables is a little smaller for it.
    const key = 'dim text not null, hour integer not null, value text not null, wave integer not null, channel text not null, complete integer not null, kind integer not null';
    const cols = SCORE_COLUMNS.map((c) => `${c} integer not null`).join(', ');
    const rowid = db.getExecutor().adapter instanceof SqliteAdapter ? ' without rowid' : '';
    // `stripe`: concurrent writers add to their own row of a bucket (store/counts.ts says why); reads sum them.
    for (const [answers, displays, time] of [['answer_counts', 'display_counts', 'hour'], ['answer_days', 'display_days', 'day']]) {
      await sql.raw(`create table ${answers} (${key.replace('hour', time!)}, stripe integer not null, ${cols}, primary key (dim, ${time}, value, wave, channel, complete, kind, stripe))${rowid}`).execute(db);
      await sql.raw(`create table ${displays} (${time} integer not null, wave integer not null, channel text not null, outcome text not null, later integer not null, stripe integer not null, n integer not null, primary key (${time}, wave, channel, outcome, later, stripe))${rowid}`).execute(db);
    }
    await sql.raw(`create table change_counter (topic text primary key, n bigint not null)`).execute(db);
    for (let stripe = 0; stripe < STRIPES; stripe++) await sql`insert into change_counter (topic, n) values (${`data:${stripe}`}, 0)`.execute(db);
    // PostgreSQL: an update writes a new row version; room left on each page lets it stay on the same
    // page without touching the key's index (a HOT update), which the current hour's buckets get often.
    // Only the newest pages are updated, so a little room is enough (and old pages waste little).
    if (!rowid) for (const t of ['answer_counts', 'display_counts', 'answer_days', 'display_days']) await sql`alter table ${sql.table(t)} set (fillfactor = 90)`.execute(db);
    if (!rowid) await sql`alter table change_counter set (fillfactor = 50)`.execute(db);
    // The summary's case figures count the cases of a range of answer times from the cases' side.
    await db.schema.createIndex('cases_answered').on('cases').column('answered_at').execute();
    await rebuildCounts(db);
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('cases_answered').execute();
    for (const t of ['change_counter', 'display_days', 'answer_days', 'display_counts', 'answer_counts']) await db.schema.dropTable(t).execute();
  },
};
