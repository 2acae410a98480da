import { chunk, DISPLAYS_PER_REQUEST, MAX_BODY_BYTES } from './batch.ts';
import { BatchReplySchema, type WireResponse } from './schema.ts';

export { chunk, MAX_BODY_BYTES };
import { forgetDisplays, listEndedDisplays } from './displays.ts';
import { dropLease, enforceLimits, listOutbox, postpone, quarantine, readOutbox, settle, takeLease } from './outbox.ts';
import { postJson } from './post.ts';
import { classify, retryDelay, type Verdict } from './retry.ts';
import type { Kv } from './store.ts';
import { DEFAULT_LIMITS, OUTBOX_FORMAT, type Limits, type OutboxEntry, type SetAsideEntry } from './types.ts';
import { uuid } from './uuid.ts';

/** What one `flush()` did. */
export interface FlushResult {
  /** Responses the collector accepted in this flush. */
  sent: number;
  /** Responses still waiting in the outbox afterwards. */
  pending: number;
  /** Responses the collector refused in this flush, now set aside. */
  failed: number;
}

export interface SyncEvents {
  sent: { responses: WireResponse[] };
  failed: SetAsideEntry;
  retry: { count: number; reason: string; delayMs: number };
  /** An outbox bound was reached: responses set aside (`age`, `size`), old records deleted (`purge`), or automatic retries paused for this page (`retries`). */
  limit: { kind: 'age' | 'size' | 'purge' | 'retries'; count: number };
  /** Storage or sync trouble that loses nothing but deserves a look. */
  error: { reason: string; error?: unknown };
}

export interface SyncOptions {
  /** The store, read on every use: the SDK may swap IndexedDB for memory after a storage failure. */
  kv: () => Kv;
  endpoint: string;
  /** Lock name shared by every tab of this site using the same outbox. */
  lockName: string;
  batchSize: number;
  fetch: typeof fetch;
  now: () => number;
  random?: () => number;
  emit: <K extends keyof SyncEvents>(type: K, detail: SyncEvents[K]) => void;
  /** A request that takes longer is abandoned and retried (the collector's idempotency absorbs a late commit). */
  timeoutMs?: number;
  limits?: Limits;
  /** Retry on a timer while anything is pending; `false` leaves every send to an explicit `flush()`. */
  auto?: boolean;
}

const MAX_PERIOD_MS = 60_000;
const MIN_PERIOD_MS = 1_000;

const body = (rs: WireResponse[]) => JSON.stringify({ responses: rs });


