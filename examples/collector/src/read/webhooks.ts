// What the dashboard shows of webhook delivery: each configured endpoint (its URL masked: a Slack or
// ticket-system URL carries its token in the path), whether a 410 disabled it, its counts, and its
// latest deliveries with attempts, next attempt and last error.
import { sql, type Kysely } from 'kysely';
import type { Database, WebhookDeliveriesTable } from '../store/schema.ts';
import { isoOf } from '../store/shapes.ts';

/** `https://hooks.example/…`: the scheme and host, never the path or query (where tokens live). */
export function maskUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}${u.pathname.length > 1 || u.search ? '/…' : '/'}`;
}

export const deliveryOf = (d: WebhookDeliveriesTable & { type: string }) => ({
  eventId: d.event_id,
  endpointId: d.endpoint_id,
  type: d.type,
  status: d.status,
  attempts: Number(d.attempts),
  createdAt: isoOf(d.created_ms)!,
  nextAttemptAt: d.status === 'pending' ? isoOf(d.next_ms) : null,
  lastAttemptAt: isoOf(d.last_attempt_ms),
  lastCode: d.last_code === null ? null : Number(d.last_code),
  lastError: d.last_error,
  deliveredAt: isoOf(d.delivered_ms),
});

/** The configured endpoints (in configuration order) with their counts and latest `limit` deliveries. */
export async function listWebhooks(db: Kysely<Database>, ids: readonly string[], limit: number) {
  if (!ids.length) return { endpoints: [] };
  const rows = await db.selectFrom('webhook_endpoints').selectAll().where('id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const endpoints = [];
  for (const id of ids) {
    const e = byId.get(id);
    if (!e) continue;
    const counts = { pending: 0, delivered: 0, failed: 0 };
    for (const c of await db.selectFrom('webhook_deliveries').select(['status', sql<number>`count(*)`.as('n')]).where('endpoint_id', '=', id).groupBy('status').execute()) {
      counts[c.status] = Number(c.n);
    }
    const recent = await db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
      .selectAll('d')
      .select('e.type')
      .where('d.endpoint_id', '=', id)
      .orderBy('d.created_ms', 'desc')
      .orderBy('d.event_id', 'desc')
      .limit(limit)
      .execute();
    endpoints.push({
      id,
      url: maskUrl(e.url),
      disabled: e.disabled_ms !== null,
      disabledAt: isoOf(e.disabled_ms),
      disabledReason: e.disabled_reason,
      counts,
      deliveries: recent.map(deliveryOf),
    });
  }
  return { endpoints };
}

/** Makes a delivery due now with a fresh schedule (its webhook-id stays the same); null if unknown. */
export async function resend(db: Kysely<Database>, endpointId: string, eventId: string, now: number) {
  const d = await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', attempts: 0, next_ms: now, lease_ms: null, claimed_by: null })
    .where('endpoint_id', '=', endpointId)
    .where('event_id', '=', eventId)
    .returningAll()
    .executeTakeFirst();
  if (!d) return null;
  const e = await db.selectFrom('webhook_events').select('type').where('id', '=', eventId).executeTakeFirstOrThrow();
  return deliveryOf({ ...d, type: e.type });
}

/** Enables an endpoint a 410 disabled; its pending deliveries become due now. False if unknown. */
export async function enableEndpoint(db: Kysely<Database>, endpointId: string, now: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const e = await trx.updateTable('webhook_endpoints').set({ disabled_ms: null, disabled_reason: null }).where('id', '=', endpointId).returning('id').executeTakeFirst();
    if (!e) return false;
    await trx.updateTable('webhook_deliveries').set({ next_ms: now }).where('endpoint_id', '=', endpointId).where('status', '=', 'pending').execute();
    return true;
  });
}
