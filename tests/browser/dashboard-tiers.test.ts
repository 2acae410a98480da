// The follow-up queue as the service guide sets it, in real Chromium against the demo collector: a case
// moved to another tier in place (both deadlines change, the API agrees), waiting on the customer with
// a reason and back (the resolution deadline moves on by the time waited), three cases given to someone
// at once and a refused one named, j/k through the queue, the owners' settings (tier rules with the
// collector's 400 beside the field, a business-hours calendar added, refused, edited and deleted), the
// scorecards (an owner sees both tables under the method sentence; an agent only their own card), and
// axe-core on the queue, the settings and the scorecards in light, dark, at 360 px and in Chinese.
import type { BrowserContextOptions } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { axeViolations, LOOKS, post, seedAnswers } from './dashboard-fixtures.ts';
import { advanceClock, asOwner as owner, dateTimeIn, defaultPeriod, focusedCase, HOUR, openSignedIn, paneOf, realErrors, refusedOf, rowOf, rowsOf } from './dashboard-queue.ts';
import { cspViolations, sharedBrowser } from './harness.ts';

const TZ = 'UTC';
const b = sharedBrowser(['--test-hooks'], { AFTERCARE_TZ: TZ });

interface Case {
  id: string;
  answeredAt: string;
  openedAt: string;
  status: string;
  tier: string | null;
  owner: string | null;
  responseDueAt: string;
  resolutionDueAt: string | null;
  pendingSince: string | null;
  pendingReason: string | null;
}
/** A scorecard board: the ranked people and those with too few, and how they are ranked. */
interface Board {
  ranked: Array<{ name: string; rank: number; n: number }>;
  few: Array<{ name: string; n: number }>;
  method: string;
}

const asOwner = <T = any>(method: string, path: string, body?: unknown) => owner<T>(b.demo, method, path, body);
const RANGE = () => defaultPeriod(TZ);
const cases = (q = '') => b.demo.api<{ now: string; cases: Case[] }>(`/v1/cases?${RANGE()}&limit=500${q}`);
const oneCase = (id: string) => b.demo.api<Case>(`/v1/cases/${id}`);
const dateTime = dateTimeIn(TZ);
const advance = (ms: number) => advanceClock(b.demo, ms);
const open = (query = '', options: BrowserContextOptions = {}) => openSignedIn(b, query, options);

const ids: Record<string, string> = {};
let omarLink = '';
beforeAll(async () => {
  const seed = seedAnswers();
  await post(b.demo.base, { responses: seed.responses, displays: seed.displays });
  // Agents to give cases to; Omar is also a technician the answers name (meta.technician).
  for (const [name, team] of [['Mia', null], ['Kai', 'North'], ['Omar', null]] as const) {
    const r = await asOwner<{ person: { id: string }; invitation: { url: string } }>('POST', '/v1/people', { email: `${name.toLowerCase()}@shop.example`, name, role: 'agent', ...(team ? { team } : {}) });
    expect(r.status).toBe(201);
    ids[name] = r.body.person.id;
    if (name === 'Omar') omarLink = r.body.invitation.url;
  }
  // The first cases of the queue (urgent ones) were handled: given to Mia and Omar, most resolved (the scorecards' handlers).
  const all = (await cases()).cases;
  expect(all.length).toBeGreaterThan(20);
  for (const [i, c] of all.slice(0, 12).entries()) {
    const r = await asOwner('PATCH', `/v1/cases/${c.id}`, { owner: `person:${ids[i % 2 ? 'Mia' : 'Omar']}`, ...(i % 4 ? { status: 'resolved' } : { status: 'contacted' }) });
    expect(r.status).toBe(200);
  }
});

