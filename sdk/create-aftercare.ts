import { AftercareError } from '../src/errors.ts';
import { copyState, getDelivery, listCorrupt, listDeliveries, listOutbox, listSetAside, noteDelivery, putDelivery, saveAnswer } from '../src/outbox.ts';
import { dueList } from '../src/schedule.ts';
import { AnswerInputSchema, DeliveryInputSchema, fieldOf } from '../src/schema.ts';
import { memoryKv, openKv, type Kv } from '../src/store.ts';
import { createSync, type Sync } from '../src/sync.ts';
import { expireOrphans } from '../src/displays.ts';
import type { DisplayRecord } from '../src/types.ts';
import { uuid } from '../src/uuid.ts';
import { createEmitter } from './emitter.ts';
import { resolveOptions } from './options.ts';
import type { Aftercare, AftercareEvents, AftercareOptions } from './types.ts';

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
  let storage: Aftercare['storage'] = 'memory';
  const cleanups: Array<() => void> = [];
  let destroyed = false;

  const report = (reason: string, error?: unknown) => events.emit('error', error === undefined ? { reason } : { reason, error });
  const background = (p: Promise<unknown>) => void p.catch((e) => report(`sync failed: ${(e as Error)?.message ?? e}`, e));

  // This page view: it holds a Web Lock of this name while it lives, so other tabs can tell a display
  // it still shows from one left open by a page that is gone.
  const view = uuid();
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks?.request) void locks.request(`aftercare-view:${view}`, () => new Promise<void>((release) => cleanups.push(release))).catch(() => undefined);

  const ready = openKv(o.dbName).then(({ kv: opened, problem }) => {
    kv = opened;
    storage = opened.durable ? 'indexeddb' : 'memory';
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
    try {
      return await op(kv);
    } catch (e) {
      if (e instanceof AftercareError || !kv.durable) throw e;
      const old = kv;
      const memory = memoryKv();
      await copyState(old, memory);
      if (kv === old) {
        kv = memory;
        storage = 'memory';
        report(`IndexedDB write failed (${(e as Error)?.name ?? e}); answers on this page are kept in memory only`, e);
      }
      return op(kv);
    }
  };

  const withKv = async () => {
    await ready;
    return kv;
  };
  const ctx = () => ({ now: o.now(), view, locale: o.locale, page: page() });
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
    get storage() {
      return storage;
    },
    ready,
    async recordDelivery(input) {
      const d = check(DeliveryInputSchema, input, 'recordDelivery');
      return write((k) => putDelivery(k, d, o.now()));
    },
    policy: o.policy,
    async due() {
      return dueList(await listDeliveries(await withKv()), o.now(), policy);
    },
    async delivery(id) {
      return getDelivery(await withKv(), id);
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
