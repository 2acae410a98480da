// Moves the change counter (store/changes.ts) after a request that changed something: so every
// conditional read (http/etag.ts) answers afresh, without each route knowing about tags.
//
// After the handler is enough: a handler awaits its transactions before it answers, so the change is
// committed when the counter moves, and the counter moves before the response leaves. A poll between
// the commit and the bump reads the old counter with the new data, and the next poll fetches again.
import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { bumpChanges } from '../store/changes.ts';
import type { Database } from '../store/schema.ts';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/**
 * Requests that change nothing a conditional read shows, or move the counter themselves: the answers
 * (storeBatch bumps in its own transaction, and a second bump per batch would only slow ingest), the
 * widget's "answered already?" question, and signing in and out (sessions, passkeys and last-seen
 * times, shown only by routes that are not conditional).
 */
const SKIP = /^\/(v1\/responses|v1\/answered|dashboard\/(session|signin\/[^/]+|passkeys\/[^/]+\/[^/]+))$/;

/** Bumps the counter after a POST, PUT, PATCH or DELETE that was not refused (2xx, 3xx or 5xx). */
export function bumpAfterChange(db: Kysely<Database>): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!CHANGES.has(c.req.method) || SKIP.test(c.req.path)) return;
    // A 4xx changed nothing (refused before any write); a 5xx may follow a committed part, so it moves too.
    const status = c.res.status;
    if (status >= 400 && status < 500) return;
    try {
      await bumpChanges(db);
    } catch (e) {
      // The change is committed: failing its response would make the client do it again. Dashboards see
      // it at the next change, or the next minute on the routes that follow the clock.
      console.error('[aftercare collector] change counter:', (e as Error).message);
    }
  };
}
