// The idempotent upserts that make every resend harmless: an answer's row is replaced only by a higher
// revision, a display's only by a better outcome, each of the same delivery and wave (store.ts judges
// the records first and writes the rest of the batch around these).
import { sql, type Selectable, type Transaction } from 'kysely';
import { DISPLAY_COLUMNS, type DisplayVersion } from './counts.ts';
import { isSqlite } from './open.ts';
import type { Database, DisplayRow, ResponseRow, ResponsesTable } from './schema.ts';

/**
 * A display's outcome only moves up: a tab may report `expired` while another tab still shows the
 * survey and later reports `answered` for the same display id.
 */
export const OUTCOME_RANK = { answered: 3, dismissed: 2, expired: 1 } as const;

const rank = (column: string) =>
  sql.raw(`CASE ${column} ${Object.entries(OUTCOME_RANK).map(([o, n]) => `WHEN '${o}' THEN ${n}`).join(' ')} ELSE 0 END`);

/** Rows per INSERT statement: well under SQLite's 32,766 bound variables and PostgreSQL's 65,535. */
const CHUNK = 200;

/**
 * Keeps one row per id (the highest revision, or the best outcome) and sorts by id. One row per id is
 * required by PostgreSQL (`ON CONFLICT DO UPDATE` cannot touch a row twice in one statement); the sort
 * makes every transaction lock rows in the same order, so concurrent batches with overlapping ids on
 * several instances queue behind each other instead of deadlocking.
 */
export function oneRowPerId<T extends { id: string }>(rows: T[], better: (a: T, b: T) => boolean): T[] {
  const best = new Map<string, T>();
  for (const r of rows) {
    const had = best.get(r.id);
    if (!had || better(r, had)) best.set(r.id, r);
  }
  return [...best.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Runs `write` (or a read) on `rows` in statements of at most CHUNK rows and returns what they all
 * returned. For an upsert: the rows inserted or updated, as stored (the conflict clause's guard skips
 * the others, and RETURNING lists only the rows written, on both stores).
 */
export async function inChunks<T, R>(rows: T[], write: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const changed: R[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) changed.push(...(await write(rows.slice(i, i + CHUNK))));
  return changed;
}

// The delivery id is not in the update lists: the conflict clause only updates a row of the same delivery.
export function upsertResponses(trx: Transaction<Database>, rows: ResponseRow[]): Promise<Array<Selectable<ResponsesTable>>> {
  return inChunks(rows, (chunk) =>
    trx
      .insertInto('responses')
      .values(chunk.map((r) => ({ ...r, first_revision: r.revision })))
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            revision: eb.ref('excluded.revision'),
            delivered_at: eb.ref('excluded.delivered_at'),
            answered_at: eb.ref('excluded.answered_at'),
            csat: eb.ref('excluded.csat'),
            nps: eb.ref('excluded.nps'),
            comment: eb.ref('excluded.comment'),
            complete: eb.ref('excluded.complete'),
            locale: eb.ref('excluded.locale'),
            customer_id: eb.ref('excluded.customer_id'),
            meta: eb.ref('excluded.meta'),
            origin: eb.ref('excluded.origin'),
            path: eb.ref('excluded.path'),
            signed: eb.ref('excluded.signed'),
            answered_ms: eb.ref('excluded.answered_ms'),
            answered_q: eb.ref('excluded.answered_q'),
            comment_folded: eb.ref('excluded.comment_folded'),
            wave: eb.ref('excluded.wave'),
            reasons: eb.ref('excluded.reasons'),
            updated_at: eb.ref('excluded.received_at'),
          }))
          // Only a higher revision wins: a resend or an older revision changes nothing. A record can
          // never move to another delivery or wave, nor an unsigned one replace a row a token vouched for:
          // a valid token for one delivery must not let its holder rewrite another's answer by id.
          .where(sql<boolean>`excluded.revision > responses.revision AND excluded.delivery_id = responses.delivery_id AND excluded.wave = responses.wave AND excluded.signed >= responses.signed`),
      )
      .returningAll()
      .execute(),
  );
}

/**
 * Whether the upsert inserted the row (PostgreSQL: a new row version with no deleting transaction,
 * `xmax = 0`). SQLite has no such column and needs none: its batch read what it replaced under the
 * write lock.
 */
const insertedMark = (trx: Transaction<Database>) => (isSqlite(trx) ? sql<number>`0` : sql<number>`case when displays.xmax = 0 then 1 else 0 end`);

export function upsertDisplays(trx: Transaction<Database>, rows: DisplayRow[]): Promise<Array<{ id: string; inserted: number } & DisplayVersion>> {
  return inChunks(rows, (chunk) =>
    trx
      .insertInto('displays')
      .values(chunk)
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet((eb) => ({
            shown_at: eb.ref('excluded.shown_at'),
            ended_at: eb.ref('excluded.ended_at'),
            outcome: eb.ref('excluded.outcome'),
            later: eb.ref('excluded.later'),
            response_id: eb.ref('excluded.response_id'),
            locale: eb.ref('excluded.locale'),
            customer_id: eb.ref('excluded.customer_id'),
            origin: eb.ref('excluded.origin'),
            path: eb.ref('excluded.path'),
            signed: eb.ref('excluded.signed'),
            shown_ms: eb.ref('excluded.shown_ms'),
            shown_q: eb.ref('excluded.shown_q'),
            wave: eb.ref('excluded.wave'),
            updated_at: eb.ref('excluded.received_at'),
          }))
          // The whole record is replaced only by a better outcome (answered > dismissed > expired), of
          // the same delivery, and never by an unsigned record over a signed one.
          .where(
            sql<boolean>`${rank('excluded.outcome')} > ${rank('displays.outcome')} AND excluded.delivery_id = displays.delivery_id AND excluded.wave = displays.wave AND excluded.signed >= displays.signed`,
          ),
      )
      .returning(['id', ...DISPLAY_COLUMNS, insertedMark(trx).as('inserted')])
      .execute(),
  );
}
