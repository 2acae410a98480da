// Delivery guarantees under browser facts: killed tabs, dropped replies, several tabs, long offline
// spells with reloads, unload beacons, and IndexedDB failures. Real Chromium, real collector process.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { catchErrors, launch, outbox, reported, startDemo, waitFor } from './harness.ts';

let demo: Awaited<ReturnType<typeof startDemo>>;
beforeAll(async () => {
  demo = await startDemo(['--test-hooks']);
});
afterAll(async () => {
  await demo?.stop();
});

const COLLECTOR = '**/v1/responses';
const blockCollector = (context: BrowserContext) => context.route(COLLECTOR, (route) => route.abort('internetdisconnected'));

/** Opens /help (only data-endpoint) and waits for the SDK. */
/** Opens /help; `ready` also waits for the loader's own send of waiting answers, or its handover to the SDK. */
async function help(page: Page): Promise<void> {
  await page.goto(`${demo.base}/help`);
  await page.waitForFunction(() => window.Aftercare);
  await page.evaluate(() => window.Aftercare!.ready);
}

/** Records and answers `n` deliveries through the page's SDK; returns the response ids in answer order. */
function seed(page: Page, prefix: string, n: number, comment = ''): Promise<string[]> {
  return page.evaluate(
    async ({ prefix, n, comment }) => {
      const ids: string[] = [];
      const at = new Date(Date.now() - 4 * 86_400_000).toISOString();
      for (let i = 0; i < n; i++) {
        await window.Aftercare!.recordDelivery({ id: `${prefix}-${i}`, deliveredAt: at });
        const r = await window.Aftercare!.answer(comment ? { deliveryId: `${prefix}-${i}`, csat: 1 + (i % 5), comment } : { deliveryId: `${prefix}-${i}`, csat: 1 + (i % 5) });
        ids.push(r.id);
      }
      return ids;
    },
    { prefix, n, comment },
  );
}

const stats = async () => ((await (await fetch(`${demo.base}/__test/log`)).json()) as { stats: { requests: number; faults: number } }).stats;
const rowsFor = (prefix: string) => demo.rows().filter((r) => r.delivery_id.startsWith(`${prefix}-`));
/** Ids of the collector's stored POSTs, in arrival order (every POST that reached the database). */
async function arrivals(ids: string[]): Promise<string[]> {
  const mine = new Set(ids);
  return (await demo.log()).flatMap((e) => e.ids).filter((id) => mine.has(id));
}

describe('kills, drops and resends', () => {
  test('browser killed with no pagehide: the answers are delivered on the next load', async () => {
    const first = await launch();
    const page = await first.context.newPage();
    await blockCollector(first.context);
    await help(page);
    const ids = await seed(page, 'killed', 3);
    expect((await outbox(page)).pending).toBe(3);
    await first.kill();

    const second = await launch(first.dir);
    try {
      const again = await second.context.newPage();
      await help(again);
      await waitFor(() => rowsFor('killed'), (r) => r.length === 3, 15_000, 'rows after the restart');
      await waitFor(() => outbox(again), (o) => o.pending === 0, 10_000, 'an empty outbox');
      expect(rowsFor('killed').map((r) => r.id).sort()).toEqual([...ids].sort());
    } finally {
      await second.close();
    }
  });

  test('collector commits, then the connection drops before the reply: resent, one row', async () => {
    const b = await launch();
    try {
      const page = await b.context.newPage();
      await help(page);
      await demo.faults(['drop-after']);
      const [id] = await seed(page, 'dropped', 1);
      await waitFor(() => arrivals([id!]), (a) => a.length >= 2, 20_000, 'the resend after the dropped reply');
      await waitFor(() => outbox(page), (o) => o.pending === 0, 10_000, 'an empty outbox');
      expect(rowsFor('dropped')).toHaveLength(1);
      expect(rowsFor('dropped')[0]).toMatchObject({ id, revision: 1 });
    } finally {
      await b.close();
    }
  });

  test('a beacon lost in flight (as a failed CORS preflight would lose it) is resent later, once', async () => {
    const b = await launch();
    try {
      const page = await b.context.newPage();
      await blockCollector(b.context);
      await help(page);
      const ids = await seed(page, 'lostbeacon', 4);
      // Beacons leave during unload, beyond the reach of request interception: the collector itself
      // drops every connection before storing, as a failed preflight or a lost network would.
      await demo.faults([], 1, ['drop-before']);
      const faultsBefore = (await stats()).faults;
      await page.goto(`${demo.base}/dashboard`); // pagehide: the outbox is offered to sendBeacon
      await waitFor(stats, (s) => s.faults > faultsBefore, 5_000, 'a beacon reaching the collector');
      await page.waitForTimeout(300);
      expect(rowsFor('lostbeacon')).toEqual([]);
      await demo.faults([], 0);
      await b.context.unroute(COLLECTOR);
      await help(page);
      await waitFor(() => rowsFor('lostbeacon'), (r) => r.length === 4, 15_000, 'the resend');
      expect(new Set(rowsFor('lostbeacon').map((r) => r.id))).toEqual(new Set(ids));
    } finally {
      await b.close();
    }
  });
});

