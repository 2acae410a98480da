// The counts the summary reads instead of rows (migration 016): per UTC hour and dimension value, how
// many answers gave each score; per UTC hour, how many displays ended each way. Kept at write time, in
// the transaction that changes the rows: a new answer adds one, a revision takes its old version out of
// its buckets and puts the new one in (another hour, other meta values, other reasons), an erasure or a
// retention purge takes it out. Everything adds and subtracts exactly, so the figures from counts equal
// the figures from rows (tests/support/counts-suite.ts checks it on both stores).
import { sql, type Kysely, type Transaction } from 'kysely';
import { metaText } from './derived.ts';
import type { Database } from './schema.ts';

/** answers, then one column per CSAT score (1–5), then one per NPS score (0–10). */
export const SCORE_COLUMNS = ['n', 'c1', 'c2', 'c3', 'c4', 'c5', ...Array.from({ length: 11 }, (_, s) => `p${s}`)] as const;
export type ScoreColumn = (typeof SCORE_COLUMNS)[number];

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
/** The UTC hour an instant falls in: the counts' unit of time. */
export const hourOf = (ms: number) => Math.floor(ms / HOUR_MS);
/** The UTC day: the same counts again per day, so a long range reads 24 times fewer rows. */
export const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
/**
 * Rows per bucket. On PostgreSQL a transaction that adds to a bucket holds its row until it commits,
 * and every transaction adds to the current hour's and day's buckets: with one row each, concurrent
 * groups of batches would take turns from their counts to their commit. Each running group writes its
 * own stripe (store/group-commit.ts gives it a slot); reads sum the stripes. SQLite writes stripe 0.
 */
export const STRIPES = 4;

/** The tables of each grain, and their time column. */
export const GRAINS = { h: { answers: 'answer_counts', displays: 'display_counts', time: 'hour', ms: HOUR_MS }, d: { answers: 'answer_days', displays: 'display_days', time: 'day', ms: DAY_MS } } as const;
export type Grain = keyof typeof GRAINS;

/**
 * 1: CSAT only, 2: NPS only, 3: both, 0: neither. Kept in the key, so a `survey=` filter is served
 * exactly: the CSAT counts of the answers that also have an NPS are those of kind 3.
 */
export const kindOf = (csat: unknown, nps: unknown) => (csat == null ? 0 : 1) + (nps == null ? 0 : 2);

/** One stored version of an answer, as the responses table holds it (only what its counts need). */
export interface AnswerVersion {
  answered_ms: number | string | null;
  csat: number | null;
  nps: number | null;
  complete: number | string;
  wave?: number | string | null;
  channel?: string | null;
  /** JSON text, or null. */
  meta: string | null;
  /** JSON text (a list of reason ids), or null. */
  reasons?: string | null;
}

/** One stored version of a display. */
export interface DisplayVersion {
  shown_ms: number | string | null;
  wave?: number | string | null;
  channel?: string | null;
  outcome: string;
  later: number | string;
}

type AnswerKey = [grain: Grain, dim: string, value: string, time: number, wave: number, channel: string, complete: number, kind: number];
type DisplayKey = [grain: Grain, time: number, wave: number, channel: string, outcome: string, later: number];

/** Changes to the counts, summed in memory and written in one statement per table (`write`). */
export class CountDeltas {
  readonly answers = new Map<string, { key: AnswerKey; d: number[] }>();
  readonly displays = new Map<string, { key: DisplayKey; n: number }>();

