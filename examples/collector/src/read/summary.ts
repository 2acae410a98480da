// The summary: totals, a series per day / week / month, the period before, and segments by a meta key,
// by re-survey wave, by reason or by channel, every figure with its 95 % interval. Counted from the
// counts kept per UTC day and hour where the filter allows (read/aggregates.ts), else in the database
// from covering indexes (migration 004), one range per interval: the interval boundaries are computed
// here in AFTERCARE_TZ and written as UTC quarter-hours (every time zone's offset and DST change is a
// multiple of 15 minutes) plus the exact instants. No query reads the table itself.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { QUARTER_MS, quarterOf } from '../store/derived.ts';
import type { Database } from '../store/schema.ts';
import { addTally, countColumns, emptyTally, figures, source, tallyOf, totalCounts, type CountRow, type Tally } from './counts.ts';
import { all, channelIn, conditions, INTERVALS, intervalStart, nextStart, type By, type Interval, type ReadFilter } from './filters.ts';
import { CONFIDENCE, displayFigures, type DisplayCounts } from './stats.ts';
import { channelCounts } from './channels.ts';
import { countsBy, countsIn, displaysIn, firstCounted, planFor, type CountPlan } from './aggregates.ts';

/** At most this many points in a series (a day interval over three years is 1,096). */
export const MAX_POINTS = 1_500;
/** At most this many segments are listed (the worst first); `segmentsTotal` says how many there are. */
export const MAX_SEGMENTS = 500;

type DisplayTally = DisplayCounts;
const emptyDisplays = (): DisplayTally => ({ total: 0, answered: 0, dismissed: 0, expired: 0, later: 0 });
const DISPLAY_COLUMNS = sql.raw(
  [
    'count(*) as total',
    "sum(case when outcome = 'answered' then 1 else 0 end) as answered",
    "sum(case when outcome = 'dismissed' then 1 else 0 end) as dismissed",
    "sum(case when outcome = 'expired' then 1 else 0 end) as expired",
    "sum(case when outcome = 'dismissed' and later = 1 then 1 else 0 end) as later",
  ].join(', '),
);
function addDisplays(t: DisplayTally, r: Partial<Record<keyof DisplayCounts, unknown>>) {
  for (const k of ['total', 'answered', 'dismissed', 'expired', 'later'] as const) t[k] += Number(r[k] ?? 0);
}

/**
 * Displays have no scores, meta or reasons: their figures follow the date range, the wave and the
 * channel only (a display carries the wave it showed and the channel it was shown by).
 */
type Shown = Pick<ReadFilter, 'wave' | 'channels' | 'scope'>;
function displayWhere(from: number | undefined, to: number | undefined, { wave, channels, scope }: Shown): RawBuilder<boolean> {
  const conds: RawBuilder<boolean>[] = [];
  // A reader limited to some meta values: displays carry no meta, so none can be shown as theirs.
  if (scope) conds.push(sql<boolean>`1 = 0`);
  if (wave !== undefined) conds.push(sql<boolean>`wave = ${wave}`);
  if (channels.length) conds.push(channelIn(channels, 'channel'));
  if (from !== undefined) conds.push(sql<boolean>`shown_q >= ${quarterOf(from)} and shown_ms >= ${from}`);
  if (to !== undefined) conds.push(sql<boolean>`shown_q <= ${quarterOf(to - 1)} and shown_ms < ${to}`);
  return all(conds);
}

async function displayTotals(db: Kysely<Database>, from: number | undefined, to: number | undefined, shown: Shown): Promise<DisplayTally> {
  const { rows } = await sql<CountRow>`select ${DISPLAY_COLUMNS} from displays where ${displayWhere(from, to, shown)}`.execute(db);
  const t = emptyDisplays();
  if (rows[0]) addDisplays(t, rows[0]);
  return t;
}

/**
 * The start of the first matching answer's quarter-hour (for a series without `from`): the same local
 * interval as the answer itself, and the first entry of the driving index.
 */
