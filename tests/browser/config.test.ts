// Bad input on the script tag: one clear `[aftercare]` console error naming the attribute, an inert
// widget, nothing thrown into the host page. And the good path: window.Aftercare + aftercare:ready.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launch, scriptsOf, startDemo, watch } from './harness.ts';

let demo: Awaited<ReturnType<typeof startDemo>>;
let browser: Awaited<ReturnType<typeof launch>>;
beforeAll(async () => {
  demo = await startDemo();
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
  await demo?.stop();
});

test.each([
  ['/help?endpoint=', '[aftercare] data-endpoint: expected the collector URL, e.g. data-endpoint="https://feedback.example.com/v1/responses"'],
  ['/help?endpoint=javascript:alert(1)', '[aftercare] data-endpoint: expected an http(s) URL, absolute or relative to the page, got "javascript:alert(1)"'],
  ['/order?deliveredAt=yesterday', '[aftercare] data-delivered-at: expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z'],
  ['/help?survey=stars', '[aftercare] data-survey: expected "csat", "nps" or "csat nps", got "stars"'],
  ['/order?order=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&deliveredAt=2026-13-45', '[aftercare] data-delivered-at: expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z'],
])('%s → one console error, inert, no exception', async (path, message) => {
  const page = await browser.context.newPage();
  const { errors } = watch(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto(demo.base + path);
  await page.waitForLoadState('load');
  // Some of these messages come from the SDK chunk, fetched after load: wait for the first, then
  // give a second one time to show up.
  await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(400);
  expect(errors).toEqual([message]);
  expect(await page.evaluate(() => typeof window.Aftercare)).toBe('undefined');
  expect(await page.locator('aftercare-survey').count()).toBe(0);
  expect(dialogs).toBe(0);
  await page.close();
});

test('window.Aftercare is the configured SDK and document gets aftercare:ready', async () => {
  const page = await browser.context.newPage();
  const { errors } = watch(page);
  await page.addInitScript(() => {
    document.addEventListener('aftercare:ready', (e) => {
      const w = window as unknown as { __readyDetail?: boolean; Aftercare?: unknown };
      w.__readyDetail = (e as CustomEvent).detail === w.Aftercare;
    });
  });
  await page.goto(`${demo.base}/help?locale=zh-CN`);
  await page.waitForFunction(() => (window as unknown as { __readyDetail?: boolean }).__readyDetail === true);
  const info = await page.evaluate(() => ({
    endpoint: window.Aftercare!.endpoint,
    locale: window.Aftercare!.locale,
    storage: window.Aftercare!.storage,
    methods: ['recordDelivery', 'due', 'answer', 'dismiss', 'flush', 'on', 'outbox'].every((m) => typeof (window.Aftercare as unknown as Record<string, unknown>)[m] === 'function'),
  }));
  expect(info).toEqual({ endpoint: `${demo.base}/v1/responses`, locale: 'zh-CN', storage: 'indexeddb', methods: true });
  expect(errors).toEqual([]);
  await page.close();
});

test('a hostile delivery id and subject are rendered as text, never as HTML', async () => {
  const page = await browser.context.newPage();
  const { errors } = watch(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const evil = '<img src=x onerror=alert(1)>';
  await page.goto(`${demo.base}/?order=${encodeURIComponent(evil)}&subject=${encodeURIComponent(evil)}`);
  await page.getByRole('dialog', { name: `How satisfied are you with ${evil}?` }).waitFor();
  expect(await page.evaluate(() => document.querySelector('aftercare-survey')!.shadowRoot!.querySelectorAll('img').length)).toBe(0);
  expect(await page.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
  expect(await page.evaluate(async () => (await window.Aftercare!.due())[0]?.id)).toBe(evil);
  expect(dialogs).toBe(0);
  expect(errors).toEqual([]);
  await page.close();
});

test('a page with nothing to do downloads only aftercare.js; the stand-in fetches the SDK on first use and keeps listeners', async () => {
  const fresh = await launch();
  try {
    const page = await fresh.context.newPage();
    const { errors } = watch(page);
    const scripts = scriptsOf(page);
    await page.goto(`${demo.base}/help`);
    await page.waitForFunction(() => window.Aftercare);
    await page.waitForTimeout(300);
    expect(scripts).toEqual(['/aftercare.js']);
    // It only looked: no database was created on this first visit.
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([]);

    const answered = await page.evaluate(async () => {
      const seen: number[] = [];
      window.Aftercare!.on('answered', ({ response }) => seen.push(response.csat!));
      await window.Aftercare!.recordDelivery({ id: 'standin-1', customerId: 'c-1', deliveredAt: new Date(Date.now() - 4 * 86_400_000).toISOString() });
      await window.Aftercare!.answer({ deliveryId: 'standin-1', csat: 4 });
      return { seen, storage: window.Aftercare!.storage };
    });
    expect(answered).toEqual({ seen: [4], storage: 'indexeddb' });
    expect(scripts).toEqual(['/aftercare.js', '/aftercare-sdk.js']);
    await expect.poll(() => demo.rows().filter((r) => r.delivery_id === 'standin-1').length, { timeout: 10_000 }).toBe(1);

    // With answers waiting, or a survey due, the next page fetches the SDK straight away. (Another
    // customer: c-1 just answered, and their own next survey waits out the 30-day cooldown.)
    scripts.length = 0;
    await page.evaluate(() => window.Aftercare!.recordDelivery({ id: 'standin-2', customerId: 'c-2', deliveredAt: new Date(Date.now() - 4 * 86_400_000).toISOString() }));
    await page.goto(`${demo.base}/help`);
    await page.getByRole('dialog').waitFor();
    // The loader saw the survey due, so it fetched the UI alongside the SDK.
    expect(scripts[0]).toBe('/aftercare.js');
    expect([...scripts].sort()).toEqual(['/aftercare-sdk.js', '/aftercare-ui.js', '/aftercare.js']);
    expect(errors).toEqual([]);
  } finally {
    await fresh.close();
  }
});

test('a delivery on the tag is recorded by the loader itself: its page views with nothing due download only aftercare.js, the first one too', async () => {
  const fresh = await launch();
  try {
    const page = await fresh.context.newPage();
    const { errors } = watch(page);
    const scripts = scriptsOf(page);
    const deliveredAt = new Date().toISOString();
    const order = `/order?order=known-1&deliveredAt=${encodeURIComponent(deliveredAt)}&customer=c-known`;
    // Day 0, first view: the loader records the delivery (`ready` once it is committed).
    await page.goto(`${demo.base}${order}`);
    await page.waitForFunction(() => window.Aftercare);
    await page.evaluate(() => window.Aftercare!.ready);
    expect(scripts).toEqual(['/aftercare.js']);
    const stored = await page.evaluate(() => window.Aftercare!.delivery('known-1'));
    expect(stored).toMatchObject({ id: 'known-1', deliveredAt, customerId: 'c-known', surveys: ['csat'] });

    // The same page again: IndexedDB already holds that delivery as the tag describes it, nothing is due.
    scripts.length = 0;
    await page.goto(`${demo.base}${order}`);
    await page.waitForFunction(() => window.Aftercare);
    await page.evaluate(() => window.Aftercare!.ready);
    await page.waitForTimeout(300);
    expect(scripts).toEqual(['/aftercare.js']);
    expect(await page.evaluate(() => window.Aftercare!.delivery('known-1'))).toEqual(stored);

    // The tag now says something IndexedDB does not know (NPS too): the loader records the change, as the SDK would.
    scripts.length = 0;
    await page.goto(`${demo.base}${order}&survey=csat%20nps`);
    await page.waitForFunction(() => window.Aftercare);
    await page.evaluate(() => window.Aftercare!.ready);
    await page.waitForTimeout(300);
    expect(scripts).toEqual(['/aftercare.js']);
    const changed = await page.evaluate(() => window.Aftercare!.delivery('known-1'));
    expect(changed?.surveys).toEqual(['csat', 'nps']);
    expect(changed?.history.map((h) => [h.type, h.previous])).toEqual([['recorded', undefined], ['updated', { surveys: ['csat'] }]]);
    expect(errors).toEqual([]);
  } finally {
    await fresh.close();
  }
});
