import { answeredUrl, askAnswered } from '../src/answered.ts';
import { AftercareError } from '../src/errors.ts';
import { copyState, getDelivery, listCorrupt, listDeliveries, listOutbox, listSetAside, noteDelivery, noteElsewhere, putDelivery, saveAnswer } from '../src/outbox.ts';
import { atWave, dueList } from '../src/schedule.ts';
import { AnswerInputSchema, DeliveryInputSchema, fieldOf } from '../src/schema.ts';
import { idbKv, memoryKv, openKv, type Kv } from '../src/store.ts';
import type { PrivacyHost } from '../src/privacy.ts';
import { parseRetryAfter } from '../src/retry.ts';
import type { ForgetResult } from '../src/forget.ts';
import { createSync, type Sync } from '../src/sync.ts';
import { expireOrphans } from '../src/displays.ts';
import type { DisplayRecord } from '../src/types.ts';
import { uuid } from '../src/uuid.ts';
import { createEmitter } from './emitter.ts';
import { resolveOptions } from './options.ts';
import type { Aftercare, AftercareEvents, AftercareOptions } from './types.ts';

// Loaded on demand (dist/aftercare-privacy.js, aftercare-redact.js beside the SDK): with the default
// consent most pages never need the pending store, erasure or redaction.
const privacy = () => import('../src/privacy.ts');
const redacting = () => import('../src/redact.ts');

/** Where Web Locks are missing, a display left open this long by another page view counts as abandoned. */
const ORPHAN_MS = 3_600_000;

function check<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, value: unknown, call: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new AftercareError(fieldOf(r.error.issues[0]!, call), r.error.issues[0]!.message);
  return r.data;
}

/**
 * Creates the SDK: the delivery window, the IndexedDB outbox and the sync loop, with no UI.
 * Throws an `AftercareError` (message starts with `[aftercare]` and names the option) for invalid options.
 * @example
 * const aftercare = createAftercare({ endpoint: 'https://feedback.example.com/v1/responses' });
 * await aftercare.recordDelivery({ id: 'order-1042', deliveredAt: '2026-11-20T10:00:00Z' });
 * const [next] = await aftercare.due();
 */
