// Reference collector for Aftercare wire protocol v1: validates, upserts into SQLite (highest revision
// wins, so resends are harmless), and serves a summary. Framework-free: `handle(req, res)` fits any
// node:http server.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BatchSchema, ResponseSchema, describeIssue, summarize } from 'aftercare/schema';

/** Larger bodies get 413; the client splits its batch. Browsers cap beacons at 64 KB anyway. */
export const MAX_BODY_BYTES = 1_000_000;

const COLUMNS = ['id', 'revision', 'delivery_id', 'delivered_at', 'answered_at', 'csat', 'nps', 'comment', 'complete', 'locale', 'customer_id', 'meta', 'origin', 'path', 'received_at'];

/**
 * Faults the collector can inject into `POST /v1/responses`, for the fault suite and the soak run:
 *   503           answer 503 before storing anything
 *   429:N         answer 429 with `Retry-After: N` before storing anything
 *   drop-before   destroy the connection before storing anything
 *   drop-after    store the batch, then destroy the connection before replying
 *   hang-before   never reply and store nothing (the client times out); the socket closes after 20 s
 *   hang-after    store the batch, then never reply (the client times out); the socket closes after 20 s
 */
export const FAULTS = ['503', 'drop-before', 'drop-after', 'hang-before', 'hang-after'];

/**
 * @param {{ dbPath: string, origins?: string[], faultRate?: number, testHooks?: boolean }} options
 *   `origins`: browser origins allowed to post from another origin (`*` for any); same-origin and
 *   non-browser clients are always allowed. `faultRate`: share of POSTs that get a random fault.
 *   `testHooks`: enables `POST /__test/faults` (a queue of scripted faults) and `GET /__test/log`.
 */
