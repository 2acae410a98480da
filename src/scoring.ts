/** Summary figures a merchant reads; the reference collector serves these. */
export interface ScoreSummary {
  responses: number;
  csat: { answers: number; score: number | null; mean: number | null; counts: Record<string, number> };
  nps: { answers: number; score: number | null; promoters: number; passives: number; detractors: number; counts: Record<string, number> };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Answers per score: `csat` 1–5 and `nps` 0–10, plus how many responses they came from. */
export interface ScoreCounts {
  responses: number;
  csat: Readonly<Record<number, number>>;
  nps: Readonly<Record<number, number>>;
}

/**
 * CSAT = share (%) of 4 and 5 among CSAT answers; NPS = % promoters (9–10) − % detractors (0–6).
 * Scores are `null` when nobody answered, never a misleading 0.
 * @example summarize([{ csat: 5 }, { csat: 2, nps: 9 }]).csat.score // 50
 */
export function summarize(rows: ReadonlyArray<{ csat?: number | null; nps?: number | null }>): ScoreSummary {
  const csat: Record<number, number> = {};
  const nps: Record<number, number> = {};
  for (const r of rows) {
    if (typeof r.csat === 'number') csat[r.csat] = (csat[r.csat] ?? 0) + 1;
    if (typeof r.nps === 'number') nps[r.nps] = (nps[r.nps] ?? 0) + 1;
  }
  return summarizeCounts({ responses: rows.length, csat, nps });
}

/**
 * The same figures from counts per score, for collectors that count in the database (GROUP BY).
 * @example summarizeCounts({ responses: 3, csat: { 5: 2, 1: 1 }, nps: {} }).csat.score // 66.7
 */
export function summarizeCounts(counts: ScoreCounts): ScoreSummary {
  const csatCounts: Record<string, number> = {};
  const npsCounts: Record<string, number> = {};
  let csatN = 0, csatSum = 0, satisfied = 0, npsN = 0, promoters = 0, detractors = 0;
  for (let s = 1; s <= 5; s++) {
    const n = counts.csat[s] ?? 0;
    csatCounts[s] = n;
    csatN += n;
    csatSum += s * n;
    if (s >= 4) satisfied += n;
  }
  for (let s = 0; s <= 10; s++) {
    const n = counts.nps[s] ?? 0;
    npsCounts[s] = n;
    npsN += n;
    if (s >= 9) promoters += n;
    else if (s <= 6) detractors += n;
  }
  return {
    responses: counts.responses,
    csat: {
      answers: csatN,
      score: csatN ? round1((satisfied / csatN) * 100) : null,
      mean: csatN ? Math.round((csatSum / csatN) * 100) / 100 : null,
      counts: csatCounts,
    },
    nps: {
      answers: npsN,
      score: npsN ? round1(((promoters - detractors) / npsN) * 100) : null,
      promoters,
      passives: npsN - promoters - detractors,
      detractors,
      counts: npsCounts,
    },
  };
}
