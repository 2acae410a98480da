// Staff scorecards through the HTTP API (read/scorecards.ts, http/scorecards.ts), against figures worked
// by hand: the technicians are the team of tests/unit/shrinkage.test.ts, the handlers' deadlines are
// set by moving cases along at chosen clock times.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addPerson, ADMIN, response, startCollector, type Running } from '../support/harness.ts';

const HOUR = 3_600_000;
// Cases open at T0 (general tier: csat 2, no nps): first response due T0 + 2 h, resolution T0 + 4 h.
const T0 = Date.parse('2026-11-25T09:00:00.000Z');
let clock = T0;
let k: Running;
// 2026-11-20 … 2026-11-26 in UTC: [2026-11-20, 2026-11-27); the previous period is [2026-11-13, 2026-11-20).
const PERIOD = 'from=2026-11-20&to=2026-11-26';
const people: Record<string, { id: string; code: string }> = {};

// The worked team of shrinkage.test.ts: x of n CSAT answers of 4–5 (5 here; the rest 3, which opens no case).
// NPS on some of the same answers: ana 3 × 10; ben 5 × 10, 3 × 8, 2 × 3; dana 20 × 9, 12 × 7, 8 × 5.
const team = [
  { id: 'ana', x: 3, n: 3, nps: [...Array(3).fill(10)] },
  { id: 'ben', x: 10, n: 12, nps: [...Array(5).fill(10), 8, 8, 8, 3, 3] },
  { id: 'cem', x: 20, n: 40, nps: [] },
  { id: 'dana', x: 72, n: 80, nps: [...Array(20).fill(9), ...Array(12).fill(7), ...Array(8).fill(5)] },
  { id: 'eli', x: 105, n: 150, nps: [] },
];
// The brief's second team (shrinkage.test.ts's "no more than chance"), under meta key `fitter`.
const fitters = [{ id: 'ana', x: 3, n: 3 }, { id: 'ben', x: 10, n: 12 }, { id: 'cem', x: 30, n: 40 }, { id: 'dana', x: 68, n: 80 }, { id: 'eli', x: 120, n: 150 }];