export function createCollector({ dbPath, origins = [], faultRate = 0, testHooks = false }) {
  if (dbPath !== ':memory:') mkdirSync(dirname(dbPath), { recursive: true });
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS responses (
    id TEXT PRIMARY KEY, revision INTEGER NOT NULL, delivery_id TEXT NOT NULL, delivered_at TEXT NOT NULL,
    answered_at TEXT NOT NULL, csat INTEGER, nps INTEGER, comment TEXT, complete INTEGER NOT NULL, locale TEXT NOT NULL,
    customer_id TEXT, meta TEXT, origin TEXT, path TEXT, received_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  // Idempotent upsert: a resend or an older revision changes nothing; only a higher revision wins.
  const upsert = db.prepare(`INSERT INTO responses (${COLUMNS.join(', ')}, updated_at)
    VALUES (${COLUMNS.map((c) => '@' + c).join(', ')}, @received_at)
    ON CONFLICT(id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'id' && c !== 'received_at').map((c) => `${c} = excluded.${c}`).join(', ')},
      updated_at = excluded.received_at
    WHERE excluded.revision > responses.revision`);
  const store = db.transaction((rows) => {
    let changed = 0;
    for (const r of rows) changed += upsert.run(r).changes;
    return changed;
  });
  const stats = { requests: 0, received: 0, stored: 0, ignored: 0, rejected: 0, faults: 0 };
  /** @type {string[]} */
  const faultQueue = [];
  /** Arrival log for tests: one entry per POST, in order. */
  const log = [];
  let faultModes = FAULTS;
  const nextFault = () => faultQueue.shift() ?? (faultRate > 0 && Math.random() < faultRate ? faultModes[Math.floor(Math.random() * faultModes.length)] : undefined);

  const allowAll = origins.includes('*');
  function cors(req, res) {
    const origin = req.headers.origin;
    if (!origin) return true;
    const host = req.headers.host;
    const same = host && (origin === `http://${host}` || origin === `https://${host}`);
    if (!same && !allowAll && !origins.includes(origin)) return false;
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Content-Type');
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    res.setHeader('Access-Control-Max-Age', '86400');
    return true;
  }

  function send(res, status, body) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  }

  /** Reads the body up to the limit; `null` once it is exceeded (the rest is drained, not buffered). */
  function readBody(req) {
    return new Promise((resolve, reject) => {
      const chunks = [];
      let size = 0;
      req.on('data', (c) => {
        size += c.length;
        if (size <= MAX_BODY_BYTES) chunks.push(c);
      });
      req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });
  }

  async function post(req, res) {
    stats.requests++;
    const fault = nextFault();
    if (fault) stats.faults++;
    if (fault === '503') return send(res, 503, { error: 'injected fault: 503' });
    if (fault?.startsWith('429')) {
      res.setHeader('Retry-After', fault.split(':')[1] ?? '30');
      return send(res, 429, { error: 'injected fault: 429' });
    }
    if (fault === 'drop-before') return void req.socket.destroy();
    if (fault === 'hang-before') return void setTimeout(() => req.socket.destroy(), 20_000).unref();
    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json' && type !== 'text/plain') {
      return send(res, 415, { error: 'content-type: expected application/json or text/plain (beacons)' });
    }
    const text = await readBody(req);
    if (text === null) return send(res, 413, { error: `body: expected at most ${MAX_BODY_BYTES} bytes; send smaller batches` });
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      return send(res, 400, { error: 'body: expected JSON such as {"responses": [...]}' });
    }
    const batch = BatchSchema.safeParse(json);
    if (!batch.success) return send(res, 400, { error: describeIssue(batch.error.issues[0]) });

    const now = new Date().toISOString();
    const rows = [];
    const rejected = [];
    batch.data.responses.forEach((raw, i) => {
      const r = ResponseSchema.safeParse(raw);
      if (r.success) rows.push(toRow(r.data, now));
      else rejected.push({ id: typeof raw?.id === 'string' ? raw.id : null, error: describeIssue(r.error.issues[0], `responses.${i}`) });
    });
    stats.received += batch.data.responses.length;
    // A bad record the client cannot identify, or nothing good at all: refuse the whole batch with
    // a 400 naming the field, so the client splits it and sets the bad one aside.
    if (!rows.length || rejected.some((r) => r.id === null)) {
      stats.rejected += rejected.length;
      return send(res, 400, { error: rejected[0].error, rejected });
    }
    const changed = store(rows);
    stats.stored += changed;
    stats.ignored += rows.length - changed;
    stats.rejected += rejected.length;
    if (testHooks) log.push({ at: now, origin: req.headers.origin ?? null, type, bytes: Buffer.byteLength(text), ids: rows.map((r) => r.id), revisions: rows.map((r) => r.revision), fault: fault ?? null });
    if (fault === 'drop-after') return void req.socket.destroy();
    if (fault === 'hang-after') return void setTimeout(() => req.socket.destroy(), 20_000).unref();
    return send(res, 200, { accepted: rows.length, rejected });
  }

  function rows(limit) {
    return db.prepare('SELECT * FROM responses ORDER BY answered_at DESC LIMIT ?').all(limit).map(fromRow);
  }

  function summary() {
    const scores = db.prepare('SELECT csat, nps FROM responses').all();
    return { ...summarize(scores), collector: { ...stats } };
  }

  async function hooks(req, res, url) {
    if (url.pathname === '/__test/log') return send(res, 200, { log, stats });
    if (url.pathname === '/__test/faults' && req.method === 'POST') {
      const body = JSON.parse((await readBody(req)) || '{}');
      faultQueue.splice(0, faultQueue.length, ...(body.queue ?? []));
      if (typeof body.rate === 'number') faultRate = body.rate;
      faultModes = Array.isArray(body.modes) && body.modes.length ? body.modes : FAULTS;
      return send(res, 200, { queue: faultQueue, rate: faultRate, modes: faultModes });
    }
    return send(res, 404, { error: 'unknown test hook' });
  }

  /** Handles `/v1/responses` (POST, GET) and `/v1/summary` (GET); returns false for other paths. */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (testHooks && url.pathname.startsWith('/__test/')) return hooks(req, res, url).then(() => true);
    if (url.pathname !== '/v1/responses' && url.pathname !== '/v1/summary') return false;
    if (!cors(req, res)) {
      send(res, 403, { error: `origin: ${req.headers.origin} is not allowed; add it to the collector's origins` });
      return true;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return true;
    }
    try {
      if (url.pathname === '/v1/responses' && req.method === 'POST') await post(req, res);
      else if (url.pathname === '/v1/responses' && req.method === 'GET') send(res, 200, { responses: rows(Math.min(Number(url.searchParams.get('limit')) || 50, 500)) });
      else if (url.pathname === '/v1/summary' && req.method === 'GET') send(res, 200, summary());
      else send(res, 405, { error: `method: ${req.method} is not supported here` });
    } catch (e) {
      console.error('[aftercare collector]', e);
      if (!res.headersSent) send(res, 500, { error: 'internal error; the client will retry' });
    }
    return true;
  }

  return { handle, summary, rows, stats, db, close: () => db.close() };
}

function toRow(r, now) {
  return {
    id: r.id,
    revision: r.revision,
    delivery_id: r.deliveryId,
    delivered_at: r.deliveredAt,
    answered_at: r.answeredAt,
    csat: r.csat ?? null,
    nps: r.nps ?? null,
    comment: r.comment ?? null,
    complete: r.complete ? 1 : 0,
    locale: r.locale,
    customer_id: r.customerId ?? null,
    meta: r.meta === undefined ? null : JSON.stringify(r.meta),
    origin: r.origin ?? null,
    path: r.path ?? null,
    received_at: now,
  };
}

function fromRow(row) {
  return {
    id: row.id,
    revision: row.revision,
    deliveryId: row.delivery_id,
    deliveredAt: row.delivered_at,
    answeredAt: row.answered_at,
    csat: row.csat,
    nps: row.nps,
    comment: row.comment,
    complete: row.complete === 1,
    locale: row.locale,
    customerId: row.customer_id,
    meta: row.meta === null ? null : JSON.parse(row.meta),
    origin: row.origin,
    path: row.path,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
  };
}
