import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * 009: invitations. `deliveries` holds what the merchant's server posts (personal data: the contact
 * fields); `invitations` is the schedule, one row per delivery, wave, kind and channel (the unique key
 * makes a repeated import schedule nothing twice), claimed by one instance at a time like the webhook
 * outbox; `survey_links` maps each short, unguessable code to its delivery, wave and channel;
 * `unsubscribes` keeps salted hashes of the customers and addresses who asked for no more invitations
 * (like suppressions, never the id itself); `mail_preview` keeps the messages of a collector that
 * shows mail instead of sending it (the demo). Responses and displays gain the channel they came by.
 */
export const invitations: Migration = {
  async up(db: Kysely<any>) {
    const clustered = db.getExecutor().adapter instanceof SqliteAdapter;
    await db.schema
      .createTable('deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('delivered_at', 'text', (c) => c.notNull())
      .addColumn('delivered_ms', 'bigint', (c) => c.notNull())
      .addColumn('customer_id', 'text')
      .addColumn('email', 'text')
      .addColumn('phone', 'text')
      .addColumn('locale', 'text')
      .addColumn('time_zone', 'text')
      .addColumn('survey', 'text', (c) => c.notNull())
      .addColumn('resurvey_every', 'integer')
      .addColumn('resurvey_until', 'integer')
      .addColumn('meta', 'text')
      // Whom the per-customer rules (cooldown, unsubscribe) count as one person: c:<customerId>, else e:<e-mail>.
      .addColumn('customer_key', 'text')
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('updated_ms', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('deliveries_customer_key').on('deliveries').columns(['customer_key']).execute();
    await db.schema.createIndex('deliveries_customer').on('deliveries').columns(['customer_id']).execute();
    await db.schema.createIndex('deliveries_delivered').on('deliveries').columns(['delivered_ms', 'id']).execute();
    await db.schema
      .createTable('invitations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('delivery_id', 'text', (c) => c.notNull())
      .addColumn('wave', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('due_ms', 'bigint', (c) => c.notNull())
      .addColumn('next_ms', 'bigint', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('lease_ms', 'bigint')
      .addColumn('claimed_by', 'text')
      .addColumn('sent_ms', 'bigint')
      .addColumn('reason', 'text')
      .addColumn('message_id', 'text')
      .addColumn('to_address', 'text')
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('updated_ms', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('invitations_one', ['delivery_id', 'wave', 'kind', 'channel'])
      .execute();
    await db.schema.createIndex('invitations_due').on('invitations').columns(['status', 'next_ms']).execute();
    await db.schema.createIndex('invitations_sent').on('invitations').columns(['kind', 'sent_ms']).execute();
    await db.schema
      .createTable('survey_links')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('delivery_id', 'text', (c) => c.notNull())
      .addColumn('wave', 'integer', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('survey_links_one', ['delivery_id', 'wave', 'channel'])
      .$call((t) => (clustered ? t.modifyEnd(sql`without rowid`) : t))
      .execute();
    await db.schema
      .createTable('unsubscribes')
      .addColumn('key_hash', 'text', (c) => c.primaryKey())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('mail_preview')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('invitation_id', 'text', (c) => c.notNull())
      .addColumn('delivery_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('to_address', 'text', (c) => c.notNull())
      .addColumn('from_address', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('html', 'text', (c) => c.notNull())
      .addColumn('headers', 'text', (c) => c.notNull())
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('mail_preview_created').on('mail_preview').columns(['created_ms']).execute();
    await db.schema.createIndex('mail_preview_delivery').on('mail_preview').columns(['delivery_id']).execute();
    await db.schema.alterTable('responses').addColumn('channel', 'text').execute();
    await db.schema.alterTable('displays').addColumn('channel', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('displays').dropColumn('channel').execute();
    await db.schema.alterTable('responses').dropColumn('channel').execute();
    for (const t of ['mail_preview', 'unsubscribes', 'survey_links', 'invitations', 'deliveries']) await db.schema.dropTable(t).execute();
  },
};
