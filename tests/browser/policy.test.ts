// The timing policy in real Chromium over simulated days (page.clock.setSystemTime moves Date while
// timers run in real time), against dist/ and the real collector: window, reminder, cooldown across
// deliveries, displays and the response rate; then the delay, SPA route changes and show()/hide().
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

const displays = () => demo.displays();
const summary = () => demo.api<{ displays: { total: number; answered: number; responseRate: number | null } }>('/v1/summary');

const survey = csatSurvey;

test('over simulated days: window, remind me later, answer, then a 30-day cooldown for the same customer; displays give the response rate', async () => {
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    const w = watch(page);
    const t0 = Date.now();
    const at = (days: number) => page.clock.setSystemTime(t0 + days * DAY);
    await page.goto(`${demo.base}/order?order=policy-1&customer=c-9&deliveredAt=${new Date(t0).toISOString()}`);
    await noSurvey(page);

    await at(2.9);
    await page.goto(`${demo.base}/help`);
    await noSurvey(page);

    await at(3.1);
    await page.goto(`${demo.base}/help`);
    await survey(page).waitFor();
    await page.getByRole('button', { name: 'Remind me later' }).click();
    expect(await page.locator('aftercare-survey').count()).toBe(0);
    await written(page, 'policy-1', 'dismissed');

    // Snoozed for 24 h, then asked again (the second and last prompt).
    await at(3.5);
    await page.goto(`${demo.base}/help`);
    await noSurvey(page);
    await at(4.2);
    await page.goto(`${demo.base}/help`);
    await survey(page).waitFor();
    await page.getByRole('radio', { name: '4 Satisfied' }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await waitFor(demo.rows, (r) => r[0]?.complete === 1, 10_000, 'the answer at the collector');

    // A second delivery for the same customer, 2 days later: its window opens while the cooldown runs.
    await page.goto(`${demo.base}/order?order=policy-2&customer=c-9&deliveredAt=${new Date(t0 + 6 * DAY).toISOString()}`);
    await noSurvey(page);
    await at(10);
    await page.goto(`${demo.base}/help`);
    await noSurvey(page);
    expect(await page.evaluate(async () => (await window.Aftercare!.delivery('policy-2'))?.prompts)).toBe(0);

    const rows = await waitFor(displays, (d) => d.length === 2, 10_000, 'two displays at the collector');
    expect(rows.map((d) => [d.delivery_id, d.outcome, d.later])).toEqual([
      ['policy-1', 'dismissed', 1],
      ['policy-1', 'answered', 0],
    ]);
    expect(rows[1]!.response_id).toBe(demo.rows()[0]!.id);
    expect((await summary()).displays).toMatchObject({ total: 2, answered: 1, responseRate: 50 });
    expect(w.errors).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  } finally {
    await close();
  }
});

