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
  readonly o: { dbName: string; endpoint: string; fetch: typeof fetch; timeoutMs: number };
  readonly records: typeof RECORDS;
  /** The SDK's IndexedDB store (idbKv), its memory store, and openKv with its fallback. */
  idb(): Kv;
  memory(): Kv;
  open(): Promise<{ kv: Kv; problem?: string }>;
  retryAfter(header: string | null): number | undefined;
  /** Forgets what the unload beacon would send. */
  clear(): void;
  emit(type: 'consent', detail: { consent: Consent; forgotten?: ForgetResult }): void;
  report(reason: string): void;
}

/** The store for `consent: 'pending'`: the outbox in IndexedDB (created on the first answer), the rest in memory. */
export const pendingStore = (h: PrivacyHost): Kv => pendingKv(lazyIdbKv(h.o.dbName, h.idb), h.memory(), h.records.pending);

/**
 * Deletes every record (this page's store and the database) and asks the collector to erase what the
 * tokens cover: all of them, or with `pendingOnly` those of answers not delivered yet. The page goes
 * on in memory: nothing is written again unless consent opens a new store.
 */
export async function erase(h: PrivacyHost, pendingOnly: boolean): Promise<ForgetResult> {
  const old = h.kv;
  h.kv = h.memory();
  h.clear();
  const { deleted, tokens } = await eraseLocal(old, h.idb, h.records, h.o.dbName, pendingOnly);
  return { deleted, tokens: tokens.length, collector: await postForget(h.o.endpoint, tokens, h.o.fetch, h.o.timeoutMs, h.retryAfter) };
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
    const { kv, problem } = await h.open();
    if (problem) h.report(problem);
    else {
      await persist(h.kv, kv, h.records);
      h.kv = kv;
    }
  }
  h.consent = value;
  h.emit('consent', forgotten ? { consent: value, forgotten } : { consent: value });
  return forgotten;
}
