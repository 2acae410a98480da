// Abuse limits on posting answers: requests per minute per client address (rate-limiter-flexible's
// in-memory limiter: per instance; behind a load balancer each instance counts its own share).
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { clientAddress, retryAfterSeconds } from './client.ts';

/** Larger bodies get 413; the client splits its batch. Browsers cap beacons at 64 KB anyway. */
export const MAX_BODY_BYTES = 1_000_000;

/** 429 with `Retry-After` (seconds until the window frees a request) once an address used its minute. */
export function postRateLimit({ perMinute, trustProxy, onLimited }: { perMinute: number; trustProxy: boolean; onLimited?: () => void }) {
  const fresh = () => new RateLimiterMemory({ points: perMinute, duration: 60 });
  let limiter = fresh();
  const middleware: MiddlewareHandler = async (c, next) => {
    try {
      await limiter.consume(clientAddress(c, trustProxy));
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      onLimited?.();
      c.header('Retry-After', retryAfterSeconds(e.msBeforeNext));
      return c.json({ error: `rate limit: at most ${perMinute} requests a minute from one address; retry after the Retry-After header's seconds` }, 429);
    }
    await next();
  };
  /** Forgets every address's count (test hook: "the window passed"). */
  const reset = () => void (limiter = fresh());
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
