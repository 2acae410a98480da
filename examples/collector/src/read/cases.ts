// The follow-up queue: cases, overdue first, with the read filters applied to their answers; one case
// with its history; and the loop's figures for the summary (how fast people follow up).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { notesFor } from '../store/cases.ts';
import type { CasesTable, CaseStatus, Database } from '../store/schema.ts';
import { caseOf, historyOf, notesOf } from '../store/shapes.ts';
import { all, conditions, FilterError, MAX_REPEATS, type Query, type ReadFilter } from './filters.ts';
import { wilson } from './stats.ts';

type Shown = CaseStatus | 'pending';
const STATUSES: Shown[] = ['open', 'contacted', 'pending', 'resolved'];

export interface CaseQuery {
  statuses: Shown[];
  /** A name, or `null` for unassigned cases. */
  owner?: string | null | undefined;
  overdue?: boolean | undefined;
  /** Only the cases assigned to this person or their team (an agent; or anyone's `owner=me`). */
  assigned?: { person: string; team: string | null } | undefined;
}

/** `status` (repeatable), `owner` (a name, or `none` for unassigned) and `overdue=true|false`. */
export function parseCaseQuery(q: Query): CaseQuery {
  const raw = (q.status ?? []).filter(Boolean);
  if (raw.length > MAX_REPEATS) throw new FilterError('status', `at most ${MAX_REPEATS} values; got ${raw.length}`);
  const statuses = raw.map((s) => {
    if (!STATUSES.includes(s as Shown)) throw new FilterError('status', `"open", "contacted", "pending" or "resolved"; got "${s}"`);
    return s as Shown;
  });
  if ((q.owner?.length ?? 0) > 1) throw new FilterError('owner', 'one value');
  const ownerRaw = q.owner?.[0];
  if (ownerRaw !== undefined && ownerRaw.length > 100) throw new FilterError('owner', 'a name of at most 100 characters, or none');
  if ((q.overdue?.length ?? 0) > 1) throw new FilterError('overdue', 'one value');
  const overdueRaw = q.overdue?.[0] || undefined;
  if (overdueRaw !== undefined && overdueRaw !== 'true' && overdueRaw !== 'false') throw new FilterError('overdue', `"true" or "false"; got "${overdueRaw}"`);
  return {
    statuses: [...new Set(statuses)],
    owner: ownerRaw === undefined || ownerRaw === '' ? undefined : ownerRaw === 'none' ? null : ownerRaw,
    overdue: overdueRaw === undefined ? undefined : overdueRaw === 'true',
  };
}

/** Waiting on the customer: stored as contacted with its start (migration 015). */
const PENDING = sql<boolean>`c.pending_since_ms is not null`;
/** A status as the API names it, as SQL. */
const statusIs = (s: Shown) =>
  s === 'pending' ? sql<boolean>`(c.status = 'contacted' and ${PENDING})` : s === 'contacted' ? sql<boolean>`(c.status = 'contacted' and not ${PENDING})` : sql<boolean>`c.status = ${s}`;
/** The deadline a case is working towards: the first response while open, then the resolution. */
const NEXT_DUE = sql<number>`(case when c.status = 'open' then c.due_ms else coalesce(c.resolution_due_ms, c.due_ms) end)`;

/** Past a deadline: unanswered past the response deadline, or contacted (not waiting) past the resolution deadline. */
const late = (now: number) =>
  sql<boolean>`((c.status = 'open' and c.due_ms < ${now}) or (c.status = 'contacted' and not ${PENDING} and c.resolution_due_ms < ${now}))`;

/**
 * The queue's order: past a deadline first (unanswered past the response deadline, or contacted past
 * the resolution deadline), then open, contacted, waiting on the customer and resolved; by the next
 * deadline within.
 */
const rank = (now: number) =>
  sql<number>`(case when ${late(now)} then 0
    when c.status = 'open' then 1 when c.status = 'contacted' and not ${PENDING} then 2 when c.status = 'contacted' then 3 else 4 end)`;

/**
 * The read filters on a case's answer (the response row, `r`, left-joined: an open case outlives its
 * answer's retention), plus the case's own conditions.
 */
