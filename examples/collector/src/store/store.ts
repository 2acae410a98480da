// Writes: the idempotent upserts that make every resend harmless, each batch judged on its own, the
// batches that arrive together written in one transaction (store/group-commit.ts) with their counts.
import type { Kysely, Transaction } from 'kysely';
import { closeTheLoop, type Loop } from './cases.ts';
import { bumpChanges } from './changes.ts';
import { ANSWER_COLUMNS, CountDeltas, DISPLAY_COLUMNS, STRIPES, writeDeltas, type AnswerVersion, type DisplayVersion } from './counts.ts';
import { cancelAnswered } from './deliveries.ts';
import { writeMeta, writeReasons } from './derived.ts';
import { inGroup, type GroupRunner } from './group-commit.ts';
import { lockRecords } from './locks.ts';
import { isSqlite, writeLockFirst } from './open.ts';
import type { Database, DisplayRow, ResponseRow } from './schema.ts';
import { writeTerms } from './terms-write.ts';
import { inChunks, oneRowPerId, OUTCOME_RANK, upsertDisplays, upsertResponses } from './upserts.ts';
import { committed, lap } from './write-costs.ts';

/**
 * Meta keys this process knows are in `meta_keys`, per database: a batch only writes keys new to it.
 * Filled after a commit, so a rolled-back batch never leaves a key marked as recorded.
 */
const KNOWN_KEYS = new WeakMap<Kysely<Database>, Set<string>>();
function knownKeys(db: Kysely<Database>): Set<string> {
  let known = KNOWN_KEYS.get(db);
  if (!known) KNOWN_KEYS.set(db, (known = new Set()));
  return known;
}

/** PostgreSQL's "try again" codes: deadlock detected, serialization failure. */
const RETRYABLE = new Set(['40P01', '40001']);

/** Why a record was not stored: `field: message`, the field relative to the record. */
export type Refusal = string;

/** What a stored row says about a record with its id. */
interface StoredRow {
  id: string;
  delivery_id: string;
  signed: number | string;
  wave: number | string;
  /** The revision (responses) or the outcome's rank (displays). */
  level: number;
}
/** A stored row, with what its counts need (the version a change takes out of them). */
type StoredAnswer = StoredRow & AnswerVersion;
type StoredDisplay = StoredRow & DisplayVersion;

/**
 * Compares a record with the row stored under its id: `write` when it improves it, `kept` when the
 * row already holds it or something newer (an idempotent resend: accepted), else why it is refused.
 * A record never moves to another delivery or wave, nor replaces a row a token vouched for unsigned.
 */
function against(r: { delivery_id: string; signed: number; wave?: number }, level: number, stored: StoredRow | undefined): 'write' | 'kept' | Refusal {
  if (!stored) return 'write';
  if (stored.delivery_id !== r.delivery_id) return 'deliveryId: this id is already stored for another delivery; a record keeps its delivery';
  if (r.signed < Number(stored.signed)) return 'deliveryToken: this id was stored with a valid delivery token; an unsigned record cannot replace it';
  if ((r.wave ?? 0) !== Number(stored.wave)) return `wave: this id is already stored for wave ${Number(stored.wave)}; a revision keeps its wave`;
  return level > stored.level ? 'write' : 'kept';
}

async function storedResponses(trx: Transaction<Database>, ids: string[]): Promise<Map<string, StoredAnswer>> {
  const rows = await inChunks(ids, (part) => trx.selectFrom('responses').select(['id', 'delivery_id', 'signed', 'revision', ...ANSWER_COLUMNS]).where('id', 'in', part).execute());
  return new Map(rows.map((r) => [r.id, { ...r, level: Number(r.revision) }]));
}

async function storedDisplays(trx: Transaction<Database>, ids: string[]): Promise<Map<string, StoredDisplay>> {
  const rows = await inChunks(ids, (part) => trx.selectFrom('displays').select(['id', 'delivery_id', 'signed', ...DISPLAY_COLUMNS]).where('id', 'in', part).execute());
  return new Map(rows.map((r) => [r.id, { ...r, level: OUTCOME_RANK[r.outcome] ?? 0 }]));
}

/**
 * The records of `written` that the upsert's guard skipped (another instance stored the id meanwhile),
 * judged again against the row now stored: those refused, with why.
 */
