import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';

/**
 * The client's address, the key of the rate limits. Behind a proxy (`AFTERCARE_TRUST_PROXY`), the
 * right-most `X-Forwarded-For` entry: the one the proxy itself appended, which a client cannot forge
 * (entries to its left are whatever the client sent).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = c.req.header('x-forwarded-for');
    const last = xff?.split(',').map((s) => s.trim()).filter(Boolean).pop();
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Not behind @hono/node-server (app.request() in tests): one shared bucket.
    return 'local';
  }
}

/** True when the request's Origin is this server's own (scheme + Host header). */
export function sameOrigin(c: Context): boolean {
  const origin = c.req.header('origin');
  const host = c.req.header('host');
  return !!host && (origin === `http://${host}` || origin === `https://${host}`);
}

/** 403 naming the origin for any request whose Origin is not this server's own; `why` says what to do instead. */
export function sameOriginOnly(why: (origin: string) => string): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin && !sameOrigin(c)) return c.json({ error: `origin: ${why(origin)}` }, 403);
    await next();
  };
}

/** A limiter's wait as a `Retry-After` value: whole seconds, rounded up, at least 1. */
export const retryAfterSeconds = (ms: number) => String(Math.max(1, Math.ceil(ms / 1000)));

/** The first zod issue as the collector's 400: `{ error: "field.path: what is expected" }` (`body` for the whole). */
export const firstIssue = (issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>) => {
  const issue = issues[0]!;
  return { error: `${issue.path.length ? issue.path.join('.') : 'body'}: ${issue.message}` };
};

const sameSiteOnly = csrf({ origin: (_origin, c) => sameOrigin(c) });
/**
 * hono/csrf for a request that a browser could have sent with the session cookie; a request with an
 * Authorization header (the admin token or a key, from a server's curl) carries its own credential,
 * which no other site can make a browser send, so it may omit Origin and Content-Type.
 */
export const cookieCsrf: MiddlewareHandler = async (c, next) => (c.req.header('authorization') ? next() : sameSiteOnly(c, next));
