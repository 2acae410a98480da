// An answer given offline survives a reload and reaches the collector exactly once.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DAY, launch, outbox, startDemo, waitFor, watch } from './harness.ts';

let demo: Awaited<ReturnType<typeof startDemo>>;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  await demo?.stop();
});

test('answered offline → reload with the collector unreachable → back online: one row, final revision', async () => {
  const { context, close } = await launch();
  try {
    const page = await context.newPage();
    const w = watch(page);
    const t0 = Date.now();
    await page.goto(`${demo.base}/order?order=offline-1&deliveredAt=${new Date(t0).toISOString()}`);
    await page.waitForFunction(() => window.Aftercare);
    await page.evaluate(() => window.Aftercare!.ready);
    await page.clock.setSystemTime(t0 + 4 * DAY);
    await page.goto(`${demo.base}/help`);
    await page.getByRole('dialog').waitFor();

    await context.setOffline(true);
    await page.getByRole('radio', { name: '2 Dissatisfied' }).click();
    await page.getByRole('textbox').fill('The technician was late');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Thank you for your feedback!');
    const box = await outbox(page);
    expect(box.pending).toBe(1);
    expect(demo.rows()).toEqual([]);

    // Reload while the collector is still unreachable: the answer is read back from IndexedDB.
    let blocked = 0;
    await context.route('**/v1/responses', (route) => {
      blocked++;
      return route.abort('internetdisconnected');
    });
    await context.setOffline(false);
    await page.reload();
    await page.waitForFunction(() => window.Aftercare);
    await waitFor(() => blocked, (n) => n > 0, 10_000, 'a sync attempt after the reload');
    expect(await outbox(page)).toEqual({ ...box, pending: 1 });
    const pending = await page.evaluate(async () => (await window.Aftercare!.outbox()).pending[0]);
    expect(pending).toMatchObject({ response: { csat: 2, comment: 'The technician was late', complete: true, revision: 2 }, lastError: 'network error' });
    expect(pending!.attempts).toBeGreaterThanOrEqual(1);

    // Back online: the `online` event sends at once.
    await context.unroute('**/v1/responses');
    await context.setOffline(true);
    await context.setOffline(false);
    const rows = await waitFor(demo.rows, (r) => r.length >= 1, 15_000, 'the answer at the collector');
    await waitFor(() => outbox(page), (o) => o.pending === 0, 10_000, 'an empty outbox');

    // Reload again and give any resend a chance: still exactly one row, at the final revision.
    await page.reload();
    await page.waitForFunction(() => window.Aftercare);
    await page.evaluate(() => window.Aftercare!.flush());
    const final = demo.rows();
    expect(final).toHaveLength(1);
    expect(final[0]).toMatchObject({ id: rows[0]!.id, delivery_id: 'offline-1', revision: 2, csat: 2, comment: 'The technician was late', complete: 1 });
    expect(w.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e))).toEqual([]);
  } finally {
    await close();
  }
});