describe('several tabs', () => {
  test.each([2, 5])('%i tabs flushing at once: one row per response, each record sent by one tab', async (tabs) => {
    const b = await launch();
    try {
      const first = await b.context.newPage();
      await blockCollector(b.context);
      await help(first);
      const ids = await seed(first, `tabs${tabs}`, 40);
      const pages = [first];
      for (let i = 1; i < tabs; i++) {
        const p = await b.context.newPage();
        await help(p);
        pages.push(p);
      }
      const perTab = pages.map(() => 0);
      pages.forEach((p, i) =>
        p.on('request', (r) => {
          if (r.method() === 'POST' && r.url().endsWith('/v1/responses')) perTab[i]!++;
        }),
      );
      await b.context.unroute(COLLECTOR);
      const results = await Promise.all(pages.map((p) => p.evaluate(() => window.Aftercare!.flush())));
      await waitFor(() => rowsFor(`tabs${tabs}`), (r) => r.length === 40, 20_000, 'all rows');
      await waitFor(() => outbox(first), (o) => o.pending === 0, 10_000, 'an empty outbox');
      await new Promise((r) => setTimeout(r, 3_500)); // let the tabs that stepped back look again
      const sent = await arrivals(ids);
      expect(sent.length).toBe(40); // every record crossed the wire exactly once
      expect(new Set(sent).size).toBe(40);
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(40);
      expect(results.filter((r) => r.sent > 0)).toHaveLength(1); // one flusher at a time
      console.log(`${tabs} tabs: POST requests per tab ${JSON.stringify(perTab)}, flush results ${JSON.stringify(results)}`);
      expect(perTab.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2);
    } finally {
      await b.close();
    }
  });

  test('the flushing tab is closed mid-flush: another tab finishes, nothing lost', async () => {
    const b = await launch();
    try {
      const a = await b.context.newPage();
      await blockCollector(b.context);
      await help(a);
      const ids = await seed(a, 'midflush', 10);
      const other = await b.context.newPage();
      await help(other);
      await b.context.unroute(COLLECTOR);
      await demo.faults(['hang-before']);
      const before = (await stats()).requests;
      void a.evaluate(() => window.Aftercare!.flush()).catch(() => undefined);
      await waitFor(stats, (s) => s.requests > before, 5_000, 'the hanging request');
      await a.close();
      const result = await waitFor(() => other.evaluate(() => window.Aftercare!.flush()), (r) => r.pending === 0, 15_000, 'the other tab to flush');
      expect(result.pending).toBe(0);
      await waitFor(() => rowsFor('midflush'), (r) => r.length === 10, 10_000, 'all rows');
      expect(new Set(rowsFor('midflush').map((r) => r.id))).toEqual(new Set(ids));
    } finally {
      await b.close();
    }
  });
});

