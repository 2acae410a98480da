// Forwards an accepted event to Slack or a ticket system: a JSON POST, retried a couple of times.
// The collector has already been told "delivered", so this receiver owns the forward from here on:
// a failure is logged (never with the URL, whose path is the credential) and never turns into a
// non-2xx answer, which would only make the collector send an event this receiver already has.

/** Waits before the 2nd and 3rd attempt (±20 % jitter, so forwards after an outage do not arrive in one burst). */
export const FORWARD_DELAYS_MS = [500, 2_000];
/** An attempt that has not answered after this long is a failure (and retried). */
export const FORWARD_TIMEOUT_MS = 10_000;
/** A Retry-After longer than this is not waited for (the forward gives up instead). */
const MAX_RETRY_AFTER_MS = 30_000;

/**
 * One attempt's outcome: `ok`, or a failure that is worth retrying (network, timeout, 408, 429, 5xx) or not.
 * @returns {Promise<{ ok: true } | { ok: false, retry: boolean, error: string, waitMs?: number }>}
 */
async function attempt(url, body, headers, timeoutMs) {
  let res;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Aftercare-Receiver', ...headers },
      body: JSON.stringify(body),
      // A redirect is an answer, not an instruction to post the customer's comment somewhere else.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    // fetch's own messages can quote the URL; the cause's code (ECONNREFUSED, ENOTFOUND…) cannot.
    const error = e?.name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (e?.cause?.code ?? e?.name ?? 'network error');
    return { ok: false, retry: true, error };
  }
  // Slack answers "ok" or a short error code such as invalid_payload; a few characters say enough.
  const text = (await res.text().catch(() => '')).trim().slice(0, 80);
  if (res.ok) return { ok: true };
  const error = `HTTP ${res.status}${text ? ` ${JSON.stringify(text)}` : ''}`;
  const retry = res.status === 408 || res.status === 429 || res.status >= 500;
  const after = Number(res.headers.get('retry-after'));
  if (retry && Number.isFinite(after) && after > MAX_RETRY_AFTER_MS / 1000) return { ok: false, retry: false, error: `${error}, Retry-After ${after} s` };
  return { ok: false, retry, error, ...(retry && after > 0 ? { waitMs: after * 1000 } : {}) };
}

/**
 * @typedef {{ name: string, url: string, body: unknown, headers?: Record<string, string>, log: (line: string) => void,
 *   delays?: number[], timeoutMs?: number, random?: () => number }} ForwardOptions
 */

/**
 * Posts `body` as JSON to `url`, up to 1 + `delays.length` times; resolves true once delivered and
 * false after the last failure (it never rejects). Every failure is one stderr line via `log`.
 * @example await forward({ name: 'Slack', url, body: { text: 'hi' }, log: console.error })
 * @param {ForwardOptions} o
 */
export async function forward(o) {
  return (await forwardOutcome(o)).ok;
}

/**
 * `forward`, resolving with the last failure's words (`HTTP 400 "invalid number"`) for a caller that
 * reports them on (the SMS handler tells the collector why a text failed).
 * @param {ForwardOptions} o
 * @returns {Promise<{ ok: true } | { ok: false, error: string }>}
 */
export async function forwardOutcome({ name, url, body, headers = {}, log, delays = FORWARD_DELAYS_MS, timeoutMs = FORWARD_TIMEOUT_MS, random = Math.random }) {
  // Only the host is ever logged: a Slack webhook URL's path is its secret.
  const where = `${name} (${new URL(url).host})`;
  for (let n = 1; ; n++) {
    const r = await attempt(url, body, headers, timeoutMs);
    if (r.ok) return { ok: true };
    const wait = n <= delays.length ? (r.waitMs ?? delays[n - 1] * (0.8 + 0.4 * random())) : null;
    if (!r.retry || wait === null) {
      log(`${where}: attempt ${n} failed: ${r.error}; giving up (the event is still on stdout)`);
      return { ok: false, error: r.error };
    }
    log(`${where}: attempt ${n} failed: ${r.error}; retrying in ${(wait / 1000).toFixed(1)} s`);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