describe('a case through its tier and its clocks', () => {
  test("an escalation e-mail's link opens the case; another tier moves both deadlines in place, the API agrees", async () => {
    const c = (await cases('&status=open')).cases.find((x) => x.tier === 'general')!;
    expect(c).toBeDefined();
    // The link escalation e-mails carry: no period (the dashboard adds its default), the case kept.
    const { page, w } = await open(`?view=followup&case=${c.id}`);
    const pane = paneOf(page);
    await expect.poll(() => pane.getByRole('heading').first().textContent()).toBe(`Case answered ${dateTime(c.answeredAt)}`);
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).not.toBe(null);
    expect(new URL(page.url()).searchParams.get('case')).toBe(c.id);
    await expect.poll(() => pane.textContent()).toContain(`Response deadline${dateTime(c.responseDueAt)}: `);
    expect(await pane.textContent()).toContain(`Resolution deadline${dateTime(c.resolutionDueAt!)}: `);
    expect(await pane.getByLabel('Tier').inputValue()).toBe('general');
    // The tier's note is tied to its field.
    expect(await pane.getByLabel('Tier').getAttribute('aria-describedby')).toBe(`tier-note-${c.id}`);

    await pane.getByLabel('Tier').selectOption({ label: 'Urgent' });
    await pane.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => pane.getByRole('status').textContent()).toBe('Saved.');
    const now = await oneCase(c.id);
    // The guide's urgent clocks (1 h to respond, 2 h to resolve; no calendar: every hour counts), from the opening.
    const from = Date.parse(c.openedAt);
    expect(now).toMatchObject({ tier: 'urgent', responseDueAt: new Date(from + HOUR).toISOString(), resolutionDueAt: new Date(from + 2 * HOUR).toISOString() });
    await expect.poll(() => pane.textContent()).toContain(`Response deadline${dateTime(now.responseDueAt)}: `);
    expect(await pane.textContent()).toContain(`Resolution deadline${dateTime(now.resolutionDueAt!)}: `);
    await expect.poll(() => rowOf(page, c.id).textContent()).toMatch(/^Urgent, /);
    await pane.getByText('History').click();
    await expect.poll(() => pane.locator('.history li').allTextContents()).toContainEqual(expect.stringContaining('Tier General → Urgent'));
    expect(realErrors(w.errors)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });

  test('waiting on the customer: a reason, the Waiting tab, the clock stops; back to contacted, the resolution deadline moved by the time waited', async () => {
    const c = (await cases('&status=open')).cases[0]!;
    const { page } = await open(`?view=followup&case=${c.id}`);
    const pane = paneOf(page);
    await pane.getByLabel('Status').waitFor();
    expect(await pane.getByLabel('Why it waits on the customer').count()).toBe(0);
    await pane.getByLabel('Status').selectOption({ label: 'Waiting on the customer' });
    // The reason is asked for, and needed.
    const reason = pane.getByLabel('Why it waits on the customer');
    expect(await reason.getAttribute('required')).not.toBe(null);
    await reason.fill('Customer on holiday until Monday');
    await pane.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await oneCase(c.id)).status).toBe('pending');
    const waiting = await oneCase(c.id);
    expect(waiting).toMatchObject({ pendingReason: 'Customer on holiday until Monday', pendingSince: expect.any(String) });
    await expect.poll(() => pane.textContent()).toContain(`Resolution deadline${dateTime(waiting.resolutionDueAt!)}: paused while waiting on the customer`);
    expect(await pane.textContent()).toContain(`Waiting since${dateTime(waiting.pendingSince!)}: Customer on holiday until Monday`);
    await expect.poll(() => rowOf(page, c.id).textContent()).toMatch(/, waiting on customer since .+, /);
    const tabs = page.getByRole('navigation', { name: 'Status' });
    await expect.poll(() => tabs.getByRole('link', { name: /^Waiting/ }).textContent()).toBe('Waiting 1');
    await tabs.getByRole('link', { name: /^Waiting/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('status')).toBe('pending');
    await expect.poll(() => rowsOf(page).count()).toBe(1);

    // An hour later (on the collector's clock) the customer answers: contacted again, the clock runs on.
    await advance(HOUR);
    await pane.getByLabel('Status').selectOption({ label: 'Contacted' });
    await pane.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await oneCase(c.id)).status).toBe('contacted');
    const back = await oneCase(c.id);
    const moved = Date.parse(back.resolutionDueAt!) - Date.parse(waiting.resolutionDueAt!);
    expect(moved).toBeGreaterThanOrEqual(HOUR);
    expect(moved).toBeLessThan(HOUR + 60_000);
    expect(back.pendingSince).toBe(null);
    await expect.poll(() => pane.textContent()).toContain(`Resolution deadline${dateTime(back.resolutionDueAt!)}: `);
    await pane.getByText('History').click();
    const lines = await pane.locator('.history li').allTextContents();
    expect(lines.some((l) => l.includes('Status Open → Waiting on the customer') && l.includes('Customer on holiday until Monday'))).toBe(true);
    expect(lines.some((l) => l.includes('Status Waiting on the customer → Contacted'))).toBe(true);
  });
});

