// Figures from counts equal figures from rows (issue 28), the same property on SQLite (tests/unit) and
// on PostgreSQL (tests/postgres). fast-check draws a history of writes (batches with revisions that move
// an answer across hours, days, meta values, reasons and channels; displays and their better-outcome
// resends; erasures of a customer or a delivery; retention purges at a random time), then reads the
// summary twice, from the rows (`path: 'rows'`) and as the route would (the counts when the filter
// allows), in five time zones including the :30 and :45 ones, and compares everything but the path.
// It also checks the count tables themselves against the rows, per hour and per day, bucket by bucket.
// A fixed seed: the same cases every run, so a failure reproduces (and fast-check shrinks it to a
// minimal history; `path` replays one case).
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import { parseFilter, type By, type Interval } from '../../src/read/filters.ts';
import { readChannels } from '../../src/read/channels.ts';
import { readDrivers } from '../../src/read/drivers.ts';
import { readSummary, type SummaryOptions } from '../../src/read/summary.ts';
import { rebuildCounts } from '../../src/store/counts.ts';
import { displayColumns, responseColumns } from '../../src/store/derived.ts';
import { eraseSubject, purge } from '../../src/store/erase.ts';
import type { Database, DisplayRow, ResponseRow } from '../../src/store/schema.ts';
import { storeBatch } from '../../src/store/store.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** What the reads take as now (a series without `to` runs until then). */
export const NOW = Date.parse('2026-04-02T10:17:00.000Z');

/**
 * Answers fall in two stretches: over a new year (month and year edges), and through March 2026, when
 * St John's (8 March) and Berlin (29 March) change their clocks and a month ends.
 */
const STRETCHES: Array<[start: number, minutes: number]> = [
  [Date.parse('2025-12-29T00:00:00.000Z'), 6 * 24 * 60],
  [Date.parse('2026-03-06T00:00:00.000Z'), 26 * 24 * 60],
];
/** An instant: mostly any second, sometimes right on or just before a quarter-hour (the zones' edges). */
const instant = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fc.nat(STRETCHES.length - 1), fc.nat(26 * 24 * 60), fc.nat(59)).map(([i, m, s]) => STRETCHES[i]![0] + (m % STRETCHES[i]![1]) * MINUTE + s * 1000) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.nat(STRETCHES.length - 1), fc.nat(26 * 24 * 4), fc.boolean()).map(([i, q, before]) => STRETCHES[i]![0] + ((q * 15) % STRETCHES[i]![1]) * MINUTE - (before ? 1 : 0)),
  },
);

/**
 * Response ids 0–8: ids 6 and 7 answer wave 1 of the deliveries of ids 0 and 1; id 8 claims the slot of
 * id 2 (delivery d-2, wave 0), so whichever comes second is refused.
 */
const RESPONSES = 9;
const responseId = (k: number) => `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`;
const deliveryOf = (k: number) => `d-${k % 6}`;
const customerOf = (k: number) => `c-${k % 4}`;
const waveOf = (k: number) => (k === 6 || k === 7 ? 1 : 0);
const DISPLAYS = 6;

const answer = fc.record({
  k: fc.nat(RESPONSES - 1),
  revision: fc.integer({ min: 1, max: 4 }),
  at: instant,
  csat: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
  nps: fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }),
  meta: fc.option(fc.dictionary(fc.constantFrom('store', 'tech', 'sku'), fc.constantFrom<unknown>('A', 'B', 'C', 1, true, null), { maxKeys: 3 }), { nil: null }),
  reasons: fc.subarray(['speed', 'staff', 'price']),
  channel: fc.constantFrom(null, null, 'email', 'sms'),
  complete: fc.boolean(),
  comment: fc.constantFrom(null, 'Late again', 'great'),
});
export type Answer = typeof answer extends fc.Arbitrary<infer T> ? T : never;

const shown = fc.record({
  k: fc.nat(DISPLAYS - 1),
  outcome: fc.constantFrom('answered', 'dismissed', 'expired') as fc.Arbitrary<'answered' | 'dismissed' | 'expired'>,
  later: fc.boolean(),
  at: instant,
  minutes: fc.nat(90),
  channel: fc.constantFrom(null, 'email', 'sms'),
});
export type Shown = typeof shown extends fc.Arbitrary<infer T> ? T : never;

