// The read filters every read route shares (`from`, `to`, `survey`, `band`, `csat`, `q`, `meta.KEY`,
// `complete`, `wave`, `reason`, `channel`, `term`), parsed from the query string, and turned into SQL conditions for the responses table or
// the meta side table. Dates and date-times without an offset are wall time in AFTERCARE_TZ.
import { TZDate } from '@date-fns/tz';
import { sql, type RawBuilder } from 'kysely';
import { foldText, quarterOf } from '../store/derived.ts';
import { MAX_TERM, normTerm, termNamed } from './term-filter.ts';

export type Band = 'detractor' | 'passive' | 'promoter';
export type Interval = 'day' | 'week' | 'month' | 'year';

/** Each interval and the next coarser one, finest first. */
export const INTERVALS: readonly Interval[] = ['day', 'week', 'month', 'year'];

export interface ReadFilter {
  /** Inclusive lower bound, ms since 1970. */
  from?: number | undefined;
  /** Exclusive upper bound, ms since 1970. */
  to?: number | undefined;
  survey?: 'csat' | 'nps' | undefined;
  bands: Band[];
  csat: number[];
  /** The text to find in the comment, already case-folded. */
  q?: string | undefined;
  meta: Array<[key: string, value: string]>;
  complete?: boolean | undefined;
  /** The re-survey wave (0: the first survey of a delivery). */
  wave?: number | undefined;
  /** Reason ids the answer must name, each of them. */
  reasons: string[];
  /** The channels it may have come by (any of them); `web` is the widget (stored as null). */
  channels: string[];
  /** Terms (words or two-word phrases, as `normTerm` writes them) the comment must name, each of them. */
  terms?: string[];
  /**
   * The reader's limit (a person limited to some values of one meta key, http/access.ts): only the
   * answers whose meta `key` is one of `values`. Set by the server from the credential, never the query.
   */
  scope?: { key: string; values: string[] } | undefined;
}

/** A bad query parameter: the route answers 400 naming it. */
export class FilterError extends Error {
  constructor(readonly param: string, expected: string) {
    super(`${param}: expected ${expected}`);
  }
}

export type Query = Record<string, string[]>;

const one = (q: Query, name: string): string | undefined => {
  const all = q[name];
  if (!all?.length) return undefined;
  if (all.length > 1) throw new FilterError(name, 'one value');
  return all[0];
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const ABSOLUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Wall time in `tz` → the instant (ms). Fields must name a real date and time (2026-02-30 is refused). */
function wall(tz: string, y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return new TZDate(y, mo - 1, d, h, mi, s, ms, tz).getTime();
}

/**
 * `from` / `to`: `2026-11-20` (a day in AFTERCARE_TZ), `2026-11-20T18:00[:00[.000]]` (wall time there)
 * or an instant with `Z` or an offset. A date as `to` includes that whole day.
 */
export function parseTime(param: 'from' | 'to', raw: string, tz: string): number {
  const expected = 'a date (2026-11-20) or date-time (2026-11-20T18:00, or with Z or an offset)';
  let m = DATE.exec(raw);
  if (m) {
    const t = wall(tz, +m[1]!, +m[2]!, +m[3]!);
    if (t === null) throw new FilterError(param, `${expected}; got "${raw}"`);
    return param === 'to' ? new TZDate(+m[1]!, +m[2]! - 1, +m[3]! + 1, tz).getTime() : t;
  }
  m = LOCAL.exec(raw);
  if (m) {
    const t = wall(tz, +m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0), +(m[7] ?? '0').padEnd(3, '0'));
    if (t === null) throw new FilterError(param, `${expected}; got "${raw}"`);
    return t;
  }
  const t = ABSOLUTE.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(t)) throw new FilterError(param, `${expected}; got "${raw}"`);
  return t;
}

const BANDS: Band[] = ['detractor', 'passive', 'promoter'];
/** A channel id, as the wire protocol has it (src/schema.ts `ChannelSchema`). */
export const CHANNEL = /^[a-z0-9_-]{1,20}$/;

/** At most this many `meta.KEY=VALUE` filters in all: each is a condition of its own in the query. */
export const MAX_META_FILTERS = 20;
/** At most this many values of each repeatable parameter (`band`, `csat`, `reason`). */
export const MAX_REPEATS = 10;

/** The values of a repeatable parameter, at most MAX_REPEATS of them. */
const many = (q: Query, name: string): string[] => {
  const all = (q[name] ?? []).filter(Boolean);
  if (all.length > MAX_REPEATS) throw new FilterError(name, `at most ${MAX_REPEATS} values; got ${all.length}`);
  return all;
};

/**
 * Parses the shared filters from a query string (`c.req.queries()`); throws `FilterError`. `scope`:
 * the reader's meta limit, which every condition list then carries.
 */
