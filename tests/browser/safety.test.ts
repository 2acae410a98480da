// Safety of the widget on someone else's page: a strict CSP with no nonce and no violation in any
// placement, theme, style or locale; nothing added to the host document but the survey's own element;
// hostile text through every input shown as text and stored verbatim; host CSS never reaches the
// survey and the survey never changes the host. Real Chromium against dist/ and the demo collector.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { cspViolations, sharedBrowser, waitFor, watch, type Row } from './harness.ts';

// The shop's pages send the collector's own security headers too: no framing, no sniffing.
const STRICT = "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'";

const shared = sharedBrowser();

interface Opened {
  page: Page;
  errors: string[];
  /** Messages of alert()/confirm()/prompt() the page tried to open. */
  dialogs: string[];
  /** The page's HTML as the server sent it. */
  html: string;
}

let n = 0;
/**
 * A page in a fresh browser context (its own, empty IndexedDB) that records every change to the
 * light DOM from the start; `query` goes to the demo page (`data-*` → the script tag).
 */
async function open(query: Record<string, string> = {}, o: { path?: string; colorScheme?: 'light' | 'dark'; survey?: boolean; context?: object } = {}): Promise<Opened> {
  const context = await shared.context({ viewport: { width: 1280, height: 800 }, colorScheme: o.colorScheme ?? 'light', ...o.context });
  const page = await context.newPage();
  const { errors } = watch(page);
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.addInitScript(() => {
    const log: { attributes: string[]; added: string[] } = { attributes: [], added: [] };
    (window as unknown as { __dom: typeof log }).__dom = log;
    const name = (el: Element) => el.nodeName.toLowerCase() + (el.id ? `#${el.id}` : '');
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') log.attributes.push(`${name(r.target as Element)} ${r.attributeName}=${JSON.stringify((r.target as Element).getAttribute(r.attributeName!))}`);
        for (const node of r.addedNodes) if (node instanceof Element) log.added.push(node.nodeName);
      }
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
  const res = await page.goto(`${shared.demo.base}${o.path ?? '/'}?${new URLSearchParams({ order: `safety-${++n}`, ...query })}`);
  expect(res?.headers()['content-security-policy']).toBe(STRICT);
  expect(res?.headers()).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
  const html = (await res?.text()) ?? '';
  if (o.survey !== false) await page.getByRole('dialog').waitFor();
  return { page, errors, dialogs, html };
}

/**
 * What the widget did to the host document: elements added beyond the server's HTML (a multiset
 * difference against the same HTML parsed inertly), attribute changes, `<style>` and `style`
 * attributes, stylesheets; and the same inside the shadow root.
 */
const footprint = (page: Page, html: string) =>
  page.evaluate((source) => {
    const log = (window as unknown as { __dom: { attributes: string[]; added: string[] } }).__dom;
    const parsed = new DOMParser().parseFromString(source, 'text/html');
    const expected = new Map<string, number>();
    for (const el of parsed.querySelectorAll('*')) expected.set(el.nodeName, (expected.get(el.nodeName) ?? 0) + 1);
    const extra: string[] = [];
    for (const name of log.added) {
      const left = expected.get(name) ?? 0;
      if (left > 0) expected.set(name, left - 1);
      else extra.push(name);
    }
    const host = document.querySelector('aftercare-survey');
    const root = host?.shadowRoot;
    return {
      extra,
      attributes: log.attributes,
      styleElements: document.querySelectorAll('style').length,
      styleAttributes: [...document.querySelectorAll('[style]')].map((el) => `${el.nodeName} ${el.getAttribute('style')}`),
      sheets: [...document.styleSheets].map((s) => new URL(s.href ?? 'inline:', location.href).pathname),
      documentAdopted: document.adoptedStyleSheets.length,
      hostAttributes: host ? host.getAttributeNames().sort() : null,
      shadow: root
        ? { adopted: root.adoptedStyleSheets.length, styleElements: root.querySelectorAll('style').length, styleAttributes: root.querySelectorAll('[style]').length }
        : null,
    };
  }, html);

/** The survey is on the page and has left no other trace in the document. */
async function expectClean(o: Opened, what: string, open = true) {
  const f = await footprint(o.page, o.html);
  expect(f, what).toEqual({
    extra: ['AFTERCARE-SURVEY'],
    attributes: [],
    styleElements: 0,
    styleAttributes: [],
    sheets: ['/shop.css'],
    documentAdopted: 0,
    hostAttributes: open ? ['data-placement', 'dir', 'lang'] : null,
    shadow: open ? { adopted: 1, styleElements: 0, styleAttributes: 0 } : null,
  });
  expect(await cspViolations(o.page), what).toEqual([]);
  expect(o.errors, what).toEqual([]);
}

describe('strict CSP: no violation, no inline style, nothing added to the host document', () => {
  test.each([
    ['bottom-right (default)', {}, '/', 'light'],
    ['bottom-left', { 'data-position': 'bottom-left' }, '/', 'light'],
    ['centre modal', { 'data-position': 'center' }, '/', 'light'],
    ['inline (/feedback)', {}, '/feedback', 'light'],
    ['theme light', { 'data-theme': 'light' }, '/', 'light'],
    ['theme dark', { 'data-theme': 'dark' }, '/', 'light'],
    ['theme auto, OS dark', {}, '/', 'dark'],
    ['stars', { 'data-csat-style': 'stars' }, '/', 'light'],
    ['faces', { 'data-csat-style': 'faces' }, '/', 'light'],
    ['merchant colours, radius and font', { 'data-brand-color': '#ffff00', 'data-radius': '2', 'data-font': '"Inter", sans-serif' }, '/', 'light'],
    ['Japanese', { locale: 'ja' }, '/', 'light'],
    ['Arabic (rtl)', { 'data-locale': 'ar' }, '/', 'light'],
  ] as const)('%s: shown, answered, thanked, closed', async (what, query, path, colorScheme) => {
    const o = await open({ survey: 'csat nps', ...query }, { path, colorScheme });
    const { page } = o;
    await expectClean(o, `${what}: shown`);
    await page.getByRole('radio').nth(4).click();
    await page.getByRole('textbox').waitFor();
    await page.getByRole('radio').nth(5 + 10).click();
    await page.getByRole('textbox').fill('Under a strict policy');
    await expectClean(o, `${what}: comment`);
    await page.locator('aftercare-survey button[type=submit]').click();
    await page.getByRole('status').filter({ hasText: /./ }).waitFor();
    await expectClean(o, `${what}: thank-you`);
    await page.locator('aftercare-survey button.x').click();
    expect(await page.locator('aftercare-survey').count()).toBe(0);
    // Gone without a trace: the removed host is the only element ever added, and no attribute changed.
    await expectClean(o, `${what}: closed`, false);
  });

  test('lifting the card above a shrunken visual viewport sets only --ac-kb on the host, through the CSSOM', async () => {
    // Page zoom shrinks the visual viewport as an on-screen keyboard does; mount.tsx lifts the card.
    const o = await open({}, { context: { viewport: { width: 390, height: 700 }, isMobile: true, hasTouch: true } });
    const { page } = o;
    await expectClean(o, 'before');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 2 });
    const lift = () =>
      page.evaluate(() => {
        const host = document.querySelector('aftercare-survey') as HTMLElement;
        const card = host.shadowRoot!.querySelector('.card')!.getBoundingClientRect();
        return { style: host.getAttribute('style'), props: [...host.style], card: { top: card.top, bottom: card.bottom }, visible: visualViewport!.height };
      });
    const lifted = await waitFor(lift, (l) => l.style !== null, 5000, 'the lift');
    expect(lifted.style).toBe('--ac-kb: 350px;');
    expect(lifted.props).toEqual(['--ac-kb']);
    // The card moved up into the visible part of the page.
    expect(lifted.card.bottom).toBeLessThanOrEqual(lifted.visible);
    const f = await footprint(page, o.html);
    expect(f.attributes).toEqual(['aftercare-survey style="--ac-kb: 350px;"']);
    expect(f.styleAttributes).toEqual(['AFTERCARE-SURVEY --ac-kb: 350px;']);
    expect(await cspViolations(page)).toEqual([]);
    // Back to the full viewport: the property goes again.
    await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 1 });
    const back = await waitFor(lift, (l) => l.props.length === 0, 5000, 'the lift to end');
    expect(back.style ?? '').toBe('');
    expect(await cspViolations(page)).toEqual([]);
    expect(o.errors).toEqual([]);
  });
});

