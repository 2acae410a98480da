// Answers waiting on a page with nothing else to do: the loader sends them itself (no SDK download);
// when the plain path does not hold (the collector fails), the SDK takes over and nothing is lost.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launch, scriptsOf, startDemo, waitFor, watch } from './harness.ts';

let demo: Awaited<ReturnType<typeof startDemo>>;
beforeAll(async () => {
  demo = await startDemo(['--test-hooks']);
});
afterAll(async () => {
  await demo?.stop();
});

/** Answers a survey while offline, so the answer waits in IndexedDB; returns when the page is closed. */
async function answerOffline(context: BrowserContext, order: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${demo.base}/order?order=${order}&daysAgo=4&customer=${order}`);
  await page.getByRole('dialog').waitFor();
  await context.setOffline(true);
  await page.getByRole('radio', { name: '4 Satisfied' }).click();
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('status').getByText('Thank you for your feedback!').waitFor();
  await page.close();
  await context.setOffline(false);
}

/** How many records under `prefix` (the outbox by default) the page's IndexedDB holds, read directly (so the SDK is not fetched). */
const rawPending = (page: Page, prefix = 'o:') =>
  page.evaluate(
    (prefix) =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('aftercare');
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('kv').objectStore('kv').count(IDBKeyRange.bound(prefix, `${prefix}\uffff`));
          count.onsuccess = () => (db.close(), resolve(count.result));
        };
      }),
    prefix,
  );

test('the loader sends waiting answers and ended displays itself: only aftercare.js is downloaded, one row each, IndexedDB emptied', async () => {
  const { context, close } = await launch();
  try {
    await answerOffline(context, 'quick-1');
    const page = await context.newPage();
    const { errors } = watch(page);
    const scripts = scriptsOf(page);
    // Past any backoff the failed attempt set.
    await page.clock.setSystemTime(Date.now() + 10 * 60_000);
    await page.goto(`${demo.base}/help`);
    const rows = await waitFor(demo.rows, (r) => r.some((x) => x.delivery_id === 'quick-1'), 10_000, 'the answer at the collector');
    expect(rows.filter((x) => x.delivery_id === 'quick-1')).toMatchObject([{ csat: 4, complete: 1 }]);
    await expect.poll(() => rawPending(page)).toBe(0);
    // The display that answer ended went too, after it, and left IndexedDB.
    const displays = await waitFor(demo.displays, (d) => d.some((x) => x.delivery_id === 'quick-1'), 10_000, 'the display at the collector');
    expect(displays.filter((x) => x.delivery_id === 'quick-1')).toMatchObject([{ outcome: 'answered' }]);
    await expect.poll(() => rawPending(page, 's:')).toBe(0);
    await page.waitForTimeout(300);
    expect(scripts).toEqual(['/aftercare.js']);
    expect(errors).toEqual([]);
  } finally {
    await close();
  }
});

test('when the collector fails, the SDK takes over and delivers once it recovers', async () => {
  const { context, close } = await launch();
  try {
    await answerOffline(context, 'quick-2');
    await demo.faults(['503']);
    const page = await context.newPage();
    const scripts = scriptsOf(page);
    await page.clock.setSystemTime(Date.now() + 10 * 60_000);
    await page.goto(`${demo.base}/help`);
    const rows = await waitFor(demo.rows, (r) => r.some((x) => x.delivery_id === 'quick-2'), 20_000, 'the answer after the retry');
    expect(rows.filter((x) => x.delivery_id === 'quick-2')).toHaveLength(1);
    expect(scripts).toEqual(['/aftercare.js', '/aftercare-sdk.js']);
    await expect.poll(() => rawPending(page)).toBe(0);
  } finally {
    await close();
  }
});
