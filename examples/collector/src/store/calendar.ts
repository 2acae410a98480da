// Business hours: a follow-up tier's clock. "Respond within 2 hours" means 2 hours the store is open, so
// a complaint at Friday 17:30 is due Monday 10:30 when the store closes at 18:00 and opens at 09:00.
//
// Hours are wall times in the calendar's zone, so the walk goes day by day in that zone and turns each
// day's intervals into instants there. A day's interval is the instants from the first moment its
// wall clock shows `open` (or later) to the first moment it shows `close` (or later): on the night the
// clocks go forward, 01:00–04:00 is 2 real hours and 02:00–03:00 is none; on the night they go back,
// 01:00–04:00 is 4 real hours and a close at 02:30 is the first 02:30.
import { TZDate, tzOffset } from '@date-fns/tz';

/** A store's opening hours. Parse untrusted input with `parseCalendar`. */
export interface Calendar {
  id: string;
  name: string;
  /** An IANA time zone, such as Europe/Berlin: the hours and holidays are wall times there. */
  timeZone: string;
  /** Per ISO weekday "1" (Monday) … "7" (Sunday): [open, close) intervals as "HH:MM", sorted; a missing day is closed. */
  hours: Record<string, Array<[string, string]>>;
  /** Local dates YYYY-MM-DD closed all day. */
  holidays: string[];
}

/** A bad calendar field: the route answers 400 naming it, e.g. `hours.1.0: expected …`. */
export class CalendarError extends Error {
  constructor(readonly path: string, expected: string) {
    super(`${path}: expected ${expected}`);
  }
}

export const MAX_INTERVALS = 4;
export const MAX_HOLIDAYS = 200;
/** How far `addBusinessTime` looks for opening hours before it gives up (about 3 years of days). */
const MAX_DAYS = 3 * 366;
/** The longest span `businessTimeBetween` walks (about 10 years of days): past it the caller has a bug. */
const MAX_SPAN_DAYS = 10 * 366;

const MINUTE = 60_000;
const DAY = 86_400_000;
const FIELDS = ['id', 'name', 'timeZone', 'hours', 'holidays'];
const HHMM = /^(\d{2}):(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Names only: Intl would also take offsets such as "+01:00" on newer Node, which are not places with
// rules and would silently skip daylight saving time.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** The value as the error shows it: short, so a pasted megabyte never ends up in a log line. */
const shown = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
};

/** "HH:MM" → minutes of the day (0 … 1440), or null. 24:00 is the end of the day, allowed as a close only. */
function minutesOf(s: unknown): number | null {
  const m = typeof s === 'string' ? HHMM.exec(s) : null;
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  if (mi > 59 || h > 24 || (h === 24 && mi > 0)) return null;
  return h * 60 + mi;
}

function isZone(tz: string): boolean {
  if (!ZONE_NAME.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false; // RangeError: the runtime's zone database does not know the name
  }
}

const realDate = (s: string) => {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
};

function text(raw: Record<string, unknown>, field: string, max: number): string {
  const v = raw[field];
  if (typeof v !== 'string' || !v.trim() || v.length > max) throw new CalendarError(field, `a string of 1 to ${max} characters; got ${shown(v)}`);
  return v;
}

/**
 * Checks a calendar from JSON and returns a clean copy (holidays sorted, without repeats); throws
 * `CalendarError` naming the field. Example:
 * `parseCalendar({ id: 'berlin', name: 'Berlin', timeZone: 'Europe/Berlin', hours: { 1: [['09:00', '18:00']] }, holidays: [] })`.
 */
