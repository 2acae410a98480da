// The whole path in real Chromium against dist/aftercare.js and the real collector process:
// delivery recorded at day 0, survey on another page at day 4, answer in the collector's SQLite.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cspViolations, DAY, launch, outbox, startDemo, waitFor, watch, written } from './harness.ts';

let demo: Awaited<ReturnType<typeof startDemo>>;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  await demo?.stop();
});

const ready = (page: import('playwright-core').Page) => page.waitForFunction(() => (window as { __ready?: boolean }).__ready === true);
const listenReady = (page: import('playwright-core').Page) =>
  page.addInitScript(() =>
    document.addEventListener('aftercare:ready', (e) => {
      (window as { __ready?: boolean }).__ready = (e as CustomEvent).detail === window.Aftercare;
    }),
  );

test('day 0 records without asking; day 4 asks on a page with only data-endpoint; the answer reaches the database', async () => {
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    const w = watch(page);
    await listenReady(page);
    const t0 = Date.now();
    await page.goto(`${demo.base}/order?order=journey-1&deliveredAt=${new Date(t0).toISOString()}`);
    await ready(page);
    expect(await page.evaluate(() => window.Aftercare!.due())).toEqual([]);
    expect(await page.evaluate(async () => (await window.Aftercare!.delivery('journey-1'))?.history.map((h) => h.type))).toEqual(['recorded']);
    await page.waitForTimeout(300);
    expect(await page.locator('aftercare-survey').count()).toBe(0);

    await page.clock.setSystemTime(t0 + 4 * DAY);
    await page.goto(`${demo.base}/help`);
    expect(await page.locator('script[src="/aftercare.js"]').evaluate((s) => s.getAttributeNames().filter((n) => n.startsWith('data-') && n !== 'data-delay'))).toEqual(['data-endpoint']); // data-delay: the test server shows surveys at once
    const dialog = page.getByRole('dialog', { name: 'How satisfied are you with our service?' });
    await dialog.waitFor();
    await page.getByRole('radio', { name: '5 Very satisfied' }).click();
    const partial = await waitFor(demo.rows, (r) => r.length === 1, 10_000, 'the score in the database');
    expect(partial[0]).toMatchObject({ delivery_id: 'journey-1', csat: 5, complete: 0, revision: 1, path: '/help' });

    await page.getByRole('textbox', { name: 'Great! What did we do well? (optional)' }).fill('Fixed in an hour. <b>Great</b>');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Thank you for your feedback!');
    const rows = await waitFor(demo.rows, (r) => r[0]?.revision === 2, 10_000, 'the final revision in the database');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ csat: 5, complete: 1, comment: 'Fixed in an hour. <b>Great</b>', locale: expect.any(String) });
    await waitFor(() => outbox(page), (o) => o.pending === 0, 10_000, 'an empty outbox');

    // Never twice for one delivery.
    await page.reload();
    await page.waitForFunction(() => window.Aftercare);
    await page.waitForTimeout(500);
    expect(await page.locator('aftercare-survey').count()).toBe(0);
    expect(await page.evaluate(() => window.Aftercare!.due())).toEqual([]);
    expect(w.errors).toEqual([]);

    // The dashboard shows the answer once signed in (one-click link), under its own strict CSP.
    await page.goto(`${demo.base}/dashboard#token=${demo.token}`);
    const csat = page.getByRole('region', { name: 'CSAT (share of 4–5)' });
    await expect.poll(() => csat.locator('.big').textContent()).toBe('100%');
    expect(await csat.locator('.n').textContent()).toBe('n = 1');
    expect(await page.getByRole('region', { name: 'NPS', exact: true }).locator('.big').textContent()).toBe('—');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Comments' }).click();
    await expect.poll(() => page.getByRole('article').first().locator('.text').textContent()).toBe('Fixed in an hour. <b>Great</b>');
    expect(await page.locator('.cards b').count()).toBe(0);
    expect(await cspViolations(page)).toEqual([]);
  } finally {
    await close();
  }
});

