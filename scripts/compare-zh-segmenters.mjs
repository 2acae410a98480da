// Compares Chinese word segmenters on the collector's fixtures of service comments
// (examples/collector/tests/fixtures/zh-comments.txt, zh-tw-comments.txt): how often each cuts the
// service words exactly at their two ends (客服, 师傅, 上门, 退款 …; an occurrence inside a longer listed
// word, as 快递 in 快递员, counts for the longer one), the share of one-character words, the time per
// comment and the cost of loading. The figures are in docs/themes.md, "How words are found".
//   (mkdir /tmp/seg && cd /tmp/seg && npm init -y && npm install jieba-wasm@^2)   # the collector depends on @node-rs/jieba only
//   node scripts/compare-zh-segmenters.mjs --from /tmp/seg
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// --from DIR: find the segmenters in DIR/node_modules first (a scratch install of the ones not chosen).
const from = process.argv.indexOf('--from');
const requires = [...(from > 0 ? [createRequire(`${process.argv[from + 1]}/package.json`)] : []), createRequire(new URL('../examples/collector/package.json', import.meta.url))];
const require = (id) => {
  for (const r of requires.slice(0, -1)) {
    try {
      return r(id);
    } catch {
      // Not in the scratch folder: the collector's own dependencies below.
    }
  }
  return requires.at(-1)(id);
};
const fixture = (f) => readFileSync(new URL(`../examples/collector/tests/fixtures/${f}`, import.meta.url), 'utf8').split('\n').filter(Boolean);
const SIMPLIFIED = ['客服', '师傅', '上门', '退款', '维修', '安装', '态度', '快递', '快递员', '售后', '物流', '配送', '配送员', '包装', '退货', '换货', '电话', '预约', '收费', '配件', '专业', '耐心', '及时', '服务', '送货', '破损', '质量', '投诉', '回访', '准时', '上楼', '噪音', '漏水', '到账', '签收', '工具'];
// The same words in Traditional characters (the widget's zh-TW).
const TRADITIONAL = ['客服', '師傅', '上門', '退款', '維修', '安裝', '態度', '快遞', '快遞員', '售後', '物流', '配送', '配送員', '包裝', '退貨', '換貨', '電話', '預約', '收費', '零件', '專業', '耐心', '及時', '服務', '送貨', '破損', '投訴', '回訪', '準時', '噪音', '到帳'];
// As examples/collector/src/store/terms-zh.ts adds them.
const SERVICE_WORDS = ['快递员', '配送员', '快递小哥', '快递柜', '到账', '上门费', '靠谱', '给力', '小程序', '差评', '取件', '上門', '售後', '到帳'];

/** Cuts of four characters or more into the shorter words search mode finds in them, when those cover them exactly. */
const splitting = (cut, search) => (s) =>
  cut(s).flatMap((w) => {
    if (w.length < 4) return [w];
    const parts = search(w).filter((p) => p.length >= 2 && p !== w);
    const out = [];
    for (let i = 0; i < w.length; ) {
      let best = '';
      for (const p of parts) if (p.length > best.length && w.startsWith(p, i)) best = p;
      if (!best) return [w];
      out.push(best);
      i += best.length;
    }
    return out;
  });
/** Two adjacent one-character Han pieces joined when the dictionary has them as one word (客 | 服 → 客服). */
const joinPairs = (pieces, known) => {
  const out = [];
  for (let i = 0; i < pieces.length; i++) {
    const a = pieces[i], b = pieces[i + 1];
    if (b !== undefined && a.length === 1 && b.length === 1 && /\p{Script=Han}/u.test(a + b) && known(a + b)) (out.push(a + b), i++);
    else out.push(a);
  }
  return out;
};
const userDict = new TextEncoder().encode(SERVICE_WORDS.map((w) => `${w} 3000 n\n`).join(''));

