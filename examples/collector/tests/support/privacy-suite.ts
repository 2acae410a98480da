// The collector's privacy half, the same suite on SQLite (tests/unit) and PostgreSQL (tests/postgres):
// erasure of a customer or a delivery (every kind of row, in one transaction), suppression of later
// posts, a customer's data as JSON and CSV, the public forget endpoint with delivery tokens, the
// retention purge on a simulated clock, and the audit trail of all of it.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CollectorOptions } from '../../src/app.ts';
import { ADMIN, display, response, type Running } from './harness.ts';
import { openApiChecker } from './openapi-check.ts';
import { SECRET as WEBHOOK_SECRET } from './webhook-sink.ts';

export const DELIVERY_SECRET = 'privacy-suite-delivery-secret-0123456789abcdef';
const DAY = 86_400_000;

export function privacySuite(start: (o: Partial<CollectorOptions>) => Promise<Running>) {
  const clock = { now: Date.parse('2026-12-01T12:00:00.000Z') };
  let k: Running;
  beforeAll(async () => {
    k = await start({
      now: () => clock.now, deliverySecret: undefined, startWorker: false,
      // Events stay queued (the worker never runs): erasure must find them.
      webhookUrls: ['http://127.0.0.1:9/hook'], webhookSecret: WEBHOOK_SECRET, webhookAllowPrivate: true,
    });
  });
  afterAll(() => k?.close());

  const as = (method: string, path: string, headers: Record<string, string> = {}) =>
    fetch(`${k.url}${path}`, { method, headers: { authorization: `Bearer ${ADMIN}`, ...headers } });
  const count = async (table: 'responses' | 'displays' | 'cases' | 'case_history' | 'webhook_events' | 'webhook_deliveries' | 'response_meta', where: [string, string]) =>
    Number(((await k.c.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where(where[0] as never, '=', where[1] as never).executeTakeFirst()) as { n: number | string }).n);
  const customerRows = async (customerId: string) => ({
    responses: await count('responses', ['customer_id', customerId]),
    displays: await count('displays', ['customer_id', customerId]),
    cases: await count('cases', ['customer_id', customerId]),
    events: await count('webhook_events', ['customer_id', customerId]),
  });
  /** Two deliveries of one customer: a detractor with a comment and a note on its case, a promoter, two displays. */
  async function customerWithData(customerId: string) {
    const a = response({ customerId, nps: 2, csat: undefined, comment: 'Never came', meta: { store: 'Berlin' } });
    const b = response({ customerId, nps: 10, csat: undefined, meta: { store: 'Berlin' } });
    const d1 = display({ customerId, deliveryId: a.deliveryId, responseId: a.id, outcome: 'answered' });
    const d2 = display({ customerId, deliveryId: b.deliveryId, responseId: b.id, outcome: 'answered' });
    expect((await k.send({ responses: [a, b], displays: [d1, d2] })).status).toBe(200);
    const { cases } = await k.get('/v1/cases?limit=500');
    const c = cases.find((x: { responseId: string }) => x.responseId === a.id);
    const res = await fetch(`${k.url}/v1/cases/${c.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'contacted', note: 'Called back' }) });
    expect(res.status).toBe(200);
    return { a, b, d1, d2, caseId: c.id as string };
  }

  describe('erasure', () => {
    test('DELETE /v1/customers/:id erases every response, display, case, case note and webhook event of that customer, nobody else\'s', async () => {
      const mine = await customerWithData('c-erase');
      const other = await customerWithData('c-keep');
      const before = await customerRows('c-keep');
      expect(await customerRows('c-erase')).toEqual({ responses: 2, displays: 2, cases: 1, events: 4 });
      const res = await as('DELETE', '/v1/customers/c-erase');
      expect(res.status).toBe(200);
      // 4 events: two response.created, case.opened, and the PATCH's case.updated.
      expect(await res.json()).toEqual({ customerId: 'c-erase', erased: { responses: 2, displays: 2, cases: 1, caseNotes: 1, events: 4, deliveries: 0, invitations: 0 }, suppressed: false });
      expect(await customerRows('c-erase')).toEqual({ responses: 0, displays: 0, cases: 0, events: 0 });
      expect(await count('case_history', ['case_id', mine.caseId])).toBe(0);
      expect(await count('response_meta', ['response_id', mine.a.id])).toBe(0);
      expect(await count('webhook_deliveries', ['event_id', 'none'])).toBe(0);
      expect(await customerRows('c-keep')).toEqual(before);
      expect(await count('case_history', ['case_id', other.caseId])).toBeGreaterThan(0);
      // Erasing again finds nothing, and says so.
      expect((await (await as('DELETE', '/v1/customers/c-erase')).json()).erased).toEqual({ responses: 0, displays: 0, cases: 0, caseNotes: 0, events: 0, deliveries: 0, invitations: 0 });
    });

    test('DELETE /v1/deliveries/:id erases that delivery only', async () => {
      const { a, b } = await customerWithData('c-delivery');
      const res = await as('DELETE', `/v1/deliveries/${encodeURIComponent(a.deliveryId)}`);
      expect(await res.json()).toEqual({ deliveryId: a.deliveryId, erased: { responses: 1, displays: 1, cases: 1, caseNotes: 1, events: 3, deliveries: 0, invitations: 0 }, suppressed: false });
      expect((await k.rows()).some((r) => r.id === a.id)).toBe(false);
      expect((await k.rows()).some((r) => r.id === b.id)).toBe(true);
    });

    test('suppress=true: later posts for the customer or the delivery are taken and dropped, listed as suppressed, and never count', async () => {
      const { a } = await customerWithData('c-suppress');
      expect((await (await as('DELETE', '/v1/customers/c-suppress?suppress=true')).json()).suppressed).toBe(true);
      const again = response({ customerId: 'c-suppress', nps: 1, csat: undefined });
      const shown = display({ customerId: 'c-suppress', deliveryId: again.deliveryId });
      const fine = response({ customerId: 'c-other' });
      const before = (await k.get('/v1/summary')).responses;
      const res = await k.send({ responses: [{ ...a, revision: 5 }, again, fine], displays: [shown] });
      expect(res.status).toBe(200);
      const body = await res.json();
      // Suppressed records are refused (the client drops them), so only `fine` is accepted.
      expect(body.accepted).toBe(1);
      expect(body.rejected).toEqual([
        { id: a.id, reason: 'suppressed', error: 'responses.0: suppressed (this customer or delivery was erased on request; the record is dropped)' },
        { id: again.id, reason: 'suppressed', error: 'responses.1: suppressed (this customer or delivery was erased on request; the record is dropped)' },
        { id: shown.id, reason: 'suppressed', error: 'displays.0: suppressed (this customer or delivery was erased on request; the record is dropped)' },
      ]);
      expect(await customerRows('c-suppress')).toEqual({ responses: 0, displays: 0, cases: 0, events: 0 });
      expect((await k.get('/v1/summary')).responses).toBe(before + 1);
      // A batch of nothing but suppressed records is still a 200: the client must not retry it.
      expect((await k.send({ responses: [again] })).status).toBe(200);
      // Only a salted hash is kept, never the id.
      const kept = await k.c.db.selectFrom('suppressions').selectAll().execute();
      expect(kept.length).toBeGreaterThan(0);
      expect(JSON.stringify(kept)).not.toContain('c-suppress');
      // A delivery suppression.
      const d = response({ nps: 3, csat: undefined });
      await as('DELETE', `/v1/deliveries/${d.deliveryId}?suppress=true`);
      expect((await (await k.send({ responses: [d] })).json()).rejected[0].reason).toBe('suppressed');
    });

    test('a bad suppress value is a 400 naming it; no credential is a 401', async () => {
      const res = await as('DELETE', '/v1/customers/c-1?suppress=maybe');
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: 'suppress: expected "true" or "false"; got "maybe"' });
      expect((await fetch(`${k.url}/v1/customers/c-1`, { method: 'DELETE' })).status).toBe(401);
      expect((await fetch(`${k.url}/v1/customers/c-1/export`)).status).toBe(401);
    });
  });

  describe('access and copies', () => {
    test('GET /v1/customers/:id/export: everything held about the customer as JSON, and as CSV', async () => {
      const { a, b, caseId } = await customerWithData('c-export');
      await k.send({ responses: [{ ...b, revision: 2, comment: '=cmd|calc', reasons: ['speed', 'staff'] }] });
      const res = await as('GET', '/v1/customers/c-export/export');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="aftercare-customer-c-export.json"');
      const data = await res.json();
      expect(data.customerId).toBe('c-export');
      expect(data.responses.map((r: { id: string }) => r.id).sort()).toEqual([a.id, b.id].sort());
      expect(data.displays).toHaveLength(2);
      expect(data.cases).toHaveLength(1);
      expect(data.cases[0]).toMatchObject({ id: caseId, notes: [{ text: 'Called back' }] });
      expect(data.cases[0].history.map((h: { kind: string }) => h.kind)).toEqual(['opened', 'status', 'note']);
      const bytes = Buffer.from(await (await as('GET', '/v1/customers/c-export/export?format=csv')).arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for spreadsheets
      const csv = bytes.subarray(3).toString('utf8');
      expect(csv.startsWith('kind,id,deliveryId,at,csat,nps,comment,complete,locale,outcome,status,owner,notes,meta,wave,reasons,contact\r\n')).toBe(true);
      const lines = csv.trim().split('\r\n');
      expect(lines.filter((l) => l.startsWith('response,'))).toHaveLength(2);
      expect(lines.filter((l) => l.startsWith('display,'))).toHaveLength(2);
      expect(lines.filter((l) => l.startsWith('case,'))).toHaveLength(1);
      expect(csv).toContain("'=cmd|calc");
      // The re-survey wave and the reasons, as in the responses export (a JSON list: ids may hold any separator).
      expect(lines.find((l) => l.startsWith(`response,${b.id},`))).toMatch(/,0,"\[""speed"",""staff""\]",$/);
      expect(data.responses.find((r: { id: string }) => r.id === b.id)).toMatchObject({ wave: 0, reasons: ['speed', 'staff'] });
      expect((await as('GET', '/v1/customers/c-export/export?format=xml')).status).toBe(400);
      expect(await (await as('GET', '/v1/customers/nobody/export')).json()).toMatchObject({ customerId: 'nobody', responses: [], displays: [], cases: [] });
    });
  });

  describe('forget', () => {
    let s: Running;
    const key = new TextEncoder().encode(DELIVERY_SECRET);
    const token = (sub: string, cid?: string, o: { exp?: number; secret?: Uint8Array } = {}) => {
      const jwt = new SignJWT({ dat: '2026-11-20T10:00:00.000Z', ...(cid ? { cid } : {}) }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt();
      if (o.exp !== undefined) jwt.setExpirationTime(o.exp);
      return jwt.sign(o.secret ?? key);
    };
    const signed = async (deliveryId: string, customerId?: string) => {
      const deliveryToken = await token(deliveryId, customerId);
      const r = response({ deliveryId, deliveredAt: '2026-11-20T10:00:00.000Z', customerId, nps: 4, csat: undefined, deliveryToken });
      const dsp = display({ deliveryId, customerId, deliveryToken, responseId: r.id, outcome: 'answered' });
      expect((await s.send({ responses: [r], displays: [dsp] })).status).toBe(200);
      return r;
    };
    const forget = (tokens: unknown, headers: Record<string, string> = {}) =>
      fetch(`${s.url}/v1/forget`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ tokens }) });
    beforeAll(async () => {
      s = await start({ deliverySecret: DELIVERY_SECRET, origins: ['https://shop.example'], now: () => clock.now });
    });
    afterAll(() => s?.close());

    test('each valid token erases its delivery; a forged token erases nothing and is listed; an expired token still erases', async () => {
      const one = await signed('forget-1', 'c-f');
      const two = await signed('forget-2', 'c-f');
      const three = await signed('forget-3');
      const forged = await token('forget-2', 'c-f', { secret: new TextEncoder().encode('not-the-merchant-secret-0123456789abcdef') });
      const expired = await token('forget-3', undefined, { exp: Math.floor(Date.parse('2026-01-01') / 1000) });
      const res = await forget([await token('forget-1', 'c-f'), forged, expired, 'not a jwt']);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        erased: { responses: 2, displays: 2, cases: 2, caseNotes: 0, events: 0, deliveries: 0, invitations: 0 },
        results: [
          { index: 0, deliveryId: 'forget-1', status: 'erased' },
          { index: 1, status: 'invalid', error: 'signature does not verify with AFTERCARE_DELIVERY_SECRET' },
          { index: 2, deliveryId: 'forget-3', status: 'erased' },
          { index: 3, status: 'invalid', error: 'signature does not verify with AFTERCARE_DELIVERY_SECRET' },
        ],
      });
      const ids = (await s.rows()).map((r) => r.id);
      expect(ids).not.toContain(one.id);
      expect(ids).not.toContain(three.id);
      // With the default scope a token with cid erases its delivery only, not the customer's others.
      expect(ids).toContain(two.id);
    });

    test('CORS like posting answers: an allowed origin gets its preflight, another origin 403; a bad body 400 naming the field', async () => {
      const pre = await fetch(`${s.url}/v1/forget`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
      expect(pre.status).toBe(204);
      expect(pre.headers.get('access-control-allow-origin')).toBe('https://shop.example');
      expect((await forget([await token('x')], { origin: 'https://evil.example' })).status).toBe(403);
      expect(await (await forget([])).json()).toEqual({ error: 'tokens: expected at least one delivery token' });
      expect(await (await forget('x')).json()).toEqual({ error: 'tokens: expected an array of delivery tokens' });
      expect((await fetch(`${s.url}/v1/forget`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })).status).toBe(400);
    });

    test('AFTERCARE_FORGET_SCOPE=customer: a token with cid erases the customer\'s other deliveries too', async () => {
      const wide = await start({ deliverySecret: DELIVERY_SECRET, forgetScope: 'customer' });
      try {
        const own = s;
        s = wide;
        const a = await signed('scope-1', 'c-scope');
        const b = await signed('scope-2', 'c-scope');
        const res = await (await forget([await token('scope-1', 'c-scope')])).json();
        expect(res.erased.responses).toBe(2);
        expect((await wide.rows()).filter((r) => r.id === a.id || r.id === b.id)).toEqual([]);
        s = own;
      } finally {
        await wide.close();
      }
    });

    test('without AFTERCARE_DELIVERY_SECRET every token is listed as invalid, and nothing is erased', async () => {
      expect(await (await fetch(`${k.url}/v1/forget`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tokens: ['a.b.c'] }) })).json()).toEqual({
        erased: { responses: 0, displays: 0, cases: 0, caseNotes: 0, events: 0, deliveries: 0, invitations: 0 },
        results: [{ index: 0, status: 'invalid', error: 'this collector has no AFTERCARE_DELIVERY_SECRET, so it cannot check delivery tokens' }],
      });
    });
  });

  describe('retention', () => {
    test('the purge deletes what is older than AFTERCARE_RETENTION_DAYS, resolved cases by their last change, and the audit log after AFTERCARE_AUDIT_DAYS', async () => {
      // The purge at start runs in the background (on PostgreSQL it may still be running when the
      // rows below arrive): its clock reads January, so it cannot take them.
      const t = { now: Date.parse('2026-01-01T00:00:00.000Z') };
      const r = await start({
        now: () => t.now, retentionDays: 30, auditDays: 60,
        webhookUrls: ['http://127.0.0.1:9/hook'], webhookSecret: WEBHOOK_SECRET, webhookAllowPrivate: true, startWorker: false,
      });
      t.now = Date.parse('2026-06-01T12:00:00.000Z');
      try {
        const at = (days: number) => new Date(t.now - days * DAY).toISOString();
        const old = response({ answeredAt: at(31), deliveredAt: at(35), nps: 1, csat: undefined, meta: { store: 'Old' } });
        const young = response({ answeredAt: at(29), deliveredAt: at(33), nps: 2, csat: undefined });
        const oldDisplay = display({ shownAt: at(32), endedAt: at(31) });
        const youngDisplay = display({ shownAt: at(29), endedAt: at(29) });
        await r.send({ responses: [old, young], displays: [oldDisplay, youngDisplay] });
        const { cases } = await r.get('/v1/cases');
        const resolveIt = cases.find((c: { responseId: string }) => c.responseId === young.id);
        await fetch(`${r.url}/v1/cases/${resolveIt.id}`, { method: 'PATCH', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: '{"status":"resolved"}' });
        // Now: the old answer and display are past 30 days, the young ones are not.
        expect(await r.c.purge()).toMatchObject({ responses: 1, displays: 1, cases: 0 });
        expect((await r.rows()).map((x) => x.id)).toEqual([young.id]);
        expect((await r.displays()).map((x) => x.id)).toEqual([youngDisplay.id]);
        // Every event so far counts as delivered now: its delivery rows go with the next purge past 30 days.
        await r.c.db.updateTable('webhook_deliveries').set({ status: 'delivered', delivered_ms: t.now }).execute();
        const eventsBefore = await r.c.db.selectFrom('webhook_events').select('id').execute();
        expect(eventsBefore.length).toBeGreaterThan(0);
        // 31 days later the young ones are too, and the case resolved today goes by its last change;
        // the old answer's case is still open and stays (it still needs a person).
        t.now += 31 * DAY;
        const purged = await r.c.purge();
        expect(purged).toMatchObject({ responses: 1, displays: 1, cases: 1, events: eventsBefore.length });
        expect(await r.c.db.selectFrom('webhook_deliveries').select('event_id').execute()).toEqual([]);
        expect((await r.get('/v1/cases')).cases.map((c: { responseId: string }) => c.responseId)).toEqual([old.id]);
        // The audit log keeps 60 days: the early entries go once they are older.
        const entries = (await r.get('/v1/audit?limit=500')).entries;
        expect(entries.some((e: { action: string }) => e.action === 'retention.purge')).toBe(true);
        t.now += 61 * DAY;
        expect((await r.c.purge()).audit).toBeGreaterThanOrEqual(entries.length);
      } finally {
        await r.close();
      }
    });
  });

  describe('the OpenAPI document describes it', () => {
    test('erasure, the audit log and forget validate against their schemas', async () => {
      const check = openApiChecker(await k.get('/v1/openapi.json'));
      await customerWithData('c-schema');
      check('/components/schemas/Erasure', await (await as('DELETE', '/v1/customers/c-schema?suppress=true')).json());
      check('/paths/~1v1~1audit/get/responses/200/content/application~1json/schema', await k.get('/v1/audit?limit=50'));
      const forgot = await (await fetch(`${k.url}/v1/forget`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"tokens":["a.b.c"]}' })).json();
      check('/paths/~1v1~1forget/post/responses/200/content/application~1json/schema', forgot);
    });
  });

  describe('minimisation', () => {
    test('AFTERCARE_REDACT masks e-mail addresses, phone numbers, identity and card numbers in comments before they are stored', async () => {
      const m = await start({ redact: ['email', 'phone', 'id', 'card'] });
      try {
        const r = response({ comment: 'Mail li.wei@example.cn or call 138 0013 8000; ID 11010519491231002X; card 4111 1111 1111 1111; order 2026-11-20 #48213' });
        await m.send({ responses: [r] });
        const [stored] = await m.rows();
        expect(stored!.comment).not.toMatch(/li\.wei|138 0013|11010519491231002X|4111/);
        expect(stored!.comment).toContain('order 2026-11-20 #48213');
        expect(stored!.comment).toContain('•');
        // The text filter and the case see the masked comment only.
        expect((await m.get('/v1/responses?q=example.cn')).responses).toEqual([]);
      } finally {
        await m.close();
      }
    });
  });

  describe('the audit trail', () => {
    test('reads of raw answers, exports, erasures, case changes and sign-ins are recorded with who, what, how many and from where', async () => {
      const t0 = clock.now;
      clock.now += DAY;
      await k.get('/v1/responses?limit=2');
      await k.get('/v1/responses?limit=2'); // a dashboard's poll: recorded once per 10 minutes
      await (await as('GET', '/v1/export?format=ndjson')).text();
      await customerWithData('c-audit');
      await as('DELETE', '/v1/customers/c-audit');
      await as('GET', '/v1/customers/c-audit/export');
      await fetch(`${k.url}/v1/customers/c-audit`, { method: 'DELETE', headers: { authorization: 'Bearer wrong-token-0123456789abcdef' } });
      await fetch(`${k.url}/v1/customers/c-audit`, { method: 'DELETE' }); // no credential at all: not recorded
      const login = await fetch(`${k.url}/dashboard/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: ADMIN }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      await fetch(`${k.url}/v1/cases?limit=1`, { headers: { cookie } });
      await fetch(`${k.url}/dashboard/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'nope' }) });
      const { entries } = await k.get(`/v1/audit?from=${new Date(t0 + DAY).toISOString()}&limit=500`);
      const find = (action: string, pred: (e: any) => boolean = () => true) => entries.filter((e: any) => e.action === action && pred(e));
      expect(find('responses.read')).toEqual([expect.objectContaining({ actor: 'admin token', rows: 2, outcome: 'done', detail: { query: 'limit=2' }, address: expect.any(String) })]);
      expect(find('export')[0]).toMatchObject({ actor: 'admin token', outcome: 'done', detail: { format: 'ndjson', query: 'format=ndjson' } });
      expect(find('export')[0].rows).toBeGreaterThan(0);
      expect(find('case.update')[0]).toMatchObject({ actor: 'admin token', rows: 1, outcome: 'done', detail: { status: 'contacted', note: true } });
      expect(find('erase.customer', (e) => e.outcome === 'done')[0]).toMatchObject({ target: 'customer c-audit', rows: 10, detail: { responses: 2, displays: 2, cases: 1, caseNotes: 1, events: 4, deliveries: 0, invitations: 0, suppressed: false } });
      // Requests without a valid credential (a wrong token, none, a wrong sign-in) are counted, not recorded.
      expect(find('erase.customer', (e) => e.outcome.startsWith('refused'))).toEqual([]);
      expect(find('customer.export')[0]).toMatchObject({ target: 'customer c-audit', rows: 0, outcome: 'done' });
      const signins = find('signin.token');
      expect(signins.map((e: any) => e.outcome)).toEqual(['done']);
      const session = signins.find((e: any) => e.outcome === 'done').actor;
      expect(session).toMatch(/^admin token session [0-9a-f]{8}$/);
      expect(find('cases.read', (e) => e.actor === session)).toHaveLength(1);
      // Newest first, by action, a page at a time; the log itself is read under audit.
      expect(entries.map((e: any) => e.at)).toEqual([...entries.map((e: any) => e.at)].sort().reverse());
      const first = await k.get('/v1/audit?action=erase.customer&limit=1');
      expect(first.entries).toHaveLength(1);
      const next = await k.get(`/v1/audit?action=erase.customer&limit=1&cursor=${first.nextCursor}`);
      expect(next.entries[0].id < first.entries[0].id).toBe(true);
      expect((await k.get('/v1/audit?action=audit.read')).entries.length).toBeGreaterThan(0);
      expect((await as('GET', '/v1/audit?action=DROP TABLE')).status).toBe(400);
      // No secret in the log.
      expect(JSON.stringify(entries)).not.toContain(ADMIN);
      // The same read after ten minutes is recorded again.
      clock.now += 11 * 60_000;
      await k.get('/v1/responses?limit=2');
      expect((await k.get('/v1/audit?action=responses.read')).entries.filter((e: any) => e.detail?.query === 'limit=2')).toHaveLength(2);
    });
  });
}
