// Recording the audit trail at the edge: `audited(action)` goes in front of a route's credential check,
// so it sees how the request ended, refusals included. A refusal of a request that presented no
// credential at all is not recorded: anyone could fill the log with those, and nothing was disclosed.
import type { Context, MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { writeAudit, type AuditEntry } from '../store/audit.ts';
import type { Database } from '../store/schema.ts';
import { clientAddress } from './client.ts';
import { SESSION_COOKIE } from './session.ts';

/** What a handler tells the audit about its request. */
export interface AuditNote {
  target?: string;
  rows?: number;
  detail?: Record<string, unknown>;
  /** The handler recorded it itself (a stream, which ends after the middleware). */
  done?: boolean;
}

export const noteAudit = (c: Context, note: AuditNote) => c.set('audit' as never, { ...((c.get('audit' as never) as AuditNote | undefined) ?? {}), ...note } as never);
export const actorOf = (c: Context) => (c.get('actor' as never) as string | undefined) ?? 'unknown';

/**
 * A dashboard re-reads its view every 10 s: the same read (same credential or session, same action,
 * same query) is recorded once per this many ms, per process, so the log says who looked at what
 * without a row per poll. Changes, erasures, exports and refusals are always recorded.
 */
export const REPEAT_READ_MS = 10 * 60_000;

export function auditor(o: { db: Kysely<Database>; now: () => number; trustProxy: boolean }) {
  const lastRead = new Map<string, number>();
  /** Records one entry for this request now. */
  const record = (c: Context | null, e: Omit<AuditEntry, 'address' | 'actor'> & { actor?: string }) =>
    writeAudit(o.db, o.now(), { ...e, actor: e.actor ?? (c ? actorOf(c) : 'collector'), address: c ? clientAddress(c, o.trustProxy) : null });

  /** `action`: a name, or a function naming it per request (null: not audited, e.g. POST of answers). */
  const audited = (action: string | ((c: Context) => string | null)): MiddlewareHandler => async (c, next) => {
    const name = typeof action === 'string' ? action : action(c);
    await next();
    if (!name) return;
    const note = (c.get('audit' as never) as AuditNote | undefined) ?? {};
    if (note.done) return;
    const status = c.res.status;
    const presented = !!c.req.header('authorization') || (c.req.header('cookie') ?? '').includes(`${SESSION_COOKIE}=`);
    if (status >= 400 && !presented) return;
    let outcome = 'done';
    if (status >= 400) {
      const body = (await c.res.clone().json().catch(() => null)) as { error?: string } | null;
      outcome = `refused: ${status}${body?.error ? ` ${body.error}` : ''}`;
    }
    const search = new URL(c.req.url).search;
    if (c.req.method === 'GET' && status < 400) {
      const key = `${actorOf(c)}\u0000${name}\u0000${note.target ?? ''}\u0000${search}`;
      const t = o.now();
      const last = lastRead.get(key);
      if (last !== undefined && t - last < REPEAT_READ_MS) return;
      if (lastRead.size > 10_000) lastRead.clear();
      lastRead.set(key, t);
    }
    await record(c, { action: name, target: note.target ?? null, rows: note.rows ?? null, outcome, detail: note.detail ?? (search ? { query: search.slice(1) } : null) });
  };
  return { record, audited };
}
export type Auditor = ReturnType<typeof auditor>;
