import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * 008: one response per delivery and wave, and sessions bound to the credential that made them.
 * `response_slots` holds, for each (delivery, wave), the id of the response that answers it: a new
 * response id claims the slot inside its batch's transaction, and a record under another id for a
 * slot already held is refused. The primary key makes the claim atomic across instances. Deliveries
 * answered more than once before this migration keep all their rows; the slot goes to the smallest id.
 * `dashboard_sessions.credential`: a fingerprint of the admin credential the session was made with;
 * sessions from before have none and end (their holders sign in again).
 */
export const holes: Migration = {
  async up(db: Kysely<any>) {
    const clustered = db.getExecutor().adapter instanceof SqliteAdapter;
    await db.schema
      .createTable('response_slots')
      .addColumn('delivery_id', 'text', (c) => c.notNull())
      .addColumn('wave', 'integer', (c) => c.notNull())
      .addColumn('response_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('response_slots_pk', ['delivery_id', 'wave'])
      .$call((t) => (clustered ? t.modifyEnd(sql`without rowid`) : t))
      .execute();
    // Erasure and retention delete a response's slot by its id.
    await db.schema.createIndex('response_slots_response').on('response_slots').column('response_id').execute();
    await sql`insert into response_slots (delivery_id, wave, response_id) select delivery_id, wave, min(id) from responses group by delivery_id, wave`.execute(db);
    await db.schema.alterTable('dashboard_sessions').addColumn('credential', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('dashboard_sessions').dropColumn('credential').execute();
    await db.schema.dropTable('response_slots').execute();
  },
};
