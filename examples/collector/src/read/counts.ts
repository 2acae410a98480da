// Counting answers in the database: one row of counts per score (CSAT 1–5, NPS 0–10) for the answers a
// filter matches, read from the index that can drive it. Shared by the summary and the driver analysis.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../store/schema.ts';
import { all, conditions, type ReadFilter } from './filters.ts';
import { scoreFigures } from './stats.ts';

/** count(*) and one sum per score: CSAT 1–5, NPS 0–10. The column names are our own constants. */
export function countColumns(t: string) {
  const parts = ['count(*) as n'];
  for (let s = 1; s <= 5; s++) parts.push(`sum(case when ${t}.csat = ${s} then 1 else 0 end) as c${s}`);
  for (let s = 0; s <= 10; s++) parts.push(`sum(case when ${t}.nps = ${s} then 1 else 0 end) as p${s}`);
  return sql.raw(parts.join(', '));
}

export type CountRow = Record<string, unknown>;
/** Answers, and answers per score (`csat[1..5]`, `nps[0..10]`). Counts add up and subtract exactly. */
export interface Tally {
  responses: number;
  csat: number[];
  nps: number[];
}
export const emptyTally = (): Tally => ({ responses: 0, csat: [0, 0, 0, 0, 0, 0], nps: new Array(11).fill(0) });
export function addRow(t: Tally, r: CountRow) {
  t.responses += Number(r.n ?? 0);
  for (let s = 1; s <= 5; s++) t.csat[s]! += Number(r[`c${s}`] ?? 0);
  for (let s = 0; s <= 10; s++) t.nps[s]! += Number(r[`p${s}`] ?? 0);
}
export const tallyOf = (r: CountRow) => {
  const t = emptyTally();
  addRow(t, r);
  return t;
};
export const addTally = (t: Tally, u: Tally) => {
  t.responses += u.responses;
  for (let s = 1; s <= 5; s++) t.csat[s]! += u.csat[s]!;
  for (let s = 0; s <= 10; s++) t.nps[s]! += u.nps[s]!;
};
/** `t` minus `u` (u's answers are among t's). */
export const minusTally = (t: Tally, u: Tally): Tally => ({
  responses: t.responses - u.responses,
  csat: t.csat.map((n, s) => n - u.csat[s]!),
  nps: t.nps.map((n, s) => n - u.nps[s]!),
});
export const figures = (t: Tally) =>
  scoreFigures({ responses: t.responses, csat: Object.fromEntries(t.csat.map((n, s) => [s, n]).slice(1)), nps: Object.fromEntries(t.nps.map((n, s) => [s, n])) });

/**
 * FROM and WHERE counting the filter's answers in [from, to), written so that one index can drive it:
 * - a meta filter: the side table's rows of that key and value (`response_meta_values`, by
 *   quarter-hour), further meta and reason filters probed by response id, the text filter joined to
 *   responses;
 * - else a reason filter: that reason's side-table rows (`response_reasons_values`), likewise;
 * - else a term filter: that term's side-table rows (`response_terms_values`), likewise;
 * - the text filter alone: the answers with a comment, through the comments index (by answered_at);
 * - otherwise: the responses' summary index (`responses_answered_q`, which holds the wave too).
 * `t` is the alias holding the scores and answered_q.
 */
export function source(f: ReadFilter, from: number | undefined, to: number | undefined): { t: string; from: RawBuilder<unknown>; where: RawBuilder<boolean> } {
  const ranged = { ...f, from, to };
  const meta = f.meta[0];
  const reason = f.reasons[0];
  const term = f.terms?.[0];
  if (meta || reason !== undefined || term !== undefined) {
    const join = f.q !== undefined ? sql`join responses on responses.id = d.response_id` : sql``;
    const cols = { scores: 'd', row: f.q !== undefined ? 'responses' : null, id: 'd.response_id', range: 'q' } as const;
    const where = meta
      ? all([sql<boolean>`d.key = ${meta[0]} and d.value = ${meta[1]}`, ...conditions(ranged, cols, { skipMeta: 1 })])
      : reason !== undefined
        ? all([sql<boolean>`d.reason = ${reason}`, ...conditions(ranged, cols, { skipReasons: 1 })])
        : all([sql<boolean>`d.term = ${term}`, ...conditions(ranged, cols, { skipTerms: 1 })]);
    const table = meta ? sql`response_meta` : reason !== undefined ? sql`response_reasons` : sql`response_terms`;
    return { t: 'd', from: sql`${table} d ${join}`, where };
  }
  const range = f.q !== undefined ? 'text' : 'q';
  return { t: 'responses', from: sql`responses`, where: all(conditions(ranged, { scores: 'responses', row: 'responses', range })) };
}

/** The counts of the filter's answers in [from, to). */
export async function totalCounts(db: Kysely<Database>, f: ReadFilter, from: number | undefined, to: number | undefined): Promise<Tally> {
  const s = source(f, from, to);
  const { rows } = await sql<CountRow>`select ${countColumns(s.t)} from ${s.from} where ${s.where}`.execute(db);
  const t = emptyTally();
  if (rows[0]) addRow(t, rows[0]);
  return t;
}