describe('the queue with the keyboard', () => {
  test('j and k (and ↓ ↑ in the list) move between cases, Enter opens one and the URL keeps it; not in a text field', async () => {
    const { page, w } = await open('?view=followup&status=open');
    const rows = rowsOf(page);
    await expect.poll(() => rows.count()).toBeGreaterThan(4);
    const order = (await cases('&status=open')).cases.map((c) => c.id);
    const at = async () => order.indexOf(await focusedCase(page));
    // The first line, the next, ↓, ↑, back to the first, and the first stays the first.
    for (const [key, line] of [['j', 0], ['j', 1], ['ArrowDown', 2], ['ArrowUp', 1], ['k', 0], ['k', 0]] as const) {
      await page.keyboard.press(key);
      expect(await at(), `after ${key}`).toBe(line);
    }
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('case')).toBe(order[1]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('case-h');
    // From the open case, j goes to the line after it.
    await page.keyboard.press('j');
    expect(await at()).toBe(2);
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('case')).toBe(order[2]);
    expect(await rowOf(page, order[2]!).getByRole('link').getAttribute('aria-current')).toBe('true');
    // Back: the case before, from the URL.
    await page.goBack();
    await expect.poll(() => new URL(page.url()).searchParams.get('case')).toBe(order[1]);
    expect(await rowOf(page, order[1]!).getByRole('link').getAttribute('aria-current')).toBe('true');
    // In a text field j and k are letters.
    const note = paneOf(page).getByLabel('Add a note');
    await note.focus();
    await page.keyboard.type('jk');
    expect(await note.inputValue()).toBe('jk');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('note');
    expect(realErrors(w.errors)).toEqual([]);
  });

  test('bulk: three cases selected with the keyboard are given to Kai at once; a refused one is named', async () => {
    const { page } = await open('?view=followup&status=open');
    const rows = rowsOf(page);
    await expect.poll(() => rows.count()).toBeGreaterThan(5);
    const order = (await cases('&status=open')).cases;
    // Space selects, j goes to the next line's checkbox.
    await page.keyboard.press('j');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).type)).toBe('checkbox');
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Space');
      if (i < 2) await page.keyboard.press('j');
    }
    const bulk = page.getByRole('group', { name: 'Selected cases' });
    await expect.poll(() => bulk.textContent()).toContain('3 selected');
    await bulk.getByLabel('Assign to').selectOption({ label: 'Kai (North)' });
    await bulk.getByRole('button', { name: 'Assign' }).click();
    await expect.poll(() => bulk.getByRole('status').textContent()).toBe('3 cases updated.');
    for (const c of order.slice(0, 3)) expect((await oneCase(c.id)).owner).toBe(`person:${ids.Kai}`);
    // Their lines say so; updated cases are no longer selected.
    for (const c of order.slice(0, 3)) await expect.poll(() => rowOf(page, c.id).textContent()).toMatch(/, Kai$/);
    expect(await bulk.textContent()).not.toContain('selected');

    // Two more moved to Contacted; the collector refuses one (stood in for here): it is named, the other done.
    const [ok, refused] = [order[3]!, order[4]!];
    await page.route(`**/v1/cases/${refused.id}`, (r) =>
      r.request().method() === 'PATCH' ? r.fulfill({ status: 409, contentType: 'application/json', body: '{"error":"id: changed by someone else"}' }) : r.continue(),
    );
    await rowOf(page, ok.id).getByRole('checkbox').check();
    await rowOf(page, refused.id).getByRole('checkbox').check();
    expect(await rowOf(page, ok.id).getByRole('checkbox').getAttribute('aria-label')).toBe(`Select the case answered ${dateTime(ok.answeredAt)}`);
    await bulk.getByLabel('Move to status').selectOption({ label: 'Contacted' });
    await bulk.getByRole('button', { name: 'Move' }).click();
    await expect.poll(() => bulk.getByRole('alert').textContent()).toBe(`1 case updated. Not updated: ${dateTime(refused.answeredAt)}: id: changed by someone else`);
    expect((await oneCase(ok.id)).status).toBe('contacted');
    expect((await oneCase(refused.id)).status).toBe('open');
    expect(await bulk.textContent()).toContain('1 selected');
  });
});

