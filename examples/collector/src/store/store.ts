// Writes: the idempotent upserts that make every resend harmless, in one transaction per batch.
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { closeTheLoop, type Loop } from './cases.ts';
import { writeMeta, writeReasons } from './derived.ts';
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
 * Writes `rows` in statements of at most CHUNK rows; returns the rows they inserted or updated, as
 * stored (the conflict clause's guard skips the others, and RETURNING lists only the rows written, on
 * both stores).
 */
async function inChunks<T, R>(rows: T[], write: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const changed: R[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) changed.push(...(await write(rows.slice(i, i + CHUNK))));
  return changed;
}

// The delivery id is not in the update lists: the conflict clause only updates a row of the same delivery.
function upsertResponses(trx: Transaction<Database>, rows: ResponseRow[]): Promise<Array<Selectable<ResponsesTable>>> {
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
          // never move to another delivery, nor an unsigned one replace a row a token vouched for:
          // a valid token for one delivery must not let its holder rewrite another's answer by id.
          .where(sql<boolean>`excluded.revision > responses.revision AND excluded.delivery_id = responses.delivery_id AND excluded.signed >= responses.signed`),
      )
      .returningAll()
      .execute(),
  );
}

function upsertDisplays(trx: Transaction<Database>, rows: DisplayRow[]): Promise<Array<{ id: string }>> {
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
            sql<boolean>`${rank('excluded.outcome')} > ${rank('displays.outcome')} AND excluded.delivery_id = displays.delivery_id AND excluded.signed >= displays.signed`,
          ),
      )
      .returning('id')
      .execute(),
  );
}

/**
 * Meta keys this process knows are in `meta_keys`, per database: a batch only writes keys new to it.
 * Filled after a commit, so a rolled-back batch never leaves a key marked as recorded.
 */
const KNOWN_KEYS = new WeakMap<Kysely<Database>, Set<string>>();
function knownKeys(db: Kysely<Database>): Set<string> {
  let known = KNOWN_KEYS.get(db);
  if (!known) KNOWN_KEYS.set(db, (known = new Set()));
  return known;
}

/** PostgreSQL's "try again" codes: deadlock detected, serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);

/**
 * Stores both lists in one transaction and resolves once it is committed (durable, see open.ts);
 * returns how many rows of each were inserted or improved, and how many webhook events were written.
 * With `loop`, the cases and events the changed responses call for are written in the same transaction.
 */
export async function storeBatch(
  db: Kysely<Database>,
  responses: ResponseRow[],
  displays: DisplayRow[],
  loop?: Loop,
): Promise<{ changed: number; displaysChanged: number; events: number }> {
  const rs = oneRowPerId(responses, (a, b) => a.revision > b.revision);
  const ds = oneRowPerId(displays, (a, b) => OUTCOME_RANK[a.outcome] > OUTCOME_RANK[b.outcome]);
  for (let attempt = 1; ; attempt++) {
    try {
      const known = knownKeys(db);
      const result = await db.transaction().execute(async (trx) => {
        const changed = rs.length ? await upsertResponses(trx, rs) : [];
        // The meta and reason side tables follow the rows that changed (RETURNING lists exactly those, as now
        // stored), in the same transaction; so do the cases and webhook events.
        const { newKeys } = await writeMeta(trx, changed, known);
        await writeReasons(trx, changed);
        const events = loop ? await closeTheLoop(trx, changed, loop) : 0;
        const displaysChanged = ds.length ? await upsertDisplays(trx, ds) : [];
        return { changed: changed.length, displaysChanged: displaysChanged.length, newKeys, events };
      });
      for (const k of result.newKeys) known.add(k);
      return { changed: result.changed, displaysChanged: result.displaysChanged, events: result.events };
    } catch (e) {
      if (attempt >= 5 || !RETRYABLE.has((e as { code?: string }).code ?? '')) throw e;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}

/** A setting's value, or undefined. */
export async function getSetting(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('collector_settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/** Stores a setting unless one is there already (first writer wins across instances); returns the value now stored. */
export async function putSettingOnce(db: Kysely<Database>, key: string, value: string): Promise<string> {
  await db
    .insertInto('collector_settings')
    .values({ key, value, updated_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await getSetting(db, key))!;
}
