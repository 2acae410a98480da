import type { DeliveryState } from './types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** When to ask, and how often at most. Times are elapsed milliseconds, never calendar days. */
export interface Policy {
  /** `[open, close]` in days after delivery: due from `deliveredAt + open` (inclusive) until `deliveredAt + close` (exclusive). */
  windowDays: readonly [number, number];
  /** After a dismissal or "remind me later", this delivery is not asked again for this long. */
  snoozeMs: number;
  /** Never show one delivery's survey more often than this. */
  maxPrompts: number;
  /** After the customer answers any survey, their other deliveries are not surveyed for this long. */
  cooldownMs: number;
  /** After two declines in a row (dismissals, not "remind me later"), no survey for this customer for this long. */
  declineCooldownMs: number;
  /** Share of deliveries surveyed, 0–1; each delivery's roll is drawn once and remembered. */
  sampleRate: number;
}

export const DEFAULT_POLICY: Policy = {
  windowDays: [3, 7],
  snoozeMs: 24 * HOUR,
  maxPrompts: 2,
  cooldownMs: 30 * DAY,
  declineCooldownMs: 7 * DAY,
  sampleRate: 1,
};

/** Why a delivery is or is not due; `due` is the only state in which a survey may show. */
export type DueState = 'due' | 'early' | 'closed' | 'answered' | 'unsampled' | 'exhausted' | 'snoozed' | 'cooldown';

/** The window in epoch ms for a delivery. */
export function windowOf(deliveredAt: string, policy: Policy = DEFAULT_POLICY): { opens: number; closes: number } {
  const t = Date.parse(deliveredAt);
  return { opens: t + policy.windowDays[0] * DAY, closes: t + policy.windowDays[1] * DAY };
}

/**
 * One customer: the same `customerId`, or deliveries where either has none (one browser without ids
 * is one person). A customer with three deliveries this week is asked once, not three times.
 */
const sameCustomer = (a: DeliveryState, b: DeliveryState) => !a.customerId || !b.customerId || a.customerId === b.customerId;

/** When the customer answered (the first score), from the history; older records fall back to the response. */
const answeredAt = (d: DeliveryState): number | undefined => {
  const h = d.history.find((e) => e.type === 'answered');
  const t = Date.parse(h?.at ?? d.response?.answeredAt ?? '');
  return Number.isNaN(t) ? undefined : t;
};

/** Until when the customer's history holds every other survey back, or 0. */
function cooldownUntil(d: DeliveryState, all: readonly DeliveryState[], policy: Policy): number {
  let until = 0;
  const moments: Array<{ t: number; decline: boolean }> = [];
  for (const e of all) {
    if (!sameCustomer(d, e)) continue;
    const a = answeredAt(e);
    if (e.id !== d.id && a !== undefined) until = Math.max(until, a + policy.cooldownMs);
    if (a !== undefined) moments.push({ t: a, decline: false });
    for (const h of e.history) if (h.type === 'dismissed' && !h.later) moments.push({ t: Date.parse(h.at), decline: true });
  }
  moments.sort((x, y) => x.t - y.t);
  const [prev, last] = moments.slice(-2);
  if (prev?.decline && last?.decline) until = Math.max(until, last.t + policy.declineCooldownMs);
  return until;
}

/**
 * The delivery's state at `now`. Pure: pass the clock in. `all` is every delivery of this browser,
 * for the per-customer cooldowns; without it only the delivery's own rules apply.
 * @example dueState(d, Date.parse('2026-11-24T10:00:00Z')) // 'due' for a delivery on the 20th
 */
export function dueState(d: DeliveryState, now: number, policy: Policy = DEFAULT_POLICY, all: readonly DeliveryState[] = [d]): DueState {
  if (d.response) return 'answered';
  const { opens, closes } = windowOf(d.deliveredAt, policy);
  if (now < opens) return 'early';
  if (now >= closes) return 'closed';
  if ((d.sample ?? 0) >= policy.sampleRate) return 'unsampled';
  if (d.prompts >= policy.maxPrompts) return 'exhausted';
  if (d.dismissedAt !== undefined && now < Date.parse(d.dismissedAt) + policy.snoozeMs) return 'snoozed';
  if (now < cooldownUntil(d, all, policy)) return 'cooldown';
  return 'due';
}

/** Deliveries due at `now`, the one whose window closes first at the front. */
export function dueList(all: DeliveryState[], now: number, policy: Policy = DEFAULT_POLICY): DeliveryState[] {
  return all
    .filter((d) => dueState(d, now, policy, all) === 'due')
    .sort((a, b) => Date.parse(a.deliveredAt) - Date.parse(b.deliveredAt) || (a.id < b.id ? -1 : 1));
}

/** The timing options of the SDK, all optional. */
export interface PolicyOptions {
  windowDays?: readonly [number, number];
  remindAfterHours?: number;
  maxPrompts?: number;
  cooldownDays?: number;
  declineCooldownDays?: number;
  sampleRate?: number;
}

/** A policy from the SDK's options (validated upstream); defaults for what is missing. */
export function policyFrom(o: PolicyOptions = {}): Policy {
  return {
    windowDays: o.windowDays ?? DEFAULT_POLICY.windowDays,
    snoozeMs: o.remindAfterHours === undefined ? DEFAULT_POLICY.snoozeMs : o.remindAfterHours * HOUR,
    maxPrompts: o.maxPrompts ?? DEFAULT_POLICY.maxPrompts,
    cooldownMs: o.cooldownDays === undefined ? DEFAULT_POLICY.cooldownMs : o.cooldownDays * DAY,
    declineCooldownMs: o.declineCooldownDays === undefined ? DEFAULT_POLICY.declineCooldownMs : o.declineCooldownDays * DAY,
    sampleRate: o.sampleRate ?? DEFAULT_POLICY.sampleRate,
  };
}
