import { createStore, promisifyRequest } from 'idb-keyval';
import { prefixRange, STORE } from './keys.ts';

/** Writes applied atomically with the reads that decided them. */
export interface Writes {
  put?: Array<[string, unknown]>;
  del?: string[];
}

/** The tiny key-value surface the outbox needs; one IndexedDB object store, or memory when IndexedDB fails. */
export interface Kv {
  /** `false` when answers live only in memory (IndexedDB unavailable); they still go out while the page is open. */
  readonly durable: boolean;
  get<T>(key: string): Promise<T | undefined>;
  /** Every `[key, value]` whose key starts with `prefix`, in key order. */
  list<T>(prefix: string): Promise<Array<[string, T]>>;
  /** Reads `keys`, hands their values to `fn`, applies the writes it returns, all in one transaction. */
  mutate<T>(keys: string[], fn: (values: unknown[]) => { writes: Writes; result: T }): Promise<T>;
}


/** IndexedDB-backed store through idb-keyval; reopens once when the browser closed the connection under us. */
export function idbKv(dbName: string): Kv {
  const open = () => {
    const s = createStore(dbName, STORE);
    // A newer tab upgrading the database sends `versionchange`; closing lets its upgrade go ahead
    // instead of blocking it, and our next transaction (InvalidStateError below) opens a fresh connection.
    void s('readonly', (os) => {
      const db = os.transaction.db;
      db.onversionchange = () => db.close();
    }).catch(() => undefined);
    return s;
  };
  let store = open();
  const run = async <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => T | PromiseLike<T>): Promise<T> => {
    try {
      return await store(mode, fn);
    } catch (e) {
      // "The database connection is closing": Safari drops idle connections and Chrome closes them on
      // storage pressure or a versionchange; idb-keyval caches the dead connection, so open a new one.
      if ((e as Error | null)?.name !== 'InvalidStateError') throw e;
      store = open();
      return store(mode, fn);
    }
  };
  return {
    durable: true,
    get: (key) => run('readonly', (s) => promisifyRequest(s.get(key))),
    list: <T>(prefix: string) =>
      run('readonly', (s) => {
        const range = prefixRange(prefix);
        return Promise.all([promisifyRequest(s.getAllKeys(range)), promisifyRequest(s.getAll(range))]).then(
          ([keys, values]) => keys.map((k, i) => [String(k), values[i] as T] as [string, T]),
        );
      }),
    mutate: (keys, fn) =>
      run(
        'readwrite',
        (s) =>
          new Promise((resolve, reject) => {
            const values: unknown[] = [];
            let left = keys.length;
            let result: unknown;
            const apply = () => {
              try {
                const out = fn(values);
                result = out.result;
                for (const [k, v] of out.writes.put ?? []) s.put(v, k);
                for (const k of out.writes.del ?? []) s.delete(k);
              } catch (e) {
                reject(e);
                s.transaction.abort();
              }
            };
            // Callbacks, not awaits: a transaction auto-commits once no request is pending at a task boundary.
            keys.forEach((k, i) => {
              const r = s.get(k);
              r.onsuccess = () => {
                values[i] = r.result;
                if (--left === 0) apply();
              };
            });
            if (left === 0) apply();
            s.transaction.oncomplete = () => resolve(result as never);
            s.transaction.onabort = s.transaction.onerror = () => reject(s.transaction.error ?? new Error('transaction aborted'));
          }),
      ),
  };
}

/** Same contract in memory (structured clones, like IndexedDB), for when IndexedDB is unavailable. */
export function memoryKv(): Kv {
  const map = new Map<string, unknown>();
  const clone = <T>(v: T): T => (v === undefined ? v : structuredClone(v));
  return {
    durable: false,
    get: async (key) => clone(map.get(key)) as never,
    list: async (prefix) =>
      [...map.keys()]
        .filter((k) => k.startsWith(prefix))
        .sort()
        .map((k) => [k, clone(map.get(k))] as [string, never]),
    mutate: async (keys, fn) => {
      const out = fn(keys.map((k) => clone(map.get(k))));
      for (const [k, v] of out.writes.put ?? []) map.set(k, clone(v));
      for (const k of out.writes.del ?? []) map.delete(k);
      return out.result;
    },
  };
}

/**
 * Opens the outbox store, falling back to memory (and saying why) when IndexedDB is missing, blocked,
 * or its first `open` never answers (seen in Safari and in some private modes).
 */
export async function openKv(dbName: string, timeoutMs = 3000): Promise<{ kv: Kv; problem?: string }> {
  try {
    // Inside the try: sandboxed iframes, blocked site data and some web views throw a SecurityError
    // on reading the `indexedDB` property itself, not on `open()`.
    if (typeof indexedDB === 'undefined') return { kv: memoryKv(), problem: 'IndexedDB is unavailable in this browser; answers are kept in memory only' };
    const kv = idbKv(dbName);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      kv.get('meta:probe'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new DOMException(`indexedDB.open did not answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    return { kv };
  } catch (e) {
    // String(e) names the cause: "SecurityError: The operation is insecure.", "TimeoutError: …".
    return { kv: memoryKv(), problem: `IndexedDB failed (${String(e)}); answers are kept in memory only` };
  }
}
