// Dashboard sessions: a person signs in (the admin token as the bootstrap owner, a passkey, a one-use
// e-mailed link, an invitation, or single sign-on) and gets an HttpOnly, SameSite=Strict session cookie
// (Secure over https). Only a SHA-256 of each session id is stored (dashboard_sessions), so a copy of
// the database holds no usable session. A session is its person's: removing the person or changing
// their role ends it; 12 hours without a request end it too (the expiry moves with use).
//
// CSRF: the cookie is SameSite=Strict (a cross-site request never carries it); sign-in and sign-out
// take only JSON or no body (a cross-site form cannot send either without a CORS preflight, which
// reads never get); and hono/csrf refuses an unsafe request whose Origin / Sec-Fetch-Site is not ours.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import type { Kysely } from 'kysely';
import { expiredSessions } from '../store/derived.ts';
import { personById, type Person } from '../store/people.ts';
import type { Database } from '../store/schema.ts';
import type { Principal } from './access.ts';
import { sha256 } from './auth.ts';
import { clientAddress, sameOrigin, sameOriginOnly } from './client.ts';
import { mediaType } from './limits.ts';

export const SESSION_COOKIE = 'aftercare_session';
/** A session ends after this many hours without a request: a working day. */
export const SESSION_HOURS = 12;
const IDLE_MS = SESSION_HOURS * 3_600_000;
/** The expiry moves at most once a minute: a dashboard polling every 10 s writes no row per poll. */
const TOUCH_MS = 60_000;
/** How long an ended session's row is kept: a cookie of it is then "signed out", not a forged credential. */
export const ENDED_KEPT_MS = 86_400_000;

export type SignInMethod = 'token' | 'passkey' | 'link' | 'sso' | 'join';

const idHash = (id: string) => sha256(id).toString('hex');

/** https, directly or (with AFTERCARE_TRUST_PROXY) as the proxy says. */
export function overHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && (c.req.header('x-forwarded-proto') ?? '').split(',')[0]!.trim().toLowerCase() === 'https';
}

export interface SessionOptions {
  db: Kysely<Database>;
  trustProxy: boolean;
  timeZone: string;
  /** The admin-token check with its throttle (http/auth.ts): null when the token is right. */
  signIn: (c: Context, token: unknown) => Promise<Response | null>;
  now?: () => number;
  /** Records a sign-in or sign-out in the audit trail. */
  audit?: (c: Context, action: string, outcome: string, actor: string, role?: string) => Promise<void>;
  /** A refused sign-in (counted, not recorded: it carried no valid credential). */
  onRefused?: () => void;
  /**
   * A fingerprint of the admin credential in force: a session made with the admin token is bound to
   * it, so a changed AFTERCARE_ADMIN_TOKEN ends every session the old one made.
   */
  credential: string;
  /** What the sign-in page may offer besides the admin token. */
  offers: () => { sso: boolean; email: boolean };
}

export interface SessionRow {
  id: string;
  method: string;
  createdAt: string;
  lastSeenAt: string | null;
  expiresAt: string;
  address: string | null;
  userAgent: string | null;
}