// ---- hostile text -----------------------------------------------------------------------------------

const EVIL = '<img src=x onerror=alert(1)>';
const JS_URL = 'javascript:alert(1)';
const RLO = 'repair\u202Eexe.txt';

/** Box of the card, whether it overflows sideways, and where the first and last CSAT options and × sit. */
const cardLayout = (page: Page) =>
  page.evaluate(async () => {
    const root = document.querySelector('aftercare-survey')!.shadowRoot!;
    const card = root.querySelector<HTMLElement>('.card')!;
    // Measured after the slide-in (a transform), so positions compare across runs.
    await Promise.all(card.getAnimations().map((a) => a.finished));
    const r = card.getBoundingClientRect();
    const opts = [...root.querySelectorAll('.csat .opt')].map((o) => o.getBoundingClientRect().left);
    return {
      left: r.left,
      right: r.right,
      top: r.top,
      bottom: r.bottom,
      width: r.width,
      scrollWidth: card.scrollWidth,
      clientWidth: card.clientWidth,
      viewport: { width: innerWidth, height: innerHeight },
      firstOptionLeftOfLast: opts.length ? opts[0]! < opts.at(-1)! : null,
      closeOnRight: root.querySelector('.x')!.getBoundingClientRect().left > r.left + r.width / 2,
    };
  });

