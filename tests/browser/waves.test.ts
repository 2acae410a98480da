// Re-survey waves in real Chromium over simulated days (page.clock.setSystemTime moves Date while
// timers run in real time), against dist/ and the real collector: a delivery with
// data-resurvey="30 365" is asked in the 3–7 day window, again a month later with a new response id,
// two declines pause the customer for 7 days, and the next wave shows; the collector holds one row
// per wave with `wave` set, and the displays likewise.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { csatSurvey, cspViolations, DAY, launch, noSurvey, startDemo, waitFor, watch, written } from './harness.ts';

let demo: Awaited<ReturnType<typeof startDemo>>;
beforeAll(async () => {
  demo = await startDemo(['--test-hooks']);
});
afterAll(async () => {
  await demo?.stop();
});

const survey = csatSurvey;
const answer = async (page: Page, score: string) => {
  await survey(page).waitFor();
  await page.getByRole('radio', { name: score }).click();
  await page.getByRole('button', { name: 'Send' }).click();
};
const decline = async (page: Page, id: string) => {
  await survey(page).waitFor();
  await page.getByRole('button', { name: 'Close survey' }).click();
  await expect.poll(() => page.locator('aftercare-survey').count()).toBe(0);
  await written(page, id, 'dismissed');
};

test('data-resurvey="30 365" over a year of simulated days: one survey per wave, declines pause the customer, waves reach the collector', async () => {
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    const w = watch(page);
    const t0 = Date.now();
    const at = (days: number) => page.clock.setSystemTime(t0 + days * DAY);
    const visit = (path = '/help') => page.goto(`${demo.base}${path}`);
    const order = (id: string, days: number) =>
      visit(`/order?order=${id}&customer=c-life&deliveredAt=${new Date(t0 + days * DAY).toISOString()}&data-resurvey=${encodeURIComponent('30 365')}`);

    // Day 0: the order page records the delivery and its plan, and asks nothing.
    await order('life-1', 0);
    await noSurvey(page);
    expect(await page.evaluate(async () => (await window.Aftercare!.delivery('life-1'))?.resurvey)).toEqual({ everyDays: 30, untilDays: 365 });

    // Day 4: wave 0, answered.
    await at(4);
    await visit();
    await answer(page, '4 Satisfied');
    const first = await waitFor(demo.rows, (r) => r.length === 1, 10_000, 'the wave 0 answer');
    expect(first[0]).toMatchObject({ delivery_id: 'life-1', wave: 0, csat: 4 });

    // Day 10: between waves, nothing.
    await at(10);
    await visit();
    await noSurvey(page);

    // Day 33: wave 1 (30 + 3), its own survey and its own response id.
    await at(33);
    await visit();
    await answer(page, '2 Dissatisfied');
    const two = await waitFor(demo.rows, (r) => r.length === 2, 10_000, 'the wave 1 answer');
    expect(two[1]).toMatchObject({ delivery_id: 'life-1', wave: 1, csat: 2 });
    expect(two[1]!.id).not.toBe(two[0]!.id);

    // A second delivery for the same customer, whose window (day 67.5–71.5) falls inside the pause below.
    await at(60);
    await order('life-2', 64.5);
    await noSurvey(page);

    // Day 63: wave 2, declined; day 64.1 (after the 24 h snooze) declined again: two declines in a row.
    await at(63);
    await visit();
    await decline(page, 'life-1');
    await at(63.5);
    await visit();
    await noSurvey(page);
    await at(64.1);
    await visit();
    await decline(page, 'life-1');

    // Paused for 7 days from the second decline (until day 71.1), every survey of this customer:
    // life-2 is due from day 67.5 but not shown.
    for (const day of [68, 71]) {
      await at(day);
      await visit();
      await noSurvey(page);
    }
    expect(await page.evaluate(async () => (await window.Aftercare!.delivery('life-2'))?.prompts)).toBe(0);
    // Day 71.2: the pause is over, life-2 shows; "remind me later" is not a decline.
    await at(71.2);
    await visit();
    await survey(page).waitFor();
    await page.getByRole('button', { name: 'Remind me later' }).click();
    await written(page, 'life-2', 'dismissed');

    // Day 93: wave 3 (90 + 3) shows and is answered.
    await at(93);
    await visit();
    await answer(page, '5 Very satisfied');

    const rows = await waitFor(demo.rows, (r) => r.length === 3, 10_000, 'the wave 3 answer');
    expect(rows.map((r) => [r.delivery_id, r.wave, r.csat])).toEqual([
      ['life-1', 0, 4],
      ['life-1', 1, 2],
      ['life-1', 3, 5],
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);

    const displays = await waitFor(demo.displays, (d) => d.length === 6, 10_000, 'six displays');
    expect(displays.map((d) => [d.delivery_id, d.wave, d.outcome, d.later])).toEqual([
      ['life-1', 0, 'answered', 0],
      ['life-1', 1, 'answered', 0],
      ['life-1', 2, 'dismissed', 0],
      ['life-1', 2, 'dismissed', 0],
      ['life-2', 0, 'dismissed', 1],
      ['life-1', 3, 'answered', 0],
    ]);
    expect(displays.filter((d) => d.outcome === 'answered').map((d) => d.response_id)).toEqual(rows.map((r) => r.id));

    // Wave 12 (day 363) is the last: its opening comes before day 365. Nothing after it.
    await at(363.5);
    await visit();
    await survey(page).waitFor();
    await page.getByRole('button', { name: 'Remind me later' }).click();
    await at(393.5);
    await visit();
    await noSurvey(page);

    expect(w.errors).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  } finally {
    await close();
  }
});
