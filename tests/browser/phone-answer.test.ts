// A phone answer recorded through the dashboard in real Chromium, by keyboard alone, against the demo
// collector (its mail preview sends the invitation at once): a detractor's CSAT, NPS, a reason and a
// comment on the delivery's page → one response with channel `phone` and who recorded it; the
// reminder still scheduled is cancelled; a case is opened; the timeline shows the answer by phone and
// who recorded it; the widget in the shop's page then asks the collector and stays silent for that
// delivery (a delivery nobody answered still gets its survey). The form in English and Chinese, with
// axe-core (light, dark, 360 px).
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { axeViolations, LOOKS } from './dashboard-fixtures.ts';
import { cspViolations, csatSurvey, DAY, noSurvey, sharedBrowser, waitFor, watch } from './harness.ts';

const TZ = 'UTC';
const SHOTS = 'test-output/dashboard';
const b = sharedBrowser(['--test-hooks'], { AFTERCARE_TZ: TZ, AFTERCARE_SEND_HOURS: '00-24', AFTERCARE_MAIL_PREVIEW: '1' });
const DELIVERED = new Date(Date.now() - 4 * DAY).toISOString();
/** Lines other than the expected 401 of GET /dashboard/session before sign-in. */
const realErrors = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));

interface Detail {
  timeline: Array<{ kind: string; status: string; reason: string | null }>;
  answers: Array<{ id: string; channel: string; recordedBy: string | null; csat: number | null; nps: number | null }>;
}

