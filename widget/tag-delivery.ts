import type { DeliveryState } from '../src/types.ts';

// Type imports only: the loader uses these without pulling in the SDK.

/**
 * The tag's delivery (`data-delivery-id`, `data-delivered-at`, `data-customer-id`, `data-delivery-token`,
 * `data-survey`) as IndexedDB would hold it, `undefined` for a tag without one, or `null` when the
 * attributes cannot be vouched for here (the SDK checks them and reports; a token without a delivery is
 * such a mistake).
 * @example deliveryOfTag((n) => script.getAttribute(n) ?? undefined, ['csat'])
 */
export function deliveryOfTag(attr: (name: string) => string | undefined, surveys: Array<'csat' | 'nps'> | undefined): DeliveryState | null | undefined {
  const id = attr('data-delivery-id');
  const at = attr('data-delivered-at');
  const customerId = attr('data-customer-id');
  const token = attr('data-delivery-token');
  if (!id && !at && !token) return undefined;
  if (!id || !at || Number.isNaN(Date.parse(at)) || !surveys?.length) return null;
  const d: DeliveryState = { id, deliveredAt: at, surveys, prompts: 0, history: [], recordedAt: at };
  if (customerId) d.customerId = customerId;
  if (token) d.token = token;
  return d;
}

/**
 * IndexedDB already holds delivery `a` as the tag describes it (`b`): recording it again would change
 * nothing. A new token (signed again) is a change: the SDK is fetched to record it, so what is sent
 * next carries it. A tag without one changes nothing (recording keeps the stored token).
 */
export const sameDelivery = (a: DeliveryState, b: DeliveryState) =>
  a.deliveredAt === b.deliveredAt && a.customerId === b.customerId && (!b.token || a.token === b.token) && a.surveys.join() === b.surveys.join();
