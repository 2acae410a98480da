// Conditional reads through a running collector (http/etag.ts), on SQLite (tests/unit/etag.test.ts)
// and PostgreSQL (tests/postgres/etag.test.ts): a weak ETag on the read routes, 304 for If-None-Match
// while nothing shown has changed, never before the credential and permission checks; what moves the
// change counter (requests, the purge, the workers) and what does not (a refused change, a sign-in).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN, response, startCollector, type Running } from './harness.ts';

/** `db`: a fresh database's URL for each collector the suite starts (undefined: a SQLite file). */
export function etagSuite(db: () => Promise<string | undefined>) {
  const on = async () => {
    const url = await db();
    return url ? { db: url } : {};
  };
  const MINUTE = 60_000;
  let clock = Date.parse('2026-11-25T09:00:10.000Z');
  let k: Running;
  beforeAll(async () => {
    k = await startCollector({ ...(await on()), now: () => clock, followupHours: 24, startEscalation: false, startInvitationWorker: false });
    await k.send({ responses: [response({ nps: 3, csat: undefined, meta: { store: 'Berlin' } }), response({ nps: 10, csat: undefined })] });
  });
  afterAll(() => k.close());

  const get = (path: string, headers: Record<string, string> = {}, token: string | null = ADMIN) =>
    fetch(`${k.url}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  /** The ETag of a 200, checked to be weak and revalidated. */
  async function tagOf(path: string, token: string | null = ADMIN) {
    const res = await get(path, {}, token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    const tag = res.headers.get('etag');
    expect(tag).toMatch(/^W\/"[\w-]{22}"$/);
    await res.arrayBuffer();
    return tag!;
  }
  const again = (path: string, tag: string, token: string | null = ADMIN) => get(path, { 'if-none-match': tag }, token);

  const ROUTES = ['/v1/summary?interval=week&by=meta.store', '/v1/responses?limit=5', '/v1/cases', '/v1/drivers', '/v1/channels', '/v1/themes', '/v1/invitations/summary', '/v1/deliveries', '/v1/scorecards?by=handlers', '/v1/followup/rules', '/v1/calendars'];

  describe('ETag and 304 on the read routes', () => {
    test.each(ROUTES)('%s: 200 with a weak ETag; the same request with If-None-Match is 304 with no body', async (path) => {
      const tag = await tagOf(path);
      const res = await again(path, tag);
      expect(res.status).toBe(304);
      expect(res.headers.get('etag')).toBe(tag);
      expect(res.headers.get('cache-control')).toBe('private, no-cache');
      expect(await res.text()).toBe('');
    });

    test('another query, or the same parameters in another order, as the tag says', async () => {
      const tag = await tagOf('/v1/summary?interval=week&by=meta.store');
      expect((await again('/v1/summary?by=meta.store&interval=week', tag)).status).toBe(304);
      expect((await again('/v1/summary?interval=month&by=meta.store', tag)).status).toBe(200);
      expect((await again('/v1/drivers', tag)).status).toBe(200);
    });

    test('after a POST of an answer: 200 with a new tag', async () => {
      const path = '/v1/responses?limit=5';
      const tag = await tagOf(path);
      expect((await k.send({ responses: [response({ csat: 5 })] })).status).toBe(200);
      const res = await again(path, tag);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).not.toBe(tag);
    });

    test('after a case PATCH: a new tag for /v1/cases and the case; a refused PATCH moves nothing', async () => {
      const list = (await k.get('/v1/cases')).cases as Array<{ id: string }>;
      const id = list[0]!.id;
      const tags = [await tagOf('/v1/cases'), await tagOf(`/v1/cases/${id}`)];
      const patch = (body: unknown) =>
        fetch(`${k.url}/v1/cases/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect((await patch({ status: 'nonsense' })).status).toBe(400);
      expect((await again('/v1/cases', tags[0]!)).status).toBe(304);
      expect((await patch({ status: 'contacted', note: 'Called back' })).status).toBe(200);
      expect((await again('/v1/cases', tags[0]!)).status).toBe(200);
      expect((await again(`/v1/cases/${id}`, tags[1]!)).status).toBe(200);
    });

    test('another reader gets another tag: the admin token and keys with other scopes never share one', async () => {
      const key = async (scopes: string[]) => {
        const res = await fetch(`${k.url}/v1/keys`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: scopes.join(' '), scopes }) });
        expect(res.status).toBe(201);
        return ((await res.json()) as { secret: string }).secret;
      };
      const [reader, admin] = [await key(['responses:read']), await key(['admin'])];
      const path = '/v1/summary';
      const tags = [await tagOf(path), await tagOf(path, reader), await tagOf(path, admin)];
      expect(new Set(tags).size).toBe(3);
      // Each one's own tag still answers 304 for them, and not for the others.
      expect((await again(path, tags[1]!, reader)).status).toBe(304);
      expect((await again(path, tags[0]!, reader)).status).toBe(200);
    });

    test('never a 304 before the checks: no credential is 401, a role without the permission 403', async () => {
      const tag = await tagOf('/v1/responses?limit=5');
      const res = await again('/v1/responses?limit=5', tag, null);
      expect(res.status).toBe(401);
      expect(res.headers.get('etag')).toBeNull();
      expect((await again('/v1/responses?limit=5', tag, 'a-wrong-token-0123456789abcdef')).status).toBe(401);
      const keyRes = await fetch(`${k.url}/v1/keys`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'sender', scopes: ['deliveries:write'] }) });
      const sender = ((await keyRes.json()) as { secret: string }).secret;
      expect((await again('/v1/responses?limit=5', '*', sender)).status).toBe(403);
    });

    test("the minute rolls over: the summary's tag changes (its period and overdue counts follow the clock); the answers' list does not", async () => {
      const [summary, list] = [await tagOf('/v1/summary'), await tagOf('/v1/responses?limit=5')];
      clock += 30_000;
      const within = Math.floor(clock / MINUTE) === Math.floor((clock - 30_000) / MINUTE);
      expect(within).toBe(true);
      expect((await again('/v1/summary', summary)).status).toBe(304);
      clock += MINUTE;
      expect((await again('/v1/summary', summary)).status).toBe(200);
      expect((await again('/v1/responses?limit=5', list)).status).toBe(304);
    });

    test('a 304 is not audited; the 200 it stands for was', async () => {
      const audit = async () => ((await k.get('/v1/audit?action=responses.read&limit=500')).entries as unknown[]).length;
      const path = '/v1/responses?limit=7';
      const tag = await tagOf(path);
      const before = await audit();
      // Past the 10 minutes within which a repeated read is recorded once: a 200 now would be recorded again.
      clock += 11 * MINUTE;
      expect((await again(path, tag)).status).toBe(304);
      expect(await audit()).toBe(before);
    });
  });

  describe('what else moves the counter', () => {
    test('a retention purge that deletes answers; a sign-in does not', async () => {
      let t = Date.parse('2026-11-25T09:00:00.000Z');
      const p = await startCollector({ ...(await on()), now: () => t, retentionDays: 1 });
      try {
        expect((await p.send({ responses: [response({ csat: 4, answeredAt: '2026-11-25T08:00:00.000Z' })] })).status).toBe(200);
        const path = '/v1/responses';
        const res = await fetch(`${p.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}` } });
        const tag = res.headers.get('etag')!;
        const cond = () => fetch(`${p.url}${path}`, { headers: { authorization: `Bearer ${ADMIN}`, 'if-none-match': tag } });
        const signIn = await fetch(`${p.url}/dashboard/session`, { method: 'POST', headers: { 'content-type': 'application/json', origin: p.url }, body: JSON.stringify({ token: ADMIN }) });
        expect(signIn.status).toBe(204);
        expect((await cond()).status).toBe(304);
        t += 2 * 86_400_000;
        expect((await p.c.purge()).responses).toBe(1);
        expect((await cond()).status).toBe(200);
      } finally {
        await p.close();
      }
    });
  });

  test('the workers: a webhook attempt recorded, an escalation, an invitation settled', async () => {
    let t = Date.parse('2026-11-25T09:00:00.000Z');
    const w = await startCollector({
      ...(await on()),
      now: () => t, followupHours: 1, startEscalation: false, startInvitationWorker: false, startWorker: false,
      webhookUrls: ['http://127.0.0.1:9/hook'], webhookSecret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`, webhookAllowPrivate: true,
    });
    try {
      // The answers' list does not follow the clock: only the counter moves its tag.
      const tagNow = async () => {
        const res = await fetch(`${w.url}/v1/responses`, { headers: { authorization: `Bearer ${ADMIN}` } });
        await res.arrayBuffer();
        return res.headers.get('etag');
      };
      expect((await w.send({ responses: [response({ nps: 2, csat: undefined, answeredAt: '2026-11-25T08:59:00.000Z' })] })).status).toBe(200);
      let tag = await tagNow();
      expect(await w.c.worker!.runOnce()).toBeGreaterThan(0);
      expect(await tagNow()).not.toBe(tag);
      tag = await tagNow();
      t += 3 * 3_600_000;
      expect(await w.c.escalation.runOnce()).toBeGreaterThan(0);
      expect(await tagNow()).not.toBe(tag);
      const posted = await fetch(`${w.url}/v1/deliveries`, {
        method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ deliveries: [{ id: 'etag-d1', deliveredAt: new Date(t).toISOString(), email: 'ana@example.com' }] }),
      });
      expect(posted.status).toBe(200);
      tag = await tagNow();
      t += 20 * 86_400_000;
      expect(await w.c.invitationWorker.runOnce()).toBeGreaterThan(0);
      expect(await tagNow()).not.toBe(tag);
      // Nothing due: nothing moves.
      tag = await tagNow();
      await w.c.escalation.runOnce();
      await w.c.invitationWorker.runOnce();
      expect(await tagNow()).toBe(tag);
    } finally {
      await w.close();
    }
  });
}