async function open(id: string, options: BrowserContextOptions = {}) {
  const context = await b.context({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  const w = watch(page);
  await page.goto(`${b.demo.base}/dashboard?view=delivery&id=${id}#token=${b.demo.token}`);
  await page.locator('.timeline > li').first().waitFor();
  return { page, w };
}

/** Presses Tab until the focused element is `name` (its text, or its label's), or gives up after 80. */
async function tabTo(page: Page, name: string | RegExp): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const text = await page.evaluate(() => (document.activeElement?.closest('label') ?? document.activeElement)?.textContent?.trim() ?? '');
    if (typeof name === 'string' ? text === name : name.test(text)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

beforeAll(async () => {
  const deliveries = [
    { id: 'phone-1', deliveredAt: DELIVERED, customerId: 'c-phone', email: 'phone-1@example.com', locale: 'en-GB', survey: 'both', meta: { store: 'Berlin' } },
    { id: 'phone-open', deliveredAt: DELIVERED, email: 'phone-open@example.com', locale: 'zh-CN', survey: 'both' },
  ];
  const res = await fetch(`${b.demo.base}/v1/deliveries`, { method: 'POST', headers: { authorization: `Bearer ${b.demo.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ deliveries }) });
  expect(await res.json()).toEqual({ accepted: 2, rejected: [] });
  // Invited at once (the window is open, any hour is a sending hour); the reminder waits two days.
  await waitFor(() => b.demo.api<Detail>('/v1/deliveries/phone-1'), (d) => d.timeline.map((x) => `${x.kind} ${x.status}`).join() === 'invite sent,reminder scheduled', 20_000, 'the invitation sent');
});

describe('Record an answer', () => {
  test("keyboard only: a detractor's answer by phone — one response, channel phone, recorded by the session; the reminder cancelled; a case; the timeline says so", async () => {
    const { page, w } = await open('phone-1');
    await tabTo(page, 'Record an answer');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('false');
    await page.keyboard.press('Enter');
    const form = page.locator('#phone-form');
    await form.waitFor();
    // The delivery's questions as the survey asks them, CSAT first.
    expect(await form.locator('legend').allTextContents()).toEqual(['How satisfied are you with our service?', 'How likely are you to recommend our service to a friend or colleague?', 'What mattered most? (optional)']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('true');
    // A radio group is one Tab stop; the arrow keys choose in it.
    await tabTo(page, '1 Very dissatisfied');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: '2 Dissatisfied' }).isChecked()).toBe(true);
    await tabTo(page, '0');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radio', { name: '3', exact: true }).isChecked()).toBe(true);
    await tabTo(page, 'Response speed');
    await page.keyboard.press('Space');
    await tabTo(page, 'Communication');
    await page.keyboard.press('Space');
    await tabTo(page, 'Comment (optional)');
    await page.keyboard.type('Technician came two days late and did not call.');
    await page.screenshot({ path: `${SHOTS}/phone-answer-form.png`, fullPage: true });
    await tabTo(page, 'Save answer');
    await page.keyboard.press('Enter');

    const saved = page.getByRole('status').filter({ hasText: /^Answer saved/ });
    await expect.poll(() => saved.count()).toBe(1);
    const rows = b.demo.rows().filter((r) => r.delivery_id === 'phone-1') as unknown as Array<Record<string, unknown> & { id: string; recorded_by: string }>;
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ channel: 'phone', csat: 2, nps: 3, comment: 'Technician came two days late and did not call.', reasons: '["speed","communication"]', locale: 'en-GB', complete: 1, wave: 0 });
    expect(row.recorded_by).toMatch(/^admin token session [0-9a-f]{8}$/);
    expect(await saved.textContent()).toBe(`Answer saved: by phone, recorded by ${row.recorded_by}. It opened a case for follow-up.`);
    // The keyboard's place: the section's heading, the form gone with what it saved.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('phone-h');
    expect(await page.locator('#phone-form').count()).toBe(0);

    const detail = await b.demo.api<Detail>('/v1/deliveries/phone-1');
    expect(detail.timeline.map((x) => `${x.kind} ${x.status} ${x.reason ?? ''}`.trim())).toEqual(['invite sent', 'reminder cancelled answered (phone)']);
    expect(detail.answers).toMatchObject([{ id: row.id, channel: 'phone', recordedBy: row.recorded_by, csat: 2, nps: 3 }]);
    const cases = (await b.demo.api<{ cases: Array<{ deliveryId: string; responseId: string; status: string }> }>('/v1/cases')).cases.filter((c) => c.deliveryId === 'phone-1');
    expect(cases).toMatchObject([{ responseId: row.id, status: 'open' }]);
    const audit = (await b.demo.api<{ entries: Array<{ actor: string; target: string; outcome: string }> }>('/v1/audit?action=delivery.answer')).entries;
    expect(audit.filter((e) => e.outcome === 'done')).toMatchObject([{ actor: row.recorded_by, target: 'delivery phone-1' }]);

    // The timeline: the answer by phone, with who recorded it; the reminder cancelled.
    const answer = page.locator('.timeline > li.answer');
    await expect.poll(() => answer.count()).toBe(1);
    expect(await answer.locator('.scores strong').textContent()).toBe('Answer · Phone');
    expect(await answer.locator('dl div').evaluateAll((ds) => ds.map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]))).toContainEqual(['Recorded by', row.recorded_by]);
    await expect.poll(() => page.locator('.timeline > li.send .tag').allTextContents()).toEqual(['Sent', 'Cancelled']);
    // The wave is answered now: the page says so and offers no second answer.
    expect(await page.locator('.phone-answer .help').textContent()).toBe('First survey (days 3–7) already has an answer (Phone). A phone answer does not replace it.');
    expect(await page.getByRole('button', { name: 'Record an answer' }).count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/phone-answer.png`, fullPage: true });
    expect(realErrors(w.errors)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });

  test("the widget in the shop's page then asks the collector and stays silent for that delivery; an unanswered one still gets its survey", async () => {
    expect(b.demo.rows().filter((r) => r.delivery_id === 'phone-1')).toHaveLength(1);
    const shop = await (await b.context()).newPage();
    const asked = shop.waitForResponse((r) => r.url().endsWith('/v1/answered') && r.request().method() === 'POST');
    await shop.goto(`${b.demo.base}/?order=phone-1&deliveredAt=${encodeURIComponent(DELIVERED)}`);
    expect(await (await asked).json()).toEqual({ answered: [{ deliveryId: 'phone-1', wave: 0 }] });
    await noSurvey(shop);
    expect(b.demo.displays().filter((d) => d.delivery_id === 'phone-1')).toEqual([]);
    // The same page for a delivery nobody answered, in a browser of its own (no cooldown from the first): the survey shows.
    const other = await (await b.context()).newPage();
    await other.goto(`${b.demo.base}/?order=phone-nobody&deliveredAt=${encodeURIComponent(DELIVERED)}`);
    await csatSurvey(other).waitFor();
    expect(b.demo.rows().filter((r) => r.delivery_id === 'phone-1')).toHaveLength(1);
  });

  test('the form in Chinese; axe-core finds nothing with it open (light, dark, 360 px, zh-CN); nothing scrolls sideways', async () => {
    const found: Record<string, unknown> = {};
    const looks: Array<readonly [string, BrowserContextOptions]> = [...LOOKS, ['zh-CN', { locale: 'zh-CN' }]];
    for (const [mode, options] of looks) {
      const { page, w } = await open('phone-open', options);
      const zh = mode === 'zh-CN';
      await page.getByRole('button', { name: zh ? '记录回答' : 'Record an answer' }).click();
      await page.locator('#phone-form').waitFor();
      if (mode === 'light') {
        // Saving without a score says what to do and sends nothing.
        await page.getByRole('button', { name: 'Save answer' }).click();
        await expect.poll(() => page.locator('.phone-answer [role=alert]').textContent()).toBe('Choose a score first.');
      }
      if (zh) {
        expect(await page.locator('#phone-form legend').allTextContents()).toEqual(['您对我们的服务的满意程度如何？', '您有多大可能向朋友或同事推荐我们的服务？', '哪些方面对您最重要？（选填）']);
        expect(await page.getByRole('radio', { name: '1 非常不满意' }).count()).toBe(1);
        expect(await page.getByRole('checkbox', { name: '响应速度' }).count()).toBe(1);
        expect(await page.getByRole('button', { name: '保存回答' }).count()).toBe(1);
        await page.screenshot({ path: `${SHOTS}/phone-answer-zh.png`, fullPage: true });
      }
      await page.waitForLoadState('networkidle');
      found[mode] = await axeViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), mode).toBeLessThanOrEqual(options.viewport?.width ?? 1200);
      expect(realErrors(w.errors)).toEqual([]);
    }
    expect(found).toEqual(Object.fromEntries(looks.map(([m]) => [m, []])));
    // Opening the form recorded nothing.
    expect(b.demo.rows().filter((r) => r.delivery_id === 'phone-open')).toEqual([]);
  });
});
