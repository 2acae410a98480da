import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The covering indexes a channel filter and `by=channel` read, before (007) and after this migration. */
const INDEXES = {
  responses_answered_q: ['responses', ['answered_q', 'answered_ms', 'csat', 'nps', 'complete', 'wave']],
  displays_shown_q: ['displays', ['shown_q', 'shown_ms', 'outcome', 'later', 'wave']],
  response_meta_segments: ['response_meta', ['key', 'answered_ms', 'value', 'csat', 'nps', 'complete', 'wave', 'response_id']],
  response_meta_values: ['response_meta', ['key', 'value', 'answered_q', 'answered_ms', 'csat', 'nps', 'complete', 'wave', 'response_id']],
  response_reasons_values: ['response_reasons', ['reason', 'answered_q', 'answered_ms', 'csat', 'nps', 'complete', 'wave', 'response_id']],
} as const;

async function indexes(db: Kysely<any>, withChannel: boolean) {
  for (const [name, [table, columns]] of Object.entries(INDEXES)) {
    await db.schema.dropIndex(name).execute();
    await db.schema.createIndex(name).on(table).columns(withChannel ? [...columns, 'channel'] : [...columns]).execute();
  }
}

/**
 * 011: numbers per channel (issue 24). The meta and reason side tables gain the response's channel
 * (null: web, as on responses), backfilled here from the responses and kept in step by the writers of
 * store/derived.ts, so a `channel=` filter under a meta or reason filter reads the side table alone. As
 * the wave did in 007, the channel is added to the covering indexes the summary reads (the answers',
 * the displays' and the side tables'), not given indexes of its own, which every write would pay for:
 * a channel's answers are a range of time checked in the index, and `by=channel` one GROUP BY over it.
 */
export const channelSide: Migration = {
  async up(db: Kysely<any>) {
    for (const t of ['response_meta', 'response_reasons'] as const) {
      await db.schema.alterTable(t).addColumn('channel', 'text').execute();
      // Only answers that came by another channel than the widget have anything to copy.
      await sql`update ${sql.table(t)} set channel = (select r.channel from responses r where r.id = ${sql.ref(`${t}.response_id`)})
        where response_id in (select id from responses where channel is not null)`.execute(db);
    }
    await indexes(db, true);
  },
  async down(db: Kysely<any>) {
    await indexes(db, false);
    for (const t of ['response_reasons', 'response_meta']) await db.schema.alterTable(t).dropColumn('channel').execute();
  },
};
