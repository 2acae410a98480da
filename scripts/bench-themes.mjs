// The themes part of npm run bench:collector (issue 27): 300,000 comments in English and Chinese over
// a year, written through the collector's own write path (storeBatch: the terms side table as ingest
// writes it), then over HTTP against the built collector process: the themes of the last 90 days, and
// a term's weekly trend over the year, best of 5 after a warm-up.
// The comments: one of the sample comments (examples/seed-comments.mjs) by mood and language, and in
// 60 % of them a few words more drawn from a Zipf-distributed vocabulary of 20,000 made-up words (real
// comments have a long tail of words and two-word phrases that the themes must count and then drop).
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { isPostgresUrl, migrate, openDb, responseColumns, storeBatch } from '../examples/collector/dist/index.js';
import { COMMENTS } from '../examples/seed-comments.mjs';
import { rng } from '../examples/seed.mjs';
import { timedRuns } from './bench-read.mjs';

const DAY = 86_400_000;
const STORES = Array.from({ length: 20 }, (_, i) => `Store ${String(i + 1).padStart(2, '0')}`);
const SYLLABLES = ['ka', 'ro', 'mi', 'ten', 'sul', 'dra', 'vo', 'lin', 'pe', 'gor', 'tas', 'ne', 'bru', 'fal', 'zi', 'hom'];
const HAN = '安白板包杯北本笔边表病部材层茶车城池尺虫窗床春词村带单灯底点电店顶冬豆短队饭方房肥风服港高工狗古瓜关管光广贵国海河黑红湖花画话黄灰火机鸡家价间江角脚街节金井酒局橘卡开看科空口块筷蓝老冷梨里力脸亮林路绿门米面民名木奶南鸟牛盘皮瓶苹气汽桥青晴球区去全';

