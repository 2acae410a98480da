import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * 013: the comments counted by the themes (issue 27). A term's share of comments, and the log-odds of
 * read/themes.ts, divide by how many comments each side wrote, under every read filter, per period and
 * per week of a trend. This partial index holds the answers that have a comment with their scores,
 * wave, channel and id, so those counts are one range of it, never the table (the comments index of
 * 004 holds neither scores nor quarter-hours). Answers without a comment cost it nothing to write.
 */
export const themeIndexes: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('responses_commented')
      .on('responses')
      // The id right after the time, so answers of one instant are written side by side (cheaper inserts).
      .columns(['answered_q', 'answered_ms', 'id', 'csat', 'nps', 'complete', 'wave', 'channel'])
      .where(sql.ref('comment_folded'), 'is not', null)
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('responses_commented').execute();
  },
};