  /** Adds (`sign` 1) or takes out (-1) one answer version in every bucket it counts in. */
  answer(v: AnswerVersion, sign: 1 | -1) {
    // As the rows are read: an answer without a time matches no range of the responses table, and
    // stands at 0 in the side tables (store/derived.ts writes it so).
    const ms = Number(v.answered_ms ?? 0);
    const wave = Number(v.wave ?? 0), channel = v.channel ?? '', complete = Number(v.complete), kind = kindOf(v.csat, v.nps);
    const bump = (dim: string, value: string) => {
      for (const key of [['h', dim, value, hourOf(ms), wave, channel, complete, kind], ['d', dim, value, dayOf(ms), wave, channel, complete, kind]] as AnswerKey[]) {
        const k = JSON.stringify(key);
        let e = this.answers.get(k);
        if (!e) this.answers.set(k, (e = { key, d: new Array(SCORE_COLUMNS.length).fill(0) }));
        e.d[0]! += sign;
        if (v.csat != null) e.d[Number(v.csat)]! += sign;
        if (v.nps != null) e.d[6 + Number(v.nps)]! += sign;
      }
    };
    if (v.answered_ms != null) bump('', '');
    // The same rows the side tables get (store/derived.ts): a null meta value is not counted.
    if (v.meta) {
      for (const [key, raw] of Object.entries(JSON.parse(v.meta) as Record<string, unknown>)) {
        const value = metaText(raw);
        if (value !== null) bump(`m:${key}`, value);
      }
    }
    if (v.reasons) for (const reason of new Set(JSON.parse(v.reasons) as string[])) bump('r', reason);
  }

  display(v: DisplayVersion, sign: 1 | -1) {
    if (v.shown_ms == null) return;
    const ms = Number(v.shown_ms);
    for (const [grain, time] of [['h', hourOf(ms)], ['d', dayOf(ms)]] as const) {
      const key: DisplayKey = [grain, time, Number(v.wave ?? 0), v.channel ?? '', v.outcome, Number(v.later)];
      const k = JSON.stringify(key);
      const e = this.displays.get(k);
      if (e) e.n += sign;
      else this.displays.set(k, { key, n: sign });
    }
  }

  get empty() {
    return this.answers.size === 0 && this.displays.size === 0;
  }
}

/** Rows per statement: 24 values each, well under both stores' bound-variable limits. */
const CHUNK = 400;
const byKey = <T extends { key: unknown[] }>(a: T, b: T) => {
  for (let i = 0; i < a.key.length; i++) {
    const x = a.key[i]!, y = b.key[i]!;
    if (x !== y) return (x as string | number) < (y as string | number) ? -1 : 1;
  }
  return 0;
};

/**
 * Writes the deltas: one upsert adding each bucket's change to what it holds. Buckets whose change is
 * nil are skipped; rows are sorted by key, so concurrent PostgreSQL transactions lock shared buckets
 * in the same order and queue instead of deadlocking. Run last in the transaction: the current hour's
 * buckets are the busiest rows, and each is locked from here to the commit.
 */
export async function writeDeltas(trx: Transaction<Database> | Kysely<Database>, deltas: CountDeltas, stripe = 0): Promise<void> {
  const answers = [...deltas.answers.values()].filter((e) => e.d.some((x) => x !== 0)).sort(byKey);
  for (const grain of ['h', 'd'] as const) {
    const { answers: table, time } = GRAINS[grain];
    const mine = answers.filter((e) => e.key[0] === grain);
    for (let i = 0; i < mine.length; i += CHUNK) {
      const rows = mine.slice(i, i + CHUNK).map(({ key: [, dim, value, t, wave, channel, complete, kind], d }) => ({
        dim, value, [time]: t, wave, channel, complete, kind, stripe, ...Object.fromEntries(SCORE_COLUMNS.map((c, j) => [c, d[j]!])),
      }));
      // Kysely types one table at a time; both grains' tables have the same columns but the time's name.
      await (trx as Kysely<any>)
        .insertInto(table)
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['dim', time, 'value', 'wave', 'channel', 'complete', 'kind', 'stripe']).doUpdateSet(Object.fromEntries(SCORE_COLUMNS.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]))),
        )
        .execute();
    }
  }
  const displays = [...deltas.displays.values()].filter((e) => e.n !== 0).sort(byKey);
  for (const grain of ['h', 'd'] as const) {
    const { displays: table, time } = GRAINS[grain];
    const mine = displays.filter((e) => e.key[0] === grain);
    for (let i = 0; i < mine.length; i += CHUNK) {
      const rows = mine.slice(i, i + CHUNK).map(({ key: [, t, wave, channel, outcome, later], n }) => ({ [time]: t, wave, channel, outcome, later, stripe, n }));
      await (trx as Kysely<any>)
        .insertInto(table)
        .values(rows)
        .onConflict((oc) => oc.columns([time, 'wave', 'channel', 'outcome', 'later', 'stripe']).doUpdateSet({ n: sql`${sql.ref(`${table}.n`)} + excluded.n` }))
        .execute();
    }
  }
}