/** The sync loop: batches the outbox to the collector, retries with backoff, and never deletes before a 2xx. */
export function createSync(o: SyncOptions) {
  const random = o.random ?? Math.random;
  const timeoutMs = o.timeoutMs ?? 15_000;
  const limits = o.limits ?? DEFAULT_LIMITS;
  const me = uuid();
  /** Failed automatic attempts in this page view; past `maxAutoRetries` the timer stops until `online`, `flush()` or a reload. */
  let autoFailures = 0;
  /** Newer-format records already reported by this tab (they stay in place; reported once). */
  const seenNewer = new Set<string>();
  /**
   * Newest known revision of everything pending, for the unload beacon, which cannot wait for IndexedDB.
   * Each item remembers when it was noted, so a slow outbox read cannot erase an answer given meanwhile.
   */
  const mirror = new Map<string, { r: WireResponse; tick: number }>();
  let tick = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<FlushResult> | undefined;
  let queued: Promise<FlushResult> | undefined;
  let forceQueued = false;
  let stopped = false;

  /** Syncs the mirror with an outbox read that started at `since`. */
  const remember = (entries: OutboxEntry[], since: number) => {
    const ids = new Set(entries.map((e) => e.response.id));
    for (const [id, m] of mirror) if (!ids.has(id) && m.tick < since) mirror.delete(id);
    for (const e of entries) {
      const m = mirror.get(e.response.id);
      if (!m || m.r.revision < e.response.revision) mirror.set(e.response.id, { r: e.response, tick: since });
    }
  };
  /** Reads the whole outbox and refreshes the mirror. */
  const pendingNow = async () => {
    const since = ++tick;
    const entries = await listOutbox(o.kv());
    remember(entries, since);
    return entries;
  };

  async function post(payload: string): Promise<{ verdict: Verdict; text: string }> {
    try {
      return await postJson(o.fetch, o.endpoint, payload, timeoutMs, async (res) => {
        const text = await res.text().catch(() => '');
        return { verdict: classify(res.status, res.headers.get('retry-after'), o.now(), text), text };
      });
    } catch {
      // fetch rejects for offline, DNS, CORS, reset connections and our own timeout: all "try again later".
      return { verdict: classify('network'), text: '' };
    }
  }

  function rejectedIn(text: string, rs: ReadonlyArray<{ id: string }>): Map<string, string> {
    const map = new Map<string, string>();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return map; // a 2xx with a non-JSON body accepts everything
    }
    const reply = BatchReplySchema.safeParse(json);
    const ids = new Set(rs.map((r) => r.id));
    if (reply.success) for (const r of reply.data.rejected ?? []) if (ids.has(r.id)) map.set(r.id, r.error ?? 'rejected by the collector');
    return map;
  }

  async function finish(rs: WireResponse[], rejected: Map<string, string>) {
    const { accepted, setAside } = await settle(o.kv(), rs, rejected, o.now());
    for (const r of rs) if (mirror.get(r.id)?.r.revision === r.revision) mirror.delete(r.id);
    if (accepted.length) o.emit('sent', { responses: accepted });
    for (const x of setAside) o.emit('failed', x);
    return { sent: accepted.length, failed: setAside.length, retry: false };
  }

  /** Sends one batch; on a 413 or other 4xx, halves it until the bad record stands alone. */
  async function send(entries: OutboxEntry[]): Promise<{ sent: number; failed: number; retry: boolean }> {
    const rs = entries.map((e) => e.response);
    const { verdict, text } = await post(body(rs));
    if (verdict.kind === 'ok') return finish(rs, rejectedIn(text, rs));
    if (verdict.kind === 'retry') {
      const attempt = Math.max(...entries.map((e) => e.attempts)) + 1;
      const delayMs = retryDelay(attempt, random, verdict.retryAfterMs);
      const t = o.now();
      await postpone(o.kv(), rs, t + delayMs, verdict.retryAfterMs === undefined ? undefined : t + verdict.retryAfterMs, verdict.reason);
      o.emit('retry', { count: rs.length, reason: verdict.reason, delayMs });
      return { sent: 0, failed: 0, retry: true };
    }
    if (entries.length === 1) return finish(rs, new Map([[rs[0]!.id, verdict.reason]]));
    const mid = Math.ceil(entries.length / 2);
    const a = await send(entries.slice(0, mid));
    if (a.retry) return a;
    const b = await send(entries.slice(mid));
    return { sent: a.sent + b.sent, failed: a.failed + b.failed, retry: b.retry };
  }

  /**
   * Sends ended displays (for the response rate), at most 500 and 60 KB per request. A refused display is reported and
   * forgotten: resending it cannot help. Anything retryable waits for the next flush.
   */
  async function sendDisplays(): Promise<void> {
    const all = await listEndedDisplays(o.kv());
    for (const part of chunk(all, DISPLAYS_PER_REQUEST)) {
      if (stopped) return;
      const { verdict, text } = await post(JSON.stringify({ displays: part }));
      if (verdict.kind === 'retry') return;
      if (verdict.kind !== 'ok') o.emit('error', { reason: `collector refused ${part.length} displays: ${verdict.reason}` });
      else for (const [id, error] of rejectedIn(text, part)) o.emit('error', { reason: `collector refused display ${id}: ${error}` });
      await forgetDisplays(o.kv(), part);
    }
  }

  function schedule(pending: OutboxEntry[]) {
    clearTimeout(timer);
    if (stopped || !pending.length || o.auto === false) return;
    if (autoFailures >= limits.maxAutoRetries) {
      o.emit('limit', { kind: 'retries', count: autoFailures });
      return;
    }
    const soonest = Math.max(pending[0]!.nextAt, pending[0]!.holdUntil ?? 0);
    const wait = Math.min(MAX_PERIOD_MS, Math.max(MIN_PERIOD_MS, soonest - o.now()));
    timer = setTimeout(() => void flush(), wait);
  }

  /** Reads the outbox, moving unreadable records and those past a bound out of the way first; `purge` once per flush. */
  async function load(purge: boolean): Promise<OutboxEntry[]> {
    const kv = o.kv();
    const since = ++tick;
    const { entries, corrupt, newer } = await readOutbox(kv);
    if (corrupt.length) {
      for (const c of await quarantine(kv, corrupt, o.now())) o.emit('error', { reason: `corrupt outbox record ${c.key} set aside: ${c.error}` });
    }
    for (const n of newer) {
      if (seenNewer.has(n.key)) continue;
      seenNewer.add(n.key);
      o.emit('error', { reason: `outbox record ${n.key} has format ${n.v}, newer than this library (${OUTBOX_FORMAT}); left for the newer version to send` });
    }
    const { kept, setAside, purged } = await enforceLimits(kv, entries, limits, o.now(), purge);
    for (const kind of ['age', 'size'] as const) {
      const n = setAside.filter((x) => x.reason === kind).length;
      if (n) o.emit('limit', { kind, count: n });
    }
    for (const x of setAside) o.emit('failed', x);
    if (purged) o.emit('limit', { kind: 'purge', count: purged });
    remember(kept, since);
    return kept;
  }

  async function run(force: boolean, renew: () => Promise<boolean>): Promise<FlushResult> {
    let sent = 0;
    let failed = 0;
    // After one success the collector is evidently up: later batches skip their backoff (never a Retry-After).
    let healthy = force;
    /** The collector asked us to wait (backoff or Retry-After still running, or it just failed). */
    let waiting = false;
    if (force) autoFailures = 0;
    for (let first = true; ; first = false) {
      const all = await load(first);
      const t = o.now();
      // Answers reach the collector in the order they were given: the oldest record decides whether
      // anything goes, and a batch is a prefix of the line (up to any record still under Retry-After).
      const head = all[0];
      waiting = !!head && ((head.holdUntil ?? 0) > t || (!healthy && head.nextAt > t));
      if (stopped || !head || waiting || !(await renew())) break;
      const held = all.findIndex((e) => (e.holdUntil ?? 0) > t);
      const due = held < 0 ? all : all.slice(0, held);
      const ids = new Set(chunk(due.slice(0, o.batchSize).map((e) => e.response), o.batchSize)[0]!.map((r) => r.id));
      const r = await send(due.filter((e) => ids.has(e.response.id)));
      sent += r.sent;
      failed += r.failed;
      if (r.retry) autoFailures++;
      else autoFailures = 0;
      waiting = r.retry;
      if (r.retry || stopped) break;
      healthy = true;
    }
    const pending = await pendingNow();
    // Displays go once answers are out of the way, not while answers wait out a backoff or Retry-After.
    if (!stopped && !waiting && (await renew())) await sendDisplays();
    schedule(pending);
    return { sent, pending: pending.length, failed };
  }

  async function busy(): Promise<FlushResult> {
    const pending = await pendingNow();
    clearTimeout(timer);
    if (!stopped && pending.length && o.auto !== false) timer = setTimeout(() => void flush(), 2 * MIN_PERIOD_MS + Math.floor(random() * MIN_PERIOD_MS));
    return { sent: 0, pending: pending.length, failed: 0 };
  }

  /**
   * One flusher per site at a time. Web Locks where available (released by the browser when a tab
   * dies); elsewhere a lease in IndexedDB that expires. The other tabs step back and look again later.
   */
  function locked(force: boolean): Promise<FlushResult> {
    const locks = (globalThis.navigator as Navigator | undefined)?.locks;
    if (locks?.request) return locks.request(o.lockName, { ifAvailable: true }, (lock) => (lock ? run(force, async () => true) : busy()));
    const ttl = timeoutMs + 10_000;
    const renew = () => takeLease(o.kv(), me, o.now(), ttl);
    return renew().then(async (mine) => {
      if (!mine) return busy();
      try {
        return await run(force, renew);
      } finally {
        await dropLease(o.kv(), me).catch(() => undefined); // it expires on its own anyway
      }
    });
  }

  /**
   * Sends what is due. `force` skips backoff (an `online` event, an explicit call) but still honours `Retry-After`.
   * Calls during a flush are folded into one follow-up flush, so parallel calls never send a record twice from one tab.
   */
  function flush(force = false): Promise<FlushResult> {
    if (!current) {
      current = locked(force).finally(() => {
        current = undefined;
      });
      return current;
    }
    forceQueued ||= force;
    queued ??= current.then(
      () => next(),
      () => next(),
    );
    return queued;
  }
  function next() {
    queued = undefined;
    const f = forceQueued;
    forceQueued = false;
    return flush(f);
  }

  /**
   * Offers everything pending to the unload path, in bodies under 64 KB, as `text/plain` so no CORS
   * preflight is needed. A beacon's `true` only means "queued by the browser": records stay in the
   * outbox until a later 2xx, and the collector's upsert absorbs the repeat.
   */
  function beacon(): number {
    const rs = [...mirror.values()].map((m) => m.r);
    if (!rs.length) return 0;
    let offered = 0;
    for (const part of chunk(rs, 1000)) {
      const blob = new Blob([body(part)], { type: 'text/plain;charset=UTF-8' });
      let ok = false;
      try {
        ok = typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(o.endpoint, blob);
        if (!ok) void o.fetch(o.endpoint, { method: 'POST', body: blob, keepalive: true, credentials: 'omit' }).catch(() => undefined);
      } catch {
        // sendBeacon throws on some invalid URLs; the records stay queued for the next load.
        break;
      }
      offered += part.length;
    }
    return offered;
  }

  return {
    flush,
    beacon,
    /** Makes a fresh answer known to the unload path at once. */
    noteQueued(r: WireResponse) {
      mirror.set(r.id, { r, tick: ++tick });
    },
    /** Forgets what the unload path would send (after `forget()`: those records are gone). */
    clear() {
      mirror.clear();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export type Sync = ReturnType<typeof createSync>;