async function firstAnswer(db: Kysely<Database>, f: ReadFilter): Promise<number | null> {
  const s = source(f, undefined, f.to);
  const { rows } = await sql<{ first: unknown }>`select min(${sql.ref(`${s.t}.answered_q`)}) as first from ${s.from} where ${s.where}`.execute(db);
  const v = rows[0]?.first;
  return v === null || v === undefined ? null : Number(v) * QUARTER_MS;
}

/** A key with more values than this is segmented with one GROUP BY instead of one range per value. */
const PER_VALUE = 200;

/**
 * The values of one column, up to `limit`, by seeking the next one in an index leading with it over
 * and over (a loose index scan: one seek per value, whatever the number of rows): a meta key's values
 * (`response_meta`, under `key = …`), the reasons (`response_reasons`).
 * null when there are more than `limit`.
 */
async function distinctValues<V extends string | number>(
  db: Kysely<Database>,
  table: 'response_meta' | 'response_reasons',
  column: 'value' | 'reason',
  limit: number,
  where: RawBuilder<boolean> = sql<boolean>`1 = 1`,
): Promise<V[] | null> {
  const values: V[] = [];
  const col = sql.ref(column);
  for (let after: V | null = null; ; ) {
    const gt: RawBuilder<unknown> = after === null ? sql`` : sql`and ${col} > ${after}`;
    const found: { rows: Array<{ v: V | null }> } = await sql<{ v: V | null }>`select min(${col}) as v from ${sql.table(table)} where ${where} ${gt}`.execute(db);
    const raw = found.rows[0]?.v ?? null;
    if (raw === null) return values;
    if (values.length === limit) return null;
    const v = raw as V;
    values.push(v);
    after = v;
  }
}

/**
 * Segments: counts per value of one meta key. Under a meta filter, driven by that filter's side-table
 * rows (each joined to its row of the segment key by response id). Otherwise one range of the
 * `(key, value, quarter-hour)` index per value, which needs no sort; a key with very many values
 * (order ids, say) falls back to one GROUP BY over the segment key's rows. Joined to responses only
 * for the text filter. Values with no answer in the range are left out.
 */
async function segmentCounts(db: Kysely<Database>, f: ReadFilter, key: string, plan: CountPlan | null = null): Promise<Array<{ value: string; t: Tally }>> {
  // With a plan: that key's counts (all its values, or those the filter or the reader's limit names).
  if (plan) return countsBy(db, f, plan.dim === '' ? { dim: `m:${key}`, values: null } : plan, 'value', f.from, f.to, (g) => segmentCounts(db, g, key));
  const values = f.meta[0] ? null : await distinctValues<string>(db, 'response_meta', 'value', PER_VALUE, sql<boolean>`key = ${key}`);
  if (values) {
    const each = await Promise.all(values.map(async (value) => ({ value, t: await totalCounts(db, { ...f, meta: [[key, value]] }, f.from, f.to) })));
    return each.filter((s) => s.t.responses > 0);
  }
  let rows: CountRow[];
  if (f.meta[0]) {
    const src = source(f, f.from, f.to);
    ({ rows } = await sql<CountRow>`select s.value as value, ${countColumns('d')} from ${src.from}
      join response_meta s on s.response_id = d.response_id and s.key = ${key} where ${src.where} group by s.value`.execute(db));
  } else {
    const text = f.q !== undefined;
    const join = text ? sql`join responses on responses.id = s.response_id` : sql``;
    const where = all([sql<boolean>`s.key = ${key}`, ...conditions(f, { scores: 's', row: text ? 'responses' : null, id: 's.response_id', range: 'ms' })]);
    ({ rows } = await sql<CountRow>`select s.value as value, ${countColumns('s')} from response_meta s ${join} where ${where} group by s.value`.execute(db));
  }
  return rows.map((r) => ({ value: String(r.value), t: tallyOf(r) }));
}

