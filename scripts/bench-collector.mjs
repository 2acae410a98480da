// npm run bench:collector: POST /v1/responses throughput and latency of the built collector
// (examples/collector/dist/server.js, real processes), with batches of 1, 20 and 100 responses, on
// SQLite and on PostgreSQL (a throwaway local cluster), with one and two instances. The load
// generator is autocannon, in this process, closed-loop (a fixed number of connections, each waiting
// for its answer) for a fixed duration per cell. Prints one table, and the CPU each party used, which
// says what limits each figure on this machine.
// Then the read side at 1,000,000 responses (scripts/bench-read.mjs): the dashboard's summary, text
// search and export timings on both stores.
// Then invitations (scripts/bench-invitations.mjs): deliveries imported and invitations sent per second,
// and the write path side by side with the collector before invitations.
// Then themes (scripts/bench-themes.mjs): 300,000 comments in English and Chinese, the themes of 90
// days and a term's trend over a year.
// Then scale (scripts/bench-scale.mjs, issue 28): the summaries, the conditional poll, the write path and
// the database size at 1,000,000 answers, today's code (--baseline, default 418e90d) beside this
// checkout on the same data, and the write cost per part.
//   node scripts/bench-collector.mjs [--duration 8] [--connections 8] [--only sqlite|postgres]
//                                    [--part write|read|invitations|themes|scale] [--read-count 1000000]
//                                    [--themes-count 300000] [--scale-count 1000000] [--baseline REF]
// --baseline: the commit compared with; the invitations part defaults to 896b24c, the scale part to 418e90d.
// Not part of npm test: machines here are shared and noisy; the tests assert behaviour.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { benchInvitations, printInvitations } from './bench-invitations.mjs';
import { benchRead, printRead } from './bench-read.mjs';
import { baselineBuild, benchScale, printScale } from './bench-scale.mjs';
import { benchThemes, printThemes } from './bench-themes.mjs';
import { startCluster } from './pg-cluster.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    connections: { type: 'string', default: '8' },
    only: { type: 'string' },
    part: { type: 'string' },
    'read-count': { type: 'string', default: '1000000' },
    'themes-count': { type: 'string', default: '300000' },
    'scale-count': { type: 'string', default: '1000000' },
    baseline: { type: 'string' },
    after: { type: 'string' },
    rounds: { type: 'string', default: '2' },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const TOKEN = 'bench-admin-token-0123456789abcdef';
const TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s

/** CPU seconds a set of processes used so far (user + system). */
function cpuOf(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // The process ended between listing and reading: it used nothing more.
    }
  }
  return ticks / TICKS;
}
const postgresPids = () =>
  readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'postgres';
    } catch {
      return false;
    }
  });

function startCollector(db, server = 'examples/collector/dist/server.js') {
  const proc = spawn(process.execPath, [server], {
    // Two years of answers: the retention purge must not take the older half.
    env: { PATH: process.env.PATH, AFTERCARE_DB: db, AFTERCARE_PORT: '0', AFTERCARE_ADMIN_TOKEN: TOKEN, AFTERCARE_RATE_LIMIT: '1000000', AFTERCARE_RETENTION_DAYS: '36500' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /collector listening on (http:\/\/\S+)\/v1\/responses/.exec(out);
      if (m) resolve({ proc, url: m[1] });
    });
    proc.once('exit', (code) => reject(new Error(`collector exited with ${code}: ${out}`)));
  });
}
const stopCollector = (c) => new Promise((r) => (c.proc.once('exit', r), c.proc.kill('SIGTERM')));

let seq = 0;
/**
 * A body of `n` fresh responses (new ids: every request is an insert, as real traffic mostly is);
 * every other one a re-survey wave naming two reasons (collectors before issue 14 ignore both).
 */
