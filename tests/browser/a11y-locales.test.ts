// Accessibility in every state, theme, placement, CSAT style and locale (axe-core, WCAG 2.2 AA tags),
// what each of the 10 locales shows and announces, right-to-left layout, keyboard-only use, visible
// focus, small screens and zoom, reduced motion. Real Chromium against dist/ and the demo collector.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, test } from 'vitest';
import ar from '../../widget/locales/ar.ts';
import de from '../../widget/locales/de.ts';
import en from '../../widget/locales/en.ts';
import es from '../../widget/locales/es.ts';
import fr from '../../widget/locales/fr.ts';
import ja from '../../widget/locales/ja.ts';
import ko from '../../widget/locales/ko.ts';
import ptBR from '../../widget/locales/pt-BR.ts';
import zhCN from '../../widget/locales/zh-CN.ts';
import zhTW from '../../widget/locales/zh-TW.ts';
import { LOCALES, type Strings, type UiLocale } from '../../widget/strings.ts';
import { cspViolations, DAY, sharedBrowser, waitFor, watch, settled } from './harness.ts';

const STRINGS: Record<UiLocale, Strings> = { en, 'zh-CN': zhCN, 'zh-TW': zhTW, ja, ko, es, fr, de, 'pt-BR': ptBR, ar };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG22AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

const shared = sharedBrowser();
afterAll(() => printTable());

interface OpenOptions {
  path?: string;
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
  reducedMotion?: 'reduce' | 'no-preference';
  /** Wait for the survey (default true). */
  survey?: boolean;
}

let n = 0;
/**
 * A page in a fresh browser context (its own, empty IndexedDB: no earlier delivery, answer or cooldown)
 * showing the survey of a delivery made 4 days ago; `query` goes to the demo page (`data-*` → the tag).
 */
async function open(query: Record<string, string> = {}, o: OpenOptions = {}): Promise<{ page: Page; errors: string[]; order: string }> {
  const context = await shared.context({
    viewport: o.viewport ?? { width: 1280, height: 800 },
    colorScheme: o.colorScheme ?? 'light',
    reducedMotion: o.reducedMotion ?? 'no-preference',
  });
  const page = await context.newPage();
  const { errors } = watch(page);
  const order = query.order ?? `a11y-${++n}`;
  await page.goto(`${shared.demo.base}${o.path ?? '/'}?${new URLSearchParams({ ...query, order })}`);
  if (o.survey !== false) await page.getByRole('dialog').waitFor();
  return { page, errors, order };
}

const host = (page: Page) => page.locator('aftercare-survey');
const q = (template: string, s: Strings, subject = s.subject) => template.replace('{subject}', subject);
/** The locale's digits, from the browser's own Intl (its ICU decides, e.g. Latin or Arabic-Indic for `ar`). */
const digits = (page: Page, tag: string) => page.evaluate((t) => Array.from({ length: 11 }, (_, v) => new Intl.NumberFormat(t).format(v)), tag);

// ---- axe-core, and the table of states × violations the lead quotes -------------------------------

const STATES = ['csat', 'nps', 'comment', 'thanks'] as const;
type State = (typeof STATES)[number];
const table = new Map<string, Partial<Record<State, number>>>();

function printTable() {
  if (!table.size) return;
  const w = Math.max(...[...table.keys()].map((k) => k.length), 4);
  const lines = [`${'case'.padEnd(w)} | ${STATES.map((s) => s.padStart(7)).join(' | ')}`, `${'-'.repeat(w)}-|-${STATES.map(() => '-'.repeat(7)).join('-|-')}`];
  let runs = 0;
  let total = 0;
  for (const [name, row] of table) {
    lines.push(`${name.padEnd(w)} | ${STATES.map((s) => String(row[s] ?? '–').padStart(7)).join(' | ')}`);
    for (const s of STATES) if (row[s] !== undefined) (runs++, (total += row[s]!));
  }
  lines.push(`axe-core ${WCAG22AA.join(',')}: ${runs} runs over ${table.size} cases, ${total} violations in the survey`);
  for (const [v, cases] of hostPage) lines.push(`host page (demo shop, outside the survey): ${v} in ${[...cases].join('; ')}`);
  console.log(lines.join('\n'));
}

/**
 * Runs axe-core over the whole document (it enters the open shadow root) with the WCAG 2.2 A/AA rules;
 * splits what it finds into the survey's violations and the host page's own (the demo shop's).
 */
