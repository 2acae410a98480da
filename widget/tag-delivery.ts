import type { DeliveryInput } from '../src/schema.ts';

// Type imports only: the loader uses this without pulling in the SDK (or zod).

/**
 * An ISO 8601 date-time with seconds and `Z` or an offset, as the SDK's schema (zod's `iso.datetime`
 * with offsets) accepts it. The day is checked against its month by a round trip, since `Date.parse`
 * rolls 2026-02-30 over to March 2 instead of refusing it.
 */
const ISO = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const isoDateTime = (s: string) => ISO.test(s) && new Date(Date.parse(s.slice(0, 10))).toISOString().startsWith(s.slice(0, 10));

/** A text of 1–`max` characters (attributes arrive trimmed, blank as missing). */
const fits = (v: string | undefined, max: number) => v === undefined || v.length <= max;

/**
 * The tag's delivery (`data-delivery-id`, `data-delivered-at`, `data-customer-id`, `data-delivery-token`,
 * `data-survey`) as the `recordDelivery()` input the SDK would make of it, `undefined` for a tag
 * without one, or `null` when the attributes are not what the SDK accepts (the SDK checks them and
 * names the attribute; a token without a delivery is such a mistake). Never vouches for a value the
 * SDK would refuse: what the loader records itself, the SDK would have recorded the same.
 * @example deliveryOfTag((n) => script.getAttribute(n)?.trim() || undefined, ['csat'])
 */
export function deliveryOfTag(attr: (name: string) => string | undefined, surveys: Array<'csat' | 'nps'> | undefined): DeliveryInput | null | undefined {
  const id = attr('data-delivery-id');
  const at = attr('data-delivered-at');
  const customerId = attr('data-customer-id');
  const token = attr('data-delivery-token');
  if (!id && !at && !token) return undefined;
  if (!id || !at || !isoDateTime(at) || !surveys?.length || !fits(id, 200) || !fits(customerId, 200) || !fits(token, 4096)) return null;
  const d: DeliveryInput = { id, deliveredAt: at, surveys };
  if (customerId) d.customerId = customerId;
  if (token) d.token = token;
  return d;
}