const CANDIDATES = {
  'Intl.Segmenter': () => {
    const seg = new Intl.Segmenter('zh', { granularity: 'word' });
    return (s) => [...seg.segment(s)].map((x) => x.segment);
  },
  '@node-rs/jieba': () => {
    const { Jieba } = require('@node-rs/jieba');
    const j = Jieba.withDict(require('@node-rs/jieba/dict').dict);
    return (s) => j.cut(s, true);
  },
  '@node-rs/jieba + service words + compounds split (the collector)': () => {
    const { Jieba } = require('@node-rs/jieba');
    const j = Jieba.withDict(require('@node-rs/jieba/dict').dict);
    j.loadDict(userDict);
    return splitting((s) => j.cut(s, true), (s) => j.cutForSearch(s, true));
  },
  'Intl.Segmenter, one-character pairs jieba knows joined (the collector, Traditional)': () => {
    const seg = new Intl.Segmenter('zh-TW', { granularity: 'word' });
    const { Jieba } = require('@node-rs/jieba');
    const j = Jieba.withDict(require('@node-rs/jieba/dict').dict);
    j.loadDict(userDict);
    return (s) => joinPairs([...seg.segment(s)].map((x) => x.segment), (pair) => j.cut(pair, false).length === 1);
  },
  'jieba-wasm': () => {
    const w = require('jieba-wasm');
    return (s) => w.cut(s, true);
  },
  'jieba-wasm + service words + compounds split': () => {
    const w = require('jieba-wasm');
    for (const x of SERVICE_WORDS) w.add_word(x, 3000, 'n');
    return splitting((s) => w.cut(s, true), (s) => w.cut_for_search(s, true));
  },
};

function score(cut, lines, words) {
  let hits = 0, total = 0, singles = 0, han = 0;
  for (const line of lines) {
    const pieces = cut(line);
    if (pieces.join('') !== line) throw new Error(`the pieces do not cover "${line}"`);
    const bounds = new Set([0]);
    let at = 0;
    for (const p of pieces) {
      bounds.add((at += p.length));
      if (/^\p{Script=Han}+$/u.test(p)) (han++, p.length === 1 && singles++);
    }
    for (const w of words) {
      for (let i = line.indexOf(w); i >= 0; i = line.indexOf(w, i + 1)) {
        if (words.some((l) => l.length > w.length && l.includes(w) && line.startsWith(l, i - l.indexOf(w)))) continue;
        let ok = bounds.has(i) && bounds.has(i + w.length);
        for (let k = i + 1; k < i + w.length; k++) if (bounds.has(k)) ok = false;
        total++;
        if (ok) hits++;
      }
    }
  }
  return { total, hits, singles: singles / han };
}

const zh = fixture('zh-comments.txt');
const tw = fixture('zh-tw-comments.txt');
const pct = (x) => `${(100 * x).toFixed(1)} %`;

/** One candidate in this process (each runs in a process of its own, so loading and memory are its alone). */
function measure(name) {
  const rss = process.memoryUsage().rss;
  const t0 = performance.now();
  const cut = CANDIDATES[name]();
  cut('预热');
  const load = performance.now() - t0;
  const mb = (process.memoryUsage().rss - rss) / 1048576;
  const s = score(cut, zh, SIMPLIFIED);
  const t = score(cut, tw, TRADITIONAL);
  // Best of five passes over the comments, after one to warm up (WebAssembly and JIT tiers).
  let best = Infinity;
  for (let pass = 0; pass < 6; pass++) {
    const t1 = performance.now();
    for (const line of zh) cut(line);
    if (pass) best = Math.min(best, ((performance.now() - t1) * 1000) / zh.length);
  }
  return `| ${name} | ${s.hits}/${s.total} = ${pct(s.hits / s.total)} | ${t.hits}/${t.total} = ${pct(t.hits / t.total)} | ${pct(s.singles)} | ${best.toFixed(1)} | ${Math.round(load)} ms | ${Math.round(mb)} MB |`;
}

const only = process.argv.indexOf('--one');
if (only > 0) {
  console.log(measure(process.argv[only + 1]));
} else {
  const { execFileSync } = await import('node:child_process');
  console.log(`${zh.length} Simplified and ${tw.length} Traditional comments, Node ${process.version}\n`);
  console.log('| segmenter | service words cut right (Simplified) | (Traditional) | one-character words | µs per comment | first load | memory |');
  console.log('|---|---|---|---|---|---|---|');
  for (const name of Object.keys(CANDIDATES)) {
    try {
      process.stdout.write(execFileSync(process.execPath, [...process.argv.slice(1), '--one', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    } catch (e) {
      console.log(`| ${name} | did not load: ${String(e.stderr).match(/Cannot find module '[^']+'|Error: .*/)?.[0] ?? e.message} | | | | | |`);
    }
  }
}
