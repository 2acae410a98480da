// Storage faults real browsers produce, on every kind of page, against dist/ and the real collector:
// the stand-in appears, nothing is thrown into the page, the SDK's calls resolve, a due survey shows,
// the answer arrives, and one `error` event names the cause (issue 15). Then the order page left at
// its load event: the loader records the tag's delivery itself, with aftercare.js alone.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { catchErrors, DAY, reported, scriptsOf, sharedBrowser, waitFor, watch } from './harness.ts';

const env = sharedBrowser();

/** Init scripts that break IndexedDB the way browsers do, and the words the `error` event must carry. */
const FAULTS: Array<[string, () => void, string]> = [
  [
    'the indexedDB getter throws',
    // Sandboxed iframes without allow-same-origin, Firefox with site data blocked: the property access itself throws.
    () =>
      Object.defineProperty(window, 'indexedDB', {
        configurable: true,
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      }),
    'SecurityError',
  ],
  // Safari's first open that never answers: a request whose events never fire.
  ['open() never answers', () => (IDBFactory.prototype.open = () => ({}) as IDBOpenDBRequest), 'did not answer within 3000 ms'],
  [
    'open() fails',
    () =>
      (IDBFactory.prototype.open = () => {
        const req = { error: new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError'), readyState: 'done' } as unknown as IDBOpenDBRequest;
        setTimeout(() => req.onerror?.(new Event('error', { cancelable: true })));
        return req;
      }),
    'UnknownError',
  ],
  [
    'quota exceeded on write',
    () => {
      IDBObjectStore.prototype.put = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    },
    'IndexedDB write failed (QuotaExceededError)',
  ],
];

/** The three kinds of page: nothing to do, an order page (its delivery on the tag, not due yet), a due survey. */
const PAGES: Array<[string, (id: string) => string]> = [
  ['a page with nothing to do', () => '/help'],
  ['a delivery on the tag not yet due', (id) => `/order?order=${id}`],
  ['a due survey', (id) => `/?order=${id}`],
];

const rowFor = (id: string) => env.demo.rows().find((r) => r.delivery_id === id);

describe.each(FAULTS)('%s', (fault, breakIt, cause) => {
  test.each(PAGES)('on %s: stand-in, no exception, calls resolve, the answer arrives, the cause is reported', async (kind, path) => {
    const id = `sf-${fault}-${kind}`.replace(/\W+/g, '-');
    const page = await (await env.context()).newPage();
    const { errors } = watch(page);
    await page.addInitScript(breakIt);
    await catchErrors(page);
    const t0 = Date.now();
    await page.goto(`${env.demo.base}${path(id)}`);
    await page.waitForFunction(() => window.Aftercare, null, { timeout: 5_000 });
    const appeared = Date.now() - t0;

    if (kind === 'a due survey') {
      await page.getByRole('radio', { name: '4 Satisfied' }).click({ timeout: 10_000 });
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByText('Thank you for your feedback!').waitFor();
    } else {
      // SDK calls through the stand-in: record a delivery in its window, see it due, answer it.
      const r = await page.evaluate(async (id) => {
        const a = window.Aftercare!;
        await a.recordDelivery({ id, deliveredAt: new Date(Date.now() - 4 * 86_400_000).toISOString() });
        const due = (await a.due()).map((d) => d.id);
        const answered = await a.answer({ deliveryId: id, csat: 4 });
        const flushed = await a.flush();
        return { due, revision: answered.revision, flushed: flushed.pending };
      }, `${id}-sdk`);
      expect(r).toMatchObject({ due: [`${id}-sdk`], revision: 1 });
      if (kind === 'a delivery on the tag not yet due') {
        // The tag's own delivery was recorded too (in memory, where IndexedDB failed).
        expect(await page.evaluate((id) => window.Aftercare!.delivery(id).then((d) => d?.history.map((h) => h.type)), id)).toEqual(['recorded']);
      }
    }
    const answeredId = kind === 'a due survey' ? id : `${id}-sdk`;
    await waitFor(() => rowFor(answeredId), (r) => r?.complete === 1, 15_000, 'the answer at the collector');
    expect(await page.evaluate(() => window.Aftercare!.storage)).toBe('memory');
    const reasons = await waitFor(() => reported(page), (r) => r.length > 0, 5_000, 'the error event');
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain(cause);
    expect(errors).toEqual([]);
    expect(appeared).toBeLessThan(5_000);
    console.log(`${fault} × ${kind}: window.Aftercare after ${appeared} ms; error event: ${reasons[0]}`);
    await page.close();
  });
});

describe('the quiet page whose storage never answers', () => {
  test('the stand-in is on window.Aftercare by the load event, before the 3 s are up', async () => {
    const page = await (await env.context()).newPage();
    await page.addInitScript(FAULTS[1]![1]);
    await page.goto(`${env.demo.base}/help`, { waitUntil: 'load' });
    expect(await page.evaluate(() => typeof window.Aftercare?.on)).toBe('function');
    await page.close();
  });
});

/** The delivery records IndexedDB holds, read with the raw API (no SDK on the page). */
const rawDeliveries = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const req = indexedDB.open('aftercare');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const all = req.result.transaction('kv').objectStore('kv').getAll(IDBKeyRange.bound('d:', 'd:\uffff'));
          all.onsuccess = () => (resolve(all.result), req.result.close());
        };
      }),
  );

