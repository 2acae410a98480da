// The read side at scale, for npm run bench:collector: 1,000,000 responses (two years of a busy
// merchant: 20 stores, 60 technicians, 30 % with a comment in English or Chinese) written through the
// collector's own store code, then the dashboard's requests timed over HTTP against the built collector
// process: the 90-day summary with a weekly series and one segment key, the first page of responses
// with a text filter (a common and a rare term), and a 90-day CSV export.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import * as built from '../examples/collector/dist/index.js';
import { rng } from '../examples/seed.mjs';

const DAY = 86_400_000;
const storeNames = (n) => Array.from({ length: n }, (_, i) => `Store ${String(i + 1).padStart(2, '0')}`);
const TECHS = Array.from({ length: 60 }, (_, i) => `Tech ${i + 1}`);
const WORDS = ['on time and tidy', 'late again', 'the washer still leaks', 'friendly technician', 'fixed quickly', '师傅很专业', '等了三天才上门', '问题依旧，很失望', 'explained everything', 'nobody called back'];

/**
 * Writes `count` responses spread over `days` before `now`, rows and side table as ingest derives them,
 * with `lib`'s store code (this checkout's build, or a baseline's: scripts/bench-scale.mjs) and `stores`
 * values of the `store` key.
 */
export async function fillDatabase(target, { count = 1_000_000, days = 730, now = Date.now(), log = () => {}, lib = built, stores = 20 } = {}) {
  const { isPostgresUrl, migrate, openDb, responseColumns } = lib;
  const STORES = storeNames(stores);
  const { db } = openDb(target);
  await migrate(db);
  const random = rng(42);
  const at = new Date(now).toISOString();
  const CHUNK = 1000;
  const started = performance.now();
  for (let done = 0; done < count; done += CHUNK) {
    const rows = [];
    const meta = [];
    for (let i = done; i < Math.min(count, done + CHUNK); i++) {
      const answered = Math.floor(now - random() * days * DAY);
      const store = STORES[Math.floor(random() * STORES.length)];
      const technician = TECHS[Math.floor(random() * TECHS.length)];
      const happy = random() < 0.75;
      const csat = happy ? 4 + Math.floor(random() * 2) : 1 + Math.floor(random() * 3);
      const nps = random() < 0.6 ? (happy ? 7 + Math.floor(random() * 4) : Math.floor(random() * 7)) : null;
      const comment = random() < 0.3 ? `${WORDS[Math.floor(random() * WORDS.length)]} #${i % 997}` : null;
      const id = `bench-${String(i).padStart(8, '0')}`;
      const derived = responseColumns(new Date(answered).toISOString(), comment);
      rows.push({
        id, revision: 1, delivery_id: `order-${i}`, delivered_at: new Date(answered - 4 * DAY).toISOString(), answered_at: new Date(answered).toISOString(),
        csat, nps, comment, complete: 1, locale: 'en', customer_id: `c-${i % 50_000}`, meta: JSON.stringify({ store, technician }),
        origin: null, path: null, received_at: at, updated_at: at, signed: 0, ...derived,
      });
      for (const [key, value] of [['store', store], ['technician', technician]]) meta.push({ response_id: id, key, value, answered_ms: derived.answered_ms, answered_q: derived.answered_q, csat, nps, complete: 1 });
    }
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('responses').values(rows).execute();
      await trx.insertInto('response_meta').values(meta).execute();
    });
    if ((done / CHUNK) % 100 === 0) log(`  ${done.toLocaleString('en-US')} rows (${Math.round((performance.now() - started) / 1000)} s)`);
  }
  await db.insertInto('meta_keys').values([{ key: 'store' }, { key: 'technician' }]).onConflict((oc) => oc.column('key').doNothing()).execute();
  // The rows went in around the store's write path: a build that keeps counts (migration 016) fills
  // them from the rows, as its migration does for a store written before it.
  if (lib.rebuildCounts) await lib.rebuildCounts(db);
  // PostgreSQL's autovacuum would get to a table this size within minutes; do it now, so the index-only
  // scans the read side relies on do not visit the heap and the planner has statistics.
  if (isPostgresUrl(target)) await sql`vacuum analyze`.execute(db);
  await db.destroy();
}

