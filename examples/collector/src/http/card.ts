// GET /v1/deliveries/:id/card (admin credential, audited as `delivery.card`): a printable card for a
// delivery, to hand over at the repair or show on a technician's tablet: the merchant's name, a line
// in the delivery's language, the QR code of its survey link for the current wave (channel `qr`, so
// the answer counts for that channel) and the link under it. SVG or PDF, A6 or business-card size.
import type { Guards } from './access.ts';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { cardSvg, type CardFormat, type CardSize } from '../deliver/card.ts';
import { cardPdf } from '../deliver/card-pdf.ts';
import { dirOf, mailLocale, mailStrings } from '../deliver/strings.ts';
import { currentWave } from '../store/plan.ts';
import { linkCode, planOf } from '../store/deliveries.ts';
import type { Database } from '../store/schema.ts';
import { noteAudit, type Auditor } from './audit.ts';

export interface CardRouteOptions {
  db: Kysely<Database>;
  now: () => number;
  audit: Auditor;
  read: Guards;
  /** The invitation settings, read per request: the demo sets `publicUrl` once it listens. */
  invitations: { readonly publicUrl?: string | undefined; readonly brand: { readonly name: string } };
}

const FORMATS: readonly CardFormat[] = ['svg', 'pdf'];
const SIZES: readonly CardSize[] = ['a6', 'card'];

/** A file name a browser keeps as it is: the delivery id with anything else than `[A-Za-z0-9._-]` made `_`. */
const fileName = (id: string, size: CardSize, format: CardFormat) => `aftercare-card-${id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}-${size}.${format}`;

/** The card's query, or the 400 that names what is wrong. */
function options(c: Context): { format: CardFormat; size: CardSize } | { error: string } {
  const format = (c.req.query('format') ?? 'svg') as CardFormat;
  const size = (c.req.query('size') ?? 'a6') as CardSize;
  if (!FORMATS.includes(format)) return { error: `format: expected svg or pdf; got ${JSON.stringify(format)}` };
  if (!SIZES.includes(size)) return { error: `size: expected a6 (105 × 148 mm) or card (85 × 55 mm); got ${JSON.stringify(size)}` };
  return { format, size };
}

export function cardRoutes(app: Hono, o: CardRouteOptions) {
  const { db } = o;
  app.use('/v1/deliveries/:id/card', o.audit.audited('delivery.card'));
  app.get('/v1/deliveries/:id/card', ...o.read, async (c) => {
    const id = c.req.param('id');
    const q = options(c);
    if ('error' in q) return c.json({ error: q.error }, 400);
    const d = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    noteAudit(c, { target: `delivery ${id}`, rows: d ? 1 : 0, detail: { ...q } });
    if (!d) return c.json({ error: `id: no delivery ${JSON.stringify(id)} is known` }, 404);
    const base = o.invitations.publicUrl;
    if (!base) return c.json({ error: 'AFTERCARE_PUBLIC_URL: not set; the card\'s QR code is a link to the collector\'s survey page, so set the address customers reach it at (e.g. https://feedback.shop.example) and restart' }, 409);
    const now = o.now();
    const wave = currentWave(Number(d.delivered_ms), planOf(d), now);
    const link = `${base}/s/${await linkCode(db, d.id, wave, 'qr', now)}`;
    const locale = mailLocale(d.locale ?? 'en');
    const content = { brand: o.invitations.brand.name, line: mailStrings(locale).card, link, size: q.size, rtl: dirOf(locale) === 'rtl' };
    noteAudit(c, { detail: { ...q, wave, locale } });
    c.header('content-disposition', `inline; filename="${fileName(id, q.size, q.format)}"`);
    c.header('x-aftercare-link', link);
    if (q.format === 'svg') {
      c.header('content-type', 'image/svg+xml; charset=utf-8');
      return c.body(cardSvg(content));
    }
    const pdf = await cardPdf(content, new Date(now));
    // Chromium shows a PDF in a synthetic page through its viewer plugin (an <embed>): the collector's
    // `default-src 'none'` would block that plugin (object-src) and the page's inline styles (crbug.com/271452).
    c.header('content-security-policy', "frame-ancestors 'none'");
    c.header('content-type', 'application/pdf');
    return c.body(pdf.bytes.slice().buffer);
  });
}
