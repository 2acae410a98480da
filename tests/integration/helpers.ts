import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createAftercare, type Aftercare, type AftercareOptions, type WireResponse } from '../../sdk/index.ts';

export const ENDPOINT = 'https://collector.test/v1/responses';
export const T0 = Date.parse('2026-11-20T10:00:00Z');
export const DAY = 86_400_000;

/** What the fake collector saw: every request body, and the rows it kept (upsert, highest revision). */
export function collectorState() {
  const requests: WireResponse[][] = [];
  const rows = new Map<string, WireResponse>();
  return {
    requests,
    rows,
    keep(rs: WireResponse[]) {
      for (const r of rs) if ((rows.get(r.id)?.revision ?? 0) < r.revision) rows.set(r.id, r);
    },
  };
}

export const server = setupServer();

/** A handler that records the request, then answers with `reply(batch, n)` (n counts requests from 1). */
export function collector(reply: (rs: WireResponse[], n: number) => Response | Promise<Response>) {
  const state = collectorState();
  server.use(
    http.post(ENDPOINT, async ({ request }) => {
      const body = (await request.json()) as { responses: WireResponse[] };
      state.requests.push(body.responses);
      return reply(body.responses, state.requests.length);
    }),
  );
  return state;
}

export const ok = (state: ReturnType<typeof collectorState>) => (rs: WireResponse[]) => {
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
