// The role matrix: every guarded route (http/access.ts ROUTES) × every kind of credential — the owner
// (admin token), a manager, an agent, a viewer, a manager limited to store=Berlin, a key of each scope,
// and none. Allowed ones get past the guards (whatever the route then says: 200, 201, 204, 404…), the
// others 403 (401 without a credential). Every route the app mounts under /v1 with a credential is in
// the table. Then the data: a limited person's figures are recomputed on their stores' answers alone,
// an agent sees only the cases assigned to them or their team, a viewer no comment text.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { accessOf, permissionsOf, ROUTES, SCOPES, type Principal, type RouteAccess } from '../../src/http/access.ts';
import { addPerson, ADMIN, response, startCollector, type Running } from '../support/harness.ts';

let k: Running;
/** Each credential: the headers it sends, and the principal the server should see. */
const who: Record<string, { headers: Record<string, string>; as: Principal | null }> = {};
const base = { id: 'x', name: 'x', email: null, team: null, via: 'session' as const };
let caseId = '';
let mineCase = '';

/** Signs a person in through their invitation (POST /dashboard/join): their session cookie. */
async function join(code: string): Promise<string> {
  const res = await fetch(`${k.url}/dashboard/join`, { method: 'POST', headers: { origin: k.url, 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  expect(res.status).toBe(204);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

beforeAll(async () => {
  k = await startCollector();
  const answers = [
    ...Array.from({ length: 6 }, (_, i) => response({ nps: i < 4 ? 2 : 9, csat: undefined, comment: `Berlin ${i}`, meta: { store: 'Berlin' } })),
    ...Array.from({ length: 9 }, (_, i) => response({ nps: i < 2 ? 3 : 10, csat: undefined, comment: `Shanghai ${i}`, meta: { store: 'Shanghai' } })),
  ];
  expect((await k.send({ responses: answers })).status).toBe(200);
  const post = (path: string, body: unknown) => fetch(`${k.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect((await post('/v1/deliveries', { deliveries: [{ id: 'd-1', deliveredAt: new Date(Date.now() - 86_400_000).toISOString(), email: 'c@example.com', survey: 'nps' }] })).status).toBeLessThan(300);
  const manager = await addPerson(k.url, { email: 'mia@shop.example', role: 'manager' });
  const agent = await addPerson(k.url, { email: 'kai@shop.example', role: 'agent', team: 'Berlin' });
  const viewer = await addPerson(k.url, { email: 'vic@shop.example', role: 'viewer' });
  const limited = await addPerson(k.url, { email: 'lea@shop.example', role: 'manager', limit: { key: 'store', values: ['Berlin'] } });
  const { cases } = await k.get('/v1/cases?limit=50');
  caseId = cases.find((c: { meta: { store: string } }) => c.meta.store === 'Shanghai').id;
  mineCase = cases.find((c: { meta: { store: string } }) => c.meta.store === 'Berlin').id;
  const assign = await fetch(`${k.url}/v1/cases/${mineCase}`, { method: 'PATCH', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ owner: 'team:Berlin' }) });
  expect(assign.status).toBe(200);
  who.owner = { headers: { authorization: `Bearer ${ADMIN}` }, as: { ...base, kind: 'person', role: 'owner', limit: null } };
  who.manager = { headers: { cookie: await join(manager.code) }, as: { ...base, kind: 'person', role: 'manager', limit: null } };
  who.agent = { headers: { cookie: await join(agent.code) }, as: { ...base, kind: 'person', role: 'agent', limit: null } };
  who.viewer = { headers: { cookie: await join(viewer.code) }, as: { ...base, kind: 'person', role: 'viewer', limit: null } };
  who.limited = { headers: { cookie: await join(limited.code) }, as: { ...base, kind: 'person', role: 'manager', limit: { key: 'store', values: ['Berlin'] } } };
  for (const scope of SCOPES) {
    const res = await post('/v1/keys', { name: `key ${scope}`, scopes: [scope] });
    expect(res.status).toBe(201);
    who[`key ${scope}`] = { headers: { authorization: `Bearer ${(await res.json()).secret}` }, as: { kind: 'key', id: 'k', name: scope, scopes: [scope] } };
  }
  who.none = { headers: {}, as: null };
});
afterAll(() => k?.close());

let fresh = 0;
/** A request for the route: its path with real (or absent) ids, and a body that passes validation. */
function requestFor(r: RouteAccess): { path: string; body?: unknown } {
  const path = r.path
    .replace('/v1/cases/:id', `/v1/cases/${caseId}`)
    .replace('/v1/deliveries/:id', '/v1/deliveries/d-1')
    .replace(/:[a-z]+/g, 'nobody');
  const bodies: Record<string, unknown> = {
    'POST /v1/people': { email: `p${++fresh}@shop.example`, role: 'viewer' },
    'PATCH /v1/people/:id': { name: 'Nobody' },
    'POST /v1/keys': { name: `k${++fresh}`, scopes: ['export'] },
    'PATCH /v1/cases/:id': { note: 'Checked.' },
    'POST /v1/deliveries': { deliveries: [{ id: `d-m${++fresh}`, deliveredAt: new Date(Date.now() - 86_400_000).toISOString(), survey: 'csat' }] },
    'POST /v1/deliveries/:id/answers': { nps: 8 },
    'POST /v1/invitations/:id/result': { outcome: 'unreachable' },
    'PATCH /v1/me/passkeys/:id': { name: 'Laptop' },
    'PUT /v1/followup/rules': { hours: 'urgent=1/2, general=2/4, complex=4/8' },
    'PUT /v1/calendars/:id': { name: 'Berlin', timeZone: 'Europe/Berlin', hours: { '1': [['09:00', '18:00']] }, holidays: [] },
  };
  const body = bodies[`${r.method} ${r.path}`];
  return body === undefined ? { path } : { path, body };
}

describe('the role matrix', () => {
  test('every route the app guards is in the access table', () => {
    // Open routes: answers from the widget, forget-me by a delivery token, the survey's "answered?".
    const open = new Set(['POST /v1/responses', 'POST /v1/displays', 'POST /v1/forget', 'POST /v1/answered']);
    const mounted = k.c.app.routes.filter((r) => r.path.startsWith('/v1/') && r.method !== 'ALL' && r.method !== 'OPTIONS' && !open.has(`${r.method} ${r.path}`));
    const missing = mounted.filter((r) => !accessOf(r.method, r.path.replace(/:[a-z]+/gi, 'x')));
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  for (const r of ROUTES) {
    test(`${r.method} ${r.path}`, async () => {
      const seen: Record<string, number> = {};
      const want: Record<string, string> = {};
      for (const [name, cred] of Object.entries(who)) {
        const { path, body } = requestFor(r);
        const headers: Record<string, string> = { ...cred.headers, origin: k.url, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
        const res = await fetch(`${k.url}${path}`, { method: r.method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
        await res.arrayBuffer();
        seen[name] = res.status;
        const allowed = cred.as !== null && permissionsOf(cred.as).has(r.need) && !(r.limited === false && cred.as.kind === 'person' && cred.as.limit);
        want[name] = cred.as === null ? '401' : allowed ? 'past the guards' : '403';
      }
      const got = Object.fromEntries(Object.entries(seen).map(([n, s]) => [n, s === 401 || s === 403 ? String(s) : 'past the guards']));
      expect(got, JSON.stringify(seen)).toEqual(want);
    });
  }
});

describe('what each person gets', () => {
  const as = async (name: string, path: string) => {
    const res = await fetch(`${k.url}${path}`, { headers: { ...who[name]!.headers, origin: k.url } });
    return { status: res.status, body: (await res.json()) as any };
  };

  test('a limited manager: figures recomputed on their stores only, answers and cases of Berlin only', async () => {
    const mine = await as('limited', '/v1/summary');
    const berlin = await as('owner', '/v1/summary?meta.store=Berlin');
    const all = await as('owner', '/v1/summary');
    expect(mine.body.nps).toEqual(berlin.body.nps);
    expect(mine.body.nps.answers).toBe(6);
    expect(all.body.nps.answers).toBe(15);
    // Asking for another store's answers narrows nothing open: the limit still holds (none match both).
    expect((await as('limited', '/v1/summary?meta.store=Shanghai')).body.nps.answers).toBe(0);
    const list = await as('limited', '/v1/responses?limit=100');
    expect(list.body.responses.map((r: any) => r.meta.store)).toEqual(Array(6).fill('Berlin'));
    const cases = await as('limited', '/v1/cases?limit=100');
    expect(new Set(cases.body.cases.map((c: any) => c.meta.store))).toEqual(new Set(['Berlin']));
    expect((await as('limited', `/v1/cases/${caseId}`)).status).toBe(404);
    const themes = await as('limited', '/v1/drivers');
    expect(themes.status).toBe(200);
    expect((await as('limited', '/v1/displays')).status).toBe(403);
  });

  test('an agent: only the cases assigned to them or their team; none of the answers list', async () => {
    const list = await as('agent', '/v1/cases?limit=100');
    expect(list.body.cases.map((c: any) => c.id)).toEqual([mineCase]);
    expect(list.body.cases[0]).toMatchObject({ owner: 'team:Berlin', ownerName: 'Berlin' });
    expect((await as('agent', `/v1/cases/${caseId}`)).status).toBe(404);
    expect((await as('agent', `/v1/cases/${mineCase}`)).body.comment).toMatch(/^Berlin/);
    expect((await as('agent', '/v1/responses')).status).toBe(403);
    // An agent assigns only to themselves or their team.
    const elsewhere = await fetch(`${k.url}/v1/cases/${mineCase}`, { method: 'PATCH', headers: { ...who.agent!.headers, origin: k.url, 'content-type': 'application/json' }, body: JSON.stringify({ owner: 'team:Shanghai' }) });
    expect(elsewhere.status).toBe(403);
  });

  test('a viewer: figures, never a comment or an id', async () => {
    const summary = await as('viewer', '/v1/summary');
    expect(summary.status).toBe(200);
    const text = JSON.stringify(summary.body);
    expect(text).not.toMatch(/Berlin \d|Shanghai \d|order-\d/);
    for (const path of ['/v1/responses', '/v1/export', '/v1/cases', '/v1/themes/tone', '/v1/deliveries']) expect((await as('viewer', path)).status).toBe(403);
    expect((await as('viewer', '/v1/responses')).body.error).toBe('access: the viewer role may not read answers, comments or deliveries');
  });

  test('a deliveries:write key posts deliveries and reads nothing', async () => {
    for (const path of ['/v1/responses', '/v1/summary', '/v1/deliveries', '/v1/cases', '/v1/audit']) expect((await as('key deliveries:write', path)).status).toBe(403);
    expect((await as('key deliveries:write', '/v1/me')).body).toMatchObject({ key: { name: 'key deliveries:write', scopes: ['deliveries:write'] } });
  });
});

describe('docs/team.md', () => {
  test("its route table is the access table's, row for row", async () => {
    const { readFileSync } = await import('node:fs');
    const { ROLE_PERMISSIONS } = await import('../../src/http/access.ts');
    const doc = readFileSync(new URL('../../../../docs/team.md', import.meta.url), 'utf8');
    const rows = doc.split('\n').filter((l) => /^\| `(GET|POST|PUT|PATCH|DELETE) \/v1\//.test(l));
    const mark = (ok: boolean) => (ok ? '✓' : '—');
    const expected = ROUTES.map((r) => {
      const role = (name: keyof typeof ROLE_PERMISSIONS) => mark(ROLE_PERMISSIONS[name].includes(r.need));
      const limited = r.limited === false ? 'refused' : mark(ROLE_PERMISSIONS.manager.includes(r.need) || ROLE_PERMISSIONS.viewer.includes(r.need) || ROLE_PERMISSIONS.agent.includes(r.need));
      const scopes = SCOPES.map((s) => mark(permissionsOf({ kind: 'key', id: 'k', name: 'k', scopes: [s] }).has(r.need)));
      const path = r.path.replace(/:([a-z]+)/g, '{$1}');
      return `| \`${r.method} ${path}\` | \`${r.need}\` | ${role('owner')} | ${role('manager')} | ${role('agent')} | ${role('viewer')} | ${limited} | ${scopes.join(' | ')} |`;
    });
    expect(rows).toEqual(expected);
  });
});
