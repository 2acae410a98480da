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

export const MIGRATIONS: Record<string, Migration> = {
  '2026-12-01-001-v0-tables': v0Tables,
  '2026-12-01-002-service': service,
};

export const migrationProvider: MigrationProvider = { getMigrations: async () => MIGRATIONS };