const batch = fc.record({ t: fc.constant('batch' as const), answers: fc.array(answer, { minLength: 1, maxLength: 6 }), displays: fc.array(shown, { maxLength: 3 }) });
const erase = fc.record({ t: fc.constant('erase' as const), customer: fc.boolean(), k: fc.nat(5) });
// The cut (now minus the retention) at a random instant among the answers.
const purgeAt = fc.record({ t: fc.constant('purge' as const), cut: instant, days: fc.integer({ min: 1, max: 400 }) });
const command = fc.oneof(
  { weight: 6, arbitrary: batch },
  { weight: 1, arbitrary: erase },
  { weight: 1, arbitrary: purgeAt },
  // Batches sent in one turn share a transaction (store.ts's group commit), each judged against the
  // versions the ones before it wrote. (An erasure or a purge beside a batch is a race whose outcome
  // varies run to run, so it has deterministic tests of its own in tests/postgres/counts.test.ts.)
  { weight: 2, arbitrary: fc.record({ t: fc.constant('together' as const), steps: fc.array(batch, { minLength: 2, maxLength: 3 }) }) },
);
type Command = typeof command extends fc.Arbitrary<infer T> ? T : never;

const iso = (ms: number) => new Date(ms).toISOString();

/** A response row as ingest builds it (src/ingest/ingest.ts `toRow`). */
export function responseRow(a: Answer): ResponseRow {
  // The wire schema refuses an answer without a score.
  const nps = a.csat === null && a.nps === null ? 7 : a.nps;
  const comment = a.comment;
  return {
    id: responseId(a.k),
    revision: a.revision,
    delivery_id: deliveryOf(a.k),
    delivered_at: iso(a.at - 3 * DAY),
    answered_at: iso(a.at),
    csat: a.csat,
    nps,
    comment,
    complete: a.complete ? 1 : 0,
    locale: 'en',
    customer_id: customerOf(a.k),
    meta: a.meta === null ? null : JSON.stringify(a.meta),
    origin: null,
    path: null,
    received_at: iso(NOW),
    updated_at: iso(NOW),
    signed: 0,
    wave: waveOf(a.k),
    reasons: a.reasons.length ? JSON.stringify(a.reasons) : null,
    channel: a.channel,
    ...responseColumns(iso(a.at), comment),
  };
}

/** A display row as ingest builds it (`toDisplayRow`). */
export function displayRow(d: Shown): DisplayRow {
  return {
    id: `00000000-0000-4000-9000-${String(d.k).padStart(12, '0')}`,
    delivery_id: deliveryOf(d.k),
    shown_at: iso(d.at),
    ended_at: iso(d.at + d.minutes * MINUTE),
    outcome: d.outcome,
    later: d.later ? 1 : 0,
    response_id: null,
    locale: 'en',
    customer_id: customerOf(d.k),
    origin: null,
    path: null,
    received_at: iso(NOW),
    updated_at: iso(NOW),
    signed: 0,
    wave: d.k % 2,
    channel: d.channel,
    ...displayColumns(iso(d.at)),
  };
}

async function run(db: Kysely<Database>, c: Command): Promise<void> {
  if (c.t === 'together') await Promise.all(c.steps.map((s) => run(db, s)));
  else if (c.t === 'batch') await storeBatch(db, c.answers.map(responseRow), c.displays.map(displayRow));
  else if (c.t === 'erase') await db.transaction().execute((trx) => eraseSubject(trx, c.customer ? { customerId: `c-${c.k % 4}` } : { deliveryId: `d-${c.k}` }));
  else await purge(db, { now: c.cut + c.days * DAY, retentionDays: c.days, auditDays: 3650 });
}

