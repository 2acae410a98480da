// A term's trend (issue 27): its share of comments per day, week, month or year in AFTERCARE_TZ, with
// the 95 % Wilson interval of each share. Two counts per interval, each one index range: the comments
// naming the term (its side-table rows) and all the comments the filters match (migration 013).
import { sql, type Kysely } from 'kysely';
import { QUARTER_MS } from '../store/derived.ts';
import type { Database } from '../store/schema.ts';
import type { Interval, ReadFilter } from './filters.ts';
import { CONFIDENCE, wilson } from './stats.ts';
import { seriesSpans } from './summary.ts';
import { commentsFrom } from './theme-counts.ts';
import { MIN_CUSTOMERS } from './themes.ts';

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** `named` of `comments` as a share with its 95 % Wilson interval (fractions, four decimals); nulls without comments. */
function share(named: number, comments: number) {
  const ci = wilson(named, comments);
  return { comments, named, share: comments ? round4(named / comments) : null, low: ci ? round4(ci[0]) : null, high: ci ? round4(ci[1]) : null };
}

async function count(db: Kysely<Database>, f: ReadFilter, from: number | undefined, to: number | undefined, what = sql`count(*)`): Promise<number> {
  const s = commentsFrom(f, from, to);
  const { rows } = await sql<{ n: unknown }>`select ${what} as n from ${s.from} where ${s.where}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export interface SeriesOptions {
  interval: Interval;
  timeZone: string;
  now: number;
}

/**
 * `GET /v1/themes/series`: `term`'s share of the comments `f` matches (`f` without a term filter of
 * its own) per interval from `from` (or the term's first comment) to `to` (or now). A term fewer than
 * MIN_CUSTOMERS different customers name in that range is not shown: `shown: false`, no counts.
 */
export async function readThemeSeries(db: Kysely<Database>, f: ReadFilter, term: string, o: SeriesOptions) {
  const named: ReadFilter = { ...f, terms: [term] };
  const end = f.to ?? o.now;
  const s = commentsFrom(named, f.from, end);
  const { rows } = await sql<{ customers: unknown; first: unknown }>`select count(distinct d.who) as customers, min(d.answered_q) as first from ${s.from} where ${s.where}`.execute(db);
  const customers = Number(rows[0]?.customers ?? 0);
  const head = { term, timeZone: o.timeZone, confidence: CONFIDENCE, minCustomers: MIN_CUSTOMERS };
  if (customers < MIN_CUSTOMERS) return { ...head, shown: false, interval: o.interval, range: { from: iso(f.from), to: iso(f.to) }, total: null, series: [] };
  const first = f.from ?? Number(rows[0]!.first) * QUARTER_MS;
  const chosen = seriesSpans(first, end, o.interval, o.timeZone);
  const points = await Promise.all(
    chosen.spans.map(async ([a, b]) => {
      // Whole intervals, but for the range's own bounds: a week's share is of that week's comments.
      const from = Math.max(a, f.from ?? a), to = Math.min(b, end);
      const [x, n] = await Promise.all([count(db, named, from, to), count(db, f, from, to)]);
      return { start: new Date(a).toISOString(), end: new Date(b).toISOString(), ...share(x, n) };
    }),
  );
  const [x, n] = chosen.clipped ? await Promise.all([count(db, named, f.from, f.to), count(db, f, f.from, f.to)]) : [points.reduce((a, p) => a + p.named, 0), points.reduce((a, p) => a + p.comments, 0)];
  return {
    ...head,
    shown: true,
    interval: chosen.interval,
    ...(chosen.interval !== o.interval ? { intervalAsked: o.interval } : {}),
    range: { from: iso(f.from), to: iso(f.to) },
    customers,
    total: share(x, n),
    series: points,
  };
}
