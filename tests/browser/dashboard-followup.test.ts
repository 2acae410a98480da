// The closed loop in the dashboard, in real Chromium against the demo collector: the queue a line a case
// in the server's order; a case opened beside it is contacted, resolved and reopened in place (the API
// agrees each time); the collector's clock moves past the deadline and every view shows the overdue
// count, each line says how late in words; the overview's loop figures equal /v1/summary; the keyboard
// alone opens and saves a case; axe-core on the Follow-up and Webhooks views in light, dark and at 360 px; and the
// webhooks panel against a receiver on this machine: a 410 disables an endpoint, Enable brings it back,
// Re-send makes a failed delivery pending again.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeViolations, LOOKS, post, seedAnswers } from './dashboard-fixtures.ts';
import { paneOf, rowOf, rowsOf } from './dashboard-queue.ts';
import { cspViolations, DAY, sharedBrowser, waitFor, watch } from './harness.ts';

const HOUR = 3_600_000;
const TZ = 'UTC';

/** A webhook receiver: each path answers with the status set for it (the test changes them). */
const answers: Record<string, number> = { '/gone': 410, '/refuse': 400 };
const received: string[] = [];
const receiver: Server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received.push(req.url ?? '');
    res.writeHead(answers[req.url ?? ''] ?? 404).end();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
const hooks = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

const b = sharedBrowser(['--test-hooks'], {
  AFTERCARE_TZ: TZ,
  AFTERCARE_WEBHOOK_URLS: `${hooks}/gone,${hooks}/refuse`,
  AFTERCARE_WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
  AFTERCARE_WEBHOOK_ALLOW_PRIVATE: '1',
});

interface Case {
  id: string;
  answeredAt: string;
  status: string;
  tier: string | null;
  owner: string | null;
  dueAt: string;
  responseDueAt: string;
  resolutionDueAt: string | null;
  overdue: boolean;
  firstContactAt: string | null;
  resolvedAt: string | null;
  reopened: number;
  notes: Array<{ text: string }>;
}
interface CasePage {
  now: string;
  cases: Case[];
  nextCursor: string | null;
  counts: { open: number; overdue: number; contacted: number; pending: number; resolved: number };
}
interface Endpoint {
  id: string;
  url: string;
  disabled: boolean;
  disabledReason: string | null;
  counts: { pending: number; delivered: number; failed: number };
  deliveries: Array<{ eventId: string; type: string; status: string; attempts: number }>;
}

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date());
/** The period the dashboard opens with: today and the 89 days before. */
const RANGE = () => `from=${new Date(Date.parse(`${today()}T00:00:00Z`) - 89 * DAY).toISOString().slice(0, 10)}&to=${today()}`;
const cases = (q = '') => b.demo.api<CasePage>(`/v1/cases?${RANGE()}&limit=500${q}`);
const oneCase = (id: string) => b.demo.api<Case & { history: Array<{ kind: string; from: string | null; to: string | null }> }>(`/v1/cases/${id}`);
const webhooks = () => b.demo.api<{ endpoints: Endpoint[] }>('/v1/webhooks?limit=20');
const dateTime = (iso: string) => new Intl.DateTimeFormat('en', { timeZone: TZ, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
/** The dashboard's duration: minutes under an hour, hours under two days, then days. */
const duration = (ms: number) => {
  const h = ms / HOUR;
  const u = (unit: string, v: number) => new Intl.NumberFormat('en', { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(v);
  return h < 1 ? u('minute', Math.max(1, Math.round(ms / 60_000))) : h < 48 ? u('hour', Math.round(h * 10) / 10) : u('day', Math.round(h / 2.4) / 10);
};
const advance = async (ms: number) => {
  const res = await fetch(`${b.demo.base}/__test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: ms }) });
  expect(res.status).toBe(200);
};

const ids: Record<string, string> = {};
beforeAll(async () => {
  const seed = seedAnswers();
  // 40 more unhappy answers over the last two months, so the queue has more than a page (50).
  const now = Date.now();
  const extra = Array.from({ length: 40 }, (_, i) => ({
    id: randomUUID(),
    revision: 1,
    deliveryId: `loop-${i}`,
    deliveredAt: new Date(now - (i + 5) * 1.5 * DAY).toISOString(),
    answeredAt: new Date(now - (i + 1) * 1.5 * DAY + 7_200_000).toISOString(),
    nps: i % 7,
    csat: 1 + (i % 2),
    ...(i % 3 ? {} : { comment: i % 2 ? 'Nobody came <b>at all</b>.' : '师傅没来。' }),
    complete: true,
    locale: 'en-GB',
    customerId: `loop-customer-${i}`,
    meta: { store: ['Berlin', 'Shanghai', 'Munich'][i % 3], technician: 'Omar' },
  }));
  await post(b.demo.base, { responses: [...seed.responses, ...extra], displays: seed.displays });
  // A case's owner is a person of the team (GET /v1/assignees): two agents to give cases to.
  for (const name of ['Mia', 'Kai']) {
    const res = await fetch(`${b.demo.base}/v1/people`, { method: 'POST', headers: { authorization: `Bearer ${b.demo.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ email: `${name.toLowerCase()}@shop.example`, name, role: 'agent' }) });
    ids[name] = ((await res.json()) as { person: { id: string } }).person.id;
  }
});