/**
 * Counts per reason (the answers naming it). Under a meta or reason filter, driven by that filter's
 * side-table rows, each joined to its reason rows by response id, one GROUP BY. Otherwise one range of
 * the `(reason, quarter-hour)` index per reason; very many reasons (merchants' own ids) fall back to
 * one GROUP BY over the reason rows. Reasons with no answer in the range are left out.
 */
export async function reasonCounts(db: Kysely<Database>, f: ReadFilter, plan: CountPlan | null = null): Promise<Array<{ value: string; t: Tally }>> {
  // With a plan (every answer: countPlan allows reasons no other way), the reason counts; part-hours from the rows.
  if (plan) return countsBy(db, f, { dim: 'r', values: null }, 'value', f.from, f.to, (g) => reasonCounts(db, g));
  const driven = f.meta.length > 0 || f.reasons.length > 0;
  const values = driven ? null : await distinctValues<string>(db, 'response_reasons', 'reason', PER_VALUE);
  if (values) {
    const each = await Promise.all(values.map(async (value) => ({ value, t: await totalCounts(db, { ...f, reasons: [value] }, f.from, f.to) })));
    return each.filter((s) => s.t.responses > 0);
  }
  let rows: CountRow[];
  if (driven) {
    const src = source(f, f.from, f.to);
    ({ rows } = await sql<CountRow>`select s.reason as value, ${countColumns('d')} from ${src.from}
      join response_reasons s on s.response_id = d.response_id where ${src.where} group by s.reason`.execute(db));
  } else {
    const text = f.q !== undefined;
    const join = text ? sql`join responses on responses.id = s.response_id` : sql``;
    const where = all(conditions(f, { scores: 's', row: text ? 'responses' : null, id: 's.response_id', range: 'q' }));
    ({ rows } = await sql<CountRow>`select s.reason as value, ${countColumns('s')} from response_reasons s ${join} where ${where} group by s.reason`.execute(db));
  }
  return rows.map((r) => ({ value: String(r.value), t: tallyOf(r) }));
}

/**
 * Counts per re-survey wave, ascending: one GROUP BY over the filter's driving index, which holds the
 * wave (the summary index, or the meta or reason side table's). Waves with no answer in the range
 * are left out.
 */
async function waveCounts(db: Kysely<Database>, f: ReadFilter, plan: CountPlan | null = null): Promise<Array<{ value: string; t: Tally }>> {
  if (plan) return (await countsBy(db, f, plan, 'wave', f.from, f.to, (g) => waveCounts(db, g))).sort((a, b) => Number(a.value) - Number(b.value));
  const src = source(f, f.from, f.to);
  const w = sql.ref(`${src.t}.wave`);
  const { rows } = await sql<CountRow>`select ${w} as value, ${countColumns(src.t)} from ${src.from} where ${src.where} group by ${w}`.execute(db);
  return rows
    .map((r) => ({ value: Number(r.value), t: tallyOf(r) }))
    .filter((s) => s.t.responses > 0)
    .sort((a, b) => a.value - b.value)
    .map((s) => ({ value: String(s.value), t: s.t }));
}

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

export interface SummaryOptions {
  interval?: Interval | undefined;
  by?: By | undefined;
  sort?: 'nps' | 'csat' | undefined;
  timeZone: string;
  now?: number;
  /** `rows`: count the rows even where the counts could serve (the tests compare both). */
  path?: 'rows' | undefined;
}

/** The most meta keys the summary lists: whatever clients send, every reader downloads at most this many. */
export const LISTED_META_KEYS = 50;
/** How long the most used keys are reused (counting them reads the whole meta side table). */
const KEY_COUNT_MS = 60_000;
const usedKeys = new WeakMap<Kysely<Database>, { at: number; keys: string[] }>();

/**
 * The meta keys to offer (by name): all of them while there are at most 50, else the 50 that most
 * answers carry, counted at most once a minute per process. Any other key can still be asked for by
 * name (`by=meta.KEY`, `meta.KEY=VALUE`).
 */
