// The webhook routes for the dashboard: endpoints with their recent deliveries, re-send one, enable an
// endpoint a 410 disabled. The read guards: the credential (or the SameSite=Strict session cookie) and
// this origin only (a cross-site form post carries its Origin and is refused). The routes take no body.
import type { Guards } from './access.ts';
import type { Hono, MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { limitOf } from '../read/lists.ts';
import { enableEndpoint, listWebhooks, resend } from '../read/webhooks.ts';
import type { Database } from '../store/schema.ts';

export interface WebhookRouteOptions {
  db: Kysely<Database>;
  endpoints: readonly string[];
  now: () => number;
  onEvents: () => void;
  read: Guards;
}

export function webhookRoutes(app: Hono, o: WebhookRouteOptions) {
  app.get('/v1/webhooks', ...o.read, async (c) => c.json(await listWebhooks(o.db, o.endpoints, limitOf(c.req.query('limit') ?? '20'))));
  app.post('/v1/webhooks/:endpoint/deliveries/:event/resend', ...o.read, async (c) => {
    const d = await resend(o.db, c.req.param('endpoint'), c.req.param('event'), o.now());
    if (!d) return c.json({ error: `event: no delivery of ${c.req.param('event')} to ${c.req.param('endpoint')}` }, 404);
    o.onEvents();
    return c.json(d);
  });
  app.post('/v1/webhooks/:endpoint/enable', ...o.read, async (c) => {
    if (!o.endpoints.includes(c.req.param('endpoint')) || !(await enableEndpoint(o.db, c.req.param('endpoint'), o.now()))) {
      return c.json({ error: `endpoint: no configured endpoint ${c.req.param('endpoint')}` }, 404);
    }
    o.onEvents();
    return c.json({ id: c.req.param('endpoint'), disabled: false });
  });
}
