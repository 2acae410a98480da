// The loader's one look at IndexedDB (widget/has-work.ts): what the page has to do, and the tag's
// delivery recorded with the SDK's own writer (src/delivery-record.ts) in the same transaction, so the
// SDK later reads exactly what it would have written itself. Storage faults answer `undefined` (the
// SDK takes over), never an exception.
import { afterEach, describe, expect, test, vi } from 'vitest';
import { deliveryRecord } from '../../src/delivery-record.ts';
import { putDelivery } from '../../src/outbox.ts';
import { DEFAULT_POLICY } from '../../src/schedule.ts';
import { idbKv, memoryKv } from '../../src/store.ts';
import type { DeliveryState } from '../../src/types.ts';
import { hasWork } from '../../widget/has-work.ts';
import { DAY, sdk, T0 } from './helpers.ts';

const AT = new Date(T0).toISOString();
const TAG = { id: 'order-1042', deliveredAt: AT, surveys: ['csat' as const], customerId: 'c-7' };
const fresh = () => `hw-${Math.random()}`;
const names = async () => (await indexedDB.databases()).map((d) => d.name);

afterEach(() => vi.restoreAllMocks());

describe('deliveryRecord, the one writer of delivery records', () => {
  test('a first recording: the record format, with one sampling roll and a `recorded` line', () => {
    expect(deliveryRecord(undefined, { ...TAG, token: 'jwt' }, T0 + 1000, () => 0.25)).toEqual({
      id: 'order-1042',
      deliveredAt: AT,
      surveys: ['csat'],
      customerId: 'c-7',
      token: 'jwt',
      recordedAt: new Date(T0 + 1000).toISOString(),
      prompts: 0,
      sample: 0.25,
      history: [{ at: new Date(T0 + 1000).toISOString(), type: 'recorded' }],
    });
  });

  test('nothing changed: the stored record itself (no write, no history line, no new roll)', () => {
    const stored = deliveryRecord(undefined, TAG, T0);
    expect(deliveryRecord(stored, TAG, T0 + DAY, () => 0.9)).toBe(stored);
    // Fields the input leaves out are kept: a page whose tag has no token keeps the stored one.
    const signed = deliveryRecord(undefined, { ...TAG, token: 'jwt' }, T0);
    expect(deliveryRecord(signed, TAG, T0 + DAY)).toBe(signed);
  });

  test('a change: the new values, and an `updated` line with the previous ones; the roll and the first time stay', () => {
    const stored = deliveryRecord(undefined, TAG, T0, () => 0.5);
    const next = deliveryRecord(stored, { ...TAG, surveys: ['csat', 'nps'], token: 'jwt' }, T0 + DAY, () => 0.9);
    expect(next).toEqual({
      ...stored,
      surveys: ['csat', 'nps'],
      token: 'jwt',
      history: [stored.history[0], { at: new Date(T0 + DAY).toISOString(), type: 'updated', previous: { surveys: ['csat'], token: undefined } }],
    });
    expect(stored.surveys).toEqual(['csat']); // the stored record is not mutated
  });

  test('the SDK writes through it: putDelivery stores what deliveryRecord makes', async () => {
    const kv = memoryKv();
    const first = await putDelivery(kv, TAG, T0, () => 0.3);
    expect(first).toEqual(deliveryRecord(undefined, TAG, T0, () => 0.3));
    const again = await putDelivery(kv, { ...TAG, customerId: 'c-8' }, T0 + DAY);
    expect(again).toEqual(deliveryRecord(first, { ...TAG, customerId: 'c-8' }, T0 + DAY));
    expect(await kv.get('d:order-1042')).toEqual(again);
  });
});

