// Invitations end to end in real Chromium against the demo (the built widget, the real collector with
// its mail preview, the real survey page): a person clicks a score in the received message, lands on
// the page with it chosen, adds a comment and sends — one response with channel `email`, and the
// reminder is cancelled; a mail scanner that opens every link and waits records nothing; the widget
// in the merchant's page does not ask a delivery answered by e-mail, and the link does not ask one
// answered in the page.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { cspViolations, DAY, launch, noSurvey, settled, startDemo, waitFor, watch } from './harness.ts';
import { axeViolations } from './dashboard-fixtures.ts';

let demo: Awaited<ReturnType<typeof startDemo>>;
beforeAll(async () => {
  mkdirSync('test-output', { recursive: true });
  demo = await startDemo(['--no-seed']);
});
afterAll(async () => {
  await demo?.stop();
});

/** Tomorrow 10:00 UTC: inside the default sending hours (09–20, AFTERCARE_TZ UTC) whenever the suite runs. */
const T = (() => {
  const d = new Date();
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1, 10, 0, 0);
})();
const H = 3_600_000;

async function admin(method: string, path: string, body?: unknown) {
  const res = await fetch(`${demo.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${demo.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
}
const moveTo = (at: number) => fetch(`${demo.base}/__test/clock`, { method: 'POST', body: JSON.stringify({ at }) });
const timeline = async (id: string) => ((await demo.api(`/v1/deliveries/${id}`)) as { timeline: Array<{ kind: string; status: string; reason: string | null }> }).timeline;

/** Posts a delivery made 3 days before `T`, moves the collector to `T` and waits for its message in the mail preview. */
async function invite(id: string, extra: Record<string, unknown> = {}) {
  await moveTo(T - 3 * DAY + H);
  expect((await admin('POST', '/v1/deliveries', { deliveries: [{ id, deliveredAt: new Date(T - 3 * DAY).toISOString(), email: `${id}@example.com`, survey: 'nps', ...extra }] })).body).toEqual({ accepted: 1, rejected: [] });
  await moveTo(T);
  const item = await waitFor(async () => ((await demo.api('/v1/mail')) as { items: Array<{ id: string; deliveryId: string }> }).items.find((m) => m.deliveryId === id), Boolean, 15_000, `the message to ${id}`);
  const res = await fetch(`${demo.base}/v1/mail/${item!.id}/html`, { headers: { authorization: `Bearer ${demo.token}` } });
  return res.text();
}

/** The message as a mail client shows it: its HTML in a page of its own. */
async function openMessage(page: Page, html: string) {
  await page.setContent(html);
}

test('a person clicks 9 in the message, adds a comment and sends: one response by e-mail, the reminder cancelled; the widget in the shop does not ask again', async () => {
  const html = await invite('inv-e2e-1');
  const { context, close } = await launch();
  const closers = [close];
  try {
    const page = await context.newPage();
    const w = watch(page);
    await page.clock.setSystemTime(T + 60_000);
    await openMessage(page, html);
    await page.getByRole('link', { name: '9', exact: true }).click();
    await page.waitForURL(/\/s\/[A-Za-z0-9_-]{22}\?score=9$/);
    const nine = page.getByRole('radio', { name: '9', exact: true });
    await expect.poll(() => nine.isChecked()).toBe(true);
    await settled(page);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('textbox').first().fill('Came on time and fixed it.');
    await page.getByRole('button', { name: 'Send' }).click();
    const row = await waitFor(() => demo.rows().find((r) => r.delivery_id === 'inv-e2e-1' && r.comment), Boolean, 15_000, 'the response by e-mail');
    expect(row).toMatchObject({ nps: 9, comment: 'Came on time and fixed it.', channel: 'email', wave: 0 });
    expect(demo.rows().filter((r) => r.delivery_id === 'inv-e2e-1')).toHaveLength(1);
    expect((await timeline('inv-e2e-1')).map((x) => `${x.kind} ${x.status}`)).toEqual(['invite sent', 'reminder cancelled']);
    expect(w.errors).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);

    // The same customer in the merchant's page on another device (the link's page kept its own IndexedDB),
    // inside the window: the widget asks the collector and stays quiet.
    const other = await launch();
    closers.push(other.close);
    const shop = await other.context.newPage();
    await shop.clock.setSystemTime(T + 2 * H);
    const asked = shop.waitForRequest((r) => r.url().endsWith('/v1/answered') && r.method() === 'POST');
    await shop.goto(`${demo.base}/?order=inv-e2e-1&deliveredAt=${encodeURIComponent(new Date(T - 3 * DAY).toISOString())}&survey=nps`);
    await asked;
    await noSurvey(shop);
    expect(demo.displays().filter((d) => d.delivery_id === 'inv-e2e-1' && !d.channel)).toEqual([]);
  } finally {
    for (const c of closers) await c();
  }
});

test('a mail scanner that opens every link of the message and waits 10 s records nothing', async () => {
  const html = await invite('inv-scan-1');
  const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).filter((u) => u.startsWith(demo.base));
  expect(links.filter((u) => /\/s\/.+\?score=\d+$/.test(u))).toHaveLength(11);
  expect(links.some((u) => /\/u\//.test(u))).toBe(true);
  const { context, close } = await launch();
  try {
    for (const u of links) {
      const page = await context.newPage();
      await page.clock.setSystemTime(T + 60_000);
      await page.goto(u);
    }
    await new Promise((r) => setTimeout(r, 10_000));
  } finally {
    await close();
  }
  expect(demo.rows().filter((r) => r.delivery_id === 'inv-scan-1')).toEqual([]);
  expect(demo.displays().filter((d) => d.delivery_id === 'inv-scan-1')).toEqual([]);
  expect((await timeline('inv-scan-1')).map((x) => `${x.kind} ${x.status}`)).toEqual(['invite sent', 'reminder scheduled']);
  expect(((await demo.api('/v1/deliveries/inv-scan-1')) as { delivery: { unsubscribed: boolean } }).delivery.unsubscribed).toBe(false);
}, 60_000);

test('answered in the merchant\'s page first: no e-mail goes out, and the survey link thanks instead of asking again', async () => {
  const id = 'inv-page-1';
  // Delivered so that the window opens at 21:00 UTC, after the sending hours (09–20): the invitation
  // waits for the next morning, and the customer answers in the shop at 21:30 that evening.
  const opens = T + 11 * H;
  const deliveredAt = new Date(opens - 3 * DAY).toISOString();
  await moveTo(opens - 3 * DAY + H);
  await admin('POST', '/v1/deliveries', { deliveries: [{ id, deliveredAt, email: `${id}@example.com`, survey: 'nps' }] });
  expect(await timeline(id)).toMatchObject([{ kind: 'invite', status: 'scheduled', dueAt: new Date(T + DAY - H).toISOString() }]);
  const { context, close } = await launch();
  try {
    const shop = await context.newPage();
    await shop.clock.setSystemTime(opens + 30 * 60_000);
    await shop.goto(`${demo.base}/?order=${id}&deliveredAt=${encodeURIComponent(deliveredAt)}&survey=nps`);
    await shop.getByRole('radio', { name: '10', exact: true }).click();
    await shop.getByRole('button', { name: 'Send' }).click();
    await waitFor(() => demo.rows().find((r) => r.delivery_id === id), Boolean, 15_000, 'the answer in the page');
    await moveTo(T + DAY);
    expect((await timeline(id)).map((x) => `${x.kind} ${x.status} ${x.reason}`)).toEqual(['invite cancelled answered (web)']);
    expect(((await demo.api('/v1/mail')) as { items: Array<{ deliveryId: string }> }).items.filter((m) => m.deliveryId === id)).toEqual([]);
    const { body } = await admin('GET', `/v1/deliveries/${id}`);
    const page = await context.newPage();
    await page.goto(body.link);
    await expect.poll(() => page.locator('textarea').count()).toBe(1);
    expect(await page.locator('#aftercare-survey').count()).toBe(0);
    await page.locator('textarea').fill('The technician was great.');
    await page.getByRole('button').last().click();
    await page.waitForURL(/commented=1$/);
    await waitFor(() => demo.rows().find((r) => r.delivery_id === id && r.comment === 'The technician was great.'), Boolean, 10_000, 'the comment added');
    expect(demo.rows().filter((r) => r.delivery_id === id)).toHaveLength(1);
  } finally {
    await close();
  }
});

test('the message as it arrives, in English and Chinese: the first question in it, every score a link, no images, accessible; screenshots for the docs', async () => {
  const { context, close } = await launch();
  try {
    for (const [locale, id, survey, question] of [
      ['en', 'inv-look-en', 'nps', /How likely are you to recommend/],
      ['zh-CN', 'inv-look-zh', 'csat', /满意/],
    ] as const) {
      const html = await invite(id, { locale, survey });
      const page = await context.newPage();
      await page.setViewportSize({ width: 640, height: 900 });
      await page.setContent(html);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.locator('html').getAttribute('lang')).toBe(locale);
      expect(await page.textContent('body')).toMatch(question);
      const scores = await page.locator('a[href*="?score="]').count();
      expect(scores).toBe(survey === 'nps' ? 11 : 5);
      // A message is shown inside the mail client's own page, which has the landmarks: those two page-level rules do not apply.
      expect((await axeViolations(page)).filter((v) => v.id !== 'landmark-one-main' && v.id !== 'region')).toEqual([]);
      const file = `test-output/mail-${locale}.png`;
      await page.screenshot({ path: file, fullPage: true });
      const docs = `docs/images/mail-${locale}.png`;
      if (!existsSync(docs) || process.env.UPDATE_SCREENSHOTS) copyFileSync(file, docs);
      await page.close();
    }
  } finally {
    await close();
  }
});
