// Figures from counts (store/counts.ts, migration 016) instead of rows: every figure the summary shows,
// with its interval, needs only how many answers gave each score, so a range of time is the sum of its
// whole UTC days' and hours' counts plus, at its edges, the answers of the part-hours read from the rows (an
// AFTERCARE_TZ with a :30 or :45 offset, a range given to the minute, "until now"). The figures are
// exactly those from rows (tests/unit/counts.test.ts compares both on random data).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { GRAINS, HOUR_MS, SCORE_COLUMNS, type Grain } from '../store/counts.ts';
import type { Database } from '../store/schema.ts';
import { addTally, emptyTally, tallyOf, totalCounts, type CountRow, type Tally } from './counts.ts';
import { all, type By, type ReadFilter } from './filters.ts';
import type { DisplayCounts } from './stats.ts';

/** Which counts serve a filter: one dimension (`''` every answer, `m:KEY`, `r`), limited to `values` (null: all). */
export interface CountPlan {
  dim: string;
  values: string[] | null;
}

/**
 * The counts that can answer `f` (and segments `by`), or why the rows must: the counts hold one
 * dimension at a time, so a filter that combines two (a meta value and a reason, two meta values, a
 * limit on one key and segments by another) or looks inside answers (text, terms, bands, CSAT scores)
 * is counted from the rows.
 */
function countPlan(f: ReadFilter, by?: By): { plan: CountPlan } | { why: string } {
  if (f.q !== undefined) return { why: 'the text filter (q)' };
  if (f.terms?.length) return { why: 'the term filter' };
  if (f.bands.length) return { why: 'the band filter' };
  if (f.csat.length) return { why: 'the csat filter' };
  if (f.meta.length > 1) return { why: 'more than one meta filter' };
  if (f.reasons.length > 1) return { why: 'more than one reason filter' };
  const meta = f.meta[0];
  if (meta && f.reasons.length) return { why: 'a meta filter with a reason filter' };
  let plan: CountPlan = { dim: '', values: null };
  if (f.scope) {
    if (f.reasons.length) return { why: 'a reason filter under a limit to some meta values' };
    if (meta && meta[0] !== f.scope.key) return { why: 'a meta filter on another key than the reader\'s limit' };
    plan = { dim: `m:${f.scope.key}`, values: meta ? f.scope.values.filter((v) => v === meta[1]) : [...f.scope.values] };
  } else if (meta) plan = { dim: `m:${meta[0]}`, values: [meta[1]] };
  else if (f.reasons[0] !== undefined) plan = { dim: 'r', values: [f.reasons[0]] };
  if (by && typeof by === 'object' && plan.dim !== '' && plan.dim !== `m:${by.meta}`) return { why: 'segments by one meta key under a filter on another' };
  if (by === 'reason' && plan.dim !== '') return { why: 'segments by reason under a meta or reason filter' };
  return { plan };
}

/** What a read answers about its path: the counts (`aggregates`) or the rows, and why the rows. */
export type PathFields = { path: 'aggregates' | 'rows'; pathWhy?: string };

/**
 * The plan for a read (null: the rows) and the fields its answer carries about it. `path: 'rows'`
 * reads the rows even where the counts could serve (the tests compare both).
 */
export function planFor(f: ReadFilter, by: By | undefined, path?: 'rows'): { plan: CountPlan | null; fields: PathFields } {
  const planned = path === 'rows' ? { why: 'asked for rows' } : countPlan(f, by);
  return 'plan' in planned ? { plan: planned.plan, fields: { path: 'aggregates' } } : { plan: null, fields: { path: 'rows', pathWhy: planned.why } };
}

/** Conditions both kinds of count table share: the span of hours or days, the wave and the channels. */
function spanWhere(f: Pick<ReadFilter, 'wave' | 'channels'>, span: Span, grain: Grain): RawBuilder<boolean>[] {
  const conds: RawBuilder<boolean>[] = [];
  const time = sql.ref(GRAINS[grain].time);
  if (span[0] !== undefined) conds.push(sql<boolean>`${time} >= ${span[0]}`);
  if (span[1] !== undefined) conds.push(sql<boolean>`${time} < ${span[1]}`);
  if (f.wave !== undefined) conds.push(sql<boolean>`wave = ${f.wave}`);
  // The counts keep web (null on the rows) as ''.
  if (f.channels.length) conds.push(sql<boolean>`channel in (${sql.join(f.channels.map((c) => (c === 'web' ? '' : c)))})`);
  return conds;
}