const patch = async (id: string, body: unknown) => {
  const res = await fetch(`${k.url}/v1/cases/${id}`, { method: 'PATCH', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status, await res.clone().text()).toBe(200);
};

beforeAll(async () => {
  k = await startCollector({ now: () => clock });
  const answers = [
    ...team.flatMap((t) => Array.from({ length: t.n }, (_, i) => response({ csat: i < t.x ? 5 : 3, ...(t.nps[i] !== undefined ? { nps: t.nps[i] } : {}), meta: { technician: t.id } }))),
    ...fitters.flatMap((t) => Array.from({ length: t.n }, (_, i) => response({ csat: i < t.x ? 5 : 3, meta: { fitter: t.id } }))),
    // eli in the previous period: 5 of 10 satisfied.
    ...Array.from({ length: 10 }, (_, i) => response({ answeredAt: '2026-11-15T10:00:00.000Z', csat: i < 5 ? 5 : 3, meta: { technician: 'eli' } })),
    // One unhappy answer per handled case, c1 … c8.
    ...Array.from({ length: 8 }, (_, i) => response({ answeredAt: '2026-11-24T12:00:00.000Z', csat: 2, meta: { handled: `c${i + 1}` } })),
  ];
  expect((await k.send({ responses: answers })).status).toBe(200);
  people.dana = await addPerson(k.url, { email: 'dana@shop.example', name: 'dana', role: 'agent' });
  people.omar = await addPerson(k.url, { email: 'omar@shop.example', name: 'omar', role: 'manager' });
  const cases = (await k.get('/v1/cases?limit=500')).cases as Array<{ id: string; meta: Record<string, string> }>;
  const c = (name: string) => cases.find((x) => x.meta.handled === name)!.id;
  for (const n of ['c1', 'c2', 'c3', 'c4', 'c5']) await patch(c(n), { owner: `person:${people.dana!.id}` });
  for (const n of ['c6', 'c7']) await patch(c(n), { owner: `person:${people.omar!.id}` });
  await patch(c('c8'), { owner: 'team:Berlin', status: 'resolved' }); // a team's case: nobody's card
  const at = async (h: number, moves: Array<[string, string]>) => {
    clock = T0 + h * HOUR;
    for (const [n, status] of moves) await patch(c(n), { status });
  };
  await at(1, [['c1', 'contacted'], ['c2', 'contacted'], ['c4', 'contacted'], ['c6', 'contacted']]);
  await at(3, [['c1', 'resolved'], ['c3', 'contacted'], ['c6', 'resolved']]);
  // Reopened at 3¼ h: both clocks start again (due 5¼ h and 7¼ h); resolved again at 3½ h, both met.
  await at(3.25, [['c1', 'open']]);
  await at(3.5, [['c1', 'resolved'], ['c3', 'resolved']]);
  await at(5, [['c2', 'resolved'], ['c7', 'resolved']]);
  clock = T0 + 6 * HOUR; // c4 (contacted) and c5 (untouched) are past both deadlines now
});
afterAll(() => k?.close());

const ids = (list: Array<{ id: string }>) => list.map((c) => c.id);
const by = <T extends { id: string }>(list: T[]) => Object.fromEntries(list.map((c) => [c.id, c]));

describe('technicians (by=meta.technician)', () => {
  test('the worked team: α = 9.0124, β = 3.2187, order dana, ana, ben, eli, cem; the 3/3 person not first', async () => {
    const b = await k.ok(`/v1/scorecards?by=meta.technician&${PERIOD}&minAnswers=3`);
    expect(b).toMatchObject({
      by: 'meta.technician',
      period: { from: '2026-11-20T00:00:00.000Z', to: '2026-11-27T00:00:00.000Z' },
      previousPeriod: { from: '2026-11-13T00:00:00.000Z', to: '2026-11-20T00:00:00.000Z' },
      few: [],
    });
    expect(b.prior.method).toBe('moments');
    expect(b.prior.alpha).toBeCloseTo(9.0124, 4);
    expect(b.prior.beta).toBeCloseTo(3.2187, 4);
    expect(ids(b.ranked)).toEqual(['dana', 'ana', 'ben', 'eli', 'cem']);
    expect(b.ranked.map((c: any) => c.rank)).toEqual([1, 2, 3, 4, 5]);
    const e = by<any>(b.ranked);
    // (x + α) / (n + α + β), worked in shrinkage.test.ts.
    expect(e.ana.estimate).toBeCloseTo(0.7887, 4);
    expect(e.ben.estimate).toBeCloseTo(0.7846, 4);
    expect(e.cem.estimate).toBeCloseTo(0.5555, 4);
    expect(e.dana.estimate).toBeCloseTo(0.8784, 4);
    expect(e.eli.estimate).toBeCloseTo(0.7028, 4);
    expect(e.ana).toMatchObject({ n: 3, x: 3, raw: 1, ci: [expect.closeTo(0.4385, 4), 1] });
    // dana: 72 × 5 and 8 × 3 → 90.0 %, mean 4.8; Wilson 72/80 = 0.814893 … 0.948452. NPS (20 − 8) / 40 = 30.
    expect(e.dana).toMatchObject({ answers: 80, csat: { answers: 80, score: 90, mean: 4.8, ci: [81.5, 94.8] }, nps: { answers: 40, score: 30, promoters: 20, detractors: 8 } });
    expect(b.method).toMatch(/fewer than 3 CSAT answers is listed apart/);
  });

  test('NPS shrunk as two shares: promoters (moments) and detractors (fallback), npsEstimate = 100 × (p̂ − d̂)', async () => {
    // Promoters ana 3/3, ben 5/10, dana 20/40: m = 28/53 = 0.528302; (p − m)² = 0.222499, 0.000801, 0.000801;
    //   var(p) = 0.074700; mean(1/n) = (1/3 + 1/10 + 1/40)/3 = 0.152778; noise = 0.249199 · 0.152778 = 0.038072;
    //   v = 0.036628; α + β = 0.249199/0.036628 − 1 = 5.8035; α = 3.0660, β = 2.7375.
    // Detractors 0/3, 2/10, 8/40: m = 10/53 = 0.188679; var(p) = 0.011952 < noise 0.153080 · 0.152778 = 0.023387:
    //   the fallback, α = 1.8868, β = 8.1132.
    // ana: (3 + 3.0660)/8.8035 = 0.689045 − (0 + 1.8868)/13 = 0.145138 → 54.4 (raw 100)
    // ben: 8.0660/15.8035 = 0.510393 − 3.8868/20 = 0.194340 → 31.6 (raw 30); dana: 23.0660/45.8035 = 0.503586 − 9.8868/50 = 0.197736 → 30.6 (raw 30)
    const b = await k.ok(`/v1/scorecards?by=meta.technician&${PERIOD}&minAnswers=3`);
    expect(b.npsPrior.promoters).toEqual({ alpha: expect.closeTo(3.066, 4), beta: expect.closeTo(2.7375, 4), method: 'moments' });
    expect(b.npsPrior.detractors).toEqual({ alpha: expect.closeTo(1.8868, 4), beta: expect.closeTo(8.1132, 4), method: 'fallback' });
    const e = by<any>(b.ranked);
    expect(e.ana).toMatchObject({ promoterEstimate: expect.closeTo(0.689, 3), detractorEstimate: expect.closeTo(0.1451, 4), npsEstimate: 54.4, nps: { score: 100 } });
    expect(e.ben.npsEstimate).toBe(31.6);
    expect(e.dana.npsEstimate).toBe(30.6);
    expect(e.cem).toMatchObject({ npsEstimate: null, promoterEstimate: null, nps: { answers: 0, score: null } });
  });

  test('the change against the previous period: eli 50 % → 70 %, +20 points (two-proportion p = 0.1864)', async () => {
    // pooled 110/160 = 0.6875; se = √(0.6875 · 0.3125 · (1/150 + 1/10)) = 0.151383; z = 0.2/0.151383 = 1.3212; p = 0.1864.
    const b = await k.ok(`/v1/scorecards?by=meta.technician&${PERIOD}`);
    const e = by<any>([...b.ranked, ...b.few]);
    expect(e.eli.change).toEqual({ answers: 10, csat: { difference: 20, p: expect.closeTo(0.1864, 4) }, nps: null });
    expect(e.dana.change).toEqual({ answers: 0, csat: null, nps: null });
    expect((await k.ok('/v1/scorecards?by=meta.technician')).ranked[0].change).toBeNull(); // no `from`, no previous period
  });

  test('minAnswers 5 (the default): ana (3 answers) is listed apart, with her estimate on the same prior', async () => {
    const b = await k.ok(`/v1/scorecards?by=meta.technician&${PERIOD}`);
    expect(b.minAnswers).toBe(5);
    expect(ids(b.ranked)).toEqual(['dana', 'ben', 'eli', 'cem']);
    expect(b.few).toHaveLength(1);
    expect(b.few[0]).toMatchObject({ id: 'ana', rank: null, n: 3, x: 3, raw: 1, estimate: expect.closeTo(0.7887, 4) });
    expect(b.prior.alpha).toBeCloseTo(9.0124, 4);
    expect(b.method).toMatch(/3 good results of 3 are not taken for 100 % .*, and anyone with fewer than 5 CSAT answers is listed apart under few/);
  });

  test('shares no more spread than chance (x = 3, 10, 30, 68, 120): the weak fallback prior, α = 8.1053, β = 1.8947', async () => {
    // m = 231/285 = 0.810526; v = −0.005804 <= 0: α + β = 10. Estimates (x + 8.1053)/(n + 10):
    // ana 11.1053/13 = 0.8543, ben 18.1053/22 = 0.8230, cem 38.1053/50 = 0.7621, dana 76.1053/90 = 0.8456, eli 128.1053/160 = 0.8007.
    const b = await k.ok(`/v1/scorecards?by=meta.fitter&${PERIOD}`);
    expect(b.prior).toEqual({ alpha: expect.closeTo(8.1053, 4), beta: expect.closeTo(1.8947, 4), method: 'fallback' });
    expect(ids(b.ranked)).toEqual(['dana', 'ben', 'eli', 'cem']);
    expect(b.ranked.map((c: any) => c.estimate)).toEqual([expect.closeTo(0.8456, 4), expect.closeTo(0.823, 4), expect.closeTo(0.8007, 4), expect.closeTo(0.7621, 4)]);
    expect(ids(b.few)).toEqual(['ana']);
    // A prior worth 10 answers does not hold 3/3 below 68/80: here only minAnswers keeps ana from the top.
    const low = await k.ok(`/v1/scorecards?by=meta.fitter&${PERIOD}&minAnswers=3`);
    expect(low.ranked[0]).toMatchObject({ id: 'ana', estimate: expect.closeTo(0.8543, 4) });
  });

  test('bad parameters are refused by name', async () => {
    expect((await k.read('/v1/scorecards')).body.error).toMatch(/^by: expected meta\.KEY/);
    expect((await k.read('/v1/scorecards?by=wave')).status).toBe(400);
    expect((await k.read('/v1/scorecards?by=handlers&minAnswers=-1')).body.error).toBe('minAnswers: expected an integer of at least 0; got "-1"');
  });
});

describe('handlers (by=handlers)', () => {
  // dana, at T0 + 6 h:      first contact   due      met?   resolved   due       met?
  //   c1 (reopened once)    1 h             5¼ h     yes    3½ h       7¼ h      yes
  //   c2                    1 h             2 h      yes    5 h        4 h       no
  //   c3                    3 h             2 h      no     3½ h       4 h       yes
  //   c4 (contacted)        1 h             2 h      yes    —          4 h < 6   no
  //   c5 (untouched)        —               2 h < 6  no     —          4 h < 6   no
  // responded 3/5 = 60 %, Wilson 23.1–88.2; resolved 2/5 = 40 %, Wilson 11.8–76.9; medians 1 h and 3½ h; reopened 1/5.
  // omar: c6 contacted 1 h, resolved 3 h (both met); c7 resolved at 5 h (both missed): 1/2 and 1/2; medians 3 h and 4 h.
  // Ranked on resolved within deadline: 2/5 and 1/2, m = 3/7; v = 0.002959 − 0.244898 · 0.35 < 0: the fallback,
  // α = 30/7 = 4.2857, β = 5.7143; dana (2 + 4.2857)/15 = 0.4190, omar (1 + 4.2857)/12 = 0.4405.
  test('the worked deadlines, medians and reopen rate; omar (2 decided cases) listed apart; the team case counts for nobody', async () => {
    const b = await k.ok(`/v1/scorecards?by=handlers&${PERIOD}`);
    expect(b.prior).toEqual({ alpha: expect.closeTo(4.2857, 4), beta: expect.closeTo(5.7143, 4), method: 'fallback' });
    expect(ids(b.ranked)).toEqual([people.dana!.id]);
    expect(ids(b.few)).toEqual([people.omar!.id]);
    expect(b.ranked[0]).toMatchObject({
      owner: `person:${people.dana!.id}`, name: 'dana', cases: 5, rank: 1, n: 5, x: 2, raw: 0.4, estimate: expect.closeTo(0.419, 4),
      respondedWithinDeadline: { share: 60, met: 3, of: 5, ci: [23.1, 88.2] },
      resolvedWithinDeadline: { share: 40, met: 2, of: 5, ci: [11.8, 76.9] },
      medianHoursToFirstResponse: 1, medianHoursToResolution: 3.5,
      reopenRate: { share: 20, reopened: 1, of: 5 },
      csat: { answers: 5, score: 0, mean: 2 },
      change: { cases: 0, respondedWithinDeadline: null, resolvedWithinDeadline: null },
    });
    expect(b.few[0]).toMatchObject({
      name: 'omar', cases: 2, rank: null, estimate: expect.closeTo(0.4405, 4),
      respondedWithinDeadline: { share: 50, met: 1, of: 2, ci: [9.5, 90.5] }, resolvedWithinDeadline: { share: 50, met: 1, of: 2 },
      medianHoursToFirstResponse: 3, medianHoursToResolution: 4, reopenRate: { share: 0, reopened: 0, of: 2 },
    });
    expect(b.method).toMatch(/share of cases resolved within the deadline.*fewer than 5 cases resolved or past their deadline/);
    // With minAnswers 2 both are ranked, and omar's 1 of 2 shrinks to above dana's 2 of 5.
    expect(ids((await k.ok(`/v1/scorecards?by=handlers&${PERIOD}&minAnswers=2`)).ranked)).toEqual([people.omar!.id, people.dana!.id]);
  });
});

describe('the CSV export', () => {
  const csv = async (query: string) => {
    const res = await fetch(`${k.url}/v1/scorecards/export?${query}`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="aftercare-scorecards-/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return bytes.toString('utf8').slice(1).trimEnd().split('\r\n').map((l) => l.split(','));
  };

  test('technicians: one row per person, ranked first then the few; every export audited', async () => {
    const [head, ...rows] = await csv(`by=meta.technician&format=csv&${PERIOD}`);
    expect(head).toEqual(['rank', 'id', 'name', 'n', 'x', 'raw', 'ci_low', 'ci_high', 'estimate', 'answers', 'csat_score', 'csat_mean', 'nps_answers', 'nps_score', 'nps_estimate']);
    expect(rows.map((r) => [r[0], r[1]])).toEqual([['1', 'dana'], ['2', 'ben'], ['3', 'eli'], ['4', 'cem'], ['', 'ana']]);
    const dana = rows[0]!;
    expect(dana.slice(3, 6)).toEqual(['80', '72', '0.9']);
    expect(Number(dana[6])).toBeCloseTo(0.8149, 4);
    expect(Number(dana[7])).toBeCloseTo(0.9485, 4);
    expect(Number(dana[8])).toBeCloseTo(0.8784, 4);
    expect(dana.slice(9)).toEqual(['80', '90', '4.8', '40', '30', '30.6']);
    expect(rows[4]!.slice(3, 6)).toEqual(['3', '3', '1']);
    await csv(`by=meta.technician&format=csv&${PERIOD}`); // the same again: recorded again
    const { entries } = await k.ok('/v1/audit?action=scorecards.export');
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ actor: 'admin token', target: 'meta.technician', rows: 5, outcome: 'done', detail: { format: 'csv' } });
  });

  test('handlers: the deadline shares in their own columns', async () => {
    const [head, ...rows] = await csv(`by=handlers&${PERIOD}`);
    expect(head!.slice(9)).toEqual(['cases', 'responded_within_deadline_pct', 'responded_of', 'resolved_within_deadline_pct', 'resolved_of', 'median_hours_first_response', 'median_hours_resolution', 'reopen_rate_pct', 'csat_score', 'nps_score']);
    expect(rows).toHaveLength(2);
    expect(rows[0]!.slice(0, 6)).toEqual(['1', people.dana!.id, 'dana', '5', '2', '0.4']);
    expect(rows[0]!.slice(9)).toEqual(['5', '60', '5', '40', '5', '1', '3.5', '20', '0', '']);
    expect(rows[1]!.slice(0, 3)).toEqual(['', people.omar!.id, 'omar']);
    expect((await k.read('/v1/scorecards/export?by=handlers&format=ndjson')).body.error).toBe('format: expected "csv"; got "ndjson"');
  });
});

