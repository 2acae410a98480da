// The admin credential on every read, the login throttle, cross-origin reads, security headers,
// the OpenAPI document and /health — against a real collector over HTTP.
import { ROUTES } from '../../src/http/access.ts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN, response, startCollector, type Running } from '../support/harness.ts';

let k: Running;
beforeAll(async () => {
  k = await startCollector({ origins: ['https://shop.example'], trustProxy: true });
  await k.send({ responses: [response({ comment: 'secret comment', customerId: 'c-private' })] });
});
afterAll(() => k.close());

const READS = ['/v1/responses', '/v1/responses?limit=5', '/v1/displays', '/v1/summary', '/v1/summary?interval=week&by=meta.store', '/v1/drivers', '/v1/drivers?reason=speed&by=wave', '/v1/export', '/v1/export?format=ndjson', '/v1/openapi.json'];
/** Each request from its own address (X-Forwarded-For, trusted here), so the throttle does not mix cases. */
let address = 0;
const from = () => ({ 'x-forwarded-for': `198.51.100.${++address % 250}` });

describe('credential matrix: every read route × no credential / a wrong one / the right one', () => {
  test.each(READS)('%s without a credential → 401, WWW-Authenticate: Bearer, JSON error, no data', async (path) => {
    const res = await fetch(`${k.url}${path}`, { headers: from() });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({ error: 'authorization: expected `Authorization: Bearer <token>` (the admin token or an API key), or a dashboard session' });
    expect(body).not.toContain('secret comment');
  });

  test.each(READS)('%s with a wrong token → 401, no data', async (path) => {
    for (const authorization of [`Bearer ${ADMIN}x`, `Bearer ${ADMIN.slice(0, -1)}`, 'Bearer short', `Basic ${ADMIN}`, 'Bearer', `Bearer ${'a'.repeat(5000)}`]) {
      const res = await fetch(`${k.url}${path}`, { headers: { authorization, ...from() } });
      expect(res.status, authorization.slice(0, 40)).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = await res.text();
      expect(JSON.parse(body).error).toMatch(/^authorization: /);
      expect(body).not.toContain('secret comment');
    }
  });

  test.each(READS)('%s with the right token → 200', async (path) => {
    const res = await fetch(`${k.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}`, ...from() } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(path.startsWith('/v1/export') ? (path.includes('ndjson') ? /^application\/x-ndjson/ : /^text\/csv/) : /^application\/json/);
  });

  test('the right token reads the data', async () => {
    const { responses } = await k.get('/v1/responses');
    expect(responses[0]).toMatchObject({ comment: 'secret comment', customerId: 'c-private' });
  });

  test('posting answers, OPTIONS and /health need no credential', async () => {
    expect((await k.send({ responses: [response()] })).status).toBe(200);
    expect((await fetch(`${k.url}/v1/responses`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } })).status).toBe(204);
    expect(await (await fetch(`${k.url}/health`)).json()).toEqual({ ok: true, db: 'sqlite' });
  });

  test('a fault rate alone injects faults but mounts no /__test route', async () => {
    const own = await startCollector({ faultRate: 0.0001 });
    try {
      expect((await fetch(`${own.url}/__test/log`)).status).toBe(404);
      expect((await fetch(`${own.url}/__test/reset-limits`, { method: 'POST' })).status).toBe(404);
    } finally {
      await own.close();
    }
  });

  test('test hooks do not exist without the test flag', async () => {
    expect((await fetch(`${k.url}/__test/log`)).status).toBe(404);
    expect((await fetch(`${k.url}/__test/faults`, { method: 'POST', body: '{}' })).status).toBe(404);
  });
});

