// The dashboard's sign-in: the admin token, posted once from the sign-in form, becomes an HttpOnly,
// SameSite=Strict session cookie (Secure over https) with an expiry; the token itself is never kept by
// the browser. Only a SHA-256 of each session id is stored (dashboard_sessions), so a copy of the
// database holds no usable session. Sign-out deletes the session on the server.
//
// CSRF: the cookie is SameSite=Strict (a cross-site request never carries it); sign-in and sign-out
// take only JSON or no body (a cross-site form cannot send either without a CORS preflight, which
// reads never get); and hono/csrf refuses an unsafe request whose Origin / Sec-Fetch-Site is not ours.
import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import type { Kysely } from 'kysely';
import { expiredSessions } from '../store/derived.ts';
import type { Database } from '../store/schema.ts';
import { sha256 } from './auth.ts';
import { sameOrigin, sameOriginOnly } from './client.ts';
import { mediaType } from './limits.ts';

export const SESSION_COOKIE = 'aftercare_session';
/** How long a dashboard session lasts: a working day. */
export const SESSION_HOURS = 12;

const idHash = (id: string) => sha256(id).toString('hex');

/** https, directly or (with AFTERCARE_TRUST_PROXY) as the proxy says. */
function overHttps(c: Context, trustProxy: boolean): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return trustProxy && (c.req.header('x-forwarded-proto') ?? '').split(',')[0]!.trim().toLowerCase() === 'https';
}

export interface SessionOptions {
  db: Kysely<Database>;
  trustProxy: boolean;
  timeZone: string;
  /** The sign-in check with its throttle (http/auth.ts): null when the token is right. */
  signIn: (c: Context, token: unknown) => Promise<Response | null>;
  now?: () => number;
  /** Records a sign-in or sign-out in the audit trail. */
  audit?: (c: Context, action: string, outcome: string, actor: string) => Promise<void>;
  /** A refused sign-in (counted, not recorded: it carried no valid credential). */
  onRefused?: () => void;
  /**
   * A fingerprint of the admin credential in force: a session is bound to the one that made it, so a
   * changed AFTERCARE_ADMIN_TOKEN ends every session made with the old one.
   */
  credential: string;
}

export function dashboardSessions(o: SessionOptions) {
  const now = o.now ?? Date.now;

  /**
   * The live session this request's cookie names; `unknown` when the cookie names no session this
   * collector made (forged or guessed); null without a cookie, or when its session ended (expired, or
   * made with another admin credential).
   */
  async function current(c: Context): Promise<{ expiresAt: string; hash: string } | 'unknown' | null> {
    const id = getCookie(c, SESSION_COOKIE);
    if (id === undefined) return null;
    if (!id || id.length > 100) return 'unknown';
    const hash = idHash(id);
    const row = await o.db.selectFrom('dashboard_sessions').select(['expires_at', 'credential']).where('id_sha256', '=', hash).executeTakeFirst();
    if (!row) return 'unknown';
    return row.credential === o.credential && row.expires_at > new Date(now()).toISOString() ? { expiresAt: row.expires_at, hash } : null;
  }
  const live = async (c: Context) => {
    const s = await current(c);
    return s === 'unknown' ? null : s;
  };

  /** The audit's name for a session: a prefix of its stored hash (which cannot be turned back into the cookie). */
  const label = (hash: string) => `session ${hash.slice(0, 8)}`;

  /** For adminAuth: a request with a live session cookie counts as signed in, as that session. */
  const valid = async (c: Context): Promise<string | 'unknown' | null> => {
    const s = await current(c);
    return s === 'unknown' ? s : s ? label(s.hash) : null;
  };

  const guard = csrf({ origin: (_origin, c) => sameOrigin(c) });
  const refuseCrossOrigin = sameOriginOnly((origin) => `the dashboard signs in from its own origin only (${origin})`);

  function routes(app: Hono) {
    app.get('/dashboard/session', refuseCrossOrigin, async (c) => {
      const s = await live(c);
      return s ? c.json({ expiresAt: s.expiresAt, timeZone: o.timeZone }) : c.json({ error: 'session: not signed in' }, 401);
    });
    app.post('/dashboard/session', refuseCrossOrigin, guard, async (c) => {
      if (mediaType(c) !== 'application/json') return c.json({ error: 'content-type: expected application/json with {"token": "…"}' }, 415);
      let body: { token?: unknown };
      try {
        body = (await c.req.json()) as { token?: unknown };
      } catch {
        return c.json({ error: 'body: expected JSON such as {"token": "…"}' }, 400);
      }
      const refused = await o.signIn(c, body?.token);
      if (refused) {
        o.onRefused?.();
        return refused;
      }
      const id = randomBytes(32).toString('base64url');
      const created = now();
      const expiresAt = new Date(created + SESSION_HOURS * 3_600_000).toISOString();
      await expiredSessions(o.db, new Date(created).toISOString());
      await o.db.insertInto('dashboard_sessions').values({ id_sha256: idHash(id), created_at: new Date(created).toISOString(), expires_at: expiresAt, credential: o.credential }).execute();
      setCookie(c, SESSION_COOKIE, id, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: overHttps(c, o.trustProxy),
        path: '/',
        maxAge: SESSION_HOURS * 3600,
        expires: new Date(expiresAt),
      });
      await o.audit?.(c, 'signin', 'done', label(idHash(id)));
      return c.body(null, 204);
    });
    app.delete('/dashboard/session', refuseCrossOrigin, guard, async (c) => {
      const id = getCookie(c, SESSION_COOKIE);
      if (id && id.length <= 100) {
        const n = await o.db.deleteFrom('dashboard_sessions').where('id_sha256', '=', idHash(id)).executeTakeFirst();
        if (Number(n.numDeletedRows) > 0) await o.audit?.(c, 'signout', 'done', label(idHash(id)));
      }
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: overHttps(c, o.trustProxy), httpOnly: true, sameSite: 'Strict' });
      return c.body(null, 204);
    });
  }

  return { valid, routes };
}
