import { AftercareError } from './errors.ts';
import type { AnswerInput, DeliveryInput, WireResponse } from './schema.ts';
import { CORRUPT, DELIVERY, DISPLAY, LEASE, OUTBOX, SET_ASIDE } from './keys.ts';
import type { Kv } from './store.ts';
import { OUTBOX_FORMAT, type CorruptEntry, type DeliveryState, type HistoryEntry, type Limits, type OutboxEntry, type SetAsideEntry } from './types.ts';
import { uuid } from './uuid.ts';
import { endDisplay, openDisplay, type DisplayContext } from './displays.ts';
import { deliveryRecord } from './delivery-record.ts';
import { atWave } from './schedule.ts';

/**
 * The wave a call acts on: the one this page view showed, while its survey (or its thank-you, where
 * a comment or reasons may follow) belongs to this view, even when the next wave opened meanwhile;
 * otherwise the wave at `now`. Showing always goes by the clock.
 */
const waveFor = (d: DeliveryState, ctx: DisplayContext, showing = false) =>
  !showing && d.display?.view === ctx.view ? d : atWave(d, ctx.now, ctx.policy);

// Key layout: see keys.ts.
const D = DELIVERY;
const O = OUTBOX;
const X = SET_ASIDE;
const C = CORRUPT;
const DAY = 86_400_000;

let seqTick = 0;
/** Monotonic enough across tabs: time first, a per-tab counter to order answers given in the same ms. */
const nextSeq = (now: number) => now * 1000 + (seqTick++ % 1000);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Records a delivery, or updates it and appends what changed to its history (the record: `deliveryRecord`). */
export function putDelivery(kv: Kv, input: DeliveryInput, now: number, random: () => number = Math.random): Promise<DeliveryState> {
  return kv.mutate([D + input.id], ([old]) => {
    const next = deliveryRecord(old as DeliveryState | undefined, input, now, random);
    return { writes: { put: [[D + input.id, next]] }, result: next };
  });
}

export async function getDelivery(kv: Kv, id: string): Promise<DeliveryState | undefined> {
  return kv.get<DeliveryState>(D + id);
}

export async function listDeliveries(kv: Kv): Promise<DeliveryState[]> {
  return (await kv.list<DeliveryState>(D)).map(([, v]) => v);
}

/**
 * Copies every delivery and pending answer from one store to another (IndexedDB to memory when a write
 * fails). What can no longer be read is skipped; what IndexedDB also keeps is resent harmlessly later.
 */
export async function copyState(from: Kv, to: Kv): Promise<void> {
  const read = (prefix: string) => from.list<unknown>(prefix).catch(() => []);
  const parts = await Promise.all([read(D), read(O), read(DISPLAY)]);
  await to.mutate([], () => ({ writes: { put: parts.flat() }, result: undefined }));
}

/**
 * Notes a display of a delivery's survey: `shown` (`prompts + 1`, opens a display), `dismissed`
 * (snoozes it; `later` marks "remind me later", which is not a decline) or `hidden` (gone without
 * either). Unknown ids reject as misuse.
 */
export function noteDelivery(
  kv: Kv,
  id: string,
  type: 'shown' | 'dismissed' | 'hidden',
  ctx: DisplayContext,
  later = false,
): Promise<DeliveryState> {
  const at = new Date(ctx.now).toISOString();
  return kv.mutate([D + id], ([old]) => {
    if (!old) throw new AftercareError(CALL[type], `no delivery "${id}" was recorded; call recordDelivery() first`);
    const d = waveFor(old as DeliveryState, ctx, type === 'shown');
    const entry: HistoryEntry = { at, type };
    if (later) entry.later = true;
    if (d.wave) entry.wave = d.wave;
    let next: DeliveryState = { ...d, history: [...d.history, entry] };
    let put: Array<[string, unknown]> = [];
    if (type === 'shown') {
      ({ delivery: next, put } = openDisplay(next, uuid(), ctx));
      next.prompts = d.prompts + 1;
    } else {
      if (type === 'dismissed') next.dismissedAt = at;
      ({ delivery: next, put } = endDisplay(next, type === 'dismissed' ? 'dismissed' : 'expired', ctx, { later }));
    }
    return { writes: { put: [[D + id, next], ...put] }, result: next };
  });
}

const CALL = { shown: 'markShown', dismissed: 'dismiss', hidden: 'markHidden' } as const;

/**
 * Notes that the collector holds an answer to the delivery's `wave` given through another channel (an
 * e-mail invitation, a link): that wave is not due here any more (`elsewhere`, read by `dueState`),
 * and an `answered` line marked `elsewhere` counts for the customer's cooldown from `now`, when this
 * browser learned it. No response and no display is written: the answer is the collector's already.
 */
