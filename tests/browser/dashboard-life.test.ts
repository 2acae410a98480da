// The Product life view in real Chromium against the demo collector, seeded with four survey waves and
// the reasons customers named: NPS and CSAT per wave as /v1/summary?by=wave has them (and as the seeded
// answers give them), the Drivers table equal to /v1/drivers in impact order with its few-answers note,
// a reason link and the wave filter in the URL and in every read, the empty states, Chinese labels,
// axe-core in light, dark and at 360 px, and the keyboard. The view's plain logic is tested first.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { REASONS } from '../../src/reasons.ts';
import widgetEn from '../../widget/locales/en.ts';
import widgetZh from '../../widget/locales/zh-CN.ts';
import { reasonLabel as widgetLabel } from '../../widget/strings.ts';
import { formatter } from '../../examples/collector/dashboard/src/format.ts';
import { translator } from '../../examples/collector/dashboard/src/i18n.ts';
import { BUILT_IN_REASONS, hasLife, reasonLabel, signed, waveName, waves } from '../../examples/collector/dashboard/src/life.ts';
import type { Driver, Drivers, Segment } from '../../examples/collector/dashboard/src/types.ts';
import { axeViolations, LIFE_WAVES, LOOKS, post, seedLife, type LifeSeeded } from './dashboard-fixtures.ts';
import { cspViolations, DAY, sharedBrowser, watch } from './harness.ts';

const TZ = 'UTC';
const SHOTS = 'test-output/dashboard';
mkdirSync(SHOTS, { recursive: true });

interface Fig {
  answers: number;
  score: number | null;
  ci: [number, number] | null;
  few: boolean;
}
interface WaveSummary {
  segments: Array<{ key: string; value: string; responses: number; nps: Fig; csat: Fig }>;
}

describe('the view logic', () => {
  const t = translator('en');
  const zh = translator('zh-CN');
  const fmt = formatter('en', 'UTC', t);
  const seg = (value: string, responses: number) => ({ key: 'wave', value, responses }) as Segment;

  test('reason labels: built-in ids in words (en, zh-CN), a merchant\'s own id as it is', () => {
    expect(reasonLabel('speed', t)).toBe('Response speed');
    expect(reasonLabel('solved', zh)).toBe('问题解决');
    expect(reasonLabel('parking', zh)).toBe('parking');
    expect(reasonLabel('<b>x</b>', t)).toBe('<b>x</b>');
  });

  test('the built-in reasons and their en and zh-CN labels are the widget\'s (the dashboard keeps its own copy)', () => {
    expect(BUILT_IN_REASONS).toEqual(REASONS);
    for (const id of REASONS) {
      expect(reasonLabel(id, t)).toBe(widgetLabel(widgetEn, id));
      expect(reasonLabel(id, zh)).toBe(widgetLabel(widgetZh, id));
    }
  });

  test('wave names, the waves in order, and when there is a life to show', () => {
    expect(waveName(0, t, fmt)).toBe('First survey (days 3–7)');
    expect(waveName(12, t, fmt)).toBe('Re-survey 12');
    expect(waveName(2, zh, formatter('zh-CN', 'UTC', zh))).toBe('第 2 次回访');
    expect(waves([seg('2', 5), seg('0', 9), seg('x', 3), seg('1', 0)]).map((w) => w.wave)).toEqual([0, 2]);
    expect(hasLife(waves([seg('0', 9)]))).toBe(false);
    expect(hasLife(waves([]))).toBe(false);
    expect(hasLife(waves([seg('0', 9), seg('1', 2)]))).toBe(true);
  });

  test('impacts are signed with a real minus sign; none is a dash', () => {
    expect(signed(-12.6, 'points', fmt)).toBe('\u221212.6');
    expect(signed(3.1, 'percent', fmt)).toBe('+3.1%');
    expect(signed(0, 'points', fmt)).toBe('0');
    expect(signed(null, 'points', fmt)).toBe('—');
  });
});

