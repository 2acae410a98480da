// The Channels view (formerly Invitations) in real Chromium against the demo collector keeping its
// messages in the mail preview (AFTERCARE_MAIL_PREVIEW=1): deliveries seeded through POST /v1/deliveries
// (JSON, admin token) are invited at once, some answered by e-mail and one in the page; the funnel and
// response rate per channel, coverage, and NPS and CSAT per channel with "within the noise" equal what
// /v1/invitations/summary and /v1/channels say, each chart with its table; the figures and the
// deliveries equal what the API says; a CSV with a quoted line
// break and a bad row is uploaded through the form (the refused row shown as the API names it), and one
// of 2,001 rows goes 1,000 rows at a time; a kept message opens in a sandboxed frame, as text and with
// its headers; the keyboard alone reaches a delivery's timeline, copies its link and cancels what is
// scheduled; Chinese; axe-core finds nothing (light, dark, 360 px). A second collector sends through an
// SMTP server on this machine that refuses one address: the failed send shows with the server's reply.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeViolations, HTML_COMMENT, LOOKS, post, seedAnswers } from './dashboard-fixtures.ts';
import { cspViolations, DAY, sharedBrowser, waitFor, watch, type Demo } from './harness.ts';

const TZ = 'UTC';
// Any hour is a sending hour, so an invitation due now goes now (the demo sets the sender and the links).
const MAIL = { AFTERCARE_TZ: TZ, AFTERCARE_SEND_HOURS: '00-24' };
const SHOTS = 'test-output/dashboard';
const HOUR = 3_600_000;

interface Summary {
  deliveries: number;
  invited: number;
  reminded: number;
  answered: number;
  answeredBy: Record<string, number>;
  unsubscribed: number;
  failed: number;
  rate: { answered: number; of: number; share: number; low: number; high: number } | null;
  widget: { answered: number; of: number; share: number; low: number; high: number } | null;
  channels: Array<{ channel: string; invited: number; answered: number; commented: number; rate: Rate | null }>;
  coverage: Rate | null;
  answeredAny: Rate | null;
}
type Rate = { answered: number; of: number; share: number; low: number; high: number };
type Figure = { score: number | null; ci: [number, number] | null; answers: number };
interface ChannelsReply {
  baseline: string | null;
  channels: Array<{ channel: string; responses: number; csat: Figure; nps: Figure; vsBaseline: { csat: { withinNoise: boolean } | null; nps: { withinNoise: boolean } | null } | null }>;
}
interface Send {
  id: string;
  deliveryId: string;
  kind: string;
  status: string;
  dueAt: string;
  sentAt: string | null;
  reason: string | null;
}
interface Detail {
  delivery: { id: string; meta: Record<string, unknown> | null };
  link: string | null;
  timeline: Send[];
  displays: unknown[];
  answers: unknown[];
}
interface Upload {
  accepted: number;
  rejected: Array<{ index: number; row: number; error: string }>;
}

/** POSTs deliveries as the API's developers do (JSON, admin token); the API's reply. */
async function deliver(demo: Demo, body: string, type = 'application/json'): Promise<Upload> {
  const res = await fetch(`${demo.base}/v1/deliveries`, { method: 'POST', headers: { authorization: `Bearer ${demo.token}`, 'content-type': type }, body });
  const reply = (await res.json()) as Upload;
  if (!res.ok) throw new Error(`POST /v1/deliveries: ${res.status} ${JSON.stringify(reply)}`);
  return reply;
}
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
/** The period the dashboard opens with: today and the 89 days before, as it puts it in the URL. */
const RANGE = () => `from=${new Date(Date.parse(`${today()}T00:00:00Z`) - 89 * DAY).toISOString().slice(0, 10)}&to=${today()}`;
const pct = (v: number) => new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(v / 100);
const dateTime = (iso: string, lang = 'en') => new Intl.DateTimeFormat(lang, { timeZone: TZ, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
/** Lines other than the expected 401 of GET /dashboard/session before sign-in. */
const realErrors = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));

const b = sharedBrowser(['--test-hooks'], { ...MAIL, AFTERCARE_MAIL_PREVIEW: '1' });

