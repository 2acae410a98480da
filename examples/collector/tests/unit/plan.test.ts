// The invitation schedule's pure parts: the waves and their windows (the widget's own rule, compared
// with src/schedule.ts) and the customer's sending hours across time zones and daylight saving.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY, waveOf } from '../../../../src/schedule.ts';
import { currentWave, DAY_MS, inSendingHours, waveCount, waveWindow } from '../../src/store/plan.ts';

const at = (ms: number) => new Date(ms).toISOString();
const hours = [9, 20] as const;

describe('sending hours', () => {
  test.each([
    ['inside: unchanged', '2026-12-04T10:30:00Z', 'Europe/Berlin', '2026-12-04T10:30:00.000Z'],
    ['late evening: next morning at 09:00 local', '2026-12-04T22:30:00Z', 'Europe/Berlin', '2026-12-05T08:00:00.000Z'],
    ['at 20:00 local: next morning', '2026-12-04T19:00:00Z', 'Europe/Berlin', '2026-12-05T08:00:00.000Z'],
    ['early morning: 09:00 the same day', '2026-12-04T03:00:00Z', 'Europe/Berlin', '2026-12-04T08:00:00.000Z'],
    ['a :30 zone', '2026-12-04T00:00:00Z', 'Asia/Kolkata', '2026-12-04T03:30:00.000Z'],
    ['a :45 zone', '2026-12-04T00:00:00Z', 'Asia/Kathmandu', '2026-12-04T03:15:00.000Z'],
    ['Shanghai after hours', '2026-12-04T13:00:00Z', 'Asia/Shanghai', '2026-12-05T01:00:00.000Z'],
    ['the night clocks go forward', '2026-03-29T00:30:00Z', 'Europe/Berlin', '2026-03-29T07:00:00.000Z'],
    ['the night clocks go back', '2026-10-25T00:30:00Z', 'Europe/Berlin', '2026-10-25T08:00:00.000Z'],
  ])('%s', (_, t, tz, want) => {
    expect(at(inSendingHours(Date.parse(t), tz, hours))).toBe(want);
  });

  test('always inside the hours, never earlier, at most a day and a bit later (any zone, any instant)', () => {
    const zones = ['UTC', 'Europe/Berlin', 'America/St_Johns', 'Asia/Kolkata', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Los_Angeles'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }), fc.constantFrom(...zones), fc.integer({ min: 0, max: 23 }), (t, tz, from) => {
        const to = Math.min(24, from + 1 + (t % 8));
        const s = inSendingHours(t, tz, [from, to]);
        const h = Number(new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', hourCycle: 'h23' }).format(s));
        return s >= t && s - t <= 26 * 3_600_000 && h >= from && h < to;
      }),
      { seed: 20261207, numRuns: 500 },
    );
  });
});

describe('waves', () => {
  test('one wave without a plan; the widget counts the same waves and windows as the schedule', () => {
    expect(waveCount(null)).toBe(1);
    const t = Date.parse('2026-01-10T10:00:00Z');
    expect(waveWindow(t, null, 0)).toEqual({ opens: t + 3 * DAY_MS, closes: t + 7 * DAY_MS });
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 400 }), fc.integer({ min: 10, max: 2000 }), fc.integer({ min: 0, max: 2500 }), (every, until, day) => {
        const plan = { everyDays: every, untilDays: until };
        const now = t + day * DAY_MS + 3_600_000;
        const w = waveOf({ deliveredAt: at(t), resurvey: plan }, now, DEFAULT_POLICY);
        const mine = currentWave(t, plan, now);
        const win = waveWindow(t, plan, mine);
        return w.wave === mine && w.opens === win.opens && w.closes === win.closes && mine < waveCount(plan);
      }),
      { seed: 20261207, numRuns: 500 },
    );
  });
});
