// Re-survey waves and reasons (issue 14) on the read side, the same suite on SQLite (tests/unit) and on
// PostgreSQL (tests/postgres): the wave and reason filters, segments by wave and by reason, the driver
// analysis against answers whose figures are worked out by hand below, revisions replacing reasons,
// erasure and retention deleting reason rows, the 400s, and the OpenAPI document's schemas.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CollectorOptions } from '../../src/app.ts';
import { ADMIN, display, response, type Running } from './harness.ts';
import { openApiChecker } from './openapi-check.ts';
import { SECRET as WEBHOOK_SECRET } from './webhook-sink.ts';

/**
 * Ten answers (meta.set=small, 10–11 November 2026) with NPS, CSAT, reasons and wave:
 * detractors #1–#4, passives #5–#6, promoters #7–#10, so NPS over all = (4 − 4) / 10 = 0 points;
 * CSAT 4–5: #5–#10, so CSAT = 6 / 10 = 60 %.
 */
const SMALL = [
  { nps: 2, csat: 1, reasons: ['speed', 'communication'], wave: 0 },
  { nps: 3, csat: 2, reasons: ['speed'], wave: 0 },
  { nps: 5, csat: 2, reasons: ['speed', 'price'], wave: 0 },
  { nps: 6, csat: 3, reasons: ['communication'], wave: 1 },
  { nps: 7, csat: 4, reasons: [], wave: 1 },
  { nps: 8, csat: 4, reasons: ['price'], wave: 1 },
  { nps: 9, csat: 5, reasons: ['speed', 'solved'], wave: 2 },
  { nps: 10, csat: 5, reasons: ['solved', 'staff'], wave: 2 },
  { nps: 10, csat: 4, reasons: ['staff'], wave: 2 },
  { nps: 9, csat: 5, reasons: ['solved'], wave: 2 },
];
const idOf = (set: string, i: number) => `00000000-0000-4000-b${set === 'small' ? '000' : '111'}-${String(i + 1).padStart(12, '0')}`;
const small = SMALL.map((a, i) =>
  response({
    id: idOf('small', i),
    deliveryId: `life-${i % 4}`,
    deliveredAt: '2026-06-01T10:00:00.000Z',
    answeredAt: new Date(Date.parse('2026-11-10T10:00:00.000Z') + i * 3_600_000).toISOString(),
    csat: a.csat,
    nps: a.nps,
    ...(a.reasons.length ? { reasons: a.reasons } : {}),
    ...(a.wave ? { wave: a.wave } : {}),
    meta: { set: 'small' },
    customerId: `life-customer-${i}`,
  }),
);
/**
 * Sixty answers (meta.set=big, December): thirty name "quality" with NPS 5, thirty name nothing with
 * NPS 10. NPS all = (30 − 30) / 60 = 0; without quality = 100; impact −100, on 30 and 30 answers: not few.
 */
const big = Array.from({ length: 60 }, (_, i) =>
  response({
    id: idOf('big', i),
    answeredAt: new Date(Date.parse('2026-12-05T10:00:00.000Z') + i * 60_000).toISOString(),
    nps: i < 30 ? 5 : 10,
    csat: undefined,
    ...(i < 30 ? { reasons: ['quality'] } : {}),
    meta: { set: 'big' },
  }),
);
const SMALL_RANGE = 'from=2026-11-10&to=2026-11-11';
/** Displays of the small set's days: two of wave 0 (one answered), one of wave 1, one of wave 2. */
const DISPLAYS = [
  display({ shownAt: '2026-11-10T09:00:00.000Z', endedAt: '2026-11-10T09:01:00.000Z', outcome: 'answered' }),
  display({ shownAt: '2026-11-10T09:10:00.000Z', endedAt: '2026-11-10T09:11:00.000Z', outcome: 'dismissed' }),
  display({ shownAt: '2026-11-10T13:00:00.000Z', endedAt: '2026-11-10T13:01:00.000Z', outcome: 'dismissed', wave: 1 }),
  display({ shownAt: '2026-11-10T16:00:00.000Z', endedAt: '2026-11-10T16:01:00.000Z', outcome: 'answered', wave: 2 }),
];

