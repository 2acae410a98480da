import type { RECORDS } from './keys.ts';
import type { Kv, Writes } from './store.ts';
import type { DeliveryState } from './types.ts';

// Type imports only: the SDK loads this on demand (dist/aftercare-privacy.js, with forget.ts) and hands
// in what it needs; a runtime import would split what it shares with the SDK into a third file.

/*
 * Storage under `consent: 'pending'` (ePrivacy Art. 5(3): storing a delivery date and a survey timer
 * needs consent; holding an answer the customer chose to send until the collector has it is strictly
 * necessary). Deliveries, displays and timers live in memory for this page; only the outbox (`o:`)
 * is in IndexedDB, and the database is not even created until an answer is written.
 */

/**
 * Whether the database exists, without creating it: `indexedDB.databases()` where there is one, else
 * an open whose upgrade is aborted (for a database that did not exist, the abort deletes it again).
 */
export async function dbExists(name: string): Promise<boolean> {
  try {
    if (indexedDB.databases) return (await indexedDB.databases()).some((d) => d.name === name);
    return await new Promise<boolean>((resolve) => {
      const req = indexedDB.open(name);
      req.onupgradeneeded = () => (req.transaction!.abort(), resolve(false));
      req.onsuccess = () => (req.result.close(), resolve(true));
      req.onerror = (e) => (e.preventDefault(), resolve(false));
    });
  } catch {
    return false; // indexedDB itself throws (sandboxed frame, site data blocked): nothing stored there
  }
}

/**
 * IndexedDB (`open()`: the SDK's idbKv) that reads an absent database `dbName` as empty and creates it
 * only for a write that puts something.
 */
export function lazyIdbKv(dbName: string, open: () => Kv): Kv {
  let kv: Kv | undefined;
  let probe: Promise<boolean> | undefined;
  const there = async () => kv ?? ((await (probe ??= dbExists(dbName))) ? (kv = open()) : undefined);
  return {
    durable: true,
    get: async (key) => (await there())?.get(key),
    list: async (prefix) => (await there())?.list(prefix) ?? [],
    async mutate(keys, fn) {
      const k = await there();
      if (k) return k.mutate(keys, fn);
      const out = fn(keys.map(() => undefined));
      // Nothing to put (deleting what is not there): the database stays uncreated.
      if (!out.writes.put?.length) return out.result;
      return (kv = open()).mutate(keys, fn);
    },
  };
}

const split = (w: Writes, durable: (k: string) => boolean, want: boolean): Writes => ({
  put: (w.put ?? []).filter(([k]) => durable(k) === want),
  del: (w.del ?? []).filter((k) => durable(k) === want),
});

/**
 * The `pending` store: records under `prefix` (the outbox, `o:`) in `outbox` (IndexedDB, created on
 * the first answer), everything else in `memory`. A mutation touching both runs in the outbox's transaction; its memory part is
 * applied once that committed. Mutations run one at a time, so the memory part stays consistent.
 */
export function pendingKv(outbox: Kv, memory: Kv, prefix: string): Kv {
  const durable = (k: string) => k.startsWith(prefix);
  const of = (k: string) => (durable(k) ? outbox : memory);
  let queue: Promise<unknown> = Promise.resolve();
  const one = async <T>(keys: string[], fn: (values: unknown[]) => { writes: Writes; result: T }): Promise<T> => {
    const mem = await Promise.all(keys.map((k) => (durable(k) ? undefined : memory.get(k))));
    let rest: Writes = {};
    const dk = keys.filter(durable);
    if (!dk.length) {
      // Memory only (displays, timers): no IndexedDB transaction, unless the writes reach the outbox.
      const out = fn(mem);
      const d = split(out.writes, durable, true);
      if (d.put!.length || d.del!.length) await outbox.mutate([], () => ({ writes: d, result: undefined }));
      await memory.mutate([], () => ({ writes: split(out.writes, durable, false), result: undefined }));
      return out.result;
    }
    const result = await outbox.mutate(dk, (dv) => {
      let i = 0;
      const out = fn(keys.map((k, j) => (durable(k) ? dv[i++] : mem[j])));
      rest = split(out.writes, durable, false);
      return { writes: split(out.writes, durable, true), result: out.result };
    });
    await memory.mutate([], () => ({ writes: rest, result: undefined }));
    return result;
  };
  return {
    durable: true,
    get: (key) => of(key).get(key),
    list: (prefix) => of(prefix).list(prefix),
    mutate(keys, fn) {
      const run = queue.then(() => one(keys, fn));
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

/**
 * After `consent('granted')`: writes what memory held (deliveries and displays; answers are in the
 * outbox already) into IndexedDB. A delivery IndexedDB already knew from an earlier page keeps its
 * record, with this page's prompts, response and history added.
 */
export async function persist(from: Kv, to: Kv, records: typeof RECORDS): Promise<void> {
  const ds = await from.list<DeliveryState>(records.deliveries);
  // The outbox too: an IndexedDB write that failed under `pending` left the answers in memory.
  const shown = [...(await from.list<unknown>(records.displays)), ...(await from.list<unknown>(records.pending))];
  await to.mutate(
    ds.map(([k]) => k),
    (olds) => ({
      writes: {
        put: [
          ...ds.map(([k, d], i): [string, unknown] => {
            const old = olds[i] as DeliveryState | undefined;
            return [k, old ? { ...d, ...old, prompts: old.prompts + d.prompts, history: [...old.history, ...d.history.slice(1)], response: d.response ?? old.response, display: d.display ?? old.display, dismissedAt: d.dismissedAt ?? old.dismissedAt } : d];
          }),
          ...shown,
        ],
      },
      result: undefined,
    }),
  );
}