interface Run {
  widths: number[];
}

/**
 * One customer's survey with `p` in the subject, three custom strings, the delivery id, the customer id
 * and the typed comment. Checks it is all shown as text and stored verbatim; returns the card widths.
 */
async function hostileRun(p: string, label: string): Promise<Run> {
  const strings = { send: `Send ${p}`, thanks: `Thanks ${p}`, csatQuestion: `${p} How satisfied are you with {subject}?` };
  const o = await open({ order: p, customer: p, 'data-subject': p, 'data-strings': JSON.stringify(strings) });
  const { page } = o;
  const question = `${p} How satisfied are you with ${p}?`;
  const widths: number[] = [];
  const checkLayout = async (state: string) => {
    const l = await cardLayout(page);
    expect(l.left, `${label} · ${state}: inside the viewport`).toBeGreaterThanOrEqual(0);
    expect(l.top, `${label} · ${state}: inside the viewport`).toBeGreaterThanOrEqual(0);
    expect(l.right, `${label} · ${state}: inside the viewport`).toBeLessThanOrEqual(l.viewport.width);
    expect(l.bottom, `${label} · ${state}: inside the viewport`).toBeLessThanOrEqual(l.viewport.height);
    expect(l.scrollWidth, `${label} · ${state}: no horizontal overflow`).toBeLessThanOrEqual(l.clientWidth);
    // Direction controls in the text stay inside it: the card keeps its left-to-right layout.
    expect(l.closeOnRight, `${label} · ${state}: × on the right`).toBe(true);
    if (l.firstOptionLeftOfLast !== null) expect(l.firstOptionLeftOfLast, `${label} · ${state}: 1 left of 5`).toBe(true);
    widths.push(l.width);
  };
  const noMarkup = async (state: string) => {
    const counts = await page.evaluate(() => {
      const root = document.querySelector('aftercare-survey')?.shadowRoot;
      return {
        img: document.querySelectorAll('img').length + (root?.querySelectorAll('img').length ?? 0),
        // Anything but the survey's own elements would be markup that came from the text.
        foreign: [...(root?.querySelectorAll('*') ?? [])].map((e) => e.nodeName.toLowerCase()).filter((t) => !['div', 'button', 'span', 'form', 'fieldset', 'legend', 'p', 'label', 'input', 'textarea', 'svg', 'path', 'circle'].includes(t)),
        links: document.querySelectorAll('a[href^="javascript:"]').length + (root?.querySelectorAll('[href]').length ?? 0),
      };
    });
    expect(counts, `${label} · ${state}`).toEqual({ img: 0, foreign: [], links: 0 });
    expect(o.dialogs, `${label} · ${state}: no alert()`).toEqual([]);
  };

  // Shown literally: the dialog's name, the question's text, Send.
  await page.getByRole('dialog', { name: question, exact: true }).waitFor();
  expect(await page.evaluate(() => document.querySelector('aftercare-survey')!.shadowRoot!.querySelector('legend')!.textContent)).toBe(question);
  await noMarkup('question');
  await checkLayout('question');

  await page.getByRole('radio', { name: '2 Dissatisfied', exact: true }).click();
  const box = page.getByRole('textbox');
  await box.focus();
  const comment = `Comment ${p}\nsecond line ${p} "quoted" & ${p}`;
  await page.keyboard.type(comment);
  expect(await box.inputValue()).toBe(comment);
  const send = page.getByRole('button', { name: strings.send, exact: true });
  expect(await send.textContent()).toBe(strings.send);
  await noMarkup('comment');
  await checkLayout('comment');

  await send.click();
  const status = page.getByRole('status');
  await status.filter({ hasText: /./ }).waitFor();
  expect(await status.textContent()).toBe(strings.thanks);
  await noMarkup('thank-you');
  await checkLayout('thank-you');

  // At the collector, verbatim.
  const rows = await waitFor(shared.demo.rows, (r) => r.some((x) => x.delivery_id === p && x.complete === 1), 10_000, `the answer for ${label}`);
  const row = rows.find((x) => x.delivery_id === p) as Row & { customer_id: string | null };
  expect(row).toMatchObject({ delivery_id: p, customer_id: p, csat: 2, comment, complete: 1 });
  expect(await page.evaluate(async () => (await window.Aftercare!.delivery(document.querySelector('script[data-delivery-id]')!.getAttribute('data-delivery-id')!))?.id)).toBe(p);
  await page.waitForTimeout(200);
  expect(o.dialogs, `${label}: no alert()`).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
  expect(o.errors).toEqual([]);
  return { widths };
}

