// Rows as the API (and the webhooks' `data`) returns them: camelCase, booleans, parsed meta, ISO times.
// One shape per kind, shared by the read routes and the events the store writes.
import type { CaseHistoryTable, CasesTable, CaseStatus, DisplayRow, ResponseRow } from './schema.ts';

/** The stored reason list (JSON text, null for none) as the API returns it: always a list. */
export const reasonsOf = (stored: string | null | undefined): string[] => (stored ? (JSON.parse(stored) as string[]) : []);

export function fromRow(row: Omit<ResponseRow, 'answered_ms' | 'answered_q' | 'comment_folded'>) {
  return {
    id: row.id,
    revision: Number(row.revision),
    deliveryId: row.delivery_id,
    deliveredAt: row.delivered_at,
    answeredAt: row.answered_at,
    wave: Number(row.wave ?? 0),
    csat: row.csat === null ? null : Number(row.csat),
    nps: row.nps === null ? null : Number(row.nps),
    comment: row.comment,
    reasons: reasonsOf(row.reasons),
    channel: row.channel ?? 'web',
    recordedBy: row.recorded_by ?? null,
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
    wave: Number(row.wave ?? 0),
    channel: row.channel ?? 'web',
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

/** A stored ms time as ISO 8601 UTC (null stays null). */
export const isoOf = (ms: number | string | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export type CaseNote = { author: string; at: string; text: string };

/** A case as the API returns it; `notes` are its history's notes, oldest first. `now` decides `overdue`. */
export function caseOf(row: CasesTable, notes: CaseNote[], now: number) {
  return {
    id: row.id,
    responseId: row.response_id,
    deliveryId: row.delivery_id,
    customerId: row.customer_id,
    csat: row.csat === null ? null : Number(row.csat),
    nps: row.nps === null ? null : Number(row.nps),
    comment: row.comment,
    meta: row.meta === null ? null : (JSON.parse(row.meta) as Record<string, unknown>),
    answeredAt: row.answered_at,
    matches: Number(row.matches) === 1,
    // Waiting on the customer is stored as contacted with its start (migration 015).
    status: (row.pending_since_ms != null ? 'pending' : row.status) as CaseStatus | 'pending',
    owner: row.owner,
    /** urgent, general or complex (null: opened before tiers). */
    tier: (row.tier ?? null) as string | null,
    openedAt: isoOf(row.opened_ms)!,
    /** The first-response deadline (also `responseDueAt`). */
    dueAt: isoOf(row.due_ms)!,
    responseDueAt: isoOf(row.due_ms)!,
    resolutionDueAt: isoOf(row.resolution_due_ms ?? null),
    overdue: row.status === 'open' && Number(row.due_ms) < now,
    /** Not resolved, not waiting on the customer, and past the resolution deadline. */
    resolutionOverdue: row.status !== 'resolved' && row.pending_since_ms == null && row.resolution_due_ms != null && Number(row.resolution_due_ms) < now,
    firstContactAt: isoOf(row.first_contact_ms),
    resolvedAt: isoOf(row.resolved_ms),
    /** Each deadline: met, missed, or null while it is still running. */
    // This round's first response (a reopened case must be answered again; first_contact_ms stays the first ever).
    responseMet: metOf(row.responded_ms !== undefined ? row.responded_ms : row.first_contact_ms, row.due_ms, now),
    resolutionMet: row.resolution_due_ms == null ? null : metOf(row.resolved_ms, row.resolution_due_ms, now, row.pending_since_ms != null),
    pendingSince: isoOf(row.pending_since_ms ?? null),
    pendingReason: row.pending_reason ?? null,
    calendarId: row.calendar_id ?? null,
    escalatedAt: { response: isoOf(row.escalated_response_ms ?? null), resolution: isoOf(row.escalated_resolution_ms ?? null) },
    reopened: Number(row.reopened ?? 0),
    updatedAt: isoOf(row.updated_ms)!,
    notes,
  };
}

/** Met when done by the deadline; missed when done later or the deadline passed undone; else still running (null). */
function metOf(done: number | string | null, due: number | string, now: number, paused = false): boolean | null {
  if (done !== null) return Number(done) <= Number(due);
  return !paused && Number(due) < now ? false : null;
}
export type CaseShape = ReturnType<typeof caseOf>;

/** A history entry as the API returns it. */
export function historyOf(h: CaseHistoryTable) {
  return { at: isoOf(h.at_ms)!, author: h.author, kind: h.kind, from: h.from_value, to: h.to_value, note: h.note };
}

/** The notes among a case's history entries. */
export const notesOf = (history: CaseHistoryTable[]): CaseNote[] =>
  history.filter((h) => h.kind === 'note').map((h) => ({ author: h.author, at: isoOf(h.at_ms)!, text: h.note ?? '' }));
