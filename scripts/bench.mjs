// npm run bench: sizes, host-page cost, latency and sync throughput, measured side by side with
// PostHog (posthog-js from npm) and a one-request-per-answer baseline in one run. Prints one table.
//   node scripts/bench.mjs [--runs 7]
// Not part of npm test: machines here are shared and noisy; the tests assert behaviour and bytes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, startDemoServer } from './lab.mjs';
import { bundle, bundledBytes, FLOORS, gzFile, pageBytes, SDK_ENTRY } from './sizes.mjs';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const RUNS = Number(args.runs);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const rows = [];
const row = (figure, ours, peer, target, note = '') => rows.push({ figure, ours, peer, target, note });

// ---- Bytes (gzip -9 of what the browser downloads; counted as the budget test counts) -----------
const phDir = dirname(createRequire(import.meta.url).resolve('posthog-js/package.json'));
const phSurveys = gzFile(join(phDir, 'dist/surveys.js'));
const phArray = gzFile(join(phDir, 'dist/array.js'));
const bytes = pageBytes();
const sdkBytes = await bundledBytes(SDK_ENTRY);
const floors = Object.fromEntries(await Promise.all(Object.entries(FLOORS).map(async ([k, code]) => [k, await bundledBytes(code)])));
const [zodFloor, preactFloor] = Object.values(floors);
row('bytes: page with nothing to do', bytes.nothingDue, `${phArray} (array.js)`, '≤ 4,096', `aftercare.js alone; ratio ${(phArray / bytes.nothingDue).toFixed(0)}×`);
row('bytes: nothing due, answers waiting', bytes.nothingDue, `${phArray} (array.js)`, '≤ 4,096', 'the loader sends them; + aftercare-sdk.js if a send fails');
row('bytes: nothing due, delivery on the tag already recorded', bytes.nothingDue, `${phArray} (array.js)`, '≤ 4,096', 'the first view of that tag too: the loader records it');
row('bytes: page that shows a survey', bytes.survey, `${phArray + phSurveys} (array.js + surveys.js)`, '≤ 12,288 (raised: 40,104)', `loader ${bytes.loader} + SDK ${bytes.sdk} + UI ${bytes.ui} + ${bytes.largestLocale.file.slice(17, -3)} ${bytes.largestLocale.bytes}; ratio ${((phArray + phSurveys) / bytes.survey).toFixed(1)}×`);
row('bytes: survey UI alone', bytes.ui, `${phSurveys} (surveys.js)`, '', `ratio ${(phSurveys / bytes.ui).toFixed(1)}×`);
row('bytes: SDK entry, tree-shaken', sdkBytes, '', '≤ 5,120 (raised: 25,000)', "import { createAftercare } from 'aftercare'");
row('bytes: floor, zod/mini smallest schema', zodFloor, '', '', 'the design card puts zod/mini in browser code: alone above 5,120');
row('bytes: floor, loader + zod/mini + Preact', bytes.loader + zodFloor + preactFloor, '', '', `Preact rendering one element: ${preactFloor}; above 12,288 before any survey code`);

