// The customer's side of invitations, on the collector's own origin and without a credential: the
// survey page `/s/<code>` (the real widget, inline, for that delivery and wave), adding a comment to an
// answer already given, the unsubscribe page `/u/<code>` (RFC 8058 one-click included), the page's
// assets, and `POST /v1/answered`, which tells a widget in the merchant's page that a delivery was
// already answered by another channel. GET and HEAD never change anything: mail scanners open every
// link in a message, and some run its script in a real browser; only a POST, made by a person's
// action on the page, records.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { jwtVerify, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import type { InvitationConfig } from '../deliver/invitations.ts';
import { waveWindow } from '../store/plan.ts';
import type { Loop } from '../store/cases.ts';
import { responseColumns } from '../store/derived.ts';
import { planOf, unsubscribe } from '../store/deliveries.ts';
import type { Database, DeliveriesTable } from '../store/schema.ts';
import { storeBatch } from '../store/store.ts';
import type { Auditor } from './audit.ts';
import { pageCss, renderPage, type PageState } from './pages.ts';

export const SURVEY_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const TYPES: Record<string, string> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', map: 'application/json; charset=utf-8' };
const CODE = /^[A-Za-z0-9_-]{22,32}$/;
/** The most characters a comment added on the page may bring (the wire's limit is 5,000 for the whole comment). */
const MAX_ADDED = 2_000;

export interface SurveyRouteOptions {
  db: Kysely<Database>;
  now: () => number;
  config: InvitationConfig;
  timeZone: string;
  deliveryKey?: Uint8Array | undefined;
  salt: string;
  audit: Auditor;
  loop?: Omit<Loop, 'now'> | undefined;
  redact?: ((comment: string) => string) | undefined;
  /** The built survey page script (dist/survey/). */
  assetsDir: URL;
  /** The public edge of POST /v1/answered: origins, CORS, rate limit, body checks. */
  answeredEdge: readonly MiddlewareHandler[];
  onEvents: () => void;
}

function readAssets(dir: URL) {
  const assets = new Map<string, { body: Buffer<ArrayBuffer>; type: string }>();
  if (!existsSync(dir)) return assets;
  const walk = (folder: URL, prefix: string) => {
    for (const e of readdirSync(folder, { withFileTypes: true })) {
      if (e.isDirectory()) walk(new URL(`${e.name}/`, folder), `${prefix}${e.name}/`);
      else {
        const type = TYPES[e.name.slice(e.name.lastIndexOf('.') + 1)];
        if (!type) continue;
        try {
          assets.set(`${prefix}${e.name}`, { body: readFileSync(new URL(e.name, folder)), type });
        } catch {
          // A file a concurrent build removed between listing and reading: it is not served.
        }
      }
    }
  };
  walk(dir, '');
  return assets;
}

/** The first language the browser asks for, for pages about no delivery. */
const acceptLocale = (c: Context) => (c.req.header('accept-language') ?? 'en').split(',')[0]!.split(';')[0]!.trim() || 'en';

