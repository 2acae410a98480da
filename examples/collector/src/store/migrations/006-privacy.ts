import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * 006: privacy. Suppressed ids (salted hashes), the audit log, whose data each webhook event carries,
 * and the indexes erasure and retention walk.
 */
export const privacy: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('suppressions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at_ms', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('rows', 'integer')
      .addColumn('address', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at_ms']).execute();
    await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute();
    for (const c of ['response_id', 'delivery_id', 'customer_id']) await db.schema.alterTable('webhook_events').addColumn(c, 'text').execute();
    for (const c of ['response_id', 'delivery_id', 'customer_id']) await db.schema.createIndex(`webhook_events_${c}`).on('webhook_events').column(c).execute();
    await db.schema.createIndex('webhook_events_created').on('webhook_events').column('created_ms').execute();
    await db.schema.createIndex('responses_customer_id').on('responses').column('customer_id').execute();
    await db.schema.createIndex('displays_customer_id').on('displays').column('customer_id').execute();
    await db.schema.createIndex('cases_updated').on('cases').columns(['status', 'updated_ms']).execute();
  },
  async down(db: Kysely<any>) {
    for (const i of ['cases_updated', 'displays_customer_id', 'responses_customer_id', 'webhook_events_created', 'webhook_events_customer_id', 'webhook_events_delivery_id', 'webhook_events_response_id']) {
      await db.schema.dropIndex(i).execute();
    }
    for (const c of ['customer_id', 'delivery_id', 'response_id']) await db.schema.alterTable('webhook_events').dropColumn(c).execute();
    await db.schema.dropTable('audit_log').execute();
    await db.schema.dropTable('suppressions').execute();
  },
};
