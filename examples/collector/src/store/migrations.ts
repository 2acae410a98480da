// Versioned migrations, run by Kysely's Migrator (its lock table keeps two instances starting at once
// on one PostgreSQL from running them twice). Kept in code rather than a folder of files so that the
// bundled collector carries them; the names sort in the order they run.
import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';

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
      for (let after = ''; ; ) {
        const rows: Array<Record<string, string>> = await db.selectFrom(table).select(['id', ...columns]).where('id', '>', after).orderBy('id').limit(PAGE).execute();
        if (!rows.length) break;
        for (const r of rows) {
          const set = Object.fromEntries(columns.filter((c) => utc(r[c]!) !== r[c]).map((c) => [c, utc(r[c]!)]));
          if (Object.keys(set).length) await db.updateTable(table).set(set).where('id', '=', r.id!).execute();
        }
        after = rows[rows.length - 1]!.id!;
      }
    }
  },
  // The original offsets are gone; the instants they named are the same, so there is nothing to undo.
  async down() {},
};

export const MIGRATIONS: Record<string, Migration> = {
  '2026-12-01-001-v0-tables': v0Tables,
  '2026-12-01-002-service': service,
  '2026-12-01-003-utc-times': utcTimes,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };
