import type { DeliveryInput } from './schema.ts';
import type { DeliveryState, HistoryEntry } from './types.ts';

// Type imports only: the script-tag loader records the tag's delivery with this too, without the SDK.

/** The fields a later recordDelivery() may change; each change is kept in the history with its old value. */
const FIELDS = ['deliveredAt', 'customerId', 'surveys', 'meta', 'token', 'resurvey'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The one writer of delivery records: what recording `input` at `now` makes of the stored record
 * `prev`. A first recording draws the sampling roll (once: reloads never re-roll) and starts the
 * history; a later one applies what changed and appends an `updated` line with the previous values.
 * Returns `prev` itself when nothing changed, so a caller can skip the write. A field the input
 * leaves out is kept (a tag without a token keeps the stored one); a new token replaces the old one
 * like any other field. Used by the SDK's `recordDelivery()` and by the script-tag loader, so both
 * write the same record.
 * @example deliveryRecord(undefined, { id: 'order-1042', deliveredAt: '2026-11-20T10:00:00Z' }, Date.now())
 */
export function deliveryRecord(prev: DeliveryState | undefined, input: DeliveryInput, now: number, random: () => number = Math.random): DeliveryState {
  const at = new Date(now).toISOString();
  const next: DeliveryState = prev
    ? { ...prev }
    : { id: input.id, deliveredAt: input.deliveredAt, surveys: ['csat'], recordedAt: at, prompts: 0, sample: random(), history: [] };
  const previous: HistoryEntry['previous'] = {};
  for (const f of FIELDS) {
    if (input[f] === undefined || same(input[f], next[f])) continue;
    (previous as Record<string, unknown>)[f] = next[f];
    (next as unknown as Record<string, unknown>)[f] = input[f];
  }
  if (!prev) next.history = [{ at, type: 'recorded' }];
  else if (Object.keys(previous).length) next.history = [...prev.history, { at, type: 'updated', previous }];
  else return prev;
  return next;
}
