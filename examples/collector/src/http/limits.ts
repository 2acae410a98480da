// Abuse limits: requests per minute per client address, and the wrong-credential throttle. With
// SQLite (one instance) the counts live in memory; with PostgreSQL they live in the database
// (rate-limiter-flexible's RateLimiterPostgres on the rate_limits table of migration 014), so every
// instance behind a load balancer counts against one budget; an in-memory limiter is its insurance
// while the database cannot answer.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { clientAddress, retryAfterSeconds } from './client.ts';

/** Where limits keep their counts: this process, or PostgreSQL's pool (shared by every instance). */
export type LimitStore = { pool?: pg.Pool | undefined };

/** Forgets the counts under `prefix`: a new in-memory limiter, and the shared rows deleted. */
export async function forget(store: LimitStore, prefix: string, renew: () => void): Promise<void> {
  renew();
  await store.pool?.query('delete from rate_limits where key like $1', [`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`]);
}

/** A limiter of `points` a `duration` (seconds) per key, named by `prefix` in the shared store. */
export function limiter(store: LimitStore, prefix: string, points: number, duration: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration, keyPrefix: prefix });
  if (!store.pool) return memory;
  return new RateLimiterPostgres({
    storeClient: store.pool, storeType: 'pool', tableName: 'rate_limits', tableCreated: true, clearExpiredByTimeout: false,
    keyPrefix: prefix, points, duration, insuranceLimiter: memory,
  });
}

/** Larger bodies get 413; the client splits its batch. Browsers cap beacons at 64 KB anyway. */
export const MAX_BODY_BYTES = 1_000_000;

/** 429 with `Retry-After` (seconds until the window frees a request) once an address used its minute. */
export function postRateLimit({ perMinute, trustProxy, onLimited, store = {}, name = 'post' }: { perMinute: number; trustProxy: boolean; onLimited?: () => void; store?: LimitStore; name?: string }) {
  const fresh = () => limiter(store, `${name}:`, perMinute, 60);
  let limit = fresh();
  const middleware: MiddlewareHandler = async (c, next) => {
    try {
      await limit.consume(clientAddress(c, trustProxy));
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      onLimited?.();
      c.header('Retry-After', retryAfterSeconds(e.msBeforeNext));
      return c.json({ error: `rate limit: at most ${perMinute} requests a minute from one address; retry after the Retry-After header's seconds` }, 429);
    }
    await next();
  };
  /** Forgets every address's count (test hook: "the window passed"). */
  const reset = () => forget(store, `${name}:`, () => void (limit = fresh()));
  return { middleware, reset };
}

/** The request's media type without parameters, lower case: `text/plain;charset=UTF-8` → `text/plain`. */
export const mediaType = (c: Context) => (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

/** `application/json`, or `text/plain` (what `navigator.sendBeacon` sends without a preflight); else 415. */
export const jsonOrBeacon: MiddlewareHandler = async (c, next) => {
  const type = mediaType(c);
  if (type !== 'application/json' && type !== 'text/plain') {
    return c.json({ error: 'content-type: expected application/json or text/plain (beacons)' }, 415);
  }
  await next();
};

export const maxBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  // The rest of the body is not read: close the connection rather than let a client reuse it mid-body.
  onError: (c) => c.json({ error: `body: expected at most ${MAX_BODY_BYTES} bytes; send smaller batches` }, 413, { connection: 'close' }),
});