export function parseFilter(q: Query, tz: string, scope?: { key: string; values: string[] } | null): ReadFilter {
  const fromRaw = one(q, 'from');
  const toRaw = one(q, 'to');
  const from = fromRaw === undefined || fromRaw === '' ? undefined : parseTime('from', fromRaw, tz);
  const to = toRaw === undefined || toRaw === '' ? undefined : parseTime('to', toRaw, tz);
  if (from !== undefined && to !== undefined && to <= from) throw new FilterError('to', `a time after from; got "${toRaw}"`);
  const survey = one(q, 'survey') || undefined;
  if (survey !== undefined && survey !== 'csat' && survey !== 'nps') throw new FilterError('survey', `"csat" or "nps"; got "${survey}"`);
  const bands = many(q, 'band').map((b) => {
    if (!BANDS.includes(b as Band)) throw new FilterError('band', `"detractor", "passive" or "promoter"; got "${b}"`);
    return b as Band;
  });
  const csat = many(q, 'csat').map((c) => {
    if (!/^[1-5]$/.test(c)) throw new FilterError('csat', `an integer from 1 to 5; got "${c}"`);
    return Number(c);
  });
  const text = one(q, 'q');
  if (text !== undefined && text.length > 200) throw new FilterError('q', 'at most 200 characters');
  const meta: Array<[string, string]> = [];
  for (const [name, values] of Object.entries(q)) {
    if (!name.startsWith('meta.')) continue;
    const key = name.slice(5);
    if (!key || key.length > 64) throw new FilterError(name, 'meta.KEY=VALUE with a key of 1 to 64 characters');
    for (const v of values) {
      if (v.length > 500) throw new FilterError(name, 'a value of at most 500 characters (meta values are no longer)');
      meta.push([key, v]);
    }
    if (meta.length > MAX_META_FILTERS) throw new FilterError(name, `at most ${MAX_META_FILTERS} meta filters in all`);
  }
  const completeRaw = one(q, 'complete') || undefined;
  if (completeRaw !== undefined && completeRaw !== 'true' && completeRaw !== 'false') throw new FilterError('complete', `"true" or "false"; got "${completeRaw}"`);
  const waveRaw = one(q, 'wave') || undefined;
  if (waveRaw !== undefined && !/^\d{1,9}$/.test(waveRaw)) throw new FilterError('wave', `an integer of at least 0; got "${waveRaw}"`);
  const reasons = many(q, 'reason');
  for (const r of reasons) if (r.length > 40) throw new FilterError('reason', `a reason id of 1–40 characters; got "${r}"`);
  const channels = many(q, 'channel');
  for (const c of channels) if (!CHANNEL.test(c)) throw new FilterError('channel', `a channel id (web, email, sms, link, qr, phone or your own: 1–20 characters a–z, 0–9, _ or -); got "${c}"`);
  const terms = many(q, 'term').map((raw) => {
    const t = normTerm(raw);
    if (!t || t.length > MAX_TERM) throw new FilterError('term', `a word or two-word phrase of 1–${MAX_TERM} characters; got "${raw}"`);
    return t;
  });
  return {
    from,
    to,
    survey,
    bands: [...new Set(bands)],
    csat: [...new Set(csat)].sort(),
    q: text ? (foldText(text.trim()) ?? undefined) || undefined : undefined,
    meta,
    complete: completeRaw === undefined ? undefined : completeRaw === 'true',
    wave: waveRaw === undefined ? undefined : Number(waveRaw),
    reasons: [...new Set(reasons)],
    channels: [...new Set(channels)].sort(),
    terms: [...new Set(terms)],
    ...(scope ? { scope } : {}),
  };
}

/** `interval`: day, week or month (or absent). */
export function parseInterval(q: Query): Interval | undefined {
  const v = one(q, 'interval') || undefined;
  if (v !== undefined && !INTERVALS.includes(v as Interval)) throw new FilterError('interval', `"day", "week", "month" or "year"; got "${v}"`);
  return v as Interval | undefined;
}

/** What the summary's segments are by: a meta key's values, the waves, the reasons, or the channels. */
export type By = { meta: string } | 'wave' | 'reason' | 'channel';

/** `by=meta.KEY`, `by=wave`, `by=reason` or `by=channel` (or absent). */
export function parseBy(q: Query): By | undefined {
  const v = one(q, 'by') || undefined;
  if (v === undefined) return undefined;
  if (v === 'wave' || v === 'reason' || v === 'channel') return v;
  if (!v.startsWith('meta.') || v.length < 6 || v.length > 69) throw new FilterError('by', `meta.KEY (such as meta.store), wave, reason or channel; got "${v}"`);
  return { meta: v.slice(5) };
}

