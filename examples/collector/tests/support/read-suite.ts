// The read API against seeded answers with known figures, the same suite on SQLite (tests/unit) and on
// PostgreSQL (tests/postgres): filters, series (empty intervals, a DST change, a local-day boundary),
// previous period, segments, cursors, export, and the dashboard session.
//
// The collector runs in Europe/Berlin, whose clocks went back on 2026-10-25 (CEST +02:00 → CET +01:00),
// so week starts before and after differ in UTC, and an answer at 22:30 UTC belongs to the next day.
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN, display, response, type Running } from './harness.ts';

export const TZ = 'Europe/Berlin';

/** The seeded answers: id suffix → what is known about it. */
const A = {
  a1: { answeredAt: '2026-10-05T09:00:00.000Z', csat: 5, nps: 10, meta: { store: 'Berlin', technician: 'Anna' }, comment: 'Great, 谢谢' },
  // 00:30 on 6 October in Berlin (CEST): a day later there than in UTC.
  a2: { answeredAt: '2026-10-05T22:30:00.000Z', csat: 2, nps: 3, meta: { store: 'Shanghai' }, comment: 'Technician was LATE' },
  a3: { answeredAt: '2026-10-07T10:00:00.000Z', csat: 4, nps: 8, meta: { store: 'Berlin' } },
  a5: { answeredAt: '2026-10-20T12:00:00.000Z', csat: 3, meta: { store: 'Munich' }, complete: false },
  // 00:30 on 27 October in Berlin (CET, after the change): in the week of 26 October.
  a4: { answeredAt: '2026-10-26T23:30:00.000Z', csat: 1, nps: 0, meta: { store: 'Shanghai' }, comment: '师傅没来，很失望' },
  a6: { answeredAt: '2026-11-02T08:00:00.000Z', nps: 9, meta: { store: 'Berlin' }, comment: '=HYPERLINK("http://evil.example","click")' },
  a7: { answeredAt: '2026-11-03T08:00:00.000Z', csat: 5, nps: 6, meta: { store: 'Shanghai', technician: 'Li Wei' }, comment: 'He said "hello", then left\nline two' },
  a8: { answeredAt: '2026-11-16T08:00:00.000Z', csat: 4, nps: 10, meta: { store: 'Berlin' }, comment: '100% fixed' },
} as const;
type Key = keyof typeof A;
const idOf = (k: string) => `00000000-0000-4000-a000-0000000000${k.slice(1).padStart(2, '0')}`;
const keyOf = (id: string) => `a${Number(id.slice(-2))}`;

function wire(k: Key) {
  const a = A[k] as { answeredAt: string; csat?: number; nps?: number; meta: Record<string, string>; comment?: string; complete?: boolean };
  return response({
    id: idOf(k),
    deliveryId: `order-${k}`,
    deliveredAt: new Date(Date.parse(a.answeredAt) - 4 * 86_400_000).toISOString(),
    answeredAt: a.answeredAt,
    csat: a.csat,
    nps: a.nps,
    comment: a.comment,
    meta: a.meta,
    complete: a.complete ?? true,
    customerId: `customer-${k}`,
  });
}

const DISPLAYS = [
  display({ shownAt: '2026-10-05T08:59:00.000Z', endedAt: '2026-10-05T09:00:00.000Z', outcome: 'answered' }),
  display({ shownAt: '2026-10-06T10:00:00.000Z', endedAt: '2026-10-06T10:01:00.000Z', outcome: 'dismissed', later: true }),
  display({ shownAt: '2026-11-03T10:00:00.000Z', endedAt: '2026-11-03T10:01:00.000Z', outcome: 'expired' }),
  display({ shownAt: '2026-11-16T07:59:00.000Z', endedAt: '2026-11-16T08:00:00.000Z', outcome: 'answered' }),
];

type Page = { responses: Array<{ id: string; comment: string | null; meta: Record<string, unknown> | null }>; nextCursor: string | null };

