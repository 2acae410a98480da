import type { Meta, Outcome, Resurvey, SurveyKind, WireDisplay, WireResponse } from './schema.ts';

/** One line of a delivery's history; re-recording a delivery appends, never rewrites. */
export interface HistoryEntry {
  at: string;
  type: 'recorded' | 'updated' | 'shown' | 'dismissed' | 'answered' | 'hidden';
  /** For `dismissed`: the customer chose "remind me later", which is not a decline. */
  later?: true;
  /**
   * For `answered`: the collector said this wave was answered through another channel (an e-mail
   * invitation, a link); `at` is when this browser learned it. It counts as an answer for the
   * customer's cooldown from then on.
   */
  elsewhere?: true;
  /** The re-survey wave it happened in, when not 0. */
  wave?: number;
  /** For `updated`: the fields that changed, with their previous values. */
  previous?: Partial<Pick<DeliveryState, 'deliveredAt' | 'customerId' | 'surveys' | 'meta' | 'token' | 'resurvey'>>;
}

/** A delivery as Aftercare remembers it in IndexedDB. */
export interface DeliveryState {
  id: string;
  deliveredAt: string;
  customerId?: string;
  surveys: SurveyKind[];
  meta?: Meta;
  /** The merchant's signed token for this delivery, sent as `deliveryToken` with its responses and displays. */
  token?: string;
  /** Its re-survey plan, when the merchant gave one (see `waveOf`). */
  resurvey?: Resurvey;
  recordedAt: string;
  /**
   * The wave that `prompts`, `dismissedAt`, `display` and `response` describe (absent: 0). A later
   * wave starts afresh (`atWave`); earlier waves' shows, dismissals and answers stay in `history`.
   */
  wave?: number;
  /** How many times its survey was shown (in this wave). */
  prompts: number;
  dismissedAt?: string;
  /** Sampling roll in [0, 1), drawn once when first recorded: sampled in while `sample < sampleRate`, so reloads never re-roll. */
  sample?: number;
  /** The latest display of its survey; `outcome` is set once it ended. */
  display?: DisplayRef;
  /** The latest revision of its response, once a score was given. */
  response?: WireResponse;
  /**
   * A wave the collector said was already answered through another channel (`checkAnswered`):
   * not due again in that wave, here or on any later page view.
   */
  elsewhere?: number;
  history: HistoryEntry[];
}

/** Which display a delivery showed last, and how it ended. */
export interface DisplayRef {
  id: string;
  shownAt: string;
  /** The page view that showed it (see `DisplayRecord.view`). */
  view: string;
  /** The wave shown, for a delivery with a re-survey plan. */
  wave?: number;
  outcome?: Outcome;
}

/**
 * A survey display kept under `s:<id>`: open while `display.outcome` is missing, then waiting to be
 * sent. Deleted after a 2xx; a better outcome later (expired, then answered) writes it again.
 */
export interface DisplayRecord {
  display: Omit<WireDisplay, 'outcome' | 'endedAt'> & Partial<Pick<WireDisplay, 'outcome' | 'endedAt'>>;
  /** The page view showing it: while that page lives (it holds a Web Lock of this name) nobody else ends the display. */
  view: string;
}

/** The outbox record format; records of older formats are migrated when read (see `upgradeEntry`). */
export const OUTBOX_FORMAT = 1;

/** A response revision waiting for a 2xx. Only the newest revision of a response is kept. */
export interface OutboxEntry {
  v: typeof OUTBOX_FORMAT;
  response: WireResponse;
  /** Enqueue order (epoch ms + tie breaker), so the collector gets answers in the order given. */
  seq: number;
  attempts: number;
  /** Not before this time (epoch ms): backoff, or the collector's Retry-After. */
  nextAt: number;
  /** The collector's `Retry-After`: unlike backoff, not even an explicit flush sends before it. */
  holdUntil?: number;
  lastError?: string;
}

/** A response taken out of the outbox; kept for inspection (see `limits.setAsideDays`), never resent as it is. */
export interface SetAsideEntry {
  response: WireResponse;
  /** `rejected`: the collector refused it; `age` / `size`: an outbox bound was reached. */
  reason: 'rejected' | 'age' | 'size';
  error: string;
  at: string;
}

/** An outbox record that could not be read as any known format; the rest keeps flowing. */
export interface CorruptEntry {
  key: string;
  raw: unknown;
  error: string;
  at: string;
}

/** Outbox bounds. Reaching one is reported through the `limit` event, never silent. */
export interface Limits {
  /** Most responses waiting at once; beyond it the oldest are set aside (reason `size`). */
  maxPending: number;
  /** A response not delivered after this many days is set aside (reason `age`). */
  maxAgeDays: number;
  /** Set-aside and corrupt records are kept this many days for inspection, then deleted. */
  setAsideDays: number;
  /** Automatic retries per page view before the timer stops (it resumes on `online`, `flush()` or the next load). */
  maxAutoRetries: number;
}

export const DEFAULT_LIMITS: Limits = { maxPending: 5000, maxAgeDays: 30, setAsideDays: 30, maxAutoRetries: 20 };
