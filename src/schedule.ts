import type { DeliveryState, HistoryEntry } from './types.ts';

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

/** The defaults: a 3–7 day window, a 24-hour snooze, two displays, 30 and 7 days of cooldown, everyone sampled. */
export const DEFAULT_POLICY: Policy = /* @__PURE__ */ policyFrom();

/** Why a delivery is or is not due; `due` is the only state in which a survey may show. */
export type DueState = 'due' | 'early' | 'closed' | 'answered' | 'unsampled' | 'exhausted' | 'snoozed' | 'cooldown';

/** The window in epoch ms for a delivery's first survey (wave 0). */
export function windowOf(deliveredAt: string, policy: Policy = DEFAULT_POLICY): { opens: number; closes: number } {
  const t = Date.parse(deliveredAt);
  return { opens: t + policy.windowDays[0] * DAY, closes: t + policy.windowDays[1] * DAY };
}

/** Which wave of its re-survey plan a delivery is in at `now`, and that wave's window (epoch ms). */
export interface Wave {
  wave: number;
  opens: number;
  closes: number;
}

/**
 * The wave at `now`: the latest one whose window has opened (wave 0 before any), so at most one wave
 * of a delivery is ever due and one that passed unshown is skipped, never stacked. Wave k opens
 * `k·everyDays + windowDays[0]` after delivery and closes `k·everyDays + windowDays[1]` after it
 * (elapsed time), for each k whose opening comes before `untilDays`.
 * @example waveOf(d, Date.parse('2026-12-24T10:00:00Z')) // { wave: 1, … } for a delivery on 11-20 with { everyDays: 30, untilDays: 365 }
 */
export function waveOf(d: Pick<DeliveryState, 'deliveredAt' | 'resurvey'>, now: number, policy: Policy = DEFAULT_POLICY): Wave {
  const t = Date.parse(d.deliveredAt);
  const [open, close] = policy.windowDays.map((x) => x * DAY) as [number, number];
  const p = d.resurvey;
  const every = p ? p.everyDays * DAY : 0;
  // Waves after the first: each k with k·every + open < until. Negative when even wave 1 is too late.
  const more = p ? Math.ceil((p.untilDays * DAY - open) / every) - 1 : 0;
  const wave = every && Math.max(0, Math.min(more, Math.floor((now - t - open) / every)));
  return { wave, opens: t + wave * every + open, closes: t + wave * every + close };
}

/** `d` as of `wave`: a later wave than the record describes starts afresh (see `atWave`). */
const roll = (d: DeliveryState, wave: number): DeliveryState =>
  // Only a later wave: a plan changed to a longer interval leaves the wave that was answered as it is.
  wave <= (d.wave ?? 0) ? d : { ...d, wave, prompts: 0, response: undefined, dismissedAt: undefined };

/**
 * The delivery as of its wave at `now`: when a later wave opened than the one its record describes,
 * that wave starts afresh (no response, no prompts, no snooze); what earlier waves did stays in
 * the history. Pure; the SDK writes through it.
 */
export const atWave = (d: DeliveryState, now: number, policy: Policy = DEFAULT_POLICY): DeliveryState => roll(d, waveOf(d, now, policy).wave);

/**
 * One customer: the same `customerId`, or deliveries where either has none (one browser without ids
 * is one person). A customer with three deliveries this week is asked once, not three times.
 */
const sameCustomer = (a: DeliveryState, b: DeliveryState) => !a.customerId || !b.customerId || a.customerId === b.customerId;

/**
 * Until when the customer's history holds this survey back, or 0: an answer to another delivery
 * (any of its waves) holds it for `cooldownMs`, never the delivery's own waves; the last two moments
 * being declines (dismissals, not "remind me later") hold every survey, waves included.
 */
function cooldownUntil(d: DeliveryState, all: readonly DeliveryState[], policy: Policy): number {
  let until = 0;
  /** [time, declined]: the customer's answers and declines. */
  const moments: Array<[number, boolean]> = [];
  for (const e of all) {
    if (!sameCustomer(d, e)) continue;
    // Older records have a response but no `answered` line.
    const lines = e.response && !e.history.some((h) => h.type == 'answered') ? [...e.history, { at: e.response.answeredAt, type: 'answered' }] : e.history;
    let wave: unknown = lines; // the wave of the last answer seen: none yet
    for (const h of lines as HistoryEntry[]) {
      const t = Date.parse(h.at);
      // Each wave's first score (waves follow one another in time): revisions do not restart the cooldown.
      const answered = h.type == 'answered' && h.wave !== wave && ((wave = h.wave), true);
      // An unreadable date (NaN) holds nothing back.
      if (answered && e.id != d.id && t + policy.cooldownMs > until) until = t + policy.cooldownMs;
      if (answered || (h.type == 'dismissed' && !h.later)) moments.push([t, !answered]);
    }
  }
  moments.sort((x, y) => x[0] - y[0]);
  const [prev, last] = moments.slice(-2);
  if (prev?.[1] && last?.[1]) until = Math.max(until, last[0] + policy.declineCooldownMs);
  return until;
}

/**
 * The delivery's state at `now`, for its wave at `now` (see `waveOf`). Pure: pass the clock in. `all`
 * is every delivery of this browser, for the per-customer cooldowns; without it only the delivery's
 * own rules apply. `closed` once the wave's window closed, also when a later wave is to come.
 * @example dueState(d, Date.parse('2026-11-24T10:00:00Z')) // 'due' for a delivery on the 20th
 */
export function dueState(d: DeliveryState, now: number, policy: Policy = DEFAULT_POLICY, all: readonly DeliveryState[] = [d]): DueState {
  const { wave, opens, closes } = waveOf(d, now, policy);
  d = roll(d, wave);
  if (d.response || d.elsewhere === wave) return 'answered';
  if (now < opens) return 'early';
  if (now >= closes) return 'closed';
  if ((d.sample ?? 0) >= policy.sampleRate) return 'unsampled';
  if (d.prompts >= policy.maxPrompts) return 'exhausted';
  if (d.dismissedAt !== undefined && now < Date.parse(d.dismissedAt) + policy.snoozeMs) return 'snoozed';
  if (now < cooldownUntil(d, all, policy)) return 'cooldown';
  return 'due';
}

/** Deliveries due at `now`, as of their wave (see `atWave`), the one whose window closes first at the front. */
export function dueList(all: DeliveryState[], now: number, policy: Policy = DEFAULT_POLICY): DeliveryState[] {
  const closes = (d: DeliveryState) => waveOf(d, now, policy).closes;
  return all
    .filter((d) => dueState(d, now, policy, all) === 'due')
    .map((d) => atWave(d, now, policy))
    .sort((a, b) => closes(a) - closes(b) || (a.id < b.id ? -1 : 1));
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
  // The defaults are written here once, in the options' units (DEFAULT_POLICY is this with no options).
  return {
    windowDays: o.windowDays ?? [3, 7],
    snoozeMs: (o.remindAfterHours ?? 24) * HOUR,
    maxPrompts: o.maxPrompts ?? 2,
    cooldownMs: (o.cooldownDays ?? 30) * DAY,
    declineCooldownMs: (o.declineCooldownDays ?? 7) * DAY,
    sampleRate: o.sampleRate ?? 1,
  };
}
