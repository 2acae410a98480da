// The counting behind the themes (read/themes.ts): the comments a filter matches, their terms grouped
// per term, each in the fewest aggregates the statistics need, read from the index that can drive it:
// the response_terms side table's `(quarter-hour, term, …)` index for a period, or the rows of the
// filter's own term, meta or reason side table (each joined to its answer's terms by id).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { quarterOf } from '../store/derived.ts';
import { isSqlite } from '../store/open.ts';
import type { Database } from '../store/schema.ts';
import { source, type CountRow, type Tally } from './counts.ts';
import { all, conditions, type ReadFilter } from './filters.ts';

/**
 * The counts the themes need of a group of comments, in seven aggregates rather than the summary's
 * sixteen (every answer, the NPS and CSAT answers, detractors, promoters, CSAT 1–2, CSAT 4–5): the
 * period's hundreds of thousands of term rows are grouped once per request, and each aggregate is
 * paid for per row. `FILTER (WHERE …)` is SQL:2003; SQLite has it since 3.30, PostgreSQL since 9.4.
 */
export const binColumns = (t: string) =>
  sql.raw(
    `count(*) as n, count(${t}.nps) as nn, count(*) filter (where ${t}.nps <= 6) as nd, count(*) filter (where ${t}.nps >= 9) as np, ` +
      `count(${t}.csat) as cn, count(*) filter (where ${t}.csat <= 2) as cl, count(*) filter (where ${t}.csat >= 4) as ch`,
  );
/**
 * Those counts as a tally with every score of a bin on one of them (NPS 0 for 0–6, 7 for 7–8, 9 for
 * 9–10; CSAT 1 for 1–2, 3 for 3, 5 for 4–5): the figures of drivers.ts and `sides` read sums over
 * those ranges, and tallies binned alike subtract exactly.
 */
export function binTally(r: CountRow): Tally {
  const v = (k: string) => Number(r[k] ?? 0);
  const nps = new Array<number>(11).fill(0), csat = new Array<number>(6).fill(0);
  [nps[0], nps[7], nps[9]] = [v('nd'), v('nn') - v('nd') - v('np'), v('np')];
  [csat[1], csat[3], csat[5]] = [v('cl'), v('cn') - v('cl') - v('ch'), v('ch')];
  return { responses: v('n'), nps, csat };
}
/** Every answer the filter matches in [from, to) (with a comment or not), binned: the drivers' "all". */
export async function answerCounts(db: Kysely<Database>, f: ReadFilter, from: number | undefined, to: number | undefined): Promise<Tally> {
  const s = source(f, from, to);
  const { rows } = await sql<CountRow>`select ${binColumns(s.t)} from ${s.from} where ${s.where}`.execute(db);
  return binTally(rows[0] ?? {});
}

type Source = { t: string; from: RawBuilder<unknown>; where: RawBuilder<boolean> };

/**
 * The side table driving a filtered count: the first term filter's rows, else the first meta filter's,
 * else the first reason filter's (each a range of its `(value, quarter-hour)` index), as alias `d`,
 * with the conditions of the rest of the filter (joined to responses when `row`). null without any.
 */
function driver(f: ReadFilter, from: number | undefined, to: number | undefined, row: boolean) {
  const term = f.terms?.[0], meta = f.meta[0], reason = f.reasons[0];
  if (term === undefined && !meta && reason === undefined) return null;
  const [table, key, skip] =
    term !== undefined
      ? [sql`response_terms`, sql<boolean>`d.term = ${term}`, { skipTerms: 1 }]
      : meta
        ? [sql`response_meta`, sql<boolean>`d.key = ${meta[0]} and d.value = ${meta[1]}`, { skipMeta: 1 }]
        : [sql`response_reasons`, sql<boolean>`d.reason = ${reason}`, { skipReasons: 1 }];
  const cols = { scores: 'd', row: row ? 'responses' : null, id: 'd.response_id', range: 'q' } as const;
  return { term: term !== undefined, table, join: row ? sql`join responses on responses.id = d.response_id` : sql``, where: [key, ...conditions({ ...f, from, to }, cols, skip)] };
}

/**
 * The comments a filter matches in [from, to), alias `t` holding the scores: the answers that have
 * one, through the partial index of migration 013; under a term filter that term's side-table rows
 * (each one comment naming it); under a meta or reason filter its side-table rows, each joined to its
 * answer by id to see that it has a comment.
 */
export function commentsFrom(f: ReadFilter, from: number | undefined, to: number | undefined): Source {
  const text = f.q !== undefined;
  const d = driver(f, from, to, text || !f.terms?.length);
  if (d?.term) return { t: 'd', from: sql`response_terms d ${d.join}`, where: all(d.where) };
  if (d) return { t: 'd', from: sql`${d.table} d ${d.join}`, where: all([sql<boolean>`responses.comment_folded is not null`, ...d.where]) };
  const where = all([sql<boolean>`responses.comment_folded is not null`, ...conditions({ ...f, from, to }, { scores: 'responses', row: 'responses', range: 'q' })]);
  return { t: 'responses', from: sql`responses`, where };
}

/**
 * The term rows (alias `t`) of the comments a filter matches in [from, to): under a term, meta or
 * reason filter its side-table rows, each joined to its response's term rows by the primary key;
 * otherwise one range of the `(quarter-hour, term, …)` index, or with `byTerm` (SQLite) the whole
 * `(term, quarter-hour, …)` index in term order. `driven` says which.
 */
