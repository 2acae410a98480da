// The summary: score figures counted in the database (GROUP BY: a few dozen rows back whatever the
// table holds), display figures, and the process's counters.
import { summarizeCounts, type ScoreSummary } from 'aftercare/schema';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

/** Score figures by the shared rules (`summarizeCounts` from aftercare/schema), counted in the database. */
export async function scoreSummary(db: Kysely<Database>): Promise<ScoreSummary> {
  const count = sql<number>`count(*)`.as('n');
  const [total, csat, nps] = await Promise.all([
    db.selectFrom('responses').select(count).executeTakeFirstOrThrow(),
    db.selectFrom('responses').select(['csat as score', count]).where('csat', 'is not', null).groupBy('csat').execute(),
    db.selectFrom('responses').select(['nps as score', count]).where('nps', 'is not', null).groupBy('nps').execute(),
  ]);
  const byScore = (groups: Array<{ score: number | null; n: number }>) => Object.fromEntries(groups.map((g) => [Number(g.score), Number(g.n)]));
  return summarizeCounts({ responses: Number(total.n), csat: byScore(csat), nps: byScore(nps) });
}

/**
 * `later` counts dismissals where the customer asked to be reminded (a subset of `dismissed`).
 * `responseRate` = answered displays / all displays, in % to 1 decimal, `null` without displays; over
 * displays only, never from the responses table (an answer without a recorded display would push it
 * over 100 %).
 */
export async function displaySummary(db: Kysely<Database>) {
  const d = await db
    .selectFrom('displays')
    .select([
      sql<number>`count(*)`.as('total'),
      sql<number>`sum(case when outcome = 'answered' then 1 else 0 end)`.as('answered'),
      sql<number>`sum(case when outcome = 'dismissed' then 1 else 0 end)`.as('dismissed'),
      sql<number>`sum(case when outcome = 'expired' then 1 else 0 end)`.as('expired'),
      sql<number>`sum(case when outcome = 'dismissed' and later = 1 then 1 else 0 end)`.as('later'),
    ])
    .executeTakeFirstOrThrow();
  const n = (v: unknown) => Number(v ?? 0);
  const total = n(d.total), answered = n(d.answered);
  return {
    total,
    answered,
    dismissed: n(d.dismissed),
    expired: n(d.expired),
    later: n(d.later),
    responseRate: total ? Math.round((answered / total) * 1000) / 10 : null,
  };
}