describe('cross-origin reads are refused whatever the origin list says', () => {
  test('an allowed posting origin still cannot read: 403 and no CORS headers', async () => {
    const res = await fetch(`${k.url}/v1/responses`, { headers: { authorization: `Bearer ${ADMIN}`, origin: 'https://shop.example', ...from() } });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await res.text()).not.toContain('secret comment');
  });

  test('a preflight for a read gets no CORS headers, so a browser never sends it', async () => {
    const res = await fetch(`${k.url}/v1/summary`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-headers')).toBeNull();
  });

  test('a same-origin read (the dashboard) is allowed', async () => {
    const host = new URL(k.url).host;
    const res = await fetch(`${k.url}/v1/summary`, { headers: { authorization: `Bearer ${ADMIN}`, origin: `http://${host}`, ...from() } });
    expect(res.status).toBe(200);
  });
});

describe('login throttle', () => {
  test('more than 10 wrong credentials a minute from one address → 429 with Retry-After, even with the right one', async () => {
    const me = { 'x-forwarded-for': '203.0.113.7' };
    for (let i = 0; i < 10; i++) {
      expect((await fetch(`${k.url}/v1/summary`, { headers: { authorization: `Bearer wrong-token-${i}-xxxxxxxxxxxxxxxx`, ...me } })).status).toBe(401);
    }
    const limited = await fetch(`${k.url}/v1/summary`, { headers: { authorization: 'Bearer wrong-token-again-xxxxxxxxxxxxxxx', ...me } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await limited.json()).error).toBe('authorization: too many wrong credentials from this address; try again later');
    expect((await fetch(`${k.url}/v1/summary`, { headers: { authorization: `Bearer ${ADMIN}`, ...me } })).status).toBe(429);
    // Another address is not affected.
    expect((await fetch(`${k.url}/v1/summary`, { headers: { authorization: `Bearer ${ADMIN}`, 'x-forwarded-for': '203.0.113.8' } })).status).toBe(200);
  });

  test('requests without any credential are not counted (a dashboard before sign-in)', async () => {
    const me = { 'x-forwarded-for': '203.0.113.9' };
    for (let i = 0; i < 15; i++) expect((await fetch(`${k.url}/v1/summary`, { headers: me })).status).toBe(401);
    expect((await fetch(`${k.url}/v1/summary`, { headers: { authorization: `Bearer ${ADMIN}`, ...me } })).status).toBe(200);
  });

  test('X-Forwarded-For: the right-most entry counts (the one the proxy appended)', async () => {
    const spoof = (i: number) => ({ 'x-forwarded-for': `10.0.0.${i}, 203.0.113.20` });
    for (let i = 0; i < 10; i++) await fetch(`${k.url}/v1/summary`, { headers: { authorization: 'Bearer wrong-token-xxxxxxxxxxxxxxxxxxxxxx', ...spoof(i) } });
    expect((await fetch(`${k.url}/v1/summary`, { headers: { authorization: `Bearer ${ADMIN}`, ...spoof(99) } })).status).toBe(429);
  });
});

