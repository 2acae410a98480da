import type { Meta, SurveyKind, WireResponse } from './schema.ts';

/** One line of a delivery's history; re-recording a delivery appends, never rewrites. */
export interface HistoryEntry {
  at: string;
  type: 'recorded' | 'updated' | 'shown' | 'dismissed' | 'answered';
  /** For `updated`: the fields that changed, with their previous values. */
  previous?: Partial<Pick<DeliveryState, 'deliveredAt' | 'customerId' | 'surveys' | 'meta'>>;
}

/** A delivery as Aftercare remembers it in IndexedDB. */
export interface DeliveryState {
  id: string;
  deliveredAt: string;
  customerId?: string;
  surveys: SurveyKind[];
  meta?: Meta;
  recordedAt: string;
  /** How many times its survey was shown. */
  prompts: number;
  dismissedAt?: string;
  /** The latest revision of its response, once a score was given. */
  response?: WireResponse;
  history: HistoryEntry[];
}

/** A response revision waiting for a 2xx. Only the newest revision of a response is kept. */
export interface OutboxEntry {
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

/** A response the collector refused; kept for inspection, never resent as it is. */
export interface SetAsideEntry {
  response: WireResponse;
  error: string;
  at: string;
}
