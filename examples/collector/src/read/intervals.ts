// The local calendar intervals of the summary's series (day, ISO week, month, year) in AFTERCARE_TZ,
// built on @date-fns/tz so daylight-saving days (23 or 25 hours) need no special case.
import { TZDate } from '@date-fns/tz';
import type { Interval } from './filters.ts';

/** The start of the day, ISO week (Monday), month or year holding `ms`, in `tz`. */
export function intervalStart(ms: number, interval: Interval, tz: string): number {
  const d = new TZDate(ms, tz);
  const y = d.getFullYear(), m = d.getMonth(), day = d.getDate();
  if (interval === 'year') return new TZDate(y, 0, 1, tz).getTime();
  if (interval === 'month') return new TZDate(y, m, 1, tz).getTime();
  if (interval === 'week') return new TZDate(y, m, day - ((d.getDay() + 6) % 7), tz).getTime();
  return new TZDate(y, m, day, tz).getTime();
}

/** The start of the interval after the one starting at `start`. */
export function nextStart(start: number, interval: Interval, tz: string): number {
  const d = new TZDate(start, tz);
  const y = d.getFullYear(), m = d.getMonth(), day = d.getDate();
  if (interval === 'year') return new TZDate(y + 1, 0, 1, tz).getTime();
  if (interval === 'month') return new TZDate(y, m + 1, 1, tz).getTime();
  return new TZDate(y, m, day + (interval === 'week' ? 7 : 1), tz).getTime();
}