async function open(demo: Demo, query: string, options: BrowserContextOptions = {}) {
  const context = await b.context({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  const w = watch(page);
  await page.goto(`${demo.base}/dashboard${query}#token=${demo.token}`);
  await page.getByRole('navigation', { name: /^(Views|视图)$/ }).waitFor();
  return { page, context, w };
}

/** Presses Tab until the focused element is `name` (its text, or its label's), or gives up after 60. */
async function tabTo(page: Page, name: string | RegExp): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press('Tab');
    const text = await page.evaluate(() => (document.activeElement?.closest('label') ?? document.activeElement)?.textContent?.trim() ?? '');
    if (typeof name === 'string' ? text === name : name.test(text)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

beforeAll(async () => {
  const demo = b.demo;
  // The widget's answers and displays (another 72 deliveries), for its rate per display.
  const seed = seedAnswers();
  await post(demo.base, { responses: seed.responses, displays: seed.displays });
  const deliveries = [
    ...Array.from({ length: 6 }, (_, i) => ({
      id: `mail-${i}`,
      deliveredAt: ago(4 * DAY),
      customerId: `customer-${i}`,
      email: `customer-${i}@example.com`,
      locale: i === 5 ? 'zh-CN' : 'en-GB',
      meta: { store: 'Berlin', note: HTML_COMMENT },
    })),
    // Delivered an hour ago: its invitation and two re-survey waves wait.
    { id: 'later-1', deliveredAt: ago(HOUR), customerId: 'customer-later', email: 'later@example.com', locale: 'en-GB', resurvey: { everyDays: 30, untilDays: 90 } },
    // No address: never invited.
    { id: 'no-address', deliveredAt: ago(4 * DAY), customerId: 'customer-none' },
  ];
  expect(await deliver(demo, JSON.stringify({ deliveries }))).toEqual({ accepted: deliveries.length, rejected: [] });
  await waitFor(() => demo.api<{ items: unknown[] }>('/v1/mail'), (m) => m.items.length >= 6, 20_000, 'the six invitations kept');
  // mail-0 is answered in the widget after its invitation: one invited delivery answered.
  await new Promise((r) => setTimeout(r, 1500));
  const id = randomUUID();
  const answered = ago(500);
  await post(demo.base, {
    responses: [{ id, revision: 1, deliveryId: 'mail-0', deliveredAt: deliveries[0]!.deliveredAt, answeredAt: answered, csat: 5, comment: 'Quick <i>and</i> tidy', complete: true, locale: 'en-GB' }],
    displays: [{ id: randomUUID(), deliveryId: 'mail-0', shownAt: ago(1000), endedAt: answered, outcome: 'answered', responseId: id, locale: 'en-GB' }],
  });
  // mail-2, mail-3 and mail-4 answer their e-mail (channel email), one with a comment.
  await post(demo.base, {
    responses: [2, 3, 4].map((i) => ({
      id: randomUUID(), revision: 1, deliveryId: `mail-${i}`, deliveredAt: deliveries[i]!.deliveredAt, answeredAt: ago(400 - i), csat: i === 2 ? 2 : 5, nps: i === 2 ? 3 : 9,
      ...(i === 3 ? { comment: 'Asked by mail' } : {}), complete: true, locale: 'en-GB', channel: 'email',
    })),
  });
});

describe('the Channels view', () => {
  test('figures as /v1/invitations/summary has them, the rate per delivery invited beside the rate per display; the deliveries filtered and found', async () => {
    const { page, w } = await open(b.demo, '?view=channels');
    const s = await b.demo.api<Summary>(`/v1/invitations/summary?${RANGE()}`);
    expect(s).toMatchObject({ invited: 6, answered: 4, answeredBy: { web: 1, email: 3 }, rate: { answered: 4, of: 6 } });
    const value = (id: string) => page.locator(`[data-invite=${id}]`).textContent();
    const label: Record<string, string> = { web: 'Web page', email: 'E-mail' };
    await expect.poll(() => value('answered')).toBe(`Answered${s.answered}${Object.entries(s.answeredBy).map(([c, n]) => `${label[c]} ${n}`).join('')}`);
    expect(await value('deliveries')).toBe(`Deliveries known${s.deliveries}`);
    expect(await value('invited')).toBe(`Invited${s.invited}`);
    expect(await value('reminded')).toBe(`Reminded${s.reminded}`);
    expect(await value('unsubscribed')).toBe(`Unsubscribed${s.unsubscribed}`);
    expect(await value('failed')).toBe(`Failed${s.failed}`);
    // Both rates in the overview's form: the figure, its 95 % interval, what it is of; side by side.
    const card = async (name: string) => {
      const region = page.getByRole('region', { name, exact: true });
      const text = (cls: string) => region.locator(cls).allTextContents();
      return { big: await text('.big'), ci: await text('.ci'), n: await text('.n'), few: await text('.few'), box: await region.boundingBox() };
    };
    const rate = await card('Response rate per delivery invited');
    const widget = await card('Widget response rate per display');
    const r = s.rate!;
    const wr = s.widget!;
    expect(rate).toMatchObject({ big: [pct(r.share * 100)], ci: [`95 % interval ${pct(r.low * 100)} – ${pct(r.high * 100)}`], n: [`4 of 6 deliveries invited`], few: ['Fewer than 30 deliveries invited — the interval is wide.'] });
    expect(widget).toMatchObject({ big: [pct(wr.share * 100)], ci: [`95 % interval ${pct(wr.low * 100)} – ${pct(wr.high * 100)}`], n: [`${wr.answered} of ${wr.of} displays`] });
    expect(Math.abs(rate.box!.y - widget.box!.y)).toBeLessThan(2);

    // The deliveries: the API's order, each status in words, each id a link to its page.
    const list = await b.demo.api<{ items: Array<{ id: string; status: string }> }>('/v1/deliveries?limit=50');
    const table = page.getByRole('table', { name: 'Deliveries, newest delivered first' });
    const ids = () => table.locator('tbody th').allTextContents();
    await expect.poll(ids).toEqual(list.items.map((d) => d.id));
    const statusOf = (id: string) => table.getByRole('row').filter({ has: page.getByRole('link', { name: id, exact: true }) }).locator('.tag').textContent();
    expect(await statusOf('mail-0')).toBe('Answered');
    expect(await statusOf('mail-1')).toBe('Invited');
    expect(await statusOf('later-1')).toBe('Scheduled');
    expect(await statusOf('no-address')).toBe('Not invited');
    const search = page.getByRole('search', { name: 'Find deliveries' });
    await search.getByLabel('Status').selectOption('scheduled');
    await expect.poll(() => new URL(page.url()).searchParams.get('state')).toBe('scheduled');
    await expect.poll(ids).toEqual((await b.demo.api<{ items: Array<{ id: string }> }>('/v1/deliveries?status=scheduled')).items.map((d) => d.id));
    await search.getByLabel('Status').selectOption('');
    await search.getByLabel('Delivery, customer or e-mail starts with').fill('customer-3');
    await search.getByLabel('Delivery, customer or e-mail starts with').press('Enter');
    await expect.poll(ids).toEqual(['mail-3']);
    expect(new URL(page.url()).searchParams.get('search')).toBe('customer-3');
    await page.screenshot({ path: `${SHOTS}/channels.png`, fullPage: true });
    expect(realErrors(w.errors)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });

  test('per channel: the funnel and the response rate with its interval, coverage, NPS and CSAT against the web page with "within the noise", as the API has them; each chart with its table; the old link still works', async () => {
    // The view's earlier address leads to it.
    const { page, w } = await open(b.demo, '?view=invitations');
    const nav = page.getByRole('navigation', { name: 'Asking' });
    expect(await nav.getByRole('link', { name: 'Channels' }).getAttribute('aria-current')).toBe('page');
    const s = await b.demo.api<Summary>(`/v1/invitations/summary?${RANGE()}`);
    const c = await b.demo.api<ChannelsReply>(`/v1/channels?${RANGE()}`);
    const label: Record<string, string> = { web: 'Web page', email: 'E-mail' };
    const range = (r: Rate) => `${pct(r.share * 100)}`;
    // Asked at all and answered at all, in the overview's card form.
    const coverage = page.getByRole('region', { name: 'Asked at all', exact: true });
    await expect.poll(() => coverage.locator('.big').textContent()).toBe(range(s.coverage!));
    expect(await coverage.locator('.ci').textContent()).toBe(`95 % interval ${pct(s.coverage!.low * 100)} – ${pct(s.coverage!.high * 100)}`);
    expect(await coverage.locator('.n').textContent()).toBe(`${s.coverage!.answered} of ${s.coverage!.of} deliveries asked by any channel`);
    expect(await page.getByRole('region', { name: 'Answered at all', exact: true }).locator('.n').textContent()).toBe(`${s.answeredAny!.answered} of ${s.answeredAny!.of} deliveries answered by any channel`);
    // The rate per channel: the widget's displays and the e-mail's invitations, each with its interval.
    expect(s.channels.map((x) => [x.channel, x.invited, x.answered, x.commented])).toEqual([
      ['web', s.widget!.of, s.widget!.answered, expect.any(Number)],
      ['email', 6, 3, 1],
    ]);
    const rates = page.getByRole('table', { name: 'Asked and answered per channel, most asked first' });
    const cells = (t: typeof rates) => t.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((x) => x.textContent?.trim())));
    expect(await cells(rates)).toEqual(
      s.channels.map((x) => [`${label[x.channel]}${x.rate && x.rate.of < 30 ? ' few answers' : ''}`, String(x.invited), String(x.answered), String(x.commented), pct(x.rate!.share * 100), `${pct(x.rate!.low * 100)} – ${pct(x.rate!.high * 100)}`]),
    );
    // The funnel as a named picture, its numbers as a table.
    const funnel = page.getByRole('img', { name: 'Funnel per channel: delivered, asked, answered, with a comment' });
    expect(await funnel.count()).toBe(1);
    // A chart's table is in a closed <details> (out of the accessibility tree until opened): found by its caption.
    const chartTable = (caption: string) => page.locator('.svg-chart table').filter({ has: page.locator('caption', { hasText: caption }) });
    const funnelTable = chartTable('Funnel per channel: delivered, asked, answered, with a comment');
    expect(await cells(funnelTable)).toEqual(s.channels.map((x) => [label[x.channel], String(s.deliveries), String(x.invited), String(x.answered), String(x.commented)]));

    // Is one channel kinder? The widget is the baseline; e-mail's words follow the test's verdict.
    expect(c.baseline).toBe('web');
    const kinder = page.getByRole('table', { name: 'NPS and CSAT per channel, against Web page' });
    const rows = await cells(kinder);
    expect(rows.map((r) => r[0]!.replace(/ few answers$/, ''))).toEqual(c.channels.map((x) => label[x.channel]));
    expect(rows.map((r) => r[1])).toEqual(c.channels.map((x) => String(x.responses)));
    expect(rows.map((r) => r[2])).toEqual(c.channels.map((x) => pct(x.csat.score!)));
    expect(rows[0]!.slice(6)).toEqual(['Baseline', 'Baseline']);
    const email = c.channels.find((x) => x.channel === 'email')!;
    const verdict = (noise: boolean) => (noise ? 'within the noise' : 'a real difference');
    expect(rows[1]![6]).toMatch(new RegExp(`^[+−]?[\\d.]+ points, p = [<\\d. ]+: ${verdict(email.vsBaseline!.csat!.withinNoise)}$`));
    expect(rows[1]![7]).toMatch(new RegExp(`^[+−]?[\\d.]+ points \\([+−]?[\\d.]+ to [+−]?[\\d.]+\\): ${verdict(email.vsBaseline!.nps!.withinNoise)}$`));
    for (const figure of ['NPS', 'CSAT']) {
      expect(await page.getByRole('img', { name: `${figure} per channel with its 95 % interval` }).count()).toBe(1);
      const t = chartTable(`${figure} per channel with its 95 % interval`);
      expect((await cells(t)).map((r) => r[4])).toEqual(c.channels.map((x) => String(x[figure === 'NPS' ? 'nps' : 'csat'].answers)));
    }
    // Keyboard only: Tab reaches the first chart's table and Enter opens it.
    await tabTo(page, 'Table of the chart');
    await page.keyboard.press('Enter');
    expect(await page.locator('.svg-chart details').first().evaluate((d: HTMLDetailsElement) => d.open)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/channels-numbers.png`, fullPage: true });
    expect(realErrors(w.errors)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });

  test('a CSV upload names the refused row as the API does; a quoted line break stays in its field; 2,001 rows go 1,000 at a time', async () => {
    const { page, w } = await open(b.demo, '?view=channels');
    const note = 'Left at the door,\n"ring twice"';
    const csv = `id,deliveredAt,customerId,email,locale,meta.note\r\ncsv-1,${ago(2 * DAY)},c-1,csv-1@example.com,de-DE,"${note.replace(/"/g, '""')}"\r\ncsv-2,${ago(2 * DAY)},c-2,not-an-address,en-GB,x\r\ncsv-3,${ago(2 * DAY)},c-3,csv-3@example.com,en-GB,\r\n`;
    const form = page.getByRole('region', { name: 'Upload deliveries' });
    await form.getByLabel('CSV file').setInputFiles({ name: 'deliveries.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await form.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Uploaded: 2 accepted, 1 refused.');
    // Sent again by the API (idempotent by id): the same refusal, which the table shows as it is.
    const again = await deliver(b.demo, csv, 'text/csv');
    expect(again.accepted).toBe(2);
    expect(again.rejected).toHaveLength(1);
    const refused = form.getByRole('table', { name: 'Refused rows' });
    expect(await refused.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => c.textContent)))).toEqual([[String(again.rejected[0]!.row), again.rejected[0]!.error]]);
    expect(again.rejected[0]).toMatchObject({ row: 3, error: expect.stringMatching(/^email: /) });
    expect((await b.demo.api<Detail>('/v1/deliveries/csv-1')).delivery.meta).toEqual({ note });
    // The new deliveries are listed at once.
    await expect.poll(() => page.getByRole('table', { name: 'Deliveries, newest delivered first' }).getByRole('link', { name: 'csv-3', exact: true }).count()).toBe(1);

    // 2,001 rows delivered long ago (their window has closed), one bad: three requests, each with the
    // header and at most 1,000 rows, and the bad row named by its row in the file.
    const posts: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && new URL(req.url()).pathname === '/v1/deliveries') posts.push(req.postData() ?? '');
    });
    const rows = Array.from({ length: 2001 }, (_, i) => `big-${i},${ago(200 * DAY)},,${i === 1500 ? 'not-an-address' : `big-${i}@example.com`}\n`);
    await form.getByLabel('CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(`id,deliveredAt,customerId,email\n${rows.join('')}`) });
    await form.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => form.getByRole('status').textContent(), { timeout: 30_000 }).toBe('Uploaded: 2,000 accepted, 1 refused.');
    expect(posts.map((p) => p.split('\n').filter(Boolean).length)).toEqual([1001, 1001, 2]);
    expect(posts.every((p) => p.startsWith('id,deliveredAt,customerId,email\n'))).toBe(true);
    expect(await refused.locator('tbody tr').evaluateAll((rs) => rs.map((r) => [...r.children].map((c) => c.textContent)))).toEqual([['1502', again.rejected[0]!.error]]);
    expect((await b.demo.api<Detail>('/v1/deliveries/big-2000')).delivery.id).toBe('big-2000');
    await page.screenshot({ path: `${SHOTS}/invitations-upload.png`, fullPage: true });
    expect(realErrors(w.errors)).toEqual([]);
  });

  test('a kept message opens as it would arrive: HTML in a sandboxed frame, the plain text as text, the headers', async () => {
    const { page, w } = await open(b.demo, '?view=channels');
    const mail = await b.demo.api<{ enabled: boolean; items: Array<{ id: string; to: string; subject: string }> }>('/v1/mail');
    expect(mail.enabled).toBe(true);
    const first = mail.items[0]!;
    const message = await b.demo.api<{ subject: string; text: string; from: string; headers: Record<string, string> }>(`/v1/mail/${first.id}`);
    const region = page.getByRole('region', { name: 'Mail preview' });
    const list = region.getByRole('table', { name: 'Kept messages, newest first' });
    await expect.poll(() => list.locator('tbody tr').count()).toBe(mail.items.length);
    await list.locator('tbody tr').first().getByRole('button', { name: first.subject }).click();
    const article = region.getByRole('article', { name: message.subject });
    await article.waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('mail-subject');
    expect(await article.locator('.facts').textContent()).toBe(`From${message.from}To${first.to}Time${dateTime((await b.demo.api<{ createdAt: string }>(`/v1/mail/${first.id}`)).createdAt)}`);
    const frame = article.locator('iframe');
    expect(await frame.getAttribute('sandbox')).toBe('');
    expect(await frame.getAttribute('src')).toBe(`/v1/mail/${first.id}/html`);
    expect(await frame.getAttribute('title')).toBe(`The message as HTML: ${message.subject}`);
    await expect.poll(async () => (await page.frame({ url: /\/html$/ })?.content()) ?? '').toContain(`<title>${message.subject}</title>`);
    // Sandboxed without allow-same-origin: the dashboard's script cannot reach into it.
    expect(await frame.evaluate((f: HTMLIFrameElement) => f.contentDocument)).toBeNull();
    await article.getByRole('button', { name: 'Plain text' }).click();
    expect(await article.getByRole('button', { name: 'Plain text' }).getAttribute('aria-pressed')).toBe('true');
    expect(await article.locator('pre').textContent()).toBe(message.text);
    await article.getByRole('button', { name: 'Headers' }).click();
    const headers = await article.locator('.headers div').evaluateAll((ds) => ds.map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]));
    expect(headers).toEqual(Object.entries(message.headers).map(([k, v]) => [k, v]));
    expect(realErrors(w.errors)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });

  test("keyboard only: Tab finds a delivery, opens its timeline, copies its link and cancels what is scheduled", async () => {
    const { page, context } = await open(b.demo, '?view=channels');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: b.demo.base });
    await page.getByRole('table', { name: 'Deliveries, newest delivered first' }).waitFor();
    await tabTo(page, 'Delivery, customer or e-mail starts with');
    await page.keyboard.type('later-');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('search')).toBe('later-');
    await expect.poll(() => page.getByRole('table', { name: 'Deliveries, newest delivered first' }).locator('tbody th').allTextContents()).toEqual(['later-1']);
    await tabTo(page, 'later-1');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('delivery');
    expect(new URL(page.url()).searchParams.get('id')).toBe('later-1');
    await page.getByRole('heading', { name: 'Delivery later-1' }).waitFor();

    const detail = await b.demo.api<Detail>('/v1/deliveries/later-1');
    const scheduled = detail.timeline.filter((x) => x.status === 'scheduled');
    expect(scheduled).toHaveLength(3);
    // The timeline in the order things happen, each send with its status and due time.
    const entries = page.locator('.timeline > li');
    await expect.poll(() => entries.count()).toBe(3);
    expect(await entries.locator('time').allTextContents()).toEqual(scheduled.map((x) => x.dueAt).sort().map((at) => dateTime(at)));
    expect(await entries.first().locator('.scores').textContent()).toBe(`Invitation · E-mailScheduled${dateTime(scheduled[0]!.dueAt)}`);

    await tabTo(page, 'Copy link');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('Copied.', { exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(detail.link);
    expect(await page.locator('.survey-link code').textContent()).toBe(detail.link);
    expect(detail.link).toMatch(new RegExp(`^${b.demo.base}/s/`));

    await tabTo(page, 'Cancel scheduled (3)');
    const asked = new Promise<string>((resolve) =>
      page.once('dialog', (d) => {
        resolve(d.message());
        void d.accept();
      }),
    );
    await page.keyboard.press('Enter');
    expect(await asked).toBe('Cancel the sends still scheduled for delivery later-1 (3)? They will not go out.');
    await expect.poll(() => page.getByText('Scheduled sends cancelled: 3.').count()).toBe(1);
    expect((await b.demo.api<Detail>('/v1/deliveries/later-1')).timeline.map((x) => x.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    await expect.poll(() => page.getByRole('button', { name: /^Cancel scheduled/ }).count()).toBe(0);
    await expect.poll(() => entries.locator('.tag').allTextContents()).toEqual(['Cancelled', 'Cancelled', 'Cancelled']);
    // The button went away with what it cancelled: the focus is on the page's heading, not lost.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('delivery-h');
  });

  test("a delivery's page: its fields as text (HTML in meta stays text), the invitation, the display and the answer in order", async () => {
    const { page } = await open(b.demo, '?view=delivery&id=mail-0');
    await page.getByRole('heading', { name: 'Delivery mail-0' }).waitFor();
    const detail = await b.demo.api<Detail>('/v1/deliveries/mail-0');
    const facts = page.locator('.delivery > .facts');
    await expect.poll(() => facts.locator('dd').last().textContent()).toBe(HTML_COMMENT);
    expect(await page.locator('.delivery img, .delivery b, .delivery i').count()).toBe(0);
    const entries = page.locator('.timeline > li');
    await expect.poll(() => entries.count()).toBe(detail.timeline.length + detail.displays.length + detail.answers.length);
    const kinds = await entries.evaluateAll((ls) => ls.map((l) => l.className.split(' ').slice(1).join(' ')));
    // Invited, shown and answered in that order; the reminder that waited was cancelled by the answer.
    expect(detail.timeline.map((x) => `${x.kind} ${x.status}`)).toEqual(['invite sent', 'reminder cancelled']);
    expect(kinds).toEqual(['send sent', 'display', 'answer', 'send cancelled']);
    expect(await entries.nth(1).locator('.scores').textContent()).toMatch(/^Survey shown · Web pageAnswered/);
    expect(await entries.nth(2).locator('.text').textContent()).toBe('Quick <i>and</i> tidy');
    expect(await page.getByRole('button', { name: /^Cancel scheduled/ }).count()).toBe(0);
  });

  test('zh-CN: the view, its figures and a timeline in Chinese; dates in the collector\'s zone', async () => {
    const { page, w } = await open(b.demo, '?view=channels', { locale: 'zh-CN' });
    const nav = page.getByRole('navigation', { name: '询问' });
    expect(await nav.getByRole('link', { name: '渠道' }).getAttribute('aria-current')).toBe('page');
    await page.getByRole('table', { name: '各渠道的询问与回答（询问最多的在前）' }).waitFor();
    expect(await page.getByRole('region', { name: '被询问过' }).locator('.ci').textContent()).toMatch(/^95 % 置信区间 /);
    expect(await page.locator('.kinder tr[data-channel=email] td').last().textContent()).toMatch(/：(在误差范围内|确有差异)$/);
    await page.getByRole('region', { name: '每个受邀交付的回复率' }).locator('.big').waitFor();
    expect(await page.getByRole('region', { name: '小组件每次展示的回复率' }).locator('.ci').textContent()).toMatch(/^95 % 置信区间 /);
    expect(await page.locator('[data-invite=answered] dt').textContent()).toBe('已回答');
    expect(await page.locator('[data-invite=answered] dd.n').allTextContents()).toEqual(['网页 1', '邮件 3']);
    const table = page.getByRole('table', { name: '交付，按交付时间从新到旧' });
    const row = table.getByRole('row').filter({ has: page.getByRole('link', { name: 'mail-1', exact: true }) });
    const item = (await b.demo.api<{ items: Array<{ id: string; deliveredAt: string; invitedAt: string }> }>('/v1/deliveries?q=mail-1')).items[0]!;
    await expect.poll(() => row.locator('td').allTextContents()).toEqual([dateTime(item.deliveredAt, 'zh-CN'), 'customer-1', 'customer-1@example.com', '已邀请', dateTime(item.invitedAt, 'zh-CN'), '—', '—']);
    await page.getByRole('link', { name: 'mail-1', exact: true }).click();
    await page.getByRole('heading', { name: '交付 mail-1' }).waitFor();
    await expect.poll(() => page.getByRole('heading', { name: '时间线' }).count()).toBe(1);
    await expect.poll(() => page.locator('.timeline > li').first().locator('.scores strong').textContent()).toBe('邀请 · 邮件');
    expect(await page.getByRole('link', { name: '← 渠道' }).count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/channels-zh.png`, fullPage: true });
    expect(realErrors(w.errors)).toEqual([]);
  });

  test('accessible: axe-core finds nothing on Channels (a message open) and a delivery\'s page, in English and Chinese, light, dark and 360 px; nothing scrolls sideways', async () => {
    const found: Record<string, unknown> = {};
    const looks: Array<readonly [string, BrowserContextOptions]> = [...LOOKS, ['zh-CN', { locale: 'zh-CN' }]];
    for (const [mode, options] of looks) {
      const { page, w } = await open(b.demo, '?view=channels', options);
      await page.locator('.kinder tr[data-channel=email]').waitFor();
      await page.locator('.svg-chart details').first().evaluate((d: HTMLDetailsElement) => void (d.open = true));
      const preview = page.getByRole('region', { name: /^(Mail preview|邮件预览)$/ });
      await preview.locator('tbody tr').first().waitFor();
      await preview.locator('tbody tr button').first().click();
      await preview.locator('iframe').waitFor();
      await page.locator('[data-invite=deliveries] .value').waitFor();
      await page.waitForLoadState('networkidle');
      found[`channels ${mode}`] = await axeViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `channels at ${mode}`).toBeLessThanOrEqual(options.viewport?.width ?? 1200);
      await page.screenshot({ path: `${SHOTS}/channels-${mode.replace(' ', '')}.png`, fullPage: true });
      await page.locator('a[href*="id=mail-0"]').first().click();
      await page.locator('.timeline > li').first().waitFor();
      found[`delivery ${mode}`] = await axeViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `delivery at ${mode}`).toBeLessThanOrEqual(options.viewport?.width ?? 1200);
      await page.screenshot({ path: `${SHOTS}/delivery-${mode.replace(' ', '')}.png`, fullPage: true });
      expect(realErrors(w.errors)).toEqual([]);
      expect(await cspViolations(page)).toEqual([]);
    }
    expect(found).toEqual(Object.fromEntries(looks.flatMap(([m]) => [[`channels ${m}`, []], [`delivery ${m}`, []]])));
  });
});


/** The second collector's mail server: it accepts every message but refuses one recipient, as a real one does. */
const REPLY = '5.1.1 <bounce@example.com>: Recipient address rejected: User unknown';
const smtp = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS'],
  authOptional: true,
  disableReverseLookup: true,
  logger: false,
  onRcptTo(address, _session, callback) {
    if (address.address === 'bounce@example.com') return callback(Object.assign(new Error(REPLY), { responseCode: 550 }));
    callback();
  },
  onData(stream, _session, callback) {
    stream.resume();
    stream.on('end', () => callback());
  },
});
await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
afterAll(() => new Promise<void>((r) => smtp.close(() => r())));
describe('failed sends, through a real SMTP server that refuses one address', () => {
  const s = sharedBrowser(['--test-hooks'], { ...MAIL, AFTERCARE_SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}` });

  test("the refused invitation is listed with the server's reply, and on the delivery's timeline; no mail preview", async () => {
    await deliver(
      s.demo,
      JSON.stringify({
        deliveries: [
          { id: 'bounce-1', deliveredAt: ago(4 * DAY), email: 'bounce@example.com', locale: 'en-GB' },
          { id: 'fine-1', deliveredAt: ago(4 * DAY), email: 'fine@example.com', locale: 'en-GB' },
        ],
      }),
    );
    const failed = await waitFor(() => s.demo.api<{ items: Send[] }>('/v1/invitations?status=failed&limit=50'), (f) => f.items.length === 1, 20_000, 'the refused invitation');
    const send = failed.items[0]!;
    expect(send).toMatchObject({ deliveryId: 'bounce-1', kind: 'invite', status: 'failed' });
    expect(send.reason).toContain(REPLY);

    const context = await s.context({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const w = watch(page);
    await page.goto(`${s.demo.base}/dashboard?view=channels#token=${s.demo.token}`);
    const table = page.getByRole('table', { name: 'Refused by the mail server, newest first' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.locator('tbody tr td, tbody tr th').allTextContents()).toEqual(['bounce-1', 'Invitation', 'First survey (days 3–7)', 'E-mail', dateTime(send.dueAt), '1', send.reason]);
    expect(await page.locator('[data-invite=failed] .value').textContent()).toBe('1');
    // Not the demo's preview: no kept messages to show.
    expect(await page.getByRole('region', { name: 'Mail preview' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await table.getByRole('link', { name: 'bounce-1' }).click();
    const entry = page.locator('.timeline > li').first();
    await expect.poll(() => entry.locator('.tag').textContent()).toBe('Failed');
    expect(await entry.locator('dl').textContent()).toContain(`Reason${send.reason}`);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/delivery-failed.png`, fullPage: true });
    expect(realErrors(w.errors)).toEqual([]);
  });
});
