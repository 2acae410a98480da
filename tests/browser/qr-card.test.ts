// QR cards end to end in real Chromium against the demo (the real collector, the real survey page):
// the card for a delivery, printed at the repair, opened in Chromium as the collector serves it and
// photographed; jsqr reads the photograph (its pixels taken by Chromium's own canvas) and finds the
// delivery's `qr` link; scanned before the window opens it says so, and four days later a person
// answers on it: one response with channel `qr`. The dashboard's delivery page prints the card in
// both sizes and formats in a new tab and shows the QR across the screen, by keyboard alone, axe 0.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { axeViolations, LOOKS } from './dashboard-fixtures.ts';
import { cspViolations, DAY, sharedBrowser, waitFor, watch } from './harness.ts';

const BRAND = 'Fixit Repairs & Sons';
const b = sharedBrowser(['--no-seed'], { AFTERCARE_BRAND_NAME: BRAND });
/** Tomorrow 10:00 UTC, four days after the repair: the survey window is open. */
const T = (() => {
  const d = new Date();
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1, 10, 0, 0);
})();
const REPAIRED = T - 4 * DAY;
const H = 3_600_000;

const moveTo = (at: number) => fetch(`${b.demo.base}/__test/clock`, { method: 'POST', body: JSON.stringify({ at }) });
const auth = () => ({ authorization: `Bearer ${b.demo.token}` });
const cardUrl = (id: string, q: string) => `${b.demo.base}/v1/deliveries/${id}/card${q}`;

beforeAll(async () => {
  mkdirSync('test-output', { recursive: true });
  // The technician finishes the repair and prints the card an hour later.
  await moveTo(REPAIRED + H);
  const res = await fetch(`${b.demo.base}/v1/deliveries`, {
    method: 'POST',
    headers: { ...auth(), 'content-type': 'application/json' },
    body: JSON.stringify({
      deliveries: [
        { id: 'repair-qr-1', deliveredAt: new Date(REPAIRED).toISOString(), customerId: 'c-qr-1', locale: 'en', survey: 'nps' },
        { id: 'repair-qr-zh', deliveredAt: new Date(REPAIRED).toISOString(), locale: 'zh-CN', survey: 'csat' },
      ],
    }),
  });
  expect(await res.json()).toEqual({ accepted: 2, rejected: [] });
});

/**
 * The text of the QR code in a PNG, read by jsqr from the pixels Chromium's canvas decodes it into (in a
 * blank page of the same browser: the card's and the dashboard's CSP allow no data: image).
 */
async function readQr(from: Page, png: Buffer): Promise<string | undefined> {
  const page = await from.context().newPage();
  const { width, height, data } = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [img.naturalWidth, img.naturalHeight];
    const g = canvas.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, canvas.width, canvas.height).data;
    let s = '';
    for (let i = 0; i < px.length; i += 0x8000) s += String.fromCharCode(...px.subarray(i, i + 0x8000));
    return { width: canvas.width, height: canvas.height, data: btoa(s) };
  }, `data:image/png;base64,${png.toString('base64')}`);
  await page.close();
  return jsQR(new Uint8ClampedArray(Buffer.from(data, 'base64')), width, height)?.data;
}

