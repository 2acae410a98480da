// The reference collector over real HTTP on a real SQLite file: protocol v1 as any client sees it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/http/limits.ts';
import { display, response, startCollector, type Running } from '../support/harness.ts';

let k: Running;
beforeAll(async () => {
  k = await startCollector({ origins: ['https://shop.example'] });
});
afterAll(() => k.close());

const post = (body: unknown, headers?: Record<string, string>) => k.post(body, headers);
const row = (id: string) => k.row(id);
const displayRow = (id: string) => k.displayRow(id);

/** A collector of its own on a fresh database, for figures that must not see other tests' rows. */
const fresh = (options = {}) => startCollector(options);

describe('protocol v1', () => {
  test('stores a batch and ignores unknown fields', async () => {
    const r = response({ futureField: 'ignored' });
    const res = await post({ responses: [r], alsoUnknown: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, rejected: [] });
    expect(await row(r.id)).toMatchObject({ id: r.id, csat: 4, complete: true, deliveryId: r.deliveryId });
  });

  test('text/plain bodies (unload beacons) are accepted', async () => {
    const r = response();
    expect((await post({ responses: [r] }, { 'content-type': 'text/plain;charset=UTF-8' })).status).toBe(200);
    expect(await row(r.id)).toBeDefined();
  });

  test('other content types get 415', async () => {
    const res = await post({ responses: [response()] }, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
  });

  test.each([
    ['not json', '{', 'body: expected JSON such as {"responses": [...]}'],
    ['no records', {}, 'responses: expected at least one response or display'],
    ['empty', { responses: [] }, 'responses: expected at least one response or display'],
    ['both lists empty', { responses: [], displays: [] }, 'responses: expected at least one response or display'],
    ['responses not a list', { responses: 'x' }, 'responses: expected an array of responses'],
    ['displays not a list', { displays: {} }, 'displays: expected an array of displays'],
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
    expect(await row(good[0]!.id)).toBeDefined();
    expect(await row(good[1]!.id)).toBeDefined();
    expect(await row(bad.id)).toBeUndefined();
  });

  test('a bad record without a usable id fails the whole batch (the client splits it)', async () => {
    const good = response();
    const res = await post({ responses: [good, { revision: 1 }] });
    expect(res.status).toBe(400);
    expect(await row(good.id)).toBeUndefined();
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
    const rows = (await k.rows()).filter((r) => r.id === base.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ revision: 3, comment: 'rev 3', complete: true });
  });

  test('a lower revision arriving late changes nothing', async () => {
    const r = response();
    await post({ responses: [{ ...r, revision: 2, comment: 'final' }] });
    await post({ responses: [{ ...r, revision: 1 }] });
    expect(await row(r.id)).toMatchObject({ revision: 2, comment: 'final' });
  });
});

describe('what a store cannot keep, or must not let change', () => {
  test('a known response id posted for another delivery (higher revision) changes nothing', async () => {
    const r = response({ comment: 'mine' });
    await post({ responses: [r] });
    const res = await post({ responses: [{ ...r, revision: 9, deliveryId: 'someone-else', comment: 'hijacked' }] });
    expect(res.status).toBe(200);
    expect(await row(r.id)).toMatchObject({ revision: 1, deliveryId: r.deliveryId, comment: 'mine' });
  });

  test('a known display id posted for another delivery changes nothing', async () => {
    const d = display({ outcome: 'expired' });
    await post({ displays: [d] });
    await post({ displays: [{ ...d, outcome: 'answered', deliveryId: 'someone-else' }] });
    expect(await displayRow(d.id)).toMatchObject({ outcome: 'expired', deliveryId: d.deliveryId });
  });

  test.each([
    ['a revision past 2^31 − 1', { revision: 2 ** 31 }, 'responses.0.revision: expected an integer from 1 to 2147483647'],
    ['a NUL in the comment', { comment: 'a\u0000b' }, 'responses.0.comment: expected text without NUL characters (U+0000)'],
    ['a NUL in a meta value', { meta: { store: 'x\u0000' } }, 'responses.0.meta.store: expected text without NUL characters (U+0000)'],
    ['a NUL in a meta key', { meta: { 'st\u0000ore': 'x' } }, 'responses.0.meta.st\u0000ore: expected text without NUL characters (U+0000)'],
  ])('%s: listed in rejected with the field named (PostgreSQL could not keep it), the rest stored', async (_name, over, error) => {
    const good = response();
    const bad = response(over);
    const res = await post({ responses: [bad, good] });
    expect(await res.json()).toEqual({ accepted: 1, rejected: [{ id: bad.id, error }] });
    expect(await row(bad.id)).toBeUndefined();
  });
});