/** The made-up vocabulary: `n` words, English-looking or two Han characters, and a Zipf sampler over it. */
function vocabulary(random, n = 20_000) {
  const words = Array.from({ length: n }, (_, i) => {
    if (i % 3 === 2) return HAN[(i * 7) % HAN.length] + HAN[(i * 13 + 5) % HAN.length];
    let w = '';
    for (let k = i + 7; w.length < 5 || k > 0; k = Math.floor(k / SYLLABLES.length)) w += SYLLABLES[k % SYLLABLES.length];
    return w;
  });
  // Zipf (s = 1): P(rank r) ∝ 1/r, sampled from the cumulative weights by binary search.
  const cum = [];
  let total = 0;
  for (let r = 1; r <= n; r++) cum.push((total += 1 / r));
  return () => {
    const x = random() * total;
    let lo = 0, hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
}

/** Writes `count` answers with a comment over `days` before `now`, through storeBatch. */
export async function fillThemes(target, { count = 300_000, days = 365, now = Date.now(), log = () => {} } = {}) {
  const { db } = openDb(target);
  await migrate(db);
  const random = rng(27);
  const word = vocabulary(random);
  const at = new Date(now).toISOString();
  const CHUNK = 1000;
  const started = performance.now();
  for (let done = 0; done < count; done += CHUNK) {
    const rows = [];
    for (let i = done; i < Math.min(count, done + CHUNK); i++) {
      const answered = Math.floor(now - random() * days * DAY);
      const zh = random() < 0.4;
      const happy = random() < 0.7;
      const nps = happy ? 9 + Math.floor(random() * 2) : random() < 0.7 ? Math.floor(random() * 7) : 7 + Math.floor(random() * 2);
      const csat = happy ? 4 + Math.floor(random() * 2) : 1 + Math.floor(random() * 3);
      const list = COMMENTS[happy ? 'good' : 'bad'][zh ? 'zh' : 'en'];
      let comment = list[Math.floor(random() * list.length)];
      if (random() < 0.6) comment += (zh ? ' ' : ' Also ') + Array.from({ length: 2 + Math.floor(random() * 3) }, word).join(' ');
      const answeredAt = new Date(answered).toISOString();
      rows.push({
        id: `bench-t-${String(i).padStart(8, '0')}`, revision: 1, delivery_id: `order-${i}`, delivered_at: new Date(answered - 4 * DAY).toISOString(), answered_at: answeredAt,
        csat, nps, comment, complete: 1, locale: zh ? 'zh-CN' : 'en', customer_id: `c-${i % 120_000}`, meta: JSON.stringify({ store: STORES[i % STORES.length] }),
        origin: null, path: null, received_at: at, updated_at: at, signed: 0, wave: 0, reasons: null, channel: null, recorded_by: null, ...responseColumns(answeredAt, comment),
      });
    }
    await storeBatch(db, rows, []);
    if ((done / CHUNK) % 50 === 0) log(`  ${done.toLocaleString('en-US')} comments (${Math.round((performance.now() - started) / 1000)} s)`);
  }
  const { n } = await db.selectFrom('response_terms').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  if (isPostgresUrl(target)) await sql`vacuum analyze`.execute(db);
  await db.destroy();
  return Number(n);
}

/** Best and worst of `runs` timed requests after one warm-up, and the last body. */
async function time(url, token, runs = 5) {
  const { ms, body } = await timedRuns(url, token, runs);
  return { best: ms[0], worst: ms[ms.length - 1], body: JSON.parse(body) };
}

/** Fills `db`, starts the collector on it (`start(db)` → `{ proc, url }`), and times the themes' requests. */
export async function benchThemes(store, db, { start, stop, token, count = 300_000, log = console.error }) {
  const now = Date.now();
  const t0 = performance.now();
  const termRows = await fillThemes(db, { count, now, log });
  const fillSeconds = (performance.now() - t0) / 1000;
  log(`${store}: ${count.toLocaleString('en-US')} comments, ${termRows.toLocaleString('en-US')} term rows, in ${Math.round(fillSeconds)} s`);
  const c = await start(db);
  try {
    const q = (s) => encodeURIComponent(s);
    const from = q(new Date(now - 90 * DAY).toISOString());
    const to = q(new Date(now).toISOString());
    const year = q(new Date(now - 365 * DAY).toISOString());
    const cells = [
      ['themes: 90 days (NPS), with rising terms', `/v1/themes?from=${from}&to=${to}`, 500, (b) => `${b.comments.all} comments, ${b.termsTested} terms tested, top unhappy "${b.unhappy[0]?.term}", ${b.rising.terms.length} rising`],
      ['themes: 90 days (CSAT), one store', `/v1/themes?from=${from}&to=${to}&compare=csat&meta.store=${q('Store 07')}`, null, (b) => `${b.comments.all} comments, top unhappy "${b.unhappy[0]?.term}"`],
      ['trend: "late", weekly, one year', `/v1/themes/series?term=late&interval=week&from=${year}&to=${to}`, 300, (b) => `${b.series.length} weeks, ${b.total.named} of ${b.total.comments}`],
      ['trend: "迟到", monthly, one year', `/v1/themes/series?term=${q('迟到')}&interval=month&from=${year}&to=${to}`, 300, (b) => `${b.series.length} months, ${b.total.named} of ${b.total.comments}`],
      ['comments naming "careful": first page', `/v1/responses?term=careful&limit=50`, null, (b) => `${b.responses.length} comments`],
    ];
    const rows = [];
    for (const [name, path, budget, what] of cells) {
      const r = await time(c.url + path, token);
      rows.push({ store, name, best: r.best, worst: r.worst, budget, result: what(r.body) });
      log(`${store}: ${name}: best ${r.best.toFixed(1)} ms`);
    }
    return { rows, fillSeconds, termRows };
  } finally {
    await stop(c);
  }
}

/** The table for docs/benchmarks.md. */
export function printThemes(results, count) {
  const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log(`\nThemes with ${fmt(count)} comments (a year, 40 % Chinese, 60 % with a long tail of rarer words), over HTTP, best and worst of 5 after a warm-up\n`);
  console.log('| store | request | best ms | worst ms | target | met | what it returned |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    const met = r.budget ? (r.best <= r.budget ? 'yes' : 'NO') : '';
    console.log(`| ${r.store} | ${r.name} | ${fmt(r.best, 1)} | ${fmt(r.worst, 1)} | ${r.budget ? `≤ ${r.budget} ms` : ''} | ${met} | ${r.result} |`);
  }
}