describe('order pages: the loader records the tag\'s delivery itself', () => {
  test('the first view of an order page downloads aftercare.js alone, and stores the record the SDK would have written', async () => {
    const page = await (await env.context()).newPage();
    const { errors } = watch(page);
    // Every request but the page and its own stylesheet: the loader holds the load event with
    // images that must not fetch anything.
    const requests: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (r.resourceType() !== 'document' && path !== '/shop.css') requests.push(`${r.resourceType()} ${path}`);
    });
    await page.goto(`${env.demo.base}/order?order=first-view&customer=c-first&survey=csat%20nps`);
    await page.evaluate(() => window.Aftercare!.ready);
    await page.waitForTimeout(300);
    expect(requests).toEqual(['script /aftercare.js']);
    const [raw] = (await rawDeliveries(page)) as Array<Record<string, unknown>>;
    expect(raw).toMatchObject({ id: 'first-view', customerId: 'c-first', surveys: ['csat', 'nps'], prompts: 0, history: [{ type: 'recorded' }] });
    expect(typeof raw!.sample).toBe('number');
    // The SDK reads it as its own (this call fetches the SDK).
    expect(await page.evaluate(() => window.Aftercare!.delivery('first-view'))).toEqual(raw);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('an invalid delivery on the tag still goes to the SDK for its error message, and nothing is recorded', async () => {
    const page = await (await env.context()).newPage();
    const { errors } = watch(page);
    const scripts = scriptsOf(page);
    await page.goto(`${env.demo.base}/order?order=bad-date&deliveredAt=2026-02-30T10:00:00Z`);
    await waitFor(() => errors, (e) => e.length > 0, 5_000, 'the console error');
    expect(errors).toEqual(['[aftercare] data-delivered-at: expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z']);
    expect(scripts).toEqual(['/aftercare.js', '/aftercare-sdk.js']);
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([]);
    await page.close();
  });

  test('three order pages in a row, each left at its load event; day 4 on a page with only data-endpoint: a survey shows, all three are due', async () => {
    const page = await (await env.context()).newPage();
    const { errors } = watch(page);
    const scripts = scriptsOf(page);
    const base = env.demo.base;
    const orders = ['row-1', 'row-2', 'row-3'].map((o) => `${base}/order?order=${o}`);
    // Each order page navigates to the next from its own load event: no pause at all.
    await page.addInitScript((orders) => {
      const i = orders.indexOf(location.href);
      if (i >= 0 && i < orders.length - 1) addEventListener('load', () => (location.href = orders[i + 1]!));
    }, orders);
    const t0 = Date.now();
    const last = page.waitForEvent('load', { predicate: (p) => p.url() === orders[2], timeout: 15_000 });
    await page.goto(orders[0]!, { waitUntil: 'commit' });
    await last;
    await page.clock.setSystemTime(t0 + 4 * DAY);
    await page.goto(`${base}/help`);
    await page.getByRole('dialog').waitFor();
    const due = await page.evaluate(async () => (await window.Aftercare!.due()).map((d) => d.id));
    expect(due.sort()).toEqual(['row-1', 'row-2', 'row-3']);
    // Each order page downloaded the loader alone; /help (a survey due) the SDK and the UI.
    expect(scripts.filter((s) => s === '/aftercare-sdk.js')).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