export function noteElsewhere(kv: Kv, id: string, wave: number, now: number): Promise<DeliveryState | undefined> {
  return kv.mutate([D + id], ([old]) => {
    const d = old as DeliveryState | undefined;
    // Gone meanwhile (forget()): nothing to note.
    if (!d || d.elsewhere === wave) return { writes: {}, result: d };
    const line: HistoryEntry = { at: new Date(now).toISOString(), type: 'answered', elsewhere: true };
    if (wave) line.wave = wave;
    const next: DeliveryState = { ...d, elsewhere: wave, history: [...d.history, line] };
    return { writes: { put: [[D + id, next]] }, result: next };
  });
}

export type AnswerContext = DisplayContext;

/**
 * Writes the next revision of a delivery's response and queues it, in one transaction: when this
 * resolves the answer is durable, whatever happens to the tab next.
 */
export async function saveAnswer(kv: Kv, input: AnswerInput, ctx: AnswerContext): Promise<WireResponse> {
  const at = new Date(ctx.now).toISOString();
  // The outbox key is the response id, known only after reading the delivery; read it first, then
  // write both in one transaction, retrying if another tab created the response in between.
  for (;;) {
    const seen = await getDelivery(kv, input.deliveryId);
    const id = (seen && waveFor(seen, ctx).response?.id) ?? uuid();
    const out = await kv.mutate([D + input.deliveryId, O + id], ([old, queued]) => {
      const d = old ? waveFor(old as DeliveryState, ctx) : undefined;
      if (!d) throw new AftercareError('answer.deliveryId', `no delivery "${input.deliveryId}" was recorded; call recordDelivery() first`);
      if ((d.response?.id ?? id) !== id) return { writes: {}, result: undefined };
      const r = nextRevision(d, input, at, ctx, id);
      const prevEntry = entryOf(queued);
      const entry: OutboxEntry = prevEntry ? { ...prevEntry, response: r } : { v: OUTBOX_FORMAT, response: r, seq: nextSeq(ctx.now), attempts: 0, nextAt: 0 };
      const line: HistoryEntry = { at, type: 'answered' };
      if (d.wave) line.wave = d.wave;
      const { delivery, put } = endDisplay({ ...d, response: r, history: [...d.history, line] }, 'answered', ctx, { responseId: id });
      return { writes: { put: [[D + d.id, delivery], [O + id, entry], ...put] }, result: r };
    });
    if (out) return out;
  }
}

