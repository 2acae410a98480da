// The HTTP side: `POST /webhooks/aftercare` verifies, deduplicates and accepts an event; `GET /health`.
// What each answer means to the collector: 2xx delivered; 408, 429 and 5xx retried (same webhook-id,
// fresh timestamp and signature); 410 disables the endpoint; any other 4xx is a permanent failure,
// shown with the first 200 characters of the answer in the collector's dashboard (hence the reasons).
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

export const PATH = '/webhooks/aftercare';
/** Events are a few KB; anything much larger is not from the collector. */
export const BODY_LIMIT = 256 * 1024;

const json = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
};

/** Reads the raw body (the signature is over its exact bytes); null once it passed `limit`. */
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        resolve(null);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Why the library refused, as [status, reason]. A stale or future timestamp is 400, not 401 or 5xx:
 * the collector signs every attempt afresh, so a timestamp more than 5 minutes off is a replayed
 * request or a clock that is wrong here or there. A 5xx would have the collector retry for three
 * days into the same wrong clock; a 401 would blame the secret, which may be fine. A 400 stops that
 * delivery with the reason in the dashboard; fix the clock (NTP) and re-send it from there.
 */
function refusal(e) {
  switch (e.message) {
    case 'Message timestamp too old':
      return [400, 'webhook-timestamp: more than 5 minutes old (a replay, or a clock off here or at the collector: check NTP)'];
    case 'Message timestamp too new':
      return [400, 'webhook-timestamp: more than 5 minutes in the future (a clock off here or at the collector: check NTP)'];
    case 'Invalid Signature Headers':
      return [400, 'webhook-timestamp: expected unix seconds'];
    default:
      return [401, 'webhook-signature: no valid v1 signature (is AFTERCARE_WEBHOOK_SECRET the same here and at the collector?)'];
  }
}

/**
 * The request handler for `http.createServer`. `accept(entry)` is called once per new event, after
 * its id is recorded and before the answer; it must be quick (slow work goes after, not in it).
 * @param {{ secret: string, seen: { has(id: string): boolean, add(id: string): void }, accept: (entry: object) => void,
 *   log: (line: string) => void, now?: () => number }} o
 */
export function webhookHandler({ secret, seen, accept, log, now = Date.now }) {
  const wh = new Webhook(secret);
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://receiver').pathname;
    if (path === '/health') return req.method === 'GET' || req.method === 'HEAD' ? json(res, 200, { ok: true }) : json(res, 405, { error: 'method: expected GET' }, { allow: 'GET, HEAD' });
    if (path !== PATH) return json(res, 404, { error: `path: expected POST ${PATH}` });
    if (req.method !== 'POST') return json(res, 405, { error: 'method: expected POST' }, { allow: 'POST' });

    const tooLarge = () => {
      // Closing the connection drops the rest of the upload instead of reading it.
      json(res, 413, { error: `body: expected at most ${BODY_LIMIT / 1024} KB` }, { connection: 'close' });
      log(`refused a ${req.headers['content-length'] ?? 'streamed'} byte body: 413`);
    };
    if (Number(req.headers['content-length']) > BODY_LIMIT) return tooLarge();
    let raw;
    try {
      raw = await readBody(req, BODY_LIMIT);
    } catch {
      // The client went away mid-body: there is no one to answer.
      return;
    }
    if (raw === null) return tooLarge();

    const headers = {
      'webhook-id': req.headers['webhook-id'],
      'webhook-timestamp': req.headers['webhook-timestamp'],
      'webhook-signature': req.headers['webhook-signature'],
    };
    if (Object.values(headers).some((v) => typeof v !== 'string' || !v)) {
      log('refused an unsigned request: 400');
      return json(res, 400, { error: 'headers: expected webhook-id, webhook-timestamp and webhook-signature (Standard Webhooks)' });
    }
    const body = raw.toString('utf8');
    try {
      // Checks the timestamp (5 minutes either way) and the HMAC over "id.timestamp.body".
      wh.verify(body, headers, { jsonParse: false });
    } catch (e) {
      if (!(e instanceof WebhookVerificationError)) throw e;
      const [status, error] = refusal(e);
      log(`refused a request: ${status} ${error}`);
      return json(res, status, { error });
    }

    // From here on the request is the collector's: its id and body can be trusted.
    const id = headers['webhook-id'];
    let event;
    try {
      event = JSON.parse(body);
    } catch {
      // Reported below.
    }
    if (!event || typeof event !== 'object' || typeof event.type !== 'string' || typeof event.data !== 'object') {
      log(`${id}: refused: 400 body is not an event`);
      return json(res, 400, { error: 'body: expected JSON { type, timestamp, data }' });
    }
    // A retry of an event already accepted: 2xx, so the collector stops, and nothing is done twice.
    // has() and add() run with no await between them, so two copies arriving together count once.
    if (seen.has(id)) {
      log(`${id}: duplicate (a retry or a re-send), not processed again`);
      return json(res, 200, { duplicate: true });
    }
    try {
      seen.add(id);
    } catch (e) {
      // Not remembered, so not accepted: a 503 has the collector retry, and that retry is processed.
      log(`${id}: could not record the webhook-id (${e.code ?? e.message}): 503`);
      return json(res, 503, { error: 'could not record the webhook-id; retry later' });
    }
    accept({ id, type: event.type, receivedAt: new Date(now()).toISOString(), event });
    json(res, 202, { accepted: true });
  };
}
