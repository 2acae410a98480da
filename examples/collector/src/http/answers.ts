// Phone answers over HTTP (admin credential, audited `delivery.answer`): staff who called a customer
// record the answer for a delivery. It is that delivery's answer like any other — one per delivery and
// wave, so it never replaces the customer's own (409); stored with the closed loop, so a detractor opens
// a case and the scheduled invitations are cancelled; and POST /v1/answered then tells the widget.
import type { Guards } from './access.ts';
import type { Hono, MiddlewareHandler } from 'hono';
import { csrf } from 'hono/csrf';
import type { Kysely } from 'kysely';
import { phoneAnswer } from '../ingest/phone.ts';
import type { Loop } from '../store/cases.ts';
import { subjectHashes, suppressedHashes } from '../store/erase.ts';
import type { Database } from '../store/schema.ts';
import { fromRow } from '../store/shapes.ts';
import { storeBatch } from '../store/store.ts';
import { actorOf, noteAudit, type Auditor } from './audit.ts';
import { sameOrigin } from './client.ts';
import { mediaType } from './limits.ts';

export interface AnswerRouteOptions {
  db: Kysely<Database>;
  now: () => number;
  audit: Auditor;
  read: Guards;
  /** The closed loop's settings (alert rule, deadline, endpoints), minus the clock. */
  loop: Omit<Loop, 'now'>;
  /** The suppression salt: a customer or delivery erased on request is not answered for. */
  salt: string;
  /** AFTERCARE_REDACT, as for every other comment. */
  redact?: ((comment: string) => string) | undefined;
  /** The commit wrote webhook events: wake the worker. */
  onEvents: () => void;
}

export function answerRoutes(app: Hono, o: AnswerRouteOptions) {
  const { db } = o;
  const guard = csrf({ origin: (_origin, c) => sameOrigin(c) });
  const jsonOnly: MiddlewareHandler = async (c, next) => {
    if (mediaType(c) !== 'application/json') return c.json({ error: 'content-type: expected application/json such as {"nps": 3}' }, 415);
    await next();
  };
  /** The answer holding a delivery's wave, as the 409 names it. */
  const holder = async (deliveryId: string, wave: number) => {
    const slot = await db.selectFrom('response_slots').select('response_id').where('delivery_id', '=', deliveryId).where('wave', '=', wave).executeTakeFirst();
    if (!slot) return null;
    const r = await db.selectFrom('responses').select(['id', 'channel', 'answered_at']).where('id', '=', slot.response_id).executeTakeFirst();
    return r ? { id: r.id, channel: r.channel ?? 'web', answeredAt: r.answered_at } : { id: slot.response_id, channel: null, answeredAt: null };
  };
  const taken = (id: string, wave: number, h: NonNullable<Awaited<ReturnType<typeof holder>>>) => ({
    error: `wave: delivery ${JSON.stringify(id)}${wave ? ` (wave ${wave})` : ''} already has an answer: response ${h.id}${h.channel ? ` (${h.channel}${h.answeredAt ? `, ${h.answeredAt}` : ''})` : ''}; one answer per delivery and wave, and a phone answer never replaces the customer's own`,
    response: h,
  });

  app.use('/v1/deliveries/:id/answers', o.audit.audited('delivery.answer'));
  app.post('/v1/deliveries/:id/answers', ...o.read, jsonOnly, guard, async (c) => {
    const id = c.req.param('id');
    noteAudit(c, { target: `delivery ${id}` });
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      return c.json({ error: 'body: expected JSON such as {"nps": 3, "comment": "…"}' }, 400);
    }
    const d = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    if (!d) return c.json({ error: `id: no delivery ${JSON.stringify(id)} is known` }, 404);
    const now = o.now();
    const made = phoneAnswer(body, d, { now, recordedBy: actorOf(c), redact: o.redact });
    if ('error' in made) return c.json({ error: made.error }, 400);
    const { row } = made;
    const wave = row.wave ?? 0;
    if ((await suppressedHashes(db, subjectHashes(o.salt, d.id, d.customer_id))).size) return c.json({ error: 'id: suppressed (this customer or delivery was erased on request); nothing is recorded' }, 409);
    const before = await holder(d.id, wave);
    if (before) return c.json(taken(d.id, wave, before), 409);
    const stored = await storeBatch(db, [row], [], { ...o.loop, now });
    if (stored.refused.has(row.id)) {
      // Answered meanwhile (the widget, the e-mail's page): the store's slot decided.
      const h = await holder(d.id, wave);
      return c.json(h ? taken(d.id, wave, h) : { error: stored.refused.get(row.id)! }, 409);
    }
    if (stored.events) o.onEvents();
    const saved = await db.selectFrom('responses').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
    const opened = await db.selectFrom('cases').select('id').where('response_id', '=', row.id).executeTakeFirst();
    noteAudit(c, { rows: 1, detail: { responseId: row.id, wave, caseId: opened?.id ?? null } });
    return c.json({ response: fromRow(saved), caseId: opened?.id ?? null }, 201);
  });
}
