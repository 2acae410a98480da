// GET /v1/audit: the audit log newest first, a page at a time, by action and period.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { isoOf } from '../store/shapes.ts';
import { FilterError, parseTime, type Query } from './filters.ts';

/**
 * An entry's detail. Entries are written as valid JSON (store/audit.ts); one that is not (cut by an
 * older collector) is shown as its text, so the log always reads.
 */
function detailOf(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { unreadable: text.slice(0, 500) };
  }
}

export async function listAudit(db: Kysely<Database>, q: Query, o: { limit: number; timeZone: string }) {
  const one = (name: string) => {
    if ((q[name]?.length ?? 0) > 1) throw new FilterError(name, 'one value');
    return q[name]?.[0] || undefined;
  };
  const action = one('action');
  if (action !== undefined && !/^[a-z.]{1,40}$/.test(action)) throw new FilterError('action', `an action such as erase.customer; got "${action}"`);
  const from = one('from'), to = one('to'), cursor = one('cursor');
  if (cursor !== undefined && !/^[0-9a-z.]{1,40}$/.test(cursor)) throw new FilterError('cursor', 'the nextCursor of an earlier page');
  const actor = one('actor');
  if (actor !== undefined && actor.length > 100) throw new FilterError('actor', 'at most 100 characters');
  let query = db.selectFrom('audit_log').selectAll();
  if (action) query = query.where('action', '=', action);
  if (actor) query = query.where('actor', '=', actor);
  if (from) query = query.where('at_ms', '>=', parseTime('from', from, o.timeZone));
  if (to) query = query.where('at_ms', '<', parseTime('to', to, o.timeZone));
  if (cursor) query = query.where('id', '<', cursor);
  const rows = await query.orderBy('id', 'desc').limit(o.limit + 1).execute();
  const page = rows.slice(0, o.limit);
  return {
    entries: page.map((r) => ({
      id: r.id, at: isoOf(r.at_ms)!, actor: r.actor, role: r.role ?? null, action: r.action, target: r.target, rows: r.rows === null ? null : Number(r.rows),
      address: r.address, outcome: r.outcome, detail: detailOf(r.detail),
    })),
    nextCursor: rows.length > o.limit ? page[page.length - 1]!.id : null,
  };
}
