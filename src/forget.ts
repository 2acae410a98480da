import { dbExists, lazyIdbKv } from './consent-store.ts';
import type { RECORDS } from './keys.ts';
import type { Kv } from './store.ts';

// Type imports only but consent-store.ts, loaded with this on demand (dist/aftercare-privacy.js).

/*
 * Erasure (PIPL Art. 47, GDPR Art. 17): `forget()` and `consent('denied')`. Every local record goes,
 * the database itself included; the collector is asked to erase what it holds for each delivery whose
 * token proves it is this customer's (POST {endpoint origin}/v1/forget). Loaded on demand: most pages
 * never forget anything.
 */

/** Local records deleted, by kind. */
export interface ForgetCounts {
  deliveries: number;
  /** Answers that were waiting for the collector. */
  pending: number;
  setAside: number;
  displays: number;
  corrupt: number;
}

/** What the collector erased in all. */
export interface ErasedCounts {
  responses: number;
  displays: number;
  cases: number;
  caseNotes: number;
  events: number;
}

/** The collector's word on one token, in the order sent. */
export interface ForgetItem {
  index: number;
  deliveryId?: string;
  status: 'erased' | 'invalid';
  error?: string;
}

/**
 * What the collector said: `confirmed` (with its counts and one result per token), `skipped` (no
 * delivery carried a token, so there was nothing it could verify), `offline` (no answer: network,
 * CORS, timeout), `rate-limited` (429) or `failed` (any other status).
 */
export type ForgetRemote =
  | { status: 'confirmed'; erased: ErasedCounts; results: ForgetItem[] }
  | { status: 'skipped' }
  | { status: 'offline'; error: string }
  | { status: 'rate-limited'; retryAfterMs?: number; error: string }
  | { status: 'failed'; httpStatus: number; error: string };

/** What `forget()` (and `consent('denied')`) did: deleted here, and what the collector confirmed. */
export interface ForgetResult {
  deleted: ForgetCounts;
  /** Delivery tokens sent to the collector. */
  tokens: number;
  collector: ForgetRemote;
}

type Row = { token?: string; response?: { deliveryToken?: string }; display?: { deliveryToken?: string }; deliveryToken?: string };
const tokenOf = (v: Row | undefined) => v?.token ?? v?.response?.deliveryToken ?? v?.display?.deliveryToken;

/**
 * Deletes every Aftercare record: those in `kv` (this page's store: memory under `pending`), those in
 * the database `dbName` (read without creating it; `open()` is the SDK's idbKv) and the database itself. Returns the
 * counts (`records`: the key prefix of each kind) and the tokens to send: every token seen, or with
 * `pendingOnly` those of answers still waiting (`consent('denied')`: what was not delivered is withdrawn).
 */
export async function eraseLocal(
  kv: Kv,
  open: () => Kv,
  records: typeof RECORDS,
  dbName: string,
  pendingOnly = false,
): Promise<{ deleted: ForgetCounts; tokens: string[] }> {
  const seen = new Map<string, Row>();
  for (const k of [kv, lazyIdbKv(dbName, open)]) for (const prefix of Object.values(records)) for (const [key, v] of await k.list<Row>(prefix).catch(() => [])) seen.set(key, v);
  const deleted = {} as ForgetCounts;
  for (const [kind, prefix] of Object.entries(records)) deleted[kind as keyof ForgetCounts] = [...seen.keys()].filter((k) => k.startsWith(prefix)).length;
  const tokens = new Set<string>();
  for (const [key, v] of seen) {
    const t = tokenOf(v);
    if (t && (!pendingOnly || key.startsWith(records.pending))) tokens.add(t);
  }
  if (await dbExists(dbName)) {
    // Settles once it is gone, refused, or still blocked after 3 s (it goes when the last tab lets go).
    await new Promise<void>((resolve) => {
      setTimeout(resolve, 3000);
      try {
        const req = indexedDB.deleteDatabase(dbName);
        req.onsuccess = req.onerror = () => resolve();
      } catch {
        resolve();
      }
    });
  }
  return { deleted, tokens: [...tokens] };
}

/**
 * Asks the collector to erase what it holds for these delivery tokens: `POST {origin}/v1/forget`
 * with `{ "tokens": [...] }`. Never throws: the outcome is a value. `retryAfter` reads a 429's header in ms.
 */
export async function postForget(
  endpoint: string,
  tokens: string[],
  fetchFn: typeof fetch,
  timeoutMs: number,
  retryAfter: (header: string | null) => number | undefined,
): Promise<ForgetRemote> {
  if (!tokens.length) return { status: 'skipped' };
  const ctrl = new AbortController();
  const t = setTimeout(() => ctrl.abort(), timeoutMs);
  let res: Response;
  let body: { error?: unknown; erased?: ErasedCounts; results?: ForgetItem[] } | undefined;
  try {
    res = await fetchFn(new URL('/v1/forget', endpoint).href, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tokens }),
      credentials: 'omit',
      cache: 'no-store',
      signal: ctrl.signal,
    });
    body = await res.json().catch(() => undefined);
  } catch (e) {
    return { status: 'offline', error: String(e) };
  } finally {
    clearTimeout(t);
  }
  const error = typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`;
  if (res.ok && body?.erased && Array.isArray(body.results)) return { status: 'confirmed', erased: body.erased, results: body.results };
  if (res.status === 429) {
    const ms = retryAfter(res.headers.get('retry-after'));
    return ms === undefined ? { status: 'rate-limited', error } : { status: 'rate-limited', retryAfterMs: ms, error };
  }
  return { status: 'failed', httpStatus: res.status, error };
}
