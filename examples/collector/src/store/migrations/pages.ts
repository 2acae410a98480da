import type { Kysely } from 'kysely';

/** Rows per read and write while rewriting times; keeps memory flat on a large v0 file. */
const PAGE = 1000;
/** Every row of `table` (these columns and its id), a page of PAGE rows at a time, in id order. */
export async function* pages<R extends { id: string }>(db: Kysely<any>, table: string, columns: readonly string[]): AsyncGenerator<R[]> {
  for (let after = ''; ; ) {
    const rows = (await db.selectFrom(table).select(['id', ...columns]).where('id', '>', after).orderBy('id').limit(PAGE).execute()) as R[];
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}
