// Numbers and dates in the reader's language, times in the collector's time zone (AFTERCARE_TZ), so
// "Monday" on the dashboard is the merchant's Monday, whatever the laptop's zone.
import type { Translate } from './i18n.ts';
import type { Interval } from './types.ts';

export type Unit = 'percent' | 'points';

export interface Format {
  lang: string;
  timeZone: string;
  /** A figure in its unit: `71.3%` for percent, `12.4` for NPS points; `—` when missing. */
  figure(v: number | null | undefined, unit: Unit): string;
  /** A change, always signed: `+4.2` points or `−1.5%`. */
  delta(v: number, unit: Unit): string;
  /** A whole count: `1,204`. */
  count(v: number | null | undefined): string;
  /** "95 % interval 66.7% – 75.5%" (spaced: a negative NPS bound next to a dash reads badly), or `—`. */
  interval(ci: Interval | null | undefined, unit: Unit): string;
  /** Date and time of an ISO instant, in the collector's zone. */
  dateTime(iso: string): string;
  /** A deadline, short: weekday and time within the coming week ("Mon 10:30"), else date and time. */
  when(iso: string, now: number): string;
  /** The date of an ISO instant or epoch milliseconds, in the collector's zone. */
  date(at: string | number): string;
  /** Today's date in the collector's zone, `YYYY-MM-DD`, for the period shortcuts. */
  today(now?: number): string;
  /** A span of time in its largest sensible unit: `45 min`, `5 hr`, `3 days`. */
  duration(ms: number): string;
}

const unit = (lang: string, u: string) => new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: 1 });

/** Falls back to UTC when the zone is unknown to this browser (Intl throws a RangeError). */
function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

export function formatter(lang: string, zone: string, t: Translate): Format {
  const timeZone = safeZone(zone);
  const points = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const signedPoints = new Intl.NumberFormat(lang, { maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const signedPercent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const dateTime = new Intl.DateTimeFormat(lang, { timeZone, dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(lang, { timeZone, dateStyle: 'medium' });
  const [min, hr, day] = ['minute', 'hour', 'day'].map((u) => unit(lang, u)) as [Intl.NumberFormat, Intl.NumberFormat, Intl.NumberFormat];
  const weekday = new Intl.DateTimeFormat(lang, { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const iso = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const figure = (v: number | null | undefined, unit: Unit) =>
    v === null || v === undefined || !Number.isFinite(v) ? t('dash') : unit === 'percent' ? percent.format(v / 100) : points.format(v);
  return {
    lang,
    timeZone,
    figure,
    delta: (v, unit) => (unit === 'percent' ? signedPercent.format(v / 100) : signedPoints.format(v)),
    count: (v) => (v === null || v === undefined ? t('dash') : whole.format(v)),
    interval: (ci, unit) => (ci ? t('interval', { low: figure(ci[0], unit), high: figure(ci[1], unit) }) : t('dash')),
    dateTime: (at) => dateTime.format(new Date(at)),
    when: (at, now) => (Math.abs(Date.parse(at) - now) < 6 * 86_400_000 ? weekday : dateTime).format(new Date(at)),
    date: (at) => date.format(new Date(at)),
    today: (now = Date.now()) => iso.format(new Date(now)),
    duration: (ms) => {
      const h = ms / 3_600_000;
      return h < 1 ? min.format(Math.max(1, Math.round(ms / 60_000))) : h < 48 ? hr.format(Math.round(h * 10) / 10) : day.format(Math.round(h / 2.4) / 10);
    },
  };
}
