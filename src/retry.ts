/** What to do with a batch after the collector answered (or did not). */
export type Verdict =
  | { kind: 'ok' }
  | { kind: 'retry'; retryAfterMs?: number; reason: string }
  | { kind: 'split'; reason: string }
  | { kind: 'reject'; reason: string };

/**
 * Protocol v1 rules: 2xx accepted; network errors, 408, 429 and 5xx retried; 413 splits the batch;
 * other 4xx isolate the bad record. Anything else (1xx/3xx reaching us) is treated as transient.
 */
export function classify(status: number | 'network', retryAfter: string | null = null, now = Date.now(), body = ''): Verdict {
  if (status === 'network') return { kind: 'retry', reason: 'network error' };
  if (status >= 200 && status < 300) return { kind: 'ok' };
  const reason = `HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ''}`;
  if (status === 408 || status === 429 || status >= 500) {
    const ms = parseRetryAfter(retryAfter, now);
    return ms === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs: ms };
  }
  if (status === 413) return { kind: 'split', reason };
  if (status >= 400) return { kind: 'reject', reason };
  return { kind: 'retry', reason };
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms from `now`; undefined when absent or garbled. Capped at a day. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    // An HTTP date always has a day or month name; without that check Date.parse('-5') is year −5.
    const t = /[a-z]/i.test(v) ? Date.parse(v) : Number.NaN;
    if (Number.isNaN(t)) return undefined;
    ms = t - now;
  }
  return Math.min(Math.max(ms, 0), 86_400_000);
}

export interface Backoff {
  baseMs: number;
  capMs: number;
  floorMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 2_000, capMs: 300_000, floorMs: 1_000 };

/**
 * Capped exponential backoff with full jitter ("Exponential Backoff And Jitter", AWS): a random delay in
 * [floor, min(cap, base·2^(attempt−1))]. The floor keeps a failing collector from being hit in a tight loop.
 * A server's `Retry-After` is a lower bound the delay never undercuts.
 */
export function retryDelay(attempt: number, random: () => number = Math.random, retryAfterMs?: number, b: Backoff = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(b.capMs, b.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  const jittered = Math.max(b.floorMs, Math.floor(random() * ceiling));
  return retryAfterMs === undefined ? jittered : Math.max(jittered, retryAfterMs);
}
