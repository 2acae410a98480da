// What customers say in real Chromium against the demo collector, seeded with comments whose themes
// are known (themes-fixtures.ts): the planted unhappy themes (late, rude, 迟到…) on the unhappy side
// and the happy ones (careful, 细心…) on the other, each row as /v1/themes has it; a term opens
// Comments filtered by it (`term=`), the term marked in each comment as text (HTML stays characters);
// the rising terms, a term's trend with its table as /v1/themes/series has it, Check these listing the
// promoter whose words sound unhappy; Chinese; axe-core in light, dark, at 360 px and in zh-CN; the
// keyboard alone. The marking's plain logic is tested first.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { splitTerm } from '../../examples/collector/dashboard/src/highlight.ts';
import { formatRoute, parseRoute } from '../../examples/collector/dashboard/src/route.ts';
import type { Themes, ThemeSeries, Tone } from '../../examples/collector/dashboard/src/theme-types.ts';
import { axeViolations, LOOKS, post } from './dashboard-fixtures.ts';
import { cspViolations, DAY, sharedBrowser, watch } from './harness.ts';
import { CONTRARY, HTML_LATE, themeBatches } from './themes-fixtures.ts';

const TZ = 'UTC';
const SHOTS = 'test-output/dashboard';
mkdirSync(SHOTS, { recursive: true });

describe('the view logic', () => {
  const marked = (text: string, term: string) => splitTerm(text, term).map((p) => (p.match ? `[${p.text}]` : p.text)).join('');
  test('a term is marked whole, in any case and width, a phrase across its space; Chinese without spaces; the rest stays text', () => {
    expect(marked('Late, LATE! latest', 'late')).toBe('[Late], [LATE]! latest');
    expect(marked('Fixed it the First  time.', 'first time')).toBe('Fixed it the [First  time].');
    expect(marked('一次修好，非常满意。', '一次 修好')).toBe('[一次修好]，非常满意。');
    expect(marked('师傅迟到了', '迟到')).toBe('师傅[迟到]了');
    expect(marked('ＬＡＴＥ arrival', 'late')).toBe('[ＬＡＴＥ] arrival');
    expect(marked('don’t', "don't")).toBe('[don’t]');
    expect(marked(HTML_LATE, 'late')).toBe('<b>[Late]</b> again & <i>rude</i>');
    expect(splitTerm('nothing here', 'late')).toEqual([{ text: 'nothing here', match: false }]);
    expect(splitTerm('x', null)).toEqual([{ text: 'x', match: false }]);
  });
  test('the route keeps compare= and trend= out of the filters, term= in them', () => {
    const r = parseRoute('?view=themes&compare=csat&trend=%E8%BF%9F%E5%88%B0&term=late&from=2026-01-01');
    expect([r.view, r.compare, r.trend, r.filters.toString()]).toEqual(['themes', 'csat', '迟到', 'term=late&from=2026-01-01']);
    expect(formatRoute(r)).toBe('?view=themes&compare=csat&trend=%E8%BF%9F%E5%88%B0&term=late&from=2026-01-01');
    expect(parseRoute('?view=themes').compare).toBe('nps');
  });
});

