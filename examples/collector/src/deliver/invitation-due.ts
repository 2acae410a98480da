// The `invitation.due` event: an invitation by a channel the collector does not send itself (`sms`),
// handed to the webhook endpoints with all the merchant's sender needs: whom (the phone number), the
// text in the delivery's language with the survey link, and the invitation's id for the answer back
// (POST /v1/invitations/:id/result). It is written through the outbox in the transaction that marks
// the invitation `sent`, so it is signed, retried and shown like every other event.
import type { NewEvent } from '../store/events.ts';
import type { DeliveriesTable, InvitationsTable } from '../store/schema.ts';
import { smsText, type SmsEncoding } from './sms.ts';
import { mailLocale } from './strings.ts';

/** The reason an invitation handed over carries until the sender answers. */
export const HANDED_OVER = 'handed to the webhook endpoint(s)';

/** The event's `data`. */
export interface InvitationDue {
  invitationId: string;
  kind: 'invite' | 'reminder';
  wave: number;
  channel: string;
  delivery: { id: string; deliveredAt: string; customerId: string | null; phone: string | null; locale: string | null; meta: Record<string, unknown> | null };
  /** The survey link of this delivery, wave and channel: `AFTERCARE_PUBLIC_URL/s/<code>`. */
  link: string;
  /** The message in the delivery's language, with the link: one SMS unless the public URL is very long. */
  text: string;
  segments: number;
  encoding: SmsEncoding;
}

/**
 * The event for one invitation about to be handed over; its subject is the delivery and customer, so
 * erasing either deletes it.
 */
export function invitationDue(r: Pick<InvitationsTable, 'id' | 'kind' | 'wave' | 'channel'>, d: DeliveriesTable, link: string, brand: string): NewEvent {
  const sms = smsText({ locale: mailLocale(d.locale ?? 'en'), brand, link });
  const data: InvitationDue = {
    invitationId: r.id, kind: r.kind, wave: Number(r.wave), channel: r.channel,
    delivery: { id: d.id, deliveredAt: d.delivered_at, customerId: d.customer_id, phone: d.phone, locale: d.locale, meta: d.meta ? (JSON.parse(d.meta) as Record<string, unknown>) : null },
    link, text: sms.text, segments: sms.segments, encoding: sms.encoding,
  };
  return { type: 'invitation.due', data, subject: { responseId: null, deliveryId: d.id, customerId: d.customer_id } };
}
