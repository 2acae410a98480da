// The retry policy, as pure functions of the attempt and its outcome (the clock and the randomness are
// passed in, so tests need no waiting). The schedule is Standard Webhooks' (as Svix publishes it).

/** Waits after attempt 1, 2, … 9 failed: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h. */
export const RETRY_DELAYS_MS = [5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400].map((s) => s * 1000);
/** The first attempt is at once; after the last retry the delivery is given up. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** Each wait is drawn from ±10 % around the schedule, so retries of many events do not arrive in one burst. */
export const JITTER = 0.1;
/** An attempt that has not answered after this long is a failure (and retried). */
export const ATTEMPT_TIMEOUT_MS = 15_000;

/** What one attempt came to. */
export type Outcome =
  | { kind: 'delivered'; code: number }
  | { kind: 'retry'; code: number | null; error: string; retryAfterMs?: number | undefined }
  | { kind: 'failed'; code: number | null; error: string }
  | { kind: 'gone'; code: 410; error: string };

/** Classifies an HTTP status: 2xx delivered; 408, 429 and 5xx retried; 410 disables the endpoint; other 3xx and 4xx fail. */
export function outcomeOf(code: number, retryAfterMs?: number): Outcome {
  if (code >= 200 && code < 300) return { kind: 'delivered', code };
  if (code === 410) return { kind: 'gone', code, error: 'HTTP 410 Gone: the endpoint asked to be disabled' };
  if (code === 408 || code === 429 || code >= 500) return { kind: 'retry', code, error: `HTTP ${code}`, retryAfterMs };
  if (code >= 300 && code < 400) return { kind: 'failed', code, error: `HTTP ${code}: redirects are not followed; configure the final URL` };
  return { kind: 'failed', code, error: `HTTP ${code}: the endpoint refused the event` };
}

/**
 * When the next attempt is due after attempt number `attempts` (1-based) failed with a retryable
 * outcome, or null when none is left. A `Retry-After` the endpoint sent is honoured (at most 24 h).
 */
export function nextAttemptAt(attempts: number, now: number, retryAfterMs: number | undefined, random: () => number = Math.random): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  if (retryAfterMs !== undefined && retryAfterMs >= 0) return now + Math.min(retryAfterMs, 86_400_000);
  const base = RETRY_DELAYS_MS[attempts - 1]!;
  return now + Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/** `Retry-After` as ms from `now`: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(raw: string | undefined | null, now: number): number | undefined {
  if (!raw) return undefined;
  const s = raw.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