async function refusedAfterAll<R extends { id: string; delivery_id: string; signed: number; wave?: number }>(
  written: R[],
  changed: ReadonlyArray<{ id: string }>,
  read: (ids: string[]) => Promise<Map<string, StoredRow>>,
  level: (r: R) => number,
): Promise<Array<[R, Refusal]>> {
  const done = new Set(changed.map((r) => r.id));
  const skipped = written.filter((r) => !done.has(r.id));
  if (!skipped.length) return [];
  const now = await read(skipped.map((r) => r.id));
  const out: Array<[R, Refusal]> = [];
  for (const r of skipped) {
    const v = against(r, level(r), now.get(r.id));
    if (v !== 'write' && v !== 'kept') out.push([r, v]);
  }
  return out;
}

const slotKey = (deliveryId: string, wave: number) => `${wave}\u0000${deliveryId}`;

/**
 * One response per delivery and wave: each new response id claims its (delivery, wave) slot (the
 * slot's primary key makes the claim atomic across instances; a claim another transaction holds waits
 * for it). Returns the ids refused because the slot is held by another id, or by an earlier record of
 * this batch (`order`: the batch's order, first come first served).
 */
async function claimSlots(trx: Transaction<Database>, rows: ResponseRow[], order: readonly string[]): Promise<{ refused: Map<string, Refusal>; took: Set<string> }> {
  const refused = new Map<string, Refusal>();
  const tookIds = new Set<string>();
  if (!rows.length) return { refused, took: tookIds };
  // Each id ranks by where it first stands in the batch.
  const rank = new Map<string, number>();
  for (const [i, id] of order.entries()) if (!rank.has(id)) rank.set(id, i);
  const claimants = new Map<string, ResponseRow>();
  for (const r of [...rows].sort((a, b) => (rank.get(a.id) ?? 0) - (rank.get(b.id) ?? 0))) {
    const k = slotKey(r.delivery_id, r.wave ?? 0);
    if (!claimants.has(k)) claimants.set(k, r);
  }
  const claims = [...claimants.values()].sort((a, b) => (a.delivery_id < b.delivery_id ? -1 : a.delivery_id > b.delivery_id ? 1 : (a.wave ?? 0) - (b.wave ?? 0)));
  const holders = new Map<string, string>();
  // RETURNING lists the slots the insert took; only the others need reading.
  const took = await inChunks(claims, (part) =>
    trx
      .insertInto('response_slots')
      .values(part.map((r) => ({ delivery_id: r.delivery_id, wave: r.wave ?? 0, response_id: r.id })))
      .onConflict((oc) => oc.columns(['delivery_id', 'wave']).doNothing())
      .returningAll()
      .execute(),
  );
  for (const h of took) {
    holders.set(slotKey(h.delivery_id, Number(h.wave)), h.response_id);
    tookIds.add(h.response_id);
  }
  const deliveries = [...new Set(claims.filter((r) => !holders.has(slotKey(r.delivery_id, r.wave ?? 0))).map((r) => r.delivery_id))];
  const held = await inChunks(deliveries, (part) => trx.selectFrom('response_slots').selectAll().where('delivery_id', 'in', part).execute());
  for (const h of held) if (!holders.has(slotKey(h.delivery_id, Number(h.wave)))) holders.set(slotKey(h.delivery_id, Number(h.wave)), h.response_id);
  for (const r of rows) {
    if (holders.get(slotKey(r.delivery_id, r.wave ?? 0)) !== r.id) {
      refused.set(r.id, `id: delivery ${JSON.stringify(r.delivery_id)}${r.wave ? ` (wave ${r.wave})` : ''} already has a response under another id; one response per delivery and wave (revise it under its own id)`);
    }
  }
  return { refused, took: tookIds };
}

/** What storeBatch did with each record it was given. */
export interface Stored {
  /** Responses and displays inserted or improved. */
  changed: number;
  displaysChanged: number;
  /** Webhook events written. */
  events: number;
  /** Response and display ids refused, with why (`field: message`); every other record was accepted. */
  refused: Map<string, Refusal>;
  displaysRefused: Map<string, Refusal>;
  /** The record kept for each id when a batch held several (its delivery decides the others). */
  winners: Map<string, { delivery_id: string; wave: number }>;
  displayWinners: Map<string, { delivery_id: string; wave: number }>;
}

/** What one batch asks storeBatch to write. */
interface Job {
  rs: ResponseRow[];
  ds: DisplayRow[];
  order: string[];
  loop: Loop | undefined;
}
type Written = Omit<Stored, 'winners' | 'displayWinners'> & { newKeys: string[] };