function body(n) {
  const rs = [];
  for (let i = 0; i < n; i++) {
    const k = (++seq).toString(16).padStart(12, '0');
    rs.push(
      `{"id":"00000000-0000-4000-8000-${k}","revision":1,"deliveryId":"bench-${k}","deliveredAt":"2026-11-20T10:00:00.000Z","answeredAt":"2026-11-24T10:00:00.000Z","csat":${1 + (seq % 5)},"nps":${seq % 11},"comment":"Quick and tidy, thank you","complete":true,"locale":"en","meta":{"store":"Berlin"}${seq % 2 ? '' : `,"wave":${seq % 4},"reasons":["speed","solved"]`}}`,
    );
  }
  return `{"responses":[${rs.join(',')}]}`;
}

function load(url, batch, connections) {
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      {
        url: `${url}/v1/responses`,
        connections,
        duration: DURATION,
        requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: body(batch) }) }],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    void inst;
  });
}

async function cell(store, instances, batch, db, server) {
  const collectors = [];
  for (let i = 0; i < instances; i++) collectors.push(await startCollector(db, server));
  // Warm-up: JIT, connection pools, the first pages of the tables.
  await Promise.all(collectors.map((c) => load(c.url, batch, 2).catch(() => undefined)));
  const pids = collectors.map((c) => c.proc.pid);
  const pgPids = store === 'postgres' ? postgresPids() : [];
  const before = { collector: cpuOf(pids), db: cpuOf(pgPids), self: process.cpuUsage() };
  const t0 = performance.now();
  const results = await Promise.all(collectors.map((c) => load(c.url, batch, Math.max(1, Math.round(CONNECTIONS / instances)))));
  const seconds = (performance.now() - t0) / 1000;
  const self = process.cpuUsage(before.self);
  const used = {
    collector: (cpuOf(pids) - before.collector) / seconds,
    db: (cpuOf(pgPids) - before.db) / seconds,
    loadgen: (self.user + self.system) / 1e6 / seconds,
  };
  for (const c of collectors) await stopCollector(c);
  const ok = results.reduce((a, r) => a + r['2xx'], 0);
  const errors = results.reduce((a, r) => a + r.non2xx + r.errors + r.timeouts, 0);
  // Latency across instances: the request-weighted p50, and the worst p99 (a conservative merge).
  const total = results.reduce((a, r) => a + r.requests.total, 0) || 1;
  const p50 = results.reduce((a, r) => a + r.latency.p50 * r.requests.total, 0) / total;
  const p99 = Math.max(...results.map((r) => r.latency.p99));
  return { store, instances, batch, rps: ok / seconds, responses: (ok * batch) / seconds, p50, p99, errors, used };
}

