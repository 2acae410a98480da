import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, startDemoServer } from '../../scripts/lab.mjs';


export type Demo = Awaited<ReturnType<typeof startDemo>>;

/**
 * The demo servers running (all with --test-hooks; a test file runs one at a time): a page's simulated
 * clock moves theirs along, so an answer given "four days later" is not in the collector's future (it
 * refuses times past its clock plus 5 minutes). The collector's clock moves first: a page timer that
 * fires in between then posts times in the collector's past, which it accepts.
 */
const demoClocks = new Set<string>();
async function followClock(at: number): Promise<void> {
  for (const base of demoClocks) await fetch(`${base}/__test/clock`, { method: 'POST', body: JSON.stringify({ at }) });
}
const followed = new WeakSet<Page>();
function followPage(page: Page): Page {
  if (followed.has(page)) return page;
  followed.add(page);
  const clock = page.clock;
  const set = clock.setSystemTime.bind(clock);
  clock.setSystemTime = async (time) => {
    await followClock(typeof time === 'number' ? time : new Date(time).getTime());
    await set(time);
  };
  return page;
}
/**
 * Every page of `context` moves the demo collectors' clocks with its own `setSystemTime` (a later
 * call sets the collector's clock again, replacing what a test set with /__test/clock).
 */
async function simulatedDays(context: BrowserContext): Promise<BrowserContext> {
  for (const p of context.pages()) followPage(p);
  context.on('page', followPage);
  const newPage = context.newPage.bind(context);
  context.newPage = async () => followPage(await newPage());
  return context;
}

/**
 * One demo server and one Chromium for a whole test file (hooks registered here); each case opens
 * its own context, so its own empty IndexedDB: no earlier delivery, answer or cooldown. Much faster
 * than a browser per case. Contexts are closed after the file.
 */
export function sharedBrowser(extraArgs: string[] = [], env: Record<string, string> = {}): { readonly demo: Demo; context(options?: BrowserContextOptions): Promise<BrowserContext> } {
  let demo: Demo | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    demo = await startDemo(extraArgs, env);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await demo?.stop();
  });
  return {
    get demo() {
      return demo!;
    },
    async context(options) {
      const c = await browser!.newContext(options);
      contexts.push(c);
      return simulatedDays(c);
    },
  };
}

/**
 * The demo server (shop + real collector on SQLite) as a child process, on a free port and a fresh
 * database; `env` sets the collector's variables (`AFTERCARE_DELIVERY_SECRET`, `AFTERCARE_RATE_LIMIT`…).
 */
export async function startDemo(extraArgs: string[] = [], env: Record<string, string> = {}): Promise<{
  base: string;
  dbPath: string;
  proc: ChildProcess;
  /** The admin token the demo signs its dashboard in with. */
  token: string;
  /** GET a read route with the admin token; resolves with the parsed JSON (throws on a non-2xx). */
  api: <T = any>(path: string) => Promise<T>;
  rows: () => Row[];
  /** The collector's displays table, in the order they were shown. */
  displays: () => DisplayRow[];
  stop: () => Promise<void>;
  /**
   * Queues faults for the next POSTs (needs `--test-hooks`): '503', '429:30', 'drop-before', 'drop-after',
   * 'hang-before', 'hang-after'; `rate` adds random faults from `modes` (default all) to every POST.
   */
  faults: (queue: string[], rate?: number, modes?: string[]) => Promise<void>;
  /** Arrival log of POSTs that stored something (needs `--test-hooks`). */
  log: () => Promise<Array<{ ids: string[]; revisions: number[]; type: string; bytes: number; fault: string | null }>>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'aftercare-demo-'));
  const dbPath = join(dir, 'collector.db');
  const args = extraArgs.includes('--test-hooks') ? extraArgs : [...extraArgs, '--test-hooks'];
  const { base, proc, token } = await startDemoServer(['--db', dbPath, ...args], env);
  demoClocks.add(base);
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const select = <T>(sql: string) => {
    const db = new Database(dbPath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };
  const rows = () => select<Row>('SELECT * FROM responses ORDER BY answered_at');
  const displays = () => select<DisplayRow>('SELECT * FROM displays ORDER BY shown_at');
  const stop = async () => {
    demoClocks.delete(base);
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  };
  const faults = async (queue: string[], rate = 0, modes?: string[]) => {
    const res = await fetch(`${base}/__test/faults`, { method: 'POST', body: JSON.stringify({ queue, rate, modes }) });
    if (!res.ok) throw new Error(`fault hook failed: ${res.status}`);
  };
  const log = async () => ((await (await fetch(`${base}/__test/log`)).json()) as { log: [] }).log;
  return { base, dbPath, proc, token, api, rows, displays, stop, faults, log };
}