function termRows(f: ReadFilter, from: number | undefined, to: number | undefined, byTerm = false): Source & { driven: boolean } {
  const text = f.q !== undefined;
  const d = driver(f, from, to, text);
  if (d) return { t: 't', driven: true, from: sql`${d.table} d join response_terms t on t.response_id = d.response_id ${d.join}`, where: all(d.where) };
  const join = text ? sql`join responses on responses.id = t.response_id` : sql``;
  const table = byTerm ? sql`response_terms t indexed by response_terms_values` : sql`response_terms t`;
  return { t: 't', driven: false, from: sql`${table} ${join}`, where: all(conditions({ ...f, from, to }, { scores: 't', row: text ? 'responses' : null, id: 't.response_id', range: 'q' })) };
}

/**
 * SQLite: whether grouping a period's term rows by term is cheaper by walking the whole term index in
 * its order than by sorting the period's rows. Sorting costs about six times as much per row as
 * walking (300,000 comments: 0.63 µs against 0.10 µs), so the walk wins once the period holds more
 * than a sixth of the stored quarter-hours (rows spread evenly; 90 days of a year's answers). SQLite
 * keeps no statistics unless ANALYZE runs, so its planner cannot tell; PostgreSQL's can (and hashes).
 */
async function walkTerms(db: Kysely<Database>, from: number | undefined, to: number | undefined): Promise<boolean> {
  if (!isSqlite(db)) return false;
  // Two statements: SQLite answers min() or max() alone with one seek of the period index, both in one with a scan.
  const end = async (fn: 'min' | 'max') => Number((await sql<{ q: unknown }>`select ${sql.raw(fn)}(answered_q) as q from response_terms`.execute(db)).rows[0]?.q ?? NaN);
  const [lo, hi] = [await end('min'), await end('max')];
  if (!(hi > lo)) return false;
  const a = Math.max(lo, from === undefined ? lo : quarterOf(from)), b = Math.min(hi, to === undefined ? hi : quarterOf(to - 1));
  return (b - a) / (hi - lo) > 1 / 6;
}

/**
 * Per term named in at least `min` comments: its comments' counts, binned. Different customers are
 * counted afterwards, for the terms about to be listed only (`customersOf`): `count(distinct who)`
 * over every term of a period would cost a third of the whole request. `walk` chooses the plan
 * instead of walkTerms (for tests; SQLite only). (Counting the period before in the same walk, for
 * the rising terms, was tried: the filtered aggregates over twice the rows cost more than namedIn's
 * index ranges.)
 */
export async function termTallies(db: Kysely<Database>, f: ReadFilter, from: number | undefined, to: number | undefined, min: number, walk?: boolean) {
  walk = walk === undefined ? await walkTerms(db, from, to) : walk && isSqlite(db);
  const s = termRows(f, from, to, walk);
  const { rows } = await sql<CountRow>`select t.term as value, ${binColumns('t')} from ${s.from} where ${s.where} group by t.term having count(*) >= ${min}`.execute(db);
  return rows.map((r) => ({ term: String(r.value), t: binTally(r) }));
}

/**
 * How many different customers (`who`) name each of `terms` in the filter's comments in [from, to):
 * the terms' own index ranges; under a filter that drives the count, every term of that filter's
 * comments at once (the answer then holds more terms than asked for).
 */
export async function customersOf(db: Kysely<Database>, f: ReadFilter, from: number | undefined, to: number | undefined, terms: string[]): Promise<Map<string, number>> {
  const s = termRows(f, from, to);
  const out = new Map<string, number>(terms.map((t) => [t, 0]));
  if (s.driven) {
    const { rows } = await sql<{ value: string; n: unknown }>`select t.term as value, count(distinct t.who) as n from ${s.from} where ${s.where} group by t.term`.execute(db);
    for (const r of rows) out.set(String(r.value), Number(r.n));
    return out;
  }
  for (let i = 0; i < terms.length; i += 500) {
    const chunk = terms.slice(i, i + 500);
    const { rows } = await sql<{ value: string; n: unknown }>`select t.term as value, count(distinct t.who) as n from ${s.from} where ${s.where} and t.term in (${sql.join(chunk)}) group by t.term`.execute(db);
    for (const r of rows) out.set(String(r.value), Number(r.n));
  }
  return out;
}

/**
 * How many comments name each of `terms` in [from, to): the terms' own index ranges, 500 terms a query;
 * under a filter that drives the count, that filter's comments' terms, all grouped at once.
 */
export async function namedIn(db: Kysely<Database>, f: ReadFilter, from: number, to: number, terms: string[]): Promise<Map<string, number>> {
  const s = termRows(f, from, to);
  const out = new Map<string, number>();
  if (s.driven) {
    const { rows } = await sql<{ value: string; n: unknown }>`select t.term as value, count(*) as n from ${s.from} where ${s.where} group by t.term`.execute(db);
    for (const r of rows) out.set(String(r.value), Number(r.n));
    return out;
  }
  const chunks = [];
  for (let i = 0; i < terms.length; i += 500) chunks.push(terms.slice(i, i + 500));
  await Promise.all(
    chunks.map(async (chunk) => {
      const { rows } = await sql<{ value: string; n: unknown }>`select t.term as value, count(*) as n from ${s.from} where ${s.where} and t.term in (${sql.join(chunk)}) group by t.term`.execute(db);
      for (const r of rows) out.set(String(r.value), Number(r.n));
    }),
  );
  return out;
}

/** The counts (binned) of the comments a filter matches in [from, to). */
export async function commentCounts(db: Kysely<Database>, f: ReadFilter, from: number | undefined, to: number | undefined): Promise<Tally> {
  const s = commentsFrom(f, from, to);
  const { rows } = await sql<CountRow>`select ${binColumns(s.t)} from ${s.from} where ${s.where}`.execute(db);
  return binTally(rows[0] ?? {});
}