describe('security headers', () => {
  test('JSON responses: nosniff, no-referrer, a CSP that forbids everything and framing, no-store', async () => {
    for (const res of [await fetch(`${k.url}/health`), await fetch(`${k.url}/v1/summary`, { headers: from() }), await k.send({ responses: [response()] })]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  test('the dashboard page: a strict CSP with frame-ancestors none, no inline script or style', async () => {
    const res = await fetch(`${k.url}/dashboard`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).not.toMatch(/<script>(?!<\/script>)|<style|style=/);
    // The page holds no customer data: it is the same for everyone.
    expect(html).not.toContain('secret comment');
  });
});

test('GET /v1/openapi.json: an OpenAPI 3.1 document of every route, with the protocol schemas', async () => {
  const doc = await k.get('/v1/openapi.json');
  expect(doc.openapi).toBe('3.1.0');
  const paths = Object.keys(doc.paths);
  expect(paths).toEqual(expect.arrayContaining([
    '/dashboard/session', '/health', '/s/{code}', '/s/{code}/comment', '/u/{code}', '/v1/answered', '/v1/audit', '/v1/cases', '/v1/cases/{id}', '/v1/channels', '/v1/customers/{customerId}',
    '/v1/customers/{customerId}/export', '/v1/deliveries', '/v1/deliveries/{deliveryId}', '/v1/deliveries/{deliveryId}/answers', '/v1/deliveries/{deliveryId}/cancel', '/v1/deliveries/{deliveryId}/card', '/v1/displays', '/v1/drivers', '/v1/export',
    '/v1/forget', '/v1/invitations', '/v1/invitations/summary', '/v1/invitations/{id}/result', '/v1/mail', '/v1/mail/{id}', '/v1/mail/{id}/html', '/v1/openapi.json', '/v1/responses', '/v1/summary',
    '/v1/themes', '/v1/themes/series', '/v1/themes/tone', '/v1/themes/tone/train',
    '/v1/webhooks', '/v1/webhooks/{endpoint}/deliveries/{event}/resend', '/v1/webhooks/{endpoint}/enable',
    '/dashboard/signin/email', '/dashboard/signin/link', '/dashboard/join', '/dashboard/sso',
  ]));
  // Every guarded route (http/access.ts) is documented, with the method it answers.
  const shape = (p: string) => p.replace(/\{[^}]+\}|:[a-zA-Z]+/g, '*');
  for (const r of ROUTES) {
    const doc_ = paths.find((p) => shape(p) === shape(r.path));
    expect(doc_ && doc.paths[doc_][r.method.toLowerCase()], `${r.method} ${r.path}`).toBeDefined();
  }
  // Every route but the public ones needs the credential.
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { security?: unknown }>>)) {
    for (const [method, op] of Object.entries(item)) {
      // The public ones: health, sign-in, forget, posting answers, and the customer's links and question.
      const open = ['/health', '/v1/forget', '/v1/answered', '/s/{code}', '/s/{code}/comment', '/u/{code}'];
      if (method === 'parameters' || open.includes(path) || path.startsWith('/dashboard/') || (path === '/v1/responses' && method === 'post')) continue;
      expect(op.security, `${method} ${path}`).toEqual([{ admin: [] }]);
    }
  }
  expect(doc.paths['/v1/summary'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
    ['from', 'to', 'survey', 'band', 'csat', 'q', 'meta', 'complete', 'wave', 'reason', 'channel', 'term', 'interval', 'by', 'sort', 'If-None-Match'],
  );
  expect(doc.paths['/v1/drivers'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['from', 'to', 'survey', 'band', 'csat', 'q', 'meta', 'complete', 'wave', 'reason', 'channel', 'term', 'If-None-Match']);
  expect(doc.components.schemas.Response.properties.deliveryToken).toBeDefined();
  expect(doc.components.schemas.Batch.properties.responses.items).toEqual({ $ref: '#/components/schemas/Response' });
  expect(doc.paths['/v1/summary'].get.security).toEqual([{ admin: [] }]);
  expect(JSON.stringify(doc)).not.toContain('#/$defs/');
});

test('/health answers 503 once the database is gone', async () => {
  const own = await startCollector();
  try {
    await own.c.db.destroy();
    const res = await fetch(`${own.url}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, db: 'sqlite' });
  } finally {
    await own.close().catch(() => undefined);
  }
});

test('rate limit on POST /v1/responses: the request past AFTERCARE_RATE_LIMIT a minute gets 429 with Retry-After and stores nothing; other addresses go on', async () => {
  const own = await startCollector({ rateLimit: 3, trustProxy: true });
  try {
    const send = (r: unknown, ip: string) =>
      fetch(`${own.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip }, body: JSON.stringify({ responses: [r] }) });
    for (let i = 0; i < 3; i++) expect((await send(response(), '192.0.2.1')).status).toBe(200);
    const r = response();
    const limited = await send(r, '192.0.2.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await limited.json()).error).toBe("rate limit: at most 3 requests a minute from one address; retry after the Retry-After header's seconds");
    expect(await own.row(r.id)).toBeUndefined();
    expect((await send(r, '192.0.2.2')).status).toBe(200);
    expect((await own.get('/v1/summary')).collector.rateLimited).toBe(1);
  } finally {
    await own.close();
  }
});
