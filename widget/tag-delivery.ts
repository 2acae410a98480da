import type { DeliveryInput } from '../src/schema.ts';

// Type imports only: the loader uses this without pulling in the SDK (or zod).

/**
 * An ISO 8601 date-time with seconds and `Z` or an offset, as the SDK's schema (zod's `iso.datetime`
 * with offsets) accepts it. The date and time are checked by a round trip, since `Date.parse` rolls
 * 2026-02-30 over to March 2 and 24:00 to the next day instead of refusing them.
 */
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const isoDateTime = (s: string) => {
  const t = Date.parse(`${s.slice(0, 19)}Z`);
  // Date.parse(s) is NaN for an offset past 23:59, which the schema refuses too.
  return ISO.test(s) && !isNaN(t + Date.parse(s)) && new Date(t).toISOString().startsWith(s.slice(0, 19));
};

/** A text of 1–`max` characters (attributes arrive trimmed, blank as missing). */
const fits = (v: string | undefined, max: number) => v === undefined || v.length <= max;

/**
 * The tag's delivery (`data-delivery-id`, `data-delivered-at`, `data-customer-id`, `data-delivery-token`,
 * `data-survey`, `data-resurvey`) as the `recordDelivery()` input the SDK would make of it, `undefined` for a tag
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
  const plan = attr('data-resurvey')?.split(/[\s,]+/).map(Number);
  if (!id && !at && !token) return undefined;
  // "30 365": every 30 days until day 365 (the SDK's schema: two numbers, 0 < every < until).
  if (plan && !(plan[1]! > plan[0]! && plan[0]! > 0 && plan.length < 3)) return null;
  if (!id || !at || !isoDateTime(at) || !surveys?.length || !fits(id, 200) || !fits(customerId, 200) || !fits(token, 4096)) return null;
  const d: DeliveryInput = { id, deliveredAt: at, surveys };
  if (customerId) d.customerId = customerId;
  if (token) d.token = token;
  if (plan) d.resurvey = { everyDays: plan[0]!, untilDays: plan[1]! };
  return d;
}