function caseConditions(f: ReadFilter, cq: CaseQuery, now: number): RawBuilder<boolean>[] {
  // The cases' own copy of the answer time (kept with every revision, store/cases.ts) drives the count
  // through its index (migration 016): the cases of the range, each joined to its answer, rather than
  // every answer of the range probing for a case.
  const conds = conditions(f, { scores: 'r', row: 'r', range: 'ms' });
  if (f.from !== undefined) conds.push(sql<boolean>`c.answered_at >= ${new Date(f.from).toISOString()}`);
  if (f.to !== undefined) conds.push(sql<boolean>`c.answered_at < ${new Date(f.to).toISOString()}`);
  if (cq.statuses.length) conds.push(sql<boolean>`(${sql.join(cq.statuses.map(statusIs), sql` or `)})`);
  if (cq.owner === null) conds.push(sql<boolean>`c.owner is null`);
  else if (cq.owner !== undefined) conds.push(sql<boolean>`c.owner = ${cq.owner}`);
  if (cq.assigned) {
    const mine = [`person:${cq.assigned.person}`, ...(cq.assigned.team ? [`team:${cq.assigned.team}`] : [])];
    conds.push(sql<boolean>`c.owner in (${sql.join(mine)})`);
  }
  if (cq.overdue === true) conds.push(late(now));
  if (cq.overdue === false) conds.push(sql<boolean>`not ${late(now)}`);
  return conds;
}

type Position = [now: number, rank: number, due: number, id: string];
const encode = (p: Position) => Buffer.from(JSON.stringify(p)).toString('base64url');
function decode(raw: string): Position {
  try {
    const p = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(p) && p.length === 4 && p.slice(0, 3).every((x) => typeof x === 'number') && typeof p[3] === 'string') return p as Position;
  } catch {
    // Reported below.
  }
  throw new FilterError('cursor', 'the nextCursor of an earlier page');
}

/**
 * A page of the queue: overdue first, then open by deadline, contacted, resolved. The cursor keeps the
 * first page's "now", so a case turning overdue while someone pages does not move between pages.
 * `counts` are for the read filters and owner alone (not status or overdue): the queue's tabs.
 */
export async function listCases(db: Kysely<Database>, f: ReadFilter, cq: CaseQuery, o: { limit: number; cursor?: string | undefined; now: number }) {
  const at = o.cursor ? decode(o.cursor) : null;
  const now = at ? at[0] : o.now;
  const conds = caseConditions(f, cq, now);
  if (at) conds.push(sql<boolean>`(${rank(now)}, ${NEXT_DUE}, c.id) > (${at[1]}, ${at[2]}, ${at[3]})`);
  const { rows } = await sql<CasesTable & { rank: number; next_due: number }>`
    select c.*, ${rank(now)} as rank, ${NEXT_DUE} as next_due from cases c left join responses r on r.id = c.response_id
    where ${all(conds)} order by rank, next_due, c.id limit ${o.limit + 1}`.execute(db);
  const page = rows.slice(0, o.limit);
  const last = page[page.length - 1];
  const notes = await notesFor(db, page.map((c) => c.id));
  const tabs = caseConditions(f, { statuses: [], owner: cq.owner, assigned: cq.assigned }, now);
  const { rows: [c] = [] } = await sql<{ open: number; overdue: number; contacted: number; pending: number; resolved: number }>`
    select
      coalesce(sum(case when c.status = 'open' then 1 else 0 end), 0) as open,
      coalesce(sum(case when ${late(now)} then 1 else 0 end), 0) as overdue,
      coalesce(sum(case when c.status = 'contacted' and c.pending_since_ms is null then 1 else 0 end), 0) as contacted,
      coalesce(sum(case when c.status = 'contacted' and c.pending_since_ms is not null then 1 else 0 end), 0) as pending,
      coalesce(sum(case when c.status = 'resolved' then 1 else 0 end), 0) as resolved
    from cases c left join responses r on r.id = c.response_id where ${all(tabs)}`.execute(db);
  return {
    /** The collector's clock that decided `overdue` (the dashboard's "overdue by" counts from it). */
    now: new Date(now).toISOString(),
    cases: page.map((row) => caseOf(row, notes(row.id), now)),
    nextCursor: rows.length > o.limit && last ? encode([now, Number(last.rank), Number(last.next_due), last.id]) : null,
    counts: { open: Number(c?.open ?? 0), overdue: Number(c?.overdue ?? 0), contacted: Number(c?.contacted ?? 0), pending: Number(c?.pending ?? 0), resolved: Number(c?.resolved ?? 0) },
  };
}

