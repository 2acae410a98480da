// Deliveries and invitations over HTTP (admin credential): importing deliveries as JSON or CSV, a
// delivery's timeline, cancelling what is scheduled, the invitation figures, the failed sends, and the
// mail preview. Every route here reads or changes personal data (contact fields) and is audited.
import type { Guards } from './access.ts';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Kysely } from 'kysely';
import { checkDeliveries, csvDeliveries, csvError, type DeliveryRejected } from '../ingest/deliveries.ts';
import { channelRates } from '../read/channel-rates.ts';
import { deliveryDetail, getMail, invitationSummary, listDeliveries, listInvitations, listMail, periodOf } from '../read/deliveries.ts';
import { limitOf } from '../read/lists.ts';
import { cancelDelivery, linkCode, storeDeliveries, unsubscribed, type ScheduleSettings } from '../store/deliveries.ts';
import { subjectHashes, suppressedHashes } from '../store/erase.ts';
import type { Database } from '../store/schema.ts';
import { noteAudit, type Auditor } from './audit.ts';
import { mediaType } from './limits.ts';

export interface DeliveryRouteOptions {
  db: Kysely<Database>;
  now: () => number;
  audit: Auditor;
  read: Guards;
  salt: string;
  /** The schedule's settings, minus the clock. */
  schedule: Omit<ScheduleSettings, 'now'>;
  /** AFTERCARE_PUBLIC_URL, for the survey link a delivery's page shows (read when asked: the demo sets it once it listens). */
  publicUrl: () => string | undefined;
  /** An import may have made invitations due: wake the worker. */
  onScheduled: () => void;
  /** AFTERCARE_TZ: the period's dates are days in it. */
  timeZone: string;
  /** Messages are kept in the mail preview (AFTERCARE_MAIL_PREVIEW=1). */
  previewOn?: boolean;
}

/** A thousand deliveries with meta fit in well under 2 MB. */
const MAX_IMPORT_BYTES = 2_000_000;

