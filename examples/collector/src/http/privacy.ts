// The privacy routes: erasure of a customer or a delivery (with optional suppression), a customer's
// data as a copy, the public forget endpoint the widget calls with its delivery tokens, and the audit
// log. Every erasure and export is recorded with its outcome (http/audit.ts).
import type { Guards } from './access.ts';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { compactVerify } from 'jose';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { listAudit } from '../read/audit.ts';
import { customerCsv, customerData, recordCount } from '../read/customer.ts';
import { limitOf } from '../read/lists.ts';
import { unsubscribeKeys } from '../store/deliveries.ts';
import { CountDeltas } from '../store/counts.ts';
import { addErased, eraseSubject, noneErased, suppress, writeErased, type Erased, type Subject } from '../store/erase.ts';
import type { Database } from '../store/schema.ts';
import { noteAudit, type Auditor } from './audit.ts';
import { firstIssue } from './client.ts';

export interface PrivacyOptions {
  db: Kysely<Database>;
  now: () => number;
  timeZone: string;
  salt: string;
  deliveryKey?: Uint8Array | undefined;
  forgetScope: 'delivery' | 'customer';
  audit: Auditor;
  read: Guards;
  /** The public edge of POST /v1/forget: origins, CORS, rate limit, body checks. */
  forgetEdge: readonly MiddlewareHandler[];
  onErased?: () => void;
}

const ID = /^[\s\S]{1,200}$/;
const total = (e: Erased) => e.responses + e.displays + e.cases + e.caseNotes + e.events;

const ForgetSchema = z.strictObject(
  { tokens: z.array(z.string({ error: 'expected a delivery token (text)' }).min(1).max(4096), { error: 'expected an array of delivery tokens' }).min(1, 'expected at least one delivery token').max(100, 'expected at most 100 tokens') },
  { error: (i) => (i.code === 'unrecognized_keys' ? `expected only tokens; got ${i.keys.join(', ')}` : 'expected {"tokens": ["<deliveryToken>", …]}') },
);

/**
 * A delivery token's claims once its signature verifies. Its `exp` is not checked: the right to have
 * one's answer deleted does not expire with the token that let it be sent, and a token can only ever
 * delete that delivery's data, never read it.
 */
async function claimsOf(token: string, key: Uint8Array): Promise<{ sub: string; cid?: string } | string> {
  try {
    const { payload, protectedHeader } = await compactVerify(token, key, { algorithms: ['HS256'] });
    if (protectedHeader.alg !== 'HS256') return 'expected an HS256 JWT';
    const claims = JSON.parse(new TextDecoder().decode(payload)) as { sub?: unknown; cid?: unknown };
    if (typeof claims.sub !== 'string' || !claims.sub) return 'sub: expected the delivery id';
    return { sub: claims.sub, ...(typeof claims.cid === 'string' && claims.cid ? { cid: claims.cid } : {}) };
  } catch {
    return 'signature does not verify with AFTERCARE_DELIVERY_SECRET';
  }
}