/** Whether the case is among those the filter (a person's meta limit) and the assignment let one see. */
export async function caseVisible(db: Kysely<Database>, id: string, f: ReadFilter, cq: CaseQuery, now: number): Promise<boolean> {
  const conds = [sql<boolean>`c.id = ${id}`, ...caseConditions(f, cq, now)];
  const { rows } = await sql<{ one: number }>`select 1 as one from cases c left join responses r on r.id = c.response_id where ${all(conds)}`.execute(db);
  return rows.length > 0;
}

/** One case with its whole history (oldest first), or null. */
export async function getCase(db: Kysely<Database>, id: string, now: number) {
  const row = await db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const history = await db.selectFrom('case_history').selectAll().where('case_id', '=', id).orderBy('at_ms').orderBy('id').execute();
  return { ...caseOf(row, notesOf(history), now), history: history.map(historyOf), now: new Date(now).toISOString() };
}

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / 3_600_000) * 10) / 10);

/**
 * The loop's figures for the cases whose answers match the filter: how many are open, overdue,
 * contacted and resolved; the median hours to first contact and to resolution; and the share resolved
 * within the deadline (of the cases resolved or past their deadline), with its 95 % Wilson interval.
 */
export async function caseFigures(db: Kysely<Database>, f: ReadFilter, now: number) {
  // The cases' own copy of the answer time (kept with every revision, store/cases.ts) drives the count
  // through its index (migration 016): the cases of the range, each joined to its answer, rather than
  // every answer of the range probing for a case.
  const conds = conditions(f, { scores: 'r', row: 'r', range: 'ms' });
  if (f.from !== undefined) conds.push(sql<boolean>`c.answered_at >= ${new Date(f.from).toISOString()}`);
  if (f.to !== undefined) conds.push(sql<boolean>`c.answered_at < ${new Date(f.to).toISOString()}`);
  const { rows } = await sql<Pick<CasesTable, 'status' | 'opened_ms' | 'due_ms' | 'first_contact_ms' | 'resolved_ms' | 'resolution_due_ms' | 'pending_since_ms'>>`
    select c.status, c.opened_ms, c.due_ms, c.first_contact_ms, c.resolved_ms, c.resolution_due_ms, c.pending_since_ms from cases c left join responses r on r.id = c.response_id where ${all(conds)}`.execute(db);
  let open = 0, overdue = 0, contacted = 0, resolved = 0, decided = 0, onTime = 0;
  const toContact: number[] = [];
  const toResolve: number[] = [];
  for (const c of rows) {
    // Resolution is measured against the resolution deadline (a case opened before tiers had one deadline).
    const opened = Number(c.opened_ms), due = Number(c.due_ms), resolveBy = c.resolution_due_ms == null ? due : Number(c.resolution_due_ms);
    if (c.status === 'open') open++;
    // Past a deadline, as the queue counts it: unanswered past the response one, or contacted (not waiting) past the resolution one.
    if ((c.status === 'open' && due < now) || (c.status === 'contacted' && c.pending_since_ms == null && resolveBy < now)) overdue++;
    if (c.status === 'contacted') contacted++;
    if (c.first_contact_ms !== null) toContact.push(Number(c.first_contact_ms) - opened);
    if (c.status === 'resolved') {
      resolved++;
      toResolve.push(Number(c.resolved_ms) - opened);
    }
    if (c.status === 'resolved' || resolveBy < now) {
      decided++;
      if (c.status === 'resolved' && Number(c.resolved_ms) <= resolveBy) onTime++;
    }
  }
  const ci = wilson(onTime, decided);
  return {
    total: rows.length,
    open,
    overdue,
    contacted,
    resolved,
    medianHoursToFirstContact: hours(median(toContact)),
    medianHoursToResolution: hours(median(toResolve)),
    resolvedWithinDeadline: {
      share: decided ? Math.round((onTime / decided) * 1000) / 10 : null,
      resolved: onTime,
      of: decided,
      ci: ci && [Math.round(ci[0] * 1000) / 10, Math.round(ci[1] * 1000) / 10],
    },
  };
}