const ZONES = ['Europe/Berlin', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns', 'UTC'] as const;
const pad = (n: number) => String(n).padStart(2, '0');
/** A time as the query string has it: a date, a wall time with odd minutes, or an instant. */
const when = fc.tuple(instant, fc.constantFrom('date', 'wall', 'instant')).map(([ms, as]) => {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return as === 'date' ? date : as === 'wall' ? `${date}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : iso(ms);
});
/** `a` or absent, absent `absent` times as often as not. */
const maybe = <T>(a: fc.Arbitrary<T>, absent = 1) => fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });

/** The filters the counts are meant to serve (each may be absent). */
const servable = fc.record({
  survey: maybe(fc.constantFrom('csat', 'nps')),
  wave: maybe(fc.constantFrom('0', '1'), 4),
  channel: fc.oneof({ weight: 4, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.subarray(['web', 'email', 'sms'], { minLength: 1, maxLength: 2 }) }),
  complete: maybe(fc.constantFrom('true', 'false'), 4),
  meta: maybe(fc.constantFrom(['store', 'A'], ['store', 'B'], ['tech', 'C'], ['sku', '1'], ['sku', 'true']), 3),
  reason: maybe(fc.constantFrom('speed', 'staff', 'price'), 4),
  scope: maybe(fc.constantFrom<{ key: string; values: string[] }>({ key: 'store', values: ['A'] }, { key: 'store', values: ['A', 'B'] }, { key: 'tech', values: ['C'] }), 5),
});
/** A filter the counts cannot serve: the read must say it took the rows. */
const unservable = fc.constantFrom<Array<[string, string]>>(
  [['band', 'promoter']],
  [['band', 'detractor'], ['band', 'passive']],
  [['csat', '4']],
  [['q', 'late']],
  [['term', 'late']],
  [['meta.store', 'A'], ['meta.tech', 'C']],
);
const read = fc.record({
  tz: fc.constantFrom(...ZONES),
  // Now, mostly after every answer; sometimes among them, so a series "until now" ends mid-hour.
  now: maybe(instant, 3),
  from: maybe(when, 1),
  to: maybe(when, 1),
  interval: maybe(fc.constantFrom<Interval>('day', 'week', 'month', 'year'), 1),
  by: maybe(fc.constantFrom<By>('wave', 'channel', 'reason', { meta: 'store' }, { meta: 'tech' }, { meta: 'sku' }), 1),
  sort: maybe(fc.constantFrom<'nps' | 'csat'>('nps', 'csat'), 4),
  servable,
  unservable: maybe(unservable, 4),
});
type Read = typeof read extends fc.Arbitrary<infer T> ? T : never;

/** The query (as `c.req.queries()` hands it to parseFilter) and the options of a read. */
function request(r: Read) {
  const q: Record<string, string[]> = {};
  const add = (k: string, v: string) => (q[k] ??= []).push(v);
  if (r.from !== undefined) add('from', r.from);
  if (r.to !== undefined) add('to', r.to);
  const s = r.servable;
  if (s.survey) add('survey', s.survey);
  if (s.wave) add('wave', s.wave);
  for (const c of s.channel) add('channel', c);
  if (s.complete) add('complete', s.complete);
  if (s.meta && !r.unservable) add(`meta.${s.meta[0]}`, s.meta[1]);
  if (s.reason) add('reason', s.reason);
  for (const [k, v] of r.unservable ?? []) add(k, v);
  return q;
}

type Summary = Awaited<ReturnType<typeof readSummary>> & { path?: unknown; pathWhy?: unknown };
const withoutPath = ({ path: _, pathWhy: __, ...rest }: Summary) => rest;

const SCORES = ['n', 'c1', 'c2', 'c3', 'c4', 'c5', ...Array.from({ length: 11 }, (_, s) => `p${s}`)];
const sums = (t: string) =>
  sql.raw(['count(*) as n', ...[1, 2, 3, 4, 5].map((s) => `sum(case when ${t}.csat = ${s} then 1 else 0 end) as c${s}`), ...Array.from({ length: 11 }, (_, s) => `sum(case when ${t}.nps = ${s} then 1 else 0 end) as p${s}`)].join(', '));
const summed = sql.raw(SCORES.map((c) => `sum(${c}) as ${c}`).join(', '));

/** Rows of (group…, counts…) as a map from the group's text to its non-zero counts; all-zero groups dropped. */
function byGroup(rows: Array<Record<string, unknown>>, group: string[], columns: string[]) {
  const out: Record<string, number[]> = {};
  for (const r of rows) {
    const counts = columns.map((c) => Number(r[c] ?? 0));
    if (counts.every((x) => x === 0)) continue;
    out[group.map((g) => String(r[g])).join(' | ')] = counts;
  }
  return out;
}

/** A row's bucket as migration 016 keys it: time unit, wave, channel ('' web), completeness, kind (1 CSAT, 2 NPS, 3 both). */
const bucket = (t: string, ms: number) =>
  sql.raw(`${t}.answered_ms / ${ms} as t, ${t}.wave as wave, coalesce(${t}.channel, '') as channel, ${t}.complete as complete,
    (case when ${t}.csat is not null then 1 else 0 end + case when ${t}.nps is not null then 2 else 0 end) as kind`);
const KEY = ['dim', 'value', 't', 'wave', 'channel', 'complete', 'kind'];

/** The count tables of each grain (the day tables, where this version has them, hold the same per UTC day). */
const GRAINS = [
  { answers: 'answer_counts', displays: 'display_counts', time: 'hour', ms: 3_600_000 },
  { answers: 'answer_days', displays: 'display_days', time: 'day', ms: 86_400_000 },
];
const present = new WeakMap<Kysely<Database>, typeof GRAINS>();
async function grains(db: Kysely<Database>) {
  let g = present.get(db);
  if (!g) {
    const tables = new Set((await db.introspection.getTables()).map((t) => t.name));
    present.set(db, (g = GRAINS.filter((x) => tables.has(x.answers) && tables.has(x.displays))));
  }
  return g;
}

/**
 * The count tables against the rows, for each grain: first per unit of time (every answer counted once
 * under dim ''), then bucket by bucket, every answer under '' and once per meta value (`m:KEY`, from
 * response_meta) and per reason (`r`, from response_reasons); the displays per unit, wave, channel and
 * outcome; nothing negative.
 */
export async function checkTables(db: Kysely<Database>) {
  const q = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows as Array<Record<string, unknown>>;
  for (const { answers, displays, time, ms } of await grains(db)) {
    const [a, d, t] = [sql.table(answers), sql.table(displays), sql.ref(time)];
    const perUnit = await q(sql`select ${t} as t, ${summed} from ${a} where dim = '' group by ${t}`);
    const rowsPerUnit = await q(sql`select r.answered_ms / ${sql.lit(ms)} as t, ${sums('r')} from responses r group by r.answered_ms / ${sql.lit(ms)}`);
    expect(byGroup(perUnit, ['t'], SCORES), `${answers} (dim '') per ${time} against the responses`).toEqual(byGroup(rowsPerUnit, ['t'], SCORES));
    const counted = await q(sql`select dim, value, ${t} as t, wave, channel, complete, kind, ${summed} from ${a} group by dim, value, ${t}, wave, channel, complete, kind`);
    const rows = [
      ...(await q(sql`select '' as dim, '' as value, ${bucket('r', ms)}, ${sums('r')} from responses r group by 1, 2, 3, 4, 5, 6, 7`)),
      ...(await q(sql`select 'm:' || m.key as dim, m.value as value, ${bucket('m', ms)}, ${sums('m')} from response_meta m group by 1, 2, 3, 4, 5, 6, 7`)),
      ...(await q(sql`select 'r' as dim, m.reason as value, ${bucket('m', ms)}, ${sums('m')} from response_reasons m group by 1, 2, 3, 4, 5, 6, 7`)),
    ];
    expect(byGroup(counted, KEY, SCORES), `${answers} bucket by bucket against responses, response_meta and response_reasons`).toEqual(byGroup(rows, KEY, SCORES));
    const shownCounts = await q(sql`select ${t} as t, wave, channel, outcome, later, sum(n) as n from ${d} group by ${t}, wave, channel, outcome, later`);
    const shownRows = await q(sql`select x.shown_ms / ${sql.lit(ms)} as t, x.wave, coalesce(x.channel, '') as channel, x.outcome, x.later, count(*) as n
      from displays x group by 1, 2, 3, 4, 5`);
    const dg = ['t', 'wave', 'channel', 'outcome', 'later'];
    expect(byGroup(shownCounts, dg, ['n']), `${displays} against the displays`).toEqual(byGroup(shownRows, dg, ['n']));
    // A bucket is the sum of its stripes (store/counts.ts STRIPES): one stripe may hold a minus (an answer
    // added by one group, revised by another), the bucket never.
    const below = sql.raw(SCORES.map((c) => `sum(${c}) < 0`).join(' or '));
    expect(await q(sql`select dim, value, ${t}, wave, channel, complete, kind from ${a} group by dim, value, ${t}, wave, channel, complete, kind having ${below}`), `${answers} buckets below zero`).toEqual([]);
    expect(await q(sql`select ${t}, wave, channel, outcome, later from ${d} group by ${t}, wave, channel, outcome, later having sum(n) < 0`), `${displays} buckets below zero`).toEqual([]);
  }
}

/**
 * Empties what the commands write, then has the store rebuild its counts from no rows (which empties
 * every count table it keeps, whatever they are). meta_keys stays: both paths list the same keys.
 */
export async function reset(db: Kysely<Database>) {
  for (const t of ['response_meta', 'response_reasons', 'response_terms', 'response_slots', 'responses', 'displays']) await sql`delete from ${sql.table(t)}`.execute(db);
  await rebuildCounts(db);
}

export interface CountsRun {
  /** How many reads took each path (without `path: 'rows'`), and how many were compared. */
  aggregates: number;
  rows: number;
  compared: number;
  /** Reads with nothing but dates (and an interval or segments) that still took the rows. */
  plainOnRows: string[];
}

/**
 * Runs the property on `db` (migrated; emptied before each case). `numRuns` histories, each with up to
 * 12 commands and 8 reads; `path`, from a failure's report, replays that case alone.
 */
export async function countsProperty(db: Kysely<Database>, o: { seed: number; numRuns: number; path?: string }): Promise<CountsRun> {
  const seen: CountsRun = { aggregates: 0, rows: 0, compared: 0, plainOnRows: [] };
  await fc.assert(
    fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), fc.array(read, { minLength: 1, maxLength: 8 }), async (commands, reads) => {
      await reset(db);
      for (const c of commands) await run(db, c);
      await checkTables(db);
      for (const r of reads) {
        let f;
        try {
          f = parseFilter(request(r), r.tz, r.servable.scope ?? null);
        } catch {
          continue; // `to` at or before `from`: the route answers 400, nothing to compare.
        }
        const o: SummaryOptions = { timeZone: r.tz, now: r.now ?? NOW, interval: r.interval, by: r.by, sort: r.sort };
        const rows = (await readSummary(db, f, { ...o, path: 'rows' })) as Summary;
        const either = (await readSummary(db, f, o)) as Summary;
        const label = JSON.stringify({ query: request(r), scope: r.servable.scope, tz: r.tz, now: iso(r.now ?? NOW), interval: r.interval, by: r.by, sort: r.sort });
        expect(rows.path, `${label}: path: 'rows' reads the rows`).toBe('rows');
        expect(withoutPath(either), `${label}: the figures from ${String(either.path)} against the figures from rows`).toEqual(withoutPath(rows));
        seen.compared++;
        if (either.path === 'aggregates') seen.aggregates++;
        else seen.rows++;
        if (r.unservable) expect(either.path, `${label}: a filter the counts cannot serve`).toBe('rows');
        // The drivers and the numbers per channel read the same counts.
        const [driversRows, driversEither] = await Promise.all([readDrivers(db, f, { path: 'rows' }), readDrivers(db, f)]);
        expect(withoutPath(driversEither as never), `${label}: drivers from ${driversEither.path}`).toEqual(withoutPath(driversRows as never));
        const [channelsRows, channelsEither] = await Promise.all([readChannels(db, f, { path: 'rows' }), readChannels(db, f)]);
        expect(withoutPath(channelsEither as never), `${label}: channels from ${channelsEither.path}`).toEqual(withoutPath(channelsRows as never));
        const s = r.servable;
        const plain = !r.unservable && !s.survey && !s.wave && !s.channel.length && !s.complete && !s.meta && !s.reason && !s.scope;
        if (plain && either.path !== 'aggregates') seen.plainOnRows.push(`${label} → ${String(either.path)} (${String(either.pathWhy)})`);
      }
    }),
    { seed: o.seed, numRuns: o.numRuns, ...(o.path ? { path: o.path } : {}), endOnFailure: false },
  );
  return seen;
}