describe('CORS', () => {
  test('a configured origin gets CORS headers, Retry-After exposed; preflight answers 204', async () => {
    const pre = await fetch(`${k.url}/v1/responses`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
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
    expect((await res.json()).error).toBe('origin: https://evil.example is not allowed; add it to AFTERCARE_ORIGINS');
    expect(await row(r.id)).toBeUndefined();
  });
});

test('summary: CSAT share of 4–5, mean, NPS, counts', async () => {
  const f = await fresh();
  try {
    const rs = [response({ csat: 5, nps: 10 }), response({ csat: 4, nps: 9 }), response({ csat: 2, nps: 3 }), response({ csat: undefined, nps: 7 })];
    await f.send({ responses: rs });
    const s = await f.get('/v1/summary');
    expect(s.responses).toBe(4);
    expect(s.csat).toMatchObject({ answers: 3, score: 66.7, mean: 3.67 });
    expect(s.nps).toMatchObject({ answers: 4, score: 25, promoters: 2, passives: 1, detractors: 1 });
    expect(s.csat.counts).toEqual({ 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 });
  } finally {
    await f.close();
  }
});

describe('displays', () => {
  test('a displays-only batch is stored, unknown fields ignored', async () => {
    const d = display({ outcome: 'expired', customerId: 'c-77', origin: 'https://shop.example', path: '/help', futureField: 1 });
    const res = await post({ displays: [d] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, rejected: [] });
    expect(await displayRow(d.id)).toMatchObject({
      id: d.id, deliveryId: d.deliveryId, shownAt: d.shownAt, endedAt: d.endedAt, outcome: 'expired', later: false,
      responseId: null, locale: 'en', customerId: 'c-77', origin: 'https://shop.example', path: '/help',
    });
    expect(await displayRow(d.id)).not.toHaveProperty('futureField');
  });

  test('a batch with responses and displays stores both', async () => {
    const r = response();
    const d = display({ outcome: 'answered', responseId: r.id, deliveryId: r.deliveryId });
    const res = await post({ responses: [r], displays: [d] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, rejected: [] });
    expect(await row(r.id)).toMatchObject({ id: r.id, revision: 1 });
    expect(await displayRow(d.id)).toMatchObject({ outcome: 'answered', responseId: r.id });
  });

  test('later: true is kept', async () => {
    const d = display({ later: true });
    expect((await post({ displays: [d] }, { 'content-type': 'text/plain' })).status).toBe(200);
    expect(await displayRow(d.id)).toMatchObject({ outcome: 'dismissed', later: true });
  });

  test.each([
    ['bad outcome', { displays: [display({ outcome: 'ignored' })] }, 'displays.0.outcome: expected "answered", "dismissed" or "expired"'],
    ['no outcome', { displays: [display({ outcome: undefined })] }, 'displays.0.outcome: expected "answered", "dismissed" or "expired"'],
    ['bad shownAt', { displays: [display({ shownAt: 'now' })] }, 'displays.0.shownAt: expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z'],
    ['bad responseId', { displays: [display({ responseId: 'r-1' })] }, 'displays.0.responseId: expected a UUID'],
    ['bad later', { displays: [display({ later: 'yes' })] }, 'displays.0.later: expected true or false'],
    ['a display without an id', { displays: [display({ id: undefined })] }, 'displays.0.id: expected a UUID'],
    ['1001 displays', { displays: Array.from({ length: 1001 }, () => ({})) }, 'displays: expected at most 1000 displays'],
  ])('%s → 400 naming the field', async (_name, body, error) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe(error);
  });

  test('a mixed batch keeps the good records and lists the bad displays in rejected', async () => {
    const r = response();
    const good = display();
    const bad = display({ outcome: 'closed' });
    const res = await post({ responses: [r], displays: [good, bad] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 2, rejected: [{ id: bad.id, error: 'displays.1.outcome: expected "answered", "dismissed" or "expired"' }] });
    expect(await row(r.id)).toBeDefined();
    expect(await displayRow(good.id)).toBeDefined();
    expect(await displayRow(bad.id)).toBeUndefined();
  });

  test('good displays and a bad response: 200, the response is rejected', async () => {
    const bad = response({ csat: 0 });
    const d = display();
    const res = await post({ responses: [bad], displays: [d] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: 1, rejected: [{ id: bad.id, error: 'responses.0.csat: expected an integer from 1 to 5' }] });
    expect(await displayRow(d.id)).toBeDefined();
    expect(await row(bad.id)).toBeUndefined();
  });

  test('a bad display without a usable id fails the whole batch, responses included', async () => {
    const r = response();
    const d = display();
    const res = await post({ responses: [r], displays: [d, { outcome: 'answered' }] });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'displays.1.id: expected a UUID', rejected: [{ id: null, error: 'displays.1.id: expected a UUID' }] });
    expect(await row(r.id)).toBeUndefined();
    expect(await displayRow(d.id)).toBeUndefined();
  });

  test('the outcome moves up: expired, then answered in the tab that still showed it', async () => {
    const d = display({ outcome: 'expired', endedAt: '2026-11-24T11:00:00Z' });
    await post({ displays: [d] });
    const r = response();
    await post({ displays: [{ ...d, outcome: 'answered', endedAt: '2026-11-24T11:05:00Z', responseId: r.id }] });
    expect(await displayRow(d.id)).toMatchObject({ outcome: 'answered', endedAt: '2026-11-24T11:05:00.000Z', responseId: r.id });
  });

  test('the outcome never moves down: answered, then a late expired or dismissed changes nothing', async () => {
    const d = display({ outcome: 'answered', endedAt: '2026-11-24T11:05:00Z' });
    await post({ displays: [d] });
    const before = await displayRow(d.id);
    for (const outcome of ['expired', 'dismissed', 'answered']) {
      const res = await post({ displays: [{ ...d, outcome, endedAt: '2026-11-25T00:00:00Z', later: true }] });
      expect(res.status).toBe(200);
    }
    expect(await displayRow(d.id)).toEqual(before);
  });

  test('dismissed beats expired, and loses to answered', async () => {
    const d = display({ outcome: 'expired' });
    await post({ displays: [d] });
    await post({ displays: [{ ...d, outcome: 'dismissed', later: true }] });
    expect(await displayRow(d.id)).toMatchObject({ outcome: 'dismissed', later: true });
    await post({ displays: [{ ...d, outcome: 'expired' }] });
    expect(await displayRow(d.id)).toMatchObject({ outcome: 'dismissed', later: true });
    await post({ displays: [{ ...d, outcome: 'answered' }] });
    expect(await displayRow(d.id)).toMatchObject({ outcome: 'answered', later: false });
  });

  test('20 concurrent duplicate posts (retries, beacons): one row, counted once', async () => {
    const f = await fresh();
    try {
      const d = display();
      const results = await Promise.all(Array.from({ length: 20 }, () => f.send({ displays: [d] })));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(await f.displays()).toHaveLength(1);
      expect(f.c.stats).toMatchObject({ displaysReceived: 20, displaysStored: 1, displaysIgnored: 19, displaysRejected: 0, received: 0, stored: 0 });
      expect((await f.get('/v1/summary')).displays).toMatchObject({ total: 1, dismissed: 1 });
    } finally {
      await f.close();
    }
  });

  test('GET /v1/displays lists recent displays, newest first, up to limit', async () => {
    const f = await fresh();
    try {
      const ds = [1, 3, 2].map((h) => display({ shownAt: `2026-11-2${h}T10:00:00Z`, endedAt: `2026-11-2${h}T10:01:00Z` }));
      await f.send({ displays: ds });
      const all = await f.get('/v1/displays');
      expect(all.displays.map((d: { id: string }) => d.id)).toEqual([ds[1]!.id, ds[2]!.id, ds[0]!.id]);
      expect(all.displays[0]).toMatchObject({ outcome: 'dismissed', later: false, receivedAt: expect.any(String), updatedAt: expect.any(String) });
      expect((await f.get('/v1/displays?limit=2')).displays).toHaveLength(2);
    } finally {
      await f.close();
    }
  });

  test('summary: response rate = answered displays / displays, null with none', async () => {
    const f = await fresh();
    try {
      const empty = await f.get('/v1/summary');
      expect(empty.displays).toEqual({ total: 0, answered: 0, dismissed: 0, expired: 0, later: 0, responseRate: null, ci: null, few: true });
      const r = response();
      await f.send({
        responses: [r],
        displays: [display({ outcome: 'answered', responseId: r.id }), display({ outcome: 'dismissed', later: true }), display({ outcome: 'dismissed' }), display({ outcome: 'expired' })],
      });
      const s = await f.get('/v1/summary');
      // 1 of 4: the 95 % Wilson interval is 4.6 % to 69.9 % (Newcombe 1998, method 3).
      expect(s.displays).toEqual({ total: 4, answered: 1, dismissed: 2, expired: 1, later: 1, responseRate: 25, ci: [4.6, 69.9], few: true });
      // The existing figures are still there.
      expect(s).toMatchObject({ responses: 1, csat: { answers: 1, score: 100 }, collector: { displaysReceived: 4, displaysStored: 4 } });
    } finally {
      await f.close();
    }
  });

  test('summary: answers without a recorded display never push the rate over 100 %', async () => {
    const f = await fresh();
    try {
      // Three answers from a custom UI or an old client (no displays), one display that was answered.
      await f.send({ responses: [response(), response(), response()], displays: [display({ outcome: 'answered' })] });
      expect((await f.get('/v1/summary')).displays).toMatchObject({ total: 1, answered: 1, responseRate: 100 });
      await f.send({ displays: [display({ outcome: 'expired' }), display({ outcome: 'expired' })] });
      expect((await f.get('/v1/summary')).displays).toMatchObject({ total: 3, answered: 1, responseRate: 33.3 });
    } finally {
      await f.close();
    }
  });

  test('the test log records display ids apart from response ids', async () => {
    const f = await fresh({ testHooks: true });
    try {
      const r = response();
      const d = display();
      await f.send({ responses: [r], displays: [d] });
      await f.send({ displays: [d] });
      const { log } = await f.get('/__test/log');
      expect(log.map((e: Record<string, unknown>) => [e.ids, e.revisions, e.displayIds])).toEqual([
        [[r.id], [1], [d.id]],
        [[], [], [d.id]],
      ]);
    } finally {
      await f.close();
    }
  });
});
