// Tone: words that contradict the score. A naive Bayes model (read/naive-bayes.ts) learns from the
// merchant's own scored comments which terms unhappy customers use and which happy ones do, then reads
// the comments a filter matches and lists those whose words say the opposite of their score: a 5-star
// answer saying "the technician broke the tap" needs a person as much as a 1.
//
// Unhappy: NPS 0–6, or CSAT 1–2 without NPS. Happy: NPS 9–10, or CSAT 4–5 without NPS (NPS decides
// when there are both, as the follow-up cases' default rule reads them). Passives and CSAT 3 are neither.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, ResponseRow } from '../store/schema.ts';
import { fromRow } from '../store/shapes.ts';
import { all, conditions, type ReadFilter } from './filters.ts';
import { crossValidation, pUnhappy, train, type Doc, type Model } from './naive-bayes.ts';

/** Fewer scored comments than this on either side: no model (five folds of ten at least). */
export const MIN_PER_CLASS = 50;
/** The model learns from at most this many scored comments, the newest. */
export const MAX_TRAIN = 50_000;
/** A model is used for at most this long, then learnt again on the next read. */
export const MAX_AGE_MS = 3_600_000;
/** The comments a read looks at: at most this many, the newest matching the filter. */
export const MAX_CHECKED = 10_000;
/** How sure the words must be against the score to be listed. */
export const SOUNDS_UNHAPPY = 0.8;
export const SOUNDS_HAPPY = 0.2;
export const FOLDS = 5;

/** Unhappy and happy scores, as SQL over a row's `nps` and `csat` (an alias with its dot, or ''). */
const unhappySql = (a = '') => sql.raw(`(${a}nps <= 6 or (${a}nps is null and ${a}csat <= 2))`);
const happySql = (a = '') => sql.raw(`(${a}nps >= 9 or (${a}nps is null and ${a}csat >= 4))`);
const labelled = (a = '') => sql<boolean>`(${unhappySql(a)} or ${happySql(a)})`;

const isUnhappy = (r: { nps: unknown; csat: unknown }) => (r.nps !== null ? Number(r.nps) <= 6 : r.csat !== null && Number(r.csat) <= 2);
const isHappy = (r: { nps: unknown; csat: unknown }) => (r.nps !== null ? Number(r.nps) >= 9 : r.csat !== null && Number(r.csat) >= 4);
const round3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/** What the model learnt from and how well it does on comments it did not see. */
export interface ToneFigures {
  comments: number;
  unhappy: number;
  happy: number;
  /** Distinct terms the model knows. */
  terms: number;
  trainedAt: string;
  /** Cross-validated (stratified, `folds` folds): share right at P ≥ 0.5, and ROC AUC; null when untrained. */
  accuracy: number | null;
  auc: number | null;
  folds: number;
}

export interface Tone {
  model: Model | null;
  /** The comments learnt from, by response id: each is judged without itself. */
  learnt: Map<string, Doc>;
  figures: ToneFigures;
  /** Why there is no model. */
  reason?: string;
}

/** The newest scored comments (at most MAX_TRAIN) with their terms, from response_terms. */
export async function scoredComments(db: Kysely<Database>, max = MAX_TRAIN): Promise<Doc[]> {
  const { rows } = await sql<{ id: string; term: string; nps: number | null; csat: number | null }>`
    select t.response_id as id, t.term, t.nps, t.csat from response_terms t
    where t.response_id in (
      select r.id from responses r where r.comment is not null and ${labelled('r.')} order by r.answered_at desc, r.id desc limit ${max}
    ) and ${labelled('t.')}`.execute(db);
  const docs = new Map<string, { id: string; terms: string[]; unhappy: boolean }>();
  for (const r of rows) {
    let d = docs.get(r.id);
    if (!d) docs.set(r.id, (d = { id: r.id, terms: [], unhappy: isUnhappy(r) }));
    d.terms.push(r.term);
  }
  return [...docs.values()];
}

