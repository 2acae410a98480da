// Strict CSP with no nonce, shadow-root isolation both ways, axe-core in every state, keyboard only.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cspViolations, launch, startDemo, waitFor, watch, settled } from './harness.ts';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// The shop's pages send the collector's own security headers too: no framing, no sniffing.
const STRICT = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'";

let demo: Awaited<ReturnType<typeof startDemo>>;
const profiles: Array<() => Promise<void>> = [];
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(async () => {
  for (const close of profiles) await close();
  await demo?.stop();
});

let n = 0;
/** A page in a fresh profile (empty IndexedDB) showing the survey of a delivery made 4 days ago. */
async function surveyPage(query = ''): Promise<{ page: Page; errors: string[] }> {
  const browser = await launch();
  profiles.push(browser.close);
  const page = await browser.context.newPage();
  const { errors } = watch(page);
  const res = await page.goto(`${demo.base}/?order=a11y-${++n}-${Date.now()}${query}`);
  expect(res?.headers()['content-security-policy']).toBe(STRICT);
  await page.getByRole('dialog').waitFor();
  return { page, errors };
}

async function axe(page: Page): Promise<Array<{ id: string; nodes: number; help: string }>> {
  // The card fades in (0.18 s); on a busy machine axe could measure contrast halfway through it.
  await settled(page);
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: Array<{ id: string; help: string; nodes: unknown[] }> }> } }).axe.run(document, {
      resultTypes: ['violations'],
    }),
  );
  return result.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.length }));
}

