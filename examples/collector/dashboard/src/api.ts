// The collector's session and read routes. The admin token is only ever sent once, in the sign-in
// POST body; afterwards the HttpOnly session cookie does the work, so script on this page never holds a
// credential it could leak. Expected failures (401, 429, offline) are values, not exceptions.
import type { Me } from './team-api.ts';

/** A failure keeps the JSON body it came with (`body`), e.g. the sign-in methods of a 401 from GET /dashboard/session. */
export type Result<T> = { ok: true; data: T; tag?: string | null } | { ok: false; status: number; message: string; retryAfter?: number; body?: unknown };

async function call<T>(path: string, init?: RequestInit): Promise<Result<T>> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: 'same-origin', ...init });
  } catch (e) {
    return { ok: false, status: 0, message: e instanceof Error ? e.message : String(e) };
  }
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    let body: unknown;
    try {
      body = await res.json();
      message = (body as { error?: string }).error ?? message;
    } catch {
      // Not JSON (a proxy's page): the status says enough.
    }
    const retryAfter = Number(res.headers.get('retry-after'));
    return { ok: false, status: res.status, message, body, ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfter } : {}) };
  }
  const data = res.status === 204 ? (undefined as T) : ((await res.json()) as T);
  return { ok: true, data, tag: res.headers.get('etag') };
}

export interface Session {
  expiresAt?: string;
  timeZone?: string;
  /** How this session was made: token, passkey, link, sso or join. */
  method?: string;
  /** Who is signed in (absent from a collector older than the team feature: the admin token's owner). */
  person?: Me;
}

/** 200 with the session, 401 when signed out. */
export const getSession = () => call<Session>('/dashboard/session');

/** Exchanges the admin token for the session cookie: 204, 401 wrong token, 429 with Retry-After. */
export const signIn = (token: string) =>
  call<void>('/dashboard/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });

export const signOut = () => call<void>('/dashboard/session', { method: 'DELETE' });

/**
 * GET a read route (`/v1/summary?…`) with the session cookie. With the ETag of the data shown, an
 * unchanged answer is a 304 (a failure with `status` 304). Never kept in the browser's cache.
 */
export const read = <T>(path: string, tag?: string | null) => call<T>(path, { cache: 'no-store', headers: tag ? { 'if-none-match': tag } : {} });

/** A change (PATCH, POST, PUT, DELETE) with a JSON body, same-origin: the collector's CSRF guard checks the Origin. */
export const send = <T>(method: 'PATCH' | 'POST' | 'PUT' | 'DELETE', path: string, body?: object) =>
  call<T>(path, { method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });

/** A POST whose body is a file's text (a CSV upload), sent with the file's type. */
export const sendText = <T>(path: string, body: string, type: string) => call<T>(path, { method: 'POST', headers: { 'content-type': type }, body });