describe('hasWork: the loader reads once and records the tag in the same transaction', () => {
  test('no database and no delivery on the tag: nothing to do, and no database created', async () => {
    const db = fresh();
    expect(await hasWork(db, DEFAULT_POLICY, undefined, T0)).toBe(false);
    expect(await names()).not.toContain(db);
  });

  test('no database, a delivery on the tag: created and recorded as the SDK would have, then the SDK reads it', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.42);
    const db = fresh();
    expect(await hasWork(db, DEFAULT_POLICY, TAG, T0 + 1000)).toBe(false);
    const stored = await idbKv(db).get<DeliveryState>('d:order-1042');
    expect(stored).toEqual(deliveryRecord(undefined, TAG, T0 + 1000, () => 0.42));

    // The SDK on the same database: the same record, and recording the tag again changes nothing.
    const { a, clock } = sdk({ dbName: db });
    clock.now = T0 + 2000;
    expect(await a.delivery('order-1042')).toEqual(stored);
    expect(await a.recordDelivery(TAG)).toEqual(stored);
    clock.now = T0 + 4 * DAY;
    expect((await a.due()).map((d) => d.id)).toEqual(['order-1042']);
    a.destroy();
  });

  test('the same tag again: nothing written; a changed tag: updated in place, as recordDelivery() would', async () => {
    const db = fresh();
    await hasWork(db, DEFAULT_POLICY, TAG, T0);
    const first = (await idbKv(db).get<DeliveryState>('d:order-1042'))!;
    expect(await hasWork(db, DEFAULT_POLICY, TAG, T0 + DAY)).toBe(false);
    expect(await idbKv(db).get('d:order-1042')).toEqual(first);

    const nps = { ...TAG, surveys: ['csat' as const, 'nps' as const] };
    expect(await hasWork(db, DEFAULT_POLICY, nps, T0 + DAY)).toBe(false);
    expect(await idbKv(db).get('d:order-1042')).toEqual(deliveryRecord(first, nps, T0 + DAY));
  });

  test('what is due counts the tag\'s delivery as just recorded, next to the others', async () => {
    const db = fresh();
    const { a } = sdk({ dbName: db });
    await a.recordDelivery({ id: 'earlier', deliveredAt: new Date(T0 - 4 * DAY).toISOString() });
    a.destroy();
    expect(await hasWork(db, DEFAULT_POLICY, TAG, T0)).toBe('due'); // the earlier delivery is in its window
    expect(await hasWork(db, DEFAULT_POLICY, undefined, T0 + 4 * DAY)).toBe('due');
    expect(await hasWork(db, DEFAULT_POLICY, undefined, T0 + 30 * DAY)).toBe(false);
    expect((await idbKv(db).list('d:')).map(([k]) => k)).toEqual(['d:earlier', 'd:order-1042']);
  });

  test('answers waiting: `waiting`, with the tag still recorded', async () => {
    const db = fresh();
    const { a } = sdk({ dbName: db });
    await a.recordDelivery({ id: 'answered', deliveredAt: AT });
    await a.answer({ deliveryId: 'answered', csat: 4 });
    a.destroy();
    expect(await hasWork(db, DEFAULT_POLICY, { ...TAG, deliveredAt: new Date(T0 + 10 * DAY).toISOString() }, T0 + 10 * DAY)).toBe('waiting');
    expect(await idbKv(db).get('d:order-1042')).toMatchObject({ id: 'order-1042', history: [{ type: 'recorded' }] });
  });

  /** Every write refused on the spot, as a full disk refuses it. */
  const quota = () => {
    for (const m of ['put', 'add'] as const) {
      vi.spyOn(IDBObjectStore.prototype, m).mockImplementation(() => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      });
    }
  };

  test('a write refused (quota): undefined for the SDK to handle, nothing half-written, nothing thrown', async () => {
    const db = fresh();
    await hasWork(db, DEFAULT_POLICY, undefined, T0); // no database yet either way
    quota();
    expect(await hasWork(db, DEFAULT_POLICY, TAG, T0)).toBeUndefined(); // on a first visit
    vi.restoreAllMocks();
    expect(await idbKv(db).get('d:order-1042')).toBeUndefined();

    await hasWork(db, DEFAULT_POLICY, { ...TAG, id: 'other' }, T0); // the database exists now
    quota();
    expect(await hasWork(db, DEFAULT_POLICY, TAG, T0)).toBeUndefined();
    vi.restoreAllMocks();
    expect(await idbKv(db).get('d:order-1042')).toBeUndefined();
    expect(await idbKv(db).get('d:other')).toBeDefined();
  });

  test('open() fails: undefined', async () => {
    vi.spyOn(IDBFactory.prototype, 'open').mockImplementation(() => {
      const req = { error: new DOMException('Internal error opening backing store', 'UnknownError') } as unknown as IDBOpenDBRequest;
      setTimeout(() => req.onerror!(new Event('error', { cancelable: true })));
      return req;
    });
    expect(await hasWork(fresh(), DEFAULT_POLICY, TAG, T0)).toBeUndefined();
  });

  test('the indexedDB getter throws (sandboxed iframe, blocked site data): undefined, not an exception', async () => {
    const had = Object.getOwnPropertyDescriptor(globalThis, 'indexedDB')!;
    Object.defineProperty(globalThis, 'indexedDB', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
    try {
      expect(await hasWork(fresh(), DEFAULT_POLICY, TAG, T0)).toBeUndefined();
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', had);
    }
  });

  test('open() never answers: undefined after the SDK\'s 3 s', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      vi.spyOn(IDBFactory.prototype, 'open').mockImplementation(() => ({}) as IDBOpenDBRequest);
      let got: unknown = 'pending';
      void hasWork(fresh(), DEFAULT_POLICY, TAG, T0).then((v) => (got = v));
      await vi.advanceTimersByTimeAsync(2999);
      expect(got).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      expect(got).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
