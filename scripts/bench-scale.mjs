// The scale part of npm run bench:collector (issue 28): the targets at a million answers, today's code
// (--baseline, built in a git worktree under .bench/) beside this checkout's build, on the SAME data.
// The answers are written once with the baseline's own store code (it migrates to its last migration);
// the baseline's server is timed on them, then this checkout's server starts on the same database (its
// migrations fill the count tables from the rows: the time to listening is reported) and is timed. Then
// the write path, alternating baseline and now, and the write cost per part of storeBatch, in process.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { fillDatabase, timedRuns } from './bench-read.mjs';

const DAY = 86_400_000;
const NOW_SERVER = 'examples/collector/dist/server.js';
const NOW_INDEX = 'examples/collector/dist/index.js';
const RUNS = 7;

/**
 * The collector as it was at `ref`, built in a git worktree under .bench/ (the same folder
 * bench-invitations.mjs uses, so a build is shared); `created` says whether this run made the worktree
 * (then `remove()` takes it away again).
 */
export function baselineBuild(ref) {
  const dir = resolve('.bench', `baseline-${ref}`);
  const created = !existsSync(dir);
  if (created) execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { stdio: 'ignore' });
  if (!existsSync(join(dir, 'examples/collector/dist/server.js'))) execFileSync(process.execPath, [join(dir, 'examples/collector/build.mjs')], { stdio: 'inherit', cwd: dir });
  return {
    server: join(dir, 'examples/collector/dist/server.js'),
    index: join(dir, 'examples/collector/dist/index.js'),
    remove: () => {
      if (created) execFileSync('git', ['worktree', 'remove', '--force', dir], { stdio: 'ignore' });
    },
  };
}

/** Whole days in UTC (the collector's default AFTERCARE_TZ, which the bench's servers keep), as the dashboard sends them. */
const day = (ms) => new Date(ms).toISOString().slice(0, 10);

/** Median and worst of RUNS GETs after a warm-up, and the last body parsed. */
async function timeGet(url, token) {
  const { ms, body } = await timedRuns(url, token, RUNS);
  return { median: ms[Math.floor(ms.length / 2)], worst: ms.at(-1), json: JSON.parse(body) };
}

/**
 * The dashboard's poll with nothing new: a GET for the ETag, a warm-up, then RUNS GETs with
 * If-None-Match, each of which should answer 304. Null when the server sends no ETag; `{ status }` when
 * it answered something else (reported in the table, so the rest of the run still counts).
 */
async function timePoll(url, token) {
  const auth = { authorization: `Bearer ${token}` };
  const first = await fetch(url, { headers: auth });
  await first.arrayBuffer();
  const etag = first.headers.get('etag');
  if (!etag) return null;
  const once = async () => {
    const t = performance.now();
    const res = await fetch(url, { headers: { ...auth, 'if-none-match': etag } });
    await res.arrayBuffer();
    return { ms: performance.now() - t, status: res.status };
  };
  await once();
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await once();
    if (r.status !== 304) return { status: r.status };
    ms.push(r.ms);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], worst: ms.at(-1) };
}

/** What both builds must agree on: the figures of the totals, the series, the previous period and the segments. */
function figuresOf(s) {
  const f = (x) => x && { responses: x.responses, csat: x.csat, nps: x.nps };
  return JSON.stringify({
    ...f(s),
    series: s.series?.map((p) => ({ start: p.start, end: p.end, ...f(p) })),
    previous: f(s.previous),
    segments: s.segments?.map((g) => ({ key: g.key, value: g.value, ...f(g) })),
    segmentsTotal: s.segmentsTotal,
  });
}

/** Bytes the database takes, and how many of them are the count tables (0 before migration 016). */
async function sizeOf(store, target) {
  if (store === 'sqlite') {
    const db = new Database(target);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const counts = db.prepare("select count(*) n from sqlite_master where name = 'answer_counts'").get().n
      ? db.prepare("select coalesce(sum(pgsize), 0) n from dbstat where name in (select name from sqlite_master where tbl_name in ('answer_counts', 'display_counts'))").get().n
      : 0;
    db.close();
    const wal = existsSync(`${target}-wal`) ? statSync(`${target}-wal`).size : 0;
    return { total: statSync(target).size + wal, counts };
  }
  const c = new pg.Client({ connectionString: target });
  await c.connect();
  try {
    await c.query('vacuum analyze');
    const { rows } = await c.query(`select pg_database_size(current_database())::bigint as total,
      coalesce(pg_total_relation_size(to_regclass('answer_counts')), 0) + coalesce(pg_total_relation_size(to_regclass('display_counts')), 0) as counts`);
    return { total: Number(rows[0].total), counts: Number(rows[0].counts) };
  } finally {
    await c.end();
  }
}