describe('Follow-up settings (owners)', () => {
  test("tier rules: the collector's 400 beside the field, saved, back to the configured ones; a calendar added, refused, edited, deleted", async () => {
    const { page, w, refused } = await open('?view=settings');
    const rules = page.getByLabel('Tier rules');
    await expect.poll(() => rules.inputValue()).not.toBe('');
    const before = (await asOwner<{ rules: string; configured: { rules: string; hours: string } }>('GET', '/v1/followup/rules')).body;
    expect(await rules.inputValue()).toBe(before.rules);
    // A bad rule: the collector's words, next to the field that holds it.
    await rules.fill('nps<=3 -> very urgent');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const error = page.locator('#rules-error');
    await expect.poll(() => error.textContent()).toMatch(/^rules: /);
    expect(await rules.getAttribute('aria-invalid')).toBe('true');
    expect(await rules.getAttribute('aria-describedby')).toBe('rules-help rules-error');
    expect((await asOwner('GET', '/v1/followup/rules')).body.rules).toBe(before.rules);
    await page.getByLabel('Hours per tier (respond/resolve)').fill('urgent=1/3, general=2/4, complex=4/8');
    await rules.fill('nps<=2 or csat=1 -> urgent; else general');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /\S/ }).first().textContent()).toBe('Saved.');
    expect(await error.count()).toBe(0);
    expect((await asOwner('GET', '/v1/followup/rules')).body).toMatchObject({ rules: 'nps<=2 or csat=1 -> urgent; else general', hours: 'urgent=1/3, general=2/4, complex=4/8' });
    await page.getByRole('button', { name: 'Back to the configured rules' }).click();
    await expect.poll(async () => (await asOwner('GET', '/v1/followup/rules')).body.rules).toBe(before.configured.rules);
    await expect.poll(() => rules.inputValue()).toBe(before.configured.rules);

    // A calendar for the Berlin store, with a lunch break on Mondays and two holidays.
    await page.getByRole('button', { name: 'Add a calendar' }).click();
    const form = page.getByRole('form', { name: 'New calendar' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('cal-name');
    await form.getByLabel('Name').fill('Berlin store');
    await form.getByLabel('Time zone').fill('Europe/Berlin');
    await form.getByLabel('Monday').fill('9:00-12:00, 13:00–18:00');
    await form.getByLabel('Saturday').fill('10:00–14:00');
    await form.getByLabel('Holidays (one date a line, YYYY-MM-DD)').fill('2026-12-24\n2026-12-25');
    await form.getByLabel('Value').fill('Berlin');
    await form.getByRole('button', { name: 'Save' }).click();
    const table = page.getByRole('table', { name: 'Calendars, first match first' });
    const row = table.getByRole('row', { name: /Berlin store/ });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('td').allTextContents()).toEqual(['Europe/Berlin', 'Mon 09:00–12:00, 13:00–18:00; Tue–Fri 09:00–18:00; Sat 10:00–14:00 · 2 holidays', 'store = Berlin', 'EditRemove']);
    const [cal] = (await asOwner<{ calendars: Array<Record<string, unknown>> }>('GET', '/v1/calendars')).body.calendars;
    const day = [['09:00', '18:00']];
    expect(cal).toMatchObject({ id: 'berlin-store', name: 'Berlin store', timeZone: 'Europe/Berlin', holidays: ['2026-12-24', '2026-12-25'], match: { key: 'store', value: 'Berlin' }, team: null, usable: true });
    expect(cal!.hours).toEqual({ 1: [['09:00', '12:00'], ['13:00', '18:00']], 2: day, 3: day, 4: day, 5: day, 6: [['10:00', '14:00']] });
    // The focus is back on "Add a calendar".
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('add-calendar');

    // Edited: a day that is not a span of times is said beside it; a zone the collector does not know, beside its field.
    await row.getByRole('button', { name: 'Edit Berlin store' }).click();
    const edit = page.getByRole('form', { name: 'Edit Berlin store' });
    await edit.getByLabel('Sunday').fill('soon');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => edit.locator('#hours\\.7-error').textContent()).toBe('Sunday: expected times such as 09:00–18:00');
    expect(await edit.getByLabel('Sunday').getAttribute('aria-invalid')).toBe('true');
    await edit.getByLabel('Sunday').fill('');
    await edit.getByLabel('Time zone').fill('Mars/Olympus');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => edit.locator('#timeZone-error').textContent()).toMatch(/^timeZone: expected an IANA time zone/);
    expect(await edit.getByLabel('Time zone').getAttribute('aria-invalid')).toBe('true');
    await edit.getByLabel('Time zone').fill('Europe/Berlin');
    await edit.getByLabel('Team').fill('North');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => row.locator('td').nth(2).textContent()).toBe('store = Berlin; Team North');
    expect((await asOwner('GET', '/v1/calendars')).body.calendars[0]).toMatchObject({ id: 'berlin-store', team: 'North', timeZone: 'Europe/Berlin' });

    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button', { name: 'Delete Berlin store' }).click();
    await expect.poll(() => page.getByText('No calendar yet: every hour of the day counts.').count()).toBe(1);
    expect((await asOwner('GET', '/v1/calendars')).body.calendars).toEqual([]);
    // The refused saves were the two 400s asked for.
    expect(refused).toEqual(['400 PUT /v1/followup/rules', '400 PUT /v1/calendars/berlin-store']);
    expect(realErrors(w.errors.filter((e) => !/status of 400/.test(e)))).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });
});