async function listedMetaKeys(db: Kysely<Database>, now: number): Promise<{ metaKeys: string[]; metaKeysTotal: number }> {
  const first = (await db.selectFrom('meta_keys').select('key').orderBy('key').limit(LISTED_META_KEYS + 1).execute()).map((r) => r.key);
  if (first.length <= LISTED_META_KEYS) return { metaKeys: first, metaKeysTotal: first.length };
  const { total } = await db.selectFrom('meta_keys').select((eb) => eb.fn.countAll<number | string>().as('total')).executeTakeFirstOrThrow();
  let used = usedKeys.get(db);
  if (!used || now - used.at > KEY_COUNT_MS || now < used.at) {
    const rows = await db
      .selectFrom('response_meta')
      .select(['key', (eb) => eb.fn.countAll<number | string>().as('n')])
      .groupBy('key')
      .orderBy('n', 'desc')
      .orderBy('key')
      .limit(LISTED_META_KEYS)
      .execute();
    usedKeys.set(db, (used = { at: now, keys: rows.map((r) => r.key).sort() }));
  }
  return { metaKeys: used.keys, metaKeysTotal: Number(total) };
}

/** The shortest each interval can be (a day of a DST change is 23 hours): to rule one out without counting. */
const SHORTEST: Record<Interval, number> = { day: 23 * 3_600_000, week: 167 * 3_600_000, month: 28 * 86_400_000, year: 365 * 86_400_000 };

/**
 * The intervals [start, end) covering [from, to) in `tz`, the first starting at or before `from`; null
 * when there would be more than MAX_POINTS.
 */
export function intervals(from: number, to: number, interval: Interval, tz: string): Array<[number, number]> | null {
  if ((to - from) / SHORTEST[interval] > MAX_POINTS + 2) return null;
  const out: Array<[number, number]> = [];
  for (let s = intervalStart(from, interval, tz); s < to; ) {
    const e = nextStart(s, interval, tz);
    out.push([s, e]);
    if (out.length > MAX_POINTS) return null;
    s = e;
  }
  return out;
}

/**
 * The series' intervals: as asked when they fit in MAX_POINTS, else the next coarser interval that
 * does (a valid request is never refused for its length). Years always fit the times the collector
 * accepts; older rows with wilder times get the last MAX_POINTS years (`clipped`).
 */
export function seriesSpans(from: number, to: number, asked: Interval, tz: string): { interval: Interval; spans: Array<[number, number]>; clipped: boolean } {
  for (const interval of INTERVALS.slice(INTERVALS.indexOf(asked))) {
    const spans = intervals(from, to, interval, tz);
    if (spans) return { interval, spans, clipped: false };
  }
  let start = intervalStart(to - 1, 'year', tz);
  for (let i = 1; i < MAX_POINTS; i++) start = intervalStart(start - 1, 'year', tz);
  return { interval: 'year', spans: intervals(start, to, 'year', tz)!, clipped: true };
}

/**
 * The summary for a filter. Totals keep today's shape (`responses`, `csat`, `nps`, `displays`), each
 * figure gaining `ci` and `few`; `series` (with `interval`), `previous` (with `from`) and `segments`
 * (with `by`) are added.
 */