describe('hostile text through every input is text, stored verbatim, and the card holds its shape', () => {
  let plain: Run;
  beforeAll(async () => {
    plain = await hostileRun('plain text', 'plain');
  });

  test.each([
    ['HTML with an onerror handler', EVIL],
    ['a javascript: URL', JS_URL],
    ['a right-to-left override (U+202E)', RLO],
    ['all of them at once', `${EVIL} ${JS_URL} ${RLO}`],
  ])('%s', async (label, p) => {
    const run = await hostileRun(p, label);
    expect(run.widths).toHaveLength(plain.widths.length);
    run.widths.forEach((w, i) => expect(Math.abs(w - plain.widths[i]!), `card width in state ${i}: ${w} vs ${plain.widths[i]}`).toBeLessThanOrEqual(2));
  });

  test('long unbroken text (a pasted URL as the subject, long custom button texts) wraps inside the card', async () => {
    const long = `https://example.com/${'a'.repeat(160)}`;
    const strings = { later: `Later-${'b'.repeat(120)}`, send: `Send-${'c'.repeat(120)}`, thanks: `Thanks-${'d'.repeat(160)}` };
    const { page } = await open({ 'data-subject': long, 'data-strings': JSON.stringify(strings) });
    await page.getByRole('dialog', { name: `How satisfied are you with ${long}?`, exact: true }).waitFor();
    const fits = async (state: string) => {
      const l = await cardLayout(page);
      expect(Math.abs(l.width - plain.widths[0]!), `${state}: card width`).toBeLessThanOrEqual(2);
      expect(l.scrollWidth, `${state}: no horizontal overflow`).toBeLessThanOrEqual(l.clientWidth);
      expect(l.right, `${state}: inside the viewport`).toBeLessThanOrEqual(l.viewport.width);
      expect(l.top, `${state}: inside the viewport`).toBeGreaterThanOrEqual(0);
    };
    await fits('question');
    await page.getByRole('radio', { name: '5 Very satisfied', exact: true }).click();
    await page.getByRole('textbox').fill(long);
    await fits('comment');
    await page.getByRole('button', { name: strings.send, exact: true }).click();
    await page.getByRole('status').getByText(strings.thanks).waitFor();
    await fits('thank-you');
  });
});

// ---- host CSS and the widget, both ways ----------------------------------------------------------

/** Computed styles the shop's hostile rules would change, for the survey's buttons, options, legend, comment box. */
const insideStyles = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('aftercare-survey')!.shadowRoot!;
    return [...root.querySelectorAll('.row button, .opt, legend, fieldset, textarea, label.c')].map((el) => {
      const s = getComputedStyle(el);
      return { what: `${el.nodeName.toLowerCase()}.${el.className}`, fontSize: s.fontSize, transform: s.textTransform, red: s.color === 'rgb(255, 0, 0)', font: s.fontFamily.split(',')[0] };
    });
  });

/** Every computed property of a few host elements. */
const hostStyles = (page: Page) =>
  page.evaluate(() => {
    const out: Record<string, Record<string, string>> = {};
    for (const sel of ['html', 'body', 'header', 'main', 'h1', 'a.brand', 'nav a', 'p', 'button#ask']) {
      const el = document.querySelector(sel);
      if (!el) continue;
      const s = getComputedStyle(el);
      const props: Record<string, string> = {};
      for (const p of s) props[p] = s.getPropertyValue(p);
      out[sel] = props;
    }
    return { styles: out, scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight, scrollX, scrollY] };
  });