/** `runs` timed GETs with the token after one warm-up: their times in ms, fastest first, and the last body. Shared with bench-themes.mjs. */
export async function timedRuns(url, token, runs) {
  const once = async () => {
    const t = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.text();
    if (!res.ok) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
    return { ms: performance.now() - t, body };
  };
  await once();
  const all = [];
  let last;
  for (let i = 0; i < runs; i++) {
    last = await once();
    all.push(last.ms);
  }
  return { ms: all.sort((a, b) => a - b), body: last.body };
}

/** Median and worst of `runs` timed requests (after one warm-up), and what the last one returned. */
async function time(url, token, runs = 7) {
  const { ms, body } = await timedRuns(url, token, runs);
  return { median: ms[Math.floor(ms.length / 2)], worst: ms[ms.length - 1], body };
}

/**
 * Fills `db`, starts the collector on it with `start(db)` (bench-collector.mjs's, which resolves with
 * `{ proc, url }` and reads with `token`) and times the dashboard's requests.
 */
export async function benchRead(store, db, { start, stop, token, count = 1_000_000, log = console.log }) {
  const now = Date.now();
  const t0 = performance.now();
  await fillDatabase(db, { count, now, log });
  const fillSeconds = (performance.now() - t0) / 1000;
  const c = await start(db);
  try {
    const from = new Date(now - 90 * DAY).toISOString();
    const to = new Date(now).toISOString();
    const q = (s) => encodeURIComponent(s);
    const cells = [
      ['summary: 90 days, weekly series, segments by store', `/v1/summary?from=${q(from)}&to=${q(to)}&interval=week&by=meta.store`, 500],
      ['summary: 90 days, daily series, segments by technician, one store', `/v1/summary?from=${q(from)}&to=${q(to)}&interval=day&by=meta.technician&meta.store=${q('Store 07')}`, null],
      ['summary: all time, monthly series', `/v1/summary?interval=month`, null],
      ['responses: first page, text filter (common term "late")', `/v1/responses?q=late&limit=50`, 300],
      ['responses: first page, text filter (Chinese "师傅")', `/v1/responses?q=${q('师傅')}&limit=50`, 300],
      ['responses: first page, text filter (no match)', `/v1/responses?q=${q('no such words')}&limit=50`, 300],
      ['responses: first page, detractors, unhappy first', `/v1/responses?band=detractor&order=unhappy&limit=50`, null],
    ];
    const rows = [];
    for (const [name, path, budget] of cells) {
      const r = await time(c.url + path, token);
      const json = JSON.parse(r.body);
      const n = json.responses?.length ?? json.responses;
      rows.push({ store, name, median: r.median, worst: r.worst, budget, n });
    }
    // The export: every answer of the 90 days, streamed.
    const t = performance.now();
    const res = await fetch(`${c.url}/v1/export?format=csv&from=${q(from)}&to=${q(to)}`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    const ms = performance.now() - t;
    const lines = text.split('\r\n').length - 2;
    rows.push({ store, name: `export: 90 days as CSV (${lines.toLocaleString('en-US')} rows, ${(text.length / 1e6).toFixed(1)} MB)`, median: ms, worst: ms, budget: null, n: lines });
    return { rows, fillSeconds };
  } finally {
    await stop(c);
  }
}

/** The table for docs/benchmarks.md. */
export function printRead(results, count) {
  const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log(`\nRead side with ${fmt(count)} responses (two years, 20 stores, 60 technicians, 30 % with a comment), over HTTP, median and worst of 7 after a warm-up\n`);
  console.log('| store | request | median ms | worst ms | budget | result |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) {
    const verdict = r.budget ? (r.worst <= r.budget ? `≤ ${r.budget} ms: met` : `≤ ${r.budget} ms: NOT met`) : '';
    console.log(`| ${r.store} | ${r.name} | ${fmt(r.median, 1)} | ${fmt(r.worst, 1)} | ${r.budget ? `${r.budget} ms` : ''} | ${verdict} |`);
  }
}
