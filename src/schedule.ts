import type { DeliveryState } from './types.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** When to ask, and how often at most. Times are elapsed milliseconds, never calendar days. */
export interface Policy {
  /** `[open, close]` in days after delivery: due from `deliveredAt + open` (inclusive) until `deliveredAt + close` (exclusive). */
  windowDays: readonly [number, number];
  /** After a dismissal, not again for this long. */
  snoozeMs: number;
  /** Never show one delivery's survey more often than this. */
  maxPrompts: number;
}

export const DEFAULT_POLICY: Policy = { windowDays: [3, 7], snoozeMs: 24 * HOUR, maxPrompts: 2 };

/** Why a delivery is or is not due; `due` is the only state in which a survey may show. */
export type DueState = 'due' | 'early' | 'closed' | 'answered' | 'snoozed' | 'exhausted';

/** The window in epoch ms for a delivery. */
export function windowOf(deliveredAt: string, policy: Policy = DEFAULT_POLICY): { opens: number; closes: number } {
  const t = Date.parse(deliveredAt);
  return { opens: t + policy.windowDays[0] * DAY, closes: t + policy.windowDays[1] * DAY };
}

/**
 * The delivery's state at `now`. Pure: pass the clock in.
 * @example dueState(d, Date.parse('2026-11-24T10:00:00Z')) // 'due' for a delivery on the 20th
 */
export function dueState(d: DeliveryState, now: number, policy: Policy = DEFAULT_POLICY): DueState {
  if (d.response) return 'answered';
  const { opens, closes } = windowOf(d.deliveredAt, policy);
  if (now < opens) return 'early';
  if (now >= closes) return 'closed';
  if (d.prompts >= policy.maxPrompts) return 'exhausted';
  if (d.dismissedAt !== undefined && now < Date.parse(d.dismissedAt) + policy.snoozeMs) return 'snoozed';
  return 'due';
}

/** Deliveries due at `now`, the one whose window closes first at the front. */
export function dueList(all: DeliveryState[], now: number, policy: Policy = DEFAULT_POLICY): DeliveryState[] {
  return all
    .filter((d) => dueState(d, now, policy) === 'due')
    .sort((a, b) => Date.parse(a.deliveredAt) - Date.parse(b.deliveredAt) || (a.id < b.id ? -1 : 1));
}

/** A policy from `windowDays`, validated upstream. */
export function policyFrom(windowDays?: readonly [number, number]): Policy {
  return windowDays ? { ...DEFAULT_POLICY, windowDays } : DEFAULT_POLICY;
}
