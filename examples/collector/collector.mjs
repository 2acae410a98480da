// Reference collector for Aftercare wire protocol v1: validates, upserts into SQLite (highest revision
// wins for responses, best outcome wins for displays, so resends are harmless), and serves a summary. Framework-free: `handle(req, res)` fits any
// node:http server.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BatchSchema, DisplaySchema, ResponseSchema, describeIssue, summarize } from 'aftercare/schema';

/** Larger bodies get 413; the client splits its batch. Browsers cap beacons at 64 KB anyway. */
export const MAX_BODY_BYTES = 1_000_000;

const COLUMNS = ['id', 'revision', 'delivery_id', 'delivered_at', 'answered_at', 'csat', 'nps', 'comment', 'complete', 'locale', 'customer_id', 'meta', 'origin', 'path', 'received_at'];
const DISPLAY_COLUMNS = ['id', 'delivery_id', 'shown_at', 'ended_at', 'outcome', 'later', 'response_id', 'locale', 'customer_id', 'origin', 'path', 'received_at'];

/**
 * A display's outcome only moves up: a tab may report `expired` while another tab still shows the
 * survey and later reports `answered` for the same display id.
 */
export const OUTCOME_RANK = { answered: 3, dismissed: 2, expired: 1 };
const rankOf = (column) => `CASE ${column} ${Object.entries(OUTCOME_RANK).map(([o, n]) => `WHEN '${o}' THEN ${n}`).join(' ')} ELSE 0 END`;

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
  db.exec(`CREATE TABLE IF NOT EXISTS displays (
    id TEXT PRIMARY KEY, delivery_id TEXT NOT NULL, shown_at TEXT NOT NULL, ended_at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('answered', 'dismissed', 'expired')), later INTEGER NOT NULL DEFAULT 0,
    response_id TEXT, locale TEXT NOT NULL, customer_id TEXT, origin TEXT, path TEXT,
    received_at TEXT NOT NULL, updated_at TEXT NOT NULL)`);
  // Idempotent upsert: the whole record is replaced only by a better outcome (answered > dismissed >
  // expired); a resend or an equal or worse outcome changes nothing.
  const upsertDisplay = db.prepare(`INSERT INTO displays (${DISPLAY_COLUMNS.join(', ')}, updated_at)
    VALUES (${DISPLAY_COLUMNS.map((c) => '@' + c).join(', ')}, @received_at)
    ON CONFLICT(id) DO UPDATE SET ${DISPLAY_COLUMNS.filter((c) => c !== 'id' && c !== 'received_at').map((c) => `${c} = excluded.${c}`).join(', ')},
      updated_at = excluded.received_at
    WHERE ${rankOf('excluded.outcome')} > ${rankOf('displays.outcome')}`);
  /** Stores both lists in one transaction; returns how many rows of each were inserted or improved. */
  const store = db.transaction((rows, displayRows) => {
    let changed = 0, displaysChanged = 0;
    for (const r of rows) changed += upsert.run(r).changes;
    for (const d of displayRows) displaysChanged += upsertDisplay.run(d).changes;
    return { changed, displaysChanged };
  });
  // received/stored/ignored/rejected count responses (as before); the displays* counters count displays.
  const stats = {
    requests: 0, received: 0, stored: 0, ignored: 0, rejected: 0,
    displaysReceived: 0, displaysStored: 0, displaysIgnored: 0, displaysRejected: 0, faults: 0,
  };
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
    const responses = batch.data.responses ?? [];
    const displays = batch.data.displays ?? [];
    const rows = [];
    const displayRows = [];
    const rejected = [];
    const check = (list, schema, field, toRecord, into) =>
      list.forEach((raw, i) => {
        const r = schema.safeParse(raw);
        if (r.success) into.push(toRecord(r.data, now));
        else rejected.push({ id: typeof raw?.id === 'string' ? raw.id : null, error: describeIssue(r.error.issues[0], `${field}.${i}`) });
      });
    check(responses, ResponseSchema, 'responses', toRow, rows);
    const badResponses = rejected.length;
    check(displays, DisplaySchema, 'displays', toDisplayRow, displayRows);
    stats.received += responses.length;
    stats.displaysReceived += displays.length;
    stats.rejected += badResponses;
    stats.displaysRejected += rejected.length - badResponses;
    // A bad record the client cannot identify, or nothing good at all: refuse the whole batch with
    // a 400 naming the field, so the client splits it and sets the bad one aside.
    if ((!rows.length && !displayRows.length) || rejected.some((r) => r.id === null)) {
      return send(res, 400, { error: rejected[0].error, rejected });
    }
    const { changed, displaysChanged } = store(rows, displayRows);
    stats.stored += changed;
    stats.ignored += rows.length - changed;
    stats.displaysStored += displaysChanged;
    stats.displaysIgnored += displayRows.length - displaysChanged;
    if (testHooks) {
      // `ids` and `revisions` are responses only (the browser suites match them to rows); displays apart.
      log.push({
        at: now, origin: req.headers.origin ?? null, type, bytes: Buffer.byteLength(text),
        ids: rows.map((r) => r.id), revisions: rows.map((r) => r.revision), displayIds: displayRows.map((d) => d.id), fault: fault ?? null,
      });
    }
    if (fault === 'drop-after') return void req.socket.destroy();
    if (fault === 'hang-after') return void setTimeout(() => req.socket.destroy(), 20_000).unref();
    return send(res, 200, { accepted: rows.length + displayRows.length, rejected });
  }

  /** The most recent responses, newest answer first. */
  function rows(limit) {
    return db.prepare('SELECT * FROM responses ORDER BY answered_at DESC LIMIT ?').all(limit).map(fromRow);
  }

  /** The most recent displays, newest first (by when their outcome was known). */
  function displayList(limit) {
    return db.prepare('SELECT * FROM displays ORDER BY ended_at DESC, shown_at DESC LIMIT ?').all(limit).map(fromDisplayRow);
  }

  const countDisplays = db.prepare(`SELECT COUNT(*) AS total,
      COUNT(*) FILTER (WHERE outcome = 'answered') AS answered,
      COUNT(*) FILTER (WHERE outcome = 'dismissed') AS dismissed,
      COUNT(*) FILTER (WHERE outcome = 'expired') AS expired,
      COUNT(*) FILTER (WHERE outcome = 'dismissed' AND later = 1) AS later
    FROM displays`);

  /**
   * Score figures from `summarize`, display figures, and the collector's counters.
   * `displays.later` counts dismissals where the customer asked to be reminded (a subset of `dismissed`).
   * `displays.responseRate` = answered displays / all displays, in % to 1 decimal, `null` without displays.
   * It is computed over displays only, never from the responses table: a delivery answered without a
   * recorded display (a custom UI, an older client) would otherwise count as an answer with no showing
   * and could push the rate over 100 %.
   */
  function summary() {
    const scores = db.prepare('SELECT csat, nps FROM responses').all();
    const d = countDisplays.get();
    const responseRate = d.total ? Math.round((d.answered / d.total) * 1000) / 10 : null;
    return { ...summarize(scores), displays: { ...d, responseRate }, collector: { ...stats } };
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

  /** Handles `/v1/responses` (POST, GET), `/v1/displays` (GET) and `/v1/summary` (GET); returns false for other paths. */
  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (testHooks && url.pathname.startsWith('/__test/')) return hooks(req, res, url).then(() => true);
    if (!['/v1/responses', '/v1/displays', '/v1/summary'].includes(url.pathname)) return false;
    if (!cors(req, res)) {
      send(res, 403, { error: `origin: ${req.headers.origin} is not allowed; add it to the collector's origins` });
      return true;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return true;
    }
    const limit = () => Math.min(Number(url.searchParams.get('limit')) || 50, 500);
    try {
      if (url.pathname === '/v1/responses' && req.method === 'POST') await post(req, res);
      else if (url.pathname === '/v1/responses' && req.method === 'GET') send(res, 200, { responses: rows(limit()) });
      else if (url.pathname === '/v1/displays' && req.method === 'GET') send(res, 200, { displays: displayList(limit()) });
      else if (url.pathname === '/v1/summary' && req.method === 'GET') send(res, 200, summary());
      else send(res, 405, { error: `method: ${req.method} is not supported here` });
    } catch (e) {
      console.error('[aftercare collector]', e);
      if (!res.headersSent) send(res, 500, { error: 'internal error; the client will retry' });
    }
    return true;
  }

  return { handle, summary, rows, displays: displayList, stats, db, close: () => db.close() };
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

function toDisplayRow(d, now) {
  return {
    id: d.id,
    delivery_id: d.deliveryId,
    shown_at: d.shownAt,
    ended_at: d.endedAt,
    outcome: d.outcome,
    later: d.later ? 1 : 0,
    response_id: d.responseId ?? null,
    locale: d.locale,
    customer_id: d.customerId ?? null,
    origin: d.origin ?? null,
    path: d.path ?? null,
    received_at: now,
  };
}

function fromDisplayRow(row) {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    shownAt: row.shown_at,
    endedAt: row.ended_at,
    outcome: row.outcome,
    later: row.later === 1,
    responseId: row.response_id,
    locale: row.locale,
    customerId: row.customer_id,
    origin: row.origin,
    path: row.path,
    receivedAt: row.received_at,
    updatedAt: row.updated_at,
  };
}
