import { policyFrom, waveOf, type Policy } from '../../../sdk/index.ts';

const DAY = 86_400_000;

/**
 * The timing policy for the page's SDK under which `wave` is the delivery's wave at `now`.
 * The collector chose the wave (its window is open by the collector's clock); the SDK tells waves by
 * the browser's clock and its `windowDays`, and files the answer under the wave it counts. A clock a
 * few minutes off near a wave's opening, or a collector with another window, would file it under
 * the wrong wave. So the window's opening moves to where `now` lies inside wave `wave`'s period with
 * at least half a period to go: the answer goes under the collector's wave however long the page
 * stays open. Nothing else on this page reads the window (it shows its survey at once), and without a
 * plan every answer is wave 0 anyway. `undefined` when even that cannot make it `wave` (a clock days
 * off): the caller says so.
 * @example pinnedPolicy({ deliveredAt: '2026-01-01T00:00:00Z', resurvey: { everyDays: 90, untilDays: 720 } }, 1, Date.parse('2026-04-04T00:00:00Z'))
 */
export function pinnedPolicy(delivery: { deliveredAt: string; resurvey?: { everyDays: number; untilDays: number } | undefined }, wave: number, now: number): Policy | undefined {
  const plan = delivery.resurvey;
  let policy = policyFrom();
  if (plan) {
    // Days into wave `wave`'s period (which starts `wave · everyDays` after delivery).
    const into = (now - Date.parse(delivery.deliveredAt)) / DAY - wave * plan.everyDays;
    const open = Math.max(0, into - plan.everyDays / 2);
    policy = policyFrom({ windowDays: [open, open + 1] });
  }
  return waveOf(delivery, now, policy).wave === wave ? policy : undefined;
}