export interface DisplayRow {
  id: string;
  signed: number;
  delivery_id: string;
  outcome: string;
  later: number;
  response_id: string | null;
  /** The re-survey wave (0 for the first survey; migration 007). */
  wave: number;
  /** The channel it was shown by; null for the widget in the merchant's page (migration 009). */
  channel: string | null;
}

export interface Row {
  id: string;
  signed: number;
  revision: number;
  delivery_id: string;
  csat: number | null;
  nps: number | null;
  comment: string | null;
  complete: number;
  locale: string;
  origin: string | null;
  path: string | null;
  wave: number;
  /** The reason ids as a JSON list, or null (migration 007). */
  reasons: string | null;
  /** The channel it came by; null for the widget in the merchant's page (migration 009). */
  channel: string | null;
}

/**
 * A headless Chromium profile (its own IndexedDB), launched as docs/contributing.md describes.
 * Pass `dir` to reopen a profile; `kill()` ends the browser with SIGKILL: no pagehide, no unload, nothing.
 */
export async function launch(dir = mkdtempSync(join(tmpdir(), 'aftercare-chromium-'))): Promise<{
  context: BrowserContext;
  dir: string;
  close: () => Promise<void>;
  kill: () => Promise<void>;
}> {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  await simulatedDays(context);
  return {
    context,
    dir,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
    kill: async () => {
      spawnSync('pkill', ['-KILL', '-f', `user-data-dir=${dir}`]);
      await context.close().catch(() => undefined);
    },
  };
}

/** The paths of the scripts a page requests from now on, in order (the array fills as they come). */
export function scriptsOf(page: Page): string[] {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  return scripts;
}

/**
 * Waits for every animation and transition on the page to finish, those inside the survey's shadow
 * root included (`document.getAnimations()` does not list them): axe must not measure the contrast of
 * a card still fading in, which a busy machine can catch halfway.
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(() => {
    const roots: Array<Document | ShadowRoot> = [document];
    for (const el of document.querySelectorAll('*')) if (el.shadowRoot) roots.push(el.shadowRoot);
    return Promise.all(roots.flatMap((r) => r.getAnimations()).map((a) => a.finished.catch(() => undefined)));
  });
}

/** Collects console errors, page errors and CSP violations on a page. */
export function watch(page: Page): { errors: string[]; violations: string[] } {
  const errors: string[] = [];
  const violations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __csp: string[] }).__csp ??= [];
      (window as unknown as { __csp: string[] }).__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { errors, violations };
}

/** CSP violations seen by the page so far. */
export async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

/** The outbox as IndexedDB holds it, read through the page's SDK. */
export async function outbox(page: Page): Promise<{ pending: number; setAside: number; ids: string[] }> {
  return page.evaluate(async () => {
    const o = await window.Aftercare!.outbox();
    return { pending: o.pending.length, setAside: o.setAside.length, ids: o.pending.map((e) => e.response.id) };
  });
}

export async function waitFor<T>(fn: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await fn();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  } while (Date.now() < end);
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

export const DAY = 86_400_000;

/** Collects every `error` event's reason, from a listener added on aftercare:ready (stand-in or SDK alike). */
export const catchErrors = (page: Page) =>
  page.addInitScript(() => {
    const w = window as unknown as { __errors: string[] };
    w.__errors = [];
    document.addEventListener('aftercare:ready', (e) => (e as CustomEvent).detail.on('error', (x: { reason: string }) => w.__errors.push(x.reason)));
  });
/** The reasons `catchErrors` collected so far. */
export const reported = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __errors: string[] }).__errors);

/** The CSAT survey's dialog, named by its question (English, the default subject). */
export const csatSurvey = (page: Page) => page.getByRole('dialog', { name: 'How satisfied are you with our service?' });

/** No survey after the page settled (the test server shows due surveys at once, with no delay). */
export async function noSurvey(page: Page): Promise<void> {
  await page.waitForFunction(() => window.Aftercare);
  await page.evaluate(() => window.Aftercare!.ready);
  await page.waitForTimeout(700);
  expect(await page.locator('aftercare-survey').count()).toBe(0);
}

/**
 * Waits until IndexedDB holds `type` as the delivery's last history line. The widget closes at once
 * and writes a dismissal or snooze without holding the page, so a test that navigates straight after
 * the click could abort that write on a slow machine.
 */
export async function written(page: Page, deliveryId: string, type: string): Promise<void> {
  await expect
    .poll(() => page.evaluate(async (id) => (await window.Aftercare!.delivery(id))?.history.at(-1)?.type, deliveryId), { timeout: 10_000 })
    .toBe(type);
}