/**
 * Writes one batch in `trx` (the group's transaction). Each record is written when it improves on what
 * is stored (a higher revision, a better outcome), accepted unchanged when what is stored is equal or
 * newer, or refused with a reason: another delivery's, wave's or a signed row's id, or a second response
 * id for a delivery and wave.
 * With `loop`, the cases and events the changed responses call for are written too; `deltas` gathers
 * the changes to the counts (store/counts.ts): each changed row's stored version out, its new one in.
 */
async function writeBatch(trx: Transaction<Database>, { rs, ds, order, loop }: Job, known: ReadonlySet<string>, deltas: CountDeltas): Promise<Written> {
  let t = performance.now();
  const refused = new Map<string, Refusal>();
  const displaysRefused = new Map<string, Refusal>();
  // Responses: judged against the rows stored under their ids; new ids claim their slot.
  const stored = rs.length ? await storedResponses(trx, rs.map((r) => r.id)) : new Map<string, StoredAnswer>();
  const write: ResponseRow[] = [];
  const fresh: ResponseRow[] = [];
  for (const r of rs) {
    const v = against(r, r.revision, stored.get(r.id));
    if (v === 'write') (stored.has(r.id) ? write : fresh).push(r);
    else if (v !== 'kept') refused.set(r.id, v);
  }
  t = lap('read stored rows', t);
  const slots = await claimSlots(trx, fresh, order);
  for (const r of fresh) {
    const why = slots.refused.get(r.id);
    if (why) refused.set(r.id, why);
    else write.push(r);
  }
  write.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  t = lap('delivery slots', t);
  // A delivery and wave answered now, by any channel: its invitations still scheduled are not sent.
  const answered = fresh.filter((r) => slots.took.has(r.id));
  if (answered.length) await cancelAnswered(trx, answered.map((r) => ({ delivery_id: r.delivery_id, wave: r.wave ?? 0, channel: r.channel ?? null })), loop?.now ?? Date.now());
  t = lap('invitations cancelled', t);
  const changed = write.length ? await upsertResponses(trx, write) : [];
  // A row another instance stored meanwhile under the same id (the upsert's guard skipped it):
  // judged again against it, and a slot this batch took for nothing is given back (only one
  // it took: a slot held before belongs to the stored answer).
  for (const [r, why] of await refusedAfterAll(write, changed, (ids) => storedResponses(trx, ids), (r) => r.revision)) {
    refused.set(r.id, why);
    if (slots.took.has(r.id)) await trx.deleteFrom('response_slots').where('delivery_id', '=', r.delivery_id).where('wave', '=', r.wave ?? 0).where('response_id', '=', r.id).execute();
  }
  t = lap('responses upsert', t);
  for (const r of changed) {
    // The version stored before (read under this transaction's locks, store/locks.ts) leaves its buckets.
    // An erasure or purge may have deleted it meanwhile (they lock the rows they saw, not rows that
    // appeared after): then the upsert inserted it (first_revision = revision) and nothing is taken out.
    const old = stored.get(r.id);
    if (old && Number(r.first_revision) !== Number(r.revision)) deltas.answer(old, -1);
    deltas.answer(r, 1);
  }
  // The meta, reason and term side tables follow the rows that changed (RETURNING lists exactly those, as now
  // stored), in the same transaction; so do the cases and webhook events.
  const { newKeys } = await writeMeta(trx, changed, known);
  t = lap('meta side table', t);
  await writeReasons(trx, changed);
  t = lap('reasons side table', t);
  await writeTerms(trx, changed);
  t = lap('terms side table', t);
  const events = loop ? await closeTheLoop(trx, changed, loop) : 0;
  t = lap('cases and events', t);
  // Displays: the same judgement, without slots (a delivery is shown many times).
  const shown = ds.length ? await storedDisplays(trx, ds.map((d) => d.id)) : new Map<string, StoredDisplay>();
  const writeDisplays: DisplayRow[] = [];
  for (const d of ds) {
    const v = against(d, OUTCOME_RANK[d.outcome], shown.get(d.id));
    if (v === 'write') writeDisplays.push(d);
    else if (v !== 'kept') displaysRefused.set(d.id, v);
  }
  const displaysChanged = writeDisplays.length ? await upsertDisplays(trx, writeDisplays) : [];
  // As for responses: a display another instance stored meanwhile is judged again against it.
  for (const [d, why] of await refusedAfterAll(writeDisplays, displaysChanged, (ids) => storedDisplays(trx, ids), (d) => OUTCOME_RANK[d.outcome])) displaysRefused.set(d.id, why);
  for (const d of displaysChanged) {
    // As for answers: a display deleted meanwhile was inserted again, and has nothing to take out.
    const old = shown.get(d.id);
    if (old && !d.inserted) deltas.display(old, -1);
    deltas.display(d, 1);
  }
  lap('displays', t);
  return { changed: changed.length, displaysChanged: displaysChanged.length, newKeys, events, refused, displaysRefused };
}