export async function readSummary(db: Kysely<Database>, f: ReadFilter, o: SummaryOptions) {
  const now = o.now ?? Date.now();
  const tz = o.timeZone;
  // Counts where they can serve the filter (read/aggregates.ts), else the rows; the answer says which.
  const { plan, fields } = planFor(f, o.by, o.path);
  const counts = (a: number | undefined, b: number | undefined) => (plan ? countsIn(db, f, plan, a, b) : totalCounts(db, f, a, b));
  const shown = (a: number | undefined, b: number | undefined) => (plan ? displaysIn(db, f, a, b, emptyDisplays, (x, y) => displayTotals(db, x, y, f)) : displayTotals(db, a, b, f));
  let series: Array<{ start: string; end: string } & ReturnType<typeof figures> & { displays: ReturnType<typeof displayFigures> }> | null = null;
  let totals: Tally;
  let displays: DisplayTally;
  let interval = o.interval ?? null;
  if (o.interval) {
    const first = f.from ?? (plan ? await firstCounted(db, f, plan, (g) => firstAnswer(db, g)) : await firstAnswer(db, f));
    const end = f.to ?? now;
    const chosen = first === null || first >= end ? null : seriesSpans(first, end, o.interval, tz);
    const spans = chosen?.spans ?? [];
    if (chosen) interval = chosen.interval;
    // One count per interval, each a range of the driving index: cheaper than one query grouped by
    // quarter-hour, whose thousands of aggregate rows cost more than the scan itself.
    const points = await Promise.all(
      spans.map(async ([s, e]) => {
        const a = Math.max(s, f.from ?? s), b = Math.min(e, end);
        const [t, d] = await Promise.all([counts(a, b), shown(a, b)]);
        return { t, d };
      }),
    );
    if (f.from !== undefined && !chosen?.clipped) {
      // The intervals tile [from, to) (or until now): the totals are their sum.
      totals = emptyTally();
      displays = emptyDisplays();
      for (const p of points) {
        addTally(totals, p.t);
        addDisplays(displays, p.d);
      }
    } else {
      [totals, displays] = await Promise.all([counts(f.from, f.to), shown(f.from, f.to)]);
    }
    series = spans.map(([s, e], i) => ({ start: iso(s)!, end: iso(e)!, ...figures(points[i]!.t), displays: displayFigures(points[i]!.d) }));
  } else {
    [totals, displays] = await Promise.all([counts(f.from, f.to), shown(f.from, f.to)]);
  }

  let previous = null;
  if (f.from !== undefined) {
    const to = f.to ?? now;
    const from = f.from - (to - f.from);
    const [t, d] = await Promise.all([counts(from, f.from), shown(from, f.from)]);
    previous = { from: iso(from), to: iso(f.from), ...figures(t), displays: displayFigures(d) };
  }

  let segments = null;
  let segmentsTotal: number | undefined;
  if (o.by === 'wave' || o.by === 'channel') {
    // Satisfaction over the product's life: every wave, in order; or every channel, most answers first.
    const counted = o.by === 'wave' ? await waveCounts(db, f, plan) : await channelCounts(db, f, plan);
    const list = counted.map(({ value, t }) => ({ key: o.by as string, value, ...figures(t) }));
    segmentsTotal = list.length;
    segments = list.slice(0, MAX_SEGMENTS);
  } else if (o.by) {
    const sort = o.sort ?? (f.survey === 'csat' ? 'csat' : 'nps');
    const key = o.by === 'reason' ? 'reason' : o.by.meta;
    const counted = o.by === 'reason' ? await reasonCounts(db, f, plan) : await segmentCounts(db, f, o.by.meta, plan);
    const list = counted.map(({ value, t }) => ({ key, value, ...figures(t) }));
    // Worst first by the interval's lower bound (what the merchant can be sure of); no interval last.
    const low = (s: (typeof list)[number]) => s[sort].ci?.[0] ?? Infinity;
    list.sort((a, b) => low(a) - low(b) || a.responses - b.responses || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    segmentsTotal = list.length;
    segments = list.slice(0, MAX_SEGMENTS);
  }

  const { metaKeys, metaKeysTotal } = await listedMetaKeys(db, now);
  return {
    timeZone: tz,
    confidence: CONFIDENCE,
    range: { from: iso(f.from), to: iso(f.to) },
    interval,
    ...(o.interval && interval !== o.interval ? { intervalAsked: o.interval } : {}),
    ...figures(totals),
    displays: displayFigures(displays),
    ...(series ? { series } : {}),
    previous,
    ...(segments ? { segments, segmentsTotal } : {}),
    metaKeys,
    metaKeysTotal,
    ...fields,
  };
}
