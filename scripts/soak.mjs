// npm run soak: headless Chromium, 5 tabs, 10,000 answers, a collector failing 30% of requests
// (503, dropped connections before and after committing, hangs), the network going offline and
// online, tabs reloading at random. Prints one table; exits 1 unless lost = 0 and duplicated = 0.
//   node scripts/soak.mjs [--answers 10000] [--tabs 5] [--fault-rate 0.3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, startDemoServer } from './lab.mjs';

const { values: args } = parseArgs({
  options: {
    answers: { type: 'string', default: '10000' },
    tabs: { type: 'string', default: '5' },
    'fault-rate': { type: 'string', default: '0.3' },
    seed: { type: 'string', default: String(Date.now()) },
  },
});
const TOTAL = Number(args.answers);
const TABS = Number(args.tabs);
const CHUNK = 25; // answers per page.evaluate; reloads happen between chunks so every acknowledged id is known
let rng = Number(args.seed) % 2147483647 || 1;
const random = () => ((rng = (rng * 48271) % 2147483647) - 1) / 2147483646;

const dir = mkdtempSync(join(tmpdir(), 'aftercare-soak-'));
const dbPath = join(dir, 'collector.db');
const started = Date.now();

const { base, proc: server } = await startDemoServer(['--db', dbPath, '--faults', args['fault-rate'], '--test-hooks']);
// Every fault kind the collector knows, hangs included (each costs the client its 15 s timeout).
await fetch(`${base}/__test/faults`, {
  method: 'POST',
  body: JSON.stringify({ queue: [], rate: Number(args['fault-rate']), modes: ['503', '503', 'drop-before', 'drop-after', 'hang-before', 'hang-after'] }),
});

const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: CHROMIUM_ARGS,
});

/** Latest acknowledged revision per response id: what the collector must end up holding. */
const expected = new Map();
let given = 0;
let reloads = 0;
let offlineSpells = 0;
let maxOutbox = 0;
let offline = false;

async function open(page) {
  for (;;) {
    try {
      await page.goto(`${base}/help`, { waitUntil: 'load' });
      await page.waitForFunction(() => window.Aftercare, null, { timeout: 10_000 });
      await page.evaluate(() => window.Aftercare.ready);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200)); // offline at that moment: the page itself could not load
    }
  }
}

const pages = [];
for (let i = 0; i < TABS; i++) {
  const p = await context.newPage();
  await open(p);
  pages.push(p);
}

async function tab(i) {
  const page = pages[i];
  let n = 0;
  while (given < TOTAL) {
    if (random() < 0.08) {
      reloads++;
      await open(page);
      continue;
    }
    const count = Math.min(CHUNK, TOTAL - given);
    given += count;
    const plan = Array.from({ length: count }, () => ({ id: `soak-${i}-${n++}`, csat: 1 + Math.floor(random() * 5), twice: random() < 0.3 }));
    let acked;
    try {
      acked = await page.evaluate(async (plan) => {
        const out = [];
        const at = new Date(Date.now() - 4 * 86_400_000).toISOString();
        for (const a of plan) {
          await window.Aftercare.recordDelivery({ id: a.id, deliveredAt: at });
          let r = await window.Aftercare.answer({ deliveryId: a.id, csat: a.csat, complete: !a.twice });
          if (a.twice) r = await window.Aftercare.answer({ deliveryId: a.id, comment: `second revision of ${a.id}` });
          out.push([r.id, r.revision, a.id]);
        }
        return out;
      }, plan);
    } catch (e) {
      console.error(`tab ${i}: a chunk failed (${e.message.split('\n')[0]}); reopening`);
      await open(page);
      given -= count;
      continue;
    }
    for (const [id, revision, deliveryId] of acked) expected.set(id, { revision, deliveryId });
  }
}

async function chaos() {
  while (given < TOTAL) {
    await new Promise((r) => setTimeout(r, 1_000 + random() * 3_000));
    offline = true;
    offlineSpells++;
    await context.setOffline(true);
    await new Promise((r) => setTimeout(r, 500 + random() * 2_500));
    await context.setOffline(false);
    offline = false;
  }
}

async function sampleOutbox() {
  for (;;) {
    try {
      const size = await pages[0].evaluate(async () => (await window.Aftercare.outbox()).pending.length);
      maxOutbox = Math.max(maxOutbox, size);
      if (given >= TOTAL && size === 0) return;
    } catch {
      // the sampling tab was reloading
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

const progress = setInterval(() => console.error(`… ${given}/${TOTAL} answers given, ${reloads} reloads, ${offlineSpells} offline spells, outbox max ${maxOutbox}`), 10_000);
const sampler = sampleOutbox();
await Promise.all([...pages.map((_, i) => tab(i)), chaos()]);
if (offline) await context.setOffline(false);

// Drain: keep nudging until the outbox is empty and the collector holds every acknowledged revision.
const rows = () => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare("SELECT id, revision, delivery_id FROM responses WHERE delivery_id LIKE 'soak-%'").all();
  } finally {
    db.close();
  }
};
const deadline = Date.now() + 10 * 60_000;
let final = rows();
while (Date.now() < deadline) {
  final = rows();
  const held = new Map(final.map((r) => [r.id, r.revision]));
  const missing = [...expected].filter(([id, e]) => (held.get(id) ?? 0) < e.revision).length;
  if (missing === 0) break;
  await pages[0].evaluate(() => window.Aftercare.flush()).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 1_000));
}
await sampler.catch(() => undefined);
clearInterval(progress);

const stats = (await (await fetch(`${base}/__test/log`)).json()).stats;
const held = new Map(final.map((r) => [r.id, r.revision]));
const lost = [...expected].filter(([id, e]) => (held.get(id) ?? 0) < e.revision).length;
const perDelivery = new Map();
for (const r of final) perDelivery.set(r.delivery_id, (perDelivery.get(r.delivery_id) ?? 0) + 1);
const duplicated = [...perDelivery.values()].reduce((n, c) => n + (c - 1), 0);
const unexpected = final.filter((r) => !expected.has(r.id)).length;

const table = [
  ['answers given (acknowledged)', expected.size],
  ['revisions acknowledged', [...expected.values()].reduce((n, e) => n + e.revision, 0)],
  ['rows at the collector', final.length],
  ['lost (missing or stale revision)', lost],
  ['duplicated rows', duplicated],
  ['rows never acknowledged (answer in flight at a reload)', unexpected],
  ['requests sent (POSTs at the collector)', stats.requests],
  ['faults injected', stats.faults],
  ['tabs / reloads / offline spells', `${TABS} / ${reloads} / ${offlineSpells}`],
  ['max outbox size', maxOutbox],
  ['wall time', `${((Date.now() - started) / 1000).toFixed(1)} s`],
];
const w = Math.max(...table.map(([k]) => k.length));
console.log(`\n| ${'measure'.padEnd(w)} | value |\n|${'-'.repeat(w + 2)}|-------|`);
for (const [k, v] of table) console.log(`| ${k.padEnd(w)} | ${v} |`);

await context.close();
server.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
process.exit(lost === 0 && duplicated === 0 ? 0 : 1);
