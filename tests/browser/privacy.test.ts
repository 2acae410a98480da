// Privacy by design (issue 13) in real Chromium against the real collector on SQLite: consent
// `pending` stores nothing but the answer, `denied` erases what was queued offline and sends only the
// forget request, forget() erases here and at the collector (a forged token erases nothing), and
// axe-core on the privacy link and the "Delete my answer" offer.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DAY, launch, outbox, startDemo, waitFor, watch, type Demo, settled } from './harness.ts';

const SECRET = 'merchant-delivery-secret-for-chromium-0123456789';
const sign = (claims: Record<string, string>, secret = SECRET) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().sign(new TextEncoder().encode(secret));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The Aftercare database's keys, read without creating it (an empty list when it does not exist). */
const idbKeys = (page: Page) =>
  page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'aftercare')) return [];
    return new Promise<string[]>((resolve, reject) => {
      const req = indexedDB.open('aftercare');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const db = req.result;
        const get = db.transaction('kv').objectStore('kv').getAllKeys();
        get.onsuccess = () => (db.close(), resolve(get.result.map(String)));
      };
    });
  });
const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

/** Answers the corner card's CSAT with 5 and waits for the thank-you. */
async function answer(page: Page) {
  await page.getByRole('dialog', { name: 'How satisfied are you with our service?' }).waitFor();
  await page.getByRole('radio', { name: '5 Very satisfied' }).click();
  await page.getByRole('button', { name: 'Send' }).click();
  await expect.poll(() => page.getByRole('status').textContent()).toBe('Thank you for your feedback!');
}

async function axe(page: Page): Promise<Array<{ id: string; nodes: number }>> {
  await settled(page);
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    (window as unknown as { axe: { run: (c: Document, o: object) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }> } }).axe.run(document, { resultTypes: ['violations'] }),
  );
  return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.length }));
}

