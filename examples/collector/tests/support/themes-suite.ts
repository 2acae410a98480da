// Themes (issue 27), the same suite on SQLite (tests/unit/themes.test.ts) and on PostgreSQL
// (tests/postgres/themes.test.ts): the log-odds z-scores against a table worked out by hand, planted
// themes in English and Chinese surfacing on the right side in the right order, the five-customer
// rule, every driving path and filter, the rising terms, a term's trend, the `term=` filter on the
// read routes, the 400s and the OpenAPI document's schemas.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CollectorOptions } from '../../src/app.ts';
import { parseFilter } from '../../src/read/filters.ts';
import { namedIn, termTallies } from '../../src/read/theme-counts.ts';
import { termsOf } from '../../src/store/terms.ts';
import { ADMIN, type Running } from './harness.ts';
import { openApiChecker } from './openapi-check.ts';
import { before, hand, planted } from './themes-fixture.ts';

const HAND = 'meta.set=hand&from=2026-10-05&to=2026-10-05';
const PLANTED = 'meta.set=planted';
const terms = (list: Array<{ term: string }>) => list.map((x) => x.term);

export function themesSuite(start: (o: Partial<CollectorOptions>) => Promise<Running>) {
  let k: Running;
  const ok = (path: string) => k.ok(path);

  beforeAll(async () => {
    k = await start({ startWorker: false });
    const res = await k.send({ responses: [...hand, ...before, ...planted] });
    expect(await res.json()).toEqual({ accepted: 190, rejected: [] });
  });
  afterAll(() => k?.close());

  describe('GET /v1/themes', () => {
    test('z-scores, counts, shares and impacts of the hand-worked table; fewer than 5 customers never shown', async () => {
      const t = await ok(`/v1/themes?${HAND}`);
      // n = 25 comments: 10 detractors, 10 promoters, 5 passives. The prior: α0 = n = 25, and each
      // term's α = α0 · y/n = y, its count over all 25.
      expect(t).toMatchObject({ compare: 'nps', comments: { all: 25, unhappy: 10, happy: 10 }, prior: { alpha0: 25 }, minCustomers: 5, total: { n: 25, nps: 0, csat: 40 } });
      // Tested: the five terms named in at least 5 comments ("waited" has 4, "average" 2, "door" 1).
      // Listed: those at least 5 different customers name, so never "parcel" (6 comments of 4
      // customers: cA twice, cD twice), although its z = −1.28 would put it between careful and tidy.
      expect(t.termsTested).toBe(5);
      expect(t.unhappy).toEqual([
        // rude: yu = 5, yh = 0, y = 5, α = 5.
        // δ = ln((5 + 5)/(10 + 25 − 5 − 5)) − ln((0 + 5)/(10 + 25 − 0 − 5)) = ln(10/25) − ln(5/30)
        //   = −0.916291 + 1.791759 = 0.875469; σ² = 1/10 + 1/5 = 0.3; z = 0.875469/0.547723 = 1.598.
        // Impact: without rude, 5 detractors, 5 passives, 10 promoters: NPS 25, CSAT 10/20 = 50 %.
        { term: 'rude', counts: { unhappy: 5, happy: 0, all: 5 }, customers: 5, share: 0.2, z: 1.6, delta: 0.875, impact: { nps: -25, csat: -10 } },
        // late: yu = 6, yh = 1, y = 7, α = 7.
        // δ = ln(13/22) − ln(8/27) = −0.526093 + 1.216395 = 0.690302; σ² = 1/13 + 1/8 = 0.201923;
        // z = 0.690302/0.449359 = 1.536: more comments than rude, but one of them happy: second.
        // Impact: without late, 4 detractors, 5 passives, 9 promoters: NPS 5/18 = 27.8, CSAT 9/18 = 50 %.
        { term: 'late', counts: { unhappy: 6, happy: 1, all: 7 }, customers: 7, share: 0.28, z: 1.54, delta: 0.69, impact: { nps: -27.8, csat: -10 } },
      ]);
      expect(t.happy).toEqual([
        // careful: yu = 0, yh = 6, y = 6. δ = ln(6/29) − ln(12/23) = −1.575536 + 0.650588 = −0.924949;
        // σ² = 1/6 + 1/12 = 0.25; z = −0.924949/0.5 = −1.85. Without: 10 detractors, 5 passives, 4
        // promoters: NPS −31.6, CSAT 4/19 = 21.1 %: impact +31.6, +18.9.
        { term: 'careful', counts: { unhappy: 0, happy: 6, all: 6 }, customers: 6, share: 0.24, z: -1.85, delta: -0.925, impact: { nps: 31.6, csat: 18.9 } },
        // tidy: yu = 1, yh = 4, y = 7 (two passives). δ = ln(8/27) − ln(11/24) = −1.216395 + 0.780159
        // = −0.436237; σ² = 1/8 + 1/11 = 0.215909; z = −0.938830. Six customers (cD twice).
        { term: 'tidy', counts: { unhappy: 1, happy: 4, all: 7 }, customers: 6, share: 0.28, z: -0.94, delta: -0.436, impact: { nps: 16.7, csat: 6.7 } },
      ]);
      // compare=csat: CSAT 1–2 and 4–5 are the same answers here, so the same lists.
      const csat = await ok(`/v1/themes?${HAND}&compare=csat`);
      expect([csat.compare, csat.unhappy, csat.happy]).toEqual(['csat', t.unhappy, t.happy]);
      expect((await ok(`/v1/themes?${HAND}&survey=csat`)).compare).toBe('csat');
      expect((await ok(`/v1/themes?${HAND}&limit=1`)).unhappy.map((x: any) => x.term)).toEqual(['rude']);
    });

    test('rising: up on the day before, two-proportion test, Benjamini–Hochberg over the terms shown', async () => {
      const { rising } = await ok(`/v1/themes?${HAND}`);
      expect(rising.previous).toEqual({ from: '2026-10-04T00:00:00.000Z', to: '2026-10-05T00:00:00.000Z', comments: 25 });
      // late 7/25 against 0/25: p̂ = 7/50, z = 0.28/√(0.14 · 0.86 · 2/25) = 2.853, p = 0.00433; tidy the
      // same; parcel 6/25: z = 2.611, p = 0.00903; rude 5/25: z = 2.357, p = 0.01842; careful 6/25 both
      // days: p = 1. BH over the m = 5 terms tested: q = 0.01083 (late, tidy: 0.00433 · 5/2), 0.01505
      // (parcel: 0.00903 · 5/3; risen, but 4 customers: not listed), 0.02303 (rude: 0.01842 · 5/4), 1.
      expect(rising.terms).toEqual([
        { term: 'late', now: { named: 7, share: 0.28 }, before: { named: 0, share: 0 }, difference: 0.28, z: 2.85, p: 0.0043, q: 0.0108 },
        { term: 'tidy', now: { named: 7, share: 0.28 }, before: { named: 0, share: 0 }, difference: 0.28, z: 2.85, p: 0.0043, q: 0.0108 },
        { term: 'rude', now: { named: 5, share: 0.2 }, before: { named: 0, share: 0 }, difference: 0.2, z: 2.36, p: 0.0184, q: 0.023 },
      ]);
      expect((await ok('/v1/themes?meta.set=hand')).rising).toBeNull();
    });

    test('planted themes in English and Chinese surface on the right side, in the right order', async () => {
      const t = await ok(`/v1/themes?${PLANTED}&limit=100`);
      expect(t.comments).toEqual({ all: 140, unhappy: 60, happy: 60 });
      const [zhLate] = termsOf('送货太慢了', 'zh-CN');
      const [zhCareful] = termsOf('师傅很细心', 'zh-CN');
      const u = terms(t.unhappy), h = terms(t.happy);
      // late delivery (30 of 60 unhappy, 3 of 60 happy): z 3.54; rude (15, 2): 2.06; 送货… (10, 0): 1.93.
      expect(u.slice(0, 3).sort()).toEqual(['delivery', 'late', 'late delivery']);
      expect(u.indexOf('late delivery')).toBeLessThan(u.indexOf('rude'));
      expect(u.indexOf('rude')).toBeLessThan(u.indexOf(zhLate!));
      // careful technician (2, 25): z −3.14; 师傅 (0, 12): −2.15.
      expect(h.slice(0, 3).sort()).toEqual(['careful', 'careful technician', 'technician']);
      expect(h.indexOf('careful technician')).toBeLessThan(h.indexOf(zhCareful!));
      for (const x of [...t.unhappy, ...t.happy]) expect(x.customers).toBeGreaterThanOrEqual(5);
      expect(t.unhappy.find((x: any) => x.term === 'late delivery')).toMatchObject({ counts: { unhappy: 30, happy: 3, all: 33 }, z: 3.54 });
    });

    test('every filter applies, whichever side table drives the count', async () => {
      const base = await ok(`/v1/themes?${PLANTED}`);
      // Without `from` there is no period before (rising: null); with it, August had no comments.
      const same = (x: any) => ({ ...x, range: base.range, rising: null });
      // Range alone (the period index), meta (meta side table), reason (reason side table): the same.
      expect(same(await ok('/v1/themes?from=2026-09-01&to=2026-09-30'))).toEqual(base);
      expect(same(await ok('/v1/themes?reason=visit'))).toEqual(base);
      expect(await ok(`/v1/themes?${PLANTED}&reason=visit`)).toEqual(base);
      // A term filter: the comments naming it, and the terms said with it.
      const late = await ok(`/v1/themes?${PLANTED}&term=late%20delivery`);
      expect(late.comments).toEqual({ all: 33, unhappy: 30, happy: 3 });
      expect((await ok(`/v1/themes?${PLANTED}&wave=0`)).comments).toEqual({ all: 120, unhappy: 60, happy: 60 });
      expect((await ok(`/v1/themes?${PLANTED}&band=detractor&band=promoter&q=phone`)).comments).toEqual({ all: 17, unhappy: 15, happy: 2 });
      const email = await ok(`/v1/themes?${PLANTED}&channel=email`);
      expect(email.comments).toEqual({ all: 22, unhappy: 10, happy: 12 });
      expect([...terms(email.unhappy), ...terms(email.happy)].every((x) => /\p{Script=Han}/u.test(x) || ['invoice', 'arrived', 'invoice arrived', 'parking', 'easy', 'price'].includes(x))).toBe(true);
      expect(await ok(`/v1/themes?${PLANTED}&channel=sms`)).toMatchObject({ comments: { all: 0, unhappy: 0, happy: 0 }, unhappy: [], happy: [], termsTested: 0 });
    });
  });

  test('both plans count alike: a range of the period index and a sort, or (SQLite) a walk of the whole term index', async () => {
    for (const [from, to] of [['2026-10-05', '2026-10-05'], ['2026-09-01', '2026-09-30']]) {
      const f = parseFilter({ from: [from!], to: [to!] }, 'UTC');
      const sorted = <T extends { term: string }>(l: T[]) => [...l].sort((a, b) => (a.term < b.term ? -1 : 1));
      const ranged = sorted(await termTallies(k.c.db, f, f.from, f.to, 5, false));
      expect(ranged.length).toBeGreaterThan(3);
      expect(sorted(await termTallies(k.c.db, f, f.from, f.to, 5, true))).toEqual(ranged);
      // The period before, counted by the terms' own index ranges: "careful" in 6 comments on 4 October.
      if (from === '2026-10-05') expect((await namedIn(k.c.db, f, f.from! - 86_400_000, f.from!, ['careful', 'late'])).get('careful')).toBe(6);
    }
  });

  describe('GET /v1/themes/series', () => {
    test("a term's share of comments per day with its Wilson interval; a term under 5 customers is not shown", async () => {
      const s = await ok('/v1/themes/series?term=LATE&interval=day&meta.set=hand&from=2026-10-04&to=2026-10-05');
      expect(s).toMatchObject({ term: 'late', shown: true, interval: 'day', customers: 7, confidence: 0.95 });
      expect(s.series).toEqual([
        // Wilson (z = 1.96) for 0 of 25: [0, 0.1332]; for 7 of 25: [0.1428, 0.4758].
        { start: '2026-10-04T00:00:00.000Z', end: '2026-10-05T00:00:00.000Z', comments: 25, named: 0, share: 0, low: 0, high: 0.1332 },
        { start: '2026-10-05T00:00:00.000Z', end: '2026-10-06T00:00:00.000Z', comments: 25, named: 7, share: 0.28, low: 0.1428, high: 0.4758 },
      ]);
      expect(s.total).toEqual({ comments: 50, named: 7, share: 0.14, low: 0.0695, high: 0.2619 });
      // Without `from`: from the week of the term's first comment (Monday 5 October; the 4th is a Sunday).
      const week = await ok('/v1/themes/series?term=late&meta.set=hand&to=2026-10-11');
      expect(week).toMatchObject({ interval: 'week', total: { comments: 25, named: 7 } });
      expect(week.series.map((p: any) => p.start)).toEqual(['2026-10-05T00:00:00.000Z']);
      expect(await ok('/v1/themes/series?term=waited&meta.set=hand')).toMatchObject({ shown: false, total: null, series: [] });
    });
  });

  describe('term= on the read routes', () => {
    test('responses, summary, drivers, export, cases and channels: the answers whose comment names each term', async () => {
      const numbers = (list: Array<{ id: string }>) => list.map((r) => Number(r.id.slice(-2))).sort((a, b) => a - b);
      expect(numbers((await ok(`/v1/responses?${HAND}&term=late&limit=500`)).responses)).toEqual([1, 2, 3, 4, 5, 6, 15]);
      expect(numbers((await ok(`/v1/responses?${HAND}&term=%20LATE%20&term=rude`)).responses)).toEqual([1, 2, 3, 4, 5]);
      expect((await ok(`/v1/responses?${PLANTED}&term=Late%20%20Delivery`)).responses).toHaveLength(33);
      expect((await ok(`/v1/summary?${HAND}&term=late`)).responses).toBe(7);
      expect((await ok('/v1/summary?from=2026-10-05&to=2026-10-05&term=late')).responses).toBe(7);
      expect((await ok(`/v1/drivers?${HAND}&term=late`)).total).toEqual({ n: 7, nps: -71.4, csat: 14.3 });
      const lines = (await (await fetch(`${k.url}/v1/export?format=ndjson&${HAND}&term=late`, { headers: { authorization: `Bearer ${ADMIN}` } })).text()).split('\n').filter(Boolean);
      expect(lines).toHaveLength(7);
      expect((await ok(`/v1/cases?${HAND}&term=late&limit=500`)).cases).toHaveLength(6);
      expect((await ok(`/v1/channels?${PLANTED}&term=${encodeURIComponent(termsOf('师傅很细心', 'zh-CN')[0]!)}`)).channels.map((c: any) => [c.channel, c.responses])).toEqual([['email', 12]]);
    });

    test.each([
      ['/v1/responses?term=', null],
      [`/v1/responses?term=${'a'.repeat(82)}`, `term: expected a word or two-word phrase of 1–81 characters; got "${'a'.repeat(82)}"`],
      [`/v1/themes?${Array.from({ length: 11 }, (_, i) => `term=t${i}`).join('&')}`, 'term: expected at most 10 values; got 11'],
      ['/v1/themes?compare=ces', 'compare: expected "nps" (detractors 0–6 against promoters 9–10) or "csat" (1–2 against 4–5); got "ces"'],
      ['/v1/themes?limit=0', 'limit: expected an integer from 1 to 100; got "0"'],
      ['/v1/themes?limit=101', 'limit: expected an integer from 1 to 100; got "101"'],
      ['/v1/themes/series', 'term: expected the word or two-word phrase whose trend to show'],
      ['/v1/themes/series?term=a&term=b', 'term: expected one value'],
      ['/v1/themes/series?term=late&interval=hour', 'interval: expected "day", "week", "month" or "year"; got "hour"'],
    ])('%s', async (path, message) => {
      const { status, body } = await k.read(path);
      expect([status, body.error]).toEqual(message === null ? [200, undefined] : [400, message]);
    });
  });

  test('needs the credential; not in the audit trail (aggregates only); the OpenAPI schemas hold', async () => {
    for (const path of ['/v1/themes', '/v1/themes/series?term=late']) expect((await fetch(`${k.url}${path}`)).status).toBe(401);
    const { entries } = await ok('/v1/audit?limit=500');
    expect(entries.some((e: { action: string }) => /theme/.test(e.action))).toBe(false);
    const check = openApiChecker(await ok('/v1/openapi.json'));
    check('/components/schemas/Themes', await ok(`/v1/themes?${HAND}`));
    check('/components/schemas/Themes', await ok(`/v1/themes?${PLANTED}&channel=sms`));
    check('/components/schemas/ThemeSeries', await ok('/v1/themes/series?term=late&meta.set=hand'));
    check('/components/schemas/ThemeSeries', await ok('/v1/themes/series?term=waited&meta.set=hand'));
  });
}