/** Learns the tone from the scored comments: the model and its cross-validated figures, or the reason there is none. */
export async function learnTone(db: Kysely<Database>, now: number): Promise<Tone> {
  const docs = await scoredComments(db);
  const unhappy = docs.filter((d) => d.unhappy).length;
  const happy = docs.length - unhappy;
  const figures = { comments: docs.length, unhappy, happy, terms: 0, trainedAt: new Date(now).toISOString(), accuracy: null, auc: null, folds: FOLDS };
  if (unhappy < MIN_PER_CLASS || happy < MIN_PER_CLASS) {
    const reason = `too few scored comments to learn from: ${unhappy} unhappy and ${happy} happy; at least ${MIN_PER_CLASS} of each are needed`;
    return { model: null, learnt: new Map(), figures, reason };
  }
  const model = train(docs);
  // A fold of 50,000 comments takes a few hundred ms: answers arriving meanwhile are stored between folds.
  const steps = crossValidation(docs, FOLDS);
  let step = steps.next();
  for (; !step.done; step = steps.next()) await new Promise((go) => setImmediate(go));
  const cv = step.value;
  return { model, learnt: new Map(docs.map((d) => [d.id, d])), figures: { ...figures, terms: model.counts.size, accuracy: round3(cv.accuracy), auc: round3(cv.auc) } };
}

/**
 * The tone of one collector, learnt on the first read and kept in memory (per process) for at most
 * MAX_AGE_MS; `retrain` learns it again now. Reads during a training wait for it rather than start another.
 */
export function toneCache(db: Kysely<Database>, now: () => number, maxAgeMs = MAX_AGE_MS) {
  let current: Promise<Tone> | null = null;
  let at = 0;
  const start = () => {
    at = now();
    const p = learnTone(db, at);
    // A failed training is not kept: the next read tries again.
    p.catch(() => {
      if (current === p) current = null;
    });
    return (current = p);
  };
  return {
    get: () => (current && now() - at < maxAgeMs ? current : start()),
    retrain: start,
  };
}
export type ToneCache = ReturnType<typeof toneCache>;

export type Direction = 'sounds-unhappy' | 'sounds-happy';

/**
 * The comments matching the filter whose words contradict their score, the surest first (then the
 * newest): P(unhappy) ≥ 0.8 with a happy score, or ≤ 0.2 with an unhappy one. The newest MAX_CHECKED
 * scored comments matching the filter are read; a comment with no term the model knows is not judged,
 * and one the model learnt from is judged by the model without it.
 */
export async function checkThese(db: Kysely<Database>, tone: Tone & { model: Model }, f: ReadFilter, limit: number) {
  const conds: RawBuilder<boolean>[] = [...conditions(f, { scores: '', row: 'responses', range: 'text' }), sql<boolean>`comment is not null`, labelled()];
  const { rows } = await sql<ResponseRow>`select * from responses where ${all(conds)} order by answered_at desc, id desc limit ${MAX_CHECKED}`.execute(db);
  const terms = new Map<string, string[]>();
  for (let i = 0; i < rows.length; i += 500) {
    const ids = rows.slice(i, i + 500).map((r) => r.id);
    const { rows: found } = await sql<{ response_id: string; term: string }>`select response_id, term from response_terms where response_id in (${sql.join(ids)})`.execute(db);
    for (const t of found) {
      const list = terms.get(t.response_id);
      if (list) list.push(t.term);
      else terms.set(t.response_id, [t.term]);
    }
  }
  const listed: Array<{ row: ResponseRow; p: number; direction: Direction; order: number }> = [];
  rows.forEach((row, order) => {
    const p = pUnhappy(tone.model, terms.get(row.id) ?? [], tone.learnt.get(row.id));
    if (p === null) return;
    if (isHappy(row) && p >= SOUNDS_UNHAPPY) listed.push({ row, p, direction: 'sounds-unhappy', order });
    else if (isUnhappy(row) && p <= SOUNDS_HAPPY) listed.push({ row, p, direction: 'sounds-happy', order });
  });
  const sureness = (x: (typeof listed)[number]) => (x.direction === 'sounds-unhappy' ? x.p : 1 - x.p);
  listed.sort((a, b) => sureness(b) - sureness(a) || a.order - b.order);
  const shown = listed.slice(0, limit);
  // Whether the collector knows each answer's delivery (posted to /v1/deliveries): the dashboard links its timeline then.
  const ids = [...new Set(shown.map((x) => x.row.delivery_id))];
  const known = new Set(ids.length ? (await db.selectFrom('deliveries').select('id').where('id', 'in', ids).execute()).map((d) => d.id) : []);
  return {
    checked: rows.length,
    checkThese: shown.map((x) => ({ response: fromRow(x.row), pUnhappy: round3(x.p)!, direction: x.direction, deliveryKnown: known.has(x.row.delivery_id) })),
  };
}
