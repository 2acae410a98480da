/** Summary figures a merchant reads; the reference collector serves these. */
export interface ScoreSummary {
  responses: number;
  csat: { answers: number; score: number | null; mean: number | null; counts: Record<string, number> };
  nps: { answers: number; score: number | null; promoters: number; passives: number; detractors: number; counts: Record<string, number> };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * CSAT = share (%) of 4 and 5 among CSAT answers; NPS = % promoters (9–10) − % detractors (0–6).
 * Scores are `null` when nobody answered, never a misleading 0.
 * @example summarize([{ csat: 5 }, { csat: 2, nps: 9 }]).csat.score // 50
 */
export function summarize(rows: ReadonlyArray<{ csat?: number | null; nps?: number | null }>): ScoreSummary {
  const csatCounts: Record<string, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  const npsCounts: Record<string, number> = {};
  for (let i = 0; i <= 10; i++) npsCounts[i] = 0;
  let csatN = 0, csatSum = 0, satisfied = 0, npsN = 0, promoters = 0, detractors = 0;
  for (const r of rows) {
    if (typeof r.csat === 'number') {
      csatN++;
      csatSum += r.csat;
      csatCounts[r.csat]!++;
      if (r.csat >= 4) satisfied++;
    }
    if (typeof r.nps === 'number') {
      npsN++;
      npsCounts[r.nps]!++;
      if (r.nps >= 9) promoters++;
      else if (r.nps <= 6) detractors++;
    }
  }
  return {
    responses: rows.length,
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
