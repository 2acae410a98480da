// The invitations part of npm run bench:collector: deliveries imported per second (POST /v1/deliveries,
// batches of 1,000), invitations rendered and handed to a local SMTP sink per second (smtp-server in
// this process, reading every message to its end), and the write path of POST /v1/responses
// (SQLite, batches of 20) side by side with the collector as it was before invitations (built from a
// git worktree of --baseline, default the commit before them), alternating runs so both see the same
// machine.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';

const DAY = 86_400_000;

/** A local SMTP sink: counts messages read to their end. */
export async function smtpSink() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received++;
        done();
      });
    },
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { port: server.server.address().port, received: () => received, close: () => new Promise((r) => server.close(r)) };
}

function start(server, env) {
  const proc = spawn(process.execPath, [server], { env: { PATH: process.env.PATH, AFTERCARE_PORT: '0', AFTERCARE_RATE_LIMIT: '1000000', AFTERCARE_RETENTION_DAYS: '36500', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve_, reject) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = /collector listening on (http:\/\/\S+)\/v1\/responses/.exec(out);
      if (m) resolve_({ proc, url: m[1] });
    });
    proc.once('exit', (code) => reject(new Error(`collector exited with ${code}: ${out}`)));
  });
}
const stop = (c) => new Promise((r) => (c.proc.once('exit', r), c.proc.kill('SIGTERM')));

let seq = 0;
const deliveries = (n, deliveredAt) =>
  JSON.stringify({
    deliveries: Array.from({ length: n }, () => {
      const k = ++seq;
      return { id: `bench-d-${k}`, deliveredAt, customerId: `bench-c-${k}`, email: `customer-${k}@example.com`, locale: ['en', 'zh-CN', 'de'][k % 3], survey: k % 2 ? 'nps' : 'both', meta: { store: 'Berlin' } };
    }),
  });

/** Deliveries imported per second: `batches` requests of 1,000, one after another. */
async function importRate(server, db, token, batches) {
  const c = await start(server, { AFTERCARE_DB: db, AFTERCARE_ADMIN_TOKEN: token });
  try {
    const at = new Date(Date.now() - DAY).toISOString();
    const post = (body) => fetch(`${c.url}/v1/deliveries`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
    await post(deliveries(1000, at)); // warm-up
    const bodies = Array.from({ length: batches }, () => deliveries(1000, at));
    const t0 = performance.now();
    for (const b of bodies) {
      const res = await post(b);
      if (!res.ok) throw new Error(`import: ${res.status} ${await res.text()}`);
    }
    return (batches * 1000) / ((performance.now() - t0) / 1000);
  } finally {
    await stop(c);
  }
}

/** Invitations rendered and accepted by the SMTP sink per second, from `n` due at once. */
async function sendRate(server, db, token, n) {
  const sink = await smtpSink();
  // Delivered three days before 10:00 UTC tomorrow; the collector's clock is moved there (test hooks).
  const d = new Date();
  const at = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1, 10);
  const c = await start(server, {
    AFTERCARE_DB: db, AFTERCARE_ADMIN_TOKEN: token, AFTERCARE_TEST_HOOKS: '1', AFTERCARE_SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
    AFTERCARE_MAIL_FROM: 'Bench <bench@shop.example>', AFTERCARE_PUBLIC_URL: 'http://127.0.0.1:8787', AFTERCARE_REMINDER_DAYS: '0',
  });
  try {
    const clock = (ms) => fetch(`${c.url}/__test/clock`, { method: 'POST', body: JSON.stringify({ at: ms }) });
    await clock(at - 3 * DAY + 3_600_000);
    for (let i = 0; i < n; i += 1000) {
      const res = await fetch(`${c.url}/v1/deliveries`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: deliveries(Math.min(1000, n - i), new Date(at - 3 * DAY).toISOString()) });
      if (!res.ok) throw new Error(`import: ${res.status}`);
    }
    const t0 = performance.now();
    await clock(at);
    while (sink.received() < n) {
      if (performance.now() - t0 > 300_000) throw new Error(`only ${sink.received()} of ${n} messages in 5 minutes`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return n / ((performance.now() - t0) / 1000);
  } finally {
    await stop(c);
    await sink.close();
  }
}

/** Builds the collector as it was at `ref` in a git worktree under .bench/ (node_modules resolve from the repository; a ref that needs packages this checkout lacks will not build). */
function baselineServer(ref) {
  const dir = resolve('.bench', `baseline-${ref}`);
  if (!existsSync(join(dir, 'examples/collector/dist/server.js'))) {
    if (!existsSync(dir)) execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { stdio: 'ignore' });
    execFileSync(process.execPath, [join(dir, 'examples/collector/build.mjs')], { stdio: 'inherit', cwd: dir });
  }
  return join(dir, 'examples/collector/dist/server.js');
}

