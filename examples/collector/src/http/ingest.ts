// POST /v1/responses: the edge in front of ingest. CORS for the configured origins only (other origins
// get 403 and nothing is stored), the test-only faults, the rate limit, JSON or a beacon's text, the
// body limit; then ingest/ingest.ts validates, verifies and stores.
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { Kysely } from 'kysely';
import { ingest, type Stats } from '../ingest/ingest.ts';
import type { Loop } from '../store/cases.ts';
import type { Database } from '../store/schema.ts';
import { jsonOrBeacon, maxBody } from './limits.ts';

export interface IngestRouteOptions {
  db: Kysely<Database>;
  stats: Stats;
  now: () => number;
  deliveryKey?: Uint8Array | undefined;
  loop: Omit<Loop, 'now'>;
  salt: string;
  redact?: ((comment: string) => string) | undefined;
  /** True when a browser on `origin` may post here (same origin, or AFTERCARE_ORIGINS). */
  allowedOrigin: (origin: string, c: Context) => boolean;
  /** The rate limit of answers per client address. */
  limit: MiddlewareHandler;
  /** The fault middleware, with test flags only. */
  faults?: MiddlewareHandler | undefined;
  /** A commit wrote webhook events: wake the worker. */
  onEvents: () => void;
}

/** 403 naming the origin when a browser on another, unlisted origin posts. */
export const refuseOrigin = (allowedOrigin: IngestRouteOptions['allowedOrigin']): MiddlewareHandler => async (c, next) => {
  const origin = c.req.header('origin');
  if (origin && !allowedOrigin(origin, c)) return c.json({ error: `origin: ${origin} is not allowed; add it to AFTERCARE_ORIGINS` }, 403);
  await next();
};

/** CORS for posting from the allowed origins (answers, forget requests), `Retry-After` readable. */
export const postCors = (allowedOrigin: IngestRouteOptions['allowedOrigin']) =>
  cors({ origin: (origin, c) => (allowedOrigin(origin, c) ? origin : null), allowMethods: ['POST', 'OPTIONS'], allowHeaders: ['Content-Type'], exposeHeaders: ['Retry-After'], maxAge: 86400 });

export function ingestRoutes(app: Hono, o: IngestRouteOptions) {
  const refuse = refuseOrigin(o.allowedOrigin);
  const corsFor = postCors(o.allowedOrigin);
  app.options('/v1/responses', refuse, corsFor);
  app.post(
    '/v1/responses',
    async (c, next) => {
      o.stats.requests++;
      await next();
    },
    refuse,
    corsFor,
    ...(o.faults ? [o.faults] : []),
    o.limit,
    jsonOrBeacon,
    maxBody,
    async (c) => {
      const text = await c.req.text();
      c.set('bodyBytes' as never, Buffer.byteLength(text) as never);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return c.json({ error: 'body: expected JSON such as {"responses": [...]}' }, 400);
      }
      const result = await ingest(o.db, json, { deliveryKey: o.deliveryKey, stats: o.stats, now: new Date(o.now()), loop: o.loop, salt: o.salt, redact: o.redact });
      if (result.events) o.onEvents();
      c.set('ingested' as never, result as never);
      return c.json(result.body, result.status);
    },
  );
}
