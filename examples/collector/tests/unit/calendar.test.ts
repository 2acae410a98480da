// Business hours (store/calendar.ts): due times worked out by hand on a paper calendar of December 2026
// (Fri 4, Sat 5, Sun 6, Mon 7, Tue 8; Wed 23, Thu 24, Fri 25, Sat 26, Sun 27, Mon 28; Thu 31, Fri 1 Jan,
// Sat 2 Jan) and of the two Sundays on which Berlin changes its clocks, 2026-10-25 and 2027-03-28.
// Expected instants are ISO strings with the offset that Berlin shows then (+01:00 winter, +02:00 summer).
import { describe, expect, test } from 'vitest';
import { addBusinessTime, businessTimeBetween, isOpen, parseCalendar, type Calendar } from '../../src/store/calendar.ts';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const DAY: Array<[string, string]> = [['09:00', '18:00']];
const holidays = ['2026-12-24', '2026-12-25', '2026-12-26', '2027-01-01'];
const cal = (hours: Calendar['hours'], more: Partial<Calendar> = {}): Calendar =>
  parseCalendar({ id: 'berlin', name: 'Berlin', timeZone: 'Europe/Berlin', hours, holidays: [], ...more });

/** The Berlin store: Mon–Fri 09:00–18:00, Sat 10:00–14:00, closed on the holidays. */
const store = cal({ 1: DAY, 2: DAY, 3: DAY, 4: DAY, 5: DAY, 6: [['10:00', '14:00']] }, { holidays });
/** The example: Mon–Fri 09:00–18:00, no Saturday. */
const weekdays = cal({ 1: DAY, 2: DAY, 3: DAY, 4: DAY, 5: DAY }, { holidays });
const ALL: Array<[string, string]> = [['00:00', '24:00']];
const always = cal({ 1: ALL, 2: ALL, 3: ALL, 4: ALL, 5: ALL, 6: ALL, 7: ALL });
const sundays = cal({ 7: ALL });

