import { chunk, DISPLAYS_PER_REQUEST } from '../src/batch.ts';
import { endedDisplays } from '../src/displays.ts';
import { DISPLAY, OUTBOX, prefixRange, STORE } from '../src/keys.ts';
import type { DisplayRecord, OutboxEntry } from '../src/types.ts';

/*
 * The loader's fast path for a page with records waiting and nothing else to do: send them itself
 * instead of fetching the SDK. Answers first, then ended displays, as the SDK sends them. Only the
 * plain case: Web Locks present and free, every answer of the current format and out of any backoff,
 * every batch answered 2xx with nothing rejected. Anything else returns false and the full SDK takes
 * over (it resends harmlessly: the collector keeps the highest revision and the best outcome). A
 * record is deleted only after its 2xx, and only if nothing newer arrived meanwhile.
 */

const MAX_BATCH = 100;
const TIMEOUT_MS = 15_000;

const req = <T>(r: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });

/** Sends everything waiting; `true` when it all went this way, `false` to hand over to the SDK. */
export async function quickFlush(dbName: string, endpoint: string, lockName: string): Promise<boolean> {
  const locks = navigator.locks;
  if (!locks?.request) return false;
  let db: IDBDatabase | undefined;
  try {
    db = await req(indexedDB.open(dbName));
    return await locks.request(lockName, { ifAvailable: true }, async (lock) => !!lock && (await sendAnswers(db!, endpoint)) && sendDisplays(db!, endpoint));
  } catch {
    return false; // offline, a reset connection, a storage hiccup: all the SDK's to handle
  } finally {
    db?.close();
  }
}

/** POSTs one body; `true` only for a 2xx that refused nothing (a refusal is the SDK's to report). */
async function post(endpoint: string, body: string): Promise<boolean> {
  const ctrl = new AbortController();
  const t = setTimeout(() => ctrl.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      credentials: 'omit',
      cache: 'no-store',
      signal: ctrl.signal,
    });
    return res.ok && !/"rejected"\s*:\s*\[\s*[^\]\s]/.test(await res.text());
  } finally {
    clearTimeout(t);
  }
}

/** Deletes the records under `keys` that `unchanged` says are still the ones sent, in one transaction. */
function forget<T>(db: IDBDatabase, keys: string[], unchanged: (stored: T, i: number) => boolean): Promise<void> {
  const tx = db.transaction(STORE, 'readwrite');
  const store = tx.objectStore(STORE);
  keys.forEach((key, i) => {
    store.get(key).onsuccess = (ev) => {
      const stored = (ev.target as IDBRequest<T | undefined>).result;
      if (stored && unchanged(stored, i)) store.delete(key);
    };
  });
  return new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
}

async function sendAnswers(db: IDBDatabase, endpoint: string): Promise<boolean> {
  for (let round = 0; round < 20; round++) {
    const all = (await req(db.transaction(STORE).objectStore(STORE).getAll(prefixRange(OUTBOX)))) as OutboxEntry[];
    if (!all.length) return true;
    const now = Date.now();
    if (all.some((e) => e?.v !== 1 || typeof e.seq !== 'number' || e.nextAt > now || (e.holdUntil ?? 0) > now)) return false;
    // Oldest first, as the SDK sends them: a prefix of the line, within the count and size limits.
    all.sort((a, b) => a.seq - b.seq);
    const batch = chunk(all.slice(0, MAX_BATCH).map((e) => e.response), MAX_BATCH)[0]!;
    if (!(await post(endpoint, JSON.stringify({ responses: batch })))) return false;
    await forget<OutboxEntry>(db, batch.map((r) => OUTBOX + r.id), (e, i) => e.response.revision <= batch[i]!.revision);
  }
  return false;
}

async function sendDisplays(db: IDBDatabase, endpoint: string): Promise<boolean> {
  const all = endedDisplays((await req(db.transaction(STORE).objectStore(STORE).getAll(prefixRange(DISPLAY)))) as DisplayRecord[]);
  for (const part of chunk(all, DISPLAYS_PER_REQUEST)) {
    if (!(await post(endpoint, JSON.stringify({ displays: part })))) return false;
    // A display ended better meanwhile (expired, then answered in a tab still showing it) stays for the SDK.
    await forget<DisplayRecord>(db, part.map((x) => DISPLAY + x.id), (r, i) => r.display.outcome === part[i]!.outcome);
  }
  return true;
}
