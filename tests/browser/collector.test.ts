// The collector service end to end in real Chromium: signed deliveries from data-delivery-token, the
// rate limit's 429 and the widget's recovery, and every body the widget sends checked against the
// published JSON Schema by an independent validator (Ajv).
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { SignJWT } from 'jose';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cspViolations, DAY, launch, outbox, startDemo, waitFor, watch, type Demo } from './harness.ts';

const SECRET = 'merchant-delivery-secret-for-chromium-0123456789';
const key = new TextEncoder().encode(SECRET);
const sign = (claims: Record<string, string>, { exp, secret = key }: { exp?: number; secret?: Uint8Array } = {}) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (exp !== undefined) jwt.setExpirationTime(exp);
  return jwt.sign(secret);
};

const schema = JSON.parse(readFileSync(new URL('../../dist/protocol-v1.schema.json', import.meta.url), 'utf8'));
// Ajv's defaults (strict mode would refuse the schema's "csat or nps" anyOf); formats are checked by
// the patterns zod writes next to them.
const validate = new Ajv2020({ validateFormats: false }).compile(schema);

/** Every body the page POSTs to the collector, parsed. */
function bodiesOf(page: Page): unknown[] {
  const bodies: unknown[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/v1/responses') bodies.push(JSON.parse(r.postData() ?? 'null'));
  });
  return bodies;
}

/** Answers the corner card's CSAT with 5 and a comment, and waits for the thank-you. */
async function answer(page: Page, comment = 'Signed and sealed') {
  await page.getByRole('dialog', { name: 'How satisfied are you with our service?' }).waitFor();
  await page.getByRole('radio', { name: '5 Very satisfied' }).click();
  await page.getByRole('textbox', { name: 'Great! What did we do well? (optional)' }).fill(comment);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => page.getByRole('status').textContent()).toBe('Thank you for your feedback!');
}