const b = sharedBrowser([], { AFTERCARE_TZ: TZ });

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
/** The period the dashboard opens with: today and the 89 days before. */
const RANGE = () => `from=${new Date(Date.parse(`${today()}T00:00:00Z`) - 89 * DAY).toISOString().slice(0, 10)}&to=${today()}`;
const themes = () => b.demo.api<Themes>(`/v1/themes?${RANGE()}&compare=nps`);
const realErrors = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));
const z1 = new Intl.NumberFormat('en', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const pct = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(v));
const signed = (v: number | null) => (v === null ? '—' : new Intl.NumberFormat('en', { maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(v).replace('-', '\u2212'));
const UNHAPPY = 'Mentioned more by unhappy customers';
const HAPPY = 'Mentioned more by happy customers';

async function open(query = '', options: BrowserContextOptions = {}) {
  const context = await b.context({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  const w = watch(page);
  const reads: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/v1/')) reads.push(decodeURIComponent(u.pathname + u.search));
  });
  await page.goto(`${b.demo.base}/dashboard${query}#token=${b.demo.token}`);
  await page.getByRole('navigation', { name: /^(Views|视图)$/ }).waitFor();
  return { page, w, reads };
}
const cells = (page: Page, table: string) =>
  page
    .getByRole('table', { name: table })
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));
/** The view with its lists, trend and Check these loaded. */
async function loaded(page: Page, table = UNHAPPY) {
  await page.getByRole('table', { name: table }).waitFor();
  await page.locator('.themes .plot canvas').first().waitFor();
  await page.locator('.themes .card.contrary').first().waitFor();
}

describe('before any comment', () => {
  test('no term and no tone yet, said in words with the collector\'s reason', async () => {
    const { page } = await open('?view=themes');
    await expect.poll(() => page.getByText('Not enough scored comments to judge tone yet: 0 unhappy and 0 happy so far.').count()).toBe(1);
    expect(await page.locator('#check-h ~ p.n').getAttribute('lang')).toBe('en');
    expect(await page.locator('#check-h ~ p.n').textContent()).toMatch(/^too few scored comments to learn from/);
    await expect.poll(() => page.getByText('No term is named by at least 5 different customers in these comments yet.').count()).toBe(2);
    expect(await page.locator('.themes canvas, .themes table').count()).toBe(0);
  });
});