export function privacyRoutes(app: Hono, o: PrivacyOptions) {
  const erase = (kind: 'customer' | 'delivery') => async (c: Context) => {
    const id = c.req.param('id') ?? '';
    const suppressRaw = c.req.query('suppress');
    if (suppressRaw !== undefined && suppressRaw !== 'true' && suppressRaw !== 'false') return c.json({ error: `suppress: expected "true" or "false"; got "${suppressRaw}"` }, 400);
    if (!ID.test(id)) return c.json({ error: `${kind}Id: expected 1 to 200 characters` }, 400);
    const subject: Subject = kind === 'customer' ? { customerId: id } : { deliveryId: id };
    const suppressed = suppressRaw === 'true';
    const erased = await o.db.transaction().execute(async (trx) => {
      // Suppressed: their addresses get no invitation either, also under a delivery posted without the customer id.
      const contacts = suppressed ? await trx.selectFrom('deliveries').select(['customer_id', 'email']).where(kind === 'customer' ? 'customer_id' : 'id', '=', id).execute() : [];
      const deltas = new CountDeltas();
      const counts = await eraseSubject(trx, subject, deltas);
      if (suppressed) {
        await suppress(trx, o.salt, subject, o.now());
        for (const key_hash of new Set(contacts.flatMap((d) => unsubscribeKeys(o.salt, d)))) {
          await trx.insertInto('unsubscribes').values({ key_hash, created_ms: o.now() }).onConflict((oc) => oc.column('key_hash').doNothing()).execute();
        }
      }
      await writeErased(trx, deltas);
      return counts;
    });
    noteAudit(c, { target: `${kind} ${id}`, rows: total(erased), detail: { ...erased, suppressed } });
    o.onErased?.();
    return c.json({ [`${kind}Id`]: id, erased, suppressed });
  };
  app.delete('/v1/customers/:id', o.read[0], o.audit.audited('erase.customer'), o.read[1], o.read[2], erase('customer'));
  app.delete('/v1/deliveries/:id', o.read[0], o.audit.audited('erase.delivery'), o.read[1], o.read[2], erase('delivery'));

  app.get('/v1/customers/:id/export', o.read[0], o.audit.audited('customer.export'), o.read[1], o.read[2], async (c) => {
    const id = c.req.param('id');
    const format = c.req.query('format') || 'json';
    if (format !== 'json' && format !== 'csv') return c.json({ error: `format: expected "json" or "csv"; got "${format}"` }, 400);
    const data = await customerData(o.db, id, o.now());
    noteAudit(c, { target: `customer ${id}`, rows: recordCount(data), detail: { format } });
    const name = `aftercare-customer-${id.replace(/[^\w.-]/g, '_').slice(0, 60)}.${format}`;
    c.header('content-disposition', `attachment; filename="${name}"`);
    if (format === 'csv') return c.body(customerCsv(data), 200, { 'content-type': 'text/csv; charset=utf-8; header=present' });
    return c.json(data);
  });

  app.get('/v1/audit', o.read[0], o.audit.audited('audit.read'), o.read[1], o.read[2], async (c) => {
    const page = await listAudit(o.db, c.req.queries(), { limit: limitOf(c.req.query('limit')), timeZone: o.timeZone });
    noteAudit(c, { rows: page.entries.length });
    return c.json(page);
  });

  // Public: the widget's forget() posts the delivery tokens it holds. Each valid token erases its
  // delivery's data (and with AFTERCARE_FORGET_SCOPE=customer and a `cid`, that customer's); invalid
  // ones are listed, not fatal. Every erasure is audited; an invalid token is only counted (it is no
  // credential, and anyone could send thousands).
  app.use('/v1/forget', ...o.forgetEdge);
  app.post('/v1/forget', async (c) => {
    let raw: unknown;
    try {
      raw = JSON.parse(await c.req.text());
    } catch {
      return c.json({ error: 'body: expected JSON such as {"tokens": ["<deliveryToken>"]}' }, 400);
    }
    const parsed = ForgetSchema.safeParse(raw);
    if (!parsed.success) return c.json(firstIssue(parsed.error.issues), 400);
    const checked = await Promise.all(
      parsed.data.tokens.map((t) => (o.deliveryKey ? claimsOf(t, o.deliveryKey) : Promise.resolve('this collector has no AFTERCARE_DELIVERY_SECRET, so it cannot check delivery tokens'))),
    );
    const erased = noneErased();
    const results: Array<{ index: number; deliveryId: string; status: 'erased' } | { index: number; status: 'invalid'; error: string }> = [];
    const done: Array<{ sub: string; counts: Erased }> = [];
    await o.db.transaction().execute(async (trx) => {
      const deltas = new CountDeltas();
      for (const [index, claims] of checked.entries()) {
        if (typeof claims === 'string') {
          results.push({ index, status: 'invalid', error: claims });
          continue;
        }
        const counts = await eraseSubject(trx, { deliveryId: claims.sub }, deltas);
        if (o.forgetScope === 'customer' && claims.cid) addErased(counts, await eraseSubject(trx, { customerId: claims.cid }, deltas));
        addErased(erased, counts);
        done.push({ sub: claims.sub, counts });
        results.push({ index, deliveryId: claims.sub, status: 'erased' });
      }
      await writeErased(trx, deltas);
    });
    for (const r of results) {
      if (r.status !== 'erased') {
        o.audit.unauthorized();
        continue;
      }
      const d = done.find((x) => x.sub === r.deliveryId)!;
      await o.audit.record(c, {
        actor: 'delivery token', action: 'forget', target: `delivery ${r.deliveryId}`, rows: total(d.counts), outcome: 'done', detail: { ...d.counts, scope: o.forgetScope },
      });
    }
    if (done.length) o.onErased?.();
    return c.json({ erased, results });
  });
}