describe('host CSS never changes the survey; the survey never changes the host', () => {
  test.each([
    ['corner', {}, '/'],
    ['centre modal', { 'data-position': 'center' }, '/'],
    ['inline', {}, '/feedback'],
  ] as const)('%s: the shop\'s `button, input, label, fieldset, legend { 30px !important; red; uppercase }` does not reach in', async (_, query, path) => {
    const { page } = await open({ survey: 'csat nps', ...query }, { path });
    // The rule does apply to the shop's own elements on this page.
    const shop = await page.evaluate(() => {
      const probe = document.createElement('label');
      document.querySelector('main')!.append(probe);
      const s = getComputedStyle(probe);
      const r = [s.fontSize, s.textTransform, s.color];
      probe.remove();
      return r;
    });
    expect(shop).toEqual(['30px', 'uppercase', 'rgb(255, 0, 0)']);
    await page.getByRole('radio').nth(3).click();
    await page.getByRole('textbox').waitFor();
    const styles = await insideStyles(page);
    expect(styles.map((s) => s.what)).toEqual(expect.arrayContaining(['button.send', 'legend.', 'textarea.', 'label.c', 'label.opt']));
    // The widget's own 15px system font, never uppercase, never the shop's red.
    for (const s of styles) expect(s, s.what).toEqual({ what: s.what, fontSize: '15px', transform: 'none', red: false, font: 'system-ui' });
    // × has its own glyph size; it too ignores the shop's 30px.
    expect(await page.evaluate(() => getComputedStyle(document.querySelector('aftercare-survey')!.shadowRoot!.querySelector('.x')!).fontSize)).toBe('24px');
  });

  test('rules aimed at the survey\'s element itself (even !important) do not hide or restyle it', async () => {
    // A stylesheet of the page's own (bypassing CSP only to inject it; the survey does not need that).
    const o = await open({}, { context: { bypassCSP: true }, survey: false });
    const { page } = o;
    await page.getByRole('dialog').waitFor();
    const before = await cardLayout(page);
    await page.addStyleTag({
      content:
        'aftercare-survey{display:none!important;visibility:hidden!important;opacity:0!important;transform:scale(.2)!important;font-size:40px!important;color:red!important;direction:rtl!important;inset:0 auto auto 0!important;--ac-bg:#f00!important;--ac-text:#f00!important}',
    });
    const after = await cardLayout(page);
    expect(after).toEqual(before);
    const look = await page.evaluate(() => {
      const host = document.querySelector('aftercare-survey')!;
      const card = host.shadowRoot!.querySelector('.card')!;
      const h = getComputedStyle(host);
      const c = getComputedStyle(card);
      return { display: h.display, visibility: h.visibility, opacity: h.opacity, transform: h.transform, fontSize: c.fontSize, color: c.color, bg: c.backgroundColor, direction: c.direction };
    });
    expect(look).toEqual({ display: 'block', visibility: 'visible', opacity: '1', transform: 'none', fontSize: '15px', color: 'rgb(31, 41, 55)', bg: 'rgb(255, 255, 255)', direction: 'ltr' });
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
  });

  test.each([
    ['corner', {}],
    ['centre modal', { 'data-position': 'center' }],
  ] as const)('%s: the host page\'s computed styles are identical before, during and after the survey', async (_, query) => {
    // Record a due delivery without showing it, then open a page with a button, where it shows after a delay.
    const o = await open({ daysAgo: '4', 'data-delay': '600000' }, { path: '/order', survey: false });
    const { page } = o;
    await page.waitForFunction(() => window.Aftercare);
    await page.evaluate(() => window.Aftercare!.ready);
    await page.goto(`${shared.demo.base}/app?${new URLSearchParams({ 'data-delay': '4000', ...query })}`);
    const before = await hostStyles(page);
    expect(await page.locator('aftercare-survey').count()).toBe(0);
    expect(Object.keys(before.styles)).toEqual(['html', 'body', 'header', 'main', 'h1', 'a.brand', 'nav a', 'p', 'button#ask']);
    expect(before.styles['body']!['font-family']).toBe('Georgia, serif');
    await page.getByRole('dialog').waitFor();
    const during = await hostStyles(page);
    expect(during).toEqual(before);
    await page.locator('aftercare-survey button.x').click();
    expect(await page.locator('aftercare-survey').count()).toBe(0);
    expect(await hostStyles(page)).toEqual(before);
    expect(await cspViolations(page)).toEqual([]);
    expect(o.errors).toEqual([]);
  });
});
