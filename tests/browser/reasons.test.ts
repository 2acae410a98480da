// "What mattered most?" (issue 14) in real Chromium against dist/ and the real collector on SQLite:
// a delivery recorded at day 0, its survey at day 4 on a page with data-reasons; score and reasons
// chosen by keyboard alone, each a revision of one response (what the page sent and what the
// collector's read API returns); axe-core on the reasons step in both themes, right to left and at
// 360 px; a reason without a label is one console error and no survey.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DAY, sharedBrowser, waitFor, watch, settled } from './harness.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG22AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
const REASONS = 'speed solved parking';
const STRINGS = JSON.stringify({ 'reason.parking': 'Parking' });

const b = sharedBrowser();

interface ApiResponse {
  id: string;
  revision: number;
  deliveryId: string;
  csat: number | null;
  reasons?: string[];
  comment: string | null;
  complete: boolean;
}
/** The collector's responses for one delivery, through its read API with the admin token. */
const responsesOf = async (order: string) =>
  (await b.demo.api<{ responses: ApiResponse[] }>('/v1/responses?limit=500')).responses.filter((r) => r.deliveryId === order);

interface Sent {
  id: string;
  revision: number;
  csat?: number;
  reasons?: string[];
  comment?: string;
  complete: boolean;
}
/** The responses the page POSTs to the collector, in the order they leave. */
function sentBy(page: Page): Sent[] {
  const sent: Sent[] = [];
  page.on('request', (r) => {
    if (r.method() !== 'POST' || new URL(r.url()).pathname !== '/v1/responses') return;
    const body = JSON.parse(r.postData() ?? '{}') as { responses?: Sent[] };
    sent.push(...(body.responses ?? []));
  });
  return sent;
}

