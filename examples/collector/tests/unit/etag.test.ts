// Conditional reads (http/etag.ts) on SQLite: the suite through a running collector
// (tests/support/etag-suite.ts), then the middleware alone (the handler is not run on a 304, the
// counter is read before it), If-None-Match's comparison, and the OpenAPI document.
import { Hono, type MiddlewareHandler } from 'hono';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { CONDITIONAL, conditional, matches, sortedQuery } from '../../src/http/etag.ts';
import { openApiDocument } from '../../src/http/openapi.ts';
import { setPrincipal } from '../../src/http/access.ts';
import { bumpChanges } from '../../src/store/changes.ts';
import { etagSuite } from '../support/etag-suite.ts';
import { startCollector, type Running } from '../support/harness.ts';

etagSuite(async () => undefined);

const clock = Date.parse('2026-11-25T09:00:10.000Z');
let k: Running;
beforeAll(async () => {
  k = await startCollector({ startEscalation: false, startInvitationWorker: false });
});
afterAll(() => k.close());


describe('the middleware alone', () => {
  test('the handler does not run on a 304; the counter is read before it, so a change during it gives an older tag', async () => {
    let changeDuring = false;
    const handler = vi.fn(async () => {
      if (changeDuring) await bumpChanges(k.c.db);
      return new Response('{"n":1}', { headers: { 'content-type': 'application/json' } });
    });
    const unchanged = conditional({ db: k.c.db, now: () => clock, setup: () => 'v1' });
    const app = new Hono();
    const asKey: MiddlewareHandler = async (c, next) => {
      setPrincipal(c, { kind: 'key', id: 'k1', name: 'k', scopes: ['admin'] });
      await next();
    };
    app.get('/v1/summary', asKey, unchanged, handler);
    // A route that is not conditional passes straight through, untagged.
    app.get('/v1/me', asKey, unchanged, (c) => c.json({}));
    const first = await app.request('/v1/summary');
    expect(first.status).toBe(200);
    const tag = first.headers.get('etag')!;
    const second = await app.request('/v1/summary', { headers: { 'if-none-match': `"other", ${tag}` } });
    expect(second.status).toBe(304);
    expect(handler).toHaveBeenCalledTimes(1);
    expect((await app.request('/v1/me')).headers.get('etag')).toBeNull();

    changeDuring = true;
    const during = await app.request('/v1/summary', { headers: { 'if-none-match': 'W/"none"' } });
    changeDuring = false;
    expect((await app.request('/v1/summary', { headers: { 'if-none-match': during.headers.get('etag')! } })).status).toBe(200);
  });

  test('If-None-Match: weak comparison, lists and *; the query sorted by name, one name\'s values kept in order', () => {
    expect(matches('W/"abc"', 'W/"abc"')).toBe(true);
    expect(matches('"abc"', 'W/"abc"')).toBe(true);
    expect(matches('"x", W/"abc"', 'W/"abc"')).toBe(true);
    expect(matches('*', 'W/"abc"')).toBe(true);
    expect(matches('W/"abd"', 'W/"abc"')).toBe(false);
    expect(matches(undefined, 'W/"abc"')).toBe(false);
    expect(sortedQuery('?b=1&a=2&b=0')).toBe(sortedQuery('?a=2&b=1&b=0'));
    expect(sortedQuery('?b=1&b=0')).not.toBe(sortedQuery('?b=0&b=1'));
  });
});

test('the OpenAPI document: If-None-Match, the ETag of a 200 and the 304 on every conditional route, and on no other', () => {
  const doc = openApiDocument('test') as unknown as { paths: Record<string, { get?: { parameters: Array<{ name: string }>; responses: Record<string, { headers?: object }> } }> };
  const shape = (p: string) => p.replace(/\{[^}]+\}|:[a-z]+/g, '*');
  const marked = Object.entries(doc.paths).filter(([, item]) => item.get?.responses[304]);
  expect(marked.map(([p]) => shape(p)).sort()).toEqual(CONDITIONAL.map((r) => shape(r.path)).sort());
  for (const [, item] of marked) {
    expect(item.get!.parameters.at(-1)!.name).toBe('If-None-Match');
    expect(Object.keys(item.get!.responses[200]!.headers!)).toEqual(expect.arrayContaining(['ETag', 'Cache-Control']));
  }
});

