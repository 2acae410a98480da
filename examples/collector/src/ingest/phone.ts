// A phone answer: what a person who called the customer types in (the dashboard's *Record an answer*,
// or a call-centre system with the admin token), checked with the wire's own limits and turned into
// the delivery's response row, channel `phone`. Pure of HTTP and of the database: the route hands in
// the body and the stored delivery, and gets back a row or the field that is wrong.
import { randomUUID } from 'node:crypto';
import { CommentSchema, CsatSchema, describeIssue, NpsSchema, ReasonsSchema, WaveSchema } from 'aftercare/schema';
import * as z from 'zod/mini';
import { planOf } from '../store/deliveries.ts';
import { responseColumns } from '../store/derived.ts';
import { currentWave, waveCount } from '../store/plan.ts';
import type { DeliveriesTable, ResponseRow } from '../store/schema.ts';
import { CLOCK_SKEW_MS, EARLIEST, EARLY_ANSWER_MS, wellFormed } from './ingest.ts';

/** The fields of `POST /v1/deliveries/:id/answers`, in the order the errors name them. */
export const PHONE_FIELDS = ['wave', 'csat', 'nps', 'reasons', 'comment', 'answeredAt'] as const;

export const PhoneAnswerSchema = z
  .object(
    {
      wave: z.optional(WaveSchema),
      csat: z.optional(CsatSchema),
      nps: z.optional(NpsSchema),
      reasons: z.optional(ReasonsSchema),
      comment: z.optional(CommentSchema),
      answeredAt: z.optional(z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z' })),
    },
    'expected an object such as {"nps": 3, "comment": "…"}',
  )
  .check(z.refine((a) => a.csat !== undefined || a.nps !== undefined, { message: 'expected a csat or nps score (a comment alone is not an answer)', path: ['csat'] }));
export type PhoneAnswer = z.infer<typeof PhoneAnswerSchema>;

/**
 * Checks a parsed body against the delivery it answers: the wire's limits, a wave of its plan (its
 * current wave when absent), and a time from a day before its delivery to the collector's clock
 * (now when absent). Returns the response row to store, or `field: what is expected`.
 * @example phoneAnswer({ nps: 3 }, delivery, { now, recordedBy: 'admin token' }) // { row: { channel: 'phone', … } }
 */
export function phoneAnswer(
  body: unknown,
  d: DeliveriesTable,
  o: { now: number; recordedBy: string; redact?: ((comment: string) => string) | undefined },
): { row: ResponseRow } | { error: string } {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const other = Object.keys(body).find((k) => !(PHONE_FIELDS as readonly string[]).includes(k));
    if (other !== undefined) return { error: `${other}: not a field of a phone answer; expected ${PHONE_FIELDS.join(', ')}` };
  }
  const parsed = PhoneAnswerSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { error: issue.path.length ? describeIssue(issue) : `body: ${issue.message}` };
  }
  const a = wellFormed(parsed.data);
  const plan = planOf(d);
  const delivered = Number(d.delivered_ms);
  const waves = waveCount(plan);
  const wave = a.wave ?? currentWave(delivered, plan, o.now);
  if (wave >= waves) return { error: `wave: expected ${waves === 1 ? '0 (this delivery has no re-survey plan)' : `0 to ${waves - 1}, the waves of this delivery's plan`}` };
  const at = a.answeredAt === undefined ? o.now : Date.parse(a.answeredAt);
  const latest = o.now + CLOCK_SKEW_MS;
  if (!(at >= EARLIEST && at <= latest)) return { error: `answeredAt: expected a time from 2000-01-01T00:00:00Z to the collector's clock plus 5 minutes (${new Date(latest).toISOString()})` };
  if (at < delivered - EARLY_ANSWER_MS) return { error: `answeredAt: expected a time no more than a day before the delivery (${d.delivered_at})` };
  const answeredAt = new Date(at).toISOString();
  const comment = a.comment?.trim() ? (o.redact ? o.redact(a.comment.trim()) : a.comment.trim()) : null;
  const asked = d.survey === 'both' ? ['csat', 'nps'] : [d.survey];
  const iso = new Date(o.now).toISOString();
  return {
    row: {
      id: randomUUID(),
      revision: 1,
      delivery_id: d.id,
      delivered_at: d.delivered_at,
      answered_at: answeredAt,
      csat: a.csat ?? null,
      nps: a.nps ?? null,
      comment,
      // Complete when every question the delivery asks has its score, as the widget's Send would be.
      complete: asked.every((k) => a[k as 'csat' | 'nps'] !== undefined) ? 1 : 0,
      // The delivery's language; `und` (BCP 47: undetermined) when the merchant did not post one.
      locale: d.locale ?? 'und',
      customer_id: d.customer_id,
      meta: d.meta,
      origin: null,
      path: null,
      received_at: iso,
      updated_at: iso,
      // The admin credential vouches for it: no unsigned record may later rewrite it by id.
      signed: 1,
      wave,
      reasons: a.reasons?.length ? JSON.stringify([...new Set(a.reasons)]) : null,
      channel: 'phone',
      recorded_by: o.recordedBy,
      ...responseColumns(answeredAt, comment),
    },
  };
}
