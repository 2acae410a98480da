// The closed loop's cases, through the collector's HTTP API: which answers open one (once per
// response id, in the transaction that stores it), what later revisions do to it, how people move it
// along (PATCH), when it is overdue, and the figures the summary gives.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseAlert } from '../../src/store/alert.ts';
import { openApiChecker } from '../support/openapi-check.ts';
import { addPerson, ADMIN, response, startCollector, type Running } from '../support/harness.ts';

const HOUR = 3_600_000;
let clock = Date.parse('2026-11-25T09:00:00.000Z');
let k: Running;
beforeAll(async () => {
  k = await startCollector({ now: () => clock, followupHours: 24 });
});
afterAll(() => k.close());

const patch = (id: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${k.url}/v1/cases/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const caseOf = async (responseId: string) => ((await k.get('/v1/cases?limit=500')).cases as Array<Record<string, any>>).find((c) => c.responseId === responseId);
const post = async (...responses: Array<Record<string, unknown>>) => expect((await k.send({ responses })).status).toBe(200);

describe('which answers open a case', () => {
  test('NPS ≤ 6 or CSAT ≤ 2 opens one, once per response id; promoters, passives and CSAT 3–5 open none', async () => {
    const detractor = response({ nps: 6, csat: undefined, meta: { store: 'Berlin' }, customerId: 'c-9' });
    const unhappy = response({ csat: 2 });
    const fine = [response({ nps: 7, csat: undefined }), response({ nps: 10, csat: undefined }), response({ csat: 3 })];
    await post(detractor, unhappy, ...fine);
    await post(detractor); // a resend changes nothing
    await post({ ...detractor, revision: 2 }); // nor does a higher revision with the same answer
    const cases = (await k.get('/v1/cases?limit=500')).cases as Array<Record<string, any>>;
    expect(cases.filter((c) => c.responseId === detractor.id)).toHaveLength(1);
    expect(cases.filter((c) => c.responseId === unhappy.id)).toHaveLength(1);
    for (const f of fine) expect(cases.find((c) => c.responseId === f.id)).toBeUndefined();
    expect(await caseOf(detractor.id)).toMatchObject({
      deliveryId: detractor.deliveryId, customerId: 'c-9', nps: 6, csat: null, meta: { store: 'Berlin' }, status: 'open', owner: null, matches: true,
      openedAt: new Date(clock).toISOString(), dueAt: new Date(clock + 24 * HOUR).toISOString(), overdue: false, firstContactAt: null, resolvedAt: null, notes: [],
    });
  });

  test('a comment arriving in a later revision is added to the case; a revision that stops matching leaves it open and says so', async () => {
    const r = response({ nps: 3, csat: undefined });
    await post(r);
    const opened = await caseOf(r.id);
    await post({ ...r, revision: 2, comment: 'The technician was two hours late' });
    await post({ ...r, revision: 3, nps: 8, comment: 'The technician was two hours late' });
    const c = await k.get(`/v1/cases/${opened!.id}`);
    expect(c).toMatchObject({ id: opened!.id, status: 'open', matches: false, nps: 8, comment: 'The technician was two hours late' });
    expect(c.history.map((h: { kind: string }) => h.kind)).toEqual(['opened', 'comment', 'unmatched']);
    expect(c.history[1]).toMatchObject({ author: 'collector', note: 'The technician was two hours late' });
    expect(c.history[2].note).toBe('revision 3 no longer matches the alert rule (nps<=6,csat<=2); the case stays open');
    await post({ ...r, revision: 4, nps: 2, comment: 'The technician was two hours late' });
    expect((await k.get(`/v1/cases/${opened!.id}`)).history.at(-1)).toMatchObject({ kind: 'matched', from: 'nps 8', to: 'nps 2' });
  });

  test('a later revision that turns an answer into a match opens its case then', async () => {
    const r = response({ nps: 8, csat: undefined });
    await post(r);
    expect(await caseOf(r.id)).toBeUndefined();
    await post({ ...r, revision: 2, nps: 4 });
    expect(await caseOf(r.id)).toMatchObject({ nps: 4, status: 'open' });
  });

  test('the rule is configurable, and off opens none', async () => {
    const strict = await startCollector({ alert: parseAlert('nps<5') });
    const off = await startCollector({ alert: parseAlert('off') });
    try {
      const a = response({ nps: 5, csat: undefined }), b = response({ nps: 4, csat: undefined }), c = response({ csat: 1 });
      for (const s of [strict, off]) expect((await s.send({ responses: [a, b, c] })).status).toBe(200);
      expect((await strict.get('/v1/cases')).cases.map((x: { responseId: string }) => x.responseId)).toEqual([b.id]);
      expect((await off.get('/v1/cases')).cases).toEqual([]);
    } finally {
      await strict.close();
      await off.close();
    }
  });
});

describe('following up', () => {
  test('open → contacted → resolved → reopened, each change with its author and time in the history', async () => {
    const r = response({ nps: 2, csat: undefined });
    await post(r);
    const { id } = (await caseOf(r.id))!;
    const t0 = clock;
    clock += 2 * HOUR;
    const li = await addPerson(k.url, { email: 'li.wei@shop.example', name: 'Li Wei', role: 'agent' });
    // The body's author is ignored: the history names the credential (here the admin token).
    let res = await patch(id, { status: 'contacted', owner: li.owner, note: 'Called; a new part ships Monday', author: 'Someone else' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'contacted', owner: li.owner, ownerName: 'Li Wei', firstContactAt: new Date(t0 + 2 * HOUR).toISOString(), notes: [{ author: 'admin token', text: 'Called; a new part ships Monday' }] });
    clock += 3 * HOUR;
    res = await patch(id, { status: 'resolved' });
    expect(await res.json()).toMatchObject({ status: 'resolved', resolvedAt: new Date(t0 + 5 * HOUR).toISOString(), firstContactAt: new Date(t0 + 2 * HOUR).toISOString() });
    clock += HOUR;
    res = await patch(id, { status: 'open', note: 'Customer wrote again: still broken' });
    const reopened = await res.json();
    expect(reopened).toMatchObject({ status: 'open', resolvedAt: null, dueAt: new Date(t0 + 6 * HOUR + 24 * HOUR).toISOString(), firstContactAt: new Date(t0 + 2 * HOUR).toISOString() });
    expect(reopened.history.map((h: { kind: string; from: string | null; to: string | null; author: string }) => [h.kind, h.from, h.to, h.author])).toEqual([
      ['opened', null, 'open', 'collector'],
      ['status', 'open', 'contacted', 'admin token'],
      ['owner', null, li.owner, 'admin token'],
      ['note', null, null, 'admin token'],
      ['status', 'contacted', 'resolved', 'admin token'],
      ['status', 'resolved', 'open', 'admin token'],
      ['note', null, null, 'admin token'],
    ]);
    // Unassigning; and a change that changes nothing writes nothing.
    expect(await (await patch(id, { owner: null })).json()).toMatchObject({ owner: null });
    const before = (await k.get(`/v1/cases/${id}`)).history.length;
    expect((await patch(id, { status: 'open' })).status).toBe(200);
    expect((await k.get(`/v1/cases/${id}`)).history.length).toBe(before);
  });

  test.each([
    [{ status: 'done' }, 'status: expected "open", "contacted", "pending" (waiting on the customer) or "resolved"'],
    [{ tier: 'soon' }, 'tier: expected urgent, general, complex'],
    [{ owner: '' }, 'owner: expected person:<id>, team:<name> or null (GET /v1/assignees lists them)'],
    [{ owner: 'Li Wei' }, 'owner: expected person:<id>, team:<name> or null (GET /v1/assignees lists them)'],
    [{ owner: 'person:nobody' }, 'owner: no person nobody who can take cases'],
    [{ note: 7 }, 'note: expected a note (text of 1 to 4000 characters)'],
    [{ status: 'open', priority: 'high' }, 'body: expected only status, pendingReason, tier, owner and note; got priority'],
    [{}, 'body: expected at least one of status, tier, owner and note'],
    [[1], 'body: expected an object such as {"status": "contacted"}'],
  ])('PATCH %j → 400 naming the field', async (body, error) => {
    const r = response({ csat: 1 });
    await post(r);
    const res = await patch((await caseOf(r.id))!.id, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error });
  });

  test('an unknown id is 404, no credential 401, another origin 403, a form body 415', async () => {
    expect((await patch('nope', { status: 'resolved' })).status).toBe(404);
    expect(await (await patch('nope', { status: 'resolved' })).json()).toEqual({ error: 'id: no case nope' });
    expect((await fetch(`${k.url}/v1/cases/nope`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(404);
    const r = response({ csat: 1 });
    await post(r);
    const { id } = (await caseOf(r.id))!;
    expect((await fetch(`${k.url}/v1/cases/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: '{"status":"resolved"}' })).status).toBe(401);
    expect((await fetch(`${k.url}/v1/cases`)).status).toBe(401);
    expect((await patch(id, { status: 'resolved' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await patch(id, { status: 'resolved' }, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await k.get(`/v1/cases/${id}`)).status).toBe('open');
  });
});

describe('the queue and its figures', () => {
  test('overdue after the deadline, first in the queue; filters by status, owner, overdue and the read filters; pages keep their order', async () => {
    const q = await startCollector({ now: () => clock, followupHours: 24 });
    try {
      const start = clock;
      const rs = Array.from({ length: 7 }, (_, i) => response({ nps: i % 7, csat: undefined, meta: { store: i % 2 ? 'Berlin' : 'Shanghai' } }));
      for (const [i, r] of rs.entries()) {
        clock = start + i * HOUR;
        await q.send({ responses: [r] });
      }
      const all = (await q.get('/v1/cases?limit=500')).cases as Array<Record<string, any>>;
      const idOf = (i: number) => all.find((c) => c.responseId === rs[i]!.id)!.id as string;
      const act = (i: number, body: unknown) =>
        fetch(`${q.url}/v1/cases/${idOf(i)}`, { method: 'PATCH', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      clock = start + 10 * HOUR;
      const ana = await addPerson(q.url, { email: 'ana@shop.example', name: 'Ana', role: 'agent' });
      expect((await act(0, { status: 'contacted', owner: ana.owner })).status).toBe(200);
      expect((await act(1, { status: 'resolved', owner: ana.owner })).status).toBe(200);
      // 26.5 h after the first: cases 0–2 passed their deadline; 0 and 1 were handled in time.
      clock = start + 26.5 * HOUR;
      const list = await q.get('/v1/cases?limit=500');
      expect(list.counts).toEqual({ open: 5, overdue: 2, contacted: 1, pending: 0, resolved: 1 });
      // Past a deadline first: case 0 was contacted in time but is unresolved past its resolution
      // deadline (24 h here); case 2 is unanswered past its response deadline.
      expect(list.cases.map((c: { id: string }) => c.id)).toEqual([0, 2, 3, 4, 5, 6, 1].map(idOf));
      expect(list.cases[0]).toMatchObject({ status: 'contacted', overdue: false, resolutionOverdue: true, responseMet: true, resolutionMet: false });
      expect(list.cases[1]).toMatchObject({ overdue: true, status: 'open', responseMet: false });
      expect((await q.get('/v1/cases?overdue=true')).cases.map((c: { id: string }) => c.id)).toEqual([0, 2].map(idOf));
      expect((await q.get('/v1/cases?status=open&status=contacted')).cases).toHaveLength(6);
      expect((await q.get(`/v1/cases?owner=${encodeURIComponent(ana.owner)}`)).cases.map((c: { id: string }) => c.id)).toEqual([0, 1].map(idOf));
      expect((await q.get('/v1/cases?owner=none')).cases).toHaveLength(5);
      expect((await q.get('/v1/cases?meta.store=Berlin')).cases.map((c: { id: string }) => c.id)).toEqual([3, 5, 1].map(idOf));
      expect((await q.get('/v1/cases?band=detractor&q=nothing')).cases).toEqual([]);
      // Pages: the cursor keeps the first page's now, so the order does not shift while paging.
      const first = await q.get('/v1/cases?limit=3');
      clock += 30 * HOUR;
      const second = await q.get(`/v1/cases?limit=3&cursor=${first.nextCursor}`);
      const third = await q.get(`/v1/cases?limit=3&cursor=${second.nextCursor}`);
      expect([...first.cases, ...second.cases, ...third.cases].map((c: { id: string }) => c.id)).toEqual(list.cases.map((c: { id: string }) => c.id));
      expect(third.nextCursor).toBeNull();
      expect((await fetch(`${q.url}/v1/cases?cursor=bogus`, { headers: { authorization: `Bearer ${ADMIN}` } })).status).toBe(400);
      expect(await (await fetch(`${q.url}/v1/cases?status=closed`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()).toEqual({ error: 'status: expected "open", "contacted", "pending" or "resolved"; got "closed"' });
      expect(await (await fetch(`${q.url}/v1/cases?overdue=yes`, { headers: { authorization: `Bearer ${ADMIN}` } })).json()).toEqual({ error: 'overdue: expected "true" or "false"; got "yes"' });

      // The summary: open, overdue, medians, share resolved within the deadline.
      clock = start + 26.5 * HOUR;
      const { cases } = await q.get('/v1/summary');
      expect(cases).toEqual({
        total: 7, open: 5, overdue: 2, contacted: 1, resolved: 1,
        medianHoursToFirstContact: 9.5, // case 0 at 10 h, case 1 at 9 h
        medianHoursToResolution: 9,
        resolvedWithinDeadline: { share: 33.3, resolved: 1, of: 3, ci: [6.1, 79.2] },
      });
      expect((await q.get('/v1/summary?meta.store=Berlin')).cases).toMatchObject({ total: 3, resolved: 1 });
    } finally {
      await q.close();
    }
  });
});

describe('the OpenAPI document describes it', () => {
  test('the queue, a case with history, the figures, the webhook list and the event bodies validate against it', async () => {
    const doc = await k.get('/v1/openapi.json');
    const check = openApiChecker(doc);
    const r = response({ nps: 1, csat: undefined, comment: 'no', meta: { store: 'Berlin' } });
    await post(r);
    const { id } = (await caseOf(r.id))!;
    await patch(id, { status: 'contacted', note: 'called' });
    const list = await k.get('/v1/cases?limit=500');
    check('/paths/~1v1~1cases/get/responses/200/content/application~1json/schema', list);
    check('/components/schemas/CaseWithHistory', await k.get(`/v1/cases/${id}`));
    check('/components/schemas/CaseFigures', (await k.get('/v1/summary')).cases);
    check('/components/schemas/Summary', await k.get('/v1/summary'));
    check('/components/schemas/StoredResponse', (await k.get('/v1/responses?limit=1')).responses[0]);
    expect(Object.keys(doc.webhooks)).toEqual(['response.created', 'response.updated', 'case.opened', 'case.updated', 'case.overdue', 'invitation.due']);
    const body = (type: string, data: unknown) => ({ type, timestamp: new Date().toISOString(), data });
    check('/webhooks/case.opened/post/requestBody/content/application~1json/schema', body('case.opened', list.cases[0]));
    check('/webhooks/response.created/post/requestBody/content/application~1json/schema', body('response.created', (await k.get('/v1/responses?limit=1')).responses[0]));
  });
});