describe('addBusinessTime: the worked table', () => {
  test.each([
    // Fri 17:30–18:00 is 30 min; Sat and Sun closed; Mon 09:00 + the other 1 h 30 → 10:30.
    ['weekdays', weekdays, '2026-12-04T17:30:00+01:00', 2, '2026-12-07T10:30:00+01:00'],
    // The same with Saturday hours: 30 min on Friday, then Sat 10:00 + 1 h 30 → Sat 11:30.
    ['store', store, '2026-12-04T17:30:00+01:00', 2, '2026-12-05T11:30:00+01:00'],
    // Wed 17:00–18:00 is 1 h; Thu 24, Fri 25 and Sat 26 are holidays (Saturday's hours too), Sun 27 is
    // closed; Mon 28 09:00 + the other 3 h → 12:00.
    ['store', store, '2026-12-23T17:00:00+01:00', 4, '2026-12-28T12:00:00+01:00'],
    // Inside hours: Tue 10:00 + 1 h → 11:00.
    ['store', store, '2026-12-08T10:00:00+01:00', 1, '2026-12-08T11:00:00+01:00'],
    // Sunday 03:00 is closed: counting starts at Monday's 09:00 → 10:00.
    ['store', store, '2026-12-06T03:00:00+01:00', 1, '2026-12-07T10:00:00+01:00'],
    // Exactly to the close: Fri 16:00 + 2 h → Fri 18:00 (due at the close, not at Saturday's opening).
    ['store', store, '2026-12-04T16:00:00+01:00', 2, '2026-12-04T18:00:00+01:00'],
    // Thu 31 17:00–18:00 is 1 h; Fri 1 Jan is a holiday; Sat 2 Jan 10:00 + 1 h → 11:00.
    ['store', store, '2026-12-31T17:00:00+01:00', 2, '2027-01-02T11:00:00+01:00'],
    // Without Saturday: Sat 2 and Sun 3 closed; Mon 4 Jan 09:00 + 1 h → 10:00.
    ['weekdays', weekdays, '2026-12-31T17:00:00+01:00', 2, '2027-01-04T10:00:00+01:00'],
    // Sat 13:00–14:00 is 1 h; Sun closed; Mon 09:00 + 2 h → 11:00.
    ['store', store, '2026-12-05T13:00:00+01:00', 3, '2026-12-07T11:00:00+01:00'],
    // Before opening counts from the opening: Mon 08:00 + 9 h → Mon 18:00.
    ['store', store, '2026-12-07T08:00:00+01:00', 9, '2026-12-07T18:00:00+01:00'],
    // A week: Mon–Fri is 5 × 9 = 45 h → Fri 18:00; 49 h adds Sat 10:00–14:00 → Sat 14:00; 50 h → Mon 10:00.
    ['store', store, '2026-12-07T09:00:00+01:00', 45, '2026-12-11T18:00:00+01:00'],
    ['store', store, '2026-12-07T09:00:00+01:00', 49, '2026-12-12T14:00:00+01:00'],
    ['store', store, '2026-12-07T09:00:00+01:00', 50, '2026-12-14T10:00:00+01:00'],
  ] as const)('%s: %s + %i h → %s', (_, c, start, hours, due) => {
    expect(new Date(addBusinessTime(at(start), hours * H, c)).toISOString()).toBe(new Date(at(due)).toISOString());
    // And back: the business time between start and due is the duration asked for.
    expect(businessTimeBetween(at(start), at(due), c)).toBe(hours * H);
  });

  test('no time at all: at once inside hours, at the next opening outside them', () => {
    expect(addBusinessTime(at('2026-12-08T10:00:00+01:00'), 0, store)).toBe(at('2026-12-08T10:00:00+01:00'));
    expect(addBusinessTime(at('2026-12-06T03:00:00+01:00'), 0, store)).toBe(at('2026-12-07T09:00:00+01:00'));
  });

  test('without a calendar: wall-clock time, nights and Sundays included', () => {
    expect(addBusinessTime(at('2026-12-06T03:00:00+01:00'), 2 * H, null)).toBe(at('2026-12-06T05:00:00+01:00'));
    expect(businessTimeBetween(at('2026-12-04T17:30:00+01:00'), at('2026-12-07T10:30:00+01:00'), null)).toBe(65 * H);
    expect(businessTimeBetween(at('2026-12-07T10:30:00+01:00'), at('2026-12-04T17:30:00+01:00'), null)).toBe(0);
  });

  test('other zones: Kolkata (+05:30, no daylight saving time)', () => {
    const kolkata = cal({ 1: DAY, 2: DAY, 3: DAY, 4: DAY, 5: DAY }, { timeZone: 'Asia/Kolkata' });
    // Mon 17:30–18:00 is 30 min; Tue 09:00 + 30 min → 09:30 (+05:30).
    expect(addBusinessTime(at('2026-12-07T17:30:00+05:30'), H, kolkata)).toBe(at('2026-12-08T09:30:00+05:30'));
  });

  test('a calendar that never opens, or not enough within 3 years, throws; bad numbers are refused', () => {
    const never = { id: 'x', name: 'x', timeZone: 'Europe/Berlin', hours: {}, holidays: [] };
    expect(() => addBusinessTime(0, H, never)).toThrow('calendar "x": never open (no hours in the week)');
    const minute = cal({ 1: [['09:00', '09:01']] });
    // One minute a week: about 157 minutes in 3 years, far from 1,000 hours.
    expect(() => addBusinessTime(at('2026-12-07T09:00:00+01:00'), 1000 * H, minute)).toThrow(
      'calendar "berlin": not 1000 h of business time within 3 years of 2026-12-07T08:00:00.000Z',
    );
    expect(() => addBusinessTime(0, -1, store)).toThrow('durationMs: expected 0 or more ms; got -1');
    expect(() => addBusinessTime(Number.NaN, H, store)).toThrow('startMs: expected an instant (ms since 1970); got NaN');
    expect(() => businessTimeBetween(0, Number.POSITIVE_INFINITY, store)).toThrow('bMs: expected an instant (ms since 1970); got Infinity');
    expect(() => businessTimeBetween(0, at('2040-01-01T00:00:00Z'), store)).toThrow('bMs: expected at most 10 years after aMs');
    expect(businessTimeBetween(0, H, never)).toBe(0);
    expect(isOpen(0, never)).toBe(false);
  });
});