/** The columns of a response row its counts need (for reading the old version before a change). */
export const ANSWER_COLUMNS = ['answered_ms', 'csat', 'nps', 'complete', 'wave', 'channel', 'meta', 'reasons'] as const;
export const DISPLAY_COLUMNS = ['shown_ms', 'wave', 'channel', 'outcome', 'later'] as const;

const COUNT_LIST = SCORE_COLUMNS.join(', ');
/** count(*) and one sum per score, as the side tables and responses hold them (`t`: their alias). */
const sums = (t: string) =>
  sql.raw(
    ['count(*)', ...[1, 2, 3, 4, 5].map((s) => `sum(case when ${t}.csat = ${s} then 1 else 0 end)`), ...Array.from({ length: 11 }, (_, s) => `sum(case when ${t}.nps = ${s} then 1 else 0 end)`)].join(', '),
  );
/** The kind of answer (1: CSAT only, 2: NPS only, 3: both, 0: neither), as store/counts.ts derives it. */
const kind = (t: string) => `(case when ${t}.csat is not null then 1 else 0 end + case when ${t}.nps is not null then 2 else 0 end)`;
/** floor(ms / unit) in both dialects (their `/` and `%` truncate toward zero, so times before 1970 need this). */
const floorOf = (ms: string, unit: number) => `((${ms} - ((${ms} % ${unit}) + ${unit}) % ${unit}) / ${unit})`;
const channel = (t: string) => `coalesce(${t}.channel, '')`;

/**
 * Fills the count tables from the rows (migration 016 runs it once; a store whose counts were ever
 * written around, e.g. rows copied in by hand, can run it again). Replaces what the tables hold.
 */
export async function rebuildCounts(db: Kysely<any>): Promise<void> {
  for (const { answers, displays, time, ms } of Object.values(GRAINS)) {
    await sql`delete from ${sql.table(answers)}`.execute(db);
    await sql`delete from ${sql.table(displays)}`.execute(db);
    const group = (t: string) => sql.raw(`${floorOf(`${t}.answered_ms`, ms)}, ${channel(t)}, ${t}.wave, ${t}.complete, ${kind(t)}`);
    const into = sql`insert into ${sql.table(answers)} (stripe, dim, value, ${sql.ref(time)}, channel, wave, complete, kind, ${sql.raw(COUNT_LIST)})`;
    await sql`${into} select 0, '', '', ${group('r')}, ${sums('r')} from responses r where r.answered_ms is not null group by ${group('r')}`.execute(db);
    await sql`${into} select 0, 'm:' || m.key, m.value, ${group('m')}, ${sums('m')} from response_meta m group by m.key, m.value, ${group('m')}`.execute(db);
    await sql`${into} select 0, 'r', m.reason, ${group('m')}, ${sums('m')} from response_reasons m group by m.reason, ${group('m')}`.execute(db);
    const shown = sql.raw(floorOf('d.shown_ms', ms));
    await sql`insert into ${sql.table(displays)} (${sql.ref(time)}, wave, channel, outcome, later, n, stripe)
      select ${shown}, d.wave, coalesce(d.channel, ''), d.outcome, d.later, count(*), 0 from displays d where d.shown_ms is not null
      group by ${shown}, d.wave, coalesce(d.channel, ''), d.outcome, d.later`.execute(db);
  }
}