async function axe(page: Page): Promise<{ widget: Violation[]; page: Violation[] }> {
  // The card fades in (0.18 s); on a busy machine axe could measure contrast halfway through it.
  await settled(page);
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) =>
      (
        window as unknown as {
          axe: { run: (c: Document, o: object) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown }> }> }> };
        }
      ).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG22AA,
  );
  const out = { widget: [] as Violation[], page: [] as Violation[] };
  for (const v of result.violations) {
    for (const node of v.nodes) {
      // A node in the shadow root is targeted as [["aftercare-survey", "<selector inside>"]].
      const target = JSON.stringify(node.target);
      (target.includes('aftercare-survey') ? out.widget : out.page).push({ id: v.id, help: v.help, target });
    }
  }
  return out;
}
interface Violation {
  id: string;
  help: string;
  target: string;
}
/** Violations axe found in the host page itself (not in the survey), with the cases they showed in. */
const hostPage = new Map<string, Set<string>>();

/** axe in one state of one case: recorded for the table, and 0 violations in the survey expected. */
async function audit(page: Page, name: string, state: State) {
  const found = await axe(page);
  const row = table.get(name) ?? {};
  row[state] = found.widget.length;
  table.set(name, row);
  for (const v of found.page) {
    const key = `${v.id} ${v.target}`;
    hostPage.set(key, (hostPage.get(key) ?? new Set()).add(name));
  }
  expect(found.widget, `${name} · ${state}`).toEqual([]);
}

/**
 * The whole English survey by mouse, auditing each state: the CSAT question, the NPS question (with
 * the comment box CSAT's score brought), the comment step after NPS, the thank-you.
 */
async function auditFlow(name: string, query: Record<string, string>, o: OpenOptions = {}, subject = en.subject) {
  const { page, errors } = await open({ survey: 'csat nps', ...query }, o);
  await page.getByRole('dialog', { name: q(en.csatQuestion, en, subject), exact: true }).waitFor();
  await audit(page, name, 'csat');
  await page.getByRole('radio', { name: '2 Dissatisfied', exact: true }).click();
  await page.getByRole('group', { name: q(en.npsQuestion, en, subject), exact: true }).waitFor();
  await page.getByRole('textbox', { name: en.commentNegative, exact: true }).waitFor();
  await audit(page, name, 'nps');
  await page.getByRole('radio', { name: '10', exact: true }).click();
  await page.getByRole('textbox', { name: en.commentPositive, exact: true }).fill('The engineer was on time.');
  await audit(page, name, 'comment');
  await page.getByRole('button', { name: en.send, exact: true }).click();
  await page.getByRole('status').getByText(en.thanks).waitFor();
  await audit(page, name, 'thanks');
  expect(errors).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
  return page;
}

const cardBg = (page: Page) => page.evaluate(() => getComputedStyle(document.querySelector('aftercare-survey')!.shadowRoot!.querySelector('.card')!).backgroundColor);

describe('axe-core: 0 violations (WCAG 2.2 AA) in every state', () => {
  test('light theme, corner card, buttons', async () => {
    await auditFlow('en · light · corner · buttons', { 'data-theme': 'light' });
  });

  test('dark theme via data-theme=dark', async () => {
    const page = await auditFlow('en · dark (data-theme) · corner', { 'data-theme': 'dark' });
    expect(await cardBg(page)).toBe('rgb(24, 24, 27)');
  });

  test('auto theme follows an emulated prefers-color-scheme: dark', async () => {
    const page = await auditFlow('en · auto + OS dark · corner', {}, { colorScheme: 'dark' });
    expect(await cardBg(page)).toBe('rgb(24, 24, 27)');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await cardBg(page)).toBe('rgb(255, 255, 255)');
  });

  test('centre modal, light and dark', async () => {
    await auditFlow('en · light · centre modal', { 'data-position': 'center' });
    await auditFlow('en · dark · centre modal', { 'data-position': 'center', 'data-theme': 'dark' });
  });

  test('bottom-left corner', async () => {
    await auditFlow('en · light · bottom-left', { 'data-position': 'bottom-left' });
  });

  test('inline in the page (/feedback: stars, brand #0f766e, radius 4), light and OS dark', async () => {
    // The page's own subject is lost when the query has none (pages.mjs spreads `subject: undefined` over it): pass it.
    const subject = 'your dishwasher installation';
    await auditFlow('en · inline /feedback · stars', { subject }, { path: '/feedback' }, subject);
    await auditFlow('en · inline /feedback · OS dark', { subject }, { path: '/feedback', colorScheme: 'dark' }, subject);
  });

  test.each([
    ['stars', 'light'],
    ['faces', 'light'],
    ['stars', 'dark'],
    ['faces', 'dark'],
  ] as const)('CSAT style %s, %s theme', async (style, theme) => {
    await auditFlow(`en · ${theme} · corner · ${style}`, { 'data-csat-style': style, 'data-theme': theme });
  });

  test('merchant colours at the edges: a pale brand (#ffff00) on light, a dark brand (#1e1b4b) on dark', async () => {
    await auditFlow('en · light · brand #ffff00', { 'data-brand-color': '#ffff00' });
    await auditFlow('en · dark · brand #1e1b4b', { 'data-theme': 'dark', 'data-brand-color': '#1e1b4b' });
  });

  test('a 320 px wide screen (400 % zoom): NPS in two rows, CSAT labels at the ends', async () => {
    await auditFlow('en · light · 320 px', {}, { viewport: { width: 320, height: 640 } });
    await auditFlow('en · dark · 320 px · centre', { 'data-theme': 'dark', 'data-position': 'center' }, { viewport: { width: 320, height: 640 } });
  });

  test('NPS only', async () => {
    const { page } = await open({ survey: 'nps' });
    await page.getByRole('dialog', { name: q(en.npsQuestion, en), exact: true }).waitFor();
    await audit(page, 'en · NPS only', 'nps');
    await page.getByRole('radio', { name: '7', exact: true }).click();
    await page.getByRole('textbox', { name: en.commentLabel, exact: true }).fill('Fine');
    await audit(page, 'en · NPS only', 'comment');
    await page.getByRole('button', { name: en.send, exact: true }).click();
    await page.getByRole('status').getByText(en.thanks).waitFor();
    await audit(page, 'en · NPS only', 'thanks');
  });
});

