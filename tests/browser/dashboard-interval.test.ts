// All time over an answer from 1970 (a row stored before the collector bounded times): the dashboard
// still loads, by the next coarser interval, and says so above its charts.
import Database from 'better-sqlite3';
import { beforeAll, expect, test } from 'vitest';
import { post, seedAnswers } from './dashboard-fixtures.ts';
import { sharedBrowser, watch } from './harness.ts';

const b = sharedBrowser();

beforeAll(async () => {
  const seed = seedAnswers();
  await post(b.demo.base, { responses: seed.responses.slice(0, 10) });
  // The oldest answer moved to 1970, as an older collector would have stored it (WAL: the demo keeps running).
  const db = new Database(b.demo.dbPath);
  try {
    db.pragma('busy_timeout = 5000');
    const { id } = db.prepare('SELECT id FROM responses ORDER BY answered_at LIMIT 1').get() as { id: string };
    db.prepare("UPDATE responses SET answered_at = '1970-01-01T00:00:00.000Z', answered_ms = 0, answered_q = 0 WHERE id = ?").run(id);
    db.prepare('UPDATE response_meta SET answered_ms = 0, answered_q = 0 WHERE response_id = ?').run(id);
  } finally {
    db.close();
  }
});

test('All time by day over 56 years: the API answers by month and says so; the dashboard shows the trend and why it is by month', async () => {
  const s = await b.demo.api<{ interval: string; intervalAsked: string; responses: number; series: unknown[] }>('/v1/summary?interval=day');
  expect(s).toMatchObject({ interval: 'month', intervalAsked: 'day', responses: 10 });
  expect(s.series.length).toBeGreaterThan(600);
  const context = await b.context({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const w = watch(page);
  await page.goto(`${b.demo.base}/dashboard?range=all&interval=day#token=${b.demo.token}`);
  await expect.poll(() => page.getByRole('note').textContent()).toBe('Shown by month: this period has too many days for one chart.');
  await page.getByRole('img', { name: /NPS/ }).first().waitFor();
  expect(await page.getByText('Could not load the data').count()).toBe(0);
  expect(w.errors).toEqual([]);
});

test('more than 50 meta keys: Segments lists the 50 most used and says so; any other key is asked for by name', async () => {
  const now = Date.now();
  const many = Array.from({ length: 3 }, (_, i) => ({
    id: `00000000-0000-4000-8000-00000000a00${i}`,
    revision: 1,
    deliveryId: `many-keys-${i}`,
    deliveredAt: new Date(now - 5 * 86_400_000).toISOString(),
    answeredAt: new Date(now - 86_400_000).toISOString(),
    csat: 4,
    complete: true,
    locale: 'en',
    meta: Object.fromEntries(Array.from({ length: 20 }, (_, j) => [`extra${String(i * 20 + j).padStart(2, '0')}`, 'x'])),
  }));
  await post(b.demo.base, { responses: many });
  const s = await b.demo.api<{ metaKeys: string[]; metaKeysTotal: number }>('/v1/summary');
  expect(s.metaKeys).toHaveLength(50);
  expect(s.metaKeysTotal).toBe(62);
  const unlisted = Array.from({ length: 60 }, (_, k) => `extra${String(k).padStart(2, '0')}`).find((k) => !s.metaKeys.includes(k))!;
  const context = await b.context({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${b.demo.base}/dashboard?view=segments&range=all#token=${b.demo.token}`);
  await page.getByText('The 50 most used of 62 keys are listed; type any other key.').waitFor();
  await page.getByRole('textbox', { name: 'Another key' }).fill(unlisted);
  await page.getByRole('button', { name: 'Group by' }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('by')).toBe(unlisted);
  await expect.poll(() => page.getByRole('table', { name: new RegExp(unlisted) }).locator('tbody tr').count()).toBe(1);
});
