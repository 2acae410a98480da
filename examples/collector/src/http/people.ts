// The team's routes: people (invite, role, team, limit, remove, their sessions), API keys, who am I,
// and the list a case's owner is chosen from. Every change ends what it must at once: a person removed
// or given another role or limit loses their sessions. Changes are audited by who made them.
import type { Guards } from './access.ts';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { createKey, createPerson, INVITE_MS, listKeys, listPeople, newLink, pendingInvitations, personById, removePerson, revokeKey, teams, updatePerson, type Person } from '../store/people.ts';
import type { Database } from '../store/schema.ts';
import { ROLES, SCOPES, who } from './access.ts';
import { noteAudit } from './audit.ts';
import { cookieCsrf, firstIssue } from './client.ts';
import { mediaType } from './limits.ts';
import type { Sessions } from './session.ts';

const email = z.email({ error: 'expected an e-mail address' }).max(254, 'expected an e-mail address of at most 254 characters');
const label = (max: number, what: string) => z.string({ error: `expected ${what}` }).trim().min(1, `expected ${what}`).max(max, `expected ${what} of at most ${max} characters`);
const LimitSchema = z.strictObject(
  {
    key: z.string({ error: 'expected a meta key' }).regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected a meta key of 1–64 letters, digits, _ . or -'),
    values: z.array(z.string().min(1, 'expected a value').max(500, 'expected a value of at most 500 characters'), { error: 'expected a list of values' }).min(1, 'expected at least one value').max(50, 'expected at most 50 values'),
  },
  { error: 'expected {"key": "store", "values": ["Berlin"]}' },
);
const role = z.enum(ROLES, { error: `expected one of ${ROLES.join(', ')}` });
export const InviteSchema = z.strictObject({ email, name: label(100, 'a name').optional(), role, team: label(60, 'a team name').nullable().optional(), limit: LimitSchema.nullable().optional() });
export const PersonPatchSchema = z.strictObject({ name: label(100, 'a name').optional(), role: role.optional(), team: label(60, 'a team name').nullable().optional(), limit: LimitSchema.nullable().optional() });
export const KeySchema = z.strictObject({
  name: label(100, 'a name'),
  scopes: z.array(z.enum(SCOPES, { error: `expected scopes among ${SCOPES.join(', ')}` })).min(1, 'expected at least one scope'),
});

export interface PeopleRouteOptions {
  db: Kysely<Database>;
  now: () => number;
  read: Guards;
  sessions: Sessions;
  /** The dashboard's public address (AFTERCARE_PUBLIC_URL) the links in e-mails point to; undefined: the request's own. */
  publicUrl: () => string | undefined;
  /** Sends a team e-mail when SMTP is set up; false when it was not sent (the owner copies the link). */
  sendInvitation: (person: Person, url: string, invitedBy: string) => Promise<boolean>;
  /** A person's passkeys (count), for the People page. */
  /** How many passkeys each of these people has (one query for the People page). */
  passkeyCounts: (personIds: string[]) => Promise<Map<string, number>>;
  listPasskeys: (personId: string) => Promise<unknown[]>;
}

const personJson = (p: Person) => ({
  id: p.id, email: p.email, name: p.name, role: p.role, team: p.team, limit: p.limit,
  createdAt: new Date(p.createdMs).toISOString(), joinedAt: p.joinedMs === null ? null : new Date(p.joinedMs).toISOString(), lastSeenAt: p.lastSeenMs === null ? null : new Date(p.lastSeenMs).toISOString(),
});

/** Parses a JSON body with a schema: the data, or the 400/415 to answer. */
export async function parsed<T>(c: Context, schema: z.ZodType<T>): Promise<T | Response> {
  if (mediaType(c) !== 'application/json') return c.json({ error: 'content-type: expected application/json' }, 415);
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return c.json({ error: 'body: expected JSON' }, 400);
  }
  const r = schema.safeParse(raw);
  return r.success ? r.data : c.json(firstIssue(r.error.issues), 400);
}

