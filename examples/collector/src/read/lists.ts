// The read side: rows as the API returns them (camelCase, booleans, parsed meta), newest first, a page
// at a time with a stable cursor (keyset pagination: no offset, so a page never repeats or skips a row
// when answers arrive in between).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { UNHAPPY_RANK } from '../store/derived.ts';
import type { Database, ResponseRow } from '../store/schema.ts';
import { fromDisplayRow, fromRow } from '../store/shapes.ts';

export { fromDisplayRow, fromRow };
import { all, conditions, FilterError, type ReadFilter } from './filters.ts';

export type Order = 'newest' | 'unhappy';

/** `order`: `newest` (default) or `unhappy` (NPS 0–6 or CSAT 1–2 first, newest first within). */
export function parseOrder(raw: string | undefined): Order {
  if (raw === undefined || raw === '' || raw === 'newest') return 'newest';
  if (raw === 'unhappy' || raw === 'detractors') return 'unhappy';
  throw new FilterError('order', `"newest" or "unhappy"; got "${raw}"`);
}

/** A cursor: where the last row of a page was, in the page's order (base64url JSON, opaque to clients). */
type Position = [rank: number, answeredAt: string, id: string];
const encode = (p: Position) => Buffer.from(JSON.stringify(p)).toString('base64url');
function decode(raw: string): Position {
  try {
    const p = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(p) && p.length === 3 && (p[0] === 0 || p[0] === 1) && typeof p[1] === 'string' && typeof p[2] === 'string') return p as Position;
  } catch {
    // Reported below.
  }
  throw new FilterError('cursor', 'the nextCursor of an earlier page');
}

const unhappy = (r: { csat: number | null; nps: number | null }) => ((r.nps !== null && Number(r.nps) <= 6) || (r.csat !== null && Number(r.csat) <= 2) ? 1 : 0);

/**
 * One page of matching responses and the cursor of the next (null on the last page). Walks the
 * `(answered_at, id)` index newest first (or the "unhappy first" expression index), so a page costs
 * the rows it returns plus the rows its filter skips, never a sort of the table.
 */
export async function listResponses(db: Kysely<Database>, f: ReadFilter, o: { limit: number; cursor?: string | undefined; order?: Order }) {
  const order = o.order ?? 'newest';
  const conds: RawBuilder<boolean>[] = conditions(f, { scores: '', row: 'responses', range: 'text' });
  if (o.cursor) {
    const [rank, at, id] = decode(o.cursor);
    // A row-value comparison: both stores turn it into one range of the index the order walks
    // (PostgreSQL does not for the equivalent OR of comparisons, and would sort every page).
    conds.push(order === 'unhappy' ? sql<boolean>`((${UNHAPPY_RANK}), answered_at, id) < (${rank}, ${at}, ${id})` : sql<boolean>`(answered_at, id) < (${at}, ${id})`);
  }
  // Every key descending: one backward walk of an index (the expression index for "unhappy first").
  const by = order === 'unhappy' ? sql`(${UNHAPPY_RANK}) desc, answered_at desc, id desc` : sql`answered_at desc, id desc`;
  const { rows } = await sql<ResponseRow>`select * from responses where ${all(conds)} order by ${by} limit ${o.limit + 1}`.execute(db);
  const page = rows.slice(0, o.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > o.limit && last ? encode([order === 'unhappy' ? unhappy(last) : 0, last.answered_at, last.id]) : null;
  return { responses: page.map(fromRow), nextCursor };
}

/** The most recent displays, newest first (by when their outcome was known). */
export async function recentDisplays(db: Kysely<Database>, limit: number) {
  const rows = await db.selectFrom('displays').selectAll().orderBy('ended_at', 'desc').orderBy('shown_at', 'desc').limit(limit).execute();
  return rows.map(fromDisplayRow);
}

/** `?limit=`: 50 by default, 1–500. */
export const limitOf = (raw: string | undefined) => Math.min(Math.max(Math.trunc(Number(raw)) || 50, 1), 500);
