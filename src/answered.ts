/**
 * "Was this delivery already answered elsewhere?": before the widget shows a due survey, the SDK asks
 * the collector, which also takes answers through other channels (an e-mail invitation's survey page,
 * a QR code). `POST {endpoint, last segment "answered"}` with `{ deliveries: [{ deliveryId, wave,
 * deliveryToken? }] }`; the reply `{ answered: [{ deliveryId, wave }] }` lists those it holds an answer
 * to. Any failure means "not known to be answered": the survey shows as usual, and the collector
 * still keeps one response per delivery and wave.
 */
import { postJson } from './post.ts';

/** How long a survey waits for the collector's reply before showing anyway. */
export const ANSWERED_TIMEOUT_MS = 2_000;

/** One delivery and wave asked about. */
export interface AnsweredQuery {
  deliveryId: string;
  wave: number;
  deliveryToken?: string | undefined;
}

/**
 * The collector's "already answered?" route beside `endpoint`: its last path segment `responses`
 * replaced by `answered` (a query string is kept); undefined for an endpoint that does not end in
 * `responses`, where there is no route to guess.
 * @example answeredUrl('https://c.example/v1/responses') // 'https://c.example/v1/answered'
 */
export function answeredUrl(endpoint: string): string | undefined {
  const u = new URL(endpoint);
  if (!/\/responses$/.test(u.pathname)) return undefined;
  u.pathname = u.pathname.slice(0, -9) + 'answered';
  return u.href;
}

/**
 * Whether the collector at `url` holds an answer to `q`'s delivery and wave. Never rejects: `false` on
 * a network error, a non-2xx (a collector without the route answers 404), a reply that is not
 * `{ answered: [...] }`, or no reply within `timeoutMs`.
 */
export async function askAnswered(f: typeof fetch, url: string, q: AnsweredQuery, timeoutMs = ANSWERED_TIMEOUT_MS): Promise<boolean> {
  try {
    return await postJson(f, url, JSON.stringify({ deliveries: [q] }), timeoutMs, async (res) => {
      if (!res.ok) return false;
      const { answered } = (await res.json()) as { answered: Array<{ deliveryId: unknown; wave?: unknown }> };
      return answered.some((a) => a.deliveryId === q.deliveryId && (a.wave ?? 0) === q.wave);
    });
  } catch {
    // Offline, CORS, the timeout, a body that is not JSON or not { answered: [...] }: not known to be answered.
    return false;
  }
}
