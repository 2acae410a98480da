// Chinese word segmentation for the terms (store/terms.ts): jieba (jieba-rs through @node-rs/jieba, a
// native binary per platform). Intl.Segmenter cuts 客服 into 客 | 服 and 售后 into 售 | 后; jieba gets
// the service vocabulary right (docs/themes.md, "How words are found", has the comparison and figures).
import { createRequire } from 'node:module';

interface Jieba {
  cut(text: string, hmm?: boolean): string[];
  cutForSearch(text: string, hmm?: boolean): string[];
  loadDict(dict: Uint8Array): void;
}

/**
 * Service words jieba's dictionary (from 2012) lacks or ranks too low to win: without them 快递员
 * comes out as 快递 | 员, 到账 as 到 | 账, 靠谱 as 靠 | 谱. The last three are Traditional forms it lacks
 * (for isWord below). The weight is that of a common word in jieba's dictionary.
 */
const SERVICE_WORDS = ['快递员', '配送员', '快递小哥', '快递柜', '到账', '上门费', '靠谱', '给力', '小程序', '差评', '取件', '上門', '售後', '到帳'];

let jieba: Jieba | null | undefined;
/**
 * Loaded on first use (about 0.1–0.3 s and 50 MB for its dictionary), so a collector that never sees
 * Chinese never pays for it. Null when the native binary cannot load on this platform: Chinese is then
 * cut by Intl.Segmenter, coarser but working, and the reason is printed once.
 */
function load(): Jieba | null {
  if (jieba !== undefined) return jieba;
  try {
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(dict: Uint8Array): Jieba } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
    jieba.loadDict(new TextEncoder().encode(SERVICE_WORDS.map((w) => `${w} 3000 n\n`).join('')));
  } catch (e) {
    console.error(`[aftercare collector] Chinese word segmentation falls back to Intl.Segmenter: @node-rs/jieba did not load (${(e as Error).message.split('\n')[0]})`);
    jieba = null;
  }
  return jieba;
}

const intl = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * A word of four characters or more that jieba keeps whole (服务态度, 售后服务, 送货上门) is cut into the
 * shorter words its search mode finds in it when they cover it exactly (服务 | 态度): a theme wants
 * 态度 whether it was written alone or in a compound. Idioms that no shorter words cover (答非所问) stay.
 */
function split(j: Jieba, word: string): string[] {
  const parts = j.cutForSearch(word, true).filter((p) => p.length >= 2 && p !== word);
  if (!parts.length) return [word];
  const out: string[] = [];
  for (let i = 0; i < word.length; ) {
    let best = '';
    for (const p of parts) if (p.length > best.length && word.startsWith(p, i)) best = p;
    if (!best) return [word];
    out.push(best);
    i += best.length;
  }
  return out;
}

/** The words of a run of Han characters (Simplified Chinese), in order. */
export function cutHan(run: string): string[] {
  const j = load();
  if (!j) return intlCut(run);
  const out: string[] = [];
  for (const w of j.cut(run, true)) {
    if (w.length >= 4) out.push(...split(j, w));
    else out.push(w);
  }
  return out;
}

/**
 * True when jieba's dictionary has these two characters as one word. Traditional Chinese is cut by
 * Intl.Segmenter, which leaves 客 | 服 apart; two such single characters are joined when jieba knows
 * the pair (docs/themes.md has the figures).
 */
export function isWord(pair: string): boolean {
  const j = load();
  return j !== null && j.cut(pair, false).length === 1;
}

/** The words of a run of Han characters by Intl.Segmenter (jieba missing). */
export function intlCut(run: string): string[] {
  const out: string[] = [];
  for (const s of intl.segment(run)) if (s.isWordLike) out.push(s.segment);
  return out;
}
