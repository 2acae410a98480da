/**
 * `POST url` with a JSON body, then `read` the response; both are abandoned after `timeoutMs`. No
 * credentials: a collector needs no cookie, and CORS then needs no `Access-Control-Allow-Credentials`.
 * Rejects as `fetch` does (offline, DNS, CORS, the timeout) and as `read` does.
 */
export async function postJson<T>(f: typeof fetch, url: string, body: string, timeoutMs: number, read: (res: Response) => Promise<T>): Promise<T> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), timeoutMs);
  try {
    return await read(await f(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, credentials: 'omit', cache: 'no-store', signal: ctrl.signal }));
  } finally {
    clearTimeout(timer);
  }
}
