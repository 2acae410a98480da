// Staff scorecards: one card per technician (a meta key naming who did the service) and one per person
// who owns cases. Ranked fairly (read/shrinkage.ts): a share from 3 answers is pulled towards the team's
// share, so luck at small numbers does not top the list, and people below `minAnswers` are listed apart.
import { sql, type Kysely } from 'kysely';
import { listPeople } from '../store/people.ts';
import type { CasesTable, Database } from '../store/schema.ts';
import { addRow, countColumns, emptyTally, figures, type CountRow, type Tally as Counts } from './counts.ts';
import { all, conditions, type ReadFilter } from './filters.ts';
import { fitBetaPrior, rank, shrink, type BetaPrior, type Tally } from './shrinkage.ts';
import { npsDifference, twoProportionTest, wilson } from './stats.ts';

/** At most this many cards in `ranked` and in `few` each (a key with order ids as values would list thousands). */
export const MAX_CARDS = 1000;

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
/** Fractions (shares, estimates, the prior) keep 6 decimals: the 4 people compare by are exact. */
const frac = (x: number) => round(x, 6);
const pct = (x: number, n: number) => (n ? round((x / n) * 100, 1) : null);
const pctCi = (x: number, n: number) => {
  const ci = wilson(x, n);
  return ci && ([round(ci[0] * 100, 1), round(ci[1] * 100, 1)] as [number, number]);
};
const priorOf = (p: BetaPrior): BetaPrior => ({ alpha: frac(p.alpha), beta: frac(p.beta), method: p.method });
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The same filter over the period of the same length just before `from`; null without `from`. */
export function previousOf(f: ReadFilter, now: number): ReadFilter | null {
  if (f.from === undefined) return null;
  const to = f.to ?? now;
  return { ...f, from: f.from - (to - f.from), to: f.from };
}

/**
 * The ranking part of a card: x of n, the raw share with its Wilson interval (fractions), the shrunk
 * `estimate`, and `rank` (1 = best; null for people listed apart in `few`, whose estimate is given
 * all the same, on the same prior).
 */
function ranking<C>(cards: Map<string, C>, tallies: Tally[], minAnswers: number) {
  const r = rank(tallies, { minAnswers });
  const part = (t: Tally, place: number | null) => ({
    rank: place, n: t.n, x: t.x, raw: t.n ? frac(t.x / t.n) : null,
    ci: (wilson(t.x, t.n)?.map(frac) ?? null) as [number, number] | null, estimate: frac(shrink(t, r.prior)),
  });
  return {
    prior: priorOf(r.prior),
    ranked: r.ranked.slice(0, MAX_CARDS).map((t, i) => ({ ...cards.get(t.id)!, ...part(t, i + 1) })),
    few: r.few.slice(0, MAX_CARDS).map((t) => ({ ...cards.get(t.id)!, ...part(t, null) })),
    total: { ranked: r.ranked.length, few: r.few.length },
  };
}

/** Counts per value of meta `key` among the filter's answers: one GROUP BY over the meta side table. */
async function countsByValue(db: Kysely<Database>, f: ReadFilter, key: string): Promise<Map<string, Counts>> {
  const text = f.q !== undefined;
  const join = text ? sql`join responses on responses.id = s.response_id` : sql``;
  const where = all([sql<boolean>`s.key = ${key}`, ...conditions(f, { scores: 's', row: text ? 'responses' : null, id: 's.response_id', range: 'q' })]);
  const { rows } = await sql<CountRow>`select s.value as value, ${countColumns('s')} from response_meta s ${join} where ${where} group by s.value`.execute(db);
  const out = new Map<string, Counts>();
  for (const r of rows) {
    const t = emptyTally();
    addRow(t, r);
    out.set(String(r.value), t);
  }
  return out;
}

const satisfied = (t: Counts) => t.csat[4]! + t.csat[5]!;
const csatN = (t: Counts) => t.csat.slice(1).reduce((a, b) => a + b, 0);
const npsParts = (t: Counts) => {
  const promoters = t.nps[9]! + t.nps[10]!, detractors = t.nps.slice(0, 7).reduce((a, b) => a + b, 0);
  return { promoters, detractors, passives: t.nps[7]! + t.nps[8]!, n: t.nps.reduce((a, b) => a + b, 0) };
};