export function createAftercare(options: AftercareOptions): Aftercare {
  const o = resolveOptions(options);
  const policy = o.policy;
  const events = createEmitter<AftercareEvents>();
  let kv: Kv = memoryKv();
  let sync: Sync | undefined;
  const cleanups: Array<() => void> = [];
  let destroyed = false;

  const report = (reason: string, error?: unknown) => events.emit('error', error === undefined ? { reason } : { reason, error });
  const background = (p: Promise<unknown>) => void p.catch((e) => report(`sync failed: ${(e as Error)?.message ?? e}`, e));

  // This page view: it holds a Web Lock of this name while it lives, so other tabs can tell a display
  // it still shows from one left open by a page that is gone.
  const view = uuid();
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks?.request) void locks.request(`aftercare-view:${view}`, () => new Promise<void>((release) => cleanups.push(release))).catch(() => undefined);

  if (o.redact.length) void redacting().catch(() => undefined); // fetched now, so an answer never waits for it
  const host: PrivacyHost = {
    get kv() {
      return kv;
    },
    set kv(k) {
      kv = k;
    },
    // The consent in force: the privacy chunk changes it here.
    consent: o.consent,
    o,
    idbKv,
    memoryKv,
    openKv,
    parseRetryAfter,
    clear: () => sync?.clear(),
    emit: events.emit,
    report,
  };
  /**
   * Runs `fn` of the privacy chunk on this instance. When the chunk cannot be fetched (offline) the
   * page goes on in memory and, unless `keep` (consent pending or granted), the database goes anyway,
   * uncounted; `collector.error` says why (the browser's error names the file), and `storage` is `memory`.
   */
  const withPrivacy = <T>(fn: (m: typeof import('../src/privacy.ts'), h: PrivacyHost) => Promise<T>, keep?: boolean) =>
    privacy().then(
      (m) => fn(m, host),
      (e): ForgetResult => {
        kv = memoryKv();
        try {
          if (!keep) indexedDB.deleteDatabase(o.dbName);
        } catch {
          // No IndexedDB here: nothing was stored in it.
        }
        return { deleted: { deliveries: 0, pending: 0, setAside: 0, displays: 0, corrupt: 0 }, tokens: 0, collector: { status: 'offline', error: String(e) } };
      },
    );
  const opening: Promise<{ kv: Kv; problem?: string }> = o.consent === 'granted' ? openKv(o.dbName) : withPrivacy((m, h) => m.start(h), o.consent === 'pending').then(() => ({ kv }));
  const ready = opening.then(({ kv: opened, problem }) => {
    kv = opened;
    sync = createSync({
      kv: () => kv,
      limits: o.limits,
      endpoint: o.endpoint,
      lockName: `aftercare:${o.dbName}`,
      batchSize: o.batchSize,
      timeoutMs: o.timeoutMs,
      auto: o.autoSync,
      fetch: o.fetch,
      now: o.now,
      emit: (type, detail) => events.emit(type, detail as AftercareEvents[typeof type]),
    });
    // On a later task, so listeners added right after createAftercare() (or on `aftercare:ready`) hear it.
    if (problem) setTimeout(() => report(problem));
    if (destroyed) sync.stop();
    else if (o.autoSync && typeof window !== 'undefined' && typeof document !== 'undefined') {
      const s = sync;
      const on = (target: EventTarget, type: string, fn: () => void) => {
        target.addEventListener(type, fn);
        cleanups.push(() => target.removeEventListener(type, fn));
      };
      on(window, 'online', () => background(s.flush(true)));
      // pagehide covers bfcache and closing; visibilitychange is the last reliable event on mobile.
      on(window, 'pagehide', () => s.beacon());
      on(document, 'visibilitychange', () => {
        if (document.visibilityState === 'hidden') s.beacon();
      });
      background(s.flush());
    }
    if (!destroyed && typeof window !== 'undefined') {
      window.addEventListener('pagehide', endOpenDisplay);
      cleanups.push(() => window.removeEventListener('pagehide', endOpenDisplay));
    }
    if (!destroyed) background(expireStale());
  });

  /** Ends as expired the displays that page views now gone left open (Web Locks tell; elsewhere, after an hour). */
  const expireStale = async () => {
    const held = locks?.query ? new Set(((await locks.query()).held ?? []).map((l) => l.name)) : undefined;
    const now = o.now();
    const alive = (r: DisplayRecord) => (held ? held.has(`aftercare-view:${r.view}`) : now - Date.parse(r.display.shownAt) < ORPHAN_MS);
    const n = await expireOrphans(kv, alive, ctx());
    if (n && o.autoSync) background(sync!.flush());
  };

  // Answers apply in call order: arrow keys in a radio group fire several picks within milliseconds,
  // and the last one the customer chose must be the last revision written.
  let answers: Promise<unknown> = Promise.resolve();
  const inOrder = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = answers.then(fn, fn);
    answers = run.catch(() => undefined);
    return run;
  };

  /**
   * Runs a write; when IndexedDB refuses it (quota exceeded, connection lost for good, private-mode
   * quirks), switches this page to memory, carrying every delivery and pending answer over, so
   * answers still go out while the page is open, and says so through the `error` event.
   */
  const write = async <T>(op: (k: Kv) => Promise<T>): Promise<T> => {
    await ready;
    // The store this write used: when two writes fail at once, the second must not take the first's
    // switch to memory for a failure of memory itself and rethrow.
    const old = kv;
    try {
      return await op(old);
    } catch (e) {
      if (e instanceof AftercareError || !old.durable) throw e;
      const memory = memoryKv();
      await copyState(old, memory);
      if (kv === old) {
        kv = memory;
        report(`IndexedDB write failed (${(e as Error)?.name ?? e}); answers on this page are kept in memory only`, e);
      }
      return op(kv);
    }
  };

  // consent() calls run one at a time, in call order, once storage is open.
  let consenting: Promise<unknown> = ready;

  const withKv = async () => {
    await ready;
    return kv;
  };
  const ctx = () => ({ now: o.now(), view, locale: o.locale, page: page(), policy, channel: o.channel });
  /** `checkAnswered` asks once per delivery and wave per page view: what it asked, by `${wave} ${id}`. */
  const asked = new Map<string, Promise<boolean>>();
  const answeredAt = answeredUrl(o.endpoint);
  /**
   * The surveys this page shows (a headless UI may show more than one): ended as expired when the page
   * goes (best effort; the next load catches the rest).
   */
  const showing = new Set<string>();
  const endOpenDisplay = () => {
    for (const id of showing) void write((k) => noteDelivery(k, id, 'hidden', ctx())).catch(() => undefined);
  };
  const page = () =>
    o.collectPage && typeof location !== 'undefined' && /^https?:$/.test(location.protocol)
      ? { origin: location.origin, path: location.pathname }
      : undefined;

  const api: Aftercare = {
    endpoint: o.endpoint,
    locale: o.locale,
    // The store in use says it: IndexedDB (also the pending store, whose outbox is there), or memory.
    get storage() {
      return kv.durable ? 'indexeddb' : 'memory';
    },
    ready,
    async recordDelivery(input) {
      const d = check(DeliveryInputSchema, input, 'recordDelivery');
      return write((k) => putDelivery(k, d, o.now()));
    },
    policy: o.policy,
    async due() {
      const all = await listDeliveries(await withKv());
      return host.consent === 'denied' ? [] : dueList(all, o.now(), policy);
    },
    async delivery(id) {
      return getDelivery(await withKv(), id);
    },
    async checkAnswered(id) {
      // Nothing shows for a customer who said no: nothing to ask about.
      if (host.consent === 'denied') return false;
      const stored = await getDelivery(await withKv(), id);
      if (!stored) throw new AftercareError('checkAnswered', `no delivery "${id}" was recorded; call recordDelivery() first`);
      const now = o.now();
      const d = atWave(stored, now, policy);
      const wave = d.wave ?? 0;
      if (d.response || d.elsewhere === wave) return true;
      if (!answeredAt) return false;
      const key = `${wave} ${id}`;
      let known = asked.get(key);
      if (!known) {
        known = askAnswered(o.fetch, answeredAt, { deliveryId: id, wave, deliveryToken: d.token }).then(
          (yes) =>
            yes &&
            // Kept, so no later page view shows it or asks again. Should the write fail even in memory
            // (write() reported the switch to memory already), it is still not shown on this page.
            write((k) => noteElsewhere(k, id, wave, now)).then(
              () => true,
              () => true,
            ),
        );
        asked.set(key, known);
      }
      return known;
    },
    async markShown(id) {
      const d = await write((k) => noteDelivery(k, id, 'shown', ctx()));
      showing.add(id);
      events.emit('shown', { delivery: d });
      return d;
    },
    async markHidden(id) {
      const d = await write((k) => noteDelivery(k, id, 'hidden', ctx()));
      showing.delete(id);
      if (o.autoSync) background(sync!.flush());
      return d;
    },
    async dismiss(id, options) {
      const later = options?.later === true;
      const d = await write((k) => noteDelivery(k, id, 'dismissed', ctx(), later));
      showing.delete(id);
      events.emit('dismissed', { delivery: d, later });
      if (o.autoSync) background(sync!.flush());
      return d;
    },
    async answer(input) {
      const a = check(AnswerInputSchema, input, 'answer');
      if (host.consent === 'denied') throw new AftercareError('answer', 'expected consent("granted") first');
      if (a.comment && o.redact.length) a.comment = (await redacting()).redactText(a.comment, o.redact);
      const response = await inOrder(() => write((k) => saveAnswer(k, a, ctx())));
      showing.delete(a.deliveryId);
      sync!.noteQueued(response);
      events.emit('answered', { response });
      if (o.autoSync) background(sync!.flush());
      return response;
    },
    async flush() {
      await ready;
      return sync!.flush(true);
    },
    async outbox() {
      const k = await withKv();
      return { pending: await listOutbox(k), setAside: await listSetAside(k), corrupt: await listCorrupt(k) };
    },
    get consentStatus() {
      return host.consent;
    },
    consent(value) {
      if (value !== 'granted' && value !== 'denied') throw new AftercareError('consent', `expected "granted" or "denied", got ${JSON.stringify(value)}`);
      // Offline, granting keeps the database (only what this page holds stays in memory).
      const run = consenting.then(() => withPrivacy((m, h) => m.setConsent(h, value), value === 'granted'));
      consenting = run.catch(() => undefined);
      return run;
    },
    forget: () => ready.then(() => withPrivacy((m, h) => m.erase(h, false))),
    on: events.on,
    destroy() {
      destroyed = true;
      sync?.stop();
      for (const c of cleanups.splice(0)) c();
      events.clear();
    },
  };
  return api;
}
