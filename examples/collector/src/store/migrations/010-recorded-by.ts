import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * 010: who recorded an answer on a customer's behalf. A phone answer is typed into the dashboard by
 * the person who made the call (POST /v1/deliveries/:id/answers): `recorded_by` keeps that credential's
 * actor, as the audit log names it. Null for every answer the customer gave themselves.
 */
export const recordedBy: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('responses').addColumn('recorded_by', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('responses').dropColumn('recorded_by').execute();
  },
};