/** The change against the previous period: CSAT share and NPS differences in points, each with its test's p. */
function changeOf(now: Counts, before: Counts | undefined) {
  const b = before ?? emptyTally();
  const csat = twoProportionTest(satisfied(now), csatN(now), satisfied(b), csatN(b));
  const nps = npsDifference(npsParts(now), npsParts(b));
  return {
    answers: b.responses,
    csat: csat && { difference: round(csat.difference * 100, 1), p: round(csat.p, 4) },
    nps: nps && { difference: round(nps.difference * 100, 1), p: round(nps.p, 4) },
  };
}

/**
 * Technician cards: per value of meta `key`, the answers, CSAT (share of 4–5 with its Wilson interval,
 * mean) and NPS (with the adjusted-Wald interval), as the summary computes them; the change against
 * `o.previous`; and the fair ranking on CSAT 4–5 of CSAT answers.
 */
export async function technicianCards(db: Kysely<Database>, f: ReadFilter, key: string, o: { previous: ReadFilter | null; minAnswers: number }) {
  const [now, before] = await Promise.all([countsByValue(db, f, key), o.previous ? countsByValue(db, o.previous, key) : null]);
  const values = [...now.keys()].sort();
  // NPS is a difference of two shares, so it is shrunk as two: the promoter share and the detractor
  // share, each towards the team's own (two Beta priors fitted alike), and
  // npsEstimate = 100 × (promoterEstimate − detractorEstimate). Shrinking the score itself would need
  // a prior on −100…100, which the beta-binomial fit does not give.
  const parts = values.map((id) => ({ id, ...npsParts(now.get(id)!) }));
  const promoters = parts.map((p) => ({ id: p.id, x: p.promoters, n: p.n }));
  const detractors = parts.map((p) => ({ id: p.id, x: p.detractors, n: p.n }));
  const pPrior = fitBetaPrior(promoters), dPrior = fitBetaPrior(detractors);
  const cards = new Map(
    values.map((id, i) => {
      const t = now.get(id)!;
      const { csat, nps } = figures(t);
      const p = promoters[i]!, d = detractors[i]!;
      const pe = shrink(p, pPrior), de = shrink(d, dPrior);
      return [id, {
        id, name: id, answers: t.responses, csat, nps,
        promoterEstimate: p.n ? frac(pe) : null, detractorEstimate: d.n ? frac(de) : null, npsEstimate: p.n ? round(100 * (pe - de), 1) : null,
        change: before ? changeOf(t, before.get(id)) : null,
      }] as const;
    }),
  );
  const tallies = values.map((id) => ({ id, x: satisfied(now.get(id)!), n: csatN(now.get(id)!) }));
  return { ...ranking(cards, tallies, o.minAnswers), npsPrior: { promoters: priorOf(pPrior), detractors: priorOf(dPrior) } };
}
export type TechnicianBoard = Awaited<ReturnType<typeof technicianCards>>;

type CaseRow = Pick<CasesTable, 'owner' | 'status' | 'opened_ms' | 'due_ms' | 'first_contact_ms' | 'resolved_ms' | 'resolution_due_ms' | 'pending_since_ms' | 'reopened' | 'csat' | 'nps'>;

/** The person-owned cases whose answers match the filter (team-owned ones count for no person). */
async function personCases(db: Kysely<Database>, f: ReadFilter): Promise<CaseRow[]> {
  const conds = [sql<boolean>`c.owner like ${'person:%'}`, ...conditions(f, { scores: 'r', row: 'r', range: 'ms' })];
  const { rows } = await sql<CaseRow>`select c.owner, c.status, c.opened_ms, c.due_ms, c.first_contact_ms, c.resolved_ms, c.resolution_due_ms,
    c.pending_since_ms, c.reopened, c.csat, c.nps from cases c left join responses r on r.id = c.response_id where ${all(conds)}`.execute(db);
  return rows;
}

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const hours = (ms: number | null) => (ms === null ? null : round(ms / 3_600_000, 1));
const num = (v: number | string | null | undefined) => (v === null || v === undefined ? null : Number(v));