async function open(query = '', options: BrowserContextOptions = {}) {
  const context = await b.context({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  const w = watch(page);
  await page.goto(`${b.demo.base}/dashboard${query}#token=${b.demo.token}`);
  await page.getByRole('navigation', { name: 'Views' }).waitFor();
  return { page, w };
}
/** Lines other than the expected 401 of GET /dashboard/session before sign-in. */
const realErrors = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));

/** The case ids of the lines, in order. */
const shownIds = (page: Page) => page.locator('.rows a').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).searchParams.get('case')));

describe('the Follow-up queue', () => {
  test('a case is contacted, resolved and reopened in place, the API agrees each time; an empty save is refused in words; tabs and Load more', async () => {
    const { page, w } = await open('?view=followup');
    const all = await cases();
    expect(all.cases.length).toBeGreaterThan(50);
    const rows = rowsOf(page);
    await expect.poll(() => rows.count()).toBe(50);
    // The server's order: nearest deadline first (urgent cases, then general ones).
    expect(await shownIds(page)).toEqual(all.cases.slice(0, 50).map((c) => c.id));
    // A line a case: 50 cases stay short (the cards they replace were 13,000 px tall).
    const height = await page.locator('.rows').evaluate((e) => e.getBoundingClientRect().height);
    expect(height / 50).toBeLessThan(45);
    // Each line: the tier and the next deadline in words, then the scores.
    expect(await rows.first().textContent()).toMatch(/^(Urgent|General|Complex), respond within [\d.]+ (min|hr), (CSAT \d( NPS \d+)?|NPS \d+), /);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBe(all.cases.length);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    // A comment that looks like HTML stays text.
    expect(await page.locator('.rows b').count()).toBe(0);
    const tabs = page.getByRole('navigation', { name: 'Status' });
    expect(await tabs.getByRole('link').allTextContents()).toEqual([`All ${all.cases.length}`, `Open ${all.counts.open}`, 'Contacted 0', 'Waiting 0', 'Resolved 0']);

    // Choosing a line opens the case beside the queue, in the URL, its heading focused.
    const target = all.cases[0]!;
    await rowOf(page, target.id).getByRole('link').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('case')).toBe(target.id);
    const card = paneOf(page);
    await expect.poll(() => card.getByRole('heading').first().textContent()).toBe(`Case answered ${dateTime(target.answeredAt)}`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('case-h');
    expect(await rowOf(page, target.id).getByRole('link').getAttribute('aria-current')).toBe('true');
    await expect.poll(() => card.textContent()).toContain(`Response deadline${dateTime(target.responseDueAt)}: `);
    expect(await card.textContent()).toContain(`Resolution deadline${dateTime(target.resolutionDueAt!)}: `);
    await card.getByLabel('Owner').selectOption({ label: 'Mia' });
    await card.getByLabel('Status').selectOption('contacted');
    await card.getByLabel('Add a note').fill('Called, second visit on Thursday.');
    await card.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => card.getByRole('status').textContent()).toBe('Saved.');
    let now = await oneCase(target.id);
    expect(now).toMatchObject({ status: 'contacted', owner: `person:${ids.Mia}`, notes: [{ text: 'Called, second visit on Thursday.' }], resolvedAt: null });
    expect(now.firstContactAt).not.toBeNull();
    expect(await card.getByLabel('Add a note').inputValue()).toBe('');
    await expect.poll(() => card.locator('.notes').textContent()).toContain('Called, second visit on Thursday.');
    await expect.poll(() => tabs.getByRole('link', { name: /^Contacted/ }).textContent()).toBe('Contacted 1');
    // Its line follows: the next deadline is now the resolution's, the owner Mia.
    await expect.poll(() => rowOf(page, target.id).textContent()).toMatch(/, resolve within [\d.]+ (min|hr), .*, Mia$/);

    await card.getByLabel('Status').selectOption('resolved');
    await card.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await oneCase(target.id)).status).toBe('resolved');
    // The pane has taken the reply (its tag follows the saved case) and its effects have run, so the
    // form is not reset under the next edit.
    await expect.poll(() => card.locator('.tag').first().textContent()).toBe('Resolved');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50))));
    now = await oneCase(target.id);
    expect(now.resolvedAt).not.toBeNull();
    const oldDue = now.dueAt;

    await card.getByLabel('Status').selectOption('open');
    await card.getByLabel('Add a note').fill('Customer called back: it leaks again.');
    await card.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await oneCase(target.id)).status).toBe('open');
    now = await oneCase(target.id);
    expect(now.resolvedAt).toBeNull();
    expect(now.reopened).toBe(1);
    expect(Date.parse(now.dueAt)).toBeGreaterThan(Date.parse(oldDue));
    expect(now.notes.map((n) => n.text)).toEqual(['Called, second visit on Thursday.', 'Customer called back: it leaks again.']);
    await expect.poll(() => card.textContent()).toContain('Times reopened1');

    // The history, expanded: every change in order, statuses in words.
    await card.getByText('History').click();
    const history = card.locator('.history li');
    await expect.poll(() => history.count()).toBe(now.history.length);
    const lines = await history.allTextContents();
    expect(lines[0]).toContain('Opened');
    expect(lines.some((l) => l.includes('Owner unassigned → Mia'))).toBe(true);
    expect(lines.filter((l) => /Status (Open → Contacted|Contacted → Resolved|Resolved → Open)/.test(l))).toHaveLength(3);

    // Nothing to save is said, not sent.
    await card.getByLabel('Owner').selectOption({ label: 'Mia' });
    await card.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => card.getByRole('alert').textContent()).toBe('Nothing to save: change the status or owner, or write a note.');

    // Tabs are links in the URL: Contacted lists what the API lists.
    await card.getByLabel('Status').selectOption('contacted');
    await card.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await oneCase(target.id)).status).toBe('contacted');
    await tabs.getByRole('link', { name: /^Contacted/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('contacted');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await tabs.getByRole('link', { name: /^Contacted/ }).getAttribute('aria-current')).toBe('true');
    // Back to the queue: the case closes, the focus goes back to its line.
    await card.getByRole('button', { name: 'Back to the queue' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('case')).toBe(null);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('href') ?? '')).toContain(`case=${target.id}`);
    // The shared filter bar applies: a store with no such case empties the tab.
    const store = (await oneCase(target.id)) as unknown as { meta: { store: string } };
    await page.goto(`${b.demo.base}/dashboard?view=followup&status=contacted&${RANGE()}&meta.store=${store.meta.store === 'Berlin' ? 'Munich' : 'Berlin'}`);
    await expect.poll(() => page.getByText('No cases match these filters.').count()).toBe(1);
    expect(realErrors(w.errors)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });

  test('after the deadline: the overdue count appears in the nav of another view by the poll, "overdue only" lists them, late in words by the collector\'s clock', async () => {
    const { page } = await open('?view=segments');
    const loopNav = page.getByRole('navigation', { name: 'Closed loop' });
    await expect.poll(() => loopNav.getByRole('link').first().textContent()).toBe('Follow-up');
    // A session ends after 12 hours without a request (on the collector's clock): the time passes in
    // steps of 11 hours, each followed by a request of this browser, as a dashboard open all day makes.
    for (let left = 25 * HOUR; left > 0; left -= 11 * HOUR) {
      await advance(Math.min(left, 11 * HOUR));
      expect((await page.request.get(`${b.demo.base}/dashboard/session`)).status()).toBe(200);
    }
    const { counts } = await cases();
    // Every open case is past its response deadline; contacted ones past their resolution deadline count too.
    expect(counts.overdue).toBeGreaterThanOrEqual(counts.open);
    expect(counts.overdue).toBeGreaterThan(50);
    // No reload: the 10 s poll brings it.
    const link = loopNav.getByRole('link', { name: `Follow-up, ${counts.overdue} overdue` });
    await expect.poll(() => link.count(), { timeout: 15_000 }).toBe(1);
    expect(await link.textContent()).toBe(`Follow-up · ${counts.overdue} overdue`);

    await link.click();
    await page.getByRole('checkbox', { name: /^Overdue only/ }).check();
    await expect.poll(() => new URL(page.url()).searchParams.get('overdue')).toBe('true');
    const rows = rowsOf(page);
    await expect.poll(() => rows.count()).toBe(50);
    expect(await page.getByRole('checkbox', { name: /^Overdue only/ }).isChecked()).toBe(true);
    const overdue = await cases('&overdue=true');
    expect(overdue.cases.every((c) => c.overdue || (c as unknown as { resolutionOverdue: boolean }).resolutionOverdue)).toBe(true);
    for (const text of await rows.allTextContents()) expect(text).toMatch(/^(Urgent|General|Complex), ⚠ [\d.]+ hr past (response|resolution) deadline, /);

    // By how much, on the collector's clock: a browser whose own clock is 3 days ahead says the same.
    const later = await b.context({ viewport: { width: 1200, height: 900 } });
    await later.clock.setFixedTime(Date.now() + 3 * DAY);
    const p2 = await later.newPage();
    await p2.goto(`${b.demo.base}/dashboard?view=followup&overdue=true#token=${b.demo.token}`);
    const first = rowsOf(p2).first();
    await first.waitFor();
    const page1 = await cases('&overdue=true');
    const top = page1.cases[0]! as unknown as { status: string; dueAt: string; resolutionDueAt: string };
    const late = (Date.parse(page1.now) - Date.parse(top.status === 'open' ? top.dueAt : top.resolutionDueAt)) / HOUR;
    const said = Number(/⚠ ([\d.]+) hr past (?:response|resolution) deadline/.exec((await first.locator('.due').textContent()) ?? '')?.[1]);
    expect(Math.abs(said - late)).toBeLessThanOrEqual(0.15);
    expect(await first.locator('.due').getAttribute('class')).toBe('due late');
  });

  test("after the deadline, the overview shows the loop's figures as /v1/summary has them", async () => {
    const { page } = await open();
    const s = (await b.demo.api<{ cases: { total: number; open: number; overdue: number; medianHoursToFirstContact: number | null; medianHoursToResolution: number | null; resolvedWithinDeadline: { share: number | null; resolved: number; of: number; ci: [number, number] | null } } }>(`/v1/summary?${RANGE()}`)).cases;
    const region = page.getByRole('region', { name: 'Follow-up of unhappy customers' });
    const value = (id: string) => region.locator(`[data-loop=${id}]`).textContent();
    const pct = (v: number) => new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 }).format(v / 100);
    await expect.poll(() => value('open')).toBe(`Open cases${s.open}${s.total} cases`);
    expect(await value('overdue')).toBe(`Overdue${s.overdue}`);
    expect(await value('contact')).toBe(`Median time to first contact${s.medianHoursToFirstContact === null ? '—' : duration(s.medianHoursToFirstContact * HOUR)}`);
    expect(await value('resolution')).toBe(`Median time to resolution${s.medianHoursToResolution === null ? '—' : duration(s.medianHoursToResolution * HOUR)}`);
    const w = s.resolvedWithinDeadline;
    expect(w.of).toBeGreaterThan(0);
    expect(await value('deadline')).toBe(`Resolved within the deadline${w.share === null ? '—' : pct(w.share)}${w.ci ? `95 % interval ${pct(w.ci[0])} – ${pct(w.ci[1])}` : '—'}${w.resolved} of ${w.of} cases`);
    // Its link opens the queue.
    await region.getByRole('link', { name: 'Follow-up' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('followup');
  });

  test('accessible: axe-core finds nothing on Follow-up and Webhooks (light, dark, 360 px), nothing scrolls sideways', async () => {
    const found: Record<string, unknown> = {};
    for (const [mode, options] of LOOKS) {
      const { page, w } = await open('?view=followup', options);
      // A case open beside (below, at 360 px) the queue, its history expanded.
      await rowsOf(page).first().getByRole('link').click();
      await paneOf(page).getByText('History').click();
      await paneOf(page).locator('.history li').first().waitFor();
      found[`followup ${mode}`] = await axeViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `followup at ${mode}`).toBeLessThanOrEqual(options.viewport?.width ?? 1200);
      await page.screenshot({ path: `test-output/dashboard/followup-${mode.replace(' ', '')}.png`, fullPage: true });
      await page.getByRole('navigation', { name: 'Closed loop' }).getByRole('link', { name: 'Webhooks' }).click();
      await page.getByRole('table').first().waitFor();
      found[`webhooks ${mode}`] = await axeViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `webhooks at ${mode}`).toBeLessThanOrEqual(options.viewport?.width ?? 1200);
      await page.screenshot({ path: `test-output/dashboard/webhooks-${mode.replace(' ', '')}.png`, fullPage: true });
      expect(realErrors(w.errors)).toEqual([]);
      expect(await cspViolations(page)).toEqual([]);
    }
    expect(found).toEqual({ 'followup light': [], 'webhooks light': [], 'followup dark': [], 'webhooks dark': [], 'followup 360 px': [], 'webhooks 360 px': [] });
  });

  test('keyboard only: j reaches the first case, Enter opens it, Tab reaches its form, the status is changed and saved without a mouse', async () => {
    const { page } = await open('?view=followup&status=open');
    await rowsOf(page).first().waitFor();
    const id = (await cases('&status=open')).cases[0]!.id;
    await page.keyboard.press('j');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toContain(`case=${id}`);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('case-h');
    expect(new URL(page.url()).searchParams.get('case')).toBe(id);
    await paneOf(page).locator('.history').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Back to the queue');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('status');
    await page.keyboard.press('ArrowDown'); // open → contacted
    await page.keyboard.press('Tab'); // the tier
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('owner');
    await page.keyboard.press('End'); // the last person: Kai
    await page.keyboard.press('Tab');
    await page.keyboard.type('Phoned from the shop.');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Save');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await oneCase(id)).status).toBe('contacted');
    expect(await oneCase(id)).toMatchObject({ owner: `person:${ids.Kai}`, notes: [{ text: 'Phoned from the shop.' }] });
  });
});