// ---- The demo server and Chromium -------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), 'aftercare-bench-'));
// zod/mini's smallest schema as a file the demo serves, to time its import beside the real chunks.
const ZOD_FILE = 'dist/aftercare-bench-zod.js';
writeFileSync(ZOD_FILE, await bundle(FLOORS['zod/mini, one two-field object schema']));
const { base, proc: server } = await startDemoServer(['--db', join(dir, 'c.db')]);
let profiles = 0;
async function fresh() {
  const context = await chromium.launchPersistentContext(join(dir, `p${profiles++}`), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.addInitScript(() => {
    const w = window;
    w.__long = 0;
    w.__cls = 0;
    new PerformanceObserver((l) => (w.__long += l.getEntries().length)).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (!e.hadRecentInput) w.__cls += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
    new MutationObserver((_, obs) => {
      const host = document.querySelector('aftercare-survey');
      if (host?.shadowRoot?.querySelector('[role=dialog]')) {
        w.__visibleAt = performance.now();
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
  });
  return { context, page };
}

/**
 * Main-thread time attributable to Aftercare during a page load: a Chromium trace of the load, and on
 * the renderer's main thread the union of the intervals of every event that names one of our files
 * (script evaluation, compilation, callbacks such as IndexedDB's and fetch's, with what they trigger
 * nested inside). Also the whole page's CDP TaskDuration, for the with/without comparison.
 */
async function traceLoad(page, url) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'v8', 'v8.execute'] }, transferMode: 'ReportEvents' });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(600); // IndexedDB open, delivery check, sync on load
  await cdp.send('Tracing.end');
  await complete;
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  const main = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const spans = events
    .filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`) && /\/aftercare[\w.-]*\.js/.test(JSON.stringify(e.args ?? {})))
    .map((e) => [e.ts, e.ts + e.dur])
    .sort((x, y) => x[0] - y[0]);
  let ours = 0;
  let end = -Infinity;
  for (const [from, to] of spans) {
    if (to > end) ours += to - Math.max(from, end);
    end = Math.max(end, to);
  }
  const task = metrics.find((m) => m.name === 'TaskDuration').value * 1000;
  return { ours: ours / 1000, task, long: await page.evaluate(() => window.__long) };
}

// Host-page cost of a page with nothing due: traced, and the same page with and without the tag, fresh profiles.
const withTag = [];
const without = [];
const attributed = [];
let longTasks = 0;
for (let i = 0; i < RUNS; i++) {
  for (const [list, q] of [
    [without, '?tag=0'],
    [withTag, ''],
  ]) {
    const { context, page } = await fresh();
    const r = await traceLoad(page, `${base}/help${q}`);
    list.push(r.task);
    if (q === '') {
      longTasks += r.long;
      attributed.push(r.ours);
    }
    await context.close();
  }
}
row('main thread, nothing to do (ms)', median(attributed).toFixed(1), '', '≤ 5', `median of ${RUNS}, traced: events naming aftercare.js; whole page ${median(withTag).toFixed(1)} with the tag, ${median(without).toFixed(1)} without`);
row('long tasks (> 50 ms) with the tag', longTasks, '', '0', `over ${RUNS} loads`);

// Order page, first view (fresh profile, the delivery on the tag, day 0): what it downloads, and how
// soon after the loader arrived the delivery is committed to IndexedDB by the loader itself (the
// stand-in's `ready`), i.e. from when leaving the page loses nothing.
const firstView = { ms: [], scripts: new Set(), bytes: 0 };
for (let i = 0; i < RUNS; i++) {
  const { context, page } = await fresh();
  const scripts = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname.slice(1)));
  await page.addInitScript(() =>
    document.addEventListener('aftercare:ready', (e) => e.detail.ready.then(() => (window.__recordedAt = performance.now()))),
  );
  await page.goto(`${base}/order?order=bench-first-${i}`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.__recordedAt !== undefined, null, { timeout: 10_000 });
  await page.waitForTimeout(300);
  firstView.ms.push(
    await page.evaluate(() => window.__recordedAt - performance.getEntriesByType('resource').find((e) => e.name.endsWith('/aftercare.js')).responseEnd),
  );
  firstView.scripts.add(scripts.join(' + '));
  firstView.bytes = Math.max(firstView.bytes, scripts.reduce((n, f) => n + gzFile(`dist/${f}`), 0));
  await context.close();
}
row(
  'order page, first view',
  firstView.bytes,
  `${phArray} (array.js)`,
  '≤ 4,096',
  `${[...firstView.scripts].join('; ')}; delivery committed by the loader ${median(firstView.ms).toFixed(1)} ms after it arrived (median of ${RUNS}, IndexedDB created on the spot)`,
);

// Script loaded to survey visible, and CLS, on a page with a survey due: a first visit (fresh profile,
// the delivery on the tag, IndexedDB created on the spot) and a returning customer (the delivery
// recorded on the order page 4 days earlier, the survey due on another page of the site).
const visible = { first: [], returning: [] };
const shifts = [];
for (let i = 0; i < RUNS; i++) {
  for (const kind of ['first', 'returning']) {
    const { context, page } = await fresh();
    if (kind === 'returning') {
      await page.goto(`${base}/order?order=bench-r-${i}&daysAgo=4&data-delay=600000`, { waitUntil: 'load' });
      await page.waitForFunction(() => window.Aftercare).then(() => page.evaluate(() => window.Aftercare.ready));
      await page.waitForTimeout(300);
      await page.goto(`${base}/help`, { waitUntil: 'load' });
    } else await page.goto(`${base}/?order=bench-${i}`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__visibleAt !== undefined, null, { timeout: 10_000 });
    const t = await page.evaluate(() => {
      const res = performance.getEntriesByType('resource').find((e) => e.name.endsWith('/aftercare.js'));
      return window.__visibleAt - res.responseEnd;
    });
    visible[kind].push(t);
    await page.waitForTimeout(300);
    shifts.push(await page.evaluate(() => window.__cls));
    await context.close();
  }
}
row('script loaded → survey visible (ms), returning customer', median(visible.returning).toFixed(1), '', '≤ 100 median', `median of ${RUNS}; delivery recorded on an earlier visit`);
row('script loaded → survey visible (ms), first visit', median(visible.first).toFixed(1), '', '≤ 100 median', `median of ${RUNS}; fresh profile, IndexedDB created on the spot`);
row('layout shift caused (CLS)', Math.max(...shifts).toFixed(4), '', '0', `worst of ${2 * RUNS}`);

// What limits the figure above: compiling and evaluating each chunk (from the HTTP cache, so no
// network), medians of 9 imports each, interleaved, beside the smallest zod/mini schema on its own.
{
  const { context, page } = await fresh();
  await page.goto(`${base}/help?tag=0`);
  const files = ['aftercare-sdk.js', 'aftercare-ui.js', ZOD_FILE.slice(5), 'aftercare-locale-de.js'];
  const times = Object.fromEntries(files.map((f) => [f, []]));
  for (let round = 0; round < 9; round++) {
    for (const f of files) {
      times[f].push(
        await page.evaluate(async (f) => {
          const url = `/${f}?r=${Math.random()}`;
          await fetch(url).then((r) => r.text());
          const t0 = performance.now();
          await import(url);
          return performance.now() - t0;
        }, f),
      );
    }
  }
  await context.close();
  const m = Object.fromEntries(files.map((f) => [f, median(times[f])]));
  row('import (compile + evaluate) of aftercare-sdk.js (ms)', m['aftercare-sdk.js'].toFixed(1), '', '', `zod/mini's smallest schema on its own: ${m[files[2]].toFixed(1)}; a 0.6 KB locale chunk: ${m['aftercare-locale-de.js'].toFixed(1)}`);
  row('import (compile + evaluate) of aftercare-ui.js (ms)', m['aftercare-ui.js'].toFixed(1), '', '', 'Preact and the survey');
}