/**
 * The invitations benchmark; `write(server)` runs the write-path cell (SQLite, batch 20) against a
 * collector build and resolves with { responses, p99 }.
 */
export async function benchInvitations({ token, write, baseline = '896b24c', after, rounds = 2, log = console.error }) {
  const dir = mkdtempSync(join(tmpdir(), 'aftercare-bench-inv-'));
  const out = { import: [], send: [], write: [] };
  try {
    const before = baselineServer(baseline);
    // `after`: a commit to measure instead of this working tree's build (a tree with unrelated work in progress).
    const current = after ? baselineServer(after) : 'examples/collector/dist/server.js';
    for (let r = 0; r < rounds; r++) {
      out.import.push(await importRate(current, join(dir, `import-${r}.db`), token, 10));
      log(`deliveries imported: ${Math.round(out.import.at(-1))}/s`);
      out.send.push(await sendRate(current, join(dir, `send-${r}.db`), token, 2000));
      log(`invitations sent: ${Math.round(out.send.at(-1))}/s`);
    }
    for (let r = 0; r < rounds; r++) {
      for (const [name, server] of [['before', before], ['after', current]]) {
        const cell = await write(server, join(dir, `write-${name}-${r}.db`));
        out.write.push({ name, ...cell });
        log(`write path ${name}: ${Math.round(cell.responses)} responses/s, p99 ${cell.p99} ms`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export function printInvitations(out, baseline = '896b24c', after = 'this checkout') {
  const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  const best = (xs) => Math.max(...xs);
  console.log('\nInvitations (SQLite, one instance; best of the runs, each run listed)\n');
  console.log('| measure | target | best | runs |');
  console.log('|---|---|---|---|');
  console.log(`| deliveries imported per second (POST /v1/deliveries, batches of 1,000) | ≥ 5,000 | ${fmt(best(out.import))} | ${out.import.map((x) => fmt(x)).join(' · ')} |`);
  console.log(`| invitations rendered and accepted by a local SMTP sink per second (2,000 due at once) | ≥ 200 | ${fmt(best(out.send))} | ${out.send.map((x) => fmt(x)).join(' · ')} |`);
  const side = (name) => out.write.filter((w) => w.name === name);
  const b = side('before'), a = side('after');
  const mb = best(b.map((w) => w.responses)), ma = best(a.map((w) => w.responses));
  console.log(`\nPOST /v1/responses, SQLite, batches of 20, before (${baseline}) and after (${after}), alternating runs\n`);
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor((xs.length - 1) / 2)];
  console.log('| build | responses/s (each run) | p99 ms (each run) | best | median |');
  console.log('|---|---|---|---|---|');
  for (const [name, rows] of [['before', b], ['after', a]]) console.log(`| ${name} | ${rows.map((w) => fmt(w.responses)).join(' · ')} | ${rows.map((w) => fmt(w.p99, 1)).join(' · ')} | ${fmt(Math.max(...rows.map((w) => w.responses)))} | ${fmt(median(rows.map((w) => w.responses)))} |`);
  const medianRatio = median(a.map((w) => w.responses)) / median(b.map((w) => w.responses));
  console.log(`\nAfter ÷ before: ${fmt((ma / mb) * 100, 1)} % of the best runs, ${fmt(medianRatio * 100, 1)} % of the medians (the issue allows ≥ 90 %)`);
}