// ---- the 10 locales ----------------------------------------------------------------------------

/** Every text a person can see or hear in the shadow root: text nodes and the attributes that name things. */
const shadowTexts = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('aftercare-survey')!.shadowRoot!;
    const out: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) if (t.textContent!.trim()) out.push(t.textContent!);
    for (const el of root.querySelectorAll('*')) {
      for (const a of ['aria-label', 'aria-description', 'aria-valuetext', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  });

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * English that must not show in a locale: every English text (template pieces around `{…}`) the locale
 * translates differently, matched as whole words ("Send" is English, "Senden" is not; de and es keep
 * "Neutral", which is then theirs), plus the date in English form.
 */
function englishLeft(texts: string[], s: Strings, englishDate: string): string[] {
  const forbidden: string[] = [englishDate];
  for (const key of Object.keys(en) as Array<keyof Strings>) {
    const [mine, theirs] = [en[key], s[key]];
    const pairs: Array<[string, string]> = Array.isArray(mine) ? mine.map((m, i) => [m, (theirs as string[])[i]!]) : [[mine, theirs as string]];
    for (const [m, t] of pairs) {
      if (m === t) continue;
      for (const piece of m.split(/\{\w+\}/)) if (/[A-Za-z]{3}/.test(piece)) forbidden.push(piece.trim());
    }
  }
  const all = texts.join('\n');
  return forbidden.filter((f) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(f)}(?![\\p{L}\\p{N}])`, 'u').test(all));
}

const LATIN = new Set<UiLocale>(['en', 'es', 'fr', 'de', 'pt-BR']);

describe('every locale: names, digits, lang, dates, no English left; axe in each state', () => {
  test('the English detector finds English and only English', () => {
    expect(englishLeft(['Senden', 'Neutral', 'Geliefert am 20.11.2026'], de, 'Nov 20, 2026')).toEqual([]);
    expect(englishLeft(['Send', 'Remind me later', 'Nov 20, 2026', 'Wie zufrieden sind Sie mit our service?'], de, 'Nov 20, 2026')).toEqual([
      'Nov 20, 2026',
      'our service',
      'Send',
      'Remind me later',
    ]);
  });

  test.each(LOCALES.map((tag, i) => [tag, i] as const))('%s', async (tag, i) => {
    const s = STRINGS[tag];
    // Scores vary by locale so that, over the 10, every comment prompt (negative, neutral, positive) is shown.
    const csat = (i % 5) + 1;
    const nps = [0, 7, 10][i % 3]!;
    const deliveredAt = new Date(Date.now() - 4 * DAY).toISOString();
    const { page, errors, order } = await open({ survey: 'csat nps', locale: tag, deliveredAt });
    const name = `locale ${tag} · light · corner`;
    const num = await digits(page, tag);
    const [date, englishDate] = await page.evaluate(
      ([t, iso]) => [t, 'en'].map((l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium' }).format(new Date(iso!))),
      [tag, deliveredAt],
    );
    const check = async () => {
      const texts = await shadowTexts(page);
      expect(texts.length).toBeGreaterThanOrEqual(3);
      if (tag !== 'en') expect(englishLeft(texts, s, englishDate!), `English text in the ${tag} survey`).toEqual([]);
      if (!LATIN.has(tag)) expect(texts.filter((t) => /[A-Za-z]/.test(t)), `Latin letters in the ${tag} survey`).toEqual([]);
    };

    // The CSAT question names the dialog; the host and the dialog carry the language and direction.
    await page.getByRole('dialog', { name: q(s.csatQuestion, s), exact: true }).waitFor();
    expect(await host(page).getAttribute('lang')).toBe(tag);
    expect(await host(page).getAttribute('dir')).toBe(tag === 'ar' ? 'rtl' : 'ltr');
    expect(await page.locator('aftercare-survey [role=dialog]').getAttribute('lang')).toBe(tag);
    // Each radio's name begins with its number in the locale's digits, then the label.
    expect(await page.getByRole('radio').count()).toBe(5);
    for (let v = 1; v <= 5; v++) expect(await page.getByRole('radio', { name: `${num[v]} ${s.csatLabels[v - 1]}`, exact: true }).count(), `radio ${v}`).toBe(1);
    // "Delivered on …" with the date as this locale writes it.
    expect(await page.getByText(s.deliveredOn.replace('{date}', date!), { exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: s.close, exact: true }).count()).toBe(1);
    expect(await page.getByRole('button', { name: s.later, exact: true }).count()).toBe(1);
    await check();
    await audit(page, name, 'csat');

    // The CSAT score brings the NPS question (numbers only) and the comment prompt for that score.
    await page.getByRole('radio', { name: `${num[csat]} ${s.csatLabels[csat - 1]}`, exact: true }).click();
    await page.getByRole('group', { name: q(s.npsQuestion, s), exact: true }).waitFor();
    expect(await page.getByRole('radio').count()).toBe(16);
    for (let v = 0; v <= 10; v++) expect(await page.getByRole('radio', { name: num[v]!, exact: true }).count(), `NPS radio ${v}`).toBe(1);
    const afterCsat = csat < 3 ? s.commentNegative : csat > 3 ? s.commentPositive : s.commentLabel;
    await page.getByRole('textbox', { name: afterCsat, exact: true }).waitFor();
    await check();
    await audit(page, name, 'nps');

    // NPS decides the prompt once given.
    await page.getByRole('radio', { name: num[nps]!, exact: true }).click();
    const afterNps = nps < 7 ? s.commentNegative : nps > 8 ? s.commentPositive : s.commentLabel;
    await page.getByRole('textbox', { name: afterNps, exact: true }).fill('👍');
    await check();
    await audit(page, name, 'comment');

    await page.getByRole('button', { name: s.send, exact: true }).click();
    await page.getByRole('status').getByText(s.thanks, { exact: true }).waitFor();
    expect(await page.getByRole('dialog', { name: s.thanks, exact: true }).count()).toBe(1);
    await check();
    await audit(page, name, 'thanks');

    const rows = await waitFor(shared.demo.rows, (r) => r.some((x) => x.delivery_id === order && x.complete === 1), 10_000, `the ${tag} answer`);
    expect(rows.find((x) => x.delivery_id === order)).toMatchObject({ csat, nps, comment: '👍', locale: tag });
    expect(errors).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });
});

// ---- right to left -------------------------------------------------------------------------------

/** Boxes of the card, its content box, the × button, the text of some elements and the options. */
const rtlGeometry = (page: Page) =>
  page.evaluate(async () => {
    const root = document.querySelector('aftercare-survey')!.shadowRoot!;
    const card = root.querySelector<HTMLElement>('.card')!;
    await Promise.all(card.getAnimations().map((a) => a.finished));
    const box = (el: Element | Range) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, width: r.width };
    };
    /** Where the text itself is drawn (not its block). */
    const text = (el: Element | null) => {
      if (!el) return null;
      const range = document.createRange();
      range.selectNodeContents(el);
      return box(range);
    };
    const cs = getComputedStyle(card);
    const c = box(card);
    const content = { left: c.left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft), right: c.right - parseFloat(cs.borderRightWidth) - parseFloat(cs.paddingRight) };
    return {
      direction: cs.direction,
      card: c,
      content,
      overflow: { scrollWidth: card.scrollWidth, clientWidth: card.clientWidth, page: document.documentElement.scrollWidth, inner: innerWidth },
      close: box(root.querySelector('.x')!),
      legend: text(root.querySelector('legend')),
      note: text(root.querySelector('.d')),
      label: text(root.querySelector('label.c')),
      button: root.querySelector('.row button') ? box(root.querySelector('.row button')!) : null,
      options: [...root.querySelectorAll('.csat .opt')].map(box),
    };
  });

describe('right to left (data-locale=ar)', () => {
  test.each([
    [1280, 800],
    [320, 640],
  ])('at %i×%i: dir=rtl, × on the left, text and controls from the right, no horizontal overflow', async (width, height) => {
    const { page } = await open({ 'data-locale': 'ar', survey: 'csat nps' }, { viewport: { width, height } });
    await page.getByRole('dialog', { name: q(ar.csatQuestion, ar), exact: true }).waitFor();
    expect(await host(page).getAttribute('dir')).toBe('rtl');
    expect(await host(page).getAttribute('lang')).toBe('ar');

    const g = await rtlGeometry(page);
    expect(g.direction).toBe('rtl');
    // × in the top-left corner: its left edge near the card's, far from the right.
    expect(g.close.left - g.card.left).toBeLessThan(10);
    expect(g.close.right).toBeLessThan(g.card.left + g.card.width / 2);
    // Text starts at the right edge of the content box.
    for (const [what, t] of [['question', g.legend], ['delivered on', g.note]] as const) {
      expect(t, what).not.toBeNull();
      expect(Math.abs(t!.right - g.content.right), `${what} right-aligned`).toBeLessThan(2);
      expect(t!.left, `${what} leaves the left side free`).toBeGreaterThan(g.content.left + 20);
    }
    // The scale runs right to left: 1 on the right, 5 on the left.
    expect(g.options).toHaveLength(5);
    expect(g.options[0]!.right).toBeCloseTo(g.content.right, 0);
    expect(g.options[4]!.left).toBeLessThan(g.options[0]!.left);
    expect(g.button!.right, '"remind me later" starts at the right').toBeCloseTo(g.content.right, 0);
    expect(g.overflow.scrollWidth).toBeLessThanOrEqual(g.overflow.clientWidth);
    expect(g.card.left).toBeGreaterThanOrEqual(0);
    expect(g.card.left + g.card.width).toBeLessThanOrEqual(width);

    // The comment step: its prompt and Send also start on the right.
    await page.getByRole('radio', { name: new RegExp(`^\\S+ ${escapeRe(ar.csatLabels[3])}$`) }).click();
    await page.getByRole('textbox', { name: ar.commentPositive, exact: true }).waitFor();
    const h = await rtlGeometry(page);
    expect(Math.abs(h.label!.right - h.content.right), 'comment prompt right-aligned').toBeLessThan(2);
    expect(h.button!.right, 'Send starts at the right').toBeCloseTo(h.content.right, 0);
    expect(h.overflow.scrollWidth).toBeLessThanOrEqual(h.overflow.clientWidth);
    expect(h.overflow.page).toBeLessThanOrEqual(h.overflow.inner);
  });
});

// ---- keyboard only -------------------------------------------------------------------------------

const displays = () => shared.demo.displays();
const displayOf = (order: string) =>
  waitFor(() => displays().filter((d) => d.delivery_id === order), (d) => d.length > 0, 10_000, `the display of ${order}`);

/** What has focus, as a screen reader would name it: inside the survey, its name; on the page, `page:` and its text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const h = document.querySelector('aftercare-survey');
    if (!h || document.activeElement !== h) {
      const el = document.activeElement;
      return el === document.body || !el ? 'page:body' : `page:${el.textContent?.trim()}`;
    }
    const el = h.shadowRoot!.activeElement as HTMLElement | null;
    if (!el) return 'survey:none';
    if (el instanceof HTMLInputElement) return `${el.closest('fieldset')!.classList[0]} ${el.closest('label')!.textContent!.trim()}${el.checked ? ' (checked)' : ''}`;
    return el.getAttribute('aria-label') ?? (el.tagName === 'TEXTAREA' ? 'textarea' : el.textContent!.trim());
  });

describe('keyboard only', () => {
  test('corner card: it does not take focus; Tab reaches it; arrows move and choose; Space chooses; Enter sends', async () => {
    const { page, order } = await open({ survey: 'csat nps' });
    await page.waitForTimeout(300);
    expect(await focused(page)).toBe('page:body');
    // Tab through the shop's links until the survey: its first stop is the × button.
    const stops: string[] = [];
    for (let i = 0; i < 12 && !(stops.at(-1) ?? '').startsWith('Close'); i++) {
      await page.keyboard.press('Tab');
      stops.push(await focused(page));
    }
    expect(stops).toEqual(['page:Tidy Appliances', 'page:Your orders', 'page:Help', 'page:New order', 'page:Dashboard', 'Close survey']);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('csat 1 Very dissatisfied');
    // Native radio group: arrows move the focus and choose; the choice is saved at once.
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('csat 2 Dissatisfied (checked)');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('csat 4 Satisfied (checked)');
    await page.keyboard.press('ArrowLeft');
    expect(await focused(page)).toBe('csat 3 Neutral (checked)');
    expect(await page.getByRole('radio', { name: '3 Neutral', exact: true }).isChecked()).toBe(true);
    await page.getByRole('group', { name: q(en.npsQuestion, en), exact: true }).waitFor();
    // Tab leaves the CSAT group and enters the NPS group at its first radio, not yet chosen.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('nps 0');
    await page.keyboard.press('Space');
    expect(await focused(page)).toBe('nps 0 (checked)');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('nps 2 (checked)');
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toBe('nps 1 (checked)');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('textarea');
    await page.keyboard.type('By keyboard');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Send');
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText(en.thanks).waitFor();
    // Send is gone with the form: focus stays in the survey, on ×.
    expect(await focused(page)).toBe('Close survey');
    const rows = await waitFor(shared.demo.rows, (r) => r.some((x) => x.delivery_id === order && x.complete === 1), 10_000, 'the answer');
    expect(rows.find((x) => x.delivery_id === order)).toMatchObject({ csat: 3, nps: 1, comment: 'By keyboard' });
    await page.keyboard.press('Escape');
    expect(await host(page).count()).toBe(0);
    expect((await displayOf(order)).map((d) => d.outcome)).toEqual(['answered']);
  });

  test('Enter on a radio chooses it, like Space, and never submits the form', async () => {
    const { page, order } = await open();
    await page.getByRole('radio', { name: '2 Dissatisfied' }).focus();
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe('csat 2 Dissatisfied (checked)');
    await page.keyboard.press('Enter'); // again: still chosen, still not sent
    await page.waitForTimeout(300);
    expect(await page.getByRole('status').textContent()).toBe('');
    const rows = await waitFor(shared.demo.rows, (r) => r.some((x) => x.delivery_id === order), 10_000, 'the score');
    expect(rows.filter((x) => x.delivery_id === order).map((x) => [x.csat, x.complete])).toEqual([[2, 0]]);
  });

  test('Enter on "Remind me later" snoozes; nothing is answered', async () => {
    const { page, order } = await open();
    await page.getByRole('button', { name: en.later }).focus();
    await page.keyboard.press('Enter');
    expect(await host(page).count()).toBe(0);
    expect((await displayOf(order)).map((d) => [d.outcome, d.later])).toEqual([['dismissed', 1]]);
    expect(shared.demo.rows().filter((r) => r.delivery_id === order)).toEqual([]);
  });

  test('Escape closes the corner card; the display ends as dismissed at the collector', async () => {
    const { page, order } = await open();
    for (let i = 0; i < 12 && (await focused(page)) !== 'Close survey'; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('csat 1 Very dissatisfied');
    await page.keyboard.press('Escape');
    expect(await host(page).count()).toBe(0);
    expect((await displayOf(order)).map((d) => [d.outcome, d.later])).toEqual([['dismissed', 0]]);
    expect(shared.demo.rows().filter((r) => r.delivery_id === order)).toEqual([]);
  });

  test('centre modal: focus moves in, Tab and Shift+Tab stay inside, Escape returns focus to where it was', async () => {
    // A delay (wide, for a slow machine), so the customer is somewhere on the page (the Help link) when the survey opens.
    const { page, order } = await open({ survey: 'csat nps', 'data-position': 'center', 'data-delay': '4000' }, { survey: false });
    await page.getByRole('link', { name: 'Help' }).focus();
    await page.getByRole('dialog').waitFor();
    expect(await page.locator('aftercare-survey [role=dialog]').getAttribute('aria-modal')).toBe('true');
    await expect.poll(() => focused(page)).toBe('csat 1 Very dissatisfied');

    const walk = async (key: string, times: number) => {
      const seen: string[] = [];
      for (let i = 0; i < times; i++) {
        await page.keyboard.press(key);
        seen.push(await focused(page));
      }
      return seen;
    };
    // Nothing chosen: the radio group, "Remind me later", ×, around again.
    expect(await walk('Tab', 6)).toEqual(['Remind me later', 'Close survey', 'csat 1 Very dissatisfied', 'Remind me later', 'Close survey', 'csat 1 Very dissatisfied']);
    expect(await walk('Shift+Tab', 3)).toEqual(['Close survey', 'Remind me later', 'csat 1 Very dissatisfied']);
    await page.keyboard.press('Space');
    await page.getByRole('group', { name: q(en.npsQuestion, en), exact: true }).waitFor();
    // Chosen: CSAT, NPS, the comment, Send, ×, around again; and backwards.
    const ring = ['nps 0', 'textarea', 'Send', 'Close survey', 'csat 1 Very dissatisfied (checked)'];
    expect(await walk('Tab', 10)).toEqual([...ring, ...ring]);
    expect(await walk('Shift+Tab', 10)).toEqual([...ring.slice(0, 4).reverse(), 'csat 1 Very dissatisfied (checked)', ...ring.slice(0, 4).reverse(), 'csat 1 Very dissatisfied (checked)']);
    await page.keyboard.press('Escape');
    expect(await host(page).count()).toBe(0);
    expect(await focused(page)).toBe('page:Help');
    // A score was given before Escape, so the display counts as answered.
    expect((await displayOf(order)).map((d) => d.outcome)).toEqual(['answered']);
  });

  test('centre modal closed with Escape before any score: dismissed, focus back on the page', async () => {
    const { page, order } = await open({ 'data-position': 'center', 'data-delay': '4000' }, { survey: false });
    await page.getByRole('link', { name: 'Dashboard' }).focus();
    await page.getByRole('dialog').waitFor();
    await expect.poll(() => focused(page)).toBe('csat 1 Very dissatisfied');
    await page.keyboard.press('Escape');
    expect(await host(page).count()).toBe(0);
    expect(await focused(page)).toBe('page:Dashboard');
    expect((await displayOf(order)).map((d) => [d.outcome, d.later])).toEqual([['dismissed', 0]]);
  });
});

// ---- visible focus -------------------------------------------------------------------------------

const channel = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
function parseColour(css: string): [number, number, number, number] {
  const m = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(css);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  return [+m[1]!, +m[2]!, +m[3]!, m[4] === undefined ? 1 : +m[4]];
}
/** WCAG 2 contrast ratio of two opaque computed colours. */
function contrast(a: string, b: string): number {
  const [ca, cb] = [parseColour(a), parseColour(b)];
  expect(ca[3], `${a} is opaque`).toBe(1);
  expect(cb[3], `${b} is opaque`).toBe(1);
  const lum = (c: number[]) => 0.2126 * channel(c[0]!) + 0.7152 * channel(c[1]!) + 0.0722 * channel(c[2]!);
  const [x, y] = [lum(ca), lum(cb)].sort((p, r) => r - p);
  return (x! + 0.05) / (y! + 0.05);
}

/** The focus outline of what has focus in the survey (the option box for a radio) and the card's background. */
const ringOf = (page: Page) =>
  page.evaluate(() => {
    const root = document.querySelector('aftercare-survey')!.shadowRoot!;
    const el = root.activeElement!;
    const target = el instanceof HTMLInputElement ? el.closest('label')! : el;
    const s = getComputedStyle(target);
    return {
      what: el instanceof HTMLInputElement ? `radio ${el.value}${el.checked ? ' (checked)' : ''}` : el.tagName.toLowerCase() + (el.getAttribute('aria-label') ? ' ×' : ''),
      style: s.outlineStyle,
      width: parseFloat(s.outlineWidth),
      colour: s.outlineColor,
      border: getComputedStyle(root.querySelector('.opt')!).borderTopColor,
      bg: getComputedStyle(root.querySelector('.card')!).backgroundColor,
    };
  });

describe('visible focus: the focus ring has at least 3:1 against the card', () => {
  test.each([
    ['light', {}, 'light', '/'],
    ['dark (data-theme)', { 'data-theme': 'dark' }, 'light', '/'],
    ['auto, OS dark', {}, 'dark', '/'],
    ['pale brand #ffff00', { 'data-brand-color': '#ffff00' }, 'light', '/'],
    ['dark with dark brand #1e1b4b', { 'data-theme': 'dark', 'data-brand-color': '#1e1b4b' }, 'light', '/'],
    ['faces, OS dark', { 'data-csat-style': 'faces' }, 'dark', '/'],
    ['inline stars, brand #0f766e', { survey: 'csat' }, 'light', '/feedback'],
  ] as const)('%s', async (_, query, colorScheme, path) => {
    const { page } = await open({ ...query }, { colorScheme, path });
    const rings: Array<Awaited<ReturnType<typeof ringOf>>> = [];
    // The survey's first stop is ×, then the options, the comment box, Send.
    for (let i = 0; i < 14 && (await focused(page)) !== 'Close survey'; i++) await page.keyboard.press('Tab');
    rings.push(await ringOf(page));
    await page.keyboard.press('Tab');
    rings.push(await ringOf(page));
    await page.keyboard.press('ArrowRight');
    rings.push(await ringOf(page));
    await page.keyboard.press('Tab');
    rings.push(await ringOf(page));
    await page.keyboard.press('Tab');
    rings.push(await ringOf(page));
    expect(rings.map((r) => r.what)).toEqual(['button ×', 'radio 1', 'radio 2 (checked)', 'textarea', 'button']);
    for (const r of rings) {
      expect(r.style, r.what).toBe('solid');
      expect(r.width, r.what).toBeGreaterThanOrEqual(2);
      expect(contrast(r.colour, r.bg), `${r.what}: ${r.colour} on ${r.bg}`).toBeGreaterThanOrEqual(3);
    }
    // Option borders (non-text contrast, 1.4.11), where options have a border (not stars).
    if (path === '/') expect(contrast(rings[1]!.border, rings[1]!.bg), `option border ${rings[1]!.border} on ${rings[1]!.bg}`).toBeGreaterThanOrEqual(3);
  });
});

// ---- touch targets, small screens, zoom, motion --------------------------------------------------

/** Every interactive target's box, and whether the card fits the viewport without horizontal overflow. */
const layout = (page: Page) =>
  page.evaluate(async () => {
    const root = document.querySelector('aftercare-survey')!.shadowRoot!;
    const card = root.querySelector<HTMLElement>('.card')!;
    // Measured after the slide-in (a transform of 8 px).
    await Promise.all(card.getAnimations().map((a) => a.finished));
    const c = card.getBoundingClientRect();
    const targets = [...root.querySelectorAll<HTMLElement>('.opt, input, button, textarea')].map((el) => {
      const r = el.getBoundingClientRect();
      const name = el.matches('.opt') ? `option ${el.querySelector('input')!.value}` : el.tagName === 'INPUT' ? `radio ${(el as HTMLInputElement).value}` : el.getAttribute('aria-label') ?? el.tagName.toLowerCase();
      return { name, width: Math.round(r.width * 100) / 100, height: Math.round(r.height * 100) / 100 };
    });
    return {
      targets,
      card: { left: c.left, right: c.right, top: c.top, bottom: c.bottom, scrollWidth: card.scrollWidth, clientWidth: card.clientWidth },
      viewport: { width: innerWidth, height: innerHeight },
    };
  });

function expectFits(l: Awaited<ReturnType<typeof layout>>, what: string, inFlow: boolean) {
  const small = l.targets.filter((t) => t.width < 24 || t.height < 24);
  expect(small, `${what}: targets under 24×24 CSS px`).toEqual([]);
  expect(l.card.scrollWidth, `${what}: no horizontal overflow in the card`).toBeLessThanOrEqual(l.card.clientWidth);
  expect(l.card.left, `${what}: card inside the viewport (left)`).toBeGreaterThanOrEqual(0);
  expect(l.card.right, `${what}: card inside the viewport (right)`).toBeLessThanOrEqual(l.viewport.width);
  if (!inFlow) {
    // A floating card must fit vertically too (it scrolls inside itself).
    expect(l.card.top, `${what}: card top inside the viewport`).toBeGreaterThanOrEqual(0);
    expect(l.card.bottom, `${what}: card bottom inside the viewport`).toBeLessThanOrEqual(l.viewport.height);
  }
}

describe('touch targets and reflow', () => {
  const cases = [
    ['corner, buttons', {}, '/'],
    ['bottom-left', { 'data-position': 'bottom-left' }, '/'],
    ['centre modal', { 'data-position': 'center' }, '/'],
    ['inline stars', {}, '/feedback'],
    ['faces', { 'data-csat-style': 'faces' }, '/'],
    ['German (long labels)', { locale: 'de' }, '/'],
    ['Arabic (rtl)', { locale: 'ar' }, '/'],
  ] as const;
  test.each([
    ['320×640 (a small phone; 400 % zoom of 1280)', 320, 640],
    ['640×400 (200 % zoom of 1280×800)', 640, 400],
  ])('%s: every target ≥ 24×24 CSS px, the card fits, no horizontal overflow', async (_, width, height) => {
    for (const [what, query, path] of cases) {
      const { page } = await open({ survey: 'csat nps', ...query }, { path, viewport: { width, height } });
      expectFits(await layout(page), `${what} · question`, path !== '/');
      await page.getByRole('radio').nth(3).click();
      await page.getByRole('textbox').waitFor();
      await page.getByRole('radio').nth(5 + 9).click();
      await page.getByRole('textbox').fill('A comment that is long enough to need more than one line in the box on a small screen.');
      const l = await layout(page);
      expect(l.targets.map((t) => t.name)).toEqual(expect.arrayContaining(['textarea', 'button', 'option 10', 'radio 0']));
      expectFits(l, `${what} · comment`, path !== '/');
      await page.getByRole('button').last().click();
      await page.getByRole('status').filter({ hasText: /./ }).waitFor();
      expectFits(await layout(page), `${what} · thanks`, path !== '/');
      await page.context().close();
    }
  });

  test('prefers-reduced-motion: reduce → the card does not animate; otherwise it slides in', async () => {
    const animation = (page: Page) =>
      page.evaluate(() => getComputedStyle(document.querySelector('aftercare-survey')!.shadowRoot!.querySelector('.card')!).animationName);
    const still = await open({}, { reducedMotion: 'reduce' });
    expect(await animation(still.page)).toBe('none');
    const centre = await open({ 'data-position': 'center' }, { reducedMotion: 'reduce' });
    expect(await animation(centre.page)).toBe('none');
    const moving = await open({}, { reducedMotion: 'no-preference' });
    expect(await animation(moving.page)).toBe('ac-in');
    // And it follows a change while open.
    await moving.page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await animation(moving.page)).toBe('none');
  });
});
