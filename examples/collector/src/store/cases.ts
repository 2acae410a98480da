// Cases: an answer that matches the alert rule opens one, once per response id, in the transaction that
// stores the answer; later revisions update it (a comment is added, a revision that stops matching
// says so and leaves it open). People move it open → contacted → resolved (and back) through PATCH.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { matchesAlert, type AlertRule } from './alert.ts';
import { assigneeOf } from './assign.ts';
import { clocksFor, GUIDE_DEFAULTS, later, loadSetup, pausedFor, type FollowupSetup, type TierDefaults } from './clocks.ts';
import type { Tier } from './tiers.ts';
import { sortableId } from './derived.ts';
import { enqueue, type NewEvent } from './events.ts';
import type { CaseHistoryTable, CasesTable, CaseStatus, Database, ResponsesTable } from './schema.ts';
import { caseOf, fromRow, notesOf, reasonsOf } from './shapes.ts';

/** What the closed loop needs to know at write time. */
export interface Loop {
  alert: AlertRule;
  /** AFTERCARE_FOLLOWUP_HOURS in ms: one first-response deadline for every tier, in place of the tiers' own. */
  followupMs?: number | undefined;
  /** The tier rules and hours the configuration gives (the owner's settings win; store/clocks.ts). */
  tiers?: TierDefaults | undefined;
  /** The endpoint ids events fan out to; none: no event is written. */
  endpoints: readonly string[];
  now: number;
}

type Stored = Selectable<ResponsesTable>;
type History = Omit<CaseHistoryTable, 'id' | 'case_id' | 'at_ms'>;

const CHUNK = 200;
/** The rules, hours and calendars in force, read in the transaction that needs them. */
const loadFor = (db: Kysely<Database> | Transaction<Database>, loop: Pick<Loop, 'followupMs' | 'tiers'>) => loadSetup(db, { ...(loop.tiers ?? GUIDE_DEFAULTS), respondMs: loop.followupMs });
/**
 * Per transaction: the batches of one group commit (store.ts) read the settings once. Every batch of a
 * group comes from one collector, whose loop (tiers, follow-up hours) is the same for all.
 */
const SETUPS = new WeakMap<object, ReturnType<typeof loadFor>>();
const setupOf = (db: Kysely<Database> | Transaction<Database>, loop: Pick<Loop, 'followupMs' | 'tiers'>) => {
  let s = SETUPS.get(db);
  if (!s) SETUPS.set(db, (s = loadFor(db, loop)));
  return s;
};
const factsOf = (r: { nps: number | null; csat: number | null; comment: string | null; meta: string | null; reasons?: string | null }) => ({
  nps: num(r.nps), csat: num(r.csat), comment: r.comment, reasons: reasonsOf(r.reasons), meta: r.meta ? (JSON.parse(r.meta) as Record<string, unknown>) : null,
});
const subjectOf = (r: Stored) => ({ responseId: r.id, deliveryId: r.delivery_id, customerId: r.customer_id });
const num = (v: number | string | null) => (v === null ? null : Number(v));
const scores = (r: { nps: number | null; csat: number | null }) =>
  [r.nps !== null ? `nps ${r.nps}` : null, r.csat !== null ? `csat ${r.csat}` : null].filter(Boolean).join(', ') || 'no score';

/** History rows for one case's entries, ids in the order they were made. */
const historyOf = (caseId: string, at: number, entries: History[]): CaseHistoryTable[] => entries.map((e) => ({ id: sortableId(at), case_id: caseId, at_ms: at, ...e }));

async function historyRows(trx: Transaction<Database>, caseId: string, at: number, entries: History[]) {
  if (entries.length) await trx.insertInto('case_history').values(historyOf(caseId, at, entries)).execute();
}

/** The notes of these cases, oldest first, as one lookup: `notes(caseId)`. */
export async function notesFor(db: Transaction<Database> | Kysely<Database>, caseIds: string[]) {
  const by = new Map<string, CaseHistoryTable[]>();
  for (let i = 0; i < caseIds.length; i += CHUNK) {
    const rows = await db.selectFrom('case_history').selectAll().where('case_id', 'in', caseIds.slice(i, i + CHUNK)).where('kind', '=', 'note').orderBy('at_ms').orderBy('id').execute();
    for (const h of rows) by.set(h.case_id, [...(by.get(h.case_id) ?? []), h]);
  }
  return (id: string) => notesOf(by.get(id) ?? []);
}