export function readSuite(open: () => Promise<Running>) {
  let k: Running;
  const get = (path: string) => k.read(path);
  const ok = (path: string) => k.ok(path);
  const ids = (page: Page) => page.responses.map((r) => keyOf(r.id));

  beforeAll(async () => {
    k = await open();
    const res = await k.send({ responses: (Object.keys(A) as Key[]).map(wire), displays: DISPLAYS });
    expect(await res.json()).toEqual({ accepted: 12, rejected: [] });
  });
  afterAll(() => k?.close());

  describe('filters', () => {
    test.each([
      ['', ['a8', 'a7', 'a6', 'a4', 'a5', 'a3', 'a2', 'a1']],
      ['survey=nps', ['a8', 'a7', 'a6', 'a4', 'a3', 'a2', 'a1']],
      ['survey=csat', ['a8', 'a7', 'a4', 'a5', 'a3', 'a2', 'a1']],
      ['band=detractor', ['a7', 'a4', 'a2']],
      ['band=passive', ['a3']],
      ['band=promoter', ['a8', 'a6', 'a1']],
      ['band=detractor&band=passive', ['a7', 'a4', 'a3', 'a2']],
      ['csat=1&csat=2', ['a4', 'a2']],
      ['band=detractor&csat=5', ['a7']],
      ['q=late', ['a2']],
      ['q=LATE', ['a2']],
      [`q=${encodeURIComponent('师傅')}`, ['a4']],
      [`q=${encodeURIComponent('%')}`, ['a8']],
      [`q=${encodeURIComponent('_')}`, []],
      ['meta.store=Berlin', ['a8', 'a6', 'a3', 'a1']],
      ['meta.store=Berlin&meta.technician=Anna', ['a1']],
      [`meta.technician=${encodeURIComponent('Li Wei')}`, ['a7']],
      ['meta.store=Nowhere', []],
      ['complete=false', ['a5']],
      ['complete=true&survey=csat&csat=3', []],
      // Dates are Berlin days: 6 October holds a2 (22:30 UTC on the 5th), not a1.
      ['from=2026-10-06&to=2026-10-06', ['a2']],
      ['from=2026-10-05T11:00&to=2026-10-05T11:01', ['a1']],
      ['from=2026-10-05T09:00:00Z&to=2026-10-05T09:00:01Z', ['a1']],
      ['from=2026-11-01&survey=nps&band=promoter&q=fixed&meta.store=Berlin', ['a8']],
    ])('%s', async (query, expected) => {
      expect(ids(await ok(`/v1/responses?${query}`))).toEqual(expected);
      // The summary and the export apply the same filter.
      expect((await ok(`/v1/summary?${query}`)).responses).toBe(expected.length);
      const lines = (await (await fetch(`${k.url}/v1/export?format=ndjson&${query}`, { headers: { authorization: `Bearer ${ADMIN}` } })).text()).split('\n').filter(Boolean);
      expect(lines.map((l) => keyOf(JSON.parse(l).id))).toEqual(expected);
    });

    test.each([
      ['from=2026-13-01', 'from: expected a date'],
      ['from=2026-02-30', 'from: expected a date'],
      ['to=yesterday', 'to: expected a date'],
      ['from=2026-11-02&to=2026-11-01', 'to: expected a time after from'],
      ['survey=ces', 'survey: expected "csat" or "nps"'],
      ['band=angry', 'band: expected "detractor", "passive" or "promoter"'],
      ['csat=6', 'csat: expected an integer from 1 to 5'],
      ['complete=maybe', 'complete: expected "true" or "false"'],
      ['cursor=bm9wZQ', 'cursor: expected the nextCursor of an earlier page'],
      ['order=random', 'order: expected "newest" or "unhappy"'],
      ['from=2026-01-01&from=2026-02-01', 'from: expected one value'],
    ])('400 naming the parameter: %s', async (query, message) => {
      const { status, body } = await get(`/v1/responses?${query}`);
      expect(status).toBe(400);
      expect(body.error).toContain(message);
    });

    test.each([
      ['interval=hour', 'interval: expected "day", "week", "month" or "year"'],
      ['by=store', 'by: expected meta.KEY'],
      ['sort=mean', 'sort: expected "nps" or "csat"'],
    ])('summary 400: %s', async (query, message) => {
      const { status, body } = await get(`/v1/summary?${query}`);
      expect(status).toBe(400);
      expect(body.error).toContain(message);
    });

    test.each([
      // 26 years of days is 9,497 points; its weeks (from Monday 1999-12-27) 1,358: weeks, and the answer says so.
      ['interval=day&from=2000-01-01&to=2025-12-31', 'week', 1358],
      // 200 years of weeks or months are too many: years.
      ['interval=week&from=1900-01-01&to=2099-12-31', 'year', 200],
      ['interval=month&from=2000-01-01&to=2025-12-31', 'month', 312],
    ])('summary: a range with more than 1,500 points of its interval gets the next coarser one: %s', async (query, interval, points) => {
      const { status, body } = await get(`/v1/summary?${query}`);
      expect(status).toBe(200);
      expect(body.interval).toBe(interval);
      expect(body.series).toHaveLength(points);
      if (interval !== new URLSearchParams(query).get('interval')) expect(body.intervalAsked).toBe(new URLSearchParams(query).get('interval'));
      else expect(body.intervalAsked).toBeUndefined();
    });
  });

  describe('summary', () => {
    test('totals with 95 % intervals, today’s fields kept', async () => {
      const s = await ok('/v1/summary');
      expect(s).toMatchObject({ timeZone: TZ, confidence: 0.95, responses: 8, range: { from: null, to: null }, interval: null, previous: null });
      // CSAT: 4 of 7 answers are 4–5 → 57.1 %; Wilson 95 %: 25.0–84.2. Mean (5+2+4+3+1+5+4)/7 = 3.43.
      expect(s.csat).toEqual({ answers: 7, score: 57.1, mean: 3.43, counts: { 1: 1, 2: 1, 3: 1, 4: 2, 5: 2 }, ci: [25, 84.2], few: true });
      // NPS: 3 promoters, 1 passive, 3 detractors of 7 → 0; adjusted-Wald 95 %: −53.7 to 53.7.
      expect(s.nps).toMatchObject({ answers: 7, score: 0, promoters: 3, passives: 1, detractors: 3, ci: [-53.7, 53.7], few: true });
      expect(s.displays).toEqual({ total: 4, answered: 2, dismissed: 1, expired: 1, later: 1, responseRate: 50, ci: [15, 85], few: true });
      expect(s.metaKeys).toEqual(['store', 'technician']);
      expect(s.collector).toBeDefined();
    });

    test('weekly series in Berlin: Monday starts across the DST change, empty weeks present', async () => {
      const s = await ok('/v1/summary?from=2026-10-05&to=2026-11-22&interval=week');
      expect(s.range).toEqual({ from: '2026-10-04T22:00:00.000Z', to: '2026-11-22T23:00:00.000Z' });
      expect(s.series.map((p: any) => [p.start, p.responses])).toEqual([
        ['2026-10-04T22:00:00.000Z', 3],
        ['2026-10-11T22:00:00.000Z', 0],
        ['2026-10-18T22:00:00.000Z', 1],
        // The clocks went back on 25 October: Monday 26 October starts at 23:00 UTC.
        ['2026-10-25T23:00:00.000Z', 1],
        ['2026-11-01T23:00:00.000Z', 2],
        ['2026-11-08T23:00:00.000Z', 0],
        ['2026-11-15T23:00:00.000Z', 1],
      ]);
      expect(s.series[6].end).toBe('2026-11-22T23:00:00.000Z');
      const empty = s.series[1];
      expect(empty.csat).toMatchObject({ answers: 0, score: null, ci: null, few: true });
      expect(empty.nps).toMatchObject({ answers: 0, score: null, ci: null });
      expect(empty.displays).toMatchObject({ total: 0, responseRate: null, ci: null });
      // Week of 5 October: a1 (10), a2 (3), a3 (8) → NPS 0; CSAT 5, 2, 4 → 66.7 %.
      expect(s.series[0].nps).toMatchObject({ answers: 3, score: 0, promoters: 1, passives: 1, detractors: 1 });
      expect(s.series[0].csat).toMatchObject({ answers: 3, score: 66.7 });
      expect(s.series[0].displays).toMatchObject({ total: 2, answered: 1, responseRate: 50 });
      // The totals are the range's.
      expect(s.responses).toBe(8);
    });

    test('daily series: the answer at 22:30 UTC counts on the next Berlin day', async () => {
      const s = await ok('/v1/summary?from=2026-10-05&to=2026-10-07&interval=day');
      expect(s.series.map((p: any) => [p.start, p.responses])).toEqual([
        ['2026-10-04T22:00:00.000Z', 1],
        ['2026-10-05T22:00:00.000Z', 1],
        ['2026-10-06T22:00:00.000Z', 1],
      ]);
    });

    test('monthly series without from: from the first answer’s month to now', async () => {
      const s = await ok('/v1/summary?interval=month&to=2026-11-30');
      expect(s.series.map((p: any) => [p.start, p.responses])).toEqual([
        ['2026-09-30T22:00:00.000Z', 5],
        ['2026-10-31T23:00:00.000Z', 3],
      ]);
    });

    test('previous: the period of equal length just before from', async () => {
      const s = await ok('/v1/summary?from=2026-11-02&to=2026-11-15');
      expect(s.responses).toBe(2);
      // 2 November 00:00 to 16 November 00:00 Berlin is 14 × 24 h; the 14 × 24 h before hold a5 and a4.
      expect(s.previous).toMatchObject({ from: '2026-10-18T23:00:00.000Z', to: '2026-11-01T23:00:00.000Z', responses: 2 });
      expect(s.previous.csat).toMatchObject({ answers: 2, counts: { 1: 1, 3: 1 } });
      expect(s.previous.nps).toMatchObject({ answers: 1, detractors: 1, score: -100 });
    });

    test('segments by meta.store: worst first by the lower bound of the NPS interval; no NPS answer last', async () => {
      const s = await ok('/v1/summary?by=meta.store');
      expect(s.segments.map((g: any) => [g.value, g.responses, g.nps.score])).toEqual([
        ['Shanghai', 3, -100],
        ['Berlin', 4, 75],
        ['Munich', 1, null],
      ]);
      expect(s.segments[0]).toMatchObject({ key: 'store', csat: { answers: 3, score: 33.3, few: true }, nps: { few: true } });
      expect(s.segments[0].nps.ci[0]).toBeLessThan(s.segments[1].nps.ci[0]);
      expect(s.segmentsTotal).toBe(3);
    });

    test('segments sorted by CSAT: Munich (0 of 1) before Shanghai (1 of 3) before Berlin (3 of 3)', async () => {
      const s = await ok('/v1/summary?by=meta.store&sort=csat');
      expect(s.segments.map((g: any) => g.value)).toEqual(['Munich', 'Shanghai', 'Berlin']);
      expect(s.segments.map((g: any) => g.csat.ci)).toEqual([[0, 79.3], [6.1, 79.2], [43.9, 100]]);
    });

    test('segments follow the other filters (text and meta filters join the responses)', async () => {
      expect((await ok('/v1/summary?by=meta.technician&band=detractor')).segments.map((g: any) => [g.value, g.responses])).toEqual([['Li Wei', 1]]);
      expect((await ok('/v1/summary?by=meta.store&q=fixed')).segments.map((g: any) => [g.value, g.responses])).toEqual([['Berlin', 1]]);
      expect((await ok('/v1/summary?by=meta.technician&meta.store=Berlin')).segments.map((g: any) => [g.value, g.responses])).toEqual([['Anna', 1]]);
      expect((await ok('/v1/summary?by=meta.colour')).segments).toEqual([]);
    });

    test('every shape the summary takes validates against its OpenAPI schema', async () => {
      const doc = await ok('/v1/openapi.json');
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      ajv.addSchema({ ...doc, $id: 'https://aftercare.test/openapi.json' });
      const validate = ajv.getSchema('https://aftercare.test/openapi.json#/components/schemas/Summary')!;
      for (const query of ['', 'interval=week&from=2026-10-05&to=2026-11-22&by=meta.store', 'interval=day&from=2026-10-05&to=2026-10-07&band=promoter', 'by=meta.technician&q=zzz']) {
        const s = await ok(`/v1/summary?${query}`);
        expect(validate(s), `${query}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
    });

    test('a key with more values than one range each (order ids): the same figures from one GROUP BY', async () => {
      const many = Array.from({ length: 250 }, (_, i) =>
        response({ deliveryId: `many-${i}`, answeredAt: '2026-08-10T10:00:00.000Z', nps: i % 11, meta: { order: `o-${String(i).padStart(3, '0')}`, batch: i < 125 ? 'first' : 'second' } }),
      );
      expect((await k.send({ responses: many })).status).toBe(200);
      const s = await ok('/v1/summary?from=2026-08-10&to=2026-08-10&by=meta.order');
      expect(s.segmentsTotal).toBe(250);
      expect(s.segments.every((g: any) => g.responses === 1)).toBe(true);
      // Worst first: the detractors' one-answer intervals have the lowest bound.
      expect(s.segments[0].nps.detractors).toBe(1);
      expect(s.segments.at(-1).nps.promoters).toBe(1);
      // Few values: one range each; the totals agree with the GROUP BY path's.
      const batches = await ok('/v1/summary?from=2026-08-10&to=2026-08-10&by=meta.batch&sort=nps');
      expect(batches.segments.map((g: any) => [g.value, g.responses]).sort()).toEqual([['first', 125], ['second', 125]]);
      const sum = (key: string) => s.segments.filter((g: any) => g.value < 'o-125').reduce((n: number, g: any) => n + g.nps[key], 0);
      expect(batches.segments.find((g: any) => g.value === 'first').nps).toMatchObject({ promoters: sum('promoters'), detractors: sum('detractors') });
    });

    test('a revision moves the answer between bands and segments', async () => {
      const id = '00000000-0000-4000-a000-000000000099';
      const base = response({ id, deliveryId: 'order-revised', answeredAt: '2026-09-01T10:00:00.000Z', nps: 2, csat: 1, meta: { store: 'Revised' } });
      await k.send({ responses: [base] });
      expect((await ok('/v1/summary?by=meta.store&from=2026-09-01&to=2026-09-01')).segments).toMatchObject([{ value: 'Revised', nps: { detractors: 1 } }]);
      await k.send({ responses: [{ ...base, revision: 2, nps: 10, csat: 5, meta: { store: 'Revised again' } }] });
      const s = await ok('/v1/summary?by=meta.store&from=2026-09-01&to=2026-09-01');
      expect(s.segments).toMatchObject([{ value: 'Revised again', nps: { promoters: 1, detractors: 0 }, csat: { counts: { 5: 1, 1: 0 } } }]);
      expect(ids(await ok('/v1/responses?from=2026-09-01&to=2026-09-01&band=promoter'))).toEqual(['a99']);
    });
  });

  describe('cursors', () => {
    test('pages of 3, newest first, no repeats or gaps even when a newer answer arrives in between', async () => {
      const first: Page = await ok('/v1/responses?from=2026-10-01&limit=3');
      expect(ids(first)).toEqual(['a8', 'a7', 'a6']);
      await k.send({ responses: [response({ id: '00000000-0000-4000-a000-000000000098', deliveryId: 'order-late', answeredAt: '2026-11-20T08:00:00.000Z', csat: 5 })] });
      const second: Page = await ok(`/v1/responses?from=2026-10-01&limit=3&cursor=${first.nextCursor}`);
      expect(ids(second)).toEqual(['a4', 'a5', 'a3']);
      const third: Page = await ok(`/v1/responses?from=2026-10-01&limit=3&cursor=${second.nextCursor}`);
      expect(ids(third)).toEqual(['a2', 'a1']);
      expect(third.nextCursor).toBeNull();
      expect(ids(await ok('/v1/responses?from=2026-10-01&limit=1'))).toEqual(['a98']);
    });

    test('unhappy first (NPS 0–6 or CSAT 1–2), newest first within, paged across the boundary', async () => {
      const seen: string[] = [];
      let cursor = '';
      for (let i = 0; i < 10; i++) {
        const page: Page = await ok(`/v1/responses?from=2026-10-01&to=2026-11-17&order=unhappy&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...ids(page));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(['a7', 'a4', 'a2', 'a8', 'a6', 'a5', 'a3', 'a1']);
    });

    test('a text filter pages too', async () => {
      const seen: string[] = [];
      let cursor = '';
      for (let i = 0; i < 10; i++) {
        const page: Page = await ok(`/v1/responses?q=e&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.responses.every((r) => r.comment!.toLowerCase().includes('e'))).toBe(true);
        seen.push(...ids(page));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(['a8', 'a7', 'a6', 'a2', 'a1']);
    });
  });

  describe('export', () => {
    const download = (query: string) => fetch(`${k.url}/v1/export?${query}`, { headers: { authorization: `Bearer ${ADMIN}` } });

    test('CSV: BOM, header, one column per meta key, RFC 4180 quoting, formulas neutralised, Chinese intact', async () => {
      const res = await download('from=2026-10-01&to=2026-11-17&format=csv');
      expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="aftercare-responses-\d{4}-\d{2}-\d{2}\.csv"$/);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
      const [header] = text.split('\r\n');
      expect(header).toBe('id,revision,answeredAt,deliveredAt,deliveryId,customerId,csat,nps,comment,complete,locale,signed,origin,path,receivedAt,updatedAt,wave,reasons,channel,meta.store,meta.technician');
      expect(text).toContain('师傅没来，很失望');
      expect(text).toContain('"He said ""hello"", then left\nline two"');
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
      expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
      expect(text).toContain(`${idOf('a7')},1,2026-11-03T08:00:00.000Z`);
      expect(text).toContain(',0,,web,Shanghai,Li Wei\r\n');
      // 8 records (one spans two lines) after the header.
      expect(text.split('\r\n').filter(Boolean)).toHaveLength(1 + 8);
    });

    test('NDJSON: one response per line, every matching one (not one page)', async () => {
      const res = await download('format=ndjson&from=2026-10-01&to=2026-11-17');
      expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
      const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((r) => keyOf(r.id))).toEqual(['a8', 'a7', 'a6', 'a4', 'a5', 'a3', 'a2', 'a1']);
      expect(lines[1]).toMatchObject({ comment: 'He said "hello", then left\nline two', meta: { store: 'Shanghai', technician: 'Li Wei' }, customerId: 'customer-a7' });
    });

    test('more rows than a database page: all of them, in order', async () => {
      const many = Array.from({ length: 1203 }, (_, i) =>
        response({ deliveryId: `bulk-${i}`, answeredAt: new Date(Date.parse('2025-01-01T00:00:00Z') + i * 60_000).toISOString(), csat: 1 + (i % 5), meta: { store: 'Bulk' } }),
      );
      for (let i = 0; i < many.length; i += 400) expect((await k.send({ responses: many.slice(i, i + 400) })).status).toBe(200);
      const lines = (await (await download('format=ndjson&meta.store=Bulk')).text()).trim().split('\n');
      expect(lines).toHaveLength(1203);
      expect(JSON.parse(lines[0]!).deliveryId).toBe('bulk-1202');
      expect(JSON.parse(lines[1202]!).deliveryId).toBe('bulk-0');
      const csv = (await (await download('format=csv&meta.store=Bulk')).text()).split('\r\n').filter(Boolean);
      expect(csv).toHaveLength(1 + 1203);
    });

    test('400 for a bad format; 401 without a credential', async () => {
      const bad = await download('format=xml');
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toContain('format: expected "csv" or "ndjson"');
      expect((await fetch(`${k.url}/v1/export`)).status).toBe(401);
    });
  });

  describe('dashboard session', () => {
    const signIn = (token: string, headers: Record<string, string> = {}) =>
      fetch(`${k.url}/dashboard/session`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ token }) });
    const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;

    test('a wrong token is refused; the right one gives an HttpOnly, SameSite=Strict cookie with an expiry', async () => {
      const wrong = await signIn('not-the-token-but-long-enough');
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('set-cookie')).toBeNull();
      const res = await signIn(ADMIN);
      expect(res.status).toBe(204);
      const cookie = res.headers.get('set-cookie')!;
      expect(cookie).toMatch(/^aftercare_session=[A-Za-z0-9_-]{43};/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Strict/);
      expect(cookie).toMatch(/; Max-Age=43200/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/; Secure/);
      const session = cookieOf(res);
      const me = await fetch(`${k.url}/dashboard/session`, { headers: { cookie: session } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ timeZone: TZ, expiresAt: expect.stringMatching(/Z$/) });
      // The cookie reads like the bearer token, but only from the same origin.
      expect((await fetch(`${k.url}/v1/summary`, { headers: { cookie: session } })).status).toBe(200);
      expect((await fetch(`${k.url}/v1/summary`, { headers: { cookie: session, origin: 'https://evil.example' } })).status).toBe(403);
      expect((await fetch(`${k.url}/v1/summary`, { headers: { cookie: 'aftercare_session=forged' } })).status).toBe(401);
      // Only a hash of the session id is stored.
      const stored = await k.c.db.selectFrom('dashboard_sessions').select('id_sha256').execute();
      expect(stored.some((r) => session.includes(r.id_sha256))).toBe(false);
      expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.id_sha256))).toBe(true);
    });

    test('CSRF: sign-in and sign-out from another origin are refused, and a form post is not JSON', async () => {
      expect((await signIn(ADMIN, { origin: 'https://evil.example' })).status).toBe(403);
      const form = await fetch(`${k.url}/dashboard/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
        body: `token=${ADMIN}`,
      });
      expect(form.status).toBe(403);
      const sameOriginForm = await fetch(`${k.url}/dashboard/session`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: k.url }, body: ADMIN });
      expect(sameOriginForm.status).toBe(415);
      const session = cookieOf(await signIn(ADMIN));
      const out = await fetch(`${k.url}/dashboard/session`, { method: 'DELETE', headers: { cookie: session, origin: 'https://evil.example' } });
      expect(out.status).toBe(403);
      expect((await fetch(`${k.url}/v1/summary`, { headers: { cookie: session } })).status).toBe(200);
    });

    test('sign-out ends the session on the server; an expired session reads nothing', async () => {
      const session = cookieOf(await signIn(ADMIN));
      const out = await fetch(`${k.url}/dashboard/session`, { method: 'DELETE', headers: { cookie: session, origin: k.url } });
      expect(out.status).toBe(204);
      expect(out.headers.get('set-cookie')).toMatch(/^aftercare_session=;.*Max-Age=0/);
      expect((await fetch(`${k.url}/v1/summary`, { headers: { cookie: session } })).status).toBe(401);
      const other = cookieOf(await signIn(ADMIN));
      await k.c.db.updateTable('dashboard_sessions').set({ expires_at: '2000-01-01T00:00:00.000Z' }).execute();
      expect((await fetch(`${k.url}/v1/summary`, { headers: { cookie: other } })).status).toBe(401);
      expect((await fetch(`${k.url}/dashboard/session`, { headers: { cookie: other } })).status).toBe(401);
    });

    test('an untrusted X-Forwarded-Proto does not make the cookie Secure', async () => {
      const res = await signIn(ADMIN, { 'x-forwarded-proto': 'https' });
      expect(res.headers.get('set-cookie')).not.toMatch(/; Secure/);
    });
  });
}
