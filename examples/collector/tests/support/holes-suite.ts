// The holes found when the collector was attacked, each as a reproduction that must hold: the same
// suite on SQLite (tests/unit/holes.test.ts) and on a real PostgreSQL server
// (tests/postgres/holes.test.ts).
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CollectorOptions } from '../../src/app.ts';
import { ADMIN, display, response, type Running } from './harness.ts';

/** Starts a collector; `db` reopens a database an earlier start made (for restarts). */
export type Start = (options?: Partial<CollectorOptions>) => Promise<Running>;

const SECRET = 'holes-suite-delivery-secret-0123456789abcdef';
const NOW = Date.parse('2026-12-01T12:00:00.000Z');
const uuid = (prefix: string, i: number) => `00000000-0000-4000-${prefix}-${String(i).padStart(12, '0')}`;
const token = (sub: string, dat: string) => new SignJWT({ dat }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).sign(new TextEncoder().encode(SECRET));

/**
 * `start` makes a collector on a fresh database (or the one `db` names); `freshDb` names a new,
 * empty database for the tests that restart a collector on it.
 */
export function holesSuite(start: Start, freshDb: () => Promise<string>) {
  let k: Running;
  beforeAll(async () => {
    k = await start({ now: () => NOW });
  });
  afterAll(async () => {
    await k?.close();
  });
  const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as any });

  describe('one response per delivery and wave', () => {
    test('a valid token for one delivery on 500 answers under 500 ids: one stored, 499 refused naming id, one case, NPS from one answer', async () => {
      const s = await start({ now: () => NOW, deliverySecret: SECRET });
      try {
        const deliveredAt = '2026-11-26T10:00:00.000Z';
        const deliveryToken = await token('attacked', deliveredAt);
        const many = Array.from({ length: 500 }, (_, i) =>
          response({ id: uuid('a000', i), deliveryId: 'attacked', deliveredAt, answeredAt: '2026-11-30T10:00:00.000Z', nps: 0, csat: undefined, deliveryToken }),
        );
        const { status, body } = await json(await s.send({ responses: many }));
        expect(status).toBe(200);
        expect(body.accepted).toBe(1);
        expect(body.rejected).toHaveLength(499);
        expect(body.rejected[0]).toEqual({
          id: uuid('a000', 1),
          error: 'responses.1.id: delivery "attacked" already has a response under another id; one response per delivery and wave (revise it under its own id)',
        });
        // Sent again one at a time: still refused; the one stored revises itself.
        expect((await json(await s.send({ responses: [many[7]] }))).body).toMatchObject({ accepted: 0, rejected: [{ id: uuid('a000', 7) }] });
        expect((await json(await s.send({ responses: [{ ...many[0], revision: 2, nps: 9 }] }))).body).toEqual({ accepted: 1, rejected: [] });
        const summary = await s.ok('/v1/summary');
        expect(summary.nps).toMatchObject({ answers: 1, score: 100 });
        expect((await s.ok('/v1/cases')).cases).toHaveLength(1);
        expect(await s.rows()).toHaveLength(1);
      } finally {
        await s.close();
      }
    });

    test('unsigned too: each wave is its own slot, a second id for a wave is refused, the first in a batch wins', async () => {
      const a = response({ deliveryId: 'slots', nps: 3, csat: undefined });
      const b = response({ deliveryId: 'slots', nps: 10, csat: undefined });
      const wave1 = response({ deliveryId: 'slots', wave: 1, answeredAt: '2026-11-30T10:00:00.000Z' });
      const wave1again = response({ deliveryId: 'slots', wave: 1, answeredAt: '2026-11-30T11:00:00.000Z' });
      const { body } = await json(await k.send({ responses: [a, b, wave1, wave1again] }));
      expect(body).toEqual({
        accepted: 2,
        rejected: [
          { id: b.id, error: 'responses.1.id: delivery "slots" already has a response under another id; one response per delivery and wave (revise it under its own id)' },
          { id: wave1again.id, error: 'responses.3.id: delivery "slots" (wave 1) already has a response under another id; one response per delivery and wave (revise it under its own id)' },
        ],
      });
      expect((await k.rows()).filter((r) => r.deliveryId === 'slots').map((r) => r.id).sort()).toEqual([a.id, wave1.id].sort());
      // Only cases for the stored answers: `a` (NPS 3) opens one; `b` never does.
      expect((await k.ok('/v1/cases?limit=100')).cases.filter((c: any) => c.deliveryId === 'slots')).toHaveLength(1);
    });

    test('twenty concurrent posts of twenty ids for one delivery: exactly one is stored', async () => {
      const posts = Array.from({ length: 20 }, (_, i) => k.send({ responses: [response({ id: uuid('9c00', i), deliveryId: 'race', nps: 1, csat: undefined })] }).then(json));
      const results = await Promise.all(posts);
      expect(results.map((r) => r.status === 200 ? 200 : JSON.stringify(r.body))).toEqual(results.map(() => 200));
      expect(results.reduce((n, r) => n + r.body.accepted, 0)).toBe(1);
      expect((await k.rows()).filter((r) => r.deliveryId === 'race')).toHaveLength(1);
    });

    test('rows stored before the rule stay as they are, and each still takes its own revisions', async () => {
      const first = response({ deliveryId: 'legacy', nps: 8, csat: undefined, meta: { set: 'legacy' } });
      await k.send({ responses: [first] });
      // A second answer for the same delivery, written as an older collector did (no slot).
      const row = await k.c.db.selectFrom('responses').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
      const second = uuid('b000', 1);
      await k.c.db.insertInto('responses').values({ ...row, id: second, nps: 2 }).execute();
      expect((await k.rows()).filter((r) => r.deliveryId === 'legacy')).toHaveLength(2);
      const { body } = await json(await k.send({ responses: [{ ...first, id: second, revision: 2, nps: 3 }] }));
      expect(body).toEqual({ accepted: 1, rejected: [] });
      expect(await k.row(second)).toMatchObject({ revision: 2, nps: 3 });
    });
  });

  describe('accepted counts only what is stored', () => {
    test('a refusal after a suppressed record still names its own index; one id for two waves in a batch is refused naming wave', async () => {
      const gone = response({ deliveryId: 'suppressed-first' });
      await k.send({ responses: [gone] });
      const erase = await fetch(`${k.url}/v1/deliveries/suppressed-first?suppress=true`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
      expect(erase.status).toBe(200);
      const holder = response({ deliveryId: 'taken-after' });
      await k.send({ responses: [holder] });
      const again = response({ deliveryId: 'suppressed-first' });
      const second = response({ deliveryId: 'taken-after' });
      const { body } = await json(await k.send({ responses: [again, second] }));
      expect(body.accepted).toBe(0);
      expect(body.rejected.map((r: { error: string }) => r.error.split(':')[0])).toEqual(['responses.0', 'responses.1.id']);
      const twin = response({ deliveryId: 'twin-waves', revision: 2 });
      const { body: waves } = await json(await k.send({ responses: [twin, { ...twin, revision: 1, wave: 1 }] }));
      expect(waves).toEqual({ accepted: 1, rejected: [{ id: twin.id, error: 'responses.1.wave: another record of this batch has this id for another wave' }] });
    });

    test('an older revision is accepted (already stored higher); another delivery under the same id, or a moved wave, is refused naming the field', async () => {
      const r = response({ deliveryId: 'acc-1', revision: 3 });
      await k.send({ responses: [r] });
      expect((await json(await k.send({ responses: [{ ...r, revision: 2 }] }))).body).toEqual({ accepted: 1, rejected: [] });
      expect((await json(await k.send({ responses: [{ ...r, revision: 4, deliveryId: 'acc-other' }] }))).body).toEqual({
        accepted: 0,
        rejected: [{ id: r.id, error: 'responses.0.deliveryId: this id is already stored for another delivery; a record keeps its delivery' }],
      });
      expect(await k.row(r.id)).toMatchObject({ deliveryId: 'acc-1', revision: 3 });
      const d = display({ deliveryId: 'acc-1', outcome: 'answered' });
      await k.send({ displays: [d] });
      expect((await json(await k.send({ displays: [{ ...d, outcome: 'expired' }] }))).body).toEqual({ accepted: 1, rejected: [] });
      expect((await json(await k.send({ displays: [{ ...d, deliveryId: 'acc-other' }] }))).body).toEqual({
        accepted: 0,
        rejected: [{ id: d.id, error: 'displays.0.deliveryId: this id is already stored for another delivery; a record keeps its delivery' }],
      });
      // Two records of one batch under one id for two deliveries: the kept one decides, the other is refused.
      const twin = response({ deliveryId: 'acc-twin-a' });
      const { body } = await json(await k.send({ responses: [twin, { ...twin, revision: 2, deliveryId: 'acc-twin-b' }] }));
      expect(body).toEqual({ accepted: 1, rejected: [{ id: twin.id, error: 'responses.0.deliveryId: another record of this batch has this id for another delivery' }] });
    });

    test('an unsigned record over a signed one is refused naming deliveryToken', async () => {
      const db = await freshDb();
      const deliveredAt = '2026-11-26T10:00:00.000Z';
      const r = response({ deliveryId: 'signed-1', deliveredAt, answeredAt: '2026-11-30T10:00:00.000Z', deliveryToken: await token('signed-1', deliveredAt) });
      const signed = await start({ db, now: () => NOW, deliverySecret: SECRET });
      try {
        expect((await json(await signed.send({ responses: [r] }))).body).toEqual({ accepted: 1, rejected: [] });
      } finally {
        await signed.close();
      }
      const open = await start({ db, now: () => NOW });
      try {
        const { deliveryToken: _, ...unsigned } = r as typeof r & { deliveryToken?: string };
        expect((await json(await open.send({ responses: [{ ...unsigned, revision: 2, nps: 0 }] }))).body).toEqual({
          accepted: 0,
          rejected: [{ id: r.id, error: 'responses.0.deliveryToken: this id was stored with a valid delivery token; an unsigned record cannot replace it' }],
        });
      } finally {
        await open.close();
      }
    });
  });

  describe('times on the wire', () => {
    test.each([
      ['answeredAt', '1970-01-01T00:00:00Z'],
      ['answeredAt', '0000-01-01T00:00:00Z'],
      ['deliveredAt', '9999-12-31T23:00:00-02:00'],
      ['deliveredAt', '1999-12-31T23:59:59.999Z'],
      ['answeredAt', '2026-12-01T12:05:01Z'],
    ])('%s %s is refused naming it; the good record of the batch is kept', async (field, time) => {
      const good = response({ deliveryId: `time-good-${field}-${time}` });
      const bad = response({ deliveryId: `time-bad-${field}-${time}`, deliveredAt: '2026-11-20T10:00:00Z', answeredAt: '2026-11-24T10:00:00Z', [field]: time });
      const { status, body } = await json(await k.send({ responses: [bad, good] }));
      expect(status).toBe(200);
      expect(body.accepted).toBe(1);
      expect(body.rejected).toHaveLength(1);
      expect(body.rejected[0]).toEqual({ id: bad.id, error: `responses.0.${field}: expected a time from 2000-01-01T00:00:00Z to the collector's clock plus 5 minutes (2026-12-01T12:05:00.000Z); got "${time}"` });
      expect(await k.row(good.id)).toBeDefined();
      expect(await k.row(bad.id)).toBeUndefined();
    });

    test('the collector clock plus 5 minutes is the latest; an answer up to a day before its delivery is kept, more is refused', async () => {
      const edge = response({ deliveredAt: '2026-11-26T10:00:00Z', answeredAt: '2026-12-01T12:05:00Z' });
      const early = response({ deliveredAt: '2026-11-26T10:00:00Z', answeredAt: '2026-11-25T10:00:00Z' });
      const tooEarly = response({ deliveredAt: '2026-11-26T10:00:00Z', answeredAt: '2026-11-25T09:59:59Z' });
      const shown = display({ shownAt: '1999-06-01T00:00:00Z' });
      const { body } = await json(await k.send({ responses: [edge, early, tooEarly], displays: [shown] }));
      expect(body).toEqual({
        accepted: 2,
        rejected: [
          { id: tooEarly.id, error: 'responses.2.answeredAt: expected a time no more than a day before deliveredAt' },
          { id: shown.id, error: `displays.0.shownAt: expected a time from 2000-01-01T00:00:00Z to the collector's clock plus 5 minutes (2026-12-01T12:05:00.000Z); got "1999-06-01T00:00:00Z"` },
        ],
      });
    });

    test('All time by day over an answer from 1970 (stored before the bounds): 200, by a coarser interval, and it says so', async () => {
      const old = response({ meta: { set: 'epoch' } });
      await k.send({ responses: [old] });
      await k.c.db.updateTable('responses').set({ answered_at: '1970-01-01T00:00:00.000Z', answered_ms: 0, answered_q: 0 }).where('id', '=', old.id).execute();
      await k.c.db.updateTable('response_meta').set({ answered_ms: 0, answered_q: 0 }).where('response_id', '=', old.id).execute();
      const s = await k.ok('/v1/summary?interval=day&meta.set=epoch');
      expect(s).toMatchObject({ interval: 'month', intervalAsked: 'day', responses: 1 });
      expect(s.series.length).toBeLessThanOrEqual(1500);
      expect(s.series.reduce((n: number, p: any) => n + p.responses, 0)).toBe(1);
    });
  });

  describe('numbers every store holds', () => {
    test.each([
      ['responses', 'wave', 1e15],
      ['responses', 'wave', 2 ** 31],
      ['responses', 'revision', 2 ** 31],
      ['displays', 'wave', 1e15],
    ])('%s: %s %d is a 400-free refusal naming it; the good records of the batch are stored', async (kind, field, value) => {
      const good = response();
      const goodShown = display();
      const bad = kind === 'responses' ? response({ [field]: value }) : display({ [field]: value });
      const batch = kind === 'responses' ? { responses: [bad, good], displays: [goodShown] } : { responses: [good], displays: [bad, goodShown] };
      const { status, body } = await json(await k.send(batch));
      expect(status).toBe(200);
      expect(body).toEqual({ accepted: 2, rejected: [{ id: bad.id, error: `${kind}.0.${field}: expected an integer from ${field === 'wave' ? 0 : 1} to 2147483647` }] });
      expect(await k.row(good.id)).toBeDefined();
      expect(await k.displayRow(goodShown.id)).toBeDefined();
    });
  });

  describe('meta', () => {
    test('at most 20 keys a record: 21 is refused naming meta, 20 is stored', async () => {
      const keys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i}`, i]));
      const twenty = response({ meta: keys(20) });
      const more = response({ meta: keys(21) });
      expect((await json(await k.send({ responses: [more, twenty] }))).body).toEqual({ accepted: 1, rejected: [{ id: more.id, error: 'responses.0.meta: expected at most 20 keys' }] });
    });

    test('the summary lists at most the 50 most used keys (and how many there are); any other key is asked for by name', async () => {
      const s = await start({ now: () => NOW });
      try {
        const batch = [];
        // Ten keys on many answers, then 60 keys carried by one answer each.
        for (let i = 0; i < 10; i++) batch.push(response({ meta: Object.fromEntries(Array.from({ length: 10 }, (_, j) => [`common${j}`, `v${i}`])) }));
        for (let i = 0; i < 3; i++) batch.push(response({ meta: Object.fromEntries(Array.from({ length: 20 }, (_, j) => [`rare${i * 20 + j}`, 'x'])) }));
        expect((await json(await s.send({ responses: batch }))).body.accepted).toBe(13);
        const summary = await s.ok('/v1/summary');
        expect(summary.metaKeysTotal).toBe(70);
        expect(summary.metaKeys).toHaveLength(50);
        for (let j = 0; j < 10; j++) expect(summary.metaKeys).toContain(`common${j}`);
        expect(JSON.stringify(summary).length).toBeLessThan(20_000);
        const unlisted = Array.from({ length: 60 }, (_, i) => `rare${i}`).find((key) => !summary.metaKeys.includes(key))!;
        expect((await s.ok(`/v1/summary?by=meta.${unlisted}`)).segments).toMatchObject([{ key: unlisted, value: 'x', responses: 1 }]);
        expect((await s.ok(`/v1/responses?meta.${unlisted}=x`)).responses).toHaveLength(1);
      } finally {
        await s.close();
      }
    });
  });

  describe('filters', () => {
    const metaParams = (n: number) => Array.from({ length: n }, (_, i) => `meta.k=${i}`).join('&');
    test.each(['/v1/responses', '/v1/cases', '/v1/summary', '/v1/drivers', '/v1/export'])('%s: 1,200 meta filters are a 400 naming the parameter, 20 are answered', async (path) => {
      const many = await k.read(`${path}?${metaParams(1200)}`);
      expect(many).toEqual({ status: 400, body: { error: 'meta.k: expected at most 20 meta filters in all' } });
      expect((await fetch(`${k.url}${path}?${metaParams(20)}`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(200);
    });

    test.each([
      ['band', 'detractor'],
      ['csat', '1'],
      ['reason', 'speed'],
    ])('more than 10 values of %s are a 400 naming it', async (name, value) => {
      const q = Array.from({ length: 11 }, () => `${name}=${value}`).join('&');
      expect(await k.read(`/v1/responses?${q}`)).toEqual({ status: 400, body: { error: `${name}: expected at most 10 values; got 11` } });
    });

    test('more than 10 statuses on /v1/cases are a 400 naming status', async () => {
      expect(await k.read(`/v1/cases?${Array.from({ length: 11 }, () => 'status=open').join('&')}`)).toEqual({ status: 400, body: { error: 'status: expected at most 10 values; got 11' } });
    });
  });

  describe('the audit log', () => {
    test('a refused request with a 10,000-character query and a forged cookie is not recorded; GET /v1/audit answers 200 with valid JSON', async () => {
      const s = await start();
      try {
        const before = (await s.ok('/v1/summary')).collector.unauthorized;
        const long = `q=${'x'.repeat(10_000)}`;
        expect((await fetch(`${s.url}/v1/responses?${long}`, { headers: { cookie: 'aftercare_session=forged-cookie-value' } })).status).toBe(401);
        expect((await fetch(`${s.url}/v1/responses?${long}`, { headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } })).status).toBe(401);
        expect((await fetch(`${s.url}/v1/responses?${long}`)).status).toBe(401);
        const res = await fetch(`${s.url}/v1/audit?limit=500`, { headers: { authorization: `Bearer ${ADMIN}` } });
        expect(res.status).toBe(200);
        const { entries } = JSON.parse(await res.text());
        expect(entries.filter((e: any) => e.action === 'responses.read')).toEqual([]);
        // Counted instead: the three refusals above (the summary read itself is not one).
        expect((await s.ok('/v1/summary')).collector.unauthorized).toBe(before + 3);
      } finally {
        await s.close();
      }
    });

    test('200 refused requests add no audit rows', async () => {
      const s = await start();
      try {
        const count = async () => Number((await s.c.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
        const before = await count();
        for (let i = 0; i < 200; i++) await fetch(`${s.url}/v1/export?i=${i}`);
        expect(await count()).toBe(before);
      } finally {
        await s.close();
      }
    });

    test('a recorded request with a 10,000-character query keeps valid JSON: the values are cut, never the JSON', async () => {
      const s = await start();
      try {
        const q = `${'x'.repeat(9_990)}é"\\&=`;
        expect((await s.read(`/v1/responses?q=${encodeURIComponent(q)}`)).status).toBe(400);
        const { entries } = await s.ok('/v1/audit?action=responses.read');
        expect(entries).toHaveLength(1);
        expect(entries[0].outcome).toMatch(/^refused: 400 q: expected at most 200 characters/);
        expect(entries[0].detail.query.length).toBe(2_001);
        expect(entries[0].detail.query.endsWith('…')).toBe(true);
        // Padding cannot push a filter out of the record: the parameters the routes read come first.
        expect((await s.read(`/v1/responses?pad=${'x'.repeat(5_000)}&meta.customer=c-42&limit=5`)).status).toBe(200);
        const padded = (await s.ok('/v1/audit?action=responses.read')).entries[0];
        expect(padded.detail.query.startsWith('meta.customer=c-42&limit=5&pad=xxx')).toBe(true);
      } finally {
        await s.close();
      }
    });

    test('an entry an older collector cut into invalid JSON is shown as text: the log still reads', async () => {
      const s = await start();
      try {
        // Today's (an old entry could meet the start-up purge of entries past AFTERCARE_AUDIT_DAYS).
        const id = `${Date.now().toString(36).padStart(9, '0')}.zzzz.00000000`;
        await s.c.db.insertInto('audit_log').values({ id, at_ms: Date.now(), actor: 'admin token', action: 'responses.read', target: null, rows: null, address: null, outcome: 'refused: 401', detail: '{"query":"xxxx' }).execute();
        const { entries } = await s.ok('/v1/audit?action=responses.read&limit=500');
        expect(entries.find((e: any) => e.id === id)?.detail, JSON.stringify(entries)).toEqual({ unreadable: '{"query":"xxxx' });
      } finally {
        await s.close();
      }
    });

    test('forged session cookies count as wrong credentials: after 10 a minute, the address waits', async () => {
      const s = await start();
      try {
        for (let i = 0; i < 10; i++) expect((await fetch(`${s.url}/v1/summary`, { headers: { cookie: `aftercare_session=guess-${i}` } })).status).toBe(401);
        const res = await fetch(`${s.url}/v1/summary`, { headers: { authorization: `Bearer ${ADMIN}` } });
        expect(res.status).toBe(429);
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        await s.close();
      }
    });
  });

  describe('sessions', () => {
    test('a changed admin token ends the sessions the old one made', async () => {
      const db = await freshDb();
      const other = 'another-admin-token-0123456789abcdef';
      const first = await start({ db });
      let cookie: string;
      try {
        const login = await fetch(`${first.url}/dashboard/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: ADMIN }) });
        expect(login.status).toBe(204);
        cookie = login.headers.get('set-cookie')!.split(';')[0]!;
        expect((await fetch(`${first.url}/v1/summary`, { headers: { cookie } })).status).toBe(200);
      } finally {
        await first.close();
      }
      const second = await start({ db, adminToken: other });
      try {
        expect((await fetch(`${second.url}/v1/summary`, { headers: { cookie } })).status).toBe(401);
        expect((await fetch(`${second.url}/dashboard/session`, { headers: { cookie } })).status).toBe(401);
        expect((await fetch(`${second.url}/v1/summary`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(401);
        expect((await fetch(`${second.url}/v1/summary`, { headers: { authorization: `Bearer ${other}` } })).status).toBe(200);
      } finally {
        await second.close();
      }
    });
  });

  describe('text', () => {
    test('a lone surrogate becomes U+FFFD in the comment and in meta keys and values alike, so a filter finds what is stored', async () => {
      const r = response({ comment: 'bad \uD800 half', meta: { 'st\uDC00ore': 'Ber\uD83Dlin', set: 'surrogate' } });
      expect((await json(await k.send({ responses: [r] }))).body).toEqual({ accepted: 1, rejected: [] });
      expect(await k.row(r.id)).toMatchObject({ comment: 'bad \uFFFD half', meta: { 'st\uFFFDore': 'Ber\uFFFDlin', set: 'surrogate' } });
      const found = await k.ok(`/v1/responses?${new URLSearchParams({ 'meta.st\uFFFDore': 'Ber\uFFFDlin' })}`);
      expect(found.responses.map((x: any) => x.id)).toEqual([r.id]);
      expect((await k.ok('/v1/summary')).metaKeys).toContain('st\uFFFDore');
    });
  });
}