export function peopleRoutes(app: Hono, o: PeopleRouteOptions) {
  const { db, read } = o;
  const change = [...read, cookieCsrf] as const;
  const origin = (c: Context) => o.publicUrl() ?? new URL(c.req.url).origin;

  /** A new invitation link for a person: mailed when it can be, else returned to copy. */
  async function invite(c: Context, p: Person) {
    const code = await newLink(db, p.id, 'invite', o.now(), INVITE_MS);
    const url = `${origin(c)}/dashboard/#join=${code}`;
    const by = who(c);
    const sent = p.email ? await o.sendInvitation(p, url, by.kind === 'person' ? (by.email ?? by.name) : by.name) : false;
    return { url, expiresAt: new Date(o.now() + INVITE_MS).toISOString(), sent };
  }

  app.get('/v1/me', ...read, async (c) => {
    const p = who(c);
    if (p.kind === 'key') return c.json({ key: { id: p.id, name: p.name, scopes: p.scopes } });
    const person = await personById(db, p.id);
    if (!person) return c.json({ error: 'person: removed' }, 401);
    return c.json({ person: personJson(person), via: p.via, sessions: await o.sessions.list(c, p.id), passkeys: await o.listPasskeys(p.id) });
  });
  app.delete('/v1/me/sessions/:id', ...change, async (c) => {
    const p = who(c);
    if (p.kind === 'key') return c.json({ error: 'id: a key has no sessions' }, 404);
    noteAudit(c, { target: `session ${c.req.param('id')}` });
    return (await o.sessions.end(p.id, c.req.param('id'))) ? c.body(null, 204) : c.json({ error: `id: no session ${c.req.param('id')} of yours` }, 404);
  });

  app.get('/v1/people', ...read, async (c) => {
    const [people, pending] = await Promise.all([listPeople(db), pendingInvitations(db, o.now())]);
    const passkeys = await o.passkeyCounts(people.map((p) => p.id));
    const rows = await Promise.all(
      people.map(async (p) => ({
        ...personJson(p), passkeys: passkeys.get(p.id) ?? 0, sessions: await o.sessions.list(c, p.id),
        invitation: pending.has(p.id) ? { expiresAt: new Date(pending.get(p.id)!).toISOString() } : null,
      })),
    );
    noteAudit(c, { rows: rows.length });
    return c.json({ people: rows });
  });
  app.post('/v1/people', ...change, async (c) => {
    const body = await parsed(c, InviteSchema);
    if (body instanceof Response) return body;
    noteAudit(c, { target: `person ${body.email.toLowerCase()}`, detail: { role: body.role, team: body.team ?? null, limit: body.limit ?? null } });
    const person = await createPerson(db, { ...body, createdBy: who(c).name, now: o.now() });
    if (!person) return c.json({ error: `email: ${body.email} is already on the team` }, 409);
    return c.json({ person: personJson(person), invitation: await invite(c, person) }, 201);
  });
  app.patch('/v1/people/:id', ...change, async (c) => {
    const id = c.req.param('id');
    const body = await parsed(c, PersonPatchSchema);
    if (body instanceof Response) return body;
    noteAudit(c, { target: `person ${id}`, detail: body });
    const before = await personById(db, id);
    if (!before) return c.json({ error: `id: no person ${id}` }, 404);
    if (id === 'admin' && ((body.role && body.role !== 'owner') || body.limit)) return c.json({ error: 'role: the admin token\'s owner stays an unlimited owner' }, 409);
    const after = (await updatePerson(db, id, body))!;
    // A changed role, team or limit takes effect at once: their sessions end, they sign in again.
    const limits = JSON.stringify(before.limit) !== JSON.stringify(after.limit);
    if (before.role !== after.role || before.team !== after.team || limits) await o.sessions.endAll(id);
    return c.json(personJson(after));
  });
  app.delete('/v1/people/:id', ...change, async (c) => {
    const id = c.req.param('id');
    noteAudit(c, { target: `person ${id}` });
    if (id === 'admin') return c.json({ error: 'id: the admin token\'s owner cannot be removed' }, 409);
    return (await removePerson(db, id, o.now())) ? c.body(null, 204) : c.json({ error: `id: no person ${id}` }, 404);
  });
  app.post('/v1/people/:id/invitation', ...change, async (c) => {
    const id = c.req.param('id');
    noteAudit(c, { target: `person ${id}` });
    const p = await personById(db, id);
    if (!p || !p.email) return c.json({ error: `id: no person ${id} with an e-mail address` }, 404);
    return c.json({ invitation: await invite(c, p) }, 201);
  });
  app.delete('/v1/people/:id/sessions', ...change, async (c) => {
    noteAudit(c, { target: `person ${c.req.param('id')}` });
    const n = await o.sessions.endAll(c.req.param('id'));
    noteAudit(c, { rows: n });
    return c.body(null, 204);
  });

  app.get('/v1/keys', ...read, async (c) => {
    const keys = await listKeys(db);
    return c.json({ keys: keys.map((k) => ({ id: k.id, name: k.name, scopes: k.scopes, createdAt: new Date(k.createdMs).toISOString(), createdBy: k.createdBy, lastUsedAt: k.lastUsedMs === null ? null : new Date(k.lastUsedMs).toISOString() })) });
  });
  app.post('/v1/keys', ...change, async (c) => {
    const body = await parsed(c, KeySchema);
    if (body instanceof Response) return body;
    const { key, secret } = await createKey(db, { name: body.name, scopes: [...new Set(body.scopes)], createdBy: who(c).name, now: o.now() });
    noteAudit(c, { target: `key ${key.id}`, detail: { name: key.name, scopes: key.scopes } });
    return c.json({ key: { id: key.id, name: key.name, scopes: key.scopes, createdAt: new Date(key.createdMs).toISOString(), createdBy: key.createdBy, lastUsedAt: null }, secret }, 201);
  });
  app.delete('/v1/keys/:id', ...change, async (c) => {
    noteAudit(c, { target: `key ${c.req.param('id')}` });
    return (await revokeKey(db, c.req.param('id'), o.now())) ? c.body(null, 204) : c.json({ error: `id: no key ${c.req.param('id')}` }, 404);
  });

  app.get('/v1/assignees', ...read, async (c) => {
    const people = await listPeople(db);
    const assignable = people.filter((p) => p.role !== 'viewer' && p.id !== 'admin');
    return c.json({ people: assignable.map((p) => ({ id: p.id, name: p.name, email: p.email, team: p.team })), teams: await teams(db) });
  });
}
