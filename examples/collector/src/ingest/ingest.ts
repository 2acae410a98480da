// Ingest: a parsed body → validated, verified rows → one committed transaction. Pure of HTTP: the edge
// hands in JSON and gets back a status and a body.
import { BatchSchema, DisplaySchema, ResponseSchema, describeIssue, type WireDisplay, type WireResponse } from 'aftercare/schema';
import type { Kysely } from 'kysely';
import type { Database, DisplayRow, ResponseRow } from '../store/schema.ts';
import { displayColumns, responseColumns } from '../store/derived.ts';
import type { Loop } from '../store/cases.ts';
import { storeBatch } from '../store/store.ts';
import { subjectHashes, suppressedHashes } from '../store/erase.ts';
import { tokenChecker, type Claimed } from './token.ts';

export interface Rejected {
  id: string | null;
  error: string;
  /** `suppressed`: the customer or delivery was erased on request; the record was taken and dropped. */
  reason?: 'suppressed';
}

/** Per-process counters, reported by `GET /v1/summary` under `collector`. */
export function newStats() {
  return {
    requests: 0, received: 0, stored: 0, ignored: 0, rejected: 0,
    displaysReceived: 0, displaysStored: 0, displaysIgnored: 0, displaysRejected: 0, faults: 0, rateLimited: 0, suppressed: 0,
    /** Requests to credentialed routes without a valid credential, and delivery tokens refused by /v1/forget (not in the audit). */
    unauthorized: 0,
  };
}
export type Stats = ReturnType<typeof newStats>;

export interface IngestResult {
  status: 200 | 400;
  body: { accepted: number; rejected: Rejected[] } | { error: string; rejected?: Rejected[] };
  /** Ids of the responses and displays accepted: stored now or already stored (for the test log). */
  responseIds: string[];
  revisions: number[];
  displayIds: string[];
  /** Webhook events the batch wrote (the edge wakes the worker when there are any). */
  events: number;
}

const iso = (s: string) => new Date(s).toISOString();

/** The earliest time on the wire: nothing was delivered, shown or answered before Aftercare's era. */
export const EARLIEST = Date.UTC(2000, 0, 1);
/** How far ahead of the collector's clock a client's may run (a device a little fast). */
export const CLOCK_SKEW_MS = 5 * 60_000;
/** How long before its delivery an answer may be given (a delivery time rounded, or in another zone). */
export const EARLY_ANSWER_MS = 86_400_000;

const TIMES = { responses: ['deliveredAt', 'answeredAt'], displays: ['shownAt', 'endedAt'] } as const;

/**
 * What the shared schemas allow but the collector cannot keep: the NUL character (PostgreSQL text
 * refuses it), a time before 2000 or after the collector's now + 5 minutes (years outside 0000–9999
 * would not even sort), and an answer given more than a day before its delivery. Refused for both
 * stores alike, with the field named, rather than stored or answered with a 500 the client would
 * retry forever.
 */
function storable(r: Record<string, unknown>, field: 'responses' | 'displays', now: number): { path: string; message: string } | null {
  const latest = now + CLOCK_SKEW_MS;
  for (const name of TIMES[field]) {
    const t = Date.parse(r[name] as string);
    if (!(t >= EARLIEST && t <= latest)) {
      return { path: name, message: `expected a time from 2000-01-01T00:00:00Z to the collector's clock plus 5 minutes (${new Date(latest).toISOString()}); got "${r[name]}"` };
    }
  }
  if (field === 'responses' && Date.parse(r.answeredAt as string) < Date.parse(r.deliveredAt as string) - EARLY_ANSWER_MS) {
    return { path: 'answeredAt', message: 'expected a time no more than a day before deliveredAt' };
  }
  const walk = (v: unknown, path: string): string | null => {
    if (typeof v === 'string') return v.includes('\u0000') ? path : null;
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes('\u0000')) return `${path}.${k}`.replace(/^\./, '');
        const hit = walk(x, `${path}.${k}`.replace(/^\./, ''));
        if (hit) return hit;
      }
    }
    return null;
  };
  const hit = walk(r, '');
  return hit ? { path: hit, message: 'expected text without NUL characters (U+0000)' } : null;
}

const LONE_SURROGATE = /\p{Surrogate}/gu;
/**
 * Every string of a record well-formed: a lone surrogate (which JSON can carry but UTF-8 cannot) becomes
 * U+FFFD, in the comment, the meta keys and values and every other field alike, so what is stored is
 * what a filter later finds.
 */
export function wellFormed<T>(v: T): T {
  if (typeof v === 'string') return v.replace(LONE_SURROGATE, '\uFFFD') as T;
  if (Array.isArray(v)) return v.map(wellFormed) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [wellFormed(k), wellFormed(x)])) as T;
  return v;
}

