// What the store derives from a record at write time, so that the read side never parses JSON or folds
// text per row at read time: the comment case-folded for the text filter, and the meta side table
// (one row per response and key, the scores beside it) for segments and `meta.KEY=VALUE` filters, and
// the reason side table (one row per response and reason) for reason filters, segments and drivers.
import { randomBytes } from 'node:crypto';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Case-folds text for a case-insensitive substring match in any script: NFKC (full-width Latin and
 * compatibility forms to their plain form) then lower case. SQLite's own `lower()` and `LIKE` fold
 * ASCII only, so the folding happens here, once, and both stores compare folded text with `LIKE`.
 */
export function foldText(s: string | null | undefined): string | null {
  return s == null ? null : s.normalize('NFKC').toLowerCase();
}

/**
 * 1 for an unhappy answer (NPS 0–6 or CSAT 1–2), else 0: "unhappy first" orders by it, descending. The
 * expression index of migration 004 is on exactly this text, which is what lets both stores use it.
 */
export const UNHAPPY_RANK = sql.raw('CASE WHEN nps <= 6 OR csat <= 2 THEN 1 ELSE 0 END');

export const QUARTER_MS = 900_000;
/** The UTC quarter-hour an instant falls in (the summary's unit of counting). */
export const quarterOf = (ms: number) => Math.floor(ms / QUARTER_MS);

/** A response's read-side columns, from its answer time (ISO 8601) and comment: one derivation for every writer. */
export function responseColumns(answeredAt: string, comment: string | null | undefined) {
  const ms = Date.parse(answeredAt);
  return { answered_ms: ms, answered_q: quarterOf(ms), comment_folded: foldText(comment) };
}

/** A display's read-side columns, from when it was shown (ISO 8601). */
export function displayColumns(shownAt: string) {
  const ms = Date.parse(shownAt);
  return { shown_ms: ms, shown_q: quarterOf(ms) };
}

/** A meta value as the side table keeps it: text (numbers and booleans as JSON writes them); null is skipped. */
export const metaText = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));

export interface MetaSource {
  id: string;
  meta: string | null;
  answered_ms: number | string | null;
  csat: number | null;
  nps: number | null;
  complete: number;
  /** Absent while migration 004 backfills (the column comes with 007). */
  wave?: number | string;
  /** The channel (null: web); absent while migrations before 011 backfill (the side tables gain it there). */
  channel?: string | null;
  /** With `first_revision` (migration 005), from the upsert's RETURNING: tells a row just inserted. */
  revision?: number | string;
  first_revision?: number | string | null;
}

/** Rows per INSERT: at most 10 values each, well under SQLite's and PostgreSQL's bound-variable limits. */
const CHUNK = 500;

/** Inserted by this upsert (first_revision = revision): no side-table rows of it exist yet. */
export type Stored = Pick<MetaSource, 'id' | 'revision' | 'first_revision'>;
const inserted = (r: Stored) => r.first_revision != null && r.revision !== undefined && Number(r.first_revision) === Number(r.revision);

/**
 * A side table's rows for these responses replaced by `out`: the old ones deleted (but for responses
 * just inserted, which have none), then `out` inserted, each a chunk at a time.
 */
export async function replaceRows<T extends 'response_meta' | 'response_reasons' | 'response_terms'>(db: Kysely<Database>, table: T, rows: Stored[], out: Insertable<Database[T]>[]) {
  const stale = rows.filter((r) => !inserted(r)).map((r) => r.id);
  // Kysely types a query against one table, not a union of them: both tables key on response_id.
  for (let i = 0; i < stale.length; i += CHUNK) await db.deleteFrom(table as 'response_meta').where('response_id', 'in', stale.slice(i, i + CHUNK)).execute();
  for (let i = 0; i < out.length; i += CHUNK) await db.insertInto(table as 'response_meta').values(out.slice(i, i + CHUNK) as Insertable<Database['response_meta']>[]).execute();
}

/**
 * Rewrites the meta side table for these responses as they are now stored (see replaceRows), and
 * records every key seen (`known`: keys already recorded, skipped; the caller adds `newKeys` to it once
 * the transaction committed). Run in the transaction that stored them, so the side table never
 * disagrees with the responses table.
 */
export async function writeMeta(db: Kysely<Database>, rows: MetaSource[], known?: ReadonlySet<string>): Promise<{ newKeys: string[] }> {
  if (!rows.length) return { newKeys: [] };
  const out: Insertable<Database['response_meta']>[] = [];
  const keys = new Set<string>();
  for (const r of rows) {
    if (!r.meta) continue;
    const meta = JSON.parse(r.meta) as Record<string, unknown>;
    for (const [key, v] of Object.entries(meta)) {
      const value = metaText(v);
      if (value === null) continue;
      keys.add(key);
      const ms = Number(r.answered_ms ?? 0);
      out.push({ response_id: r.id, key, value, answered_ms: ms, answered_q: quarterOf(ms), csat: r.csat, nps: r.nps, complete: Number(r.complete), ...(r.wave === undefined ? {} : { wave: Number(r.wave) }), ...(r.channel === undefined ? {} : { channel: r.channel }) });
    }
  }
  await replaceRows(db, 'response_meta', rows, out);
  const newKeys = [...keys].filter((k) => !known?.has(k)).sort();
  if (newKeys.length) {
    await db
      .insertInto('meta_keys')
      .values(newKeys.map((key) => ({ key })))
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
  }
  return { newKeys };
}

export interface ReasonSource extends Omit<MetaSource, 'meta'> {
  /** The stored list (JSON text, deduplicated at ingest), or null. */
  reasons: string | null;
}

/**
 * Rewrites the reason side table for these responses as they are now stored, like writeMeta: a
 * revision's list replaces the last one (the caller passes only rows the upsert changed, so an older
 * revision never gets here); see replaceRows. Run in the transaction that stored them.
 */
export async function writeReasons(db: Kysely<Database>, rows: ReasonSource[]): Promise<void> {
  if (!rows.length) return;
  const out: Database['response_reasons'][] = [];
  for (const r of rows) {
    if (!r.reasons) continue;
    const ms = Number(r.answered_ms ?? 0);
    // Deduplicated again: the primary key is (response_id, reason), whoever wrote the list.
    for (const reason of new Set(JSON.parse(r.reasons) as string[])) {
      out.push({ response_id: r.id, reason, answered_ms: ms, answered_q: quarterOf(ms), csat: r.csat, nps: r.nps, complete: Number(r.complete), wave: Number(r.wave ?? 0), channel: r.channel ?? null });
    }
  }
  await replaceRows(db, 'response_reasons', rows, out);
}

let sequence = 0;
/**
 * An id that sorts in the order rows were made: the time, then this process's sequence (two rows in
 * one millisecond keep their order), then randomness against other instances. Case history, audit log.
 */
export const sortableId = (at: number) =>
  `${at.toString(36).padStart(9, '0')}.${(sequence++ % 1_679_616).toString(36).padStart(4, '0')}.${randomBytes(4).toString('hex')}`;

/** Expired dashboard sessions are deleted when someone signs in (no timer needed). */
export const expiredSessions = (db: Kysely<Database>, nowIso: string) => db.deleteFrom('dashboard_sessions').where('expires_at', '<=', nowIso).execute();