/** The answer counts' conditions for `f` (the parts a plan allows: survey, wave, channel, complete). */
function countWhere(f: ReadFilter, plan: CountPlan, span: Span, grain: Grain = 'h'): RawBuilder<boolean> {
  const conds: RawBuilder<boolean>[] = [sql<boolean>`dim = ${plan.dim}`, ...spanWhere(f, span, grain)];
  if (plan.values) conds.push(plan.values.length ? sql<boolean>`value in (${sql.join(plan.values)})` : sql<boolean>`1 = 0`);
  if (f.survey === 'csat') conds.push(sql<boolean>`kind in (1, 3)`);
  if (f.survey === 'nps') conds.push(sql<boolean>`kind in (2, 3)`);
  if (f.complete !== undefined) conds.push(sql<boolean>`complete = ${f.complete ? 1 : 0}`);
  return all(conds);
}

/** sum(n), sum(c1) … sum(p10) under the names countColumns gives (so tallyOf reads both). */
const SUMS = sql.raw(SCORE_COLUMNS.map((c) => `sum(${c}) as ${c}`).join(', '));

/** A range of hours or days, [first, end) as hour or day numbers; an absent bound is open. */
type Span = [number | undefined, number | undefined];
/** Part of a range and where it is counted: a span of UTC days or hours of the counts, or a part-hour of the rows. */
type Part = { grain: Grain; span: Span } | { rows: [number | undefined, number | undefined] };

/**
 * [from, to) cut into the whole UTC days inside it (the day counts), the whole hours left at either end
 * (the hour counts) and the part-hours at its edges (the rows). In a whole-hour time zone a day, week or
 * month reads at most two hour ranges besides its days, and no rows.
 */
export function splitRange(from: number | undefined, to: number | undefined): Part[] {
  const hFirst = from === undefined ? undefined : Math.ceil(from / HOUR_MS);
  const hEnd = to === undefined ? undefined : Math.floor(to / HOUR_MS);
  if (hFirst !== undefined && hEnd !== undefined && hFirst >= hEnd) return [{ rows: [from, to] }];
  const parts: Part[] = [];
  if (from !== undefined && hFirst! * HOUR_MS > from) parts.push({ rows: [from, hFirst! * HOUR_MS] });
  if (to !== undefined && hEnd! * HOUR_MS < to) parts.push({ rows: [hEnd! * HOUR_MS, to] });
  const dFirst = hFirst === undefined ? undefined : Math.ceil(hFirst / 24);
  const dEnd = hEnd === undefined ? undefined : Math.floor(hEnd / 24);
  if (dFirst !== undefined && dEnd !== undefined && dFirst >= dEnd) return [...parts, { grain: 'h', span: [hFirst, hEnd] }];
  parts.push({ grain: 'd', span: [dFirst, dEnd] });
  if (hFirst !== undefined && hFirst < dFirst! * 24) parts.push({ grain: 'h', span: [hFirst, dFirst! * 24] });
  if (hEnd !== undefined && dEnd! * 24 < hEnd) parts.push({ grain: 'h', span: [dEnd! * 24, hEnd] });
  return parts;
}

/** The counts of the filter's answers in [from, to): whole days and hours from the counts, part-hours from the rows. */
export async function countsIn(db: Kysely<Database>, f: ReadFilter, plan: CountPlan, from: number | undefined, to: number | undefined): Promise<Tally> {
  const parts = await Promise.all(
    splitRange(from, to).map((p) =>
      'rows' in p
        ? totalCounts(db, f, p.rows[0], p.rows[1])
        : sql<CountRow>`select ${SUMS} from ${sql.table(GRAINS[p.grain].answers)} where ${countWhere(f, plan, p.span, p.grain)}`.execute(db).then(({ rows }) => tallyOf(rows[0] ?? {})),
    ),
  );
  const t = emptyTally();
  for (const p of parts) addTally(t, p);
  return t;
}