describe('long offline spells and unload', () => {
  test('offline for 48 h across 20 reloads with answers in between: all delivered, in order of answer', async () => {
    const b = await launch();
    try {
      const page = await b.context.newPage();
      // Offline both ways: fetches fail in the page, and the beacons sent on each reload (which
      // request interception cannot stop) find a collector that drops every connection.
      await blockCollector(b.context);
      await demo.faults([], 1, ['drop-before']);
      const t0 = Date.now();
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) {
        await page.clock.setSystemTime(t0 + (i * 48 * 3_600_000) / 19);
        if (i === 0) await help(page);
        else {
          await page.reload();
          await page.waitForFunction(() => window.Aftercare);
        }
        ids.push(...(await seed(page, `offline48-${i}`, 2)));
      }
      expect((await outbox(page)).pending).toBe(40);
      expect(rowsFor('offline48')).toEqual([]);
      await demo.faults([], 0);
      await b.context.unroute(COLLECTOR);
      await page.evaluate(() => window.Aftercare!.flush());
      await waitFor(() => rowsFor('offline48'), (r) => r.length === 40, 15_000, 'all rows');
      const got = await arrivals(ids);
      if (JSON.stringify(got) !== JSON.stringify(ids)) console.log('ORDER', JSON.stringify(got.map((id) => ids.indexOf(id))), JSON.stringify(await demo.log().then((l) => l.slice(-5).map((e) => [e.type, e.ids.length, e.fault]))));
      expect(got).toEqual(ids);
    } finally {
      await b.close();
    }
  });

  test('pagehide with 200 KB pending: beacons of at most 64 KB, records kept until a later 2xx, no duplicate rows', async () => {
    const b = await launch();
    try {
      const page = await b.context.newPage();
      await blockCollector(b.context);
      await help(page);
      const ids = await seed(page, 'beacon', 50, 'x'.repeat(4000));
      const pending = await page.evaluate(async () => JSON.stringify((await window.Aftercare!.outbox()).pending.map((e) => e.response)).length);
      expect(pending).toBeGreaterThan(200_000);
      // Beacons are invisible to request interception; the collector's log shows what arrived.
      const logBefore = (await demo.log()).length;
      await page.goto(`${demo.base}/dashboard`);
      const beaconsIn = async () => (await demo.log()).slice(logBefore).filter((e) => e.type === 'text/plain');
      await waitFor(beaconsIn, (l) => l.length > 0, 10_000, 'a beacon at the collector');
      // The rest of them (they leave together, but arrive one by one).
      await page.waitForTimeout(1_000);
      const beacons = await beaconsIn();
      expect(beacons.length).toBeGreaterThan(0);
      for (const beacon of beacons) expect(beacon.bytes).toBeLessThanOrEqual(64 * 1024);
      // Records stay in IndexedDB whatever the beacons did (read with the raw API: no SDK on this page).
      const kept = await page.evaluate(
        () =>
          new Promise<number>((resolve, reject) => {
            const req = indexedDB.open('aftercare');
            req.onerror = () => reject(req.error);
            req.onsuccess = () => {
              const count = req.result.transaction('kv').objectStore('kv').count(IDBKeyRange.bound('o:', 'o:\uffff'));
              count.onsuccess = () => (resolve(count.result), req.result.close());
            };
          }),
      );
      expect(kept).toBe(50);
      await b.context.unroute(COLLECTOR);
      await help(page);
      await waitFor(() => rowsFor('beacon'), (r) => r.length === 50, 15_000, 'all rows');
      await waitFor(() => outbox(page), (o) => o.pending === 0, 10_000, 'an empty outbox');
      expect(new Set(rowsFor('beacon').map((r) => r.id))).toEqual(new Set(ids));
      console.log(`pagehide: ${beacons.length} beacon(s) of ${beacons.map((x) => x.bytes).join(', ')} bytes for ${pending} bytes pending`);
    } finally {
      await b.close();
    }
  });
});