const b = sharedBrowser([], { AFTERCARE_TZ: TZ });
let seeded: LifeSeeded[];
beforeAll(async () => {
  const seed = seedLife();
  seeded = seed.seeded;
  await post(b.demo.base, { responses: seed.responses });
});

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
/** The period the dashboard opens with: today and the 89 days before. */
const RANGE = () => `from=${new Date(Date.parse(`${today()}T00:00:00Z`) - 89 * DAY).toISOString().slice(0, 10)}&to=${today()}`;
const byWave = (q = '') => b.demo.api<WaveSummary>(`/v1/summary?${RANGE()}&by=wave${q}`);
const drivers = (q = '') => b.demo.api<Drivers>(`/v1/drivers?${RANGE()}${q}`);

const points = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
const fig = (v: number | null, unit: 'points' | 'percent') => (v === null ? '—' : unit === 'percent' ? percent.format(v / 100) : points.format(v));
const sign = (v: number | null | undefined, unit: 'points' | 'percent') =>
  v === null || v === undefined ? '—' : new Intl.NumberFormat('en', { maximumFractionDigits: 1, signDisplay: 'exceptZero', ...(unit === 'percent' ? { style: 'percent' } : {}) }).format(unit === 'percent' ? v / 100 : v).replace('-', '\u2212');
const part = (g: Driver['detractors']) => (g.of ? `${fig(g.share === null ? null : g.share * 100, 'percent')} (${g.named} of ${g.of})` : '—');
const LABELS: Record<string, string> = { speed: 'Response speed', staff: 'Staff professionalism', solved: 'Problem solved', communication: 'Communication', price: 'Price', quality: 'Product quality' };

/** NPS and CSAT (share of 4–5) of some seeded answers, unrounded; null without such answers. */
function exact(list: LifeSeeded[]) {
  const nps = list.filter((a) => a.nps !== undefined).map((a) => a.nps!);
  return {
    n: list.length,
    npsN: nps.length,
    nps: nps.length ? ((nps.filter((s) => s >= 9).length - nps.filter((s) => s <= 6).length) / nps.length) * 100 : null,
    csat: list.length ? (list.filter((a) => a.csat >= 4).length / list.length) * 100 : null,
  };
}
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

async function open(query = '', options: BrowserContextOptions = {}) {
  const context = await b.context({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  const w = watch(page);
  const reads: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/v1/')) reads.push(u.pathname + u.search);
  });
  await page.goto(`${b.demo.base}/dashboard${query}#token=${b.demo.token}`);
  await page.getByRole('navigation', { name: /^(Views|视图)$/ }).waitFor();
  return { page, w, reads };
}
/** Lines other than the expected 401 of GET /dashboard/session before sign-in. */
const realErrors = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));
const cells = (page: Page, table: string) =>
  page
    .getByRole('table', { name: table })
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent!.trim())));

