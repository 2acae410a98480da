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
