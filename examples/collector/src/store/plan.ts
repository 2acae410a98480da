// The schedule of a delivery's invitations, as pure functions of its delivery time, its re-survey plan
// and the clock: which waves it has, when each wave's window opens and closes (the widget's rule, see
// src/schedule.ts `waveOf`: wave k opens k·everyDays + 3 days after delivery and closes k·everyDays +
// 7 days after it), and when a message due at some instant may go out in the customer's sending hours.
import { TZDate } from '@date-fns/tz';

export const DAY_MS = 86_400_000;
/** The widget's default window, [open, close) days after delivery. */
export const WINDOW_DAYS = [3, 7] as const;

export interface Resurvey {
  everyDays: number;
  untilDays: number;
}

/** How many waves a delivery has: 1, or one per re-survey period opening before `untilDays`. */
export function waveCount(resurvey: Resurvey | null | undefined): number {
  if (!resurvey) return 1;
  const open = WINDOW_DAYS[0] * DAY_MS;
  return Math.max(1, Math.ceil((resurvey.untilDays * DAY_MS - open) / (resurvey.everyDays * DAY_MS)));
}

/** Wave `wave`'s window in epoch ms. */
export function waveWindow(deliveredMs: number, resurvey: Resurvey | null | undefined, wave: number): { opens: number; closes: number } {
  const start = deliveredMs + wave * (resurvey?.everyDays ?? 0) * DAY_MS;
  return { opens: start + WINDOW_DAYS[0] * DAY_MS, closes: start + WINDOW_DAYS[1] * DAY_MS };
}

/** The wave whose window is current at `now` (the latest opened; 0 before any), as the widget counts it. */
export function currentWave(deliveredMs: number, resurvey: Resurvey | null | undefined, now: number): number {
  const every = (resurvey?.everyDays ?? 0) * DAY_MS;
  if (!every) return 0;
  return Math.max(0, Math.min(waveCount(resurvey) - 1, Math.floor((now - deliveredMs - WINDOW_DAYS[0] * DAY_MS) / every)));
}

/**
 * The first instant at or after `t` inside the sending hours [from, to) of `timeZone`'s local clock:
 * `t` itself, or `from` o'clock on the same local day (before the hours) or the next (after them),
 * built on the local calendar by @date-fns/tz, so daylight-saving days (23 or 25 hours) and zones with
 * :30 and :45 offsets need no special case.
 * @example inSendingHours(Date.parse('2026-12-04T22:30:00Z'), 'Europe/Berlin', [9, 20]) // 2026-12-05T08:00:00Z (09:00 in Berlin)
 */
export function inSendingHours(t: number, timeZone: string, [from, to]: readonly [number, number]): number {
  const local = new TZDate(t, timeZone);
  const hour = local.getHours();
  if (hour >= from && hour < to) return t;
  const next = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + (hour >= to ? 1 : 0), from, 0, 0, 0, timeZone);
  // A `from` hour skipped by a daylight-saving jump lands an hour later, which is still inside the hours.
  return Math.max(t, next.getTime());
}

/** True for a time zone name this runtime's Intl knows (IANA names, `UTC`). */
export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