let seq = 0;
/** A body of `n` new answers, as bench-collector.mjs's body() writes them (every other one a wave with two reasons). */
function answers(n) {
  const rs = [];
  for (let i = 0; i < n; i++) {
    const k = (++seq).toString(16).padStart(12, '0');
    rs.push({
      id: `00000000-0000-4000-9000-${k}`, revision: 1, deliveryId: `cost-${k}`, deliveredAt: '2026-11-20T10:00:00.000Z', answeredAt: '2026-11-24T10:00:00.000Z',
      csat: 1 + (seq % 5), nps: seq % 11, comment: 'Quick and tidy, thank you', complete: true, locale: 'en', meta: { store: 'Berlin' },
      ...(seq % 2 ? {} : { wave: seq % 4, reasons: ['speed', 'solved'] }),
    });
  }
  return JSON.stringify({ responses: rs });
}

/**
 * The write cost per part: `batches` POSTs of 20 answers to this checkout's collector in this process
 * (createCollector's app, so every record takes ingest's own path), then writeCosts(). Null when the
 * build does not export writeCosts/resetWriteCosts.
 */
async function writeCostParts(target, token, batches = 500) {
  const lib = await import(pathToFileURL(resolve(NOW_INDEX)).href);
  if (typeof lib.writeCosts !== 'function' || typeof lib.resetWriteCosts !== 'function') return null;
  const c = await lib.createCollector({ db: target, adminToken: token, rateLimit: 1_000_000, retentionDays: 36_500, startWorker: false, startInvitationWorker: false, startEscalation: false });
  try {
    const post = async () => {
      const res = await c.app.request('/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: answers(20) });
      if (res.status !== 200) throw new Error(`write cost: POST /v1/responses answered ${res.status}: ${await res.text()}`);
    };
    for (let i = 0; i < 20; i++) await post(); // warm-up: JIT, prepared statements, the first pages
    lib.resetWriteCosts();
    const t0 = performance.now();
    for (let i = 0; i < batches; i++) await post();
    const wallMs = performance.now() - t0;
    return { ...lib.writeCosts(), wallMs };
  } finally {
    await c.close();
  }
}

/**
 * The scale benchmark on one store. `database(name)` gives a fresh target (a file path or a postgres://
 * URL); `start(db, server)`, `stop(c)` and `cell(store, instances, batch, db, server)` are
 * bench-collector.mjs's.
 */
export async function benchScale(store, { count, build, rounds = 2, connections, token, database, start, stop, cell, log = console.error }) {
  const out = { store, count, connections };
  const now = Date.now();
  const q = encodeURIComponent;
  const urls = {
    week: `/v1/summary?from=${q(day(now - 90 * DAY))}&to=${q(day(now))}&interval=week&by=meta.store`,
    month: '/v1/summary?interval=month',
  };
  const db = await database('scale');
  log(`${store}: writing ${count.toLocaleString('en-US')} answers with the baseline's store code…`);
  const t0 = performance.now();
  await fillDatabase(db, { count, now, lib: await import(pathToFileURL(build.index).href), stores: 12, log });
  log(`${store}: filled in ${Math.round((performance.now() - t0) / 1000)} s`);
  out.sizeBefore = await sizeOf(store, db);

  const timeBuild = async (c) => {
    const r = {};
    for (const [name, path] of Object.entries(urls)) r[name] = await timeGet(c.url + path, token);
    r.poll = await timePoll(c.url + urls.week, token);
    return r;
  };
  let c = await start(db, build.server);
  try {
    out.before = await timeBuild(c);
  } finally {
    await stop(c);
  }
  const t1 = performance.now();
  c = await start(db, NOW_SERVER);
  out.migrateMs = performance.now() - t1;
  log(`${store}: this checkout's server listening after ${Math.round(out.migrateMs)} ms (migration 016 included)`);
  try {
    out.after = await timeBuild(c);
  } finally {
    await stop(c);
  }
  out.sizeAfter = await sizeOf(store, db);
  out.same = Object.fromEntries(Object.keys(urls).map((k) => [k, figuresOf(out.before[k].json) === figuresOf(out.after[k].json)]));

  out.ingest = [];
  for (let r = 0; r < rounds; r++) {
    for (const [name, server] of [['before', build.server], ['after', NOW_SERVER]]) {
      const target = await database(`ingest_${name}_${r}`);
      // Migrate once before the measured window.
      await stop(await start(target, server));
      const result = await cell(store, 1, 20, target, server);
      out.ingest.push({ name, ...result });
      log(`${store}: ingest ${name}: ${Math.round(result.responses)} answers/s, p99 ${result.p99} ms`);
    }
  }
  out.costs = await writeCostParts(await database('costs'), token);
  if (!out.costs) log(`${store}: this build exports no writeCosts/resetWriteCosts: the write cost per part is left out`);
  return out;
}

const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/** The issue-28 table: one row per figure and store, the baseline beside this checkout. */
export function printScale(results, baseline) {
  const count = results[0]?.count ?? 0;
  console.log(`\nIssue 28 targets: ${fmt(count)} answers (two years, a store key with 12 values, 60 technicians), the same data read by ${baseline} and by this checkout; times over HTTP, median / worst of ${RUNS} after a warm-up; ingest best of the runs\n`);
  console.log(`| figure | store | target | ${baseline} | now | result |`);
  console.log('|---|---|---|---|---|---|');
  const t = (x) => (x ? `${fmt(x.median, 1)} / ${fmt(x.worst, 1)} ms` : '—');
  const verdict = (ok) => (ok ? 'met' : 'NOT met');
  const perMillion = (bytes) => (bytes / 1e6) * (1e6 / count);
  for (const r of results) {
    const path = (k) => r.after[k].json.path ? ` (${r.after[k].json.path}${r.after[k].json.pathWhy ? `: ${r.after[k].json.pathWhy}` : ''})` : ' (no path field)';
    console.log(`| summary, 90 days weekly, by a key with 12 values | ${r.store} | ≤ 150 ms | ${t(r.before.week)} | ${t(r.after.week)}${path('week')} | ${verdict(r.after.week.worst <= 150)}; same figures: ${r.same.week ? 'yes' : 'NO'} |`);
    console.log(`| summary, all time monthly | ${r.store} | ≤ 200 ms | ${t(r.before.month)} | ${t(r.after.month)}${path('month')} | ${verdict(r.after.month.worst <= 200)}; same figures: ${r.same.month ? 'yes' : 'NO'} |`);
    const poll = (p) => (!p ? '— (no ETag)' : p.status ? `— (answered ${p.status}, not 304)` : t(p));
    console.log(`| a conditional poll with nothing new (the 90-day URL, If-None-Match → 304) | ${r.store} | ≤ 5 ms | ${poll(r.before.poll)} | ${poll(r.after.poll)} | ${verdict(r.after.poll?.worst <= 5)} |`);
    const best = (name) => r.ingest.filter((w) => w.name === name).reduce((a, w) => (!a || w.responses > a.responses ? w : a), null);
    const b = best('before'), a = best('after');
    const ing = (w) => (w ? `${fmt(w.responses)}/s, p99 ${fmt(w.p99, 1)} ms` : '—');
    console.log(`| ingest, one instance, batches of 20, ${r.connections} connections | ${r.store} | ≥ 5,000 answers/s at p99 < 100 ms | ${ing(b)} | ${ing(a)} | ${a ? verdict(a.responses >= 5000 && a.p99 < 100) : ''} |`);
    const mb = (bytes) => `${fmt(perMillion(bytes), 0)} MB`;
    const measured = (bytes) => (count === 1e6 ? '' : ` (${fmt(bytes / 1e6, 1)} MB measured)`);
    console.log(`| database size per million answers | ${r.store} | reported | ${mb(r.sizeBefore.total)}${measured(r.sizeBefore.total)} | ${mb(r.sizeAfter.total)}${measured(r.sizeAfter.total)}, of which the count tables ${mb(r.sizeAfter.counts)} | the aggregates add ${mb(r.sizeAfter.total - r.sizeBefore.total)} |`);
  }
  console.log('\nTimes are "median / worst"; a target is met when the worst run meets it. Sizes: the SQLite file after a WAL checkpoint, PostgreSQL pg_database_size after VACUUM ANALYZE, scaled to a million answers (below a million, an empty database\'s own size and count buckets not yet shared by several answers make the scaled figures too high).');
  for (const r of results) {
    console.log(`\n${r.store}: this checkout's server listened ${fmt(r.migrateMs / 1000, 1)} s after it started on the baseline's database (migration 016 fills the count tables from ${fmt(count)} answers).`);
    console.log(`${r.store}: ingest runs, alternating: ${r.ingest.map((w) => `${w.name === 'before' ? baseline : 'now'} ${fmt(w.responses)}/s p99 ${fmt(w.p99, 1)} ms`).join(' · ')}`);
    if (!r.costs) {
      console.log(`${r.store}: write cost per part: not reported (this build exports no writeCosts).`);
      continue;
    }
    const { parts, answers: n, batches, wallMs } = r.costs;
    console.log(`\n${r.store}: write cost per part of storeBatch, this checkout, ${fmt(batches)} batches of 20 new answers in process (${fmt((wallMs * 1000) / n, 1)} µs per answer end to end)\n`);
    console.log('| part | µs per answer | share |');
    console.log('|---|---|---|');
    const total = Object.values(parts).reduce((x, y) => x + y, 0) || 1;
    for (const [part, ms] of Object.entries(parts).sort((x, y) => y[1] - x[1])) console.log(`| ${part} | ${fmt((ms * 1000) / n, 1)} | ${fmt((ms / total) * 100, 1)} % |`);
    console.log(`| all parts | ${fmt((total * 1000) / n, 1)} | 100 % |`);
  }
}