/** The channel a record came by; `web` (the widget in the merchant's page) is the default and kept as null. */
const channelOf = (r: { channel?: string | undefined }) => (r.channel && r.channel !== 'web' ? r.channel : null);

function toRow(r: WireResponse, now: string, signed: boolean): ResponseRow {
  return {
    id: r.id,
    revision: r.revision,
    delivery_id: r.deliveryId,
    delivered_at: iso(r.deliveredAt),
    answered_at: iso(r.answeredAt),
    csat: r.csat ?? null,
    nps: r.nps ?? null,
    comment: r.comment ?? null,
    complete: r.complete ? 1 : 0,
    locale: r.locale,
    customer_id: r.customerId ?? null,
    meta: r.meta === undefined ? null : JSON.stringify(r.meta),
    origin: r.origin ?? null,
    path: r.path ?? null,
    received_at: now,
    updated_at: now,
    signed: signed ? 1 : 0,
    wave: r.wave ?? 0,
    // Deduplicated, in the order chosen; a revision carries the whole list (none: no reasons).
    reasons: r.reasons?.length ? JSON.stringify([...new Set(r.reasons)]) : null,
    channel: channelOf(r),
    ...responseColumns(r.answeredAt, r.comment),
  };
}

function toDisplayRow(d: WireDisplay, now: string, signed: boolean): DisplayRow {
  return {
    id: d.id,
    delivery_id: d.deliveryId,
    shown_at: iso(d.shownAt),
    ended_at: iso(d.endedAt),
    outcome: d.outcome,
    later: d.later ? 1 : 0,
    response_id: d.responseId ?? null,
    locale: d.locale,
    customer_id: d.customerId ?? null,
    origin: d.origin ?? null,
    path: d.path ?? null,
    received_at: now,
    updated_at: now,
    signed: signed ? 1 : 0,
    wave: d.wave ?? 0,
    channel: channelOf(d),
    ...displayColumns(d.shownAt),
  };
}

/**
 * Validates a batch with the shared zod schemas, checks delivery tokens when `deliveryKey` is set,
 * and commits the good records in one transaction before resolving (so a 2xx is durable).
 * A bad record is listed in `rejected` with a reason naming its field path; a bad record the client
 * cannot identify, or a batch with nothing good, is a 400 so the client splits it.
 */
