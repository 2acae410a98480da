import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { pages } from './pages.ts';

const utc = (s: string) => {
  const t = Date.parse(s);
  return Number.isNaN(t) ? s : new Date(t).toISOString();
};

/**
 * 003: the v0 collector stored times as sent ("2026-11-20T18:00:00+08:00"); the service stores them as
 * UTC ISO text so that text order is time order on both stores. Rewritten in JavaScript rather than SQL,
 * which would need one date function per dialect; rows already in UTC form are left alone.
 */
export const utcTimes: Migration = {
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
