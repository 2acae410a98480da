// The read side: rows as the API returns them (camelCase, booleans, parsed meta), newest first.
import type { Kysely } from 'kysely';
import type { Database, DisplayRow, ResponseRow } from '../store/schema.ts';

export function fromRow(row: ResponseRow) {
  return {
    id: row.id,
    revision: Number(row.revision),
    deliveryId: row.delivery_id,
    deliveredAt: row.delivered_at,
    answeredAt: row.answered_at,
    csat: row.csat === null ? null : Number(row.csat),
    nps: row.nps === null ? null : Number(row.nps),
    comment: row.comment,
    complete: Number(row.complete) === 1,
    locale: row.locale,
    customerId: row.customer_id,
    meta: row.meta === null ? null : (JSON.parse(row.meta) as Record<string, unknown>),
    origin: row.origin,
    path: row.path,
    signed: Number(row.signed) === 1,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
  };
}

export function fromDisplayRow(row: DisplayRow) {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    shownAt: row.shown_at,
    endedAt: row.ended_at,
    outcome: row.outcome,
    later: Number(row.later) === 1,
    responseId: row.response_id,
    locale: row.locale,
    customerId: row.customer_id,
    origin: row.origin,
    path: row.path,
    signed: Number(row.signed) === 1,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
  };
}

/** The most recent responses, newest answer first. */
export async function recentResponses(db: Kysely<Database>, limit: number) {
  const rows = await db.selectFrom('responses').selectAll().orderBy('answered_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(fromRow);
}

/** The most recent displays, newest first (by when their outcome was known). */
export async function recentDisplays(db: Kysely<Database>, limit: number) {
  const rows = await db.selectFrom('displays').selectAll().orderBy('ended_at', 'desc').orderBy('shown_at', 'desc').limit(limit).execute();
  return rows.map(fromDisplayRow);
}

/** `?limit=`: 50 by default, 1–500. */
export const limitOf = (raw: string | undefined) => Math.min(Math.max(Math.trunc(Number(raw)) || 50, 1), 500);
