// Numbers per channel over HTTP (admin credential): NPS and CSAT per channel with their intervals, each
// against a baseline channel with its difference tests. An aggregate (no answer's own text or ids), so
// not audited, like the summary.
import { metaLimitOf, type Guards } from './access.ts';
import type { Hono, MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { readChannels } from '../read/channels.ts';
import { CHANNEL, FilterError, parseFilter } from '../read/filters.ts';
import type { Database } from '../store/schema.ts';

export interface ChannelRouteOptions {
  db: Kysely<Database>;
  timeZone: string;
  read: Guards;
}

export function channelRoutes(app: Hono, o: ChannelRouteOptions) {
  app.get('/v1/channels', ...o.read, async (c) => {
    const filter = parseFilter(c.req.queries(), o.timeZone, metaLimitOf(c));
    const baseline = c.req.query('baseline') || undefined;
    if (baseline !== undefined && !CHANNEL.test(baseline)) throw new FilterError('baseline', `a channel id (web, email, sms, link, qr, phone or your own: 1–20 characters a–z, 0–9, _ or -); got "${baseline}"`);
    return c.json(await readChannels(o.db, filter, { baseline }));
  });
}