// Answer persisted: from the call to the durable IndexedDB write, 50 answers.
{
  const { context, page } = await fresh();
  await context.route('**/v1/responses', (r) => r.abort()); // persistence only, no sync in the way
  await page.goto(`${base}/help`);
  await page.waitForFunction(() => window.Aftercare);
  const times = await page.evaluate(async () => {
    const out = [];
    const at = new Date(Date.now() - 4 * 86_400_000).toISOString();
    for (let i = 0; i < 50; i++) {
      await window.Aftercare.recordDelivery({ id: `persist-${i}`, deliveredAt: at });
      const t0 = performance.now();
      await window.Aftercare.answer({ deliveryId: `persist-${i}`, csat: 4, complete: false });
      out.push(performance.now() - t0);
    }
    return out;
  });
  row('answer persisted, p95 (ms)', pct(times, 95).toFixed(1), '', '≤ 15', `50 answers; median ${median(times).toFixed(1)}`);
  await context.close();
}

// Sync throughput: 1,000 answers waiting, then the collector comes back.
const ours = { ms: [], requests: [], lag: [] };
const baseline = { ms: [], requests: [] };
for (let run = 0; run < Math.min(RUNS, 3); run++) {
  const { context, page } = await fresh();
  await context.route('**/v1/responses', (r) => r.abort());
  await page.goto(`${base}/help`);
  await page.waitForFunction(() => window.Aftercare);
  await page.evaluate(async (run) => {
    const at = new Date(Date.now() - 4 * 86_400_000).toISOString();
    for (let i = 0; i < 1000; i++) {
      await window.Aftercare.recordDelivery({ id: `tp-${run}-${i}`, deliveredAt: at });
      await window.Aftercare.answer({ deliveryId: `tp-${run}-${i}`, csat: 1 + (i % 5) });
    }
  }, run);
  const pending = await page.evaluate(async () => (await window.Aftercare.outbox()).pending.map((e) => e.response));
  await context.unroute('**/v1/responses');
  let requests = 0;
  page.on('request', (r) => r.method() === 'POST' && requests++);
  const r = await page.evaluate(async () => {
    let lag = 0;
    let last = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      lag = Math.max(lag, now - last - 10);
      last = now;
    }, 10);
    const t0 = performance.now();
    const result = await window.Aftercare.flush();
    const ms = performance.now() - t0;
    clearInterval(probe);
    return { ms, lag, result };
  });
  if (r.result.pending !== 0) throw new Error(`flush left ${r.result.pending} pending`);
  ours.ms.push(r.ms);
  ours.requests.push(requests);
  ours.lag.push(r.lag);
  // Baseline: one request per answer, in order (how Workbox replays, how Formbricks posts).
  requests = 0;
  const b = await page.evaluate(async (pending) => {
    const t0 = performance.now();
    for (const r of pending) {
      await fetch('/v1/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ responses: [r] }) });
    }
    return performance.now() - t0;
  }, pending);
  baseline.ms.push(b);
  baseline.requests.push(requests);
  await context.close();
}
const runsTp = ours.ms.length;
row('sync 1,000 answers: requests', median(ours.requests), `${median(baseline.requests)} (one per answer)`, '≤ 12', `ratio ${(median(baseline.requests) / median(ours.requests)).toFixed(0)}×`);
row('sync 1,000 answers: time (ms)', median(ours.ms).toFixed(0), `${median(baseline.ms).toFixed(0)} (one per answer)`, '≤ 1,500', `median of ${runsTp}; ratio ${(median(baseline.ms) / median(ours.ms)).toFixed(1)}×`);
row('page responsive during that sync: worst timer lag (ms)', median(ours.lag).toFixed(0), '', '< 50', 'a 10 ms interval probe');

server.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
rmSync(ZOD_FILE, { force: true });

const cols = ['figure', 'ours', 'peer', 'target', 'note'];
const head = { figure: 'figure', ours: 'Aftercare', peer: 'peer (same run)', target: 'target', note: 'notes' };
const width = Object.fromEntries(cols.map((c) => [c, Math.max(...[head, ...rows].map((r) => String(r[c]).length))]));
const line = (r) => `| ${cols.map((c) => String(r[c]).padEnd(width[c])).join(' | ')} |`;
console.log(`\nAftercare benchmark, ${new Date().toISOString().slice(0, 10)}, ${RUNS} runs per timing (medians unless noted)\n`);
console.log(line(head));
console.log(`|${cols.map((c) => '-'.repeat(width[c] + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
