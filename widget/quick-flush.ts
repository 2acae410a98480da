import { chunk } from '../src/batch.ts';
import { OUTBOX, prefixRange, STORE } from '../src/keys.ts';
import type { OutboxEntry } from '../src/types.ts';

/*
 * The loader's fast path for a page with answers waiting and nothing else to do: send them itself
 * instead of fetching the SDK. Only the plain case: Web Locks present and free, every record of the
 * current format and out of any backoff, every batch answered 2xx with nothing rejected. Anything
 * else returns false and the full SDK takes over (it resends harmlessly: the collector keeps the
 * highest revision). A record is deleted only after its 2xx, and only if no newer revision arrived.
 */

const MAX_BATCH = 100;
const TIMEOUT_MS = 15_000;

const req = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

/** Sends everything waiting; `true` when the outbox was emptied this way, `false` to hand over to the SDK. */
export async function quickFlush(dbName: string, endpoint: string, lockName: string): Promise<boolean> {
  const locks = navigator.locks;
  if (!locks?.request) return false;
  let db: IDBDatabase | undefined;
  try {
    db = await req(indexedDB.open(dbName));
    return await locks.request(lockName, { ifAvailable: true }, (lock) => (lock ? sendAll(db!, endpoint) : false));
  } catch {
    return false; // offline, a reset connection, a storage hiccup: all the SDK's to handle
  } finally {
    db?.close();
  }
}

async function sendAll(db: IDBDatabase, endpoint: string): Promise<boolean> {
  for (let round = 0; round < 20; round++) {
    const all = (await req(db.transaction(STORE).objectStore(STORE).getAll(prefixRange(OUTBOX)))) as OutboxEntry[];
    if (!all.length) return true;
    const now = Date.now();
    if (all.some((e) => e?.v !== 1 || typeof e.seq !== 'number' || e.nextAt > now || (e.holdUntil ?? 0) > now)) return false;
    // Oldest first, as the SDK sends them: a prefix of the line, within the count and size limits.
    all.sort((a, b) => a.seq - b.seq);
    const batch = chunk(all.slice(0, MAX_BATCH).map((e) => e.response), MAX_BATCH)[0]!;
    const ctrl = new AbortController();
    const t = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ responses: batch }),
        credentials: 'omit',
        cache: 'no-store',
        signal: ctrl.signal,
      });
      if (!res.ok) return false;
      const reply = await res.text();
      if (/"rejected"\s*:\s*\[\s*[^\]\s]/.test(reply)) return false; // a refusal to set aside: the SDK's job
    } finally {
      clearTimeout(t);
    }
    const tx = db.transaction(STORE, 'readwrite');
    const store = tx.objectStore(STORE);
    for (const r of batch) {
      const key = OUTBOX + r.id;
      store.get(key).onsuccess = (ev) => {
        const stored = (ev.target as IDBRequest<OutboxEntry | undefined>).result;
        if (stored && stored.response.revision <= r.revision) store.delete(key);
      };
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
  }
  return false;
}
