// The webhook outbox: an event is written in the transaction of the change that caused it, with one
// delivery row per configured endpoint, so a crash never loses one (it committed with its cause) nor
// invents one (it rolled back with it). The worker (deliver/worker.ts) claims the delivery rows.
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, WebhookEventsTable } from './schema.ts';

export type EventType = WebhookEventsTable['type'];
export interface NewEvent {
  type: EventType;
  data: unknown;
  /** Whose data the event carries, so an erasure finds it (migration 006); an invitation's event has no response. */
  subject: { responseId: string | null; deliveryId: string; customerId: string | null };
}

/** A `webhook-id`: `msg_` and 128 random bits. */
export const eventId = () => `msg_${randomBytes(16).toString('base64url')}`;

/** The body posted for an event: `{ type, timestamp, data }`, exactly as it is signed. */
export const eventBody = (type: EventType, at: number, data: unknown) => JSON.stringify({ type, timestamp: new Date(at).toISOString(), data });

const CHUNK = 200;

/** Writes the events and their delivery rows (due now) in `trx`; returns how many events were written. */
export async function enqueue(trx: Transaction<Database> | Kysely<Database>, events: NewEvent[], endpoints: readonly string[], now: number): Promise<number> {
  if (!events.length || !endpoints.length) return 0;
  const rows = events.map((e) => ({
    id: eventId(), type: e.type, created_ms: now, body: eventBody(e.type, now, e.data),
    response_id: e.subject.responseId, delivery_id: e.subject.deliveryId, customer_id: e.subject.customerId,
  }));
  const deliveries = rows.flatMap((e) =>
    endpoints.map((endpoint_id) => ({ event_id: e.id, endpoint_id, status: 'pending' as const, attempts: 0, next_ms: now, created_ms: now })),
  );
  for (let i = 0; i < rows.length; i += CHUNK) await trx.insertInto('webhook_events').values(rows.slice(i, i + CHUNK)).execute();
  for (let i = 0; i < deliveries.length; i += CHUNK) await trx.insertInto('webhook_deliveries').values(deliveries.slice(i, i + CHUNK)).execute();
  return rows.length;
}
