// The credential on every read and change, and who it names. Three credentials:
// - `Authorization: Bearer <AFTERCARE_ADMIN_TOKEN>`: the bootstrap owner (person `admin`), always able
//   to recover access; only a hash of the token is kept.
// - `Authorization: Bearer ak_…`: an API key with scopes (store/people.ts keeps its hash).
// - the dashboard's session cookie (http/session.ts): a person with a role.
// Hono's bearerAuth parses the header and answers 401 with `WWW-Authenticate: Bearer`; the
// comparison is ours because only hashes may be kept. Wrong credentials are throttled per address,
// across instances on PostgreSQL (http/limits.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import type { Kysely } from 'kysely';
import { keyBySecret, keyUsed, personById } from '../store/people.ts';
import type { Database } from '../store/schema.ts';
import { setPrincipal, type Principal } from './access.ts';
import { authenticate } from './audit.ts';
import { clientAddress, retryAfterSeconds } from './client.ts';
import { forget, limiter, type LimitStore } from './limits.ts';

export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * Checks a presented token against the SHA-256 of the real one. Both sides are 32-byte digests, so
 * `timingSafeEqual` runs in constant time whatever the presented length.
 */
export function tokenVerifier(hash: Buffer): (token: string) => boolean {
  return (token) => timingSafeEqual(sha256(token), hash);
}

/** More than this many wrong credentials a minute from one address get 429. */
export const MAX_FAILED_LOGINS = 10;

const unauthorized = (error: string) => () =>
  new Response(JSON.stringify({ error }), { status: 401, headers: { 'content-type': 'application/json; charset=utf-8' } });

/** The bootstrap owner as the admin token presents them. */
async function adminPrincipal(db: Kysely<Database>): Promise<Principal> {
  const p = await personById(db, 'admin');
  return { kind: 'person', id: 'admin', name: p?.name ?? 'Owner (admin token)', email: p?.email ?? null, role: 'owner', team: null, limit: null, via: 'token' };
}

/**
 * `requireAdmin` (the name kept from when one token opened everything): 401 without a valid
 * credential, and 429 (with `Retry-After`) once an address sent more than 10 wrong ones within a
 * minute. A missing header is not counted (a dashboard that has not signed in yet), a wrong or
 * malformed one is, and so is a forged session cookie.
 */
export function adminAuth({
  db,
  verify,
  trustProxy,
  session,
  onRefused,
  store = {},
  now = Date.now,
}: {
  db: Kysely<Database>;
  verify: (token: string) => boolean;
  /** A request refused for want of a valid credential (401 or 429): counted, never in the audit log. */
  onRefused?: () => void;
  trustProxy: boolean;
  /** The session cookie's person (http/session.ts); `unknown` for a cookie no session of ours carries. */
  session?: (c: Context) => Promise<Principal | 'unknown' | null>;
  store?: LimitStore;
  now?: () => number;
}) {
  const fresh = () => limiter(store, 'signin:', MAX_FAILED_LOGINS, 60);
  let failures = fresh();
  /** The principal of a bearer token, or null: the admin token, or a live API key. */
  const bearer = async (token: string): Promise<Principal | null> => {
    if (token.startsWith('ak_')) {
      const key = await keyBySecret(db, token);
      if (!key) return null;
      await keyUsed(db, key.id, now());
      return { kind: 'key', id: key.id, name: key.name, scopes: key.scopes };
    }
    return verify(token) ? adminPrincipal(db) : null;
  };
  const auth = bearerAuth({
    verifyToken: async (token, c) => {
      const p = await bearer(token);
      if (p) c.set('bearer-principal' as never, p as never);
      return p !== null;
    },
    noAuthenticationHeader: { message: unauthorized('authorization: expected `Authorization: Bearer <token>` (the admin token or an API key), or a dashboard session') },
    invalidAuthenticationHeader: { message: unauthorized('authorization: expected `Bearer <token>`') },
    invalidToken: { message: unauthorized('authorization: the token is not valid') },
  });
  /** Seconds to wait when this address sent too many wrong credentials, else null. */
  const throttled = async (c: Context) => {
    const seen = await failures.get(clientAddress(c, trustProxy));
    return seen && seen.consumedPoints >= MAX_FAILED_LOGINS ? retryAfterSeconds(seen.msBeforeNext) : null;
  };
  const tooMany = (c: Context, wait: string) => {
    c.header('Retry-After', wait);
    return c.json({ error: 'authorization: too many wrong credentials from this address; try again later' }, 429);
  };
  const admit = (c: Context, p: Principal) => {
    setPrincipal(c, p);
    authenticate(c, p);
  };
  const requireAdmin: MiddlewareHandler = async (c, next) => {
    const key = clientAddress(c, trustProxy);
    const wait = await throttled(c);
    if (wait) {
      onRefused?.();
      return tooMany(c, wait);
    }
    const who = !c.req.header('authorization') && session ? await session(c) : null;
    // A cookie no session of ours carries is a guessed credential: it counts like a wrong token.
    if (who === 'unknown') {
      onRefused?.();
      await failures.penalty(key, 1);
      return c.json({ error: 'authorization: the session is not valid; sign in again' }, 401);
    }
    if (who) {
      admit(c, who);
      return next();
    }
    try {
      await auth(c, async () => {
        admit(c, c.get('bearer-principal' as never) as Principal);
        await next();
      });
    } catch (e) {
      if (e instanceof HTTPException && e.status === 401) onRefused?.();
      if (e instanceof HTTPException && e.status === 401 && c.req.header('authorization')) await failures.penalty(key, 1);
      throw e;
    }
  };
  /**
   * A token presented on the sign-in form: the same check and the same throttle as a bearer token.
   * Answers null when it is right, else the response to send (401, or 429 with Retry-After).
   */
  const signIn = async (c: Context, token: unknown): Promise<Response | null> => {
    const wait = await throttled(c);
    if (wait) return tooMany(c, wait);
    if (typeof token === 'string' && token.length > 0 && token.length <= 4096 && verify(token)) return null;
    await failures.penalty(clientAddress(c, trustProxy), 1);
    return c.json({ error: 'token: the token is not valid' }, 401);
  };
  /** A wrong one-use code or passkey from this address counts toward the same throttle. */
  const failed = async (c: Context) => void (await failures.penalty(clientAddress(c, trustProxy), 1));
  /** Forgets every address's failures (test hook: "a minute passed"). */
  const reset = () => forget(store, 'signin:', () => void (failures = fresh()));
  return { requireAdmin, signIn, throttled, tooMany, failed, reset };
}
