// The tone classifier: multinomial naive Bayes with Laplace (add-one) smoothing over a comment's terms
// (the words and two-word phrases of response_terms), unhappy against happy, with k-fold
// cross-validated accuracy and ROC AUC. Pure functions: no database, no clock.
//
// Written by hand rather than taken from a library: it is a few sums and logs, and neither package we
// weighed fits. `natural` (BayesClassifier) would bring mongoose, pg, redis, memjs and WordNet into the
// collector, stems English strings itself, and turns each document into a dense vector as long as the
// whole vocabulary; `wink-naive-bayes-text-classifier` does take ready tokens, but brings wink-nlp and an
// English language model we would never use. Neither reads counts we already have per term, and
// neither gives the cross-validated AUC the docs report. Our terms are segmented once, at write time
// (English and Chinese alike); re-tokenising them would undo that.
//
// response_terms holds each distinct term of a comment once, so the counts are of comments naming a
// term ("binarised" multinomial NB, which does better on short opinions: Wang & Manning 2012).

/** A scored comment: its distinct terms and whether its score is unhappy. */
export interface Doc {
  id: string;
  terms: readonly string[];
  unhappy: boolean;
}

/** Term counts per class: `[unhappy, happy]` for each term, and the documents and term totals per class. */
export interface Model {
  counts: Map<string, [number, number]>;
  docs: [number, number];
  totals: [number, number];
}

/** Counts the terms of the documents (the training). */
export function train(docs: Iterable<Doc>): Model {
  const m: Model = { counts: new Map(), docs: [0, 0], totals: [0, 0] };
  for (const d of docs) {
    const c = d.unhappy ? 0 : 1;
    const terms = new Set(d.terms);
    m.docs[c]++;
    m.totals[c] += terms.size;
    for (const t of terms) {
      const pair = m.counts.get(t) ?? [0, 0];
      pair[c]++;
      m.counts.set(t, pair);
    }
  }
  return m;
}

/**
 * P(unhappy | terms), or null when the comment names no term the model knows (it is then not judged):
 * log P(c) + Σ log((n(t, c) + 1) / (T(c) + |V|)) for each class c (T: the class's term count, V: the
 * vocabulary), and the logistic of the difference.
 * `without`: a comment the model learnt from, left out (leave-one-out, exact for naive Bayes: its
 * counts subtracted), so a comment is judged by what the others say and its own score does not vouch
 * for its words.
 * @example pUnhappy(model, ['rude', 'late']) // near 1 where unhappy customers write those words
 */
export function pUnhappy(m: Model, terms: readonly string[], without?: Doc): number | null {
  const own = without ? (without.unhappy ? 0 : 1) : -1;
  const left = new Set(without?.terms);
  const minus = (c: 0 | 1, n: number) => (own === c ? n : 0);
  const docs = [m.docs[0] - minus(0, 1), m.docs[1] - minus(1, 1)] as const;
  const totals = [m.totals[0] - minus(0, left.size), m.totals[1] - minus(1, left.size)] as const;
  let v = m.counts.size;
  // A term only that comment named is not in the vocabulary without it.
  for (const t of left) if ((m.counts.get(t)?.reduce((a, b) => a + b) ?? 0) === 1) v--;
  if (!docs[0] || !docs[1]) return null;
  let diff = Math.log(docs[0] / docs[1]);
  let known = 0;
  for (const t of terms) {
    const pair = m.counts.get(t);
    if (!pair) continue;
    const u = pair[0] - (own === 0 && left.has(t) ? 1 : 0);
    const h = pair[1] - (own === 1 && left.has(t) ? 1 : 0);
    if (u + h === 0) continue;
    known++;
    diff += Math.log((u + 1) / (totals[0] + v)) - Math.log((h + 1) / (totals[1] + v));
  }
  return known ? 1 / (1 + Math.exp(-diff)) : null;
}

/** ROC AUC by the rank formula (Mann–Whitney U / n₁n₀), ties given their mean rank; null without both classes. */
export function auc(scored: ReadonlyArray<{ p: number; unhappy: boolean }>): number | null {
  const sorted = [...scored].sort((a, b) => a.p - b.p);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.p === sorted[i]!.p) j++;
    const mean = (i + 1 + j) / 2;
    for (let x = i; x < j; x++) if (sorted[x]!.unhappy) (rankSum += mean), pos++;
    i = j;
  }
  const neg = sorted.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : null;
}

/** FNV-1a of a string: the order documents are dealt into folds, the same on every run. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export interface CrossValidation {
  accuracy: number | null;
  auc: number | null;
  folds: Array<{ accuracy: number; auc: number | null }>;
}

/**
 * Stratified k-fold cross-validation: each class dealt round-robin into k folds (in a fixed order by a
 * hash of the id), each fold scored by a model trained on the others. Accuracy (P ≥ 0.5 means unhappy)
 * and AUC are the means over the folds; a comment with no known term counts as P = the prior.
 */
export function crossValidate(docs: readonly Doc[], k = 5): CrossValidation {
  const steps = crossValidation(docs, k);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** crossValidate a fold at a time: it yields after each, so a caller can let other work run between them. */
export function* crossValidation(docs: readonly Doc[], k = 5): Generator<void, CrossValidation> {
  const fold = new Map<Doc, number>();
  for (const unhappy of [true, false]) {
    const side = docs.filter((d) => d.unhappy === unhappy).sort((a, b) => hash(a.id) - hash(b.id) || (a.id < b.id ? -1 : 1));
    side.forEach((d, i) => fold.set(d, i % k));
  }
  const folds: Array<{ accuracy: number; auc: number | null }> = [];
  for (let f = 0; f < k; f++) {
    const test = docs.filter((d) => fold.get(d) === f);
    if (!test.length) continue;
    const m = train(docs.filter((d) => fold.get(d) !== f));
    const prior = m.docs[0] / (m.docs[0] + m.docs[1] || 1);
    const scored = test.map((d) => ({ p: pUnhappy(m, d.terms) ?? prior, unhappy: d.unhappy }));
    folds.push({ accuracy: scored.filter((s) => s.p >= 0.5 === s.unhappy).length / scored.length, auc: auc(scored) });
    yield;
  }
  const mean = (xs: Array<number | null>) => {
    const ok = xs.filter((x): x is number => x !== null);
    return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : null;
  };
  return { accuracy: mean(folds.map((x) => x.accuracy)), auc: mean(folds.map((x) => x.auc)), folds };
}
