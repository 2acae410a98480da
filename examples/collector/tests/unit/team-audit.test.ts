// The audit trail names who did what, with which role, from where, once there is a team: a scripted
// working day. The admin token invites a manager, an agent and a viewer and makes two API keys; each
// person joins with their invitation and works with their own session cookie; the keys do their
// machines' work; the owner removes the viewer. GET /v1/audit must then name each of them (the
// person's e-mail, `key "…"`, `admin token`), the role or key scope they acted with and the address,
// and must not list reads of figures (the viewer's summary). A removed person, and a person whose role
// changed, lose their sessions at once.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addPerson, ADMIN, response, startCollector, type Running } from '../support/harness.ts';

const ANA = 'ana@shop.example';
const BEN = 'ben@shop.example';
const VIC = 'vic@shop.example';
const HERE = '127.0.0.1';

interface Entry { actor: string; role: string | null; action: string; target: string | null; rows: number | null; address: string | null; outcome: string; detail: Record<string, unknown> | null }

let k: Running;
beforeAll(async () => {
  k = await startCollector();
});
afterAll(() => k?.close());

/**
 * One request with a credential: `token` (the admin token or a key's secret) as a bearer, or `cookie`
 * (a session) with the dashboard's own origin, as the browser would send it.
 */
async function call(path: string, o: { method?: string; token?: string; cookie?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.cookie) Object.assign(headers, { cookie: o.cookie, origin: k.url });
  const res = await fetch(`${k.url}${path}`, { method: o.method ?? 'GET', headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV (the export) stays text.
  }
  return { status: res.status, body };
}

/** Accepts an invitation without a passkey (POST /dashboard/join): the session cookie to send back. */
async function join(code: string) {
  const res = await fetch(`${k.url}/dashboard/join`, { method: 'POST', headers: { origin: k.url, 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  expect(res.status, await res.clone().text()).toBe(204);
  return res.headers.getSetCookie()[0]!.split(';')[0]!;
}

async function newKey(name: string, scopes: string[]) {
  const r = await call('/v1/keys', { method: 'POST', token: ADMIN, body: { name, scopes } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expect(r.body.secret).toMatch(/^ak_/);
  return r.body.secret as string;
}

async function audit(): Promise<Entry[]> {
  const r = await call('/v1/audit?limit=500', { token: ADMIN });
  expect(r.status).toBe(200);
  return r.body.entries;
}

describe('a working day, as the audit trail tells it', () => {
  let ana: Awaited<ReturnType<typeof addPerson>>, ben: typeof ana, vic: typeof ana;
  let cookies: Record<'ana' | 'ben' | 'vic', string>;
  let caseId: string;
  let entries: Entry[];

  beforeAll(async () => {
    ana = await addPerson(k.url, { email: ANA, name: 'Ana', role: 'manager' });
    ben = await addPerson(k.url, { email: BEN, name: 'Ben', role: 'agent', team: 'Berlin' });
    vic = await addPerson(k.url, { email: VIC, name: 'Vic', role: 'viewer' });
    const shop = await newKey('Shop server', ['deliveries:write']);
    const analyst = await newKey('Analyst export', ['export']);
    cookies = { ana: await join(ana.code), ben: await join(ben.code), vic: await join(vic.code) };

    // An unhappy answer opens a case.
    expect((await k.send({ responses: [response({ csat: 1, comment: 'The bike arrived bent' })] })).status).toBe(200);
    caseId = (await k.ok('/v1/cases')).cases[0].id;

    // Each reads with their own session.
    expect((await call('/v1/responses', { cookie: cookies.ana })).status).toBe(200);
    expect((await call('/v1/cases', { cookie: cookies.ben })).body.cases).toEqual([]);
    expect((await call('/v1/summary', { cookie: cookies.vic })).status).toBe(200);

    // The manager gives the case to ben; ben writes a note claiming to be someone else.
    const assigned = await call(`/v1/cases/${caseId}`, { method: 'PATCH', cookie: cookies.ana, body: { owner: ben.owner } });
    expect(assigned, JSON.stringify(assigned.body)).toMatchObject({ status: 200, body: { owner: ben.owner, ownerName: 'Ben' } });
    expect((await call('/v1/cases', { cookie: cookies.ben })).body.cases.map((c: { id: string }) => c.id)).toEqual([caseId]);
    const noted = await call(`/v1/cases/${caseId}`, { method: 'PATCH', cookie: cookies.ben, body: { status: 'contacted', note: 'Called; a new frame ships Monday', author: ANA } });
    expect(noted.status, JSON.stringify(noted.body)).toBe(200);
    expect(noted.body.notes).toEqual([expect.objectContaining({ author: BEN, text: 'Called; a new frame ships Monday' })]);

    // The machines: the shop server posts a delivery (and may not read answers), the analyst exports.
    const posted = await call('/v1/deliveries', { method: 'POST', token: shop, body: { deliveries: [{ id: 'order-77', deliveredAt: '2026-11-01T10:00:00Z', email: 'customer@example.com' }] } });
    expect(posted, JSON.stringify(posted.body)).toMatchObject({ status: 200, body: { accepted: 1, rejected: [] } });
    expect((await call('/v1/responses', { token: shop })).status).toBe(403);
    const exported = await call('/v1/export', { token: analyst });
    expect(exported.status).toBe(200);
    expect(exported.body).toContain('The bike arrived bent');

    expect((await call(`/v1/people/${vic.id}`, { method: 'DELETE', token: ADMIN })).status).toBe(204);
    entries = await audit();
  });

  /** The one entry of this action by this actor (and target); fails naming what the log holds. */
  const one = (action: string, actor: string, target?: string) => {
    const found = entries.filter((e) => e.action === action && e.actor === actor && (target === undefined || e.target === target));
    expect(found, `${action} by ${actor}: ${JSON.stringify(entries.map((e) => [e.action, e.actor, e.target]))}`).toHaveLength(1);
    return found[0]!;
  };

  test('the admin token invited three people and made two keys, as an owner', () => {
    for (const [email, role] of [[ANA, 'manager'], [BEN, 'agent'], [VIC, 'viewer']] as const) {
      expect(one('person.invite', 'admin token', `person ${email}`)).toMatchObject({ role: 'owner', address: HERE, outcome: 'done', detail: expect.objectContaining({ role }) });
    }
    const keys = entries.filter((e) => e.action === 'key.create');
    expect(keys.map((e) => [e.actor, e.role, e.address, e.detail?.name, e.detail?.scopes])).toEqual([
      ['admin token', 'owner', HERE, 'Analyst export', ['export']],
      ['admin token', 'owner', HERE, 'Shop server', ['deliveries:write']],
    ]);
  });

  test('each person joined under their own e-mail and role', () => {
    expect(one('signin.join', ANA)).toMatchObject({ role: 'manager', address: HERE, outcome: 'done' });
    expect(one('signin.join', BEN)).toMatchObject({ role: 'agent', address: HERE, outcome: 'done' });
    expect(one('signin.join', VIC)).toMatchObject({ role: 'viewer', address: HERE, outcome: 'done' });
  });

  test('reads of answers and cases name the person and role; figures are not audited', () => {
    expect(one('responses.read', ANA)).toMatchObject({ role: 'manager', address: HERE, outcome: 'done', rows: 1 });
    // Ben read the queue twice (before and after the assignment): the same read within REPEAT_READ_MS
    // is recorded once, with what the first returned.
    expect(one('cases.read', BEN)).toMatchObject({ role: 'agent', address: HERE, outcome: 'done', rows: 0 });
    expect(entries.filter((e) => e.actor === VIC).map((e) => e.action)).toEqual(['signin.join']);
    expect(entries.some((e) => e.action.startsWith('summary'))).toBe(false);
  });

  test('the case changes name who made them, and the history takes its author from the session', async () => {
    const updates = entries.filter((e) => e.action === 'case.update').reverse();
    expect(updates.map((e) => [e.actor, e.role, e.target, e.address, e.outcome])).toEqual([
      [ANA, 'manager', `case ${caseId}`, HERE, 'done'],
      [BEN, 'agent', `case ${caseId}`, HERE, 'done'],
    ]);
    const history = (await k.ok(`/v1/cases/${caseId}`)).history as Array<{ kind: string; author: string }>;
    expect(history.map((h) => [h.kind, h.author])).toEqual([
      ['opened', 'collector'],
      ['owner', ANA],
      ['status', BEN],
      ['note', BEN],
    ]);
  });

  test('the keys are named by their names and scopes', () => {
    expect(one('deliveries.import', 'key "Shop server"')).toMatchObject({ role: 'key: deliveries:write', address: HERE, outcome: 'done', rows: 1 });
    expect(one('responses.read', 'key "Shop server"')).toMatchObject({ role: 'key: deliveries:write', outcome: expect.stringMatching(/^refused: 403 access: this key \(scopes: deliveries:write\) may not read answers/) });
    expect(one('export', 'key "Analyst export"')).toMatchObject({ role: 'key: export', address: HERE, outcome: 'done', rows: 1 });
  });

  test('the owner removed the viewer, whose session ended at once', async () => {
    expect(one('person.remove', 'admin token', `person ${vic.id}`)).toMatchObject({ role: 'owner', address: HERE, outcome: 'done' });
    expect((await call('/v1/summary', { cookie: cookies.vic })).status).toBe(401);
    expect((await fetch(`${k.url}/dashboard/session`, { headers: { cookie: cookies.vic } })).status).toBe(401);
    // The others still work.
    expect((await call('/v1/responses', { cookie: cookies.ana })).status).toBe(200);
  });

  test('changing a person’s role ends their sessions; the others keep theirs', async () => {
    expect((await call('/v1/cases', { cookie: cookies.ben })).status).toBe(200);
    const changed = await call(`/v1/people/${ben.id}`, { method: 'PATCH', token: ADMIN, body: { role: 'manager' } });
    expect(changed, JSON.stringify(changed.body)).toMatchObject({ status: 200, body: { role: 'manager' } });
    expect((await call('/v1/cases', { cookie: cookies.ben })).status).toBe(401);
    expect((await fetch(`${k.url}/dashboard/session`, { headers: { cookie: cookies.ben } })).status).toBe(401);
    expect((await call('/v1/cases', { cookie: cookies.ana })).status).toBe(200);
    const after = await audit();
    expect(after.find((e) => e.action === 'person.update')).toMatchObject({ actor: 'admin token', role: 'owner', target: `person ${ben.id}`, detail: { role: 'manager' } });
  });
});

describe('from a script, as curl sends it', () => {
  // A bearer request carries no ambient credential, so the CSRF guard has nothing to protect; a
  // DELETE or a body-less POST has no content-type and no Origin. (hono/csrf takes a missing
  // content-type for text/plain, a form's, and refuses it unless the Origin is ours.)
  test('the admin token removes a person and re-sends an invitation without a body', async () => {
    const zoe = await addPerson(k.url, { email: 'zoe@shop.example', role: 'agent' });
    const auth = { authorization: `Bearer ${ADMIN}` };
    const again = await fetch(`${k.url}/v1/people/${zoe.id}/invitation`, { method: 'POST', headers: auth });
    expect(again.status, await again.text()).toBe(201);
    const removed = await fetch(`${k.url}/v1/people/${zoe.id}`, { method: 'DELETE', headers: auth });
    expect(removed.status, await removed.text()).toBe(204);
  });
});