describe('signed deliveries (AFTERCARE_DELIVERY_SECRET set)', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo([], { AFTERCARE_DELIVERY_SECRET: SECRET });
  });
  afterAll(() => demo?.stop());

  const deliveredAt = new Date(Date.now() - 4 * DAY).toISOString();
  const page = (order: string, token?: string, customer = 'c-42') =>
    `${demo.base}/?order=${order}&deliveredAt=${deliveredAt}&customer=${customer}${token ? `&data-delivery-token=${encodeURIComponent(token)}` : ''}`;

  test('a valid token on the tag: the answer and its display are stored, marked signed; every body matches the JSON Schema', async () => {
    const { context, close } = await launch();
    try {
      const p = await context.newPage();
      const w = watch(p);
      const bodies = bodiesOf(p);
      const token = await sign({ sub: 'signed-ok', dat: deliveredAt, cid: 'c-42' }, { exp: Math.floor(Date.now() / 1000) + 30 * 86_400 });
      await p.goto(page('signed-ok', token));
      await answer(p);
      const rows = await waitFor(demo.rows, (r) => r.some((x) => x.delivery_id === 'signed-ok' && x.revision === 2), 10_000, 'the signed answer');
      expect(rows.find((x) => x.delivery_id === 'signed-ok')).toMatchObject({ csat: 5, comment: 'Signed and sealed', signed: 1 });
      await p.goto(`${demo.base}/help`); // the display ends; its record goes out
      const displays = await waitFor(demo.displays, (d) => d.some((x) => x.delivery_id === 'signed-ok'), 10_000, 'the signed display');
      expect(displays.find((x) => x.delivery_id === 'signed-ok')).toMatchObject({ outcome: 'answered', signed: 1 });
      expect(w.errors).toEqual([]);
      // What the real widget sent, checked by an independent validator against the published schema.
      expect(bodies.length).toBeGreaterThanOrEqual(2);
      for (const b of bodies) {
        expect(validate(b), JSON.stringify(validate.errors)).toBe(true);
        for (const r of [...((b as { responses?: unknown[] }).responses ?? []), ...((b as { displays?: unknown[] }).displays ?? [])]) {
          expect(r).toMatchObject({ deliveryToken: token });
        }
      }
      expect(bodies.some((b) => (b as { displays?: unknown[] }).displays?.length)).toBe(true);
    } finally {
      await close();
    }
  });

  const future = Math.floor(Date.now() / 1000) + 86_400;
  const refused: Array<[string, (order: string) => Promise<string | undefined>, string]> = [
    ['missing', async () => undefined, 'missing; this collector accepts only signed deliveries (data-delivery-token on the tag)'],
    ['forged with another secret', (o) => sign({ sub: o, dat: deliveredAt, cid: 'c-42' }, { secret: new TextEncoder().encode('an-attacker-guessing-the-secret-0123456789') }), 'signature does not verify with AFTERCARE_DELIVERY_SECRET'],
    ['expired', (o) => sign({ sub: o, dat: deliveredAt, cid: 'c-42' }, { exp: Math.floor(Date.now() / 1000) - 60 }), 'expired (exp is in the past); the merchant makes a new token'],
    ['another delivery (sub)', () => sign({ sub: 'someone-elses-order', dat: deliveredAt, cid: 'c-42' }, { exp: future }), 'sub does not match deliveryId'],
    ['another date (dat)', (o) => sign({ sub: o, dat: new Date(Date.parse(deliveredAt) - DAY).toISOString(), cid: 'c-42' }), 'dat does not match deliveredAt'],
    ['another customer (cid)', (o) => sign({ sub: o, dat: deliveredAt, cid: 'c-other' }), 'cid does not match customerId'],
  ];
  test.each(refused)('%s token: the collector stores nothing, the widget sets the answer aside with the reason', async (name, make, reason) => {
    const order = `signed-bad-${refused.findIndex(([n]) => n === name)}`;
    const token = await make(order);
    const { context, close } = await launch();
    try {
      const p = await context.newPage();
      await p.goto(page(order, token));
      await p.getByRole('dialog', { name: 'How satisfied are you with our service?' }).waitFor();
      await p.waitForFunction(() => typeof window.Aftercare?.on === 'function');
      await p.evaluate(() => {
        (window as unknown as { __failed: string[] }).__failed = [];
        window.Aftercare!.on('failed', (e: { error?: string; reason?: string }) => (window as unknown as { __failed: string[] }).__failed.push(JSON.stringify(e)));
      });
      await answer(p, 'should not be stored');
      const o = await waitFor(() => outbox(p), (x) => x.setAside >= 1 && x.pending === 0, 15_000, 'the answer set aside');
      expect(o.setAside).toBeGreaterThanOrEqual(1);
      const failed = await p.evaluate(() => (window as unknown as { __failed: string[] }).__failed.join('\n'));
      expect(failed).toContain(`deliveryToken: ${reason}`);
      expect(demo.rows().filter((r) => r.delivery_id === order)).toEqual([]);
    } finally {
      await close();
    }
  });
});

test('dashboard: no data before sign-in, a wrong token refused, the right one shows the figures; strict CSP, no violations', async () => {
  const demo = await startDemo();
  const { context, close } = await launch();
  try {
    const p = await context.newPage();
    const w = watch(p);
    const dashboardRequests: number[] = [];
    p.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/v1/')) dashboardRequests.push(r.status());
    });
    await p.goto(`${demo.base}/dashboard`);
    await p.getByLabel('Admin token').waitFor();
    expect(dashboardRequests).toEqual([]); // nothing asked without a session
    await p.getByLabel('Admin token').fill('not-the-token-but-long-enough-000');
    await p.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect.poll(() => p.getByRole('alert').textContent()).toBe('That token is not valid.');
    expect(await p.getByRole('navigation', { name: 'Views' }).count()).toBe(0);
    expect(dashboardRequests).toEqual([]);
    await p.getByLabel('Admin token').fill(demo.token);
    await p.getByRole('button', { name: 'Sign in', exact: true }).click();
    // An empty database: the figures are there, with nothing to show yet.
    await expect.poll(() => p.getByRole('region', { name: 'NPS', exact: true }).locator('.big').textContent()).toBe('—');
    expect(dashboardRequests.length).toBeGreaterThan(0);
    expect(dashboardRequests.every((s) => s === 200)).toBe(true);
    // The session is an HttpOnly cookie; the page keeps nothing. Signing out ends it.
    expect((await context.cookies()).map((c) => [c.name, c.httpOnly])).toEqual([['aftercare_session', true]]);
    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.getByLabel('Admin token').waitFor();
    expect(await p.evaluate(() => [sessionStorage.length, localStorage.length])).toEqual([0, 0]);
    expect(await context.cookies()).toEqual([]);
    expect(w.errors.filter((e) => !e.includes('401'))).toEqual([]);
    expect(await cspViolations(p)).toEqual([]);
  } finally {
    await close();
    await demo.stop();
  }
});