/** One person's figures from their cases (none: a card of zeros and nulls). `now` decides what is past due. */
export function handlerFigures(rows: CaseRow[], now: number) {
  let responded = 0, respondOf = 0, resolved = 0, resolveOf = 0, reopened = 0;
  const toContact: number[] = [];
  const toResolve: number[] = [];
  const t = emptyTally();
  for (const c of rows) {
    const opened = Number(c.opened_ms), due = Number(c.due_ms), contact = num(c.first_contact_ms), done = num(c.resolved_ms);
    // Resolution is measured against the resolution deadline (a case opened before tiers had one deadline).
    const resolveBy = num(c.resolution_due_ms) ?? due;
    // Decided: responded, or past the deadline unanswered.
    if (contact !== null || due < now) respondOf++;
    if (contact !== null && contact <= due) responded++;
    // Waiting on the customer stops the resolution clock (store/cases.ts): such a case is not yet late.
    if (done !== null || (c.pending_since_ms == null && resolveBy < now)) resolveOf++;
    if (done !== null && done <= resolveBy) resolved++;
    if (contact !== null) toContact.push(contact - opened);
    if (done !== null) toResolve.push(done - opened);
    if (Number(c.reopened ?? 0) > 0) reopened++;
    t.responses++;
    if (c.csat !== null) t.csat[Number(c.csat)]!++;
    if (c.nps !== null) t.nps[Number(c.nps)]!++;
  }
  const { csat, nps } = figures(t);
  return {
    cases: rows.length,
    respondedWithinDeadline: { share: pct(responded, respondOf), met: responded, of: respondOf, ci: pctCi(responded, respondOf) },
    resolvedWithinDeadline: { share: pct(resolved, resolveOf), met: resolved, of: resolveOf, ci: pctCi(resolved, resolveOf) },
    medianHoursToFirstResponse: hours(median(toContact)),
    medianHoursToResolution: hours(median(toResolve)),
    reopenRate: { share: pct(reopened, rows.length), reopened, of: rows.length },
    csat,
    nps,
  };
}

/**
 * Handler cards: per person owning cases (`person:<id>`), their deadlines, speeds, reopens and the
 * CSAT/NPS of the answers behind their cases; ranked on the share resolved within the deadline (of
 * the cases resolved or past it). The CSAT of their cases cannot rank them: cases are opened for
 * unhappy answers, so it says which customers they were given, not how they handled them.
 */
export async function handlerCards(db: Kysely<Database>, f: ReadFilter, o: { now: number; minAnswers: number; previous?: ReadFilter | null }) {
  const [rows, before, people] = await Promise.all([personCases(db, f), o.previous ? personCases(db, o.previous) : null, listPeople(db)]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const group = (list: CaseRow[]) => {
    const m = new Map<string, CaseRow[]>();
    for (const r of list) {
      const id = r.owner!.slice('person:'.length);
      const list = m.get(id);
      if (list) list.push(r);
      else m.set(id, [r]);
    }
    return m;
  };
  const mine = group(rows);
  const earlier = before ? group(before) : null;
  const cards = new Map(
    [...mine.entries()].sort(([a], [b]) => byId({ id: a }, { id: b })).map(([id, list]) => {
      const card = handlerFigures(list, o.now);
      const prev = earlier ? handlerFigures(earlier.get(id) ?? [], o.now) : null;
      const diff = (a: number | null, b: number | null | undefined) => (a === null || b === null || b === undefined ? null : round(a - b, 1));
      const change = prev && {
        cases: prev.cases,
        respondedWithinDeadline: diff(card.respondedWithinDeadline.share, prev.respondedWithinDeadline.share),
        resolvedWithinDeadline: diff(card.resolvedWithinDeadline.share, prev.resolvedWithinDeadline.share),
      };
      return [id, { id, owner: `person:${id}`, name: names.get(id) ?? 'removed person', ...card, change }] as const;
    }),
  );
  const tallies = [...cards.values()].map((c) => ({ id: c.id, x: c.resolvedWithinDeadline.met, n: c.resolvedWithinDeadline.of }));
  return ranking(cards, tallies, o.minAnswers);
}
export type HandlerBoard = Awaited<ReturnType<typeof handlerCards>>;