export function parseCalendar(raw: unknown): Calendar {
  if (!isRecord(raw)) throw new CalendarError('calendar', 'an object with id, name, timeZone, hours and holidays');
  for (const key of Object.keys(raw)) if (!FIELDS.includes(key)) throw new CalendarError(key, `one of the fields ${FIELDS.join(', ')}`);
  const id = text(raw, 'id', 100);
  const name = text(raw, 'name', 200);
  const timeZone = raw.timeZone;
  if (typeof timeZone !== 'string' || !isZone(timeZone)) throw new CalendarError('timeZone', `an IANA time zone such as Europe/Berlin; got ${shown(timeZone)}`);

  if (!isRecord(raw.hours)) throw new CalendarError('hours', 'an object from weekday "1" (Monday) … "7" (Sunday) to [open, close] intervals');
  const hours: Calendar['hours'] = {};
  let open = 0;
  for (const [day, list] of Object.entries(raw.hours)) {
    // Object keys are strings, and at most the seven weekdays pass this test: no eighth key can exist.
    if (!/^[1-7]$/.test(day)) throw new CalendarError(`hours.${day}`, 'a weekday from 1 (Monday) to 7 (Sunday)');
    if (!Array.isArray(list) || list.length > MAX_INTERVALS) throw new CalendarError(`hours.${day}`, `a list of at most ${MAX_INTERVALS} ["HH:MM", "HH:MM"] intervals; got ${shown(list)}`);
    let previousClose = 0;
    hours[day] = list.map((iv: unknown, i) => {
      const path = `hours.${day}.${i}`;
      const from = Array.isArray(iv) && iv.length === 2 ? minutesOf(iv[0]) : null;
      const to = Array.isArray(iv) && iv.length === 2 ? minutesOf(iv[1]) : null;
      if (from === null || to === null || from === 1440 || from >= to) throw new CalendarError(path, `"HH:MM" from 00:00 to 24:00, open before close; got ${shown(iv)}`);
      if (from < previousClose) throw new CalendarError(path, `to open at or after the close before it (intervals sorted, not overlapping); got ${shown(iv)}`);
      previousClose = to;
      open++;
      const [a, b] = iv as [string, string];
      return [a, b];
    });
  }
  if (open === 0) throw new CalendarError('hours', 'at least one open interval in the week');

  const rawHolidays = raw.holidays ?? [];
  if (!Array.isArray(rawHolidays) || rawHolidays.length > MAX_HOLIDAYS) throw new CalendarError('holidays', `a list of at most ${MAX_HOLIDAYS} dates YYYY-MM-DD`);
  rawHolidays.forEach((h: unknown, i) => {
    if (typeof h !== 'string' || !realDate(h)) throw new CalendarError(`holidays.${i}`, `a date YYYY-MM-DD; got ${shown(h)}`);
  });
  const holidays = [...new Set(rawHolidays as string[])].sort();
  return { id, name, timeZone, hours, holidays };
}

// ---- The walk. Local dates are counted as whole days since 1970-01-01 (a "day number"), which steps
// without any zone arithmetic; only turning a wall time into an instant needs the zone.

interface Compiled {
  tz: string;
  /** Index 1 … 7 (ISO weekday): [open, close) in minutes of the day. */
  week: Array<Array<[number, number]>>;
  holidays: Set<string>;
}

function compile(cal: Calendar): Compiled {
  const week = Array.from({ length: 8 }, (_, d) =>
    (cal.hours[String(d)] ?? []).map(([a, b]) => [minutesOf(a) ?? 0, minutesOf(b) ?? 0] as [number, number]).filter(([a, b]) => a < b),
  );
  return { tz: cal.timeZone, week, holidays: new Set(cal.holidays) };
}

/** The zone's offset at an instant, in ms (Berlin in winter: +3,600,000). */
const offsetAt = (tz: string, ms: number) => Math.round(tzOffset(tz, new Date(ms)) * MINUTE);

/** The local date (as a day number) of an instant. */
function dayOf(ms: number, tz: string): number {
  const local = new TZDate(ms, tz);
  return Math.round(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()) / DAY);
}

/**
 * The first instant at which the wall clock shows `minute` of local day `day`, or later. A wall time
 * has one instant, two (the hour repeated when clocks go back: the first is taken) or none (the hour
 * skipped when clocks go forward: the moment the clocks jump is taken, so skipped hours count as closed).
 */
