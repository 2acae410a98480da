// Erasure (GDPR Art. 17, PIPL Art. 47), suppression and retention: every response, display, case, case
// note and webhook event of a customer or delivery deleted in one transaction; with suppression, a
// salted hash of the id is kept so later posts for it are dropped; and the daily purge of what is older
// than AFTERCARE_RETENTION_DAYS. SQLite runs with secure_delete (open.ts), so nothing lingers in free pages.
import { createHmac, randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { bumpChanges } from './changes.ts';
import { ANSWER_COLUMNS, CountDeltas, DISPLAY_COLUMNS, writeDeltas, type AnswerVersion, type DisplayVersion } from './counts.ts';
import { lockRecords } from './locks.ts';
import { quarterOf } from './derived.ts';
import type { Database } from './schema.ts';
import { putSettingOnce } from './settings.ts';

export interface Erased {
  responses: number;
  displays: number;
  cases: number;
  caseNotes: number;
  events: number;
  /** Deliveries the merchant posted (their contact data) and their invitations, links and previewed mail. */
  deliveries: number;
  invitations: number;
}
export const noneErased = (): Erased => ({ responses: 0, displays: 0, cases: 0, caseNotes: 0, events: 0, deliveries: 0, invitations: 0 });
export const addErased = (a: Erased, b: Erased) => {
  for (const k of Object.keys(a) as Array<keyof Erased>) a[k] += b[k];
  return a;
};

export type Subject = { customerId: string } | { deliveryId: string };

const CHUNK = 500;
/** The tables derived from a response (store/derived.ts) and its delivery slot (store.ts), deleted with it. */
const SIDE_TABLES = ['response_meta', 'response_reasons', 'response_terms', 'response_slots'] as const;
type SideTable = (typeof SIDE_TABLES)[number];
const n = (r: { numDeletedRows: bigint }[] | { numDeletedRows: bigint }) => Number((Array.isArray(r) ? r[0] : r)?.numDeletedRows ?? 0);

/** Deletes the rows of `table` whose `column` is one of `ids`, a chunk at a time; returns how many. */
type Erasable = 'responses' | SideTable | 'cases' | 'case_history' | 'webhook_events' | 'webhook_deliveries' | 'deliveries' | 'invitations' | 'survey_links' | 'mail_preview';
async function deleteIn(trx: Transaction<Database>, table: Erasable, column: string, ids: string[]) {
  let count = 0;
  for (let i = 0; i < ids.length; i += CHUNK) count += n(await trx.deleteFrom(table).where(sql.ref(column), 'in', ids.slice(i, i + CHUNK)).executeTakeFirst());
  return count;
}

/**
 * Takes what erasures removed out of the counts and moves the change counter: the last statements of
 * the erasing transaction, so those busy rows (the current hour's buckets, the counter) are locked only
 * until its commit, after every other lock it takes (the invitation worker and ingest take them last too).
 */
export async function writeErased(trx: Transaction<Database>, deltas: CountDeltas): Promise<void> {
  if (deltas.empty) return;
  await writeDeltas(trx, deltas);
  await bumpChanges(trx);
}

/**
 * Erases everything held about one customer or one delivery, in `trx`; returns the counts per kind.
 * What it removes from the counts goes into `deltas`, for writeErased at the end of the transaction
 * (without `deltas`, it is written at the end of this erasure).
 */
export async function eraseSubject(trx: Transaction<Database>, s: Subject, deltas?: CountDeltas): Promise<Erased> {
  const [column, value] = 'customerId' in s ? (['customer_id', s.customerId] as const) : (['delivery_id', s.deliveryId] as const);
  // PostgreSQL: the answers and displays seen are locked first (store/locks.ts), so no batch revises one
  // between here and its deletion; the deletes then return exactly what they removed (rows committed
  // meanwhile included), and the counts lose just that.
  const seen = await trx.selectFrom('responses').select('id').where(column, '=', value).execute();
  const seenDisplays = await trx.selectFrom('displays').select('id').where(column, '=', value).execute();
  await lockRecords(trx, seen.map((r) => r.id), seenDisplays.map((d) => d.id));
  const answers = await trx.deleteFrom('responses').where(column, '=', value).returning(['id', ...ANSWER_COLUMNS]).execute();
  const shown = await trx.deleteFrom('displays').where(column, '=', value).returning(DISPLAY_COLUMNS).execute();
  const responseIds = answers.map((r) => r.id);
  const removed = deltas ?? new CountDeltas();
  for (const a of answers) removed.answer(a, -1);
  for (const d of shown) removed.display(d, -1);
  const caseRows = await trx.selectFrom('cases').select('id').where((eb) => eb.or([eb(column, '=', value), ...(responseIds.length ? [eb('response_id', 'in', responseIds)] : [])])).execute();
  const caseIds = caseRows.map((c) => c.id);
  let caseNotes = 0;
  for (let i = 0; i < caseIds.length; i += CHUNK) {
    const part = caseIds.slice(i, i + CHUNK);
    const { count } = (await trx.selectFrom('case_history').select(sql<number>`count(*)`.as('count')).where('case_id', 'in', part).where('kind', '=', 'note').executeTakeFirstOrThrow()) as { count: number };
    caseNotes += Number(count);
  }
  await deleteIn(trx, 'case_history', 'case_id', caseIds);
  await deleteIn(trx, 'cases', 'id', caseIds);
  const eventIds = (
    await trx
      .selectFrom('webhook_events')
      .select('id')
      .where((eb) => eb.or([eb(column, '=', value), ...(responseIds.length ? [eb('response_id', 'in', responseIds)] : [])]))
      .execute()
  ).map((e) => e.id);
  await deleteIn(trx, 'webhook_deliveries', 'event_id', eventIds);
  await deleteIn(trx, 'webhook_events', 'id', eventIds);
  for (const t of SIDE_TABLES) await deleteIn(trx, t, 'response_id', responseIds);
  const responses = answers.length;
  const displays = shown.length;
  const deliveryIds = (await trx.selectFrom('deliveries').select('id').where('customerId' in s ? 'customer_id' : 'id', '=', value).execute()).map((d) => d.id);
  const { deliveries, invitations } = await eraseDeliveries(trx, 'customerId' in s ? deliveryIds : [s.deliveryId]);
  if (!deltas) await writeErased(trx, removed);
  return { responses, displays, cases: caseIds.length, caseNotes, events: eventIds.length, deliveries, invitations };
}

/** Deletes deliveries with their invitations, survey links and previewed mail; the unsubscribe hashes stay (they name nobody). */
async function eraseDeliveries(trx: Transaction<Database>, ids: string[]) {
  const invitations = await deleteIn(trx, 'invitations', 'delivery_id', ids);
  await deleteIn(trx, 'survey_links', 'delivery_id', ids);
  await deleteIn(trx, 'mail_preview', 'delivery_id', ids);
  return { deliveries: await deleteIn(trx, 'deliveries', 'id', ids), invitations };
}

const SALT_SETTING = 'suppression_salt';

/** The suppression hashes' salt: made once per database (first instance wins), kept in the settings. */
export async function suppressionSalt(db: Kysely<Database>): Promise<string> {
  return putSettingOnce(db, SALT_SETTING, randomBytes(32).toString('hex'));
}

/** The salted hash kept for a suppressed id; the id itself is not kept. */
export const suppressionHash = (salt: string, kind: 'customer' | 'delivery', id: string) => createHmac('sha256', salt).update(`${kind}\u0000${id}`).digest('hex');

/** The suppression hashes that stand for a record's delivery and, when it names one, its customer. */
export const subjectHashes = (salt: string, deliveryId: string, customerId: string | null | undefined) =>
  [suppressionHash(salt, 'delivery', deliveryId), ...(customerId ? [suppressionHash(salt, 'customer', customerId)] : [])];

/** Records a suppression in `trx` (idempotent). */
export async function suppress(trx: Transaction<Database>, salt: string, s: Subject, now: number) {
  const kind = 'customerId' in s ? 'customer' : 'delivery';
  const id = 'customerId' in s ? s.customerId : s.deliveryId;
  await trx
    .insertInto('suppressions')
    .values({ id_hash: suppressionHash(salt, kind, id), kind, created_ms: now })
    .onConflict((oc) => oc.column('id_hash').doNothing())
    .execute();
}

/** Which of these hashes are suppressed (one indexed lookup per batch). */
export async function suppressedHashes(db: Kysely<Database> | Transaction<Database>, hashes: string[]): Promise<Set<string>> {
  if (!hashes.length) return new Set();
  const out = new Set<string>();
  for (let i = 0; i < hashes.length; i += CHUNK) {
    for (const r of await db.selectFrom('suppressions').select('id_hash').where('id_hash', 'in', hashes.slice(i, i + CHUNK)).execute()) out.add(r.id_hash);
  }
  return out;
}

export interface Purged {
  responses: number;
  displays: number;
  cases: number;
  events: number;
  audit: number;
  sessions: number;
  deliveries: number;
}

/**
 * Deletes in pages of PAGE rows, so a first purge of a large store never holds one huge transaction
 * (nor, on PostgreSQL, more row locks than its shared lock table holds: store/locks.ts).
 */
const PAGE = 1_000;
async function inPages(run: () => Promise<number | { deleted: number; looked: number }>): Promise<number> {
  let total = 0;
  for (;;) {
    const r = await run();
    // `looked`: the rows a page read (some may have been left: a revision moved them past the cut).
    const { deleted, looked } = typeof r === 'number' ? { deleted: r, looked: r } : r;
    total += deleted;
    if (looked < PAGE) return total;
  }
}

/**
 * The retention purge: responses older than `retentionDays` by answeredAt (with their meta, reason and term rows),
 * displays by endedAt, resolved cases (and their history) and finished webhook deliveries (delivered or
 * given up) by their last change, events none of whose deliveries remain, the audit log after
 * `auditDays`, and expired dashboard sessions.
 */
export async function purge(db: Kysely<Database>, o: { now: number; retentionDays: number; auditDays: number }): Promise<Purged> {
  const cut = o.now - o.retentionDays * 86_400_000;
  const cutIso = new Date(cut).toISOString();
  const auditCut = o.now - o.auditDays * 86_400_000;
  const del = (q: { executeTakeFirst(): Promise<{ numDeletedRows: bigint }> }) => q.executeTakeFirst().then(n);
  const responses = await inPages(() =>
    db.transaction().execute(async (trx) => {
      const page = (await trx.selectFrom('responses').select('id').where('answered_q', '<=', quarterOf(cut)).where('answered_ms', '<', cut).limit(PAGE).execute()).map((r) => r.id);
      if (!page.length) return 0;
      // Locked, then deleted only while still past the cut (a revision may have moved one since), and
      // the counts lose exactly the versions deleted (as in eraseSubject).
      await lockRecords(trx, page);
      const rows: Array<{ id: string } & AnswerVersion> = [];
      for (let i = 0; i < page.length; i += CHUNK) {
        rows.push(...(await trx.deleteFrom('responses').where('id', 'in', page.slice(i, i + CHUNK)).where('answered_ms', '<', cut).returning(['id', ...ANSWER_COLUMNS]).execute()));
      }
      const ids = rows.map((r) => r.id);
      for (const t of SIDE_TABLES) await deleteIn(trx, t, 'response_id', ids);
      const deltas = new CountDeltas();
      for (const r of rows) deltas.answer(r, -1);
      await writeDeltas(trx, deltas);
      await bumpChanges(trx);
      return { deleted: rows.length, looked: page.length };
    }),
  );
  const displays = await inPages(() =>
    db.transaction().execute(async (trx) => {
      const page = (await trx.selectFrom('displays').select('id').where('ended_at', '<', cutIso).limit(PAGE).execute()).map((r) => r.id);
      if (!page.length) return 0;
      await lockRecords(trx, [], page);
      const rows: DisplayVersion[] = [];
      for (let i = 0; i < page.length; i += CHUNK) rows.push(...(await trx.deleteFrom('displays').where('id', 'in', page.slice(i, i + CHUNK)).where('ended_at', '<', cutIso).returning(DISPLAY_COLUMNS).execute()));
      const deltas = new CountDeltas();
      for (const r of rows) deltas.display(r, -1);
      await writeDeltas(trx, deltas);
      await bumpChanges(trx);
      return { deleted: rows.length, looked: page.length };
    }),
  );
  const cases = await inPages(() =>
    db.transaction().execute(async (trx) => {
      const ids = (await trx.selectFrom('cases').select('id').where('status', '=', 'resolved').where('updated_ms', '<', cut).limit(PAGE).execute()).map((c) => c.id);
      if (!ids.length) return 0;
      await deleteIn(trx, 'case_history', 'case_id', ids);
      await deleteIn(trx, 'cases', 'id', ids);
      return ids.length;
    }),
  );
  // A page at a time like the rest; the key is (event_id, endpoint_id), hence the row-value IN.
  await inPages(async () =>
    n(
      await sql`delete from webhook_deliveries where (event_id, endpoint_id) in (
        select event_id, endpoint_id from webhook_deliveries
        where status in ('delivered', 'failed') and coalesce(delivered_ms, last_attempt_ms, created_ms) < ${cut} limit ${PAGE})`.execute(db).then((r) => ({
        numDeletedRows: r.numAffectedRows ?? 0n,
      })),
    ),
  );
  const events = await inPages(() =>
    del(
      db
        .deleteFrom('webhook_events')
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('webhook_events as e')
            .select('e.id')
            .where('e.created_ms', '<', cut)
            .where(({ not, exists, selectFrom }) => not(exists(selectFrom('webhook_deliveries as d').select('d.event_id').whereRef('d.event_id', '=', 'e.id'))))
            .limit(PAGE),
        ),
    ),
  );
  const audit = await inPages(() => del(db.deleteFrom('audit_log').where('id', 'in', (eb) => eb.selectFrom('audit_log').select('id').where('at_ms', '<', auditCut).limit(PAGE))));
  const sessions = await del(db.deleteFrom('dashboard_sessions').where('expires_at', '<=', new Date(o.now).toISOString()));
  // Deliveries once their last wave's window is past the retention period, with their invitations, links and mail.
  const deliveries = await inPages(() =>
    db.transaction().execute(async (trx) => {
      const ids = (
        await trx
          .selectFrom('deliveries')
          .select('id')
          .where('delivered_ms', '<', cut)
          .where(sql<boolean>`delivered_ms + coalesce(resurvey_until, 7) * 86400000 < ${cut}`)
          .limit(PAGE)
          .execute()
      ).map((d) => d.id);
      return ids.length ? (await eraseDeliveries(trx, ids)).deliveries : 0;
    }),
  );
  return { responses, displays, cases, events, audit, sessions, deliveries };
}
