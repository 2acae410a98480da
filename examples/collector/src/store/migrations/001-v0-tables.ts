import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * 001 is the v0 collector's schema, created only where missing: on a v0 database file the tables
 * already exist and are adopted as they are, with every row kept.
 */
export const v0Tables: Migration = {
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