describe('scorecards', () => {
  test('an owner sees the technicians and the handlers ranked as the API has them, under its method sentence, with the CSV and a print page', async () => {
    const { page, w, refused } = await open('?view=scorecards');
    const techs = (await asOwner<Board>('GET', `/v1/scorecards?${RANGE()}&by=meta.technician`)).body;
    const handlers = (await asOwner<Board>('GET', `/v1/scorecards?${RANGE()}&by=handlers`)).body;
    expect(techs.ranked.length).toBeGreaterThan(1);
    expect(handlers.ranked.length + handlers.few.length).toBeGreaterThanOrEqual(2);
    const techTable = page.getByRole('table', { name: 'Technicians: technician' });
    await techTable.locator('tbody tr').first().waitFor();
    expect(await techTable.locator('tbody th').allTextContents()).toEqual(techs.ranked.map((c) => c.name));
    expect(await techTable.locator('tbody tr td:first-child').allTextContents()).toEqual(techs.ranked.map((c) => String(c.rank)));
    expect(await techTable.locator('thead th').allTextContents()).toEqual(['Rank', 'Name', 'Answers', 'CSAT 4–5', 'Fair estimate', 'Change from the period before']);
    // The sentence saying how the list is ranked, above it.
    const techSection = page.getByRole('region', { name: 'Technicians', exact: true });
    expect(await techSection.getByText(techs.method).count()).toBe(1);
    const handlerSection = page.getByRole('region', { name: 'Case handlers', exact: true });
    expect(await handlerSection.getByText(handlers.method).count()).toBe(1);
    // Handlers: ranked in a table, or listed apart when they have too few.
    if (handlers.ranked.length) expect(await handlerSection.getByRole('table').locator('tbody th').allTextContents()).toEqual(handlers.ranked.map((c) => c.name));
    for (const c of handlers.few) expect(await handlerSection.locator('.few-list li').allTextContents()).toContainEqual(expect.stringMatching(new RegExp(`^${c.name} \\(${c.n}\\): `)));
    // The CSV, as the collector serves it.
    const csv = techSection.getByRole('link', { name: 'Download CSV' });
    const href = (await csv.getAttribute('href'))!;
    expect([...new URL(href, b.demo.base).searchParams].filter(([k]) => k === 'by' || k === 'format')).toEqual([['by', 'meta.technician'], ['format', 'csv']]);
    const got = await page.evaluate((h) => fetch(h).then(async (r) => ({ status: r.status, type: r.headers.get('content-type'), text: await r.text() })), href);
    expect(got).toMatchObject({ status: 200, type: expect.stringMatching(/^text\/csv/), text: expect.stringContaining(techs.ranked[0]!.name) });
    // Print: the button asks the browser; the print stylesheet leaves the tables without the page's chrome.
    await page.evaluate(() => (window.print = () => ((window as unknown as { printed: boolean }).printed = true)));
    await page.getByRole('button', { name: 'Print' }).click();
    expect(await page.evaluate(() => (window as unknown as { printed?: boolean }).printed)).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await techTable.isVisible()).toBe(true);
    await page.pdf({ path: 'test-output/dashboard/scorecards-print.pdf' }).catch(() => undefined);
    await page.emulateMedia({ media: 'screen' });
    expect(refused).toEqual([]);
    expect(realErrors(w.errors)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  });

  test('an agent sees only their own card: the cases they own and, as a technician, the answers naming them; no one else is read', async () => {
    const page = await (await b.context({ viewport: { width: 1200, height: 900 } })).newPage();
    const refused = refusedOf(page);
    await page.goto(omarLink);
    await page.getByRole('button', { name: 'Continue without a passkey' }).click();
    await expect.poll(() => page.getByText('Signed in as Omar (agent)').isVisible()).toBe(true);
    const loop = page.getByRole('navigation', { name: 'Closed loop' });
    await expect.poll(() => loop.getByRole('link').allTextContents()).toEqual(['My cases', 'My scorecard']);
    await loop.getByRole('link', { name: 'My scorecard' }).click();
    await page.getByRole('heading', { name: 'My scorecard' }).waitFor();
    const me = await page.evaluate((q) => fetch(`/v1/scorecards/me?${q}&key=technician`).then((r) => r.json()), RANGE());
    const handler = page.getByRole('region', { name: 'Case handlers' });
    await expect.poll(() => handler.locator('dl div').first().textContent()).toBe(`Cases${me.handler.cases}`);
    expect(me.handler.cases).toBe(6);
    expect(await handler.getByText(me.handler.method).count()).toBe(1);
    const technician = page.getByRole('region', { name: 'Technicians' });
    expect(me.technician).not.toBe(null);
    expect(await technician.locator('dl div').first().textContent()).toBe(`Answers${me.technician.n}`);
    // No table, no rank, nobody else.
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByText('Rank', { exact: true }).count()).toBe(0);
    expect(await page.getByText('Mia').count()).toBe(0);
    expect(refused).toEqual([]);
    expect(await page.evaluate(() => fetch('/v1/scorecards?by=handlers').then((r) => r.status))).toBe(403);
    expect(await axeViolations(page)).toEqual([]);
  });
});