function nextRevision(d: DeliveryState, input: AnswerInput, at: string, ctx: AnswerContext, id: string): WireResponse {
  for (const kind of ['csat', 'nps'] as const) {
    if (input[kind] !== undefined && !d.surveys.includes(kind)) {
      throw new AftercareError(`answer.${kind}`, `delivery "${d.id}" asks only ${d.surveys.join(' and ')}`);
    }
  }
  const prev = d.response;
  const r: WireResponse = {
    id,
    revision: (prev?.revision ?? 0) + 1,
    deliveryId: d.id,
    deliveredAt: d.deliveredAt,
    answeredAt: at,
    complete: input.complete ?? true,
    locale: ctx.locale,
  };
  const csat = input.csat ?? prev?.csat;
  const nps = input.nps ?? prev?.nps;
  const comment = input.comment ?? prev?.comment;
  if (csat === undefined && nps === undefined) throw new AftercareError('answer', 'expected a csat or nps score (a comment alone is not an answer)');
  if (csat !== undefined) r.csat = csat;
  if (nps !== undefined) r.nps = nps;
  if (comment !== undefined && comment.trim() !== '') r.comment = comment;
  // `reasons: []` takes every reason back; a revision without `reasons` keeps the last ones.
  const reasons = input.reasons ?? prev?.reasons;
  if (reasons?.length) r.reasons = [...new Set(reasons)];
  if (d.customerId !== undefined) r.customerId = d.customerId;
  if (d.meta !== undefined) r.meta = d.meta;
  if (d.token !== undefined) r.deliveryToken = d.token;
  if (d.resurvey) r.wave = d.wave ?? 0;
  if (ctx.channel) r.channel = ctx.channel;
  if (ctx.page) {
    r.origin = ctx.page.origin;
    r.path = ctx.page.path;
  }
  return r;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const looksLikeResponse = (r: unknown): r is WireResponse =>
  isObject(r) && typeof r.id === 'string' && Number.isInteger(r.revision) && typeof r.deliveryId === 'string' && typeof r.answeredAt === 'string';

/** What an outbox record read back as. */
export type Upgrade = { entry: OutboxEntry } | { corrupt: string } | { newer: number };

/**
 * Reads an outbox record of any format this library ever wrote. Format 0 (before `v` existed) stored
 * the bare response; it is wrapped, never dropped. A newer format (a later version in another tab)
 * is left alone for that version to send.
 */
export function upgradeEntry(raw: unknown): Upgrade {
  if (isObject(raw) && raw.v === OUTBOX_FORMAT) {
    if (!looksLikeResponse(raw.response)) return { corrupt: 'format 1 record without a readable response' };
    if (typeof raw.seq !== 'number' || typeof raw.attempts !== 'number' || typeof raw.nextAt !== 'number') return { corrupt: 'format 1 record with broken bookkeeping' };
    return { entry: raw as unknown as OutboxEntry };
  }
  if (isObject(raw) && raw.v === undefined && looksLikeResponse(raw)) {
    const t = Date.parse(raw.answeredAt);
    return { entry: { v: OUTBOX_FORMAT, response: raw, seq: (Number.isNaN(t) ? 0 : t) * 1000, attempts: 0, nextAt: 0 } };
  }
  if (isObject(raw) && typeof raw.v === 'number' && raw.v > OUTBOX_FORMAT) return { newer: raw.v };
  return { corrupt: `unreadable record (${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw})` };
}

/** The record as an entry of this format, or undefined (absent, corrupt or newer). */
const entryOf = (raw: unknown): OutboxEntry | undefined => {
  if (raw === undefined) return undefined;
  const u = upgradeEntry(raw);
  return 'entry' in u ? u.entry : undefined;
};

/** Everything waiting to be sent, in the order it was answered, plus what could not be read and what a newer version owns. */
export async function readOutbox(kv: Kv): Promise<{
  entries: OutboxEntry[];
  corrupt: Array<{ key: string; raw: unknown; error: string }>;
  newer: Array<{ key: string; v: number }>;
}> {
  const entries: OutboxEntry[] = [];
  const corrupt: Array<{ key: string; raw: unknown; error: string }> = [];
  const newer: Array<{ key: string; v: number }> = [];
  for (const [key, raw] of await kv.list<unknown>(O)) {
    const u = upgradeEntry(raw);
    if ('entry' in u) entries.push(u.entry);
    else if ('newer' in u) newer.push({ key, v: u.newer });
    else corrupt.push({ key, raw, error: u.corrupt });
  }
  entries.sort((a, b) => a.seq - b.seq || (a.response.id < b.response.id ? -1 : 1));
  return { entries, corrupt, newer };
}

/** Everything waiting to be sent, in the order it was answered. */
export async function listOutbox(kv: Kv): Promise<OutboxEntry[]> {
  return (await readOutbox(kv)).entries;
}

export async function listSetAside(kv: Kv): Promise<SetAsideEntry[]> {
  return (await kv.list<SetAsideEntry>(X)).map(([, v]) => v);
}

export async function listCorrupt(kv: Kv): Promise<CorruptEntry[]> {
  return (await kv.list<CorruptEntry>(C)).map(([, v]) => v);
}

/**
 * Moves unreadable records out of the outbox (kept under `c:` for inspection), so the rest keeps
 * flowing. Re-checked inside the transaction: a record rewritten meanwhile by another tab stays.
 */
export function quarantine(kv: Kv, corrupt: Array<{ key: string; raw: unknown; error: string }>, now: number): Promise<CorruptEntry[]> {
  const at = new Date(now).toISOString();
  return kv.mutate(
    corrupt.map((c) => c.key),
    (values) => {
      const moved = corrupt.filter((c, i) => same(values[i], c.raw)).map((c): CorruptEntry => ({ key: c.key, raw: c.raw, error: c.error, at }));
      return { writes: { put: moved.map((c) => [C + c.key, c] as [string, unknown]), del: moved.map((c) => c.key) }, result: moved };
    },
  );
}

/**
 * Applies the outbox bounds: responses older than `maxAgeDays`, then the oldest beyond `maxPending`,
 * are set aside; with `purge`, set-aside and corrupt records older than `setAsideDays` are deleted.
 */
export async function enforceLimits(
  kv: Kv,
  entries: OutboxEntry[],
  limits: Limits,
  now: number,
  purge = true,
): Promise<{ kept: OutboxEntry[]; setAside: SetAsideEntry[]; purged: number }> {
  const at = new Date(now).toISOString();
  const tooOld = (e: OutboxEntry) => now - e.seq / 1000 > limits.maxAgeDays * DAY;
  const young = entries.filter((e) => !tooOld(e));
  const overflow = Math.max(0, young.length - limits.maxPending);
  const out: SetAsideEntry[] = [
    ...entries.filter(tooOld).map((e): SetAsideEntry => ({ response: e.response, reason: 'age', error: `not delivered within ${limits.maxAgeDays} days`, at })),
    ...young.slice(0, overflow).map((e): SetAsideEntry => ({ response: e.response, reason: 'size', error: `outbox over ${limits.maxPending} responses; oldest set aside`, at })),
  ];
  const kept = young.slice(overflow);
  const expiry = now - limits.setAsideDays * DAY;
  const expired = async (prefix: string) =>
    purge ? (await kv.list<{ at: string }>(prefix)).filter(([, x]) => Date.parse(x.at) < expiry).map(([k]) => k) : [];
  const stale = [...(await expired(X)), ...(await expired(C))];
  if (!out.length && !stale.length) return { kept, setAside: [], purged: 0 };
  // Re-checked inside the transaction: a newer revision written meanwhile (another tab) stays queued.
  const moved = await kv.mutate(
    out.map((x) => O + x.response.id),
    (values) => {
      const ok = out.filter((x, i) => entryOf(values[i])?.response.revision === x.response.revision);
      return {
        writes: { put: ok.map((x) => [X + x.response.id, x] as [string, unknown]), del: [...ok.map((x) => O + x.response.id), ...stale] },
        result: ok,
      };
    },
  );
  // One that changed meanwhile is neither moved nor sent now: the next read sees its new revision.
  return { kept, setAside: moved, purged: stale.length };
}

interface Lease {
  owner: string;
  until: number;
}

/**
 * Cross-tab flush lock for browsers without Web Locks: a lease in IndexedDB, taken atomically,
 * renewed per batch, and free once it expires, so a tab closed mid-flush blocks the others only briefly.
 */
export function takeLease(kv: Kv, owner: string, now: number, ttlMs: number): Promise<boolean> {
  return kv.mutate([LEASE], ([old]) => {
    const l = old as Lease | undefined;
    if (l && l.owner !== owner && l.until > now) return { writes: {}, result: false };
    return { writes: { put: [[LEASE, { owner, until: now + ttlMs } satisfies Lease]] }, result: true };
  });
}

export function dropLease(kv: Kv, owner: string): Promise<void> {
  return kv.mutate([LEASE], ([old]) => ({ writes: (old as Lease | undefined)?.owner === owner ? { del: [LEASE] } : {}, result: undefined }));
}

/**
 * After a 2xx: removes what was sent (unless a newer revision arrived meanwhile, which stays queued)
 * and moves what the collector rejected to the set-aside list.
 */
export function settle(
  kv: Kv,
  sent: WireResponse[],
  rejected: ReadonlyMap<string, string>,
  now: number,
): Promise<{ accepted: WireResponse[]; setAside: SetAsideEntry[] }> {
  const at = new Date(now).toISOString();
  return kv.mutate(
    sent.map((r) => O + r.id),
    (values) => {
      const del: string[] = [];
      const put: Array<[string, unknown]> = [];
      const accepted: WireResponse[] = [];
      const setAside: SetAsideEntry[] = [];
      sent.forEach((r, i) => {
        const error = rejected.get(r.id);
        if (error !== undefined) {
          const x: SetAsideEntry = { response: r, reason: 'rejected', error, at };
          put.push([X + r.id, x]);
          setAside.push(x);
        } else accepted.push(r);
        const stored = entryOf(values[i]);
        if (stored && stored.response.revision <= r.revision) del.push(O + r.id);
      });
      return { writes: { put, del }, result: { accepted, setAside } };
    },
  );
}

/** After a retryable failure: counts the attempt and holds the entries until `nextAt`. */
export function postpone(kv: Kv, sent: WireResponse[], nextAt: number, holdUntil: number | undefined, error: string): Promise<void> {
  return kv.mutate(
    sent.map((r) => O + r.id),
    (values) => {
      const put: Array<[string, unknown]> = [];
      values.forEach((v, i) => {
        const e = entryOf(v);
        if (!e) return;
        const next: OutboxEntry = { ...e, attempts: e.attempts + 1, nextAt, lastError: error };
        if (holdUntil !== undefined) next.holdUntil = holdUntil;
        put.push([O + sent[i]!.id, next]);
      });
      return { writes: { put }, result: undefined };
    },
  );
}
