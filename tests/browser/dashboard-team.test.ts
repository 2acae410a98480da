// The team in the dashboard, in real Chromium against the demo collector: the owner invites a viewer
// and an agent (through the API, with the admin token); each opens their invitation link and joins
// without a passkey; each sees only the views their role may use (the viewer: figures, no Comments or
// Export; the agent: My cases, there only the case given to them, and their own scorecard), and the
// page asks the collector for nothing their role is refused. The sign-in page says what an e-mailed link
// or single sign-on came back with. axe-core finds nothing on the sign-in page, the invitation, the
// People view and My cases; the People view invites someone with the keyboard alone.
import type { BrowserContextOptions, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { axeViolations, LOOKS, post, seedAnswers } from './dashboard-fixtures.ts';
import { cspViolations, sharedBrowser, watch } from './harness.ts';

const TZ = 'UTC';
const b = sharedBrowser([], { AFTERCARE_TZ: TZ });

const VIEWER = 'vera@shop.example';
const AGENT = 'kai@shop.example';

/** A request as the owner, with the admin token (a machine's credential: no cookie, no Origin). */
async function asOwner<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${b.demo.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${b.demo.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

interface Invited {
  person: { id: string; email: string; role: string };
  invitation: { url: string; expiresAt: string; sent: boolean };
}
let viewer: Invited;
let agent: Invited;
let given: string;

beforeAll(async () => {
  const seed = seedAnswers();
  await post(b.demo.base, { responses: seed.responses, displays: seed.displays });
  const v = await asOwner<Invited>('POST', '/v1/people', { email: VIEWER, name: 'Vera', role: 'viewer' });
  const a = await asOwner<Invited>('POST', '/v1/people', { email: AGENT, name: 'Kai', role: 'agent', team: 'North' });
  expect([v.status, a.status]).toEqual([201, 201]);
  viewer = v.body;
  agent = a.body;
  // The demo sends no mail: the links come back to be handed on.
  expect(viewer.invitation.sent).toBe(false);
  expect(viewer.invitation.url.startsWith(`${b.demo.base}/dashboard/#join=`)).toBe(true);
  // One case of the queue goes to the agent.
  const cases = await asOwner<{ cases: Array<{ id: string }> }>('GET', '/v1/cases?limit=5');
  expect(cases.body.cases.length).toBeGreaterThan(1);
  given = cases.body.cases[1]!.id;
  expect((await asOwner('PATCH', `/v1/cases/${given}`, { owner: `person:${agent.person.id}` })).status).toBe(200);
});

/** A fresh context on a page, with the reads the collector refused (4xx other than the signed-out 401). */
async function open(path: string, options: BrowserContextOptions = {}) {
  const context = await b.context({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  const w = watch(page);
  const refused: string[] = [];
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (r.status() >= 400 && !(r.status() === 401 && u.pathname === '/dashboard/session')) refused.push(`${r.status()} ${r.request().method()} ${u.pathname}`);
  });
  await page.goto(`${b.demo.base}${path}`);
  return { page, w, refused };
}

/** Opens an invitation link and joins without a passkey; axe-core checks the invitation on the way. */
async function join(inv: Invited, role: string, name: string) {
  const o = await open(new URL(inv.invitation.url).pathname + new URL(inv.invitation.url).hash);
  const { page } = o;
  await page.getByRole('heading', { name: 'Join the team' }).waitFor();
  await expect.poll(() => page.getByText(`You are invited as ${inv.person.email}, with the role ${role}.`).isVisible()).toBe(true);
  // The code is gone from the address before anything else.
  expect(page.url()).toBe(`${b.demo.base}/dashboard/`);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Continue without a passkey' }).click();
  await expect.poll(() => page.getByText(`Signed in as ${name} (${role})`).isVisible()).toBe(true);
  expect(await page.getByRole('link', { name: 'My account' }).count()).toBe(1);
  return o;
}

const navLinks = (page: Page, name: string) => page.getByRole('navigation', { name, exact: true }).getByRole('link').allTextContents();

describe('the sign-in page', () => {
  test('the ways in, the admin token under its own heading; axe-core finds nothing', async () => {
    const { page, w } = await open('/dashboard');
    await page.getByLabel('Admin token').waitFor();
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['Sign in', 'Admin token']);
    expect(await page.getByRole('button', { name: 'Sign in with a passkey' }).count()).toBe(1);
    // No OpenID provider configured: no single sign-on link.
    expect(await page.getByRole('link', { name: 'Sign in with single sign-on' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    expect(w.errors.filter((e) => !/status of 401/.test(e))).toEqual([]);
  });

  test('with mail and an OpenID provider: the e-mail form and the single sign-on link; the reply names nobody', async () => {
    const context = await b.context({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    // The demo has neither: the collector's answers are stood in for.
    await page.route('**/dashboard/session', (r) =>
      r.request().method() === 'GET' ? r.fulfill({ status: 401, contentType: 'application/json', body: JSON.stringify({ error: 'session: not signed in', signIn: { sso: true, email: true } }) }) : r.continue(),
    );
    const asked: unknown[] = [];
    await page.route('**/dashboard/signin/email', (r) => {
      asked.push(r.request().postDataJSON());
      return r.fulfill({ status: 202, contentType: 'application/json', body: '{"sent":true}' });
    });
    await page.goto(`${b.demo.base}/dashboard`);
    const sso = page.getByRole('link', { name: 'Sign in with single sign-on' });
    await sso.waitFor();
    expect(await sso.getAttribute('href')).toBe('/dashboard/sso');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('E-mail', { exact: true }).fill('nobody@shop.example');
    await page.getByRole('button', { name: 'E-mail me a sign-in link' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /\S/ }).textContent()).toBe('If that address belongs to a team member, a sign-in link is on its way.');
    expect(asked).toEqual([{ email: 'nobody@shop.example' }]);
  });

  test('single sign-on refused and a used-up sign-in link are said in words, and leave the address', async () => {
    const sso = await open('/dashboard#sso-error=not-invited');
    await expect.poll(() => sso.page.getByRole('alert').textContent()).toBe('Your e-mail address is not on this team. Ask an owner to invite you.');
    expect(sso.page.url()).toBe(`${b.demo.base}/dashboard`);

    const link = await open('/dashboard#signin=not-a-real-code-not-a-real-code-not-a-real');
    await link.page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
    expect(link.page.url()).toBe(`${b.demo.base}/dashboard`);
    await link.page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => link.page.getByRole('alert').textContent()).toBe('This sign-in link has expired or was already used. Ask for a new one below.');
    await link.page.getByLabel('Admin token').waitFor();
  });
});

describe('roles', () => {
  test('a viewer joins without a passkey and sees the figures only: no Comments, Export, Follow-up or People', async () => {
    const { page, refused } = await join(viewer, 'viewer', 'Vera');
    await page.getByRole('region', { name: 'NPS', exact: true }).locator('.big').waitFor();
    expect(await navLinks(page, 'Views')).toEqual(['Overview', 'Segments', 'Product life', 'What customers say']);
    expect(await navLinks(page, 'Asking')).toEqual(['Channels']);
    expect(await page.getByRole('navigation', { name: 'Closed loop' }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Team' }).count()).toBe(0);
    // Channels: the figures, not the deliveries; What customers say: no comments to check.
    await page.getByRole('link', { name: 'Channels' }).click();
    await page.getByRole('heading', { name: 'Invitations' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Deliveries' }).count()).toBe(0);
    await page.getByRole('link', { name: 'What customers say' }).click();
    await page.getByRole('heading', { name: 'Rising' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Check these' }).count()).toBe(0);
    // A bookmark of a view the role may not use lands on its home view instead.
    await page.goto(`${b.demo.base}/dashboard?view=comments`);
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe(null);
    await page.getByRole('region', { name: 'NPS', exact: true }).locator('.big').waitFor();
    expect(refused).toEqual([]);
    // The collector refuses it anyway.
    expect(await page.evaluate(() => fetch('/v1/responses').then((r) => r.status))).toBe(403);
  });

  test('an agent joins and lands on My cases, with only the case given to them; axe-core finds nothing', async () => {
    const { page, refused } = await join(agent, 'agent', 'Kai');
    await expect.poll(() => new URL(page.url()).searchParams.get('view')).toBe('mycases');
    await page.getByRole('heading', { name: 'My cases' }).waitFor();
    const rows = page.getByRole('list', { name: 'Cases, nearest deadline first' }).getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByRole('navigation', { name: 'Views' }).count()).toBe(0);
    expect(await navLinks(page, 'Closed loop')).toEqual(['My cases', 'My scorecard']);
    // The case opens beside the queue. The owner field names the agent; the choices are the team's people and teams.
    await rows.first().getByRole('link').click();
    const card = page.getByRole('region', { name: /^Case answered / });
    const owner = card.getByLabel('Owner');
    await expect.poll(() => owner.inputValue()).toBe(`person:${agent.person.id}`);
    expect(await owner.locator('option:checked').textContent()).toBe('Kai (North)');
    expect(await axeViolations(page)).toEqual([]);
    // A note is written by whoever is signed in.
    await card.getByLabel('Add a note').fill('Called the customer.');
    await card.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => card.getByRole('status').textContent()).toBe('Saved.');
    const saved = await asOwner<{ notes: Array<{ author: string; text: string }> }>('GET', `/v1/cases/${given}`);
    expect(saved.body.notes.at(-1)).toMatchObject({ text: 'Called the customer.', author: AGENT });
    expect(refused).toEqual([]);
  });
});

describe('the People view', () => {
  test('an owner invites someone with the keyboard alone; the link is shown to copy; axe-core finds nothing', async () => {
    const { page, w, refused } = await open(`/dashboard?view=people#token=${b.demo.token}`);
    const table = page.getByRole('table', { name: 'People on the team' });
    await table.getByRole('combobox', { name: `Role of ${VIEWER}` }).waitFor();
    expect(await table.getByRole('combobox', { name: `Role of ${AGENT}` }).inputValue()).toBe('agent');
    expect(await navLinks(page, 'Team')).toEqual(['People', 'Follow-up settings']);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('E-mail', { exact: true }).focus();
    await page.keyboard.type('omar@shop.example');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Omar');
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowUp'); // viewer → agent
    await page.keyboard.press('Tab');
    await page.keyboard.type('North');
    await page.keyboard.press('Tab');
    await page.keyboard.type('store');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Berlin, Munich');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Invite');
    await page.keyboard.press('Enter');
    // The link was not e-mailed (no SMTP): its field takes the focus, to be copied.
    const link = page.getByLabel('Invitation link');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('invitation-link');
    expect(await link.inputValue()).toMatch(new RegExp(`^${b.demo.base}/dashboard/#join=[\\w-]{43}$`));
    const people = (await asOwner<{ people: Array<{ email: string; name: string; role: string; team: string | null; limit: unknown }> }>('GET', '/v1/people')).body.people;
    expect(people.find((p) => p.email === 'omar@shop.example')).toMatchObject({ name: 'Omar', role: 'agent', team: 'North', limit: { key: 'store', values: ['Berlin', 'Munich'] } });
    await table.getByRole('combobox', { name: 'Role of omar@shop.example' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Omar joins with the link: an agent limited to two stores, told so on every view.
    const omar = await open(new URL(await link.inputValue()).pathname + new URL(await link.inputValue()).hash);
    await omar.page.getByRole('button', { name: 'Continue without a passkey' }).click();
    await expect.poll(() => omar.page.getByText('Signed in as Omar (agent)').isVisible()).toBe(true);
    await expect.poll(() => omar.page.getByText('You see only store = Berlin, Munich.').isVisible()).toBe(true);
    await omar.page.getByRole('heading', { name: 'My cases' }).waitFor();
    expect(omar.refused).toEqual([]);

    // An API key: its secret once, then revoked from its row.
    await page.getByLabel('Key name').fill('Shop server');
    await page.getByRole('checkbox', { name: 'responses:read' }).check();
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = await page.getByLabel('New key (shown once)').inputValue();
    expect(secret).toMatch(/^ak_/);
    const withKey = () => fetch(`${b.demo.base}/v1/summary`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.status);
    expect(await withKey()).toBe(200);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke Shop server' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Revoke Shop server' }).count()).toBe(0);
    expect(await withKey()).toBe(401);
    expect(refused).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
    expect(w.errors).toEqual([]);
  });
});

test('accessible: axe-core finds nothing on the sign-in page, People and My account (light, dark, 360 px, Chinese), nothing scrolls sideways', async () => {
  const found: Record<string, unknown> = {};
  const looks: Array<readonly [string, BrowserContextOptions]> = [...LOOKS, ['zh-CN', {}]];
  for (const [mode, options] of looks) {
    const lang = mode === 'zh-CN' ? 'lang=zh-CN' : '';
    const width = options.viewport?.width ?? 1200;
    const check = async (page: Page, name: string) => {
      found[`${name} ${mode}`] = await axeViolations(page);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at ${mode}`).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `test-output/dashboard/team-${name}-${mode.replace(' ', '')}.png`, fullPage: true });
    };
    const out = await open(`/dashboard?${lang}`, options);
    await out.page.locator('#token').waitFor();
    await check(out.page, 'signin');
    const { page, w, refused } = await open(`/dashboard?view=people&${lang}#token=${b.demo.token}`, options);
    await page.locator('tbody select').first().waitFor();
    // A person's team and limit form open in the row below theirs.
    await page.locator('tbody button[aria-expanded]').first().click();
    await page.locator('tbody form').first().waitFor();
    await check(page, 'people');
    await page.locator('header a[href*="view=account"]').click();
    await page.locator('#sessions-h ~ .scroll tbody tr').first().waitFor();
    await check(page, 'account');
    expect(refused).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(await cspViolations(page)).toEqual([]);
  }
  expect(Object.entries(found).filter(([, v]) => (v as unknown[]).length)).toEqual([]);
});
