import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * 015: follow-up as the service guide sets it. A case gets a tier (urgent, general, complex) and two
 * clocks: `due_ms` stays the first-response deadline, `resolution_due_ms` is new; both count business
 * time in the case's calendar (`calendar_id`; none: wall-clock time). A case waiting on the customer
 * is stored as `contacted` with `pending_since_ms` (the status CHECK of 005 cannot be changed in place
 * on SQLite without copying the table, and waiting is a kind of contacted); its clocks stop meanwhile.
 * `escalated_*_ms` say which escalation steps were taken (each once). `calendars` hold the stores'
 * and teams' business hours; `case_notifications` is the outbox of escalation e-mails, claimed with
 * leases like the other outboxes. `clock_start_ms` is when the clocks last started (the opening, or
 * a reopening), `paused_ms` the business time spent waiting on the customer since, and `responded_ms`
 * the first response of this round (first_contact_ms stays the first response ever).
 */
export const tiers: Migration = {
  async up(db: Kysely<any>) {
    for (const [name, type] of [
      ['tier', 'text'], ['calendar_id', 'text'], ['resolution_due_ms', 'bigint'], ['pending_since_ms', 'bigint'], ['pending_reason', 'text'],
      ['escalated_response_ms', 'bigint'], ['escalated_resolution_ms', 'bigint'], ['reopened', 'integer'],
      ['clock_start_ms', 'bigint'], ['paused_ms', 'bigint'], ['responded_ms', 'bigint'],
    ] as const) {
      await db.schema.alterTable('cases').addColumn(name, type).execute();
    }
    // The clocks of a case opened before: from its opening, answered when first contacted.
    await db.updateTable('cases').set((eb) => ({ clock_start_ms: eb.ref('opened_ms'), responded_ms: eb.ref('first_contact_ms'), paused_ms: 0 })).execute();
    await db.schema.createIndex('cases_escalation').on('cases').columns(['status', 'due_ms']).execute();
    await db.schema.createIndex('cases_resolution').on('cases').columns(['status', 'resolution_due_ms']).execute();
    await db.schema
      .createTable('calendars')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('time_zone', 'text', (c) => c.notNull())
      .addColumn('hours', 'text', (c) => c.notNull())
      .addColumn('holidays', 'text', (c) => c.notNull())
      // Which cases it counts for: those whose answer's meta `match_key` is `match_value` (a store), or
      // the cases of a team (`team`); the first match by `position` wins.
      .addColumn('match_key', 'text')
      .addColumn('match_value', 'text')
      .addColumn('team', 'text')
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('updated_ms', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('case_notifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('to_address', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_ms', 'bigint', (c) => c.notNull())
      .addColumn('lease_ms', 'bigint')
      .addColumn('error', 'text')
      .addColumn('created_ms', 'bigint', (c) => c.notNull())
      .addColumn('sent_ms', 'bigint')
      .addUniqueConstraint('case_notifications_one', ['case_id', 'step', 'to_address'])
      .execute();
    await db.schema.createIndex('case_notifications_due').on('case_notifications').columns(['status', 'next_ms']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('case_notifications').execute();
    await db.schema.dropTable('calendars').execute();
    await db.schema.dropIndex('cases_resolution').execute();
    await db.schema.dropIndex('cases_escalation').execute();
    for (const c of ['responded_ms', 'paused_ms', 'clock_start_ms', 'reopened', 'escalated_resolution_ms', 'escalated_response_ms', 'pending_reason', 'pending_since_ms', 'resolution_due_ms', 'calendar_id', 'tier']) {
      await db.schema.alterTable('cases').dropColumn(c).execute();
    }
  },
};