describe('webhooks panel', () => {
  test('a 410 shows the endpoint disabled and Enable sends its events; Re-send makes a failed delivery pending again', async () => {
    const [gone, refuse] = (await waitFor(webhooks, (w) => w.endpoints[0]!.disabled && w.endpoints[1]!.counts.failed > 0, 20_000, 'a disabled and a failed endpoint')).endpoints;
    expect(gone!.disabledReason).toMatch(/^410 Gone on /);
    const { page, w } = await open('?view=webhooks');
    const goneBox = page.getByRole('region', { name: `${gone!.url} ${gone!.id}`, exact: true });
    await expect.poll(() => goneBox.textContent()).toContain(`⚠ Disabled (${gone!.disabledReason}). Its events wait until it is enabled again.`);
    // The URL is masked: scheme and host, never the path.
    expect(await goneBox.getByRole('heading').textContent()).toBe(`${gone!.url} ${gone!.id}`);
    expect(gone!.url).not.toContain('/gone');
    const refuseBox = page.getByRole('region', { name: `${refuse!.url} ${refuse!.id}`, exact: true });
    expect(await refuseBox.textContent()).toContain('Active');
    expect(await refuseBox.getByRole('table').locator('tbody tr').count()).toBe(refuse!.deliveries.length);

    answers['/gone'] = 204;
    await goneBox.getByRole('button', { name: 'Enable' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Enabled: waiting events go out now.');
    expect((await webhooks()).endpoints[0]!.disabled).toBe(false);
    await waitFor(webhooks, (x) => x.endpoints[0]!.counts.pending === 0 && x.endpoints[0]!.counts.delivered > 0, 20_000, 'the waiting events delivered');
    await expect.poll(() => goneBox.textContent()).toContain('Active');
    expect(await goneBox.getByRole('button', { name: 'Enable' }).count()).toBe(0);

    // Re-send the newest failed delivery to the refusing endpoint, which now answers 503: pending again.
    answers['/refuse'] = 503;
    const now = (await webhooks()).endpoints[1]!;
    const index = now.deliveries.findIndex((d) => d.status === 'failed');
    const failed = now.deliveries[index]!;
    const row = refuseBox.getByRole('table').locator('tbody tr').nth(index);
    await expect.poll(() => row.locator('td').nth(1).textContent()).toBe('Failed');
    await row.getByRole('button', { name: 'Re-send' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(`Queued again: ${failed.type}.`);
    const again = (await webhooks()).endpoints[1]!.deliveries.find((d) => d.eventId === failed.eventId)!;
    expect(again.status).toBe('pending');
    await expect.poll(() => row.locator('td').nth(1).textContent()).toBe('Pending');
    expect(realErrors(w.errors)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });

  test('no webhook configured: a short note says how to add one', async () => {
    const context = await b.context();
    const page = await context.newPage();
    await page.route('**/v1/webhooks?*', (r) => r.fulfill({ status: 200, contentType: 'application/json', body: '{"endpoints":[]}' }));
    await page.goto(`${b.demo.base}/dashboard?view=webhooks#token=${b.demo.token}`);
    await expect.poll(() => page.getByText('No webhooks configured (set AFTERCARE_WEBHOOK_URLS).').count()).toBe(1);
  });
});