/** What has focus, as a screen reader would name it: inside the survey, its name; on the page, `page:` and its text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const h = document.querySelector('aftercare-survey');
    if (!h || document.activeElement !== h) return `page:${document.activeElement?.textContent?.trim() ?? ''}`;
    const el = h.shadowRoot!.activeElement as HTMLElement | null;
    if (el instanceof HTMLInputElement) return `${el.type} ${el.closest('label')!.textContent!.trim()}${el.checked ? ' (checked)' : ''}`;
    return el?.getAttribute('aria-label') ?? (el?.tagName === 'TEXTAREA' ? 'textarea' : (el?.textContent?.trim() ?? 'survey:none'));
  });

async function axe(page: Page): Promise<Array<{ id: string; target: string }>> {
  // The card fades in (0.18 s): let it finish, or contrast is measured halfway through it.
  await settled(page);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }).axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      }),
    WCAG22AA,
  );
  return result.violations.flatMap((v) => v.nodes.map((n) => ({ id: v.id, target: JSON.stringify(n.target) })));
}

describe('the reasons question', () => {
  test('keyboard only: the score, then each reason, reach the collector as revisions of one response; Send keeps them', async () => {
    const context = await b.context();
    const page = await context.newPage();
    const w = watch(page);
    const sent = sentBy(page);
    const order = `reasons-${Date.now().toString(36)}`;
    const t0 = Date.now();
    await page.goto(`${b.demo.base}/order?order=${order}&deliveredAt=${new Date(t0).toISOString()}`);
    await page.waitForFunction(() => window.Aftercare);
    await page.evaluate(() => window.Aftercare!.ready);

    await page.clock.setSystemTime(t0 + 4 * DAY);
    await page.goto(`${b.demo.base}/help?${new URLSearchParams({ 'data-reasons': REASONS, 'data-strings': STRINGS })}`);
    await page.getByRole('dialog', { name: 'How satisfied are you with our service?' }).waitFor();
    expect(await page.getByRole('checkbox').count()).toBe(0);

    // Tab through the page's links to the survey (× first), then into the CSAT group.
    for (let i = 0; i < 15 && (await focused(page)) !== 'Close survey'; i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Close survey');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight'); // arrows move and choose: 2 Dissatisfied
    expect(await focused(page)).toBe('radio 2 Dissatisfied (checked)');
    const group = page.getByRole('group', { name: 'What went wrong?' });
    await group.waitFor();
    expect(await group.locator('label').allTextContents()).toEqual(['Response speed', 'Problem solved', 'Parking']);

    const first = await waitFor(() => responsesOf(order), (r) => r.length === 1, 10_000, 'the score at the collector');
    expect(first[0]).toMatchObject({ revision: 1, csat: 2, complete: false });
    expect(first[0]!.reasons ?? []).toEqual([]);

    // Tab leaves the radio group for the first reason; Space chooses the second.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('checkbox Response speed');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await focused(page)).toBe('checkbox Problem solved (checked)');
    const second = await waitFor(() => responsesOf(order), (r) => r[0]?.revision === 2, 10_000, 'the reason at the collector');
    expect(second).toHaveLength(1);
    expect(second[0]).toMatchObject({ id: first[0]!.id, revision: 2, csat: 2, reasons: ['solved'], complete: false });

    // Enter toggles the merchant's own reason too, and does not send the survey.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('checkbox Parking (checked)');
    expect(await page.getByRole('status').textContent()).toBe('');
    await waitFor(() => responsesOf(order), (r) => r[0]?.revision === 3, 10_000, 'the second reason at the collector');

    // The comment step as before: Tab to the box, type, Tab to Send, Enter.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('textarea');
    await page.keyboard.type('Waited an hour');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Send');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Thank you for your feedback!');
    const last = await waitFor(() => responsesOf(order), (r) => r[0]?.complete === true, 10_000, 'the final revision at the collector');
    expect(last).toHaveLength(1);
    expect(last[0]).toMatchObject({ id: first[0]!.id, revision: 4, csat: 2, reasons: ['solved', 'parking'], comment: 'Waited an hour', complete: true });

    // What the page sent: the score revision without reasons, then reason revisions of the same id, higher each time.
    const mine = sent.filter((r) => r.id === first[0]!.id);
    expect(mine.map((r) => [r.revision, r.reasons ?? null])).toEqual([
      [1, null],
      [2, ['solved']],
      [3, ['solved', 'parking']],
      [4, ['solved', 'parking']],
    ]);
    expect(mine.map((r) => r.csat)).toEqual([2, 2, 2, 2]);
    expect(w.errors).toEqual([]);
  });

  test.each([
    ['light', {}, 1280],
    ['dark', { 'data-theme': 'dark' }, 1280],
    ['ar, right to left', { 'data-locale': 'ar' }, 1280],
    ['360 px, dark, stars', { 'data-theme': 'dark', 'data-csat-style': 'stars' }, 360],
  ] as const)('axe-core: 0 violations on the reasons step (%s); targets at least 44 px high; no horizontal scrolling', async (_, attrs, width) => {
    const context = await b.context({ viewport: { width, height: 740 } });
    const page = await context.newPage();
    const w = watch(page);
    const order = `reasons-axe-${Date.now().toString(36)}`;
    const q = new URLSearchParams({ order, 'data-reasons': 'speed staff attitude solved communication price quality delivery parking', 'data-strings': STRINGS, ...attrs });
    await page.goto(`${b.demo.base}/?${q}`);
    await page.getByRole('dialog').waitFor();
    await page.getByRole('radio').nth(2).check(); // CSAT 3: "What mattered most?"
    const boxes = page.getByRole('group').nth(1).getByRole('checkbox');
    await expect.poll(() => boxes.count()).toBe(9);
    await boxes.nth(1).check();
    expect(await axe(page)).toEqual([]);
    const sizes = await page.evaluate(() =>
      [...document.querySelector('aftercare-survey')!.shadowRoot!.querySelectorAll('.rs label')].map((l) => {
        const r = l.getBoundingClientRect();
        return [Math.round(r.width), Math.round(r.height)];
      }),
    );
    expect(sizes).toHaveLength(9);
    for (const [wd, h] of sizes) expect(wd! >= 24 && h! >= 44, `${wd}×${h}`).toBe(true);
    const overflow = await page.evaluate(() => {
      const card = document.querySelector('aftercare-survey')!.shadowRoot!.querySelector('.card')!;
      return { page: document.documentElement.scrollWidth - innerWidth, card: card.scrollWidth - card.clientWidth };
    });
    expect(overflow).toEqual({ page: 0, card: 0 });
    expect(w.errors).toEqual([]);
  });

  test('a reason without a label: one console error naming data-reasons and the id, and no survey', async () => {
    const context = await b.context();
    const page = await context.newPage();
    const w = watch(page);
    await page.goto(`${b.demo.base}/?${new URLSearchParams({ order: `reasons-bad-${Date.now().toString(36)}`, 'data-reasons': 'speed parking' })}`);
    await expect.poll(() => w.errors.length).toBe(1);
    expect(w.errors[0]).toContain('[aftercare] data-reasons: expected at most 10 ids of 1–40 characters, each labelled "reason.<id>" in the strings, got "parking"');
    await page.waitForTimeout(300);
    expect(await page.locator('aftercare-survey').count()).toBe(0);
    expect(w.errors).toHaveLength(1);
  });
});
