// The follow-up routes: the queue, one case with its history, and PATCH to move it along. Changes go
// through the same guards as the dashboard's session routes: the admin credential (or session), this
// origin only, JSON only, and hono/csrf.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { z } from 'zod';
import { parseFilter } from '../read/filters.ts';
import { getCase, listCases, parseCaseQuery } from '../read/cases.ts';
import { limitOf } from '../read/lists.ts';
import { patchCase } from '../store/cases.ts';
import type { Database } from '../store/schema.ts';
import type { Kysely } from 'kysely';
import { noteAudit } from './audit.ts';
import { firstIssue, sameOrigin } from './client.ts';
import { mediaType } from './limits.ts';

const text = (max: number, what: string) =>
  z.string({ error: `expected ${what} (text of 1 to ${max} characters)` }).trim().min(1, `expected ${what} (text of 1 to ${max} characters)`).max(max, `expected ${what} of at most ${max} characters`);

export const CasePatchSchema = z.strictObject(
  {
    status: z.enum(['open', 'contacted', 'resolved'], { error: 'expected "open", "contacted" or "resolved"' }).optional(),
    owner: text(100, 'a name').nullable().optional(),
    note: text(4000, 'a note').optional(),
    author: text(100, 'a name').optional(),
  },
  { error: (i) => (i.code === 'unrecognized_keys' ? `expected only status, owner, note and author; got ${i.keys.join(', ')}` : 'expected an object such as {"status": "contacted"}') },
);

export interface CaseRouteOptions {
  db: Kysely<Database>;
  timeZone: string;
  followupMs: number;
  endpoints: () => readonly string[];
  now: () => number;
  /** A commit wrote events: wake the webhook worker. */
  onEvents: () => void;
  read: readonly [MiddlewareHandler, MiddlewareHandler];
}

export function caseRoutes(app: Hono, o: CaseRouteOptions) {
  const guard = csrf({ origin: (_origin, c) => sameOrigin(c) });
  app.get('/v1/cases', ...o.read, async (c: Context) => {
    const q = c.req.queries();
    const page = await listCases(o.db, parseFilter(q, o.timeZone), parseCaseQuery(q), { limit: limitOf(c.req.query('limit')), cursor: c.req.query('cursor') || undefined, now: o.now() });
    noteAudit(c, { rows: page.cases.length });
    return c.json(page);
  });
  app.get('/v1/cases/:id', ...o.read, async (c) => {
    const found = await getCase(o.db, c.req.param('id'), o.now());
    noteAudit(c, { target: `case ${c.req.param('id')}`, rows: found ? 1 : 0 });
    return found ? c.json(found) : c.json({ error: `id: no case ${c.req.param('id')}` }, 404);
  });
  const jsonOnly: MiddlewareHandler = async (c, next) => {
    if (mediaType(c) !== 'application/json') return c.json({ error: 'content-type: expected application/json such as {"status": "contacted"}' }, 415);
    await next();
  };
  app.patch('/v1/cases/:id', ...o.read, jsonOnly, guard, async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return c.json({ error: 'body: expected JSON such as {"status": "contacted"}' }, 400);
    }
    const parsed = CasePatchSchema.safeParse(raw);
    if (!parsed.success) return c.json(firstIssue(parsed.error.issues), 400);
    const p = parsed.data;
    noteAudit(c, { target: `case ${c.req.param('id')}`, rows: 1, detail: { status: p.status, owner: p.owner, note: p.note !== undefined } });
    if (p.status === undefined && p.owner === undefined && p.note === undefined) {
      return c.json({ error: 'body: expected at least one of status, owner and note' }, 400);
    }
    const done = await patchCase(o.db, c.req.param('id'), { ...p, author: p.author ?? 'admin' }, { followupMs: o.followupMs, endpoints: o.endpoints(), now: o.now() });
    if (!done) return c.json({ error: `id: no case ${c.req.param('id')}` }, 404);
    if (done.changed && o.endpoints().length) o.onEvents();
    return c.json(await getCase(o.db, done.case.id, o.now()));
  });
}