/** Escapes LIKE's wildcards; every LIKE here says `ESCAPE '\'` (SQLite has no default escape). */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Where a condition reads its columns. `scores`: the table or alias holding answered_ms, answered_q,
 * csat, nps and complete (responses, or the meta side table). `row`: the responses table, when the
 * query has it (the text filter reads its comment). `id`: the column holding the response id, for the
 * meta filters (`responses.id`, or a side-table row's `response_id`).
 */
export interface Columns {
  scores: string;
  row: string | null;
  id?: string;
  /**
   * How the range is written, so that the index meant to drive the query can: `q` adds answered_q
   * bounds (the summary indexes lead with it), `text` compares answered_at (the comments index and
   * the `(answered_at, id)` index hold it), `ms` compares answered_ms only.
   */
  range?: 'ms' | 'q' | 'text';
}

/**
 * The filter as SQL conditions (all parameterised; identifiers are our own constants). The first
 * `skipMeta` meta filters, `skipReasons` reason filters and `skipTerms` term filters are left out (the
 * caller's query is driven by them).
 */
export function conditions(f: ReadFilter, cols: Columns, { skipMeta = 0, skipReasons = 0, skipTerms = 0 }: { skipMeta?: number; skipReasons?: number; skipTerms?: number } = {}): RawBuilder<boolean>[] {
  const col = (name: string) => sql.ref(cols.scores ? `${cols.scores}.${name}` : name);
  const out: RawBuilder<boolean>[] = [];
  const range = cols.range ?? 'ms';
  if (range === 'text') {
    if (f.from !== undefined) out.push(sql<boolean>`${col('answered_at')} >= ${new Date(f.from).toISOString()}`);
    if (f.to !== undefined) out.push(sql<boolean>`${col('answered_at')} < ${new Date(f.to).toISOString()}`);
  } else {
    if (f.from !== undefined) out.push(sql<boolean>`${col('answered_ms')} >= ${f.from}`);
    if (f.to !== undefined) out.push(sql<boolean>`${col('answered_ms')} < ${f.to}`);
    if (range === 'q' && f.from !== undefined) out.push(sql<boolean>`${col('answered_q')} >= ${quarterOf(f.from)}`);
    if (range === 'q' && f.to !== undefined) out.push(sql<boolean>`${col('answered_q')} <= ${quarterOf(f.to - 1)}`);
  }
  if (f.survey) out.push(sql<boolean>`${col(f.survey)} is not null`);
  if (f.bands.length) {
    const band = { detractor: sql`${col('nps')} <= 6`, passive: sql`${col('nps')} between 7 and 8`, promoter: sql`${col('nps')} >= 9` };
    out.push(sql<boolean>`(${sql.join(f.bands.map((b) => band[b]), sql` or `)})`);
  }
  if (f.csat.length) out.push(sql<boolean>`${col('csat')} in (${sql.join(f.csat)})`);
  if (f.complete !== undefined) out.push(sql<boolean>`${col('complete')} = ${f.complete ? 1 : 0}`);
  // Every table the scores come from (responses and both side tables) carries the wave.
  if (f.wave !== undefined) out.push(sql<boolean>`${col('wave')} = ${f.wave}`);
  // And the channel (migration 011).
  if (f.channels.length) out.push(channelIn(f.channels, cols.scores ? `${cols.scores}.channel` : 'channel'));
  if (f.q !== undefined) {
    if (!cols.row) throw new Error('conditions: the text filter needs the responses row');
    const c = sql.ref(`${cols.row}.comment_folded`);
    out.push(sql<boolean>`${c} is not null and ${c} like ${`%${likeEscape(f.q)}%`} escape '\\'`);
  }
  const id = cols.id ?? (cols.row ? `${cols.row}.id` : null);
  for (const [key, value] of f.meta.slice(skipMeta)) {
    if (!id) throw new Error('conditions: the meta filters need the response id');
    out.push(sql<boolean>`exists (select 1 from response_meta fm where fm.response_id = ${sql.ref(id)} and fm.key = ${key} and fm.value = ${value})`);
  }
  if (f.scope) {
    if (!id) throw new Error('conditions: the reader\'s limit needs the response id');
    // No value left: nothing matches (`in ()` is not SQL).
    const values = f.scope.values.length ? f.scope.values : [null];
    out.push(sql<boolean>`exists (select 1 from response_meta fs where fs.response_id = ${sql.ref(id)} and fs.key = ${f.scope.key} and fs.value in (${sql.join(values)}))`);
  }
  for (const reason of (f.reasons ?? []).slice(skipReasons)) {
    if (!id) throw new Error('conditions: the reason filters need the response id');
    out.push(sql<boolean>`exists (select 1 from response_reasons fr where fr.response_id = ${sql.ref(id)} and fr.reason = ${reason})`);
  }
  for (const term of (f.terms ?? []).slice(skipTerms)) {
    if (!id) throw new Error('conditions: the term filters need the response id');
    out.push(termNamed(id, term));
  }
  return out;
}

/** `column` holds one of these channels; `web` is the widget, stored as null. */
export function channelIn(channels: string[], column: string): RawBuilder<boolean> {
  const c = sql.ref(column);
  const named = channels.filter((x) => x !== 'web');
  const any = [...(named.length < channels.length ? [sql`${c} is null`] : []), ...(named.length ? [sql`${c} in (${sql.join(named)})`] : [])];
  return sql<boolean>`(${sql.join(any, sql` or `)})`;
}

/** `a and b and …`, or true. */
export const all = (conds: RawBuilder<boolean>[]): RawBuilder<boolean> => (conds.length ? sql<boolean>`${sql.join(conds, sql` and `)}` : sql<boolean>`1 = 1`);

export { intervalStart, nextStart } from './intervals.ts';
