// Conditional GET for the read routes the dashboard polls: a weak ETag made from the change counter
// (store/changes.ts, one indexed row) and what else the answer depends on, found before the handler
// runs, so an unchanged view answers 304 Not Modified without counting anything. It sits after the
// credential and permission checks (the fourth of the read guards), so a 304 never answers a request
// that would get 401 or 403.
//
// The counter is read first and the data after: a change landing in between gives a tag older than the
// data it is sent with, and the next poll fetches again. The reverse order could pin stale data to a
// new tag until the next change.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { readChanges } from '../store/changes.ts';
import type { Database } from '../store/schema.ts';
import { principalOf } from './access.ts';

/**
 * The conditional routes. `clock`: the answer moves with the clock as well as the data (a default `to`
 * of now, deadlines and overdue counts, the current wave, rising terms), so the tag also changes each
 * minute. People, keys and `/v1/me` are not here: they show when each was last seen or used, which
 * moves with every request and not with the counter.
 */
export const CONDITIONAL: ReadonlyArray<{ path: string; clock: boolean }> = [
  { path: '/v1/summary', clock: true },
  { path: '/v1/drivers', clock: false },
  { path: '/v1/responses', clock: false },
  { path: '/v1/cases', clock: true },
  { path: '/v1/cases/:id', clock: true },
  { path: '/v1/channels', clock: false },
  { path: '/v1/themes', clock: true },
  { path: '/v1/themes/series', clock: true },
  { path: '/v1/themes/tone', clock: true },
  { path: '/v1/invitations/summary', clock: false },
  { path: '/v1/invitations', clock: false },
  { path: '/v1/deliveries', clock: false },
  { path: '/v1/deliveries/:id', clock: true },
  { path: '/v1/mail', clock: false },
  { path: '/v1/webhooks', clock: false },
  { path: '/v1/scorecards', clock: true },
  { path: '/v1/scorecards/me', clock: true },
  { path: '/v1/followup/rules', clock: false },
  { path: '/v1/calendars', clock: false },
];
const compiled = CONDITIONAL.map((r) => ({ ...r, re: new RegExp(`^${r.path.replace(/:[a-z]+/g, '[^/]+')}$`) }));
/** The conditional route a path is (GET), or undefined. */
export const conditionalOf = (path: string) => compiled.find((r) => r.re.test(path));

/** `Cache-Control` of a tagged answer: kept by the reader's browser only, and asked again before each use. */
export const REVALIDATE = 'private, no-cache';

export interface ConditionalOptions {
  db: Kysely<Database>;
  /** The collector's clock (the test hooks move it). */
  now: () => number;
  /** What the answers depend on besides the data: the version and the settings (time zone, tiers, invitations…). */
  setup: () => string;
  /** In-memory parts of an answer, by route path (the summary's `collector` counters). */
  memory?: Record<string, () => unknown>;
}

/** The query's parameters sorted by name (stably: the order of one name's values is kept, as a route may read the first). */
export function sortedQuery(search: string): string {
  const pairs = [...new URLSearchParams(search)];
  return JSON.stringify(pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** Whether `If-None-Match` names `tag` (weak comparison, RFC 9110 §13.1.2: `W/` aside; `*` names any). */
export function matches(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  const bare = tag.replace(/^W\//, '');
  return header.split(',').some((t) => {
    const v = t.trim();
    return v === '*' || v.replace(/^W\//, '') === bare;
  });
}

/**
 * The read guards' last step. On a conditional route's GET: the tag of (counter, method, path, sorted
 * query, the reader, the minute where the clock matters, the setup, in-memory parts); 304 when the
 * request's `If-None-Match` names it, else the handler, and a 200 carries the tag. Any other request passes.
 *
 * A 304 is not audited (http/audit.ts): it sends nothing, and the 200 it stands for was recorded when
 * it was sent.
 */
export function conditional(o: ConditionalOptions): MiddlewareHandler {
  return async (c, next) => {
    const route = c.req.method === 'GET' ? conditionalOf(c.req.path) : undefined;
    if (!route) return next();
    const url = new URL(c.req.url);
    const parts = [
      await readChanges(o.db),
      c.req.method,
      c.req.path,
      sortedQuery(url.search),
      // Every reader their own tag: the same query answers an agent, a limited manager and a key differently.
      JSON.stringify(principalOf(c) ?? null),
      route.clock ? String(Math.floor(o.now() / 60_000)) : '',
      o.setup(),
      JSON.stringify(o.memory?.[route.path]?.() ?? null),
    ];
    const tag = `W/"${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 22)}"`;
    if (matches(c.req.header('if-none-match'), tag)) return c.body(null, 304, { etag: tag, 'cache-control': REVALIDATE });
    await next();
    if (c.res.status === 200) {
      c.res.headers.set('etag', tag);
      c.res.headers.set('cache-control', REVALIDATE);
    }
  };
}
