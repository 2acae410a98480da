// What the follow-up suites share: the queue's lines and the case open beside it as a reader finds them
// (by role and name), requests as the owner, the dashboard's default period, dates as the dashboard
// writes them, and the collector's clock moved on (needs --test-hooks).
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { expect } from 'vitest';
import { DAY, watch, type Demo } from './harness.ts';

export const HOUR = 3_600_000;

/** The queue's lines, in order. */
export const rowsOf = (page: Page) => page.getByRole('list', { name: 'Cases, nearest deadline first' }).getByRole('listitem');
/** The line of one case (its link carries `case=<id>`). */
export const rowOf = (page: Page, id: string) => page.locator(`.rows li:has(a[href*="case=${id}"])`);
/** The case open beside the queue. */
export const paneOf = (page: Page) => page.getByRole('region', { name: /^Case answered / });
/** The case id of the focused line ('' when the focus is elsewhere). */
export const focusedCase = (page: Page) =>
  page.evaluate(() => new URL(document.activeElement?.getAttribute('href') ?? '', location.href).searchParams.get('case') ?? '');

/** The period the dashboard opens with in `tz`: today and the 89 days before, as query parameters. */
export function defaultPeriod(tz: string): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: tz }).format(new Date());
  return `from=${new Date(Date.parse(`${today}T00:00:00Z`) - 89 * DAY).toISOString().slice(0, 10)}&to=${today}`;
}

/** Date and time as the English dashboard writes them in `tz`. */
export const dateTimeIn = (tz: string) => (iso: string) => new Intl.DateTimeFormat('en', { timeZone: tz, dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** A request as the owner, with the admin token (a machine's credential: no cookie, no Origin). */
export async function asOwner<T = any>(demo: Demo, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${demo.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${demo.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Moves the collector's clock on by `ms`. */
export async function advanceClock(demo: Demo, ms: number): Promise<void> {
  const res = await fetch(`${demo.base}/__test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: ms }) });
  expect(res.status).toBe(200);
}

/**
 * A fresh context signed in with the admin token on `/dashboard/<query>`, with its console errors and
 * the requests the collector refused (4xx other than the signed-out 401 of GET /dashboard/session).
 */
export async function openSignedIn(b: { demo: Demo; context(o?: BrowserContextOptions): Promise<BrowserContext> }, query = '', options: BrowserContextOptions = {}) {
  const context = await b.context({ viewport: { width: 1200, height: 900 }, ...options });
  const page = await context.newPage();
  const w = watch(page);
  const refused = refusedOf(page);
  await page.goto(`${b.demo.base}/dashboard/${query}#token=${b.demo.token}`);
  return { page, w, refused };
}

/** The requests the collector refuses from now on ("403 GET /v1/…"), but the signed-out 401 of GET /dashboard/session. */
export function refusedOf(page: Page): string[] {
  const refused: string[] = [];
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (r.status() >= 400 && !(r.status() === 401 && u.pathname === '/dashboard/session')) refused.push(`${r.status()} ${r.request().method()} ${u.pathname}`);
  });
  return refused;
}

/** Console lines other than the expected 401 of GET /dashboard/session before sign-in. */
export const realErrors = (errors: string[]) => errors.filter((e) => !/status of 401/.test(e));