describe('strict CSP and isolation', () => {
  test('the survey shows and answers under the strict policy with no violation and no nonce', async () => {
    const { page, errors } = await surveyPage();
    await page.getByRole('radio', { name: '3 Neutral' }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Thank you for your feedback!');
    expect(await cspViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    expect(await page.locator('style, [nonce]').count()).toBe(0);
    expect(await page.evaluate(() => document.querySelector('aftercare-survey')!.shadowRoot!.adoptedStyleSheets.length)).toBe(1);
    await page.close();
  });

  test('host CSS does not leak in; the widget CSS does not leak out', async () => {
    const { page } = await surveyPage();
    const inside = await page.evaluate(() => {
      const root = document.querySelector('aftercare-survey')!.shadowRoot!;
      const legend = getComputedStyle(root.querySelector('legend')!);
      return { fontSize: legend.fontSize, transform: legend.textTransform, color: legend.color };
    });
    // shop.css sets `legend { font-size: 30px !important; color: red; text-transform: uppercase }`.
    expect(inside).toEqual({ fontSize: '15px', transform: 'none', color: 'rgb(31, 41, 55)' });
    const outside = await page.evaluate(() => {
      const probe = document.createElement('div');
      probe.className = 'card opt';
      probe.innerHTML = '<fieldset><legend>x</legend></fieldset><button class="send">y</button>';
      document.body.append(probe);
      const s = getComputedStyle(probe);
      const b = getComputedStyle(probe.querySelector('button')!);
      return { radius: s.borderTopLeftRadius, position: s.position, buttonBg: b.backgroundColor };
    });
    expect(outside.radius).toBe('0px');
    expect(outside.position).toBe('static');
    expect(outside.buttonBg).not.toBe('rgb(67, 56, 202)');
    await page.close();
  });
});

describe('axe-core: 0 violations in every state', () => {
  test('CSAT, comment step, thank-you (en)', async () => {
    const { page } = await surveyPage();
    expect(await axe(page)).toEqual([]);
    await page.getByRole('radio', { name: '4 Satisfied' }).click();
    await page.getByRole('textbox').waitFor();
    expect(await axe(page)).toEqual([]);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you for your feedback!').waitFor();
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  test('CSAT then NPS, in zh-CN', async () => {
    const { page } = await surveyPage('&survey=csat%20nps&locale=zh-CN');
    await page.getByRole('dialog', { name: '您对我们的服务的满意程度如何？' }).waitFor();
    expect(await axe(page)).toEqual([]);
    await page.getByRole('radio', { name: '5 非常满意' }).click();
    await page.getByRole('group', { name: '您有多大可能向朋友或同事推荐我们的服务？' }).waitFor();
    expect(await axe(page)).toEqual([]);
    await page.getByRole('radio', { name: '9', exact: true }).click();
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText('感谢您的反馈！').waitFor();
    expect(await axe(page)).toEqual([]);
    expect(await page.locator('aftercare-survey [role=dialog]').getAttribute('lang')).toBe('zh-CN');
    await page.close();
  });

  test('NPS only', async () => {
    const { page } = await surveyPage('&survey=nps');
    await page.getByRole('dialog', { name: 'How likely are you to recommend our service to a friend or colleague?' }).waitFor();
    expect(await page.getByRole('radio').count()).toBe(11);
    expect(await axe(page)).toEqual([]);
    await page.close();
  });
});

describe('keyboard only', () => {
  test('Tab in, arrows choose, type a comment, Enter sends; focus is visible', async () => {
    const { page } = await surveyPage('&subject=your%20washing%20machine%20repair');
    await page.getByRole('dialog', { name: 'How satisfied are you with your washing machine repair?' }).waitFor();
    // Tab through the host page until focus enters the survey.
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      const inSurvey = await page.evaluate(() => document.activeElement?.tagName === 'AFTERCARE-SURVEY');
      if (inSurvey) break;
    }
    const focused = () => page.evaluate(() => {
      const el = document.querySelector('aftercare-survey')!.shadowRoot!.activeElement as HTMLElement | null;
      return el ? el.getAttribute('aria-label') ?? el.closest('label')?.textContent ?? el.textContent : null;
    });
    expect(await focused()).toBe('Close survey');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('1 Very dissatisfied');
    const ring = await page.evaluate(() => {
      const label = document.querySelector('aftercare-survey')!.shadowRoot!.activeElement!.closest('label')!;
      const s = getComputedStyle(label);
      return `${s.outlineStyle} ${s.outlineWidth}`;
    });
    expect(ring).toBe('solid 3px');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focused()).toBe('4 Satisfied');
    await page.keyboard.press('ArrowLeft');
    expect(await focused()).toBe('3 Neutral');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('aftercare-survey')!.shadowRoot!.activeElement?.tagName)).toBe('TEXTAREA');
    await page.keyboard.type('Typed with the keyboard');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Send');
    await page.keyboard.press('Enter');
    await page.getByText('Thank you for your feedback!').waitFor();
    expect(await focused()).toBe('Close survey');
    const rows = await waitFor(demo.rows, (r) => r.some((x) => x.comment === 'Typed with the keyboard'), 10_000, 'the keyboard answer');
    expect(rows.find((x) => x.comment === 'Typed with the keyboard')).toMatchObject({ csat: 3, complete: 1 });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('aftercare-survey').count()).toBe(0);
    await page.close();
  });
});

test("the docs' picture of the survey: the card over the demo shop, whole in the viewport (refreshed on purpose only)", async () => {
  const { page, errors } = await surveyPage();
  await page.setViewportSize({ width: 1100, height: 700 });
  await settled(page);
  const box = await page.locator('aftercare-survey').evaluate((el) => el.shadowRoot!.querySelector('.card')!.getBoundingClientRect().toJSON());
  expect(box.left).toBeGreaterThanOrEqual(0);
  expect(box.bottom).toBeLessThanOrEqual(700);
  mkdirSync('test-output', { recursive: true });
  await page.screenshot({ path: 'test-output/survey.png' });
  const docs = 'docs/images/survey.png';
  if (!existsSync(docs) || process.env.UPDATE_SCREENSHOTS) copyFileSync('test-output/survey.png', docs);
  expect(errors).toEqual([]);
});
