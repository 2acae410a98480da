// Themes (issue 27): what unhappy customers mention more than happy ones, and what is mentioned more
// than before. Counted per comment from the response_terms side table (one row per response and
// distinct term, written at write time by store/terms-write.ts): per term, the comments naming it on
// each side, tested with the log-odds ratio with an informative Dirichlet prior (read/term-tests.ts),
// and its NPS and CSAT impact as the drivers view defines it. The method in words is in docs/themes.md.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { minusTally, type Tally } from './counts.ts';
import { exact, minus, shown } from './drivers.ts';
import type { ReadFilter } from './filters.ts';
import { CONFIDENCE, twoProportionTest } from './stats.ts';
import { answerCounts, commentCounts, customersOf, namedIn, termTallies } from './theme-counts.ts';
import { falseDiscovery, logOddsZ } from './term-tests.ts';

/** A term named by fewer different customers than this in the period is never shown (privacy, and noise). */
export const MIN_CUSTOMERS = 5;
/** Terms per list: 20 unless asked, at most 100. */
export const THEMES_LIMIT = 20;
export const MAX_THEMES = 100;
/** The rising terms' false discovery rate (Benjamini–Hochberg). */
export const RISING_FDR = 0.05;

/** Which score splits the comments: NPS detractors 0–6 against promoters 9–10, or CSAT 1–2 against 4–5. */
export type Compare = 'nps' | 'csat';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** The unhappy and the happy comments of a tally (passives, CSAT 3 and the other survey's answers are neither). */
export const sides = (t: Tally, compare: Compare) =>
  compare === 'nps' ? { unhappy: sum(t.nps.slice(0, 7)), happy: t.nps[9]! + t.nps[10]! } : { unhappy: t.csat[1]! + t.csat[2]!, happy: t.csat[4]! + t.csat[5]! };

export interface ThemeOptions {
  compare: Compare;
  limit: number;
  now: number;
}

const byName = (a: { term: string }, b: { term: string }) => (a.term < b.term ? -1 : a.term > b.term ? 1 : 0);

/**
 * `GET /v1/themes`: the terms unhappy customers mention more (z > 0, largest first) and those happy
 * ones mention more (z < 0, most negative first), each with its counts, share of comments, z and
 * impact; and, with `from`, the terms whose share of comments rose against the period of equal length
 * before (two-proportion test, Benjamini–Hochberg at 5 %). Every term named in at least 5 comments is
 * tested; a term is listed only once at least 5 different customers are counted naming it.
 */
export async function readThemes(db: Kysely<Database>, f: ReadFilter, o: ThemeOptions) {
  const [terms, comments, answers] = await Promise.all([termTallies(db, f, f.from, f.to, MIN_CUSTOMERS), commentCounts(db, f, f.from, f.to), answerCounts(db, f, f.from, f.to)]);
  const n = comments.responses;
  const groups = sides(comments, o.compare);
  const total = exact(answers);
  const themes = terms.map(({ term, t }) => {
    const side = sides(t, o.compare);
    // The prior: α0 = n, the period's comments; α_i = α0 · (y_i / n) = y_i, the term's own count over
    // all of them (docs/themes.md says why this size).
    const test = groups.unhappy && groups.happy ? logOddsZ(side.unhappy, groups.unhappy, side.happy, groups.happy, t.responses, n) : null;
    return { term, t, side, test };
  });
  const ranked = (sign: number) =>
    themes.filter((x) => x.test && sign * x.test.z > 0).sort((a, b) => sign * (b.test!.z - a.test!.z) || b.t.responses - a.t.responses || byName(a, b));
  const [unhappy, happy] = [ranked(1), ranked(-1)];
  const up = f.from === undefined ? null : await rising(db, f, f.from, f.from - ((f.to ?? o.now) - f.from), terms, n);
  // The five-customer rule, counted for the terms about to be listed (the first `limit` of each list
  // in one query), and further down a list only when one of them falls short.
  const customers = new Map<string, number>();
  const count = async (list: Array<{ term: string }>) => {
    const todo = list.map((x) => x.term).filter((t) => !customers.has(t));
    if (todo.length) for (const [t, c] of await customersOf(db, f, f.from, f.to, todo)) customers.set(t, c);
  };
  await count([...unhappy.slice(0, o.limit), ...happy.slice(0, o.limit), ...(up?.risen.slice(0, o.limit) ?? [])]);
  const listed = async <T extends { term: string }>(list: T[]): Promise<T[]> => {
    const out: T[] = [];
    for (let i = 0; i < list.length && out.length < o.limit; ) {
      const batch = list.slice(i, i + o.limit - out.length + 5);
      i += batch.length;
      await count(batch);
      for (const x of batch) if (out.length < o.limit && customers.get(x.term)! >= MIN_CUSTOMERS) out.push(x);
    }
    return out;
  };
  const theme = ({ term, t, side, test }: (typeof themes)[number]) => {
    const without = exact(minusTally(answers, t));
    return {
      term,
      counts: { unhappy: side.unhappy, happy: side.happy, all: t.responses },
      customers: customers.get(term)!,
      share: round(t.responses / n, 4),
      z: round(test!.z, 2),
      delta: round(test!.delta, 3),
      impact: { nps: minus(total.nps, without.nps), csat: minus(total.csat, without.csat) },
    };
  };
  return {
    compare: o.compare,
    confidence: CONFIDENCE,
    range: { from: iso(f.from), to: iso(f.to) },
    comments: { all: n, unhappy: groups.unhappy, happy: groups.happy },
    prior: { alpha0: n },
    minCustomers: MIN_CUSTOMERS,
    total: shown(total),
    termsTested: themes.length,
    unhappy: (await listed(unhappy)).map(theme),
    happy: (await listed(happy)).map(theme),
    rising: up && { previous: up.previous, fdr: RISING_FDR, terms: (await listed(up.risen)).map(({ p, q, z, difference, ...x }) => ({ ...x, difference: round(difference, 4), z: round(z, 2), p: round(p, 4), q: round(q, 4) })) },
  };
}

/**
 * The terms whose share of comments is up on the period of equal length just before: each term
 * tested (named in at least 5 comments now) with the pooled two-proportion z-test, the p-values
 * adjusted for testing them all (Benjamini–Hochberg), those up with q < 0.05, the largest z first.
 */
async function rising(db: Kysely<Database>, f: ReadFilter, from: number, before: number, terms: Array<{ term: string; t: Tally }>, n: number) {
  const [named, comments] = await Promise.all([namedIn(db, f, before, from, terms.map((x) => x.term)), commentCounts(db, f, before, from)]);
  const m = comments.responses;
  const tested = terms.flatMap(({ term, t }) => {
    const was = named.get(term) ?? 0;
    const test = twoProportionTest(t.responses, n, was, m);
    return test ? [{ term, now: { named: t.responses, share: round(t.responses / n, 4) }, before: { named: was, share: round(was / m, 4) }, ...test }] : [];
  });
  const q = falseDiscovery(tested.map((x) => x.p));
  const risen = tested
    .map((x, i) => ({ ...x, q: q[i]! }))
    .filter((x) => x.difference > 0 && x.q < RISING_FDR)
    .sort((a, b) => b.z - a.z || byName(a, b));
  return { previous: { from: iso(before), to: iso(from), comments: m }, risen };
}
