import type { SurveyKind, WireResponse } from '../src/schema.ts';
import type { FlushResult, SyncEvents } from '../src/sync.ts';
import type { CorruptEntry, DeliveryState, Limits, OutboxEntry, SetAsideEntry } from '../src/types.ts';

export type { AnswerInput, DeliveryInput, Meta, SurveyKind, WireResponse } from '../src/schema.ts';
export type { FlushResult } from '../src/sync.ts';
export type { CorruptEntry, DeliveryState as Delivery, HistoryEntry, Limits, OutboxEntry, SetAsideEntry } from '../src/types.ts';

/** Options for `createAftercare()`. Only `endpoint` is required. */
export interface AftercareOptions {
  /** Collector URL (protocol v1), absolute or relative to the page. */
  endpoint: string;
  /** BCP 47 tag stored with each response and used by the widget; default `navigator.language`, else `en`. */
  locale?: string;
  /** `[open, close]` days after delivery when a survey is due; default `[3, 7]`. */
  windowDays?: [number, number];
  /** Clock in epoch ms, for tests; default `Date.now`. */
  now?: () => number;
  /** Transport; default the page's `fetch`. */
  fetch?: typeof fetch;
  /** Responses per request; default 100 (bodies are also kept under 60 KB). */
  batchSize?: number;
  /** A request unanswered after this many ms is abandoned and retried later; default 15000. */
  timeoutMs?: number;
  /** Outbox bounds; defaults `{ maxPending: 5000, maxAgeDays: 30, setAsideDays: 30, maxAutoRetries: 20 }`. */
  limits?: Partial<Limits>;
  /** IndexedDB database name; default `aftercare`. Tabs sharing a name share one outbox. */
  dbName?: string;
  /** Send the page's origin and path (never query or fragment) with each response; default `true`. */
  collectPage?: boolean;
  /** Sync on load, `online`, a timer while pending, and on `pagehide`; default `true`. `false` leaves it to `flush()`. */
  autoSync?: boolean;
}

/** Events and what their listeners receive. */
export interface AftercareEvents extends SyncEvents {
  shown: { delivery: DeliveryState };
  answered: { response: WireResponse };
  dismissed: { delivery: DeliveryState };
}

/** The SDK instance; `window.Aftercare` on a page with the script tag. */
export interface Aftercare {
  readonly endpoint: string;
  readonly locale: string;
  /** `indexeddb`, or `memory` when IndexedDB is unavailable (known once `ready` resolves). */
  readonly storage: 'indexeddb' | 'memory';
  /** Resolves when storage is open. Methods wait for it themselves. */
  readonly ready: Promise<void>;
  /** Records a delivery; recording the same id again updates it and appends the change to its history. */
  recordDelivery(input: { id: string; deliveredAt: string; customerId?: string; surveys?: SurveyKind[]; meta?: Record<string, string | number | boolean | null> }): Promise<DeliveryState>;
  /** Deliveries whose survey may be shown now, the one whose window closes first at the front. */
  due(): Promise<DeliveryState[]>;
  /** One recorded delivery, or `undefined`. */
  delivery(id: string): Promise<DeliveryState | undefined>;
  /** Counts a display of a delivery's survey (a custom UI calls this when it shows one); emits `shown`. */
  markShown(deliveryId: string): Promise<DeliveryState>;
  /** Stores the next revision of the delivery's response; resolves once it is durable in IndexedDB. `complete` defaults to `true`. */
  answer(input: { deliveryId: string; csat?: number; nps?: number; comment?: string; complete?: boolean }): Promise<WireResponse>;
  /** The customer closed the survey without a score: not again for 24 h. */
  dismiss(deliveryId: string): Promise<DeliveryState>;
  /** Sends what is pending now (honouring any `Retry-After`). */
  flush(): Promise<FlushResult>;
  /** What waits in the outbox and what the collector refused. */
  outbox(): Promise<{ pending: OutboxEntry[]; setAside: SetAsideEntry[]; corrupt: CorruptEntry[] }>;
  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof AftercareEvents>(type: K, listener: (detail: AftercareEvents[K]) => void): () => void;
  /** Stops timers and page listeners (for SPAs and tests). Stored data stays. */
  destroy(): void;
}
