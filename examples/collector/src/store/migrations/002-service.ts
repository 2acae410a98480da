import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** 002: the service: which records a delivery token vouched for, settings, and indexes for the read side. */
export const service: Migration = {
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
