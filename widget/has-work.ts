import { deliveryRecord } from '../src/delivery-record.ts';
import { endedDisplays } from '../src/displays.ts';
import { DELIVERY, DISPLAY, OUTBOX, prefixRange, STORE } from '../src/keys.ts';
import { dueState, type Policy } from '../src/schedule.ts';
import type { DeliveryInput } from '../src/schema.ts';
import type { DeliveryState, DisplayRecord } from '../src/types.ts';
import { holdLoad } from './hold-load.ts';

/** What the loader found: a survey `due`, answers or ended displays `waiting`, nothing (`false`), or `undefined` when it cannot tell. */
export type Work = 'due' | 'waiting' | false | undefined;

/** As long as the SDK waits for a first `open` (src/store.ts openKv): Safari's first open sometimes never answers. */
const OPEN_TIMEOUT_MS = 3000;

/**
 * The loader's one look at IndexedDB: what this page has to do and, when `tagged` is given, the tag's
 * delivery recorded in the same transaction, in the SDK's own record format (`deliveryRecord`), so
 * a customer who leaves the order page at once is still asked days later (the load event waits for
 * the write: see `holdLoad`). With no database yet and nothing to record it creates nothing.
 * `undefined` (the SDK takes over) when IndexedDB cannot be read or written, throws on access, or
 * does not answer within 3 s.
 * @example await hasWork('aftercare', policy, { id: 'order-1042', deliveredAt: '2026-11-20T10:00:00Z' }, Date.now())
 */
export function hasWork(dbName: string, policy: Policy, tagged: DeliveryInput | undefined, now: number): Promise<Work> {
  const looked = new Promise<Work>((resolve) => {
    const timer = setTimeout(resolve, OPEN_TIMEOUT_MS); // resolves undefined
    const done = (v?: Work) => (clearTimeout(timer), resolve(v));
    let req: IDBOpenDBRequest;
    try {
      // Reading `indexedDB` itself throws a SecurityError in sandboxed iframes and with site data blocked.
      req = indexedDB.open(dbName);
    } catch {
      return done();
    }
    req.onupgradeneeded = () => {
      // No database yet: nothing recorded, nothing waiting. Abort rather than create it for a page
      // that has nothing to record; with a delivery to record, create the store as idb-keyval does.
      if (tagged) req.result.createObjectStore(STORE);
      else {
        req.transaction!.abort();
        done(false);
      }
    };
    req.onerror = (e) => (e.preventDefault(), done());
    req.onsuccess = () => {
      const db = req.result;
      let work: Work;
      try {
        const tx = db.transaction(STORE, tagged ? 'readwrite' : undefined); // undefined: readonly
        const store = tx.objectStore(STORE);
        const deliveries = store.getAll(prefixRange(DELIVERY));
        const displays = store.getAll(prefixRange(DISPLAY));
        const pending = store.count(prefixRange(OUTBOX));
        pending.onsuccess = () => {
          try {
            const known = deliveries.result as DeliveryState[];
            if (tagged) {
              const i = known.findIndex((d) => d.id === tagged.id);
              const next = deliveryRecord(known[i], tagged, now);
              if (next !== known[i]) store.put(next, DELIVERY + tagged.id);
              known[i < 0 ? known.length : i] = next;
            }
            const waiting = pending.result > 0 || endedDisplays(displays.result as DisplayRecord[]).length > 0;
            work = known.some((d) => dueState(d, now, policy, known) == 'due') ? 'due' : waiting && 'waiting';
          } catch {
            // A write refused on the spot (quota, a value it cannot clone): nothing is half-written.
            tx.abort();
          }
        };
        // Settled once the write (if any) is committed: only then is leaving the page harmless.
        tx.oncomplete = () => (db.close(), done(work));
        tx.onabort = () => (db.close(), done());
      } catch {
        db.close();
        done();
      }
    };
  });
  // The page's load event waits for the write (at most 500 ms), so leaving at it loses nothing.
  if (tagged) holdLoad(looked, 500);
  return looked;
}
