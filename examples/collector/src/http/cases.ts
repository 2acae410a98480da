// The follow-up routes: the queue, one case with its history, and PATCH to move it along. Changes go
// through the same guards as the dashboard's session routes: the admin credential (or session), this
// origin only, JSON only, and hono/csrf.
import type { Guards } from './access.ts';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import { z } from 'zod';
import { FilterError, parseFilter } from '../read/filters.ts';
import { caseVisible, getCase, listCases, parseCaseQuery, type CaseQuery } from '../read/cases.ts';
import { listPeople, personById } from '../store/people.ts';
import { actorName, caseScopeOf, metaLimitOf, who } from './access.ts';
import { limitOf } from '../read/lists.ts';
import { patchCase } from '../store/cases.ts';
import type { Database } from '../store/schema.ts';
import type { Kysely } from 'kysely';
import { noteAudit } from './audit.ts';
import { firstIssue, sameOrigin } from './client.ts';
import { mediaType } from './limits.ts';
import type { TierDefaults } from '../store/clocks.ts';
import { TIERS } from '../store/tiers.ts';

const text = (max: number, what: string) =>
  z.string({ error: `expected ${what} (text of 1 to ${max} characters)` }).trim().min(1, `expected ${what} (text of 1 to ${max} characters)`).max(max, `expected ${what} of at most ${max} characters`);

export const CasePatchSchema = z.strictObject(
  {
    status: z.enum(['open', 'contacted', 'pending', 'resolved'], { error: 'expected "open", "contacted", "pending" (waiting on the customer) or "resolved"' }).optional(),
    pendingReason: text(200, 'why the case waits on the customer').optional(),
    tier: z.enum(TIERS, { error: `expected ${TIERS.join(', ')}` }).optional(),
    owner: z
      .string({ error: 'expected person:<id>, team:<name> or null (GET /v1/assignees lists them)' })
      .regex(/^(person:[A-Za-z0-9-]{1,64}|team:.{1,60})$/, 'expected person:<id>, team:<name> or null (GET /v1/assignees lists them)')
      .nullable()
      .optional(),
    note: text(4000, 'a note').optional(),
    // Older dashboards sent who wrote a note; the author is now the signed-in person, whatever is sent.
    author: z.string().max(100).optional(),
  },
  { error: (i) => (i.code === 'unrecognized_keys' ? `expected only status, pendingReason, tier, owner and note; got ${i.keys.join(', ')}` : 'expected an object such as {"status": "contacted"}') },
);

export interface CaseRouteOptions {
  db: Kysely<Database>;
  timeZone: string;
  followupMs?: number | undefined;
  tiers: TierDefaults;
  endpoints: () => readonly string[];
  now: () => number;
  /** A commit wrote events: wake the webhook worker. */
  onEvents: () => void;
  read: Guards;
}

export function caseRoutes(app: Hono, o: CaseRouteOptions) {
  const guard = csrf({ origin: (_origin, c) => sameOrigin(c) });
  /**
   * The case query as this person may ask it: an agent only ever sees what is assigned to them or
   * their team; `owner=me` asks the same of anyone.
   */
  const scoped = (c: Context): CaseQuery => {
    const q = c.req.queries();
    const me = q.owner?.[0] === 'me';
    const cq = parseCaseQuery(me ? { ...q, owner: [] } : q);
    const p = who(c);
    const mine = p.kind === 'person' ? { person: p.id, team: p.team } : undefined;
    if (me && !mine) throw new FilterError('owner', 'a person (a key has no cases of its own)');
    return { ...cq, assigned: caseScopeOf(c) ?? (me ? mine : undefined) };
  };
  const filterOf = (c: Context) => parseFilter(c.req.queries(), o.timeZone, metaLimitOf(c));
  /** Who each `person:<id>` and `team:<name>` owner is, for `ownerName`. */
  const names = async () => {
    const people = new Map((await listPeople(o.db)).map((p) => [`person:${p.id}`, p.name]));
    return (owner: string | null) => (owner === null ? null : (people.get(owner) ?? (owner.startsWith('team:') ? owner.slice(5) : owner.startsWith('person:') ? 'removed person' : owner)));
  };
  app.get('/v1/cases', ...o.read, async (c: Context) => {
    const page = await listCases(o.db, filterOf(c), scoped(c), { limit: limitOf(c.req.query('limit')), cursor: c.req.query('cursor') || undefined, now: o.now() });
    noteAudit(c, { rows: page.cases.length });
    const name = await names();
    return c.json({ ...page, cases: page.cases.map((k) => ({ ...k, ownerName: name(k.owner) })) });
  });
  /** The case, when this person may see it (else as if there were none: 404). */
  const visible = async (c: Context, id: string) => {
    const cq = { ...scoped(c), statuses: [], owner: undefined, overdue: undefined };
    return caseVisible(o.db, id, filterOf(c), cq, o.now());
  };
  app.get('/v1/cases/:id', ...o.read, async (c) => {
    const id = c.req.param('id');
    const found = (await visible(c, id)) ? await getCase(o.db, id, o.now()) : null;
    noteAudit(c, { target: `case ${id}`, rows: found ? 1 : 0 });
    return found ? c.json({ ...found, ownerName: (await names())(found.owner) }) : c.json({ error: `id: no case ${id}` }, 404);
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
    if (p.status === undefined && p.tier === undefined && p.owner === undefined && p.note === undefined) {
      return c.json({ error: 'body: expected at least one of status, tier, owner and note' }, 400);
    }
    const id = c.req.param('id');
    if (!(await visible(c, id))) return c.json({ error: `id: no case ${id}` }, 404);
    const me = who(c);
    if (p.owner === null && caseScopeOf(c)) return c.json({ error: 'owner: an agent may not unassign a case (a manager can)' }, 403);
    if (p.owner) {
      // An agent takes a case or passes it to their team; assigning anyone else is a manager's.
      const mine = me.kind === 'person' && (p.owner === `person:${me.id}` || (me.team !== null && p.owner === `team:${me.team}`));
      if (caseScopeOf(c) && !mine) return c.json({ error: 'owner: an agent may assign a case only to themselves or their team' }, 403);
      if (p.owner.startsWith('person:')) {
        const person = await personById(o.db, p.owner.slice(7));
        if (!person || person.role === 'viewer') return c.json({ error: `owner: no person ${p.owner.slice(7)} who can take cases` }, 400);
      }
    }
    // The author is whoever is signed in (or the key), never what the request says.
    const done = await patchCase(o.db, id, { status: p.status, pendingReason: p.pendingReason, tier: p.tier, owner: p.owner, note: p.note, author: actorName(me) }, { followupMs: o.followupMs, tiers: o.tiers, endpoints: o.endpoints(), now: o.now() });
    if (!done) return c.json({ error: `id: no case ${id}` }, 404);
    if (done.changed && o.endpoints().length) o.onEvents();
    const after = (await getCase(o.db, done.case.id, o.now()))!;
    return c.json({ ...after, ownerName: (await names())(after.owner) });
  });
}
