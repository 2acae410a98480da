// A counter that moves with every change a read route shows, so a dashboard polling an unchanged view
// gets 304 Not Modified without anything being counted (http/etag.ts). Bumped in the transaction that
// makes the change: a reader sees the new count only once the change is visible. One row per stripe
// (store/counts.ts STRIPES), so concurrent writers do not take turns on it; the count is their sum.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** Moves the counter; call it inside the transaction that changed what a read route shows. */
export async function bumpChanges(db: Kysely<Database> | Transaction<Database>, stripe = 0): Promise<void> {
  await sql`update change_counter set n = n + 1 where topic = ${`data:${stripe}`}`.execute(db);
}

/** The counter as it stands (a string: PostgreSQL's bigint). */
export async function readChanges(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ n: number | string }>`select sum(n) as n from change_counter`.execute(db);
  return String(rows[0]?.n ?? 0);
}