/**
 * Counts per value of one column of the counts (`value` of dimension `dim`, `wave` or `channel`) in
 * [from, to), the part-hours counted by `edgeRows` (the rows' own segment counting over a part-hour).
 * Values with no answer are left out. Channels come as stored ('' is web).
 */
export async function countsBy(
  db: Kysely<Database>,
  f: ReadFilter,
  plan: CountPlan,
  column: 'value' | 'wave' | 'channel',
  from: number | undefined,
  to: number | undefined,
  edgeRows: (edge: ReadFilter) => Promise<Array<{ value: string; t: Tally }>>,
): Promise<Array<{ value: string; t: Tally }>> {
  const per = new Map<string, Tally>();
  const add = (value: string, t: Tally) => {
    const had = per.get(value);
    if (had) addTally(had, t);
    else per.set(value, t);
  };
  const parts = await Promise.all(
    splitRange(from, to).map(async (p) => {
      if ('rows' in p) return edgeRows({ ...f, from: p.rows[0], to: p.rows[1] });
      const c = sql.ref(column);
      const { rows } = await sql<CountRow>`select ${c} as g, ${SUMS} from ${sql.table(GRAINS[p.grain].answers)} where ${countWhere(f, plan, p.span, p.grain)} group by ${c}`.execute(db);
      return rows.map((r) => ({ value: column === 'channel' ? (r.g === '' ? 'web' : String(r.g)) : String(r.g), t: tallyOf(r) }));
    }),
  );
  for (const part of parts) for (const { value, t } of part) add(value, t);
  return [...per].map(([value, t]) => ({ value, t })).filter((s) => s.t.responses > 0);
}

/**
 * The start of the first matching answer's quarter-hour (as the rows' firstAnswer gives it): the first
 * hour whose counts hold one, then that hour's rows.
 */
export async function firstCounted(db: Kysely<Database>, f: ReadFilter, plan: CountPlan, rowsFirst: (f: ReadFilter) => Promise<number | null>): Promise<number | null> {
  const last = f.to === undefined ? undefined : Math.floor((f.to - 1) / HOUR_MS) + 1;
  // A bucket is the sum of its stripes (store/counts.ts): one stripe may count an answer another took out.
  const { rows } = await sql<{ h: unknown }>`select hour as h from answer_counts where ${countWhere(f, plan, [undefined, last])} group by hour having sum(n) > 0 order by hour limit 1`.execute(db);
  const h = rows[0]?.h;
  if (h === null || h === undefined) return null;
  const start = Number(h) * HOUR_MS;
  return rowsFirst({ ...f, from: start, to: Math.min(start + HOUR_MS, f.to ?? Infinity) });
}

/** Displays' counts in [from, to), as the summary's displayTotals reads them from rows, with the edges from `edgeRows`. */
export async function displaysIn(
  db: Kysely<Database>,
  f: Pick<ReadFilter, 'wave' | 'channels' | 'scope'>,
  from: number | undefined,
  to: number | undefined,
  empty: () => DisplayCounts,
  edgeRows: (a: number | undefined, b: number | undefined) => Promise<DisplayCounts>,
): Promise<DisplayCounts> {
  const total = empty();
  // A reader limited to some meta values: displays carry no meta, so none can be shown as theirs.
  if (f.scope) return total;
  const add = (k: string, n: number) => {
    if (k in total) total[k as keyof DisplayCounts] += n;
  };
  const parts = await Promise.all(
    splitRange(from, to).map(async (p) => {
      if ('rows' in p) return { edge: (await edgeRows(p.rows[0], p.rows[1])) as unknown as Record<string, number>, grouped: null };
      const where = all(spanWhere(f, p.span, p.grain));
      const { rows } = await sql<{ outcome: string; later: unknown; n: unknown }>`select outcome, later, sum(n) as n from ${sql.table(GRAINS[p.grain].displays)} where ${where} group by outcome, later`.execute(db);
      return { edge: null, grouped: rows };
    }),
  );
  for (const p of parts) {
    if (p.edge) {
      for (const [k, v] of Object.entries(p.edge)) add(k, v);
      continue;
    }
    for (const r of p.grouped ?? []) {
      const n = Number(r.n);
      add('total', n);
      add(r.outcome, n);
      if (r.outcome === 'dismissed' && Number(r.later) === 1) add('later', n);
    }
  }
  return total;
}
