import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * 005: the closed loop. Cases (one per response that matched the alert rule) with their history; the
 * webhook outbox (events written in the transaction of their cause) and one delivery row per event and
 * endpoint, which the worker claims; `responses.first_revision`, so an upsert's RETURNING tells an
 * insert from an update on both stores.
 */
export const closedLoop: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('responses').addColumn('first_revision', 'integer').execute();
    await db.updateTable('responses').set({ first_revision: sql.ref('revision') }).execute();
    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('response_id', 'text', (c) => c.notNull().unique())
      .addColumn('delivery_id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('csat', 'integer')
      .addColumn('nps', 'integer')
      .addColumn('comment', 'text')
      .addColumn('meta', 'text')
      .addColumn('answered_at', 'text', (c) => c.notNull())
      .addColumn('matches', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('open', 'contacted', 'resolved')`))
      .addColumn('owner', 'text')
      .addColumn('opened_ms', 'bigint', (c) => c.notNull())
      .addColumn('due_ms', 'bigint', (c) => c.notNull())
      .addColumn('first_contact_ms', 'bigint')
      .addColumn('resolved_ms', 'bigint')
      .addColumn('updated_ms', 'bigint', (c) => c.notNull())
      .execute();
    // The queue: overdue first means open cases by deadline; the figures read cases by when they opened.
    await db.schema.createIndex('cases_queue').on('cases').columns(['status', 'due_ms', 'id']).execute();
    await db.schema.createIndex('cases_opened').on('cases').columns(['opened_ms']).execute();
    await db.schema.createIndex('cases_delivery').on('cases').columns(['delivery_id']).execute();
    await db.schema.createIndex('cases_customer').on('cases').columns(['customer_id']).execute();
    await db.schema
      .createTable('case_history')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('at_ms', 'bigint', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('from_value', 'text')
      .addColumn('to_value', 'text')
      .addColumn('note', 'text')
      .execute();
    await db.schema.createIndex('case_history_case').on('case_history').columns(['case_id', 'at_ms']).execute();
    await db.schema
      .createTable('webhook_endpoints')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('url', 'text', (c) => c.notNull().unique())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('disabled_ms', 'bigint')
      .addColumn('disabled_reason', 'text')
      .execute();
    await db.schema
      .createTable('webhook_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('endpoint_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('pending', 'delivered', 'failed')`))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_ms', 'bigint', (c) => c.notNull())
      .addColumn('lease_ms', 'bigint')
      .addColumn('claimed_by', 'text')
      .addColumn('last_code', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('last_attempt_ms', 'bigint')
      .addColumn('delivered_ms', 'bigint')
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('webhook_deliveries_pk', ['event_id', 'endpoint_id'])
      .execute();
    // The worker's claim: pending rows by when they are due. The dashboard: an endpoint's latest.
    await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_ms']).execute();
    await db.schema.createIndex('webhook_deliveries_endpoint').on('webhook_deliveries').columns(['endpoint_id', 'created_ms']).execute();
    await db.schema.createIndex('webhook_deliveries_counts').on('webhook_deliveries').columns(['endpoint_id', 'status']).execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['webhook_deliveries', 'webhook_events', 'webhook_endpoints', 'case_history', 'cases']) await db.schema.dropTable(t).execute();
    await db.schema.alterTable('responses').dropColumn('first_revision').execute();
  },
};
