import type { Consent, SurveyKind, WireResponse } from '../src/schema.ts';
import type { RedactKind } from '../src/redact-kinds.ts';
import type { ForgetResult } from '../src/forget.ts';
import type { Policy } from '../src/schedule.ts';
import type { FlushResult, SyncEvents } from '../src/sync.ts';
import type { CorruptEntry, DeliveryState, Limits, OutboxEntry, SetAsideEntry } from '../src/types.ts';

export type { AnswerInput, Consent, DeliveryInput, DeliveryToken, Meta, SurveyKind, WireDisplay, WireResponse } from '../src/schema.ts';
export type { FlushResult } from '../src/sync.ts';
export type { RedactKind } from '../src/redact-kinds.ts';
export type { ErasedCounts, ForgetCounts, ForgetItem, ForgetRemote, ForgetResult } from '../src/forget.ts';
export type { CorruptEntry, DeliveryState as Delivery, HistoryEntry, Limits, OutboxEntry, SetAsideEntry } from '../src/types.ts';

/** Options for `createAftercare()`. Only `endpoint` is required. */
export interface AftercareOptions {
  /** Collector URL (protocol v1), absolute or relative to the page. */
  endpoint: string;
  /** BCP 47 tag stored with each response and used by the widget; default `navigator.language`, else `en`. */
  locale?: string;
  /** `[open, close]` days after delivery when a survey is due; default `[3, 7]`. */
  windowDays?: [number, number];
  /** After a dismissal or "remind me later", that delivery is not asked again for this many hours; default 24. */
  remindAfterHours?: number;
  /** Most displays of one delivery's survey; default 2. */
  maxPrompts?: number;
  /** After the customer answers, their other deliveries are not surveyed for this many days; default 30 (0: none). */
  cooldownDays?: number;
  /** After two declines in a row, no survey for this customer for this many days; default 7 (0: none). */
  declineCooldownDays?: number;
  /** Share of deliveries surveyed, 0–1, decided once per delivery and remembered; default 1. */
  sampleRate?: number;
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
  /**
   * `granted` (default): store as usual. `pending`: nothing is written to IndexedDB but an answer the
   * customer gives (and what delivering it needs); deliveries, timers and displays stay in memory for
   * this page until `consent('granted')`. `denied`: no survey, nothing stored, and what this site's
   * Aftercare database holds is deleted (a forget request goes for pending answers with a token).
   */
  consent?: Consent;
  /** Treat `navigator.globalPrivacyControl === true` as `consent: 'pending'` (unless `denied`); default `false`. */
  respectGpc?: boolean;
  /** Mask these kinds of personal data in comments before they are stored or sent (see `redactText`); default none. */
  redact?: RedactKind[];
  /**
   * Where the survey is taken, stamped on every response and display: `email`, `sms`, `link`, `qr`,
   * `phone` or your own id (1–20 characters a–z, 0–9, `_`, `-`); default none, which means `web`.
   */
  channel?: string;
}

/** Events and what their listeners receive. */
export interface AftercareEvents extends SyncEvents {
  shown: { delivery: DeliveryState };
  answered: { response: WireResponse };
  /** `later`: the customer chose "remind me later". */
  dismissed: { delivery: DeliveryState; later: boolean };
  /** The consent changed (`consent()`); `forgotten` is what `denied` erased. */
  consent: { consent: Consent; forgotten?: ForgetResult };
}