export function driversSuite(start: (o: Partial<CollectorOptions>) => Promise<Running>) {
  let k: Running;
  const get = (path: string) => k.read(path);
  const ok = (path: string) => k.ok(path);
  const reasonRows = async (responseId: string) =>
    (await k.c.db.selectFrom('response_reasons').select('reason').where('response_id', '=', responseId).orderBy('reason').execute()).map((r) => r.reason);

  beforeAll(async () => {
    // Retention of about 5½ years: the 2020 answer of the purge test goes, the suite's 2026 ones stay.
    k = await start({ retentionDays: 2_000, startWorker: false, webhookUrls: ['http://127.0.0.1:9/hook'], webhookSecret: WEBHOOK_SECRET, webhookAllowPrivate: true });
    const res = await k.send({ responses: [...small, ...big], displays: DISPLAYS });
    expect(await res.json()).toEqual({ accepted: 74, rejected: [] });
  });
  afterAll(() => k?.close());

  describe('filters', () => {
    test.each([
      ['wave=0', [1, 2, 3]],
      ['wave=1', [4, 5, 6]],
      ['wave=2', [7, 8, 9, 10]],
      ['wave=3', []],
      ['reason=speed', [1, 2, 3, 7]],
      // Repeated: the answer must name each.
      ['reason=speed&reason=solved', [7]],
      ['reason=solved&reason=staff', [8]],
      ['reason=staff&reason=price', []],
      ['reason=unknown', []],
      ['reason=price&wave=1', [6]],
      ['reason=speed&band=promoter', [7]],
      ['reason=speed&csat=1&csat=2', [1, 2, 3]],
      ['wave=2&q=nothing', []],
    ])('%s', async (query, expected) => {
      const q = `meta.set=small&${query}`;
      const numbers = (list: Array<{ id: string }>) => list.map((r) => Number(r.id.slice(-2))).sort((a, b) => a - b);
      expect(numbers((await ok(`/v1/responses?${q}&limit=500`)).responses)).toEqual(expected);
      // Driven by the meta side table, by the reason side table, or by the range: the same count.
      expect((await ok(`/v1/summary?${q}`)).responses).toBe(expected.length);
      expect((await ok(`/v1/summary?${SMALL_RANGE}&${query}`)).responses).toBe(expected.length);
      const lines = (await (await fetch(`${k.url}/v1/export?format=ndjson&${q}`, { headers: { authorization: `Bearer ${ADMIN}` } })).text()).split('\n').filter(Boolean);
      expect(numbers(lines.map((l) => JSON.parse(l)))).toEqual(expected);
    });

    test('responses, the export and the event bodies carry wave and reasons; older answers read as wave 0 without reasons', async () => {
      const { responses } = await ok('/v1/responses?meta.set=small&reason=solved&reason=speed');
      expect(responses).toEqual([expect.objectContaining({ id: idOf('small', 6), wave: 2, reasons: ['speed', 'solved'] })]);
      const plain = (await ok('/v1/responses?meta.set=small&wave=1&band=passive&csat=4')).responses.find((r: { id: string }) => r.id === idOf('small', 4));
      expect(plain).toMatchObject({ wave: 1, reasons: [] });
      const csv = (await (await fetch(`${k.url}/v1/export?format=csv&meta.set=small&reason=solved&reason=speed`, { headers: { authorization: `Bearer ${ADMIN}` } })).text()).replace(/^\uFEFF/, '');
      const [header, row] = csv.split('\r\n');
      expect(header).toBe('id,revision,answeredAt,deliveredAt,deliveryId,customerId,csat,nps,comment,complete,locale,signed,origin,path,receivedAt,updatedAt,wave,reasons,channel,meta.set');
      expect(row).toMatch(/,2,"\[""speed"",""solved""\]",web,small$/);
      const event = await k.c.db.selectFrom('webhook_events').select('body').where('response_id', '=', idOf('small', 6)).where('type', '=', 'response.created').executeTakeFirstOrThrow();
      expect(JSON.parse(event.body).data).toMatchObject({ id: idOf('small', 6), wave: 2, reasons: ['speed', 'solved'] });
      const { displays } = await ok('/v1/displays?limit=500');
      expect(displays.map((d: { wave: number }) => d.wave).sort()).toEqual([0, 0, 1, 2]);
    });

    test('display figures follow wave (a display carries it), not reason (it carries none)', async () => {
      const at = async (q: string) => (await ok(`/v1/summary?${SMALL_RANGE}&${q}`)).displays;
      expect(await at('')).toMatchObject({ total: 4, answered: 2, responseRate: 50 });
      expect(await at('wave=0')).toMatchObject({ total: 2, answered: 1, responseRate: 50 });
      expect(await at('wave=1')).toMatchObject({ total: 1, answered: 0, responseRate: 0 });
      expect(await at('wave=2')).toMatchObject({ total: 1, answered: 1, responseRate: 100 });
      expect(await at('reason=speed')).toMatchObject({ total: 4, answered: 2 });
    });

    test.each([
      ['wave=x', 'wave: expected an integer of at least 0; got "x"'],
      ['wave=-1', 'wave: expected an integer of at least 0; got "-1"'],
      ['wave=1.5', 'wave: expected an integer of at least 0; got "1.5"'],
      ['wave=1&wave=2', 'wave: expected one value'],
      [`reason=${'r'.repeat(41)}`, `reason: expected a reason id of 1–40 characters; got "${'r'.repeat(41)}"`],
      [Array.from({ length: 11 }, (_, i) => `reason=r${i}`).join('&'), 'reason: expected at most 10 values; got 11'],
    ])('400 naming the parameter on every read: %s', async (query, message) => {
      for (const path of ['/v1/responses', '/v1/summary', '/v1/export', '/v1/cases', '/v1/drivers']) {
        const { status, body } = await get(`${path}?${query}`);
        expect(status, path).toBe(400);
        expect(body.error, path).toBe(message);
      }
    });

    test('by: 400 listing the four forms', async () => {
      for (const by of ['waves', 'store', 'meta.']) {
        const { status, body } = await get(`/v1/summary?by=${by}`);
        expect(status).toBe(400);
        expect(body.error).toBe(`by: expected meta.KEY (such as meta.store), wave, reason or channel; got "${by}"`);
      }
    });
  });

  describe('segments', () => {
    test('by=wave: every wave ascending, each with the figures of its answers (product life)', async () => {
      const s = await ok(`/v1/summary?meta.set=small&by=wave`);
      expect(s.segments.map((x: any) => [x.key, x.value, x.responses, x.nps.score, x.csat.score])).toEqual([
        // Wave 0: three detractors (NPS −100), no CSAT 4–5. Wave 1: one detractor, two passives
        // (−33.3), CSAT 3, 4, 4 (66.7 %). Wave 2: four promoters, CSAT 5, 5, 4, 5.
        ['wave', '0', 3, -100, 0],
        ['wave', '1', 3, -33.3, 66.7],
        ['wave', '2', 4, 100, 100],
      ]);
      expect(s.segmentsTotal).toBe(3);
      for (const x of s.segments) expect([x.nps.few, x.csat.few, x.nps.ci?.length]).toEqual([true, true, 2]);
      // The same without the meta filter (the wave index), and with a wave filter (that wave alone).
      expect((await ok(`/v1/summary?${SMALL_RANGE}&by=wave`)).segments.map((x: any) => x.responses)).toEqual([3, 3, 4]);
      expect((await ok(`/v1/summary?${SMALL_RANGE}&by=wave&wave=1`)).segments.map((x: any) => [x.value, x.responses])).toEqual([['1', 3]]);
      // The reason filter narrows each wave.
      expect((await ok(`/v1/summary?meta.set=small&by=wave&reason=speed`)).segments.map((x: any) => [x.value, x.responses])).toEqual([['0', 3], ['2', 1]]);
      // All waves, whatever else holds them: the big set is of wave 0.
      expect((await ok('/v1/summary?by=wave')).segments.map((x: any) => [x.value, x.responses])).toEqual([['0', 63], ['1', 3], ['2', 4]]);
    });

    test('by=reason: one segment per reason (the answers naming it), worst first like meta segments', async () => {
      for (const q of ['meta.set=small', SMALL_RANGE]) {
        const s = await ok(`/v1/summary?${q}&by=reason`);
        const seen = Object.fromEntries(s.segments.map((x: any) => [x.value, [x.key, x.responses, x.nps.score]]));
        expect(seen).toEqual({
          communication: ['reason', 2, -100], price: ['reason', 2, -50], speed: ['reason', 4, -50], staff: ['reason', 2, 100], solved: ['reason', 3, 100],
        });
        // Worst first by the lower bound of the NPS interval (adjusted-Wald): communication −100.0,
        // speed −90.7 (its 3 detractors and 1 promoter spread wider than price's 1 and 1 passive),
        // price −79.4, staff −24.4, solved −6.6.
        expect(s.segments.map((x: any) => [x.value, x.nps.ci[0]])).toEqual([['communication', -100], ['speed', -90.7], ['price', -79.4], ['staff', -24.4], ['solved', -6.6]]);
        const lows = s.segments.map((x: any) => x.nps.ci[0]);
        expect([...lows].sort((a, b) => a - b)).toEqual(lows);
      }
      const byCsat = await ok(`/v1/summary?meta.set=small&by=reason&sort=csat`);
      const csatLows = byCsat.segments.map((x: any) => x.csat.ci[0]);
      expect([...csatLows].sort((a, b) => a - b)).toEqual(csatLows);
      // Under a reason filter: the answers naming both.
      expect((await ok(`/v1/summary?meta.set=small&by=reason&reason=solved`)).segments.map((x: any) => [x.value, x.responses]).sort()).toEqual([['solved', 3], ['speed', 1], ['staff', 1]]);
      // by=meta.KEY still works, with the reason filter applied.
      expect((await ok('/v1/summary?by=meta.set&reason=speed')).segments.map((x: any) => [x.key, x.value, x.responses])).toEqual([['set', 'small', 4]]);
    });
  });

  describe('drivers', () => {
    test('figures against the hand-worked answers: impact = all minus without, largest |NPS impact| first', async () => {
      for (const q of ['meta.set=small', SMALL_RANGE]) {
        const d = await ok(`/v1/drivers?${q}`);
        expect(d.total).toEqual({ n: 10, nps: 0, csat: 60 });
        expect(d.drivers).toEqual([
          // solved: #7, #8, #10. Without: #1–#6 and #9, NPS (1 − 4) / 7 = −42.857, CSAT 3 / 7 = 42.857 %.
          // Impact: 0 − (−42.857) = +42.9 points; 60 − 42.857 = +17.1.
          {
            reason: 'solved', n: 3, detractors: { named: 0, of: 4, share: 0 }, promoters: { named: 3, of: 4, share: 0.75 },
            without: { n: 7, nps: -42.9, csat: 42.9 }, impact: { nps: 42.9, csat: 17.1 }, few: true,
          },
          // speed: #1, #2, #3, #7. Without: #4–#6, #8–#10, NPS (3 − 1) / 6 = 33.333, CSAT 5 / 6 = 83.333 %.
          // Impact: 0 − 33.333 = −33.3 points; 60 − 83.333 = −23.3.
          {
            reason: 'speed', n: 4, detractors: { named: 3, of: 4, share: 0.75 }, promoters: { named: 1, of: 4, share: 0.25 },
            without: { n: 6, nps: 33.3, csat: 83.3 }, impact: { nps: -33.3, csat: -23.3 }, few: true,
          },
          // communication: #1, #4. Without: NPS (4 − 2) / 8 = 25, CSAT 6 / 8 = 75 %. Impact −25, −15.
          {
            reason: 'communication', n: 2, detractors: { named: 2, of: 4, share: 0.5 }, promoters: { named: 0, of: 4, share: 0 },
            without: { n: 8, nps: 25, csat: 75 }, impact: { nps: -25, csat: -15 }, few: true,
          },
          // staff: #8, #9. Without: NPS (2 − 4) / 8 = −25, CSAT 4 / 8 = 50 %. Impact +25, +10 (ties
          // communication on |impact|, with as many answers: by name).
          {
            reason: 'staff', n: 2, detractors: { named: 0, of: 4, share: 0 }, promoters: { named: 2, of: 4, share: 0.5 },
            without: { n: 8, nps: -25, csat: 50 }, impact: { nps: 25, csat: 10 }, few: true,
          },
          // price: #3, #6. Without: NPS (4 − 3) / 8 = 12.5, CSAT 5 / 8 = 62.5 %. Impact −12.5, −2.5.
          {
            reason: 'price', n: 2, detractors: { named: 1, of: 4, share: 0.25 }, promoters: { named: 0, of: 4, share: 0 },
            without: { n: 8, nps: 12.5, csat: 62.5 }, impact: { nps: -12.5, csat: -2.5 }, few: true,
          },
        ]);
      }
    });

    test('few is false with 30 answers on each side; a side without scores has no impact; filters narrow the total', async () => {
      const d = await ok('/v1/drivers?meta.set=big');
      // NPS all = (30 − 30) / 60 = 0; without quality: 30 promoters, 100; impact −100. No CSAT at all.
      expect(d).toMatchObject({ path: 'rows',
        total: { n: 60, nps: 0, csat: null },
        drivers: [{ reason: 'quality', n: 30, detractors: { named: 30, of: 30, share: 1 }, promoters: { named: 0, of: 30, share: 0 }, without: { n: 30, nps: 100, csat: null }, impact: { nps: -100, csat: null }, few: false }],
      });
      // Narrowed to the answers naming quality: nothing is left without it.
      const only = await ok('/v1/drivers?meta.set=big&reason=quality');
      expect(only.total).toEqual({ n: 30, nps: -100, csat: null });
      expect(only.drivers).toEqual([
        { reason: 'quality', n: 30, detractors: { named: 30, of: 30, share: 1 }, promoters: { named: 0, of: 0, share: null }, without: { n: 0, nps: null, csat: null }, impact: { nps: null, csat: null }, few: true },
      ]);
      // A wave: wave 2 of the small set, four promoters, CSAT 5, 5, 4, 5.
      const w = await ok('/v1/drivers?meta.set=small&wave=2');
      expect(w.total).toEqual({ n: 4, nps: 100, csat: 100 });
      expect(w.drivers.map((x: any) => [x.reason, x.n, x.impact.nps, x.impact.csat])).toEqual([['solved', 3, 0, 0], ['staff', 2, 0, 0], ['speed', 1, 0, 0]]);
      expect(await ok('/v1/drivers?meta.set=none')).toMatchObject({ total: { n: 0, nps: null, csat: null }, drivers: [], path: 'rows', pathWhy: 'segments by reason under a meta or reason filter' });
    });

    test('needs the credential; not in the audit trail (aggregates only), like the summary', async () => {
      expect((await fetch(`${k.url}/v1/drivers`)).status).toBe(401);
      await ok('/v1/drivers?meta.set=small');
      const { entries } = await ok('/v1/audit?limit=500');
      expect(entries.some((e: { action: string }) => /driver/.test(e.action))).toBe(false);
    });

    test('the new responses match the OpenAPI document', async () => {
      const check = openApiChecker(await ok('/v1/openapi.json'));
      check('/components/schemas/Drivers', await ok('/v1/drivers?meta.set=small'));
      check('/components/schemas/Drivers', await ok('/v1/drivers?meta.set=big&reason=quality'));
      check('/components/schemas/Summary', await ok('/v1/summary?meta.set=small&by=wave&interval=day&from=2026-11-10&to=2026-11-11'));
      check('/components/schemas/Summary', await ok('/v1/summary?by=reason&reason=speed'));
      for (const r of (await ok('/v1/responses?meta.set=small')).responses) check('/components/schemas/StoredResponse', r);
    });
  });

  describe('writes', () => {
    const one = (over: Record<string, unknown>) => response({ id: '00000000-0000-4000-b222-000000000001', deliveryId: 'rev-1', customerId: 'rev-customer', answeredAt: '2026-11-20T10:00:00.000Z', meta: { set: 'rev' }, ...over });

    test('a revision replaces the reasons; [] or none removes them; an older revision never overwrites newer ones; duplicates are kept once', async () => {
      const send = async (over: Record<string, unknown>) => expect((await k.send({ responses: [one(over)] })).status).toBe(200);
      await send({ revision: 1, nps: 3, reasons: ['speed', 'staff', 'speed'] });
      expect(await reasonRows(one({}).id)).toEqual(['speed', 'staff']);
      expect((await k.row(one({}).id))?.reasons).toEqual(['speed', 'staff']);
      await send({ revision: 2, nps: 4, reasons: ['price'] });
      expect(await reasonRows(one({}).id)).toEqual(['price']);
      // An older revision arriving late changes nothing, reasons included.
      await send({ revision: 1, nps: 3, reasons: ['speed', 'staff'] });
      expect(await reasonRows(one({}).id)).toEqual(['price']);
      expect(await k.row(one({}).id)).toMatchObject({ revision: 2, nps: 4, reasons: ['price'] });
      // The side table's scores follow the revision: the reason segment counts the new score.
      const seg = (await ok('/v1/summary?meta.set=rev&by=reason')).segments;
      expect(seg.map((x: any) => [x.value, x.nps.counts[4]])).toEqual([['price', 1]]);
      await send({ revision: 3, nps: 9 });
      expect(await reasonRows(one({}).id)).toEqual([]);
      expect((await k.row(one({}).id))?.reasons).toEqual([]);
      // A revision keeps its wave: the next wave is answered under an id of its own.
      const moved = await (await k.send({ responses: [one({ revision: 4, nps: 9, reasons: ['solved'], wave: 1 })] })).json();
      expect(moved).toEqual({ accepted: 0, rejected: [{ id: one({}).id, error: 'responses.0.wave: this id is already stored for wave 0; a revision keeps its wave' }] });
      const next = one({ id: '00000000-0000-4000-b222-000000000002', revision: 1, nps: 9, reasons: ['solved'], wave: 1 });
      expect((await k.send({ responses: [next] })).status).toBe(200);
      expect(await reasonRows(next.id)).toEqual(['solved']);
      expect((await ok('/v1/summary?meta.set=rev&wave=1&reason=solved')).responses).toBe(1);
      // Resent as it is: idempotent.
      expect(await (await k.send({ responses: [next] })).json()).toEqual({ accepted: 1, rejected: [] });
      expect(await reasonRows(next.id)).toEqual(['solved']);
    });

    test('erasing a customer or a delivery deletes their reason rows too', async () => {
      const a = response({ customerId: 'erase-me', reasons: ['speed', 'price'], meta: { set: 'erase' } });
      const b = response({ deliveryId: 'erase-delivery', reasons: ['staff'], meta: { set: 'erase' } });
      const keep = response({ customerId: 'keep-me', reasons: ['speed'], meta: { set: 'erase' } });
      expect((await k.send({ responses: [a, b, keep] })).status).toBe(200);
      expect(await reasonRows(a.id)).toEqual(['price', 'speed']);
      const as = (path: string) => fetch(`${k.url}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN}` } });
      expect((await as('/v1/customers/erase-me')).status).toBe(200);
      expect((await as('/v1/deliveries/erase-delivery')).status).toBe(200);
      expect(await reasonRows(a.id)).toEqual([]);
      expect(await reasonRows(b.id)).toEqual([]);
      expect(await reasonRows(keep.id)).toEqual(['speed']);
      expect((await ok('/v1/drivers?meta.set=erase')).drivers.map((x: any) => [x.reason, x.n])).toEqual([['speed', 1]]);
    });

    test('the retention purge deletes the reason rows of the answers it deletes', async () => {
      const old = response({ answeredAt: '2020-01-10T10:00:00.000Z', deliveredAt: '2020-01-05T10:00:00.000Z', reasons: ['delivery'], meta: { set: 'old' } });
      expect((await k.send({ responses: [old] })).status).toBe(200);
      expect(await reasonRows(old.id)).toEqual(['delivery']);
      expect((await k.c.purge()).responses).toBeGreaterThanOrEqual(1);
      expect(await reasonRows(old.id)).toEqual([]);
      expect((await ok('/v1/summary?by=reason&reason=delivery')).segments).toEqual([]);
    });
  });
}