/** Runs the jobs, in order, in one transaction; resolves once it is committed (durable, see open.ts). */
async function transact(db: Kysely<Database>, jobs: Job[], slot: number): Promise<Written[]> {
  const known = knownKeys(db);
  const sqlite = isSqlite(db);
  let end = 0;
  const written = await db.transaction().execute(async (trx) => {
    // The batch reads before it writes: on SQLite it takes the write lock first (open.ts says why).
    let t = performance.now();
    // PostgreSQL: every record id of the group locked (store/locks.ts), so the versions read are the ones replaced.
    if (sqlite) await writeLockFirst(trx);
    else {
      // The delivery slots too: two groups claiming slots of the same deliveries in different orders
      // would otherwise deadlock (each batch sorts its own, a group appends batches).
      const slots = jobs.flatMap((j) => j.rs.map((r) => `${r.wave ?? 0}:${r.delivery_id}`));
      await lockRecords(trx, jobs.flatMap((j) => j.rs.map((r) => r.id)), jobs.flatMap((j) => j.ds.map((d) => d.id)), slots);
    }
    lap('locks', t);
    const deltas = new CountDeltas();
    const out: Written[] = [];
    for (const job of jobs) out.push(await writeBatch(trx, job, known, deltas));
    t = performance.now();
    // Last, so the busiest rows (this hour's counts, the change counter) are locked only until the commit.
    // Each running group adds to its own stripe of the buckets and the counter (store/counts.ts STRIPES).
    const stripe = slot % STRIPES;
    if (!deltas.empty) await writeDeltas(trx, deltas, stripe);
    if (out.some((w) => w.changed || w.displaysChanged)) await bumpChanges(trx, stripe);
    end = lap('counts', t);
    return out;
  });
  lap('commit', end);
  committed(jobs.length, jobs.reduce((n, j) => n + j.rs.length, 0));
  for (const w of written) for (const k of w.newKeys) known.add(k);
  return written;
}

/** What storeBatch answers for a job, from what its batch wrote. */
function stored(job: Job, w: Written): Stored {
  const { newKeys: _, ...rest } = w;
  const kept = (r: { id: string; delivery_id: string; wave?: number }) => [r.id, { delivery_id: r.delivery_id, wave: r.wave ?? 0 }] as const;
  return { ...rest, winners: new Map(job.rs.map(kept)), displayWinners: new Map(job.ds.map(kept)) };
}

/** The store's group commit (store/group-commit.ts), per database. */
const RUNNERS = new WeakMap<Kysely<Database>, GroupRunner<Job, Written>>();
function runnerOf(db: Kysely<Database>): GroupRunner<Job, Written> {
  let r = RUNNERS.get(db);
  if (!r) {
    r = {
      run: (jobs, slot) => transact(db, jobs, slot),
      weight: (j) => j.rs.length + j.ds.length,
      // At most this many records in one group (a batch larger alone is not split): a transaction
      // stays short, and on PostgreSQL its id locks (store/locks.ts, one per record) stay well inside
      // the server's shared lock table (6,400 entries by default).
      limit: 500,
      // SQLite has one writer; PostgreSQL overlaps commits.
      parallel: isSqlite(db) ? 1 : STRIPES,
      retryable: (e) => RETRYABLE.has((e as { code?: string }).code ?? ''),
    };
    RUNNERS.set(db, r);
  }
  return r;
}

/**
 * Stores both lists in one transaction (shared with the batches that arrived meanwhile:
 * store/group-commit.ts) and resolves once it is committed (durable, see open.ts). See writeBatch for
 * what is written. Cases follow the answers only with `loop`: a caller that writes without it leaves
 * the cases' copy of an answer (read/cases.ts counts by it) as it was.
 */
export async function storeBatch(db: Kysely<Database>, responses: ResponseRow[], displays: DisplayRow[], loop?: Loop): Promise<Stored> {
  const job: Job = {
    rs: oneRowPerId(responses, (a, b) => a.revision > b.revision),
    ds: oneRowPerId(displays, (a, b) => OUTCOME_RANK[a.outcome] > OUTCOME_RANK[b.outcome]),
    order: responses.map((r) => r.id),
    loop,
  };
  return stored(job, await inGroup(db, runnerOf(db), job));
}
