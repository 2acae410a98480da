// Recording the audit trail at the edge: `audited(action)` goes in front of a route's credential check,
// so it sees how the request ended. Only requests made with a valid credential are recorded, refusals
// among them (a bad filter, a missing case): a request without one (none, a wrong token, a forged
// session) disclosed nothing, and anyone could fill the log with those, so it is only counted
// (`unauthorized` in the collector's counters, by http/auth.ts).
import type { Context, MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { writeAudit, type AuditEntry } from '../store/audit.ts';
import type { Database } from '../store/schema.ts';
import { actorName, actorRole, type Principal } from './access.ts';
import { clientAddress } from './client.ts';

/** What a handler tells the audit about its request. */
export interface AuditNote {
  target?: string;
  rows?: number;
  detail?: Record<string, unknown>;
  /** The handler recorded it itself (a stream, which ends after the middleware). */
  done?: boolean;
}

export const noteAudit = (c: Context, note: AuditNote) => c.set('audit' as never, { ...((c.get('audit' as never) as AuditNote | undefined) ?? {}), ...note } as never);
const principal = (c: Context) => c.get('actor' as never) as Principal | undefined;
/** Who made the request, as the audit names them: a person's e-mail, `key "name"`, `admin token`. */
export const actorOf = (c: Context) => {
  const p = principal(c);
  return p ? actorName(p) : 'unknown';
};
/** The role (or a key's scopes) the request was made with. */
export const roleOf = (c: Context) => {
  const p = principal(c);
  return p ? actorRole(p) : null;
};
/** Set by the credential check once the request's credential is valid: who it is. */
export const authenticate = (c: Context, p: Principal) => c.set('actor' as never, p as never);
const authenticated = (c: Context) => c.get('actor' as never) !== undefined;

/**
 * A dashboard re-reads its view every 10 s: the same read (same credential or session, same action,
 * same query) is recorded once per this many ms, per process, so the log says who looked at what
 * without a row per poll. Changes, erasures, exports and refusals of a valid credential are always recorded.
 */
export const REPEAT_READ_MS = 10 * 60_000;

/** The read parameters the routes know: kept at the front of the recorded query, so no padding can push them past the cut. */
const KNOWN = /^(from|to|survey|band|csat|q|complete|wave|reason|meta\..*|status|owner|overdue|limit|cursor|order|format|interval|by|sort|action|suppress)$/;

/** The query string with the parameters the routes read first, in their order, then the rest. */
export function knownFirst(search: string): string {
  if (!search) return search;
  const parts = search.slice(1).split('&');
  const name = (p: string) => {
    try {
      return decodeURIComponent(p.split('=')[0]!.replace(/\+/g, ' '));
    } catch {
      return p;
    }
  };
  const known: string[] = [];
  const rest: string[] = [];
  for (const p of parts) (KNOWN.test(name(p)) ? known : rest).push(p);
  return `?${[...known, ...rest].join('&')}`;
}

export function auditor(o: { db: Kysely<Database>; now: () => number; trustProxy: boolean; onUnauthorized?: () => void }) {
  const lastRead = new Map<string, number>();
  /** Records one entry for this request now. */
  const record = (c: Context | null, e: Omit<AuditEntry, 'address' | 'actor'> & { actor?: string }) =>
    writeAudit(o.db, o.now(), {
      ...e, actor: e.actor ?? (c ? actorOf(c) : 'collector'), role: e.role !== undefined ? e.role : e.actor === undefined && c ? roleOf(c) : null,
      address: c ? clientAddress(c, o.trustProxy) : null,
    });

  /** `action`: a name, or a function naming it per request (null: not audited, e.g. POST of answers). */
  const audited = (action: string | ((c: Context) => string | null)): MiddlewareHandler => async (c, next) => {
    const name = typeof action === 'string' ? action : action(c);
    await next();
    if (!name) return;
    const note = (c.get('audit' as never) as AuditNote | undefined) ?? {};
    if (note.done) return;
    const status = c.res.status;
    // 304 Not Modified (http/etag.ts) sends nothing: the 200 it stands for was recorded when it was sent.
    if (status === 304) return;
    // Refused for want of a valid credential: counted by the credential check (http/auth.ts), not recorded.
    if (!authenticated(c)) return;
    let outcome = 'done';
    if (status >= 400) {
      const body = (await c.res.clone().json().catch(() => null)) as { error?: string } | null;
      outcome = `refused: ${status}${body?.error ? ` ${body.error}` : ''}`;
    }
    const search = knownFirst(new URL(c.req.url).search);
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
  /** Counts a request refused for want of a valid credential (not recorded). */
  const unauthorized = () => o.onUnauthorized?.();
  return { record, audited, unauthorized };
}
export type Auditor = ReturnType<typeof auditor>;