describe('privacy by design (consent, forget, notice)', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemo([], { AFTERCARE_DELIVERY_SECRET: SECRET });
  });
  afterAll(() => demo?.stop());

  const deliveredAt = new Date(Date.now() - 4 * DAY).toISOString();
  /** The shop's page for `order` (4 days after delivery: its survey is due), signed, with extra tag attributes. */
  const url = async (path: string, order: string, attrs: Record<string, string> = {}) => {
    const token = await sign({ sub: order, dat: deliveredAt, cid: 'c-7' });
    const q = new URLSearchParams({ order, deliveredAt, customer: 'c-7', 'data-delivery-token': token, ...attrs });
    return { href: `${demo.base}${path}?${q}`, token };
  };
  const rowsOf = (order: string) => demo.rows().filter((r) => r.delivery_id === order);

  test('pending: an order page stores nothing; the due survey shows, only its answer is stored and sent once; consent("granted") then writes the delivery', async () => {
    const { context, close } = await launch();
    try {
      const p = await context.newPage();
      const w = watch(p);
      const order = `pending-${Date.now().toString(36)}`;
      await p.goto((await url('/order', order, { 'data-consent': 'pending', daysAgo: '0' })).href.replace(/deliveredAt=[^&]+&/, ''));
      await p.waitForFunction(() => window.Aftercare?.consentStatus === 'pending');
      await p.waitForTimeout(500);
      expect(await databases(p)).toEqual([]);

      await p.goto((await url('/', order, { 'data-consent': 'pending' })).href);
      await answer(p);
      await waitFor(() => rowsOf(order), (r) => r.length > 0, 10_000, 'the answer at the collector');
      // Only the outbox (o:) is in IndexedDB; once the collector's 2xx is in, it is empty.
      expect((await idbKeys(p)).filter((k) => !k.startsWith('o:'))).toEqual([]);
      await waitFor(() => outbox(p), (o) => o.pending === 0, 10_000, 'the outbox to empty');
      expect((await idbKeys(p)).filter((k) => !k.startsWith('o:'))).toEqual([]);
      await p.waitForTimeout(500);
      expect(rowsOf(order).length).toBe(1);

      await p.evaluate(() => window.Aftercare!.consent('granted'));
      expect(await p.evaluate(() => window.Aftercare!.consentStatus)).toBe('granted');
      expect(await idbKeys(p)).toContain(`d:${order}`);
      expect(w.errors).toEqual([]);
    } finally {
      await close();
    }
  });

  test('denied after answers were queued offline: IndexedDB is emptied, no survey, and the only request to the collector is POST /v1/forget', async () => {
    const { context, close } = await launch();
    try {
      const order = `denied-${Date.now().toString(36)}`;
      const first = await context.newPage();
      const { href, token } = await url('/', order);
      await first.goto(href);
      await first.getByRole('dialog').waitFor();
      await context.setOffline(true);
      await answer(first);
      expect(await outbox(first)).toMatchObject({ pending: 1 });
      // Closed while offline: neither the unload beacon nor an `online` flush can send the answer.
      await first.close();
      await context.setOffline(false);

      const p = await context.newPage();
      const requests: Array<{ method: string; path: string; body: string | null }> = [];
      p.on('request', (r) => {
        const path = new URL(r.url()).pathname;
        if (path.startsWith('/v1/')) requests.push({ method: r.method(), path, body: r.postData() });
      });
      await p.addInitScript(() =>
        document.addEventListener('aftercare:ready', (e) => (e as CustomEvent).detail.on('consent', (c: unknown) => ((window as unknown as { __consent: unknown }).__consent = c))),
      );
      await p.goto((await url('/', `${order}-next`, { 'data-consent': 'denied' })).href);
      await p.waitForFunction(() => (window as unknown as { __consent?: unknown }).__consent);
      const event = (await p.evaluate(() => (window as unknown as { __consent: unknown }).__consent)) as { consent: string; forgotten: { deleted: { pending: number }; tokens: number; collector: { status: string } } };
      expect(event).toMatchObject({ consent: 'denied', forgotten: { deleted: { pending: 1 }, tokens: 1, collector: { status: 'confirmed' } } });
      await waitFor(() => databases(p), (d) => d.length === 0, 5_000, 'the database to go');
      await p.waitForTimeout(1_000);
      expect(await p.getByRole('dialog').count()).toBe(0);
      expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/forget']);
      expect(JSON.parse(requests[0]!.body!)).toEqual({ tokens: [token] });
      expect(rowsOf(order)).toEqual([]);
      expect(await databases(p)).toEqual([]);
    } finally {
      await close();
    }
  });

  test('forget() with a token: local data and the collector\'s rows for the delivery are gone, confirmed; a forged token erases nothing', async () => {
    const { context, close } = await launch();
    let closeSecond: () => Promise<unknown> = async () => undefined;
    try {
      const p = await context.newPage();
      const kept = `kept-${Date.now().toString(36)}`;
      await p.goto((await url('/', kept)).href);
      await answer(p);
      await waitFor(() => rowsOf(kept), (r) => r.length > 0, 10_000, 'the kept answer');
      await close();

      // A forged token for the stored delivery: listed as invalid, nothing erased.
      const forged = await sign({ sub: kept, dat: deliveredAt, cid: 'c-7' }, 'an-attacker-guessing-the-secret-0123456789');
      const res = await fetch(`${demo.base}/v1/forget`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tokens: [forged] }) });
      const body = (await res.json()) as { erased: Record<string, number>; results: Array<{ index: number; status: string; error?: string }> };
      expect(body.results).toEqual([{ index: 0, status: 'invalid', error: expect.any(String) }]);
      expect(Object.values(body.erased).every((n) => n === 0)).toBe(true);
      expect(rowsOf(kept).length).toBe(1);

      // A fresh profile: this one's cooldown would hold the next survey back.
      const second = await launch();
      closeSecond = second.close;
      const q = await second.context.newPage();
      const order = `forget-${Date.now().toString(36)}`;
      await q.goto((await url('/', order)).href);
      await answer(q);
      await waitFor(() => rowsOf(order), (r) => r.length > 0, 10_000, 'the answer');
      const result = (await q.evaluate(() => window.Aftercare!.forget())) as unknown as {
        deleted: { deliveries: number };
        tokens: number;
        collector: { status: string; erased: { responses: number }; results: Array<{ status: string; deliveryId?: string }> };
      };
      expect(result.deleted.deliveries).toBeGreaterThanOrEqual(1);
      expect(result.collector.status).toBe('confirmed');
      expect(result.collector.erased.responses).toBeGreaterThanOrEqual(1);
      expect(result.collector.results.every((r) => r.status === 'erased')).toBe(true);
      expect(await databases(q)).toEqual([]);
      expect(rowsOf(order)).toEqual([]);
      expect(rowsOf(kept).length).toBe(1);
    } finally {
      await close().catch(() => undefined);
      await closeSecond();
    }
  });

  test('axe-core: 0 violations on the survey with data-privacy-url and on the thank-you step with data-forget="offer"; "Delete my answer" works', async () => {
    const { context, close } = await launch();
    try {
      const p = await context.newPage();
      const w = watch(p);
      const order = `notice-${Date.now().toString(36)}`;
      await p.goto((await url('/', order, { 'data-privacy-url': '/help', 'data-forget': 'offer' })).href);
      await p.getByRole('dialog').waitFor();
      const link = p.getByRole('link', { name: 'How we use your answer' });
      expect(await link.getAttribute('href')).toBe(`${demo.base}/help`);
      expect(await axe(p)).toEqual([]);
      await answer(p);
      await waitFor(() => rowsOf(order), (r) => r.length > 0, 10_000, 'the answer');
      const del = p.getByRole('button', { name: 'Delete my answer' });
      await del.waitFor();
      expect(await axe(p)).toEqual([]);
      await del.click();
      await expect.poll(() => p.getByRole('status').textContent()).toBe('Your answer was deleted.');
      expect(rowsOf(order)).toEqual([]);
      expect(await databases(p)).toEqual([]);
      expect(await axe(p)).toEqual([]);
      expect(w.errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
