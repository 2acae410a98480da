// The audit trail: every admin action that reads raw answers, exports, erases, changes a case or signs
// in, and every erasure or export request from anyone, with its outcome (PIPL Art. 50 and 56; GDPR
// Art. 5(2), accountability). Written by the edge (http/audit.ts); read by GET /v1/audit.
import type { Kysely } from 'kysely';
import { sortableId } from './derived.ts';
import type { Database } from './schema.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null | undefined;
  rows?: number | null | undefined;
  address?: string | null | undefined;
  outcome: string;
  detail?: Record<string, unknown> | null | undefined;
  /** The role (or a key's scopes) the actor acted with. */
  role?: string | null | undefined;
}

/** Bounds of what one entry keeps: every value is cut, never the JSON around it. */
const MAX_TEXT = 500;
/** A request's query string may be longer: it says what was read (known filters come first, http/audit.ts). */
const MAX_QUERY = 2_000;
const MAX_ITEMS = 20;
const MAX_DEPTH = 3;

/**
 * A copy of `v` that fits the log: strings cut to 500 characters (with "…"), at most 20 keys or items
 * per level and 3 levels. Cutting values rather than the serialised JSON keeps every entry valid JSON
 * whatever a client put in a query string (a refused request's 10,000 characters included).
 */
export function bounded(v: unknown, depth = 0, max = MAX_TEXT): unknown {
  if (typeof v === 'string') return cut(v, max);
  if (v === null || typeof v !== 'object') return typeof v === 'number' || typeof v === 'boolean' ? v : v === null ? null : String(v);
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(v)) return v.slice(0, MAX_ITEMS).map((x) => bounded(x, depth + 1));
  // Undefined fields are left out, as JSON.stringify would.
  const fields = Object.entries(v).filter(([, x]) => x !== undefined);
  return Object.fromEntries(fields.slice(0, MAX_ITEMS).map(([k, x]) => [cut(k, MAX_TEXT), bounded(x, depth + 1, depth === 0 && k === 'query' ? MAX_QUERY : MAX_TEXT)]));
}

/** `s` cut to `max` UTF-16 units with "…", never between the two halves of a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = /[\uD800-\uDBFF]/.test(s[max - 1]!) ? max - 1 : max;
  return `${s.slice(0, end)}…`;
}

/** Appends one entry (its id sorts by time); every text field and the detail are bounded. */
export async function writeAudit(db: Kysely<Database>, at: number, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: sortableId(at), at_ms: at, actor: e.actor.slice(0, 100), action: e.action.slice(0, 40), target: e.target == null ? null : (bounded(e.target) as string), rows: e.rows ?? null,
      address: e.address == null ? null : e.address.slice(0, 100), outcome: bounded(e.outcome) as string, detail: e.detail ? JSON.stringify(bounded(e.detail)) : null,
      role: e.role == null ? null : e.role.slice(0, 100),
    })
    .execute();
}