describe('businessTimeBetween', () => {
  test('whole weeks and the holidays', () => {
    // Mon 7 – Mon 14 December: 5 × 9 h + 4 h on Saturday = 49 h.
    expect(businessTimeBetween(at('2026-12-07T00:00:00+01:00'), at('2026-12-14T00:00:00+01:00'), store)).toBe(49 * H);
    // Mon 21 – Mon 28: Mon, Tue, Wed 3 × 9 h = 27 h; Thu 24, Fri 25 and Sat 26 are holidays.
    expect(businessTimeBetween(at('2026-12-21T00:00:00+01:00'), at('2026-12-28T00:00:00+01:00'), store)).toBe(27 * H);
    // Fri 17:30 – Mon 10:30 with Saturday: 0.5 + 4 + 1.5 = 6 h.
    expect(businessTimeBetween(at('2026-12-04T17:30:00+01:00'), at('2026-12-07T10:30:00+01:00'), store)).toBe(6 * H);
    expect(businessTimeBetween(at('2026-12-08T12:00:00+01:00'), at('2026-12-08T12:00:00+01:00'), store)).toBe(0);
  });
});

describe('daylight saving time in Europe/Berlin', () => {
  // 2027-03-28 (Sunday): at 02:00 CET the clocks jump to 03:00 CEST; the day has 23 hours.
  // 2026-10-25 (Sunday): at 03:00 CEST the clocks go back to 02:00 CET; the day has 25 hours.
  test.each([
    ['always', always],
    ['sundays', sundays],
  ] as const)('%s: 1 h from 01:30 on the spring day → 03:30 (02:00–03:00 does not exist)', (_, c) => {
    expect(addBusinessTime(at('2027-03-28T01:30:00+01:00'), H, c)).toBe(at('2027-03-28T03:30:00+02:00'));
    // In the autumn, 1 h from 01:30 CEST is the first 02:30; 2 h is the second 02:30 (CET).
    expect(addBusinessTime(at('2026-10-25T01:30:00+02:00'), H, c)).toBe(at('2026-10-25T02:30:00+02:00'));
    expect(addBusinessTime(at('2026-10-25T01:30:00+02:00'), 2 * H, c)).toBe(at('2026-10-25T02:30:00+01:00'));
    // Midnight to midnight: 23 h in the spring, 25 h in the autumn.
    expect(businessTimeBetween(at('2027-03-28T00:00:00+01:00'), at('2027-03-29T00:00:00+02:00'), c)).toBe(23 * H);
    expect(businessTimeBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'), c)).toBe(25 * H);
  });

  test('open on Sundays only: the short Sunday and the long one', () => {
    // Sat 27 March – Tue 30 March: only the Sunday counts, 23 h.
    expect(businessTimeBetween(at('2027-03-27T00:00:00+01:00'), at('2027-03-30T00:00:00+02:00'), sundays)).toBe(23 * H);
    // 24 h from Saturday noon: the spring Sunday gives 23, the next Sunday (4 April, CEST) the 24th → 01:00.
    expect(addBusinessTime(at('2027-03-27T12:00:00+01:00'), 24 * H, sundays)).toBe(at('2027-04-04T01:00:00+02:00'));
    // 24 h from Saturday noon in October: 00:00 CEST + 24 real hours = 23:00 CET on the same Sunday.
    expect(addBusinessTime(at('2026-10-24T12:00:00+02:00'), 24 * H, sundays)).toBe(at('2026-10-25T23:00:00+01:00'));
    // 3 h from Saturday noon in March: 00:00 CET + 3 real hours = 04:00 CEST.
    expect(addBusinessTime(at('2027-03-27T12:00:00+01:00'), 3 * H, sundays)).toBe(at('2027-03-28T04:00:00+02:00'));
  });

  test('night hours on the change days: 01:00–04:00 is 2 h in spring and 4 h in autumn', () => {
    const night = cal({ 7: [['01:00', '04:00']] });
    // Spring: 01:00 CET (00:00Z) to 04:00 CEST (02:00Z).
    expect(businessTimeBetween(at('2027-03-28T00:00:00+01:00'), at('2027-03-29T00:00:00+02:00'), night)).toBe(2 * H);
    // Autumn: 01:00 CEST (23:00Z on the 24th) to 04:00 CET (03:00Z).
    expect(businessTimeBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'), night)).toBe(4 * H);
    expect(isOpen(at('2027-03-28T01:30:00+01:00'), night)).toBe(true);
    expect(isOpen(at('2027-03-28T03:30:00+02:00'), night)).toBe(true);
    expect(isOpen(at('2027-03-28T04:00:00+02:00'), night)).toBe(false);
    expect(isOpen(at('2026-10-25T02:30:00+01:00'), night)).toBe(true);
  });

  test('hours inside the skipped hour are none; inside the repeated hour they run through both', () => {
    const skipped = cal({ 7: [['02:00', '03:00']] });
    expect(businessTimeBetween(at('2027-03-28T00:00:00+01:00'), at('2027-03-29T00:00:00+02:00'), skipped)).toBe(0);
    // So 30 min from Saturday wait for the next Sunday: 4 April 02:30 CEST.
    expect(addBusinessTime(at('2027-03-27T12:00:00+01:00'), H / 2, skipped)).toBe(at('2027-04-04T02:30:00+02:00'));
    // Autumn: from the first 02:00 (CEST, 00:00Z) until the clock first shows 03:00 (CET, 02:00Z): 2 h.
    expect(businessTimeBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'), skipped)).toBe(2 * H);
    // A close inside the repeated hour is its first showing: 01:00 CEST to the first 02:30 is 1 h 30.
    const early = cal({ 7: [['01:00', '02:30']] });
    expect(businessTimeBetween(at('2026-10-25T00:00:00+02:00'), at('2026-10-26T00:00:00+01:00'), early)).toBe(1.5 * H);
  });

  test('America/Santiago skips midnight (2026-09-06 00:00 → 01:00): that Sunday has 23 h', () => {
    const santiago = cal({ 1: ALL, 2: ALL, 3: ALL, 4: ALL, 5: ALL, 6: ALL, 7: ALL }, { timeZone: 'America/Santiago' });
    expect(businessTimeBetween(at('2026-09-06T01:00:00-03:00'), at('2026-09-07T00:00:00-03:00'), santiago)).toBe(23 * H);
    expect(addBusinessTime(at('2026-09-05T23:30:00-04:00'), H, santiago)).toBe(at('2026-09-06T01:30:00-03:00'));
  });
});

describe('isOpen', () => {
  test('the close is exclusive; holidays and Sundays are shut', () => {
    expect(isOpen(at('2026-12-04T17:59:00+01:00'), store)).toBe(true);
    expect(isOpen(at('2026-12-04T18:00:00+01:00'), store)).toBe(false);
    expect(isOpen(at('2026-12-04T09:00:00+01:00'), store)).toBe(true);
    expect(isOpen(at('2026-12-05T10:30:00+01:00'), store)).toBe(true);
    expect(isOpen(at('2026-12-06T12:00:00+01:00'), store)).toBe(false);
    expect(isOpen(at('2026-12-24T12:00:00+01:00'), store)).toBe(false);
    expect(isOpen(at('2026-12-05T10:30:00+01:00'), weekdays)).toBe(false);
  });

  test('24:00 closes at the next midnight', () => {
    expect(isOpen(at('2026-12-06T23:59:59+01:00'), sundays)).toBe(true);
    expect(isOpen(at('2026-12-07T00:00:00+01:00'), sundays)).toBe(false);
  });
});

describe('parseCalendar', () => {
  const base = { id: 'berlin', name: 'Berlin', timeZone: 'Europe/Berlin', hours: { 1: DAY }, holidays: [] };
  const fails = (patch: Record<string, unknown>) => () => parseCalendar({ ...base, ...patch });

  test('a clean copy: holidays sorted without repeats, missing holidays empty, touching intervals allowed', () => {
    const c = parseCalendar({ ...base, hours: { 1: [['09:00', '12:00'], ['12:00', '24:00']] }, holidays: ['2027-01-01', '2026-12-24', '2026-12-24'] });
    expect(c).toEqual({ id: 'berlin', name: 'Berlin', timeZone: 'Europe/Berlin', hours: { 1: [['09:00', '12:00'], ['12:00', '24:00']] }, holidays: ['2026-12-24', '2027-01-01'] });
    const { holidays: _, ...noHolidays } = base;
    expect(parseCalendar(noHolidays).holidays).toEqual([]);
  });

  test.each([
    ['not an object', () => parseCalendar([]), 'calendar: expected an object with id, name, timeZone, hours and holidays'],
    ['an unknown field', fails({ holydays: [] }), 'holydays: expected one of the fields id, name, timeZone, hours, holidays'],
    ['an empty id', fails({ id: '' }), 'id: expected a string of 1 to 100 characters; got ""'],
    ['no name', fails({ name: undefined }), 'name: expected a string of 1 to 200 characters; got undefined'],
    ['an unknown zone', fails({ timeZone: 'Mars/Olympus' }), 'timeZone: expected an IANA time zone such as Europe/Berlin; got "Mars/Olympus"'],
    ['an offset for a zone', fails({ timeZone: '+01:00' }), 'timeZone: expected an IANA time zone such as Europe/Berlin; got "+01:00"'],
    ['hours as a list', fails({ hours: [] }), 'hours: expected an object from weekday "1" (Monday) … "7" (Sunday) to [open, close] intervals'],
    ['weekday 8', fails({ hours: { 8: DAY } }), 'hours.8: expected a weekday from 1 (Monday) to 7 (Sunday)'],
    ['weekday 0', fails({ hours: { 0: DAY } }), 'hours.0: expected a weekday from 1 (Monday) to 7 (Sunday)'],
    ['a day name', fails({ hours: { Mon: DAY } }), 'hours.Mon: expected a weekday from 1 (Monday) to 7 (Sunday)'],
    ['not a list', fails({ hours: { 1: '09-18' } }), 'hours.1: expected a list of at most 4 ["HH:MM", "HH:MM"] intervals; got "09-18"'],
    ['five intervals', fails({ hours: { 1: [['01:00', '02:00'], ['03:00', '04:00'], ['05:00', '06:00'], ['07:00', '08:00'], ['09:00', '10:00']] } }),
      'hours.1: expected a list of at most 4 ["HH:MM", "HH:MM"] intervals; got [["01:00","02:00"],["03:00","04:00"],["05:00","06:00"],["07:…'],
    ['close before open', fails({ hours: { 1: [['18:00', '09:00']] } }), 'hours.1.0: expected "HH:MM" from 00:00 to 24:00, open before close; got ["18:00","09:00"]'],
    ['open = close', fails({ hours: { 1: [['09:00', '09:00']] } }), 'hours.1.0: expected "HH:MM" from 00:00 to 24:00, open before close; got ["09:00","09:00"]'],
    ['no leading zero', fails({ hours: { 2: [['9:00', '18:00']] } }), 'hours.2.0: expected "HH:MM" from 00:00 to 24:00, open before close; got ["9:00","18:00"]'],
    ['past 24:00', fails({ hours: { 1: [['09:00', '24:30']] } }), 'hours.1.0: expected "HH:MM" from 00:00 to 24:00, open before close; got ["09:00","24:30"]'],
    ['minute 60', fails({ hours: { 1: [['09:60', '18:00']] } }), 'hours.1.0: expected "HH:MM" from 00:00 to 24:00, open before close; got ["09:60","18:00"]'],
    ['one time only', fails({ hours: { 1: [['09:00']] } }), 'hours.1.0: expected "HH:MM" from 00:00 to 24:00, open before close; got ["09:00"]'],
    ['overlapping', fails({ hours: { 1: [['09:00', '13:00'], ['12:00', '18:00']] } }),
      'hours.1.1: expected to open at or after the close before it (intervals sorted, not overlapping); got ["12:00","18:00"]'],
    ['unsorted', fails({ hours: { 3: [['14:00', '18:00'], ['09:00', '12:00']] } }),
      'hours.3.1: expected to open at or after the close before it (intervals sorted, not overlapping); got ["09:00","12:00"]'],
    ['never open', fails({ hours: { 1: [] } }), 'hours: expected at least one open interval in the week'],
    ['holidays not a list', fails({ holidays: '2026-12-24' }), 'holidays: expected a list of at most 200 dates YYYY-MM-DD'],
    ['201 holidays', fails({ holidays: Array.from({ length: 201 }, () => '2026-12-24') }), 'holidays: expected a list of at most 200 dates YYYY-MM-DD'],
    ['a date that does not exist', fails({ holidays: ['2026-12-24', '2026-02-30'] }), 'holidays.1: expected a date YYYY-MM-DD; got "2026-02-30"'],
    ['a German date', fails({ holidays: ['24.12.2026'] }), 'holidays.0: expected a date YYYY-MM-DD; got "24.12.2026"'],
  ] as const)('%s', (_, run, message) => {
    expect(run).toThrow(message);
    try {
      run();
    } catch (e) {
      expect((e as Error).message).toBe(message); // the whole message, not just a part of it
    }
  });
});
