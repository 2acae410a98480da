// The scorecard routes: GET /v1/scorecards (every technician's or handler's card, fairly ranked; owners
// and managers), GET /v1/scorecards/export (the same as CSV, always audited) and GET /v1/scorecards/me
// (the signed-in person's own card; anyone with a person's credential). Permissions: http/access.ts.
import { stringify } from 'csv-stringify/sync';
import type { Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { neutralise } from '../read/export.ts';
import { FilterError, parseFilter, type ReadFilter } from '../read/filters.ts';
import { handlerCards, handlerFigures, previousOf, technicianCards, type HandlerBoard, type TechnicianBoard } from '../read/scorecards.ts';
import type { Database } from '../store/schema.ts';
import { metaLimitOf, who, type Guards } from './access.ts';
import { noteAudit, type Auditor } from './audit.ts';

export interface ScorecardRouteOptions {
  db: Kysely<Database>;
  timeZone: string;
  now: () => number;
  read: Guards;
  audit: Auditor;
}

type By = { meta: string } | 'handlers';
export const DEFAULT_MIN_ANSWERS = 5;

const single = (c: Context, name: string): string | undefined => {
  const all = c.req.queries(name) ?? [];
  if (all.length > 1) throw new FilterError(name, 'one value');
  return all[0] || undefined;
};

function parseBy(c: Context): By {
  const v = single(c, 'by');
  if (v === 'handlers') return v;
  if (v === undefined || !v.startsWith('meta.') || v.length < 6 || v.length > 69) throw new FilterError('by', `meta.KEY (such as meta.technician) or handlers; got "${v ?? ''}"`);
  return { meta: v.slice(5) };
}

function parseMin(c: Context): number {
  const v = single(c, 'minAnswers');
  if (v === undefined) return DEFAULT_MIN_ANSWERS;
  if (!/^\d{1,6}$/.test(v)) throw new FilterError('minAnswers', `an integer of at least 0; got "${v}"`);
  return Number(v);
}

/** Why the list is in this order, in one sentence (the dashboard shows it under the table). */
export function methodOf(by: By, minAnswers: number): string {
  const [share, unit] = by === 'handlers' ? ['share of cases resolved within the deadline', 'cases resolved or past their deadline'] : ['share of CSAT answers of 4 or 5', 'CSAT answers'];
  return (
    `Ranked by each person's ${share}, pulled towards the team's share by as much as their numbers are small ` +
    `(empirical Bayes: a Beta prior fitted to the whole team), so 3 good results of 3 are not taken for 100 % (their estimate stays near the team's), ` +
    `and anyone with fewer than ${minAnswers} ${unit} is listed apart under few rather than ranked.`
  );
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
const periodOf = (f: ReadFilter) => ({ from: iso(f.from), to: iso(f.to) });

export function scorecardRoutes(app: Hono, o: ScorecardRouteOptions) {
  const filterOf = (c: Context) => parseFilter(c.req.queries(), o.timeZone, metaLimitOf(c));

  /** The board for this request: the cards, and the period they cover and are compared with. */
  const board = async (c: Context) => {
    const by = parseBy(c);
    const minAnswers = parseMin(c);
    const f = filterOf(c);
    const now = o.now();
    const previous = previousOf(f, now);
    const cards: TechnicianBoard | HandlerBoard =
      by === 'handlers' ? await handlerCards(o.db, f, { now, minAnswers, previous }) : await technicianCards(o.db, f, by.meta, { previous, minAnswers });
    const head = {
      by: by === 'handlers' ? 'handlers' : `meta.${by.meta}`,
      period: periodOf(f),
      previousPeriod: previous ? periodOf(previous) : null,
      minAnswers,
    };
    return { by, head, cards, method: methodOf(by, minAnswers) };
  };

  app.get('/v1/scorecards', ...o.read, async (c) => {
    const { head, cards, method } = await board(c);
    return c.json({ ...head, ...cards, method });
  });

  // Audited between the credential check and the permission check (as GET /v1/audit is), so an agent
  // refused it is recorded too; a served export is recorded here, every time, not once per 10 minutes.
  app.get('/v1/scorecards/export', o.read[0], o.audit.audited('scorecards.export'), o.read[1], o.read[2], async (c) => {
    const format = single(c, 'format') ?? 'csv';
    if (format !== 'csv') throw new FilterError('format', `"csv"; got "${format}"`);
    const { by, head, cards } = await board(c);
    const people = [...cards.ranked, ...cards.few];
    const text = (v: string) => neutralise(v);
    const cell = (v: number | null | undefined) => (v === null || v === undefined ? '' : v);
    const base = ['rank', 'id', 'name', 'n', 'x', 'raw', 'ci_low', 'ci_high', 'estimate'];
    const baseCells = (p: (typeof people)[number]) => [cell(p.rank), text(p.id), text(p.name), p.n, p.x, cell(p.raw), cell(p.ci?.[0]), cell(p.ci?.[1]), p.estimate];
    let rows: Array<Array<string | number>>;
    if (by === 'handlers') {
      const list = people as HandlerBoard['ranked'];
      rows = [
        [...base, 'cases', 'responded_within_deadline_pct', 'responded_of', 'resolved_within_deadline_pct', 'resolved_of', 'median_hours_first_response', 'median_hours_resolution', 'reopen_rate_pct', 'csat_score', 'nps_score'],
        ...list.map((p) => [
          ...baseCells(p), p.cases, cell(p.respondedWithinDeadline.share), p.respondedWithinDeadline.of, cell(p.resolvedWithinDeadline.share), p.resolvedWithinDeadline.of,
          cell(p.medianHoursToFirstResponse), cell(p.medianHoursToResolution), cell(p.reopenRate.share), cell(p.csat.score), cell(p.nps.score),
        ]),
      ];
    } else {
      const list = people as TechnicianBoard['ranked'];
      rows = [
        [...base, 'answers', 'csat_score', 'csat_mean', 'nps_answers', 'nps_score', 'nps_estimate'],
        ...list.map((p) => [...baseCells(p), p.answers, cell(p.csat.score), cell(p.csat.mean), p.nps.answers, cell(p.nps.score), cell(p.npsEstimate)]),
      ];
    }
    noteAudit(c, { done: true });
    const query = new URL(c.req.url).search.slice(1);
    await o.audit.record(c, { action: 'scorecards.export', target: head.by, rows: people.length, outcome: 'done', detail: { format, ...(query ? { query } : {}) } });
    const day = new Date(o.now()).toISOString().slice(0, 10);
    const name = by === 'handlers' ? 'handlers' : `technicians-${by.meta.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    // A byte-order mark so spreadsheet programs read names in any script right (as GET /v1/export does).
    return c.body('\uFEFF' + stringify(rows, { record_delimiter: 'windows' }), 200, {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="aftercare-scorecards-${name}-${day}.csv"`,
    });
  });

  // One's own card only: the handler card of the cases one owns, and with `key` the technician card
  // whose value is one's name or e-mail. No rank (it would tell others' standing), but the estimate.
  app.get('/v1/scorecards/me', ...o.read, async (c) => {
    const p = who(c);
    if (p.kind !== 'person') return c.json({ error: 'a key has no scorecard of its own: GET /v1/scorecards lists everyone\'s' }, 404);
    const key = single(c, 'key');
    if (key !== undefined && key.length > 64) throw new FilterError('key', 'a meta key of 1 to 64 characters, such as technician');
    const minAnswers = parseMin(c);
    const f = filterOf(c);
    const now = o.now();
    const previous = previousOf(f, now);
    const [handlers, technicians] = await Promise.all([
      handlerCards(o.db, f, { now, minAnswers, previous }),
      key === undefined ? null : technicianCards(o.db, f, key, { previous, minAnswers }),
    ]);
    const own = <T extends { rank: number | null }>(list: T[], is: (card: T) => boolean) => {
      const found = list.find(is);
      if (!found) return null;
      const { rank: _rank, ...card } = found;
      return card;
    };
    // No case of one's own: a card of zeros, whose estimate is the team's share (the prior's mean).
    const teamShare = Math.round((handlers.prior.alpha / (handlers.prior.alpha + handlers.prior.beta)) * 1e6) / 1e6;
    const handler = own([...handlers.ranked, ...handlers.few], (k) => k.id === p.id) ?? {
      id: p.id, owner: `person:${p.id}`, name: p.name, ...handlerFigures([], now), change: null, n: 0, x: 0, raw: null, ci: null, estimate: teamShare,
    };
    const fold = (s: string | null) => (s ?? '').trim().toLowerCase();
    const mine = new Set([fold(p.name), fold(p.email)].filter(Boolean));
    const technician = technicians ? own([...technicians.ranked, ...technicians.few], (k) => mine.has(fold(k.id))) : null;
    return c.json({
      person: { id: p.id, name: p.name },
      period: periodOf(f),
      previousPeriod: previous ? periodOf(previous) : null,
      minAnswers,
      handler: { ...handler, prior: handlers.prior, method: methodOf('handlers', minAnswers) },
      technician: technician && technicians ? { key, ...technician, prior: technicians.prior, npsPrior: technicians.npsPrior, method: methodOf({ meta: key! }, minAnswers) } : null,
    });
  });
}