describe('rate limit', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo(['--test-hooks'], { AFTERCARE_RATE_LIMIT: '1' });
  });
  afterAll(() => demo?.stop());

  test('429 with Retry-After: the widget waits it out and delivers once the window passes (clock), nothing lost', async () => {
    const { context, close } = await launch();
    try {
      const p = await context.newPage();
      const bodies = bodiesOf(p);
      const statuses: Array<{ status: number; retryAfter: string | null }> = [];
      p.on('response', (r) => {
        if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/responses') statuses.push({ status: r.status(), retryAfter: r.headers()['retry-after'] ?? null });
      });
      // The page's clock is under the test's control from the start (the SDK reads Date.now as it loads).
      let clock = Date.now();
      await p.clock.setSystemTime(clock);
      await p.goto(`${demo.base}/?order=limited-1&deliveredAt=${new Date(Date.now() - 4 * DAY).toISOString()}`);
      await answer(p, 'after the limit');
      // The score went out (the minute's one request); the comment met the limit.
      await waitFor(() => statuses, (s) => s.some((x) => x.status === 429), 10_000, 'a 429');
      const limited = statuses.find((x) => x.status === 429)!;
      expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);
      expect((await outbox(p)).pending).toBe(1);
      expect(demo.rows().find((r) => r.delivery_id === 'limited-1')?.revision).toBe(1);
      // The window passes, on both sides: the collector's minute (test hook) and the page's clock; then
      // the widget's next attempt (an explicit flush stands in for its timer) goes through.
      const rows = await waitFor(
        async () => {
          await fetch(`${demo.base}/__test/reset-limits`, { method: 'POST' });
          await p.clock.setSystemTime((clock += 61_000));
          await p.evaluate(() => window.Aftercare!.flush());
          return demo.rows();
        },
        (r) => r.find((x) => x.delivery_id === 'limited-1')?.revision === 2,
        15_000,
        'the comment delivered',
      );
      expect(rows.filter((r) => r.delivery_id === 'limited-1')).toHaveLength(1);
      expect(rows.find((r) => r.delivery_id === 'limited-1')).toMatchObject({ comment: 'after the limit', complete: 1 });
      expect((await outbox(p)).pending).toBe(0);
      const summary = await demo.api<{ collector: { rateLimited: number } }>('/v1/summary');
      expect(summary.collector.rateLimited).toBeGreaterThanOrEqual(1);
      // Unsigned bodies, retries included, match the published schema too.
      await p.goto(`${demo.base}/help`);
      await waitFor(
        async () => {
          await fetch(`${demo.base}/__test/reset-limits`, { method: 'POST' });
          await p.clock.setSystemTime((clock += 61_000));
          await p.evaluate(() => window.Aftercare!.flush());
          return demo.displays();
        },
        (d) => d.some((x) => x.delivery_id === 'limited-1'),
        15_000,
        'the display',
      );
      expect(bodies.length).toBeGreaterThanOrEqual(3);
      for (const b of bodies) expect(validate(b), JSON.stringify(validate.errors)).toBe(true);
    } finally {
      await close();
    }
  });
});