test('accessible: axe-core finds nothing on the queue, the settings and the scorecards (light, dark, 360 px, Chinese), nothing scrolls sideways', async () => {
  const found: Record<string, unknown> = {};
  const looks: Array<readonly [string, BrowserContextOptions]> = [...LOOKS, ['zh-CN', {}]];
  for (const [mode, options] of looks) {
    const lang = mode === 'zh-CN' ? 'lang=zh-CN&' : '';
    const width = options.viewport?.width ?? 1200;
    const { page, w, refused } = await open(`?${lang}view=followup`, options);
    const check = async (name: string) => {
      found[`${name} ${mode}`] = await axeViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${mode}`).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `test-output/dashboard/tiers-${name}-${mode.replace(' ', '')}.png`, fullPage: true });
    };
    // The queue: two cases selected (the bulk actions shown), one open beside it, its history expanded.
    const rows = page.locator('.rows li');
    await rows.nth(1).waitFor();
    await rows.nth(0).locator('input').check();
    await rows.nth(1).locator('input').check();
    await rows.nth(0).locator('a').click();
    await page.locator('.case-pane .history summary').click();
    await page.locator('.case-pane .history li').first().waitFor();
    await check('queue');
    // The settings, a calendar's form open with an error beside a field.
    await page.locator('nav a[href*="view=settings"]').click();
    await page.locator('#rules').waitFor();
    await page.locator('#add-calendar').click();
    await page.locator('#cal-name').fill('Shanghai 上海');
    await page.locator('#cal-hours\\.1').fill('soon');
    await page.locator('.calendar-form button[type=submit]').click();
    await page.locator('#hours\\.1-error').waitFor();
    await check('settings');
    await page.locator('nav a[href*="view=scorecards"]').click();
    await page.locator('.scorecards table').first().waitFor();
    await check('scorecards');
    expect(refused).toEqual([]);
    expect(realErrors(w.errors)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  }
  expect(Object.entries(found).filter(([, v]) => (v as unknown[]).length)).toEqual([]);
});
