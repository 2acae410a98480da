// The admin credential on every read. Hono's bearerAuth parses the header and answers 401 with
// `WWW-Authenticate: Bearer`; the comparison is ours because only a hash of the token may be kept.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { HTTPException } from 'hono/http-exception';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { authenticate } from './audit.ts';
import { clientAddress, retryAfterSeconds } from './client.ts';

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

/**
 * `requireAdmin`: 401 without the right `Authorization: Bearer <AFTERCARE_ADMIN_TOKEN>`, and 429 (with
 * `Retry-After`) once an address sent more than 10 wrong ones within a minute. A missing header is not
 * counted (a dashboard that has not signed in yet), a wrong or malformed one is.
 */
export function adminAuth({
  verify,
  trustProxy,
  session,
  onRefused,
}: {
  verify: (token: string) => boolean;
  /** A request refused for want of a valid credential (401 or 429): counted, never in the audit log. */
  onRefused?: () => void;
  trustProxy: boolean;
  /**
   * The dashboard session cookie, checked when there is no Authorization header: the session's name
   * for the audit (`session 1a2b3c4d`) when it is live; `unknown` when the cookie names no session
   * the collector made (forged, or signed out); null without a cookie, or for a session that ended.
   */
  session?: (c: Context) => Promise<string | 'unknown' | null>;
}) {
  const fresh = () => new RateLimiterMemory({ points: MAX_FAILED_LOGINS, duration: 60 });
  let failures = fresh();
  const auth = bearerAuth({
    verifyToken: (token) => verify(token),
    noAuthenticationHeader: { message: unauthorized('authorization: expected `Authorization: Bearer <AFTERCARE_ADMIN_TOKEN>`') },
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
    // Who it is, for the audit trail (http/audit.ts): the one admin token, or which session.
    if (who) {
      authenticate(c, who);
      return next();
    }
    try {
      await auth(c, async () => {
        authenticate(c, 'admin token');
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
  /** Forgets every address's failures (test hook: "a minute passed"). */
  const reset = () => void (failures = fresh());
  return { requireAdmin, signIn, reset };
}