export async function ingest(
  db: Kysely<Database>,
  json: unknown,
  {
    deliveryKey, stats, now = new Date(), loop, salt, redact,
  }: {
    deliveryKey?: Uint8Array | undefined;
    stats: Stats;
    now?: Date;
    loop?: Omit<Loop, 'now'> | undefined;
    /** The suppression salt (store/erase.ts): records of a suppressed customer or delivery are dropped. */
    salt?: string | undefined;
    /** AFTERCARE_REDACT: masks personal data in comments before they are stored. */
    redact?: ((comment: string) => string) | undefined;
  },
): Promise<IngestResult> {
  const none = { responseIds: [], revisions: [], displayIds: [], events: 0 };
  const batch = BatchSchema.safeParse(json);
  if (!batch.success) return { status: 400, body: { error: describeIssue(batch.error.issues[0]!) }, ...none };
  const at = now.toISOString();
  const check = deliveryKey ? tokenChecker(deliveryKey, now) : null;
  const responses = batch.data.responses ?? [];
  const displays = batch.data.displays ?? [];
  const rows: ResponseRow[] = [];
  const displayRows: DisplayRow[] = [];
  const rejected: Rejected[] = [];
  const idOf = (raw: unknown) => (typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id : null);
  type Parsed<T> = { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  const at_: Record<string, number[]> = { responses: [], displays: [] };
  async function each<T extends Claimed, R>(list: unknown[], parse: (v: unknown) => Parsed<T>, field: string, toRecord: (v: T, now: string, signed: boolean) => R, into: R[]) {
    for (const [i, raw] of list.entries()) {
      const r = parse(raw);
      if (!r.success) {
        rejected.push({ id: idOf(raw), error: describeIssue(r.error.issues[0]!, `${field}.${i}`) });
        continue;
      }
      const bad = storable(r.data as unknown as Record<string, unknown>, field as 'responses' | 'displays', now.getTime());
      if (bad) {
        rejected.push({ id: idOf(raw), error: `${field}.${i}.${bad.path}: ${bad.message}` });
        continue;
      }
      const reason = check ? await check(r.data) : null;
      if (reason) rejected.push({ id: idOf(raw), error: `${field}.${i}.deliveryToken: ${reason}` });
      else {
        into.push(toRecord(wellFormed(r.data), at, check !== null));
        at_[field]!.push(i);
      }
    }
  }
  const toStored = redact
    ? (r: WireResponse, now: string, signed: boolean) => {
        const comment = r.comment == null ? r.comment : redact(r.comment);
        return toRow(comment === r.comment ? r : { ...r, comment }, now, signed);
      }
    : toRow;
  await each(responses, (v) => ResponseSchema.safeParse(v) as Parsed<WireResponse>, 'responses', toStored, rows);
  const badResponses = rejected.length;
  await each(displays, (v) => DisplaySchema.safeParse(v) as Parsed<WireDisplay>, 'displays', toDisplayRow, displayRows);
  stats.received += responses.length;
  stats.displaysReceived += displays.length;
  stats.rejected += badResponses;
  stats.displaysRejected += rejected.length - badResponses;
  // Suppressed customers and deliveries (erased with suppress=true): taken, listed, and dropped.
  let dropped = 0;
  if (salt && (rows.length || displayRows.length)) {
    const keys = (r: { delivery_id: string; customer_id: string | null }) => subjectHashes(salt, r.delivery_id, r.customer_id);
    const hit = await suppressedHashes(db, [...new Set([...rows, ...displayRows].flatMap(keys))]);
    if (hit.size) {
      const drop = <R extends { id: string; delivery_id: string; customer_id: string | null }>(list: R[], field: 'responses' | 'displays') => {
        const keep: R[] = [];
        // The batch indexes of the records kept, so later refusals still name the right record.
        const keptAt: number[] = [];
        for (const [j, r] of list.entries()) {
          if (!keys(r).some((h) => hit.has(h))) {
            keep.push(r);
            keptAt.push(at_[field]![j]!);
          } else rejected.push({ id: r.id, error: `${field}.${at_[field]![j]}: suppressed (this customer or delivery was erased on request; the record is dropped)`, reason: 'suppressed' });
        }
        at_[field] = keptAt;
        dropped += list.length - keep.length;
        return keep;
      };
      rows.splice(0, rows.length, ...drop(rows, 'responses'));
      displayRows.splice(0, displayRows.length, ...drop(displayRows, 'displays'));
      stats.suppressed += dropped;
    }
  }
  if ((!rows.length && !displayRows.length && !dropped) || rejected.some((r) => r.id === null)) {
    return { status: 400, body: { error: rejected[0]!.error, rejected }, ...none };
  }
  const stored = rows.length || displayRows.length ? await storeBatch(db, rows, displayRows, loop && { ...loop, now: now.getTime() }) : null;
  // Each record's fate: refused with its reason, or accepted (stored now, or already stored at an
  // equal or higher revision or outcome: an idempotent resend the client may drop). A record that
  // shares its id with the record of the batch that was kept is judged with it, unless it names
  // another delivery or wave (then it is refused: an id keeps both).
  let accepted = 0;
  const judge = <R extends { id: string; delivery_id: string; wave?: number }>(list: R[], field: 'responses' | 'displays', refused: Map<string, string>, winners: Map<string, { delivery_id: string; wave?: number }>) => {
    const out: R[] = [];
    for (const [j, r] of list.entries()) {
      const kept = winners.get(r.id);
      const why =
        kept && kept.delivery_id !== r.delivery_id ? 'deliveryId: another record of this batch has this id for another delivery'
        : kept && (kept.wave ?? 0) !== (r.wave ?? 0) ? 'wave: another record of this batch has this id for another wave'
        : refused.get(r.id);
      if (why) rejected.push({ id: r.id, error: `${field}.${at_[field]![j]}.${why}` });
      else {
        accepted++;
        out.push(r);
      }
    }
    return out;
  };
  const fine = stored ? judge(rows, 'responses', stored.refused, stored.winners) : [];
  const fineDisplays = stored ? judge(displayRows, 'displays', stored.displaysRefused, stored.displayWinners) : [];
  stats.rejected += rows.length - fine.length;
  stats.displaysRejected += displayRows.length - fineDisplays.length;
  stats.stored += stored?.changed ?? 0;
  stats.ignored += Math.max(0, fine.length - (stored?.changed ?? 0));
  stats.displaysStored += stored?.displaysChanged ?? 0;
  stats.displaysIgnored += Math.max(0, fineDisplays.length - (stored?.displaysChanged ?? 0));
  // In the batch's order: responses, then displays, each by index (the store's refusals came last).
  const place = (e: Rejected) => {
    const m = /^(responses|displays)\.(\d+)/.exec(e.error);
    return m ? (m[1] === 'responses' ? 0 : 1_000_000) + Number(m[2]) : 2_000_000;
  };
  rejected.sort((a, b) => place(a) - place(b));
  return {
    status: 200,
    body: { accepted, rejected },
    responseIds: fine.map((r) => r.id),
    revisions: fine.map((r) => r.revision),
    displayIds: fineDisplays.map((d) => d.id),
    events: stored?.events ?? 0,
  };
}