test('a display left open when the tab closed is ended as expired by the next page view', async () => {
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${demo.base}/order?order=policy-3&daysAgo=4`);
    await survey(page).waitFor();
    await written(page, 'policy-3', 'shown');
    const before = displays().length;
    await page.close();
    const next = await context.newPage();
    await next.goto(`${demo.base}/help`);
    // Shown again (second prompt); the first display is counted as expired, not lost.
    await survey(next).waitFor();
    const rows = await waitFor(displays, (d) => d.length > before, 10_000, 'the expired display');
    expect(rows.filter((d) => d.delivery_id === 'policy-3').map((d) => d.outcome)).toEqual(['expired']);
    expect(t0).toBeGreaterThan(0);
  } finally {
    await close();
  }
});

test('the delay counts only visible time, and a route change in a single-page app cancels the pending survey and looks again', async () => {
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    // Record a due delivery without showing it here (a survey due on /order would show at once).
    await page.goto(`${demo.base}/order?order=spa-1&daysAgo=4&data-delay=600000`);
    await page.waitForFunction(() => window.Aftercare);
    await page.evaluate(() => window.Aftercare!.ready);

    // Sleeps wide enough for a slow machine: the click comes well before the first 4 s are up, the
    // check after them and well before 4 s from the click.
    await page.goto(`${demo.base}/app?data-delay=4000`);
    await page.waitForFunction(() => window.Aftercare);
    await page.waitForTimeout(1000);
    await page.getByRole('link', { name: 'Orders', exact: true }).click();
    await expect.poll(() => page.url()).toBe(`${demo.base}/app/orders`);
    // 4 s after the first load it would have shown; the route change restarted the wait.
    await page.waitForTimeout(3300);
    expect(await page.locator('aftercare-survey').count()).toBe(0);
    await survey(page).waitFor({ timeout: 10_000 });
    expect(page.url()).toBe(`${demo.base}/app/orders`);
    // Shown by itself: focus stays where the customer was.
    expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('AFTERCARE-SURVEY');
  } finally {
    await close();
  }
});

test('show() and hide(): the app decides; focus moves in and comes back; the hidden display ends as expired', async () => {
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    await page.goto(`${demo.base}/order?order=spa-2&daysAgo=4&data-delay=600000`);
    await page.waitForFunction(() => window.Aftercare);
    await page.evaluate(() => window.Aftercare!.ready);
    await page.waitForTimeout(300);
    expect(await page.locator('aftercare-survey').count()).toBe(0);

    await page.goto(`${demo.base}/app?data-delay=600000`);
    await page.waitForFunction(() => window.Aftercare);
    const ask = page.getByRole('button', { name: 'Give feedback' });
    await ask.focus();
    await ask.press('Enter');
    await survey(page).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('AFTERCARE-SURVEY');

    const before = displays().length;
    await page.evaluate(() => window.Aftercare!.hide());
    expect(await page.locator('aftercare-survey').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('ask');
    const rows = await waitFor(displays, (d) => d.length > before, 10_000, 'the expired display');
    expect(rows.filter((d) => d.delivery_id === 'spa-2').map((d) => d.outcome)).toEqual(['expired']);
  } finally {
    await close();
  }
});

test('the page sees no cookies, no localStorage, and no request leaves for another origin', async () => {
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    const origins = new Set<string>();
    page.on('request', (r) => origins.add(new URL(r.url()).origin));
    await page.goto(`${demo.base}/order?order=privacy-1&daysAgo=4`);
    await survey(page).waitFor();
    await page.getByRole('radio', { name: '5 Very satisfied' }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await waitFor(demo.rows, (r) => r.some((x) => x.delivery_id === 'privacy-1' && x.complete === 1), 10_000, 'the answer');
    expect(await page.evaluate(() => [document.cookie, localStorage.length, sessionStorage.length])).toEqual(['', 0, 0]);
    expect((await context.cookies()).length).toBe(0);
    expect([...origins]).toEqual([demo.base]);
  } finally {
    await close();
  }
});

test('headless mode: the example page draws its own survey on the SDK, and the answer and display reach the collector', async () => {
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    const w = watch(page);
    await page.goto(`${demo.base}/headless?order=headless-1`);
    const group = page.getByRole('group', { name: 'How satisfied are you with your order?' });
    await group.waitFor();
    // No widget, no Preact: the SDK alone.
    expect(await page.locator('aftercare-survey').count()).toBe(0);
    expect(await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname))).not.toContain('/aftercare-ui.js');
    await page.getByRole('radio', { name: '2 Dissatisfied' }).click();
    await page.getByRole('textbox', { name: 'Anything to add? (optional)' }).fill('Late by a day');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Thank you for your feedback!');
    const rows = await waitFor(demo.rows, (r) => r.some((x) => x.delivery_id === 'headless-1' && x.complete === 1), 10_000, 'the answer');
    expect(rows.find((x) => x.delivery_id === 'headless-1')).toMatchObject({ csat: 2, comment: 'Late by a day' });
    await waitFor(displays, (d) => d.some((x) => x.delivery_id === 'headless-1' && x.outcome === 'answered'), 10_000, 'the answered display');
    // The same policy: answered, so never again.
    await page.reload();
    await page.waitForTimeout(1500);
    expect(await group.count()).toBe(0);
    expect(w.errors).toEqual([]);
  } finally {
    await close();
  }
});