describe('What customers say', () => {
  beforeAll(async () => {
    for (const responses of themeBatches()) await post(b.demo.base, { responses });
    // The tone learnt before the comments came is kept for an hour: learn it again now.
    const res = await fetch(`${b.demo.base}/v1/themes/tone/train`, { method: 'POST', headers: { authorization: `Bearer ${b.demo.token}` } });
    expect(res.status).toBe(200);
  });

  test('the planted themes surface on the right sides; each row is /v1/themes\'s, z drawn as a bar; the rising terms', async () => {
    const t = await themes();
    const top = (list: Themes['unhappy']) => list.slice(0, 8).map((x) => x.term);
    expect(top(t.unhappy)).toEqual(expect.arrayContaining(['late', 'rude', '迟到']));
    expect(top(t.happy)).toEqual(expect.arrayContaining(['careful', 'fixed', '细心']));
    for (const term of ['late', 'rude', 'mess', '迟到', '态度 差']) expect(t.happy.map((x) => x.term)).not.toContain(term);
    for (const term of ['careful', '细心', '一次 修好']) expect(t.unhappy.map((x) => x.term)).not.toContain(term);
    expect(t.rising!.terms.map((x) => x.term)).toEqual(expect.arrayContaining(['late', '迟到']));

    const { page, w, reads } = await open('?view=themes');
    await loaded(page);
    for (const [name, list] of [
      [UNHAPPY, t.unhappy],
      [HAPPY, t.happy],
    ] as const) {
      expect(await cells(page, name)).toEqual(list.map((x) => [x.term, String(x.counts.unhappy), String(x.counts.happy), z1.format(x.z!).replace('-', '\u2212'), `${pct(x.share)} (${x.counts.all})`, signed(x.impact.nps)]));
    }
    // The bars share one scale: the strongest term of both lists fills its cell.
    const widths = await page.locator('.zbar rect').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('width'))));
    expect(Math.max(...widths)).toBe(100);
    expect(await page.locator('[data-side=unhappy] tr[data-term=late]').count()).toBe(1);
    expect(await cells(page, 'Rising terms, strongest first').then((r) => r.map((c) => c[0]))).toEqual(t.rising!.terms.map((x) => x.term));
    expect(reads).toContain(`/v1/themes?${RANGE()}&compare=nps`);
    // CSAT splits them the other way round too.
    await page.getByRole('link', { name: 'CSAT: 1–2 against 4–5' }).click();
    await expect.poll(() => reads.includes(`/v1/themes?${RANGE()}&compare=csat`)).toBe(true);
    await expect.poll(() => page.getByRole('columnheader', { name: 'CSAT 1–2' }).count()).toBe(2);
    expect(realErrors(w.errors)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });

  test('a term opens Comments filtered by it, the term marked in each comment as text; HTML stays characters', async () => {
    const { page, reads } = await open('?view=themes');
    await page.getByRole('table', { name: UNHAPPY }).getByRole('link', { name: 'late', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('comments');
    expect(new URL(page.url()).searchParams.get('term')).toBe('late');
    await expect.poll(() => reads.some((r) => r.startsWith('/v1/responses?') && r.includes('term=late'))).toBe(true);
    const texts = page.locator('.comments .card .text');
    await expect.poll(() => texts.count()).toBeGreaterThan(5);
    for (const text of await texts.allTextContents()) expect(text.toLowerCase()).toContain('late');
    const html = page.locator('.comments .card .text').filter({ hasText: '<b>Late</b>' });
    expect(await html.textContent()).toBe(HTML_LATE);
    expect(await html.locator('mark').allTextContents()).toEqual(['Late']);
    expect(await page.locator('.comments .text b, .comments .text i, .comments .text img').count()).toBe(0);
    expect(await page.locator('.term-filter').textContent()).toBe('Comments naming late. Show all comments');
    await page.getByRole('link', { name: 'Show all comments' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.has('term')).toBe(false);
    await expect.poll(() => page.locator('.comments mark').count()).toBe(0);
  });

  test('the trend of a term with its 95 % interval, its table as /v1/themes/series has it; Check these lists the contradicting comment', async () => {
    const { page } = await open('?view=themes&trend=late&interval=month');
    await loaded(page);
    await expect.poll(() => page.getByRole('img', { name: 'Share of comments naming “late” per month, with its 95 % interval as a band' }).count()).toBe(1);
    const s = await b.demo.api<ThemeSeries>(`/v1/themes/series?${RANGE()}&term=late&interval=month`);
    await page.locator('.themes').getByText('Table of the chart').click();
    const rows = await cells(page, 'Comments naming “late”');
    expect(rows.map((r) => r.slice(1))).toEqual(s.series.map((p) => [pct(p.share), pct(p.low), pct(p.high), String(p.named), String(p.comments)]));
    expect(s.series.reduce((a, p) => a + p.named, 0)).toBeGreaterThan(10);
    await page.getByLabel('Term to show').selectOption('迟到');
    await expect.poll(() => new URL(page.url()).searchParams.get('trend')).toBe('迟到');
    await expect.poll(() => page.getByRole('img', { name: /naming “迟到” per month/ }).count()).toBe(1);

    const tone = await b.demo.api<Tone>(`/v1/themes/tone?${RANGE()}&limit=20`);
    expect(tone.trained).toBe(true);
    const contrary = tone.checkThese.find((x) => x.response.comment === CONTRARY)!;
    expect(contrary.direction).toBe('sounds-unhappy');
    const card = page.locator('.card.contrary').filter({ hasText: CONTRARY });
    expect(await card.locator('.tag').textContent()).toBe('Sounds unhappy, scored high');
    expect(await card.locator('.scores .score').allTextContents()).toEqual([`CSAT ${contrary.response.csat}`, `NPS ${contrary.response.nps}`]);
    expect(await card.textContent()).toContain(`Chance the words are unhappy: ${pct(contrary.pUnhappy)}`);
    expect(await page.locator('.card.contrary').count()).toBe(tone.checkThese.length);
    expect(await page.locator('#check-h ~ p.n').first().textContent()).toMatch(/^Learnt from \d+ scored comments/);
    // The docs' picture of the view: refreshed on purpose only.
    const picture = 'docs/images/themes.png';
    if (!existsSync(picture) || process.env.UPDATE_SCREENSHOTS) {
      await page.goto(`${b.demo.base}/dashboard?view=themes&${RANGE()}`);
      await loaded(page);
      await page.locator('.themes').screenshot({ path: `${SHOTS}/themes-readme.png` });
      copyFileSync(`${SHOTS}/themes-readme.png`, picture);
    }
  });

  test('nothing to say: too few customers per term and too few scored comments are said in words', async () => {
    const { page } = await open(`?view=themes&${RANGE()}&meta.store=Nowhere`);
    await expect.poll(() => page.getByText('No term is named by at least 5 different customers in these comments yet.').count()).toBeGreaterThan(0);
    // The model is the collector's, learnt from every scored comment; only its list follows the filters.
    await expect.poll(() => page.getByText('No comment contradicts its score.').count()).toBe(1);
  });

  test('zh-CN: the view, its lists and Check these in Chinese; axe-core finds nothing', async () => {
    const { page } = await open('?view=themes', { locale: 'zh-CN' });
    await loaded(page, '不满意的顾客提得更多');
    expect(await page.getByRole('navigation', { name: '视图' }).getByRole('link').allTextContents()).toEqual(['概览', '分组', '产品周期', '顾客怎么说', '评论', '导出']);
    expect(await page.getByRole('table', { name: '满意的顾客提得更多', exact: true }).locator('thead th').allTextContents()).toEqual(['词语', '贬损者', '推荐者', 'z', '占评论的比例', 'NPS 影响']);
    expect(await page.locator('.card.contrary').filter({ hasText: CONTRARY }).locator('.tag').textContent()).toBe('听起来不满意，分数却高');
    for (const summary of await page.getByText('图表数据表').all()) await summary.click();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/themes-zh.png`, fullPage: true });
  });

  test('accessible: axe-core finds nothing (light, dark, 360 px, and Comments with a term), nothing scrolls sideways', async () => {
    const found: Record<string, unknown> = {};
    for (const [mode, options] of LOOKS) {
      const { page, w } = await open('?view=themes', options);
      await loaded(page);
      for (const summary of await page.getByText('Table of the chart').all()) await summary.click();
      found[mode] = await axeViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `at ${mode}`).toBeLessThanOrEqual(options.viewport?.width ?? 1200);
      await page.screenshot({ path: `${SHOTS}/themes-${mode.replace(' ', '')}.png`, fullPage: true });
      expect(realErrors(w.errors)).toEqual([]);
      expect(await cspViolations(page)).toEqual([]);
    }
    const { page } = await open('?view=comments&term=late');
    await page.locator('.comments mark').first().waitFor();
    found.comments = await axeViolations(page);
    expect(found).toEqual({ light: [], dark: [], '360 px': [], comments: [] });
  });

  test('keyboard only: Tab reaches the view, a term and the trend\'s term; Enter opens the comments naming it', async () => {
    const { page } = await open();
    const tabTo = async (name: string | RegExp) => {
      for (let i = 0; i < 200; i++) {
        await page.keyboard.press('Tab');
        const text = await page.evaluate(() => (document.activeElement?.closest('label') ?? document.activeElement)?.textContent?.trim() ?? '');
        if (typeof name === 'string' ? text === name : name.test(text)) return;
      }
      throw new Error(`Tab never reached ${name}`);
    };
    await tabTo('What customers say');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    await loaded(page);
    await tabTo(/^Term to show/);
    const before = await page.getByLabel('Term to show').inputValue();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => new URL(page.url()).searchParams.get('trend')).not.toBe(before);
    await page.goto(`${b.demo.base}/dashboard?view=themes&${RANGE()}`);
    await loaded(page);
    await tabTo('rude');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('term')).toBe('rude');
    await expect.poll(() => page.locator('.comments mark').first().textContent()).toMatch(/^rude$/i);
  });
});
