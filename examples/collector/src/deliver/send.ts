// One attempt: POST the signed body with node:http(s). Chosen over fetch for two things fetch does not
// give without a custom dispatcher: the `lookup` hook, where the SSRF guard checks the address the
// socket really connects to (address.ts), and no redirect following at all (a 3xx is an answer).
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, privateAddress, PrivateAddressError } from './address.ts';
import { ATTEMPT_TIMEOUT_MS, outcomeOf, parseRetryAfter, type Outcome } from './schedule.ts';

export interface SendOptions {
  allowPrivate: boolean;
  timeoutMs?: number;
  now: number;
}

/** Posts `body` with `headers` to `url`; resolves with the outcome (never rejects). */
export function send(url: string, body: string, headers: Record<string, string>, o: SendOptions): Promise<Outcome> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const literal = o.allowPrivate ? null : privateAddress(host);
  if (literal) return Promise.resolve({ kind: 'failed', code: null, error: new PrivateAddressError(host, host, literal).message });
  const timeoutMs = o.timeoutMs ?? ATTEMPT_TIMEOUT_MS;
  return new Promise<Outcome>((resolve) => {
    let settled = false;
    const done = (x: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(x);
    };
    const req = (u.protocol === 'https:' ? https : http).request(
      u,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Aftercare-Collector (webhooks)', ...headers },
        agent: false,
        ...(o.allowPrivate ? {} : { lookup: guardedLookup as never }),
      },
      (res) => {
        const code = res.statusCode ?? 0;
        // The endpoint's answer is not read beyond a short excerpt for the error (and then dropped).
        let excerpt = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (excerpt.length < 200) excerpt += chunk;
        });
        res.on('end', () => {
          const outcome = outcomeOf(code, parseRetryAfter(res.headers['retry-after'], o.now));
          if ('error' in outcome && excerpt.trim()) outcome.error += `: ${excerpt.trim().slice(0, 200)}`;
          done(outcome);
        });
        res.on('error', () => done(outcomeOf(code)));
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      done({ kind: 'retry', code: null, error: `no answer within ${timeoutMs / 1000} s` });
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => {
      if (e instanceof PrivateAddressError || (e as { code?: string }).code === 'EPRIVATE') return done({ kind: 'failed', code: null, error: e.message });
      done({ kind: 'retry', code: null, error: `${e.code ?? 'network error'}: ${e.message}` });
    });
    req.end(body);
  });
}