export function surveyRoutes(app: Hono, o: SurveyRouteOptions) {
  const { db, config } = o;
  const assets = readAssets(o.assetsDir);
  const css = pageCss(config.brand);
  const html = (c: Context, state: PageState, locale: string, status: 200 | 404 = 200, timeZone = o.timeZone) => {
    c.header('content-security-policy', SURVEY_CSP);
    c.header('cache-control', 'no-store');
    c.header('referrer-policy', 'no-referrer');
    c.header('x-robots-tag', 'noindex');
    return c.html(renderPage(state, { locale, timeZone, brand: config.brand, ...(config.privacyUrl ? { privacyUrl: config.privacyUrl } : {}) }), status);
  };
  const serveAsset = (c: Context, name: string, body: string | Buffer<ArrayBuffer>, type: string) => {
    c.header('content-security-policy', SURVEY_CSP);
    c.header('cache-control', name === 'survey.js' || name === 'page.css' ? 'no-cache' : 'public, max-age=31536000, immutable');
    c.header('content-type', type);
    return c.body(body);
  };
  app.get('/s/assets/page.css', (c) => serveAsset(c, 'page.css', css, TYPES.css!));
  app.get('/s/assets/*', (c, next) => {
    const name = c.req.path.slice('/s/assets/'.length);
    const file = assets.get(name);
    return file ? serveAsset(c, name, file.body, file.type) : next();
  });

  /** The link's delivery and wave, or null for a code nobody was given. */
  async function linkOf(code: string) {
    if (!CODE.test(code)) return null;
    const link = await db.selectFrom('survey_links').selectAll().where('code', '=', code).executeTakeFirst();
    if (!link) return null;
    const d = await db.selectFrom('deliveries').selectAll().where('id', '=', link.delivery_id).executeTakeFirst();
    return d ? { link: { ...link, wave: Number(link.wave) }, d } : null;
  }
  const slotOf = (d: DeliveriesTable, wave: number) => db.selectFrom('response_slots').select('response_id').where('delivery_id', '=', d.id).where('wave', '=', wave).executeTakeFirst();

  /** A delivery token for the page's widget, when the collector takes only signed deliveries: valid until the wave's window closes (+1 day). */
  async function tokenFor(d: DeliveriesTable, closes: number) {
    if (!o.deliveryKey) return undefined;
    const jwt = new SignJWT({ dat: d.delivered_at, ...(d.customer_id ? { cid: d.customer_id } : {}) })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(d.id)
      .setExpirationTime(Math.floor(closes / 1000) + 86_400);
    return jwt.sign(o.deliveryKey);
  }

  app.get('/s/:code', async (c) => {
    const code = c.req.param('code');
    const found = await linkOf(code);
    if (!found) return html(c, { kind: 'unknown' }, acceptLocale(c), 404);
    const { link, d } = found;
    const locale = d.locale ?? acceptLocale(c);
    const { opens, closes } = waveWindow(Number(d.delivered_ms), planOf(d), link.wave);
    const t = o.now();
    if (await slotOf(d, link.wave)) return html(c, { kind: 'answered', commentAction: `/s/${code}/comment`, commented: c.req.query('commented') === '1' }, locale);
    if (t < opens) return html(c, { kind: 'early', opensAt: new Date(opens).toISOString() }, locale, 200, d.time_zone ?? o.timeZone);
    if (t >= closes) return html(c, { kind: 'closed' }, locale);
    const kinds = d.survey === 'both' ? ['csat', 'nps'] : [d.survey];
    // The score the message's link carries: the message's question (NPS alone, else the CSAT row).
    const raw = c.req.query('score');
    const scoreKind = d.survey === 'nps' ? 'nps' : 'csat';
    const n = raw !== undefined && /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
    const score = scoreKind === 'nps' ? (n >= 0 && n <= 10 ? n : null) : n >= 1 && n <= 5 ? n : null;
    const token = await tokenFor(d, closes);
    const config_ = {
      collector: '/v1/responses',
      delivery: {
        id: d.id, deliveredAt: d.delivered_at,
        ...(d.customer_id ? { customerId: d.customer_id } : {}),
        ...(token ? { token } : {}),
        ...(planOf(d) ? { resurvey: planOf(d) } : {}),
        // The merchant's meta (store, technician …), so an answer by e-mail falls in the same segments.
        ...(d.meta ? { meta: JSON.parse(d.meta) as Record<string, unknown> } : {}),
      },
      wave: link.wave,
      survey: kinds,
      locale,
      channel: link.channel,
      ...(config.reasons.length ? { reasons: config.reasons } : {}),
      ...(config.privacyUrl ? { privacyUrl: config.privacyUrl } : {}),
      brandColor: config.brand.color,
      ...(score !== null ? { score: { kind: scoreKind, value: score } } : {}),
    };
    return html(c, { kind: 'survey', config: config_ }, locale);
  });

  // Adding a comment to an answer already given (by any channel): a form post, so only a person sends it.
  app.post('/s/:code/comment', async (c) => {
    const code = c.req.param('code');
    const found = await linkOf(code);
    if (!found) return html(c, { kind: 'unknown' }, acceptLocale(c), 404);
    const { link, d } = found;
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const added = typeof form.comment === 'string' ? form.comment.replace(/\r\n/g, '\n').trim().slice(0, MAX_ADDED) : '';
    const slot = await slotOf(d, link.wave);
    if (!slot) return c.redirect(`/s/${code}`, 303);
    if (added) {
      const row = await db.selectFrom('responses').selectAll().where('id', '=', slot.response_id).executeTakeFirst();
      if (row) {
        const extra = o.redact ? o.redact(added) : added;
        const comment = (row.comment ? `${row.comment}\n\n${extra}` : extra).slice(0, 5_000);
        const at = new Date(o.now()).toISOString();
        const { first_revision: _f, ...rest } = row;
        const stored = await storeBatch(
          db,
          [{ ...rest, revision: Number(row.revision) + 1, comment, received_at: at, updated_at: at, signed: Number(row.signed), wave: Number(row.wave), ...responseColumns(row.answered_at, comment) }],
          [],
          o.loop && { ...o.loop, now: o.now() },
        );
        if (stored.events) o.onEvents();
      }
    }
    return c.redirect(`/s/${code}?commented=1`, 303);
  });

  app.get('/u/:code', async (c) => {
    const code = c.req.param('code');
    const found = await linkOf(code);
    if (!found) return html(c, { kind: 'unknown' }, acceptLocale(c), 404);
    return html(c, { kind: 'unsubscribe', action: `/u/${code}` }, found.d.locale ?? acceptLocale(c));
  });
  // The confirmation page's button and RFC 8058's one-click POST (body `List-Unsubscribe=One-Click`) alike.
  app.post('/u/:code', async (c) => {
    const code = c.req.param('code');
    const found = await linkOf(code);
    if (!found) return html(c, { kind: 'unknown' }, acceptLocale(c), 404);
    const cancelled = await unsubscribe(db, o.salt, found.d, o.now());
    await o.audit.record(c, { actor: 'customer (unsubscribe link)', action: 'invitations.unsubscribe', target: `delivery ${found.d.id}`, rows: cancelled, outcome: 'done', detail: { cancelled } });
    return html(c, { kind: 'unsubscribed' }, found.d.locale ?? acceptLocale(c));
  });

  // Was this delivery's wave answered already (by e-mail, a link, a phone call)? Asked by the widget
  // in the merchant's page before it shows a survey. With signed deliveries only a valid token gets
  // an answer, so nobody can probe deliveries they hold no token for.
  app.use('/v1/answered', ...o.answeredEdge);
  app.post('/v1/answered', async (c) => {
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return c.json({ error: 'body: expected JSON such as {"deliveries": [{"deliveryId": "…", "wave": 0}]}' }, 400);
    }
    const list = (body as { deliveries?: unknown })?.deliveries;
    if (!Array.isArray(list) || list.length > 50) return c.json({ error: 'deliveries: expected a list of at most 50 { deliveryId, wave, deliveryToken? }' }, 400);
    const asked: Array<{ deliveryId: string; wave: number; deliveryToken?: string }> = [];
    for (const [i, x] of list.entries()) {
      const e = x as { deliveryId?: unknown; wave?: unknown; deliveryToken?: unknown };
      if (typeof e?.deliveryId !== 'string' || e.deliveryId.length < 1 || e.deliveryId.length > 200) return c.json({ error: `deliveries.${i}.deliveryId: expected a delivery id of 1–200 characters` }, 400);
      const wave = e.wave ?? 0;
      if (typeof wave !== 'number' || !Number.isInteger(wave) || wave < 0 || wave > 2_147_483_647) return c.json({ error: `deliveries.${i}.wave: expected an integer from 0 to 2147483647` }, 400);
      if (e.deliveryToken !== undefined && (typeof e.deliveryToken !== 'string' || e.deliveryToken.length > 4096)) return c.json({ error: `deliveries.${i}.deliveryToken: expected a delivery token (a JWT) of 1–4096 characters` }, 400);
      asked.push({ deliveryId: e.deliveryId, wave, ...(typeof e.deliveryToken === 'string' ? { deliveryToken: e.deliveryToken } : {}) });
    }
    // The token's other claims (customer, date) are not compared: the question names neither.
    const vouches = async (a: (typeof asked)[number]) => {
      if (!o.deliveryKey) return true;
      if (!a.deliveryToken) return false;
      try {
        const { payload } = await jwtVerify(a.deliveryToken, o.deliveryKey, { algorithms: ['HS256'], currentDate: new Date(o.now()) });
        return payload.sub === a.deliveryId;
      } catch {
        return false;
      }
    };
    const vouched = [];
    for (const a of asked) if (await vouches(a)) vouched.push(a);
    const answered = vouched.length
      ? await db.selectFrom('response_slots').select(['delivery_id', 'wave']).where('delivery_id', 'in', [...new Set(vouched.map((a) => a.deliveryId))]).execute()
      : [];
    const hit = new Set(answered.map((s) => `${s.delivery_id}\u0000${Number(s.wave)}`));
    return c.json({ answered: vouched.filter((a) => hit.has(`${a.deliveryId}\u0000${a.wave}`)).map((a) => ({ deliveryId: a.deliveryId, wave: a.wave })) });
  });
}
