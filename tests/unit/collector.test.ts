// The reference collector over real HTTP on a real (in-memory) SQLite database.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error plain JavaScript module without types
import { createCollector, MAX_BODY_BYTES } from '../../examples/collector/collector.mjs';

let server: Server;
let base: string;
let collector: { close: () => void; rows: (n: number) => Array<Record<string, unknown>>; summary: () => Record<string, any> };

beforeAll(async () => {
  collector = createCollector({ dbPath: ':memory:', origins: ['https://shop.example'] });
  server = createServer(async (req, res) => {
    if (!(await (collector as any).handle(req, res))) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => {
  server.close();
  collector.close();
});

let n = 0;
const response = (over: Record<string, unknown> = {}) => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  revision: 1,
  deliveryId: `order-${n}`,
  deliveredAt: '2026-11-20T10:00:00Z',
  answeredAt: '2026-11-24T10:00:00Z',
  csat: 4,
  complete: true,
  locale: 'en',
  ...over,
});
const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${base}/v1/responses`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
const row = (id: string) => collector.rows(10_000).find((r) => r.id === id);

describe('protocol v1', () => {
  test('stores a batch and ignores unknown fields', async () => {
    const r = response({ futureField: 'ignored' });
    const res = await post({ responses: [r], alsoUnknown: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, rejected: [] });
    expect(row(r.id)).toMatchObject({ id: r.id, csat: 4, complete: true, deliveryId: r.deliveryId });
  });

  test('text/plain bodies (unload beacons) are accepted', async () => {
    const r = response();
    expect((await post({ responses: [r] }, { 'content-type': 'text/plain;charset=UTF-8' })).status).toBe(200);
    expect(row(r.id)).toBeDefined();
  });

  test('other content types get 415', async () => {
    const res = await post({ responses: [response()] }, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
  });

  test.each([
    ['not json', '{', 'body: expected JSON such as {"responses": [...]}'],
    ['no responses', {}, 'responses: expected an array of responses'],
    ['empty', { responses: [] }, 'responses: expected at least one response'],
    ['bad csat', { responses: [response({ csat: 9 })] }, 'responses.0.csat: expected an integer from 1 to 5'],
    ['no score', { responses: [response({ csat: undefined })] }, 'responses.0.csat: expected a csat or nps score (a comment alone is not an answer)'],
    ['bad date', { responses: [response({ answeredAt: 'tuesday' })] }, 'responses.0.answeredAt: expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z'],
  ])('%s → 400 naming the field', async (_name, body, error) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe(error);
  });

  test('a mixed batch keeps the good records and lists the bad ones in rejected', async () => {
    const good = [response(), response()];
    const bad = response({ nps: 11 });
    const res = await post({ responses: [good[0], bad, good[1]] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, rejected: [{ id: bad.id, error: 'responses.1.nps: expected an integer from 0 to 10' }] });
    expect(row(good[0]!.id)).toBeDefined();
    expect(row(good[1]!.id)).toBeDefined();
    expect(row(bad.id)).toBeUndefined();
  });

  test('a bad record without a usable id fails the whole batch (the client splits it)', async () => {
    const good = response();
    const res = await post({ responses: [good, { revision: 1 }] });
    expect(res.status).toBe(400);
    expect(row(good.id)).toBeUndefined();
  });

  test('bodies over 1 MB get 413', async () => {
    const res = await post('x'.repeat(MAX_BODY_BYTES + 1));
    expect(res.status).toBe(413);
    expect((await res.json()).error).toBe(`body: expected at most ${MAX_BODY_BYTES} bytes; send smaller batches`);
  });
});

describe('idempotency', () => {
  test('concurrent duplicate posts with mixed revisions: one row, the highest revision', async () => {
    const base = response();
    const revisions = [1, 3, 2, 3, 1, 2, 3, 1, 2, 3, 1, 1, 2, 3, 2, 1, 3, 2, 1, 3];
    const results = await Promise.all(
      revisions.map((revision) => post({ responses: [{ ...base, revision, comment: `rev ${revision}`, complete: revision === 3 }] })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const rows = collector.rows(10_000).filter((r) => r.id === base.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ revision: 3, comment: 'rev 3', complete: true });
  });

  test('a lower revision arriving late changes nothing', async () => {
    const r = response();
    await post({ responses: [{ ...r, revision: 2, comment: 'final' }] });
    await post({ responses: [{ ...r, revision: 1 }] });
    expect(row(r.id)).toMatchObject({ revision: 2, comment: 'final' });
  });
});

describe('CORS', () => {
  test('a configured origin gets CORS headers, Retry-After exposed; preflight answers 204', async () => {
    const pre = await fetch(`${base}/v1/responses`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(pre.headers.get('access-control-expose-headers')).toBe('Retry-After');
    const res = await post({ responses: [response()] }, { 'content-type': 'application/json', origin: 'https://shop.example' });
    expect(res.status).toBe(200);
  });

  test('another origin is refused with 403 naming it, and nothing is stored', async () => {
    const r = response();
    const res = await post({ responses: [r] }, { 'content-type': 'text/plain', origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toBe("origin: https://evil.example is not allowed; add it to the collector's origins");
    expect(row(r.id)).toBeUndefined();
  });
});

test('summary: CSAT share of 4–5, mean, NPS, counts', async () => {
  const fresh = createCollector({ dbPath: ':memory:' });
  const srv = createServer(async (req, res) => void (await fresh.handle(req, res)));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(srv.address() as { port: number }).port}`;
  try {
    const rs = [response({ csat: 5, nps: 10 }), response({ csat: 4, nps: 9 }), response({ csat: 2, nps: 3 }), response({ csat: undefined, nps: 7 })];
    await fetch(`${url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ responses: rs }) });
    const s = await (await fetch(`${url}/v1/summary`)).json();
    expect(s.responses).toBe(4);
    expect(s.csat).toMatchObject({ answers: 3, score: 66.7, mean: 3.67 });
    expect(s.nps).toMatchObject({ answers: 4, score: 25, promoters: 2, passives: 1, detractors: 1 });
    expect(s.csat.counts).toEqual({ 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 });
  } finally {
    srv.close();
    fresh.close();
  }
});
