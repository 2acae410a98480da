/**
 * Where Aftercare keeps things in IndexedDB: one database, one object store, key prefixes. Shared by the
 * outbox and by the script-tag loader, which peeks at the same records without loading the SDK.
 *   d:<deliveryId>  DeliveryState
 *   o:<responseId>  OutboxEntry      (newest revision waiting for a 2xx)
 *   x:<responseId>  SetAsideEntry    (refused by the collector, or past an outbox bound)
 *   c:<key>         CorruptEntry     (an unreadable outbox record, moved out of the way)
 *   s:<displayId>   DisplayRecord    (a survey display: open, or ended and waiting for a 2xx)
 *   l:flush         Lease            (cross-tab flush lock where Web Locks are missing)
 */
export const DEFAULT_DB = 'aftercare';
export const STORE = 'kv';
export const DELIVERY = 'd:';
export const OUTBOX = 'o:';
export const SET_ASIDE = 'x:';
export const CORRUPT = 'c:';
export const DISPLAY = 's:';
export const LEASE = 'l:flush';

/** Every key starting with `prefix`. */
export const prefixRange = (prefix: string) => IDBKeyRange.bound(prefix, `${prefix}\uffff`);

/** The kinds of record `forget()` counts, by prefix (src/privacy.ts spells them out; tsc holds them equal). */
export const RECORDS = { deliveries: DELIVERY, pending: OUTBOX, setAside: SET_ASIDE, displays: DISPLAY, corrupt: CORRUPT } as const;
