// Two collector instances behind a load balancer share one PostgreSQL database, and so must their
// abuse limits and their team: the wrong-credential throttle and the answers' rate limit are counted
// once for both (rate-limiter-flexible's RateLimiterPostgres on the rate_limits table), an API key
// made on one opens the other, and a person removed on one is signed out on the other at once.
//
// Each test speaks from its own loopback address (127.0.0.x, node:http's localAddress): the limits are
// per client address, so one test's count never spills into another's, and "another address is not
// limited" can be shown for real.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addPerson, ADMIN, response, startCollector, type Running } from '../support/harness.ts';
import { freshDatabase, query } from './db.ts';

const PER_MINUTE = 6;

let db: string;
let a: Running;
let b: Running;
beforeAll(async () => {
  db = await freshDatabase('team_throttle');
  // Started together on the empty database, as two replicas would be (the migration lock orders them).
  [a, b] = await Promise.all([startCollector({ db, rateLimit: PER_MINUTE }), startCollector({ db, rateLimit: PER_MINUTE })]);
});
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: any }

/** One HTTP request from the client address `from`; the status, headers and (JSON) body. */
function call(base: string, path: string, o: { from: string; method?: string; headers?: Record<string, string>; body?: unknown }): Promise<Answer> {
  const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
  const headers = { ...(payload ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}), ...o.headers };
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: o.method ?? 'GET', headers, localAddress: o.from }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON: kept as text.
        }
        resolve({ status: res.statusCode!, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/**
 * The shared count a limiter keeps for `address`: the row rate-limiter-flexible writes, keyed
 * `<keyPrefix>:<address>` (http/limits.ts names its prefixes `signin:`, `answers:`…).
 */
const points = async (keyPrefix: string, address: string) => (await query<{ points: number }>(db, `SELECT points FROM rate_limits WHERE key = '${keyPrefix}:${address}'`))[0]?.points;

describe('the wrong-credential throttle is one budget for both instances', () => {
  const FROM = '127.0.0.24';
  test('11 wrong tokens from one address, alternating instances: 10 × 401, then 429 with Retry-After on either', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await call(i % 2 ? b.url : a.url, '/v1/summary', { from: FROM, headers: bearer(`wrong-token-${i}`) });
      statuses.push(r.status);
    }
    expect(statuses).toEqual(Array(10).fill(401));
    // Five on each: neither instance alone saw more than 10, the database did.
    expect(await points('signin:', FROM)).toBe(10);
    const eleventh = await call(a.url, '/v1/summary', { from: FROM, headers: bearer('wrong-token-10') });
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(eleventh.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(eleventh.body.error).toMatch(/too many wrong credentials/);
    // While it lasts, even the right token from that address waits, on both instances.
    for (const k of [a, b]) {
      const right = await call(k.url, '/v1/summary', { from: FROM, headers: bearer(ADMIN) });
      expect(right.status).toBe(429);
      expect(right.headers['retry-after']).toBeDefined();
    }
  });

  test('another address is not throttled', async () => {
    for (const k of [a, b]) expect((await call(k.url, '/v1/summary', { from: '127.0.0.25', headers: bearer(ADMIN) })).status).toBe(200);
  });
});

describe('the answers’ rate limit is one budget for both instances', () => {
  const FROM = '127.0.0.22';
  test(`${PER_MINUTE} posts over both instances, then the next → 429 with Retry-After`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < PER_MINUTE; i++) {
      const r = await call(i % 2 ? b.url : a.url, '/v1/responses', { from: FROM, method: 'POST', body: { responses: [response()] } });
      statuses.push(r.status);
    }
    expect(statuses).toEqual(Array(PER_MINUTE).fill(200));
    expect(await points('answers:', FROM)).toBe(PER_MINUTE);
    for (const k of [b, a]) {
      const over = await call(k.url, '/v1/responses', { from: FROM, method: 'POST', body: { responses: [response()] } });
      expect(over.status).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(over.body.error).toContain(`at most ${PER_MINUTE} requests a minute`);
    }
    // Another address still posts.
    expect((await call(a.url, '/v1/responses', { from: '127.0.0.23', method: 'POST', body: { responses: [response()] } })).status).toBe(200);
  });
});

describe('the team is one team on both instances', () => {
  const FROM = '127.0.0.21';
  test('an API key made on one instance opens the other; revoked on the other, it closes on the first', async () => {
    const made = await call(a.url, '/v1/keys', { from: FROM, method: 'POST', headers: bearer(ADMIN), body: { name: 'Reporting', scopes: ['responses:read'] } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const secret = made.body.secret as string;
    const onB = await call(b.url, '/v1/responses', { from: FROM, headers: bearer(secret) });
    expect(onB.status, JSON.stringify(onB.body)).toBe(200);
    // Its scope holds there too: no export.
    expect((await call(b.url, '/v1/export', { from: FROM, headers: bearer(secret) })).status).toBe(403);

    const revoked = await call(b.url, `/v1/keys/${made.body.key.id}`, { from: FROM, method: 'DELETE', headers: { ...bearer(ADMIN), 'content-type': 'application/json' } });
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(204);
    expect((await call(a.url, '/v1/responses', { from: FROM, headers: bearer(secret) })).status).toBe(401);
  });

  test('a person removed on one instance is signed out on the other at once', async () => {
    const vic = await addPerson(a.url, { email: 'vic@shop.example', name: 'Vic', role: 'viewer' });
    const joined = await call(a.url, '/dashboard/join', { from: FROM, method: 'POST', headers: { origin: a.url }, body: { code: vic.code } });
    expect(joined.status, JSON.stringify(joined.body)).toBe(204);
    const cookie = ([joined.headers['set-cookie']].flat()[0] ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^aftercare_session=/);
    // The session made on a is good on b.
    expect((await call(b.url, '/v1/summary', { from: FROM, headers: { cookie } })).status).toBe(200);
    expect((await call(b.url, '/dashboard/session', { from: FROM, headers: { cookie } })).body).toMatchObject({ person: { email: 'vic@shop.example', role: 'viewer' } });

    // The content-type rides along: hono/csrf refuses a body-less DELETE without one (the failing
    // 'as curl sends it' test in tests/unit/team-audit.test.ts).
    const removed = await call(a.url, `/v1/people/${vic.id}`, { from: FROM, method: 'DELETE', headers: { ...bearer(ADMIN), 'content-type': 'application/json' } });
    expect(removed.status, JSON.stringify(removed.body)).toBe(204);
    expect((await call(b.url, '/v1/summary', { from: FROM, headers: { cookie } })).status).toBe(401);
    expect((await call(b.url, '/dashboard/session', { from: FROM, headers: { cookie } })).status).toBe(401);
  });
});