describe('who sees which card', () => {
  test('an agent: 403 on everyone\'s cards, 200 on their own (handler and, by name, technician), nobody else\'s', async () => {
    const join = await fetch(`${k.url}/dashboard/join`, { method: 'POST', headers: { origin: k.url, 'content-type': 'application/json' }, body: JSON.stringify({ code: people.dana!.code }) });
    expect(join.status).toBe(204);
    const cookie = join.headers.get('set-cookie')!.split(';')[0]!;
    const as = async (path: string) => {
      const res = await fetch(`${k.url}${path}`, { headers: { cookie, origin: k.url } });
      return { status: res.status, body: (await res.json()) as any };
    };
    expect((await as(`/v1/scorecards?by=handlers&${PERIOD}`)).status).toBe(403);
    expect((await as(`/v1/scorecards/export?by=handlers&${PERIOD}`)).status).toBe(403);
    const me = await as(`/v1/scorecards/me?key=technician&${PERIOD}`);
    expect(me.status).toBe(200);
    expect(Object.keys(me.body).sort()).toEqual(['handler', 'minAnswers', 'period', 'person', 'previousPeriod', 'technician']);
    expect(me.body.person).toEqual({ id: people.dana!.id, name: 'dana' });
    expect(me.body.handler).toMatchObject({ id: people.dana!.id, cases: 5, respondedWithinDeadline: { share: 60 }, resolvedWithinDeadline: { share: 40 }, estimate: expect.closeTo(0.419, 4) });
    expect(me.body.handler).not.toHaveProperty('rank');
    expect(me.body.technician).toMatchObject({ key: 'technician', id: 'dana', n: 80, x: 72, estimate: expect.closeTo(0.8784, 4) });
    expect(me.body.technician).not.toHaveProperty('rank');
    const text = JSON.stringify(me.body);
    expect(text).not.toContain(people.omar!.id);
    expect(text).not.toContain('"omar"');
    expect((await as(`/v1/scorecards/me?${PERIOD}`)).body.technician).toBeNull();
    // The refused export was recorded: a valid credential asked for it.
    const { entries } = await k.ok('/v1/audit?action=scorecards.export');
    expect(entries[0]).toMatchObject({ actor: 'dana@shop.example', role: 'agent', outcome: expect.stringMatching(/^refused: 403/) });
  });

  test('the admin token: an empty card at the team\'s share; a key: 404', async () => {
    const me = await k.ok(`/v1/scorecards/me?${PERIOD}`);
    expect(me.handler).toMatchObject({ id: 'admin', cases: 0, n: 0, raw: null, estimate: expect.closeTo(3 / 7, 6), respondedWithinDeadline: { share: null, of: 0 } });
    const made = await fetch(`${k.url}/v1/keys`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'reports', scopes: ['admin'] }) });
    const { secret } = (await made.json()) as { secret: string };
    const res = await fetch(`${k.url}/v1/scorecards/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toMatch(/^a key has no scorecard of its own/);
  });
});