describe('Product life', () => {
  test('the seeded figures: /v1/summary?by=wave and /v1/drivers say what the answers give', async () => {
    const s = await byWave();
    expect(s.segments.map((g) => [g.key, String(g.value), g.responses])).toEqual(LIFE_WAVES.map((n, wave) => ['wave', String(wave), n]));
    for (const g of s.segments) {
      const e = exact(seeded.filter((a) => a.wave === Number(g.value)));
      expect([g.nps.answers, g.nps.score, g.csat.answers, g.csat.score, g.nps.few]).toEqual([e.npsN, round1(e.nps), e.n, round1(e.csat), e.npsN < 30]);
    }
    // NPS falls over the product's life.
    expect(s.segments[0]!.nps.score!).toBeGreaterThan(s.segments[3]!.nps.score!);

    const d = await drivers();
    const total = exact(seeded);
    expect(d.total).toEqual({ n: seeded.length, nps: round1(total.nps), csat: round1(total.csat) });
    const reasons = [...new Set(seeded.flatMap((a) => a.reasons))];
    expect(d.drivers.map((x) => x.reason).sort()).toEqual(reasons.sort());
    for (const x of d.drivers) {
      const naming = seeded.filter((a) => a.reasons.includes(x.reason));
      const rest = seeded.filter((a) => !a.reasons.includes(x.reason));
      const without = exact(rest);
      const sub = (a: number | null, c: number | null) => (a === null || c === null ? null : round1(a - c));
      expect(x).toMatchObject({
        n: naming.length,
        detractors: { named: naming.filter((a) => a.nps !== undefined && a.nps <= 6).length, of: seeded.filter((a) => a.nps !== undefined && a.nps <= 6).length },
        promoters: { named: naming.filter((a) => a.nps !== undefined && a.nps >= 9).length, of: seeded.filter((a) => a.nps !== undefined && a.nps >= 9).length },
        without: { n: rest.length, nps: round1(without.nps), csat: round1(without.csat) },
        impact: { nps: sub(total.nps, without.nps), csat: sub(total.csat, without.csat) },
      });
    }
    // Largest |impact| first (NPS's, or CSAT's where a reason has no NPS impact).
    const size = (x: Driver) => (x.impact?.nps != null ? Math.abs(x.impact.nps) : x.impact?.csat != null ? Math.abs(x.impact.csat) : -1);
    const sizes = d.drivers.map(size);
    expect(sizes).toEqual([...sizes].sort((p, q) => q - p));
    expect(d.drivers.find((x) => x.reason === 'speed')!.impact!.nps!).toBeLessThan(0);
    expect(d.drivers.find((x) => x.reason === 'solved')!.impact!.nps!).toBeGreaterThan(0);
    expect(d.drivers.find((x) => x.reason === 'parking')!.few).toBe(true);
  });

  test('the chart: NPS and CSAT per wave with their intervals, n per wave, its tables equal /v1/summary?by=wave', async () => {
    const { page, w, reads } = await open('?view=life');
    const s = await byWave();
    const charts = page.getByRole('img');
    await expect.poll(() => charts.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))).toEqual([
      'NPS per survey wave, with its 95 % interval as a band',
      'CSAT per survey wave, with its 95 % interval as a band',
    ]);
    await expect.poll(() => page.locator('.plot canvas').count()).toBe(2);
    expect(await page.getByText('Wave 0 is the first survey, 3–7 days after delivery;', { exact: false }).count()).toBe(1);
    // The docs' picture of the view (charts and drivers, without the filter bar): refreshed on purpose only.
    const readme = 'docs/images/dashboard-life.png';
    await page.getByRole('table', { name: 'Drivers, largest impact first' }).waitFor();
    if (!existsSync(readme) || process.env.UPDATE_SCREENSHOTS) {
      await page.locator('.life').screenshot({ path: `${SHOTS}/life-readme.png` });
      copyFileSync(`${SHOTS}/life-readme.png`, readme);
    }
    for (const summary of await page.getByText('Table of the chart').all()) await summary.click();
    const names = ['First survey (days 3–7)', 'Re-survey 1', 'Re-survey 2', 'Re-survey 3'];
    for (const [figure, unit] of [
      ['nps', 'points'],
      ['csat', 'percent'],
    ] as const) {
      expect(await cells(page, `${figure.toUpperCase()} per wave`)).toEqual(
        s.segments.map((g, i) => [names[i], fig(g[figure].score, unit), fig(g[figure].ci?.[0] ?? null, unit), fig(g[figure].ci?.[1] ?? null, unit), String(g[figure].answers)]),
      );
    }
    // Each read carries the dashboard's period.
    expect(reads).toContain(`/v1/summary?${RANGE()}&by=wave`);
    expect(reads).toContain(`/v1/drivers?${RANGE()}`);
    await page.screenshot({ path: `${SHOTS}/life.png`, fullPage: true });
    expect(realErrors(w.errors)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });

  test('the drivers: rows equal /v1/drivers in impact order, signed impacts, few answers marked; a reason link filters by it', async () => {
    const { page, w, reads } = await open('?view=life');
    const d = await drivers();
    const table = 'Drivers, largest impact first';
    await page.getByRole('table', { name: table }).waitFor();
    const rows = await cells(page, table);
    expect(rows).toEqual(
      d.drivers.map((x) => [
        `${LABELS[x.reason] ?? x.reason} ${x.few ? 'few answers' : ''}`.trim(),
        String(x.n),
        part(x.detractors),
        part(x.promoters),
        sign(x.impact?.nps, 'points'),
        sign(x.impact?.csat, 'percent'),
      ]),
    );
    expect(rows.find((r) => r[0]!.startsWith('Response speed'))![4]).toMatch(/^\u2212\d/);
    expect(rows.find((r) => r[0]!.startsWith('parking'))![0]).toBe('parking few answers');
    expect(await page.locator('.life .tag').count()).toBe(d.drivers.filter((x) => x.few).length);
    expect(await page.locator('.life p.n').textContent()).toBe(`All ${d.total.n} answers: NPS ${fig(d.total.nps, 'points')}, CSAT ${fig(d.total.csat, 'percent')}`);

    // A reason is a link: it sets reason= for every view, and the reads carry it.
    await page.getByRole('link', { name: 'Response speed' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('reason')).toEqual(['speed']);
    await expect.poll(() => reads.includes(`/v1/drivers?${RANGE()}&reason=speed`)).toBe(true);
    await expect.poll(() => reads.includes(`/v1/summary?${RANGE()}&reason=speed&by=wave`)).toBe(true);
    const speed = await drivers('&reason=speed');
    await expect.poll(() => cells(page, table).then((r) => r.map((c) => c[1]))).toEqual(speed.drivers.map((x) => String(x.n)));
    expect(await page.getByRole('link', { name: 'Response speed' }).getAttribute('aria-current')).toBe('true');
    const filters = page.getByRole('form', { name: 'Filters' });
    expect(await filters.getByRole('checkbox', { name: 'Response speed' }).isChecked()).toBe(true);
    // The chart follows: only the speed answers, per wave.
    const speedWaves = await byWave('&reason=speed');
    await page.getByText('Table of the chart').first().click();
    await expect.poll(() => cells(page, 'NPS per wave').then((r) => r.map((c) => c[4]))).toEqual(speedWaves.segments.map((g) => String(g.nps.answers)));
    expect(realErrors(w.errors)).toEqual([]);
  });

  test('filters: the wave filter is in the bar and the URL, every read carries it and the meta filter; only wave 0 or nothing is an empty state', async () => {
    const { page, reads } = await open('?view=life&meta.store=Berlin');
    await page.locator('.plot canvas').first().waitFor();
    await expect.poll(() => reads.includes(`/v1/drivers?meta.store=Berlin&${RANGE()}`)).toBe(true);
    const filters = page.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('Wave (0 = first survey)').fill('2');
    await filters.getByLabel('Wave (0 = first survey)').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('wave')).toBe('2');
    await expect.poll(() => reads.includes(`/v1/drivers?meta.store=Berlin&${RANGE()}&wave=2`)).toBe(true);
    await expect.poll(() => reads.includes(`/v1/summary?meta.store=Berlin&${RANGE()}&wave=2&by=wave`)).toBe(true);
    // The overview's summary carries it too.
    await expect.poll(() => reads.includes(`/v1/summary?meta.store=Berlin&${RANGE()}&wave=2&interval=week`)).toBe(true);
    const two = await drivers('&meta.store=Berlin&wave=2');
    await expect.poll(() => cells(page, 'Drivers, largest impact first').then((r) => r.map((c) => c[1]))).toEqual(two.drivers.map((x) => String(x.n)));

    // Wave 0 only: nothing to compare over time yet, said in words.
    await filters.getByLabel('Wave (0 = first survey)').fill('0');
    await filters.getByLabel('Wave (0 = first survey)').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('wave')).toBe('0');
    await expect.poll(() => page.getByText('No re-survey answers yet: the chart appears once customers answer a wave after the first.').count()).toBe(1);
    expect(await page.locator('.plot canvas').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/life-wave0.png`, fullPage: true });

    // Nothing at all: both sections say so.
    await page.goto(`${b.demo.base}/dashboard?view=life&${RANGE()}&meta.store=Nowhere`);
    await expect.poll(() => page.getByText('No answers match these filters.').count()).toBe(1);
    await expect.poll(() => page.getByText('No answer names a reason yet.').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/life-empty.png`, fullPage: true });
  });

  test('zh-CN: the view, its chart, the wave names and the reason labels in Chinese', async () => {
    const { page } = await open('?view=life', { locale: 'zh-CN' });
    expect(await page.getByRole('navigation', { name: '视图' }).getByRole('link').allTextContents()).toEqual(['概览', '分组', '产品周期', '顾客怎么说', '评论', '导出']);
    await expect.poll(() => page.getByRole('heading', { level: 2, name: '产品周期' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('img', { name: '每轮调查的 NPS，色带为 95 % 置信区间' }).count()).toBe(1);
    await page.getByText('图表数据表').first().click();
    await expect.poll(() => cells(page, '各轮 NPS').then((r) => r.map((c) => c[0]))).toEqual(['首次调查（第 3–7 天）', '第 1 次回访', '第 2 次回访', '第 3 次回访']);
    const d = await drivers();
    const zh: Record<string, string> = { speed: '响应速度', staff: '员工专业度', solved: '问题解决', communication: '沟通', price: '价格', quality: '产品质量' };
    const table = page.getByRole('table', { name: '驱动因素，影响最大的在前' });
    await table.waitFor();
    expect(await table.locator('thead th').allTextContents()).toEqual(['因素', '提及的回答数', '提及的贬损者', '提及的推荐者', 'NPS 影响', 'CSAT 影响']);
    expect(await table.locator('tbody th').allTextContents()).toEqual(d.drivers.map((x) => `${zh[x.reason] ?? x.reason} ${x.few ? '回答较少' : ''}`.trim()));
    const speed = d.drivers.find((x) => x.reason === 'speed')!;
    expect(await table.locator('tr[data-reason=speed] td').nth(1).textContent()).toBe(`${new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 }).format(speed.detractors.share!)}（${speed.detractors.of} 人中 ${speed.detractors.named} 人）`);
    expect(await page.getByRole('group', { name: '提及的因素' }).getByRole('checkbox').count()).toBe(8);
    await page.screenshot({ path: `${SHOTS}/life-zh.png`, fullPage: true });
  });

  test('accessible: axe-core finds nothing (light, dark, 360 px), nothing scrolls sideways, no CSP violation', async () => {
    const found: Record<string, unknown> = {};
    for (const [mode, options] of LOOKS) {
      const { page, w } = await open('?view=life', options);
      await page.locator('.plot canvas').first().waitFor();
      await page.getByRole('table', { name: 'Drivers, largest impact first' }).waitFor();
      for (const summary of await page.getByText('Table of the chart').all()) await summary.click();
      found[mode] = await axeViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `at ${mode}`).toBeLessThanOrEqual(options.viewport?.width ?? 1200);
      await page.screenshot({ path: `${SHOTS}/life-${mode.replace(' ', '')}.png`, fullPage: true });
      expect(realErrors(w.errors)).toEqual([]);
      expect(await cspViolations(page)).toEqual([]);
    }
    expect(found).toEqual({ light: [], dark: [], '360 px': [] });
  });

  test('keyboard only: Tab reaches Product life, the chart tables and a reason; Enter filters by it', async () => {
    const { page } = await open();
    await page.locator('.plot canvas').first().waitFor();
    const tabTo = async (name: string) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        const text = await page.evaluate(() => (document.activeElement?.closest('label') ?? document.activeElement)?.textContent?.trim());
        if (text === name) return;
      }
      throw new Error(`Tab never reached ${name}`);
    };
    await tabTo('Product life');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    await page.getByRole('table', { name: 'Drivers, largest impact first' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Product life' }).getAttribute('aria-current')).toBe('page');
    // The wave charts come from a read of their own: wait for them before tabbing through.
    await page.locator('.life .plot canvas').first().waitFor();
    await tabTo('Table of the chart');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('table', { name: 'NPS per wave' }).isVisible()).toBe(true);
    const first = (await drivers()).drivers[0]!;
    await tabTo(LABELS[first.reason] ?? first.reason);
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.getAll('reason')).toEqual([first.reason]);
  });
});
