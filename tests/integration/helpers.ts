import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createAftercare, type Aftercare, type AftercareOptions, type WireResponse } from '../../sdk/index.ts';
import type { WireDisplay } from '../../src/schema.ts';

export const ENDPOINT = 'https://collector.test/v1/responses';
export const T0 = Date.parse('2026-11-20T10:00:00Z');
export const DAY = 86_400_000;
export const H = 3_600_000;
/** A version 4 UUID, as the SDK makes response and display ids. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const at = (ms: number) => new Date(ms).toISOString();

/**
 * Options for `vi.waitFor` on a real fake-indexeddb and msw round trip: up to 5 s, not vitest's 1 s, which a
 * slow shared 2-core machine can miss. It only bounds the wait; the check still passes as soon as it holds.
 * Under fake timers vi.waitFor also advances them 50 ms per check, so a wait can move fake time by up to
 * ~5 s (the SDK's request timeout is 15 s; the SDK's own clock is injected and never moves by itself).
 */
export const ROUND_TRIP = { timeout: 5_000 };

const RANK = { expired: 1, dismissed: 2, answered: 3 } as const;

/**
 * What the fake collector saw: every response request body and the rows it kept (upsert, highest
 * revision); displays-only requests apart (`displayRequests`), with the displays it kept (upsert, best outcome).
 */
export function collectorState() {
  const requests: WireResponse[][] = [];
  const rows = new Map<string, WireResponse>();
  const displayRequests: WireDisplay[][] = [];
  const displays = new Map<string, WireDisplay>();
  /** The kind of every request, in arrival order. */
  const log: Array<'responses' | 'displays'> = [];
  return {
    requests,
    rows,
    displayRequests,
    displays,
    log,
    keep(rs: WireResponse[]) {
      for (const r of rs) if ((rows.get(r.id)?.revision ?? 0) < r.revision) rows.set(r.id, r);
    },
    keepDisplays(ds: WireDisplay[]) {
      for (const x of ds) {
        const had = displays.get(x.id);
        if (!had || RANK[had.outcome] < RANK[x.outcome]) displays.set(x.id, x);
      }
    },
  };
}

export type CollectorState = ReturnType<typeof collectorState>;

export const server = setupServer();

/**
 * A handler that records the request, then answers with `reply(batch, n)` (n counts response requests
 * from 1). A `{"displays": [...]}` body is recorded apart and answered by `displays(ds, n)` (n counts
 * display requests), by default kept and answered 200, so it never shows up in `requests`.
 */
export function collector(
  reply: (rs: WireResponse[], n: number) => Response | Promise<Response>,
  displays?: (ds: WireDisplay[], n: number) => Response | Promise<Response>,
) {
  const state = collectorState();
  server.use(
    http.post(ENDPOINT, async ({ request }) => {
      const body = (await request.json()) as { responses?: WireResponse[]; displays?: WireDisplay[] };
      if (body.displays && !body.responses) {
        state.log.push('displays');
        state.displayRequests.push(body.displays);
        if (displays) return displays(body.displays, state.displayRequests.length);
        state.keepDisplays(body.displays);
        return HttpResponse.json({ accepted: body.displays.length, rejected: [] });
      }
      const rs = body.responses ?? [];
      state.log.push('responses');
      state.requests.push(rs);
      return reply(rs, state.requests.length);
    }),
  );
  return state;
}

export const ok = (state: CollectorState) => (rs: WireResponse[]) => {
  state.keep(rs);
  return HttpResponse.json({ accepted: rs.length, rejected: [] });
};

let n = 0;
/** An SDK on a fresh IndexedDB database with a movable clock; autoSync off so tests decide when to flush. */
export function sdk(over: Partial<AftercareOptions> = {}): { a: Aftercare; clock: { now: number } } {
  const clock = { now: T0 + 4 * DAY };
  const a = createAftercare({ endpoint: ENDPOINT, dbName: `t${++n}-${Math.random()}`, now: () => clock.now, autoSync: false, locale: 'en', ...over });
  return { a, clock };
}

/** Records `count` deliveries and answers each (complete), in order. */
export async function answerMany(a: Aftercare, count: number, prefix = 'order'): Promise<WireResponse[]> {
  const out: WireResponse[] = [];
  for (let i = 0; i < count; i++) {
    await a.recordDelivery({ id: `${prefix}-${i}`, deliveredAt: new Date(T0).toISOString() });
    out.push(await a.answer({ deliveryId: `${prefix}-${i}`, csat: (i % 5) + 1 }));
  }
  return out;
}

/**
 * Page loads of one site: SDK instances on one database with one movable clock (autoSync off).
 * `close()` destroys every instance it made.
 */
export function site(over: Partial<AftercareOptions> = {}) {
  const dbName = `site-${++n}-${Math.random()}`;
  const clock = { now: T0 };
  const opened: Aftercare[] = [];
  const load = (more: Partial<AftercareOptions> = {}) => {
    const a = createAftercare({ endpoint: ENDPOINT, dbName, now: () => clock.now, autoSync: false, locale: 'en', ...over, ...more });
    opened.push(a);
    return a;
  };
  return { dbName, clock, load, close: () => opened.splice(0).forEach((a) => a.destroy()) };
}

/** Sites made by `open()`, all closed by `closeAll()` (after each test). */
export function sites() {
  const made: Array<ReturnType<typeof site>> = [];
  return {
    open: (over: Partial<AftercareOptions> = {}) => {
      const s = site(over);
      made.push(s);
      return s;
    },
    closeAll: () => made.splice(0).forEach((s) => s.close()),
  };
}