describe('the printed card', () => {
  let link = '';
  test.each([['a6', 397, 559], ['card', 321, 208]] as const)('%s: opened in Chromium, photographed, and the QR read from the photograph is the delivery\'s qr link', async (size, w, h) => {
    const meta = await fetch(cardUrl('repair-qr-1', `?format=svg&size=${size}`), { headers: auth() });
    link = meta.headers.get('x-aftercare-link')!;
    expect(link).toMatch(new RegExp(`^${b.demo.base}/s/[A-Za-z0-9_-]{22}$`));
    const context = await b.context({ viewport: { width: w, height: h }, deviceScaleFactor: 2, extraHTTPHeaders: auth() });
    const page = await context.newPage();
    const res = await page.goto(cardUrl('repair-qr-1', `?format=svg&size=${size}`));
    expect(res!.headers()['content-type']).toBe('image/svg+xml; charset=utf-8');
    const shot = await page.screenshot({ path: `test-output/qr-card-${size}.png` });
    expect(await readQr(page, shot)).toBe(link);
    const words = (await page.locator('text').allTextContents()).join(' ');
    for (const t of [BRAND, 'How did we do? Scan to tell us', link]) expect(words).toContain(t);
    if (size === 'a6') {
      const docs = 'docs/images/qr-card.png';
      if (!existsSync(docs) || process.env.UPDATE_SCREENSHOTS) copyFileSync(`test-output/qr-card-${size}.png`, docs);
    }
    // The PDF of the same size carries the same link.
    const pdf = await fetch(cardUrl('repair-qr-1', `?format=pdf&size=${size}`), { headers: auth() });
    expect([pdf.status, pdf.headers.get('content-type'), pdf.headers.get('x-aftercare-link')]).toEqual([200, 'application/pdf', link]);
  });

  test('the Chinese card reads too, its line in Chinese', async () => {
    const context = await b.context({ viewport: { width: 397, height: 559 }, extraHTTPHeaders: auth() });
    const page = await context.newPage();
    const res = await page.goto(cardUrl('repair-qr-zh', '?format=svg&size=a6'));
    expect(await page.locator('text').allTextContents()).toContain('我们做得怎么样？扫码告诉我们');
    expect(await readQr(page, await page.screenshot({ path: 'test-output/qr-card-zh.png' }))).toBe(res!.headers()['x-aftercare-link']);
  });

  test('scanned at the repair it says when the survey opens; four days later a person answers 9 on it: one response, channel qr', async () => {
    const context = await b.context();
    const early = await context.newPage();
    await early.clock.setSystemTime(REPAIRED + 2 * H);
    await early.goto(link);
    await early.getByRole('heading', { name: 'This survey is not open yet' }).waitFor();

    const page = await context.newPage();
    const w = watch(page);
    await page.clock.setSystemTime(T);
    await page.goto(link);
    await page.getByRole('radio', { name: '9', exact: true }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    const row = await waitFor(() => b.demo.rows().find((r) => r.delivery_id === 'repair-qr-1'), Boolean, 15_000, 'the answer through the card');
    expect(row).toMatchObject({ nps: 9, channel: 'qr', wave: 0 });
    await page.waitForTimeout(500);
    expect(b.demo.rows().filter((r) => r.delivery_id === 'repair-qr-1')).toHaveLength(1);
    const detail = await b.demo.api<{ answers: Array<{ channel: string; nps: number }> }>('/v1/deliveries/repair-qr-1');
    expect(detail.answers.map((a) => `${a.channel} ${a.nps}`)).toEqual(['qr 9']);
    expect(w.errors).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });
});

describe('the dashboard', () => {
  async function open(query: string, options = {}) {
    const context = await b.context({ viewport: { width: 1200, height: 900 }, ...options });
    const page = await context.newPage();
    const w = watch(page);
    await page.goto(`${b.demo.base}/dashboard?view=delivery&id=repair-qr-1${query}#token=${b.demo.token}`);
    return { page, context, w };
  }
  /** Presses Tab until the focused element's text is `name`, or gives up after 80. */
  async function tabTo(page: Page, name: string): Promise<void> {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === name) return;
    }
    throw new Error(`Tab never reached ${name}`);
  }

  test('keyboard only: Print card opens each card in a new tab; Show QR fills the screen with the QR and the link, Escape returns; axe 0', async () => {
    const { page, context, w } = await open('');
    await page.getByRole('heading', { name: 'QR card' }).waitFor();
    // The answer given through the card (the test before) is in the timeline with its channel.
    await expect.poll(() => page.locator('.timeline').textContent()).toContain('QR card');
    const link = (await fetch(cardUrl('repair-qr-1', ''), { headers: auth() })).headers.get('x-aftercare-link')!;
    for (const [name, q, type] of [
      ['A6, SVG', '?format=svg&size=a6', 'image/svg+xml; charset=utf-8'],
      ['A6, PDF', '?format=pdf&size=a6', 'application/pdf'],
      ['Business card, SVG', '?format=svg&size=card', 'image/svg+xml; charset=utf-8'],
      ['Business card, PDF', '?format=pdf&size=card', 'application/pdf'],
    ] as const) {
      const a = page.getByRole('link', { name });
      expect([await a.getAttribute('href'), await a.getAttribute('target')]).toEqual([`/v1/deliveries/repair-qr-1/card${q}`, '_blank']);
      // The new tab reads the card with the dashboard's session cookie.
      const res = await page.request.get(`${b.demo.base}/v1/deliveries/repair-qr-1/card${q}`);
      expect([res.status(), res.headers()['content-type']]).toEqual([200, type]);
    }
    await tabTo(page, 'A6, SVG');
    const [tab] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('Enter')]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(`${b.demo.base}/v1/deliveries/repair-qr-1/card?format=svg&size=a6`);
    expect(await tab.locator('text').allTextContents()).toContain(BRAND);
    await tab.close();

    await page.bringToFront();
    await tabTo(page, 'Show QR');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Survey QR code for delivery repair-qr-1' });
    await dialog.waitFor();
    const img = dialog.getByRole('img', { name: `QR code of the survey link ${link}` });
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
    const box = (await img.boundingBox())!;
    expect(box.height).toBeGreaterThan(600);
    expect(await readQr(page, await page.screenshot({ path: 'test-output/qr-show.png' }))).toBe(link);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Close');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Show QR');
    expect(await axeViolations(page)).toEqual([]);
    expect(w.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });

  test.each(LOOKS)('in Chinese, %s: the card\'s controls and the QR view, axe 0', async (look, options) => {
    const { page } = await open('&lang=zh-CN', options);
    await page.getByRole('heading', { name: '二维码卡片' }).waitFor();
    expect(await page.getByRole('link', { name: '名片尺寸，PDF' }).count()).toBe(1);
    await page.locator('.qr-card').screenshot({ path: `test-output/qr-dashboard-${look.replace(/\W/g, '')}.png` });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '显示二维码' }).click();
    await page.getByRole('dialog', { name: '交付 repair-qr-1 的问卷二维码' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `test-output/qr-show-zh-${look.replace(/\W/g, '')}.png` });
    await page.getByRole('button', { name: '关闭' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
  });
});