describe('IndexedDB faults: the page never sees an exception, the answer still goes out, the reason is reported', () => {

  async function answerSurvey(page: Page, order: string): Promise<void> {
    await page.goto(`${demo.base}/?order=${order}`);
    await page.getByRole('radio', { name: '4 Satisfied' }).click();
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you for your feedback!').waitFor();
  }

  test.each([
    ['unavailable', () => Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true }), 'IndexedDB is unavailable in this browser'],
    ['open never answers', () => (IDBFactory.prototype.open = function () { return {} as IDBOpenDBRequest; }), 'did not answer within 3000 ms'],
    [
      'quota exceeded',
      () => {
        const put = IDBObjectStore.prototype.put;
        IDBObjectStore.prototype.put = function (value: unknown, key?: IDBValidKey) {
          if (typeof key === 'string' && key.startsWith('o:')) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return put.call(this, value, key);
        };
      },
      'IndexedDB write failed (QuotaExceededError)',
    ],
  ])('%s', async (name, fault, reason) => {
    const b = await launch();
    try {
      const page = await b.context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.addInitScript(fault);
      await catchErrors(page);
      const order = `idb-${name.replace(/\W/g, '')}`;
      await answerSurvey(page, order);
      await waitFor(() => demo.rows().filter((r) => r.delivery_id === order), (r) => r[0]?.complete === 1, 15_000, 'the answer at the collector');
      expect(await page.evaluate(() => window.Aftercare!.storage)).toBe('memory');
      expect((await reported(page)).some((r) => r.includes(reason))).toBe(true);
      expect(pageErrors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  test('versionchange from a newer tab: the upgrade is not blocked and this tab keeps working', async () => {
    const b = await launch();
    try {
      const page = await b.context.newPage();
      await help(page);
      await seed(page, 'vc-before', 1);
      const other = await b.context.newPage();
      await other.goto(`${demo.base}/dashboard`);
      const upgraded = await other.evaluate(
        () =>
          new Promise<string>((resolve) => {
            const probe = indexedDB.open('aftercare');
            probe.onsuccess = () => {
              const v = probe.result.version;
              probe.result.close();
              const req = indexedDB.open('aftercare', v + 1);
              req.onblocked = () => resolve('blocked');
              req.onsuccess = () => (req.result.close(), resolve(`upgraded to ${v + 1}`));
              req.onerror = () => resolve(`error ${req.error?.name}`);
            };
          }),
      );
      expect(upgraded).toMatch(/^upgraded to \d+$/);
      const ids = await seed(page, 'vc-after', 2);
      await waitFor(() => rowsFor('vc-after'), (r) => r.length === 2, 15_000, 'answers after the upgrade');
      expect(new Set(rowsFor('vc-after').map((r) => r.id))).toEqual(new Set(ids));
      expect(await page.evaluate(() => window.Aftercare!.storage)).toBe('indexeddb');
    } finally {
      await b.close();
    }
  });

  test('a corrupt record and an old-format record: the corrupt one is set aside and reported, the rest flows', async () => {
    const b = await launch();
    try {
      const page = await b.context.newPage();
      await catchErrors(page);
      await blockCollector(b.context);
      await help(page);
      const ids = await seed(page, 'corrupt', 2);
      const legacyId = '2b5a4a2e-4c8e-4f55-9d53-0c0d2f3c9a01';
      await page.evaluate(
        (legacyId) =>
          new Promise<void>((resolve, reject) => {
            const req = indexedDB.open('aftercare');
            req.onsuccess = () => {
              const tx = req.result.transaction('kv', 'readwrite');
              const kv = tx.objectStore('kv');
              kv.put('}{ not json, not a record', 'o:broken');
              // Format 0 (before records carried `v`): the bare response.
              kv.put(
                { id: legacyId, revision: 1, deliveryId: 'corrupt-legacy', deliveredAt: '2026-11-20T10:00:00Z', answeredAt: '2026-11-24T10:00:00Z', csat: 5, complete: true, locale: 'en' },
                `o:${legacyId}`,
              );
              tx.oncomplete = () => (req.result.close(), resolve());
              tx.onerror = () => reject(tx.error);
            };
          }),
        legacyId,
      );
      // The next look at the outbox (a timer, a flush, a reload) sets the unreadable record aside.
      await page.evaluate(() => window.Aftercare!.flush());
      const errorsBeforeReload = await waitFor(() => reported(page), (r) => r.length > 0, 5_000, 'the error event');
      await b.context.unroute(COLLECTOR);
      await page.reload();
      await page.waitForFunction(() => window.Aftercare);
      await waitFor(() => rowsFor('corrupt'), (r) => r.length === 3, 15_000, 'the good and the migrated records');
      await waitFor(() => page.evaluate(() => window.Aftercare!.flush()), (r) => r.pending === 0, 10_000, 'an empty outbox');
      expect(new Set(rowsFor('corrupt').map((r) => r.id))).toEqual(new Set([...ids, legacyId]));
      const box = await page.evaluate(() => window.Aftercare!.outbox());
      expect(box.pending).toEqual([]);
      expect(box.corrupt.map((c) => [c.key, c.raw])).toEqual([['o:broken', '}{ not json, not a record']]);
      expect(errorsBeforeReload).toEqual(['corrupt outbox record o:broken set aside: unreadable record (string)']);
    } finally {
      await b.close();
    }
  });
});
