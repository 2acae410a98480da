import { lazyIdbKv, pendingKv, persist } from './consent-store.ts';
import { eraseLocal, postForget, type ForgetResult } from './forget.ts';
import type { RECORDS } from './keys.ts';
import type { Consent } from './schema.ts';
import type { Kv } from './store.ts';

/*
 * The SDK's consent and erasure machinery, loaded on demand as dist/aftercare-privacy.js: with the
 * default consent (`granted`) a page fetches it only when forget() or consent() is called. Type
 * imports only (but its own two files): the SDK hands in what it needs through `PrivacyHost`.
 */

export { dbExists, lazyIdbKv, pendingKv, persist } from './consent-store.ts';
export { eraseLocal, postForget, type ErasedCounts, type ForgetCounts, type ForgetItem, type ForgetRemote, type ForgetResult } from './forget.ts';

/** What the SDK instance lends this chunk: its store and consent (read and replaced here), and its tools. */
export interface PrivacyHost {
  kv: Kv;
  consent: Consent;
  readonly o: { dbName: string; endpoint: string; fetch: typeof fetch; timeoutMs: number; now(): number };
  /** The SDK's own idbKv, memoryKv, openKv (with its fallback) and parseRetryAfter. */
  idbKv(dbName: string): Kv;
  memoryKv(): Kv;
  openKv(dbName: string): Promise<{ kv: Kv; problem?: string }>;
  parseRetryAfter(header: string | null, now: number): number | undefined;
  /** Forgets what the unload beacon would send. */
  clear(): void;
  emit(type: 'consent', detail: { consent: Consent; forgotten?: ForgetResult }): void;
  report(reason: string): void;
}

/**
 * The kinds of record forget() counts, by key prefix: src/keys.ts's RECORDS, spelled out (a runtime
 * import would split keys.ts out of the SDK); `typeof RECORDS` makes tsc hold them equal.
 */
const records: typeof RECORDS = { deliveries: 'd:', pending: 'o:', setAside: 'x:', displays: 's:', corrupt: 'c:' };

/** The store for `consent: 'pending'`: the outbox in IndexedDB (created on the first answer), the rest in memory. */
export const pendingStore = (h: PrivacyHost): Kv => pendingKv(lazyIdbKv(h.o.dbName, idb(h)), h.memoryKv(), records.pending);

const idb = (h: PrivacyHost) => () => h.idbKv(h.o.dbName);

/**
 * A page starting without consent: `pending` keeps all but the outbox in memory; `denied` erases
 * (answers not delivered yet are withdrawn at the collector) and says so with a `consent` event.
 */
export async function start(h: PrivacyHost): Promise<void> {
  if (h.consent === 'pending') h.kv = pendingStore(h);
  else {
    const forgotten = await erase(h, true);
    // On a later task: listeners added right after createAftercare() hear it.
    setTimeout(() => h.emit('consent', { consent: 'denied', forgotten }));
  }
}

/**
 * Deletes every record (this page's store and the database) and asks the collector to erase what the
 * tokens cover: all of them, or with `pendingOnly` those of answers not delivered yet. The page goes
 * on in memory: nothing is written again unless consent opens a new store.
 */
export async function erase(h: PrivacyHost, pendingOnly: boolean): Promise<ForgetResult> {
  const old = h.kv;
  h.kv = h.memoryKv();
  h.clear();
  const { deleted, tokens } = await eraseLocal(old, idb(h), records, h.o.dbName, pendingOnly);
  return { deleted, tokens: tokens.length, collector: await postForget(h.o.endpoint, tokens, h.o.fetch, h.o.timeoutMs, (v) => h.parseRetryAfter(v, h.o.now())) };
}

/**
 * `consent(value)`: `granted` writes what memory held to IndexedDB and stores as usual from now on;
 * `denied` erases (answers not delivered yet are withdrawn at the collector). Emits `consent`.
 */
export async function setConsent(h: PrivacyHost, value: 'granted' | 'denied'): Promise<ForgetResult | undefined> {
  if (value === h.consent) return undefined;
  let forgotten: ForgetResult | undefined;
  if (value === 'denied') forgotten = await erase(h, true);
  else {
    const { kv, problem } = await h.openKv(h.o.dbName);
    if (problem) h.report(problem);
    else {
      await persist(h.kv, kv, records);
      h.kv = kv;
    }
  }
  h.consent = value;
  h.emit('consent', forgotten ? { consent: value, forgotten } : { consent: value });
  return forgotten;
}