/** The SDK instance; `window.Aftercare` on a page with the script tag. */
export interface Aftercare {
  readonly endpoint: string;
  readonly locale: string;
  /** `indexeddb`, or `memory` when IndexedDB is unavailable (known once `ready` resolves). */
  readonly storage: 'indexeddb' | 'memory';
  /** Resolves when storage is open. Methods wait for it themselves. */
  readonly ready: Promise<void>;
  /** The timing policy in force (elapsed milliseconds; see the options). */
  readonly policy: Policy;
  /**
   * Records a delivery; recording the same id again updates it and appends the change to its history.
   * `token`, a JWT your server signed for this delivery (1–4096 characters), is sent as `deliveryToken`
   * with each of its responses and displays, so the collector can verify them. `resurvey` asks again
   * over the product's life: wave k is due `k·everyDays` after the first survey's window, for each
   * wave opening before `untilDays` (see `waveOf`); recording it again with a new plan replaces the
   * plan and keeps what was answered.
   * @example recordDelivery({ id: 'order-1042', deliveredAt: '2026-11-20T10:00:00Z', resurvey: { everyDays: 30, untilDays: 365 } })
   */
  recordDelivery(input: {
    id: string;
    deliveredAt: string;
    customerId?: string;
    surveys?: SurveyKind[];
    meta?: Record<string, string | number | boolean | null>;
    token?: string;
    resurvey?: { everyDays: number; untilDays: number };
  }): Promise<DeliveryState>;
  /**
   * Deliveries whose survey may be shown now, as of their wave (`wave`: 0 the first survey, k the
   * k-th re-survey), the one whose window closes first at the front.
   */
  due(): Promise<DeliveryState[]>;
  /** One recorded delivery, or `undefined`. */
  delivery(id: string): Promise<DeliveryState | undefined>;
  /**
   * Asks the collector whether the delivery's current wave was already answered through another
   * channel (an e-mail invitation, a link), before your UI shows its survey: `POST` to the endpoint
   * with its last segment `responses` replaced by `answered`. When it was, the delivery is recorded as
   * answered for that wave (no response, no display; not due again, not asked again) and this resolves
   * `true`; also, without asking, when it is answered here. `false` when not, and whenever the
   * collector cannot tell (offline, an error, no such route, no reply within 2 s): show as usual.
   * Asks at most once per delivery and wave per page view. `createPresenter` calls it for you.
   * @example if (!(await aftercare.checkAnswered(next.id))) myDialog(next)
   */
  checkAnswered(deliveryId: string): Promise<boolean>;
  /** Counts a display of a delivery's survey (a custom UI calls this when it shows one); emits `shown`. */
  markShown(deliveryId: string): Promise<DeliveryState>;
  /**
   * Stores the next revision of the delivery's response (of its wave now: each wave has its own
   * response id); resolves once it is durable in IndexedDB. `complete` defaults to `true`. `reasons`:
   * the reason ids the customer chose (at most 10); a revision without it keeps the last ones, `[]`
   * takes them back.
   */
  answer(input: { deliveryId: string; csat?: number; nps?: number; comment?: string; reasons?: string[]; complete?: boolean }): Promise<WireResponse>;
  /**
   * The customer closed the survey without a score (a decline: two in a row pause all surveys for this
   * customer for `declineCooldownDays`), or, with `{ later: true }`, chose "remind me later" (not a
   * decline). Either way this delivery is not asked again for `remindAfterHours`; emits `dismissed`.
   */
  dismiss(deliveryId: string, options?: { later?: boolean }): Promise<DeliveryState>;
  /** The survey went away without a score or a dismissal (route change, `hide()`, page closed): its display ends as `expired`. */
  markHidden(deliveryId: string): Promise<DeliveryState>;
  /** Sends what is pending now (honouring any `Retry-After`). */
  flush(): Promise<FlushResult>;
  /** What waits in the outbox and what the collector refused. */
  outbox(): Promise<{ pending: OutboxEntry[]; setAside: SetAsideEntry[]; corrupt: CorruptEntry[] }>;
  /** The consent in force: the `consent` option (GPC applied), then what `consent()` set. */
  readonly consentStatus: Consent;
  /**
   * The customer's decision: `granted` writes what this page held in memory (under `pending`) to
   * IndexedDB and stores as usual from now on; `denied` shows no more surveys and deletes everything
   * stored, like `forget()` but asking the collector to erase only answers not yet delivered.
   * Resolves once done (with what `denied` erased); emits `consent`.
   */
  consent(value: 'granted' | 'denied'): Promise<ForgetResult | undefined>;
  /**
   * Forget me: deletes every local record (deliveries, outbox, set-aside, displays, the database itself)
   * and asks the collector to erase what it holds for every delivery that carried a token
   * (`POST {endpoint origin}/v1/forget`). Never rejects: resolves with what was deleted here and what
   * the collector confirmed (`collector.status`: `confirmed`, `skipped`, `offline`, `rate-limited`, `failed`).
   */
  forget(): Promise<ForgetResult>;
  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof AftercareEvents>(type: K, listener: (detail: AftercareEvents[K]) => void): () => void;
  /** Stops timers and page listeners (for SPAs and tests). Stored data stays. */
  destroy(): void;
}