export function deliveryRoutes(app: Hono, o: DeliveryRouteOptions) {
  const { db, read } = o;
  const byMethod = (names: Record<string, string>) => (c: Context) => names[c.req.method] ?? null;
  app.use('/v1/deliveries', o.audit.audited(byMethod({ GET: 'deliveries.read', POST: 'deliveries.import' })));
  app.use('/v1/deliveries/:id', o.audit.audited(byMethod({ GET: 'delivery.read' })));
  app.use('/v1/deliveries/:id/cancel', o.audit.audited('delivery.cancel'));
  app.use('/v1/invitations', o.audit.audited(byMethod({ GET: 'invitations.read' })));
  app.use('/v1/mail', o.audit.audited(byMethod({ GET: 'mail.read' })));
  app.use('/v1/mail/*', o.audit.audited(byMethod({ GET: 'mail.read' })));

  const limit = bodyLimit({ maxSize: MAX_IMPORT_BYTES, onError: (c) => c.json({ error: `body: expected at most ${MAX_IMPORT_BYTES} bytes; split the import` }, 413) });
  app.post('/v1/deliveries', ...read, limit, async (c) => {
    const type = mediaType(c);
    const now = o.now();
    let json: unknown;
    let rows: number[] | undefined;
    if (type === 'text/csv') {
      const csv = csvDeliveries(await c.req.text());
      if ('error' in csv) return c.json({ error: csv.error }, 400);
      json = csv.body;
      rows = csv.rows;
    } else if (type === 'application/json') {
      try {
        json = JSON.parse(await c.req.text());
      } catch {
        return c.json({ error: 'body: expected JSON such as {"deliveries": [...]}' }, 400);
      }
    } else return c.json({ error: `content-type: expected application/json or text/csv; got "${type || 'none'}"` }, 415);
    const checked = checkDeliveries(json, now);
    if ('error' in checked) return c.json({ error: checked.error }, 400);
    // A customer or delivery erased with suppress=true: the delivery is dropped, as their answers are.
    const keys = (d: { id: string; customerId?: string | undefined }) => subjectHashes(o.salt, d.id, d.customerId);
    const hit = await suppressedHashes(db, checked.good.flatMap(({ d }) => keys(d)));
    const dropped = checked.good.filter(({ d }) => keys(d).some((k) => hit.has(k)));
    const good = checked.good.filter((x) => !dropped.includes(x));
    const refused = good.length ? await storeDeliveries(db, good, { ...o.schedule, now }) : [];
    const suppressed = dropped.map(({ index }) => ({ index, error: `deliveries.${index}: suppressed (this customer or delivery was erased on request; the delivery is dropped)` }));
    const rejected: DeliveryRejected[] = [...checked.rejected, ...suppressed, ...refused]
      .sort((a, b) => a.index - b.index)
      .map((r) => (rows ? { index: r.index, row: rows[r.index]!, error: csvError(r.error) } : r));
    const accepted = good.length - refused.length;
    noteAudit(c, { rows: accepted, detail: { accepted, rejected: rejected.length, format: rows ? 'csv' : 'json' } });
    if (accepted) o.onScheduled();
    return c.json({ accepted, rejected });
  });

  app.get('/v1/deliveries', ...read, async (c) => {
    const page = await listDeliveries(db, { status: c.req.query('status') || undefined, q: c.req.query('q') || undefined, cursor: c.req.query('cursor') || undefined, limit: limitOf(c.req.query('limit')) });
    noteAudit(c, { rows: page.items.length });
    return c.json(page);
  });

  app.get('/v1/deliveries/:id', ...read, async (c) => {
    const id = c.req.param('id');
    const detail = await deliveryDetail(db, id, {
      now: o.now(),
      isUnsubscribed: (d) => unsubscribed(db, o.salt, d),
      // The link to share by hand (channel `link`), made on first use: an id, not a change a customer sees.
      link: async (d, wave) => {
        const base = o.publicUrl();
        return base ? `${base}/s/${await linkCode(db, d.id, wave, 'link', o.now())}` : null;
      },
    });
    noteAudit(c, { target: `delivery ${id}`, rows: detail ? 1 : 0 });
    return detail ? c.json(detail) : c.json({ error: `id: no delivery ${JSON.stringify(id)} is known` }, 404);
  });

  app.post('/v1/deliveries/:id/cancel', ...read, async (c) => {
    const id = c.req.param('id');
    const exists = await db.selectFrom('deliveries').select('id').where('id', '=', id).executeTakeFirst();
    if (!exists) return c.json({ error: `id: no delivery ${JSON.stringify(id)} is known` }, 404);
    const cancelled = await cancelDelivery(db, id, o.now());
    noteAudit(c, { target: `delivery ${id}`, rows: cancelled });
    return c.json({ cancelled });
  });

  app.get('/v1/invitations/summary', ...read, async (c) => {
    const p = periodOf(c.req.query('from'), c.req.query('to'), o.timeZone);
    // With the numbers per channel: each channel's rate, and the deliveries asked and answered at all.
    const [summary, rates] = await Promise.all([invitationSummary(db, p), channelRates(db, p)]);
    return c.json({ ...summary, ...rates });
  });
  app.get('/v1/invitations', ...read, async (c) => {
    const page = await listInvitations(db, { status: c.req.query('status') || 'failed', limit: limitOf(c.req.query('limit')) });
    noteAudit(c, { rows: page.items.length });
    return c.json(page);
  });

  app.get('/v1/mail', ...read, async (c) => {
    const items = await listMail(db, limitOf(c.req.query('limit')));
    noteAudit(c, { rows: items.length });
    return c.json({ enabled: o.schedule.channels.includes('email') && !!o.previewOn, items });
  });
  app.get('/v1/mail/:id', ...read, async (c) => {
    const m = await getMail(db, c.req.param('id'));
    noteAudit(c, { target: `mail ${c.req.param('id')}` });
    if (!m) return c.json({ error: 'id: no such message in the mail preview' }, 404);
    const { html: _html, ...rest } = m;
    return c.json(rest);
  });
  app.get('/v1/mail/:id/html', ...read, async (c) => {
    const m = await getMail(db, c.req.param('id'));
    noteAudit(c, { target: `mail ${c.req.param('id')}` });
    if (!m) return c.json({ error: 'id: no such message in the mail preview' }, 404);
    // Shown in the dashboard's <iframe sandbox>: no script, nothing fetched, framed by this origin only.
    c.header('content-security-policy', "sandbox; default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'");
    c.header('content-type', 'text/html; charset=utf-8');
    return c.body(m.html);
  });
}