test('outside the window nothing shows: day 2 and day 8', async () => {
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${demo.base}/order?order=journey-2&deliveredAt=${new Date(t0).toISOString()}`);
    await page.waitForFunction(() => window.Aftercare);
    await page.evaluate(() => window.Aftercare!.ready);
    for (const day of [2, 8]) {
      await page.clock.setSystemTime(t0 + day * DAY);
      await page.goto(`${demo.base}/help`);
      await page.waitForFunction(() => window.Aftercare);
      expect(await page.evaluate(() => window.Aftercare!.due())).toEqual([]);
      await page.waitForTimeout(300);
      expect(await page.locator('aftercare-survey').count()).toBe(0);
    }
    expect(await page.evaluate(async () => (await window.Aftercare!.delivery('journey-2'))?.prompts)).toBe(0);
  } finally {
    await close();
  }
});

test('dismissed: not again for 24 h, and at most 2 prompts per delivery', async () => {
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    const t0 = Date.now();
    await page.goto(`${demo.base}/order?order=journey-3&deliveredAt=${new Date(t0).toISOString()}`);
    await page.waitForFunction(() => window.Aftercare);
    await page.evaluate(() => window.Aftercare!.ready);
    const survey = page.getByRole('dialog');
    await page.clock.setSystemTime(t0 + 3 * DAY + 60_000);
    await page.goto(`${demo.base}/help`);
    await survey.waitFor();
    await page.getByRole('button', { name: 'Close survey' }).click();
    await expect.poll(() => page.locator('aftercare-survey').count()).toBe(0);
    await written(page, 'journey-3', 'dismissed');
    await page.reload();
    await page.waitForFunction(() => window.Aftercare);
    await page.waitForTimeout(300);
    expect(await page.locator('aftercare-survey').count()).toBe(0);

    await page.clock.setSystemTime(t0 + 4 * DAY + 120_000);
    await page.goto(`${demo.base}/help`);
    await survey.waitFor();
    await page.keyboard.press('Tab'); // focus lands somewhere on the page; Escape only acts inside the survey
    await page.getByRole('radio', { name: '1 Very dissatisfied' }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('aftercare-survey').count()).toBe(0);
    await written(page, 'journey-3', 'dismissed');

    await page.clock.setSystemTime(t0 + 6 * DAY);
    await page.goto(`${demo.base}/help`);
    await page.waitForFunction(() => window.Aftercare);
    await page.waitForTimeout(300);
    expect(await page.locator('aftercare-survey').count()).toBe(0);
    const d = await page.evaluate(() => window.Aftercare!.delivery('journey-3'));
    expect(d?.prompts).toBe(2);
    expect(d?.history.map((h) => h.type)).toEqual(['recorded', 'shown', 'dismissed', 'shown', 'dismissed']);
    expect(demo.rows().filter((r) => r.delivery_id === 'journey-3')).toEqual([]);
  } finally {
    await close();
  }
});

test('closing after a score still delivers the score, and does not count as a dismissal', async () => {
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    await page.goto(`${demo.base}/?order=journey-4`);
    await page.getByRole('dialog').waitFor();
    await page.getByRole('radio', { name: '2 Dissatisfied' }).click();
    await page.getByRole('textbox').waitFor();
    await page.getByRole('button', { name: 'Close survey' }).click();
    await expect.poll(() => page.locator('aftercare-survey').count()).toBe(0);
    const rows = await waitFor(() => demo.rows().filter((r) => r.delivery_id === 'journey-4'), (r) => r.length === 1, 10_000, 'the score');
    expect(rows[0]).toMatchObject({ csat: 2, complete: 0, comment: null });
    const d = await page.evaluate(() => window.Aftercare!.delivery('journey-4'));
    expect(d?.dismissedAt).toBeUndefined();
    expect(d?.history.map((h) => h.type)).toEqual(['recorded', 'shown', 'answered']);
  } finally {
    await close();
  }
});