export function dashboardSessions(o: SessionOptions) {
  const now = o.now ?? Date.now;

  /**
   * The live session this request's cookie names, with its person; `unknown` when the cookie names
   * no session this collector made (forged or guessed); null without a cookie, or when its session
   * ended (idle too long, its person removed, or made with another admin credential).
   */
  async function current(c: Context): Promise<{ hash: string; expiresAt: string; method: string; person: Person } | 'unknown' | null> {
    const id = getCookie(c, SESSION_COOKIE);
    if (id === undefined) return null;
    if (!id || id.length > 100) return 'unknown';
    const hash = idHash(id);
    const row = await o.db.selectFrom('dashboard_sessions').selectAll().where('id_sha256', '=', hash).executeTakeFirst();
    if (!row) return 'unknown';
    const t = now();
    if (row.expires_at <= new Date(t).toISOString()) return null;
    if ((row.method ?? 'token') === 'token' && row.credential !== o.credential) return null;
    const person = await personById(o.db, row.person_id ?? 'admin');
    if (!person) return null;
    let expiresAt = row.expires_at;
    if (t - Number(row.last_seen_ms ?? 0) > TOUCH_MS) {
      expiresAt = new Date(t + IDLE_MS).toISOString();
      await o.db.updateTable('dashboard_sessions').set({ last_seen_ms: t, expires_at: expiresAt }).where('id_sha256', '=', hash).execute();
      await o.db.updateTable('people').set({ last_seen_ms: t }).where('id', '=', person.id).execute();
    }
    return { hash, expiresAt, method: row.method ?? 'token', person };
  }
  const live = async (c: Context) => {
    const s = await current(c);
    return s === 'unknown' ? null : s;
  };

  /** For the credential check: the session's person as a principal, `unknown` for a forged cookie, or null. */
  const valid = async (c: Context): Promise<Principal | 'unknown' | null> => {
    const s = await current(c);
    if (s === 'unknown' || s === null) return s;
    const p = s.person;
    return { kind: 'person', id: p.id, name: p.name, email: p.email, role: p.role, team: p.team, limit: p.limit, via: 'session', session: s.hash.slice(0, 8) };
  };

  /** Starts a session for the person (the cookie on this response); false when the person is gone. */
  async function start(c: Context, personId: string, method: SignInMethod): Promise<boolean> {
    const person = await personById(o.db, personId);
    if (!person) return false;
    const id = randomBytes(32).toString('base64url');
    const t = now();
    const expiresAt = new Date(t + IDLE_MS).toISOString();
    // Ended sessions stay a day, so their cookie reads as ended (401) and not as forged (throttled).
    await expiredSessions(o.db, new Date(t - ENDED_KEPT_MS).toISOString());
    await o.db
      .insertInto('dashboard_sessions')
      .values({
        id_sha256: idHash(id), created_at: new Date(t).toISOString(), expires_at: expiresAt, credential: method === 'token' ? o.credential : null,
        person_id: person.id, method, last_seen_ms: t, address: clientAddress(c, o.trustProxy).slice(0, 100), user_agent: (c.req.header('user-agent') ?? '').slice(0, 300) || null, label: randomUUID(),
      })
      .execute();
    await o.db.updateTable('people').set({ last_seen_ms: t }).where('id', '=', person.id).execute();
    setCookie(c, SESSION_COOKIE, id, { httpOnly: true, sameSite: 'Strict', secure: overHttps(c, o.trustProxy), path: '/', maxAge: SESSION_HOURS * 3600 });
    const actor = person.id === 'admin' ? `admin token session ${idHash(id).slice(0, 8)}` : (person.email ?? person.name);
    await o.audit?.(c, `signin.${method}`, 'done', actor, person.role);
    return true;
  }

  /** A person's sessions, newest first; `current` marks the one this request came with. */
  async function list(c: Context, personId: string): Promise<Array<SessionRow & { current: boolean }>> {
    const mine = getCookie(c, SESSION_COOKIE);
    const mineHash = mine && mine.length <= 100 ? idHash(mine) : null;
    const rows = await o.db.selectFrom('dashboard_sessions').selectAll().where('person_id', '=', personId).where('expires_at', '>', new Date(now()).toISOString()).orderBy('created_at', 'desc').execute();
    return rows.map((r) => ({
      id: r.label ?? r.id_sha256.slice(0, 16), method: r.method ?? 'token', createdAt: r.created_at, lastSeenAt: r.last_seen_ms == null ? null : new Date(Number(r.last_seen_ms)).toISOString(),
      expiresAt: r.expires_at, address: r.address, userAgent: r.user_agent, current: r.id_sha256 === mineHash,
    }));
  }
  /** Ends one session of a person (by its listed id); false when there is none. */
  async function end(personId: string, sessionId: string): Promise<boolean> {
    const t = new Date(now()).toISOString();
    const n = await o.db.updateTable('dashboard_sessions').set({ expires_at: t }).where('person_id', '=', personId).where('label', '=', sessionId).where('expires_at', '>', t).executeTakeFirst();
    return Number(n.numUpdatedRows) > 0;
  }
  /** Ends every session of a person (removed, or their role or limit changed): their rows say ended. */
  const endAll = async (personId: string) => {
    const t = new Date(now()).toISOString();
    return Number((await o.db.updateTable('dashboard_sessions').set({ expires_at: t }).where('person_id', '=', personId).where('expires_at', '>', t).executeTakeFirst()).numUpdatedRows);
  };

  const guard = csrf({ origin: (_origin, c) => sameOrigin(c) });
  const refuseCrossOrigin = sameOriginOnly((origin) => `the dashboard signs in from its own origin only (${origin})`);
  /** The edge of every sign-in route: this origin only, hono/csrf, and JSON bodies only. */
  const signInEdge: readonly [MiddlewareHandler, MiddlewareHandler, MiddlewareHandler] = [
    refuseCrossOrigin,
    guard,
    async (c, next) => {
      if (mediaType(c) !== 'application/json') return c.json({ error: 'content-type: expected application/json' }, 415);
      await next();
    },
  ];
  /** The JSON body, or a 400 response. */
  const body = async (c: Context): Promise<Record<string, unknown> | Response> => {
    try {
      const b = (await c.req.json()) as unknown;
      if (b && typeof b === 'object' && !Array.isArray(b)) return b as Record<string, unknown>;
    } catch {
      // Answered below.
    }
    return c.json({ error: 'body: expected a JSON object' }, 400);
  };

  function routes(app: Hono) {
    app.get('/dashboard/session', refuseCrossOrigin, async (c) => {
      const s = await live(c);
      const signIn = o.offers();
      if (!s) return c.json({ error: 'session: not signed in', signIn }, 401);
      const p = s.person;
      return c.json({ expiresAt: s.expiresAt, timeZone: o.timeZone, method: s.method, person: { id: p.id, name: p.name, email: p.email, role: p.role, team: p.team, limit: p.limit }, signIn });
    });
    app.post('/dashboard/session', ...signInEdge, async (c) => {
      const b = await body(c);
      if (b instanceof Response) return b;
      const refused = await o.signIn(c, b.token);
      if (refused) {
        o.onRefused?.();
        return refused;
      }
      await start(c, 'admin', 'token');
      return c.body(null, 204);
    });
    app.delete('/dashboard/session', refuseCrossOrigin, guard, async (c) => {
      const id = getCookie(c, SESSION_COOKIE);
      if (id && id.length <= 100) {
        const row = await o.db.selectFrom('dashboard_sessions').select(['person_id']).where('id_sha256', '=', idHash(id)).executeTakeFirst();
        const t = new Date(now()).toISOString();
        const n = await o.db.updateTable('dashboard_sessions').set({ expires_at: t }).where('id_sha256', '=', idHash(id)).where('expires_at', '>', t).executeTakeFirst();
        if (Number(n.numUpdatedRows) > 0) {
          const person = await personById(o.db, row?.person_id ?? 'admin');
          await o.audit?.(c, 'signout', 'done', person ? (person.id === 'admin' ? `admin token session ${idHash(id).slice(0, 8)}` : (person.email ?? person.name)) : 'removed person', person?.role);
        }
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: overHttps(c, o.trustProxy), httpOnly: true, sameSite: 'Strict' });
      return c.body(null, 204);
    });
  }

  return { valid, start, current: async (c: Context) => (await live(c))?.person ?? null, list, end, endAll, routes, signInEdge, body };
}
export type Sessions = ReturnType<typeof dashboardSessions>;