function instantAt(tz: string, day: number, minute: number): number {
  const wall = day * DAY + minute * MINUTE; // the wall time read as if it were UTC
  // The offsets a day either side are the ones this wall time can have: zones change at most once a day.
  const before = offsetAt(tz, wall - DAY);
  const after = offsetAt(tz, wall + DAY);
  const fits = [wall - before, wall - after].filter((t) => wall - offsetAt(tz, t) === t);
  if (fits.length) return Math.min(...fits);
  // Skipped: search the seconds between the two readings for the jump (offset changes fall on whole seconds).
  let lo = Math.min(wall - before, wall - after);
  let hi = Math.max(wall - before, wall - after);
  const old = offsetAt(tz, lo);
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (offsetAt(tz, mid) === old) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** A local day's open intervals as instants [open, close); none on a holiday. */
function intervalsOn(c: Compiled, day: number): Array<[number, number]> {
  const date = new Date(day * DAY);
  if (c.holidays.has(date.toISOString().slice(0, 10))) return [];
  const weekday = ((date.getUTCDay() + 6) % 7) + 1; // JS counts Sunday as 0, ISO as 7
  return c.week[weekday]!.map(([a, b]) => [instantAt(c.tz, day, a), instantAt(c.tz, day, b)]);
}

function instant(name: string, ms: number) {
  // Date's own range: past it TZDate answers NaN and a walk would never end.
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new RangeError(`${name}: expected an instant (ms since 1970); got ${ms}`);
}

/**
 * The instant at which `durationMs` of business time has passed since `startMs` (a start outside
 * hours counts from the next opening; a duration that ends exactly at a close is due at the close).
 * Without a calendar, wall-clock time: `startMs + durationMs`. Throws when the calendar has no such
 * time within about 3 years. Example: Friday 17:30 + 2 h with Mon–Fri 09:00–18:00 → Monday 10:30.
 */
export function addBusinessTime(startMs: number, durationMs: number, cal: Calendar | null): number {
  instant('startMs', startMs);
  if (!Number.isFinite(durationMs) || durationMs < 0) throw new RangeError(`durationMs: expected 0 or more ms; got ${durationMs}`);
  if (!cal) return startMs + durationMs;
  const c = compile(cal);
  // parseCalendar refuses such a calendar; one built by hand would otherwise walk 3 years to say so.
  if (c.week.every((d) => d.length === 0)) throw new Error(`calendar "${cal.id}": never open (no hours in the week)`);
  let left = durationMs;
  const first = dayOf(startMs, c.tz);
  for (let day = first; day <= first + MAX_DAYS; day++) {
    for (const [open, close] of intervalsOn(c, day)) {
      const from = Math.max(open, startMs);
      if (close <= from) continue;
      if (left <= close - from) return from + left;
      left -= close - from;
    }
  }
  throw new Error(`calendar "${cal.id}": not ${durationMs / 3_600_000} h of business time within 3 years of ${new Date(startMs).toISOString()}`);
}

/** Business time in [aMs, bMs), in ms: 0 when b <= a; without a calendar, b − a. */
export function businessTimeBetween(aMs: number, bMs: number, cal: Calendar | null): number {
  instant('aMs', aMs);
  instant('bMs', bMs);
  if (bMs <= aMs) return 0;
  if (!cal) return bMs - aMs;
  const c = compile(cal);
  const first = dayOf(aMs, c.tz);
  const last = dayOf(bMs, c.tz);
  if (last - first > MAX_SPAN_DAYS) throw new RangeError(`bMs: expected at most 10 years after aMs`);
  let sum = 0;
  for (let day = first; day <= last; day++) {
    for (const [open, close] of intervalsOn(c, day)) sum += Math.max(0, Math.min(close, bMs) - Math.max(open, aMs));
  }
  return sum;
}

/** True when the store is open at the instant (a close is exclusive: at 18:00 a 09:00–18:00 store is shut). */
export function isOpen(ms: number, cal: Calendar): boolean {
  instant('ms', ms);
  // A day's intervals never leave the day (24:00 is the next day's first instant), so one day suffices.
  return intervalsOn(compile(cal), dayOf(ms, cal.timeZone)).some(([open, close]) => open <= ms && ms < close);
}
