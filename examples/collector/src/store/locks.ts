// PostgreSQL transaction locks on answer and display ids, so that no two transactions change one of
// these rows between reading it and writing it: the version a change takes out of the counts
// (store/counts.ts) is exactly the one it replaced or deleted. SQLite needs none: one writer at a time.
import { sql, type Transaction } from 'kysely';
import { isSqlite } from './open.ts';
import type { Database } from './schema.ts';

/**
 * Locks the ids (hashed, in one sorted order, so two transactions never wait for each other in a
 * cycle) until the transaction ends; `slots`: delivery slots (`wave:delivery`) a batch may claim. A
 * hash shared by two ids only makes one wait for the other. One lock per id: callers keep their
 * transactions to hundreds of ids (store.ts GROUP_RECORDS, erase.ts PAGE).
 */
export async function lockRecords(trx: Transaction<Database>, responseIds: Iterable<string>, displayIds: Iterable<string> = [], slots: Iterable<string> = []): Promise<void> {
  if (isSqlite(trx)) return;
  const ids = [...new Set([...[...responseIds].map((id) => `r:${id}`), ...[...displayIds].map((id) => `d:${id}`), ...[...slots].map((k) => `s:${k}`)])];
  if (!ids.length) return;
  await sql`select pg_advisory_xact_lock(h) from (select distinct hashtextextended(x, 0) as h from unnest(${ids}::text[]) as x order by h) as locks`.execute(trx);
}