/**
 * The loop's part of a batch, in its transaction: for each response row this batch inserted or
 * improved (as stored, from RETURNING), its `response.*` event, and its case opened or updated with
 * their `case.*` events. The response rows are locked by the upsert until commit, so no other
 * transaction can open a case for them in between. Returns the number of events written.
 */
export async function closeTheLoop(trx: Transaction<Database>, rows: Stored[], loop: Loop): Promise<number> {
  if (!rows.length) return 0;
  const on = loop.alert.conditions.length > 0;
  const inserted = (r: Stored) => r.first_revision !== null && Number(r.first_revision) === Number(r.revision);
  // Only an update can have a case already: a response this batch inserted cannot (its case is
  // opened with it, below), so new answers need no lookup.
  const candidates = rows.filter((r) => !inserted(r)).map((r) => r.id);
  const existing = new Map<string, CasesTable>();
  for (let i = 0; i < candidates.length; i += CHUNK) {
    for (const c of await trx.selectFrom('cases').selectAll().where('response_id', 'in', candidates.slice(i, i + CHUNK)).execute()) existing.set(c.response_id, c);
  }
  const events: NewEvent[] = [];
  const updatedCases: CasesTable[] = [];
  const history: CaseHistoryTable[] = [];
  const toOpen: Array<{ r: Stored; row: CasesTable }> = [];
  const now = loop.now;
  let setup: FollowupSetup | null = null;
  const assignedBy = new Map<string, string>();
  // Events are built only when there is an endpoint to send them to.
  const emit = loop.endpoints.length > 0;
  for (const r of rows) {
    if (emit) events.push({ type: inserted(r) ? 'response.created' : 'response.updated', data: fromRow(r), subject: subjectOf(r) });
    const matches = on && matchesAlert(loop.alert, r);
    const had = existing.get(r.id);
    if (!had) {
      if (matches) {
        // Read once per batch, and only by a batch that opens a case.
        setup ??= await setupOf(trx, loop);
        // Who it goes to first (a team's calendar may then count its clocks), by the assignment rules.
        const facts = factsOf(r);
        const assigned = await assigneeOf(trx, setup.assign, { ...facts, meta: facts.meta as Record<string, string> | null });
        const clocks = clocksFor(setup, facts, now, assigned?.owner ?? null);
        if (assigned) assignedBy.set(r.id, assigned.rule);
        toOpen.push({
          r,
          row: {
            id: randomUUID(), response_id: r.id, delivery_id: r.delivery_id, customer_id: r.customer_id, csat: r.csat, nps: r.nps, comment: r.comment,
            meta: r.meta, answered_at: r.answered_at, matches: 1, status: 'open', owner: assigned?.owner ?? null, opened_ms: now, due_ms: clocks.responseDue,
            first_contact_ms: null, resolved_ms: null, updated_ms: now,
            tier: clocks.tier, calendar_id: clocks.calendarId, resolution_due_ms: clocks.resolutionDue, pending_since_ms: null, pending_reason: null,
            escalated_response_ms: null, escalated_resolution_ms: null, reopened: 0, clock_start_ms: now, paused_ms: 0, responded_ms: null,
          },
        });
      }
      continue;
    }
    const entries: History[] = [];
    if (r.comment !== had.comment && r.comment) entries.push({ author: 'collector', kind: 'comment', from_value: null, to_value: null, note: r.comment });
    const keptMatch = on ? matches : Number(had.matches) === 1;
    if (keptMatch !== (Number(had.matches) === 1)) {
      entries.push(
        keptMatch
          ? { author: 'collector', kind: 'matched', from_value: scores(had), to_value: scores(r), note: `revision ${r.revision} matches the alert rule again` }
          : { author: 'collector', kind: 'unmatched', from_value: scores(had), to_value: scores(r), note: `revision ${r.revision} no longer matches the alert rule (${loop.alert.text}); the case stays ${had.status}` },
      );
    } else if (num(r.nps) !== num(had.nps) || num(r.csat) !== num(had.csat)) {
      entries.push({ author: 'collector', kind: 'scores', from_value: scores(had), to_value: scores(r), note: null });
    }
    const same = !entries.length && r.meta === had.meta && r.answered_at === had.answered_at && r.comment === had.comment;
    if (same) continue;
    const updated = await trx
      .updateTable('cases')
      .set({ csat: r.csat, nps: r.nps, comment: r.comment, meta: r.meta, answered_at: r.answered_at, customer_id: r.customer_id, matches: keptMatch ? 1 : 0, updated_ms: now })
      .where('id', '=', had.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    history.push(...historyOf(had.id, now, entries));
    if (entries.length) updatedCases.push(updated);
  }
  // New cases in one statement per chunk (a batch of detractors must not cost a statement each); the
  // conflict clause keeps one case per response id whatever else happens.
  for (let i = 0; i < toOpen.length; i += CHUNK) {
    const part = toOpen.slice(i, i + CHUNK);
    const opened = await trx.insertInto('cases').values(part.map((x) => x.row)).onConflict((oc) => oc.column('response_id').doNothing()).returningAll().execute();
    const byResponse = new Map(part.map((x) => [x.r.id, x.r]));
    for (const c of opened) {
      const r = byResponse.get(c.response_id)!;
      history.push(...historyOf(c.id, now, [
        { author: 'collector', kind: 'opened', from_value: null, to_value: 'open', note: `${scores(r)} matched the alert rule (${loop.alert.text}); tier ${c.tier}` },
        ...(c.owner ? [{ author: 'collector', kind: 'owner' as const, from_value: null, to_value: c.owner, note: `assigned by ${assignedBy.get(r.id) ?? 'the assignment rules'}` }] : []),
      ]));
      if (emit) events.push({ type: 'case.opened', data: caseOf(c, [], now), subject: subjectOf(r) });
    }
  }
  for (let i = 0; i < history.length; i += CHUNK) await trx.insertInto('case_history').values(history.slice(i, i + CHUNK)).execute();
  if (updatedCases.length && loop.endpoints.length) {
    const notes = await notesFor(trx, updatedCases.map((c) => c.id));
    for (const c of updatedCases) events.push({ type: 'case.updated', data: caseOf(c, notes(c.id), now), subject: { responseId: c.response_id, deliveryId: c.delivery_id, customerId: c.customer_id } });
  }
  return enqueue(trx, events, loop.endpoints, now);
}

export interface CasePatch {
  /** `pending`: waiting on the customer (stored as contacted with pending_since_ms; the clocks stop). */
  status?: CaseStatus | 'pending' | undefined;
  /** Why the case waits on the customer (with status pending). */
  pendingReason?: string | undefined;
  /** Another tier: the deadlines are counted again from the opening. */
  tier?: Tier | undefined;
  /** A name, or null to unassign. */
  owner?: string | null | undefined;
  note?: string | undefined;
  author: string;
}

/**
 * Applies a change to a case in one transaction (with its history and its `case.updated` event);
 * null for an unknown id. A change that changes nothing writes nothing.
 */
export async function patchCase(db: Kysely<Database>, id: string, patch: CasePatch, loop: Omit<Loop, 'alert'>) {
  return db.transaction().execute(async (trx) => {
    // A no-op update first: it locks the row on PostgreSQL (and takes SQLite's write lock), so two
    // simultaneous changes of one case apply one after the other, each seeing the other's result.
    const row = await trx.updateTable('cases').set({ updated_ms: sql`updated_ms` }).where('id', '=', id).returningAll().executeTakeFirst();
    if (!row) return null;
    const now = loop.now;
    const entries: History[] = [];
    const set: Partial<CasesTable> = {};
    const wasPending = row.pending_since_ms != null;
    const shown = wasPending ? 'pending' : row.status;
    // The rules, hours and calendars are read only by a change that moves the clocks (not by a note or an owner).
    const movesClocks = (patch.status !== undefined && patch.status !== shown) || (patch.tier !== undefined && patch.tier !== row.tier);
    const loaded = movesClocks ? await setupOf(trx, loop) : null;
    let calendarId = row.calendar_id ?? null;
    let due = Number(row.due_ms);
    let resolutionDue = row.resolution_due_ms == null ? null : Number(row.resolution_due_ms);
    // This round of the clocks: since the opening or the last reopening, less the time spent waiting.
    let clockStart = Number(row.clock_start_ms ?? row.opened_ms);
    let paused = Number(row.paused_ms ?? 0);
    let responded = row.responded_ms == null ? null : Number(row.responded_ms);
    if (patch.status !== undefined && patch.status !== shown) {
      entries.push({ author: patch.author, kind: 'status', from_value: shown, to_value: patch.status, note: patch.status === 'pending' ? (patch.pendingReason ?? null) : null });
      const stored: CaseStatus = patch.status === 'pending' ? 'contacted' : patch.status;
      set.status = stored;
      if (stored !== 'open' && row.first_contact_ms === null) set.first_contact_ms = now;
      if (stored !== 'open' && responded === null) responded = now;
      set.resolved_ms = stored === 'resolved' ? now : null;
      if (wasPending) {
        // The clocks stood still while the case waited on the customer: the deadlines not yet met
        // move on by the business time it waited.
        const waited = pausedFor(loaded!, calendarId, Number(row.pending_since_ms), now);
        paused += waited;
        if (row.responded_ms == null) due = later(loaded!, calendarId, due, waited);
        if (resolutionDue !== null) resolutionDue = later(loaded!, calendarId, resolutionDue, waited);
      }
      set.pending_since_ms = patch.status === 'pending' ? now : null;
      set.pending_reason = patch.status === 'pending' ? (patch.pendingReason ?? null) : null;
      if (stored === 'open') {
        // Reopening starts a new round: both clocks from now, in the same tier (and the calendar the case
        // counts in now), unanswered, with its escalation steps to take again.
        const clocks = clocksFor(loaded!, factsOf(row), now, patch.owner !== undefined ? patch.owner : row.owner, (row.tier as Tier | null) ?? undefined);
        due = clocks.responseDue;
        resolutionDue = clocks.resolutionDue;
        calendarId = clocks.calendarId;
        clockStart = now;
        paused = 0;
        responded = null;
        set.escalated_response_ms = null;
        set.escalated_resolution_ms = null;
        if (row.status === 'resolved') set.reopened = Number(row.reopened ?? 0) + 1;
      }
    }
    if (patch.tier !== undefined && patch.tier !== row.tier) {
      entries.push({ author: patch.author, kind: 'tier', from_value: row.tier ?? null, to_value: patch.tier, note: null });
      set.tier = patch.tier;
      // The new tier's clocks, counted from the start of this round, plus the time already spent waiting.
      const clocks = clocksFor(loaded!, factsOf(row), clockStart, patch.owner !== undefined ? patch.owner : row.owner, patch.tier);
      calendarId = clocks.calendarId;
      due = later(loaded!, calendarId, clocks.responseDue, paused);
      resolutionDue = later(loaded!, calendarId, clocks.resolutionDue, paused);
    }
    if (calendarId !== (row.calendar_id ?? null)) set.calendar_id = calendarId;
    if (clockStart !== Number(row.clock_start_ms ?? row.opened_ms)) set.clock_start_ms = clockStart;
    if (paused !== Number(row.paused_ms ?? 0)) set.paused_ms = paused;
    if (responded !== (row.responded_ms == null ? null : Number(row.responded_ms))) set.responded_ms = responded;
    if (due !== Number(row.due_ms)) set.due_ms = due;
    if (resolutionDue !== (row.resolution_due_ms == null ? null : Number(row.resolution_due_ms))) set.resolution_due_ms = resolutionDue;
    if (patch.owner !== undefined && patch.owner !== row.owner) {
      entries.push({ author: patch.author, kind: 'owner', from_value: row.owner, to_value: patch.owner, note: null });
      set.owner = patch.owner;
    }
    if (patch.note) entries.push({ author: patch.author, kind: 'note', from_value: null, to_value: null, note: patch.note });
    let current = row;
    if (entries.length) {
      current = await trx.updateTable('cases').set({ ...set, updated_ms: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await historyRows(trx, id, now, entries);
    }
    const notes = await notesFor(trx, [id]);
    const shaped = caseOf(current, notes(id), now);
    if (entries.length) await enqueue(trx, [{ type: 'case.updated', data: shaped, subject: { responseId: current.response_id, deliveryId: current.delivery_id, customerId: current.customer_id } }], loop.endpoints, now);
    return { case: shaped, changed: entries.length > 0 };
  });
}