const rows = [];
const readRows = [];
const themeRows = [];
const scaleRows = [];
const SCALE_COUNT = Number(args['scale-count']);
const SCALE_BASELINE = args.baseline ?? '418e90d';
const INVITATIONS_BASELINE = args.baseline ?? '896b24c';
const READ_COUNT = Number(args['read-count']);
const THEMES_COUNT = Number(args['themes-count']);
const stores = args.only ? [args.only] : ['sqlite', 'postgres'];
const dir = mkdtempSync(join(tmpdir(), 'aftercare-bench-'));
const newPgDatabase = async (name) => {
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return cluster.url(name);
};
let cluster;
let invitations;
let scaleBuild;
try {
  for (const store of stores) {
    if (store === 'postgres') cluster = await startCluster();
    if (!args.part || args.part === 'themes') {
      const db = store === 'sqlite' ? join(dir, 'themes.db') : await newPgDatabase('bench_themes');
      console.error(`${store}: writing ${THEMES_COUNT.toLocaleString('en-US')} comments for the themes benchmark…`);
      themeRows.push(...(await benchThemes(store, db, { start: startCollector, stop: stopCollector, token: TOKEN, count: THEMES_COUNT })).rows);
    }
    if (!args.part || args.part === 'read') {
      const db = store === 'sqlite' ? join(dir, 'read.db') : await newPgDatabase('bench_read');
      console.error(`${store}: writing ${READ_COUNT.toLocaleString('en-US')} responses for the read benchmark…`);
      const { rows: r, fillSeconds } = await benchRead(store, db, { start: startCollector, stop: stopCollector, token: TOKEN, count: READ_COUNT, log: (l) => console.error(l) });
      console.error(`${store}: filled in ${Math.round(fillSeconds)} s`);
      readRows.push(...r);
    }
    if (!args.part || args.part === 'scale') {
      scaleBuild ??= baselineBuild(SCALE_BASELINE);
      const database = async (name) => (store === 'sqlite' ? join(dir, `${name}.db`) : await newPgDatabase(`bench_${name}`));
      scaleRows.push(
        await benchScale(store, {
          count: SCALE_COUNT, build: scaleBuild, rounds: Number(args.rounds), connections: CONNECTIONS, token: TOKEN, database,
          start: startCollector, stop: stopCollector, cell, log: (l) => console.error(l),
        }),
      );
    }
    for (const instances of args.part && args.part !== 'write' ? [] : [1, 2]) {
      for (const batch of [1, 20, 100]) {
        let db;
        if (store === 'sqlite') db = join(dir, `bench-${instances}-${batch}.db`);
        else db = await newPgDatabase(`bench_${instances}_${batch}`);
        // Migrate once before the instances start, so the measured window holds no schema work.
        await stopCollector(await startCollector(db));
        const r = await cell(store, instances, batch, db);
        rows.push(r);
        console.error(`${store} ×${instances} batch ${batch}: ${Math.round(r.responses)} responses/s, p99 ${r.p99} ms`);
      }
    }
    cluster?.stop();
    cluster = undefined;
  }
  if (stores.includes('sqlite') && (!args.part || args.part === 'invitations')) {
    invitations = await benchInvitations({
      token: TOKEN,
      baseline: INVITATIONS_BASELINE,
      after: args.after,
      rounds: Number(args.rounds),
      write: async (server, db) => {
        await stopCollector(await startCollector(db, server));
        return cell('sqlite', 1, 20, db, server);
      },
    });
  }
} finally {
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
  scaleBuild?.remove();
}

if (readRows.length) printRead(readRows, READ_COUNT);
if (themeRows.length) printThemes(themeRows, THEMES_COUNT);
if (invitations) printInvitations(invitations, INVITATIONS_BASELINE, args.after);
if (scaleRows.length) printScale(scaleRows, SCALE_BASELINE);
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const pctCpu = (x) => `${Math.round(x * 100)} %`;
if (rows.length) {
  console.log(`\nPOST /v1/responses, ${CONNECTIONS} connections (closed loop), ${DURATION} s per cell, loopback, this machine (${(await import('node:os')).cpus().length} cores)\n`);
  console.log('| store | instances | batch | requests/s | responses/s | p50 ms | p99 ms | errors | CPU collector(s) | CPU PostgreSQL | CPU load generator |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.store} | ${r.instances} | ${r.batch} | ${fmt(r.rps)} | ${fmt(r.responses)} | ${fmt(r.p50, 1)} | ${fmt(r.p99, 1)} | ${r.errors} | ${pctCpu(r.used.collector)} | ${r.store === 'postgres' ? pctCpu(r.used.db) : '—'} | ${pctCpu(r.used.loadgen)} |`,
    );
  }
  const target = rows.find((r) => r.store === 'sqlite' && r.instances === 1 && r.batch === 20);
  if (target) {
    console.log(`\nTarget (SQLite, one instance, batches of 20): ≥ 2,000 responses/s at p99 < 100 ms → ${fmt(target.responses)} responses/s at p99 ${fmt(target.p99, 1)} ms: ${target.responses >= 2000 && target.p99 < 100 ? 'met' : 'NOT met'}`);
  }
  console.log('CPU columns are cores in use (100 % = one core): a collector near 100 % per instance is bound by its single JavaScript thread; the three columns share 2 cores.');
}
