// The terms of a comment: the words and two-word phrases the themes count (issue 27), found once, at
// write time, and kept in the response_terms side table (store/terms-write.ts). How words are found,
// and why this way, is in docs/themes.md.
import { createRequire } from 'node:module';
import { cutHan, isWord } from './terms-zh.ts';

// stopwords-iso is one JSON file (its `main`): required, because importing JSON as an ES module needs
// an import attribute that neither Node 20's loader nor the build agree on.
const STOPWORDS = createRequire(import.meta.url)('stopwords-iso') as Record<string, string[]>;

/**
 * Words stopwords-iso's English list drops that name the service or judge it, kept as terms: the list
 * is the union of several search-engine lists, which drop "good", "problem", "call" or "fix" as too
 * common on the web, while in a comment after a repair they are what was said.
 */
const KEEP = new Set(['good', 'great', 'better', 'best', 'poorly', 'promptly', 'quickly', 'problem', 'problems', 'fix', 'call', 'back', 'order', 'orders', 'ordered', 'bill', 'home', 'help', 'sorry', 'thorough', 'thoroughly', 'serious', 'early', 'free', 'kind', 'long', 'useful']);

/** The stop words of a language and English together (comments mix them), folded like the text. */
const stopSets = new Map<string, ReadonlySet<string>>();
function stopWords(lang: string): ReadonlySet<string> {
  let set = stopSets.get(lang);
  if (!set) {
    set = new Set([...(STOPWORDS.en ?? []), ...(STOPWORDS[lang] ?? [])].map(fold).filter((w) => !KEEP.has(w)));
    stopSets.set(lang, set);
  }
  return set;
}

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) segmenters.set(locale, (s = new Intl.Segmenter(locale, { granularity: 'word' })));
  return s;
}

/** NFKC (full-width forms to plain ones), lower case, and the typographic apostrophe as the lists write it. */
const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");

/**
 * The language part of a locale tag as stopwords-iso names its lists (`pt-BR` → `pt`, `zh-TW` → `zh`);
 * English for a language it has no list for. The locale is any text of 35 characters a client sent:
 * only known languages make a stop list or a segmenter here (each is cached), and Intl.Segmenter
 * never sees a tag it would reject.
 */
const language = (locale: string) => {
  const lang = (locale.split(/[-_]/)[0] ?? '').toLowerCase();
  return Object.hasOwn(STOPWORDS, lang) ? lang : 'en';
};

const HAN_RUN = /\p{Script=Han}+/gu;
const ONE_HAN = /^\p{Script=Han}$/u;
const HAN = /\p{Script=Han}/u;
const SPACE = /^\s+$/u;
/** Digits in any script, and words that are Chinese numerals alone (三, 一百; 三天 is a word). */
const NUMBER = /\p{N}|^[〇零一二两三四五六七八九十百千万亿]+$/u;
/** Single letters of an alphabet, and single kana, are not words; a single Han or Hangul character may be one (慢, 差). */
const LONE = /^[^\p{Script=Han}\p{Script=Hangul}]$/u;
const LONGEST = 40;
/**
 * Terms kept of one comment, the first in reading order: a long review has about 100, and a batch of
 * 1,000 comments of 5,000 characters must not write a million rows in one transaction.
 */
export const MAX_TERMS = 200;
/**
 * Japanese written in hiragana alone is grammar: particles and the endings ICU cuts off verbs (ありま |
 * せん, てい); what a customer names is written in kanji or katakana (配達, 対応, サービス).
 */
const KANA = /^[\p{Script=Hiragana}ー]+$/u;

type Piece = string | null; // a word, or null: something between words that stops a phrase

/** Scripts written without spaces between words, which only a dictionary cuts (Intl.Segmenter's, or jieba). */
const DICTIONARY = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;
// Unicode UAX #29's word rules, which Intl.Segmenter follows: MidLetter joins two letters (a:b),
// MidNum two digits (1,000), MidNumLet either (don't, e.g., 3.5). After NFKC, full-width forms are these.
const MID_LETTER = ':\u00b7\u0387\u055f\u05f4\u2027\ufe13\ufe55';
const MID_NUM = ',;\u037e\u0589\u060c\u060d\u066c\u07f8\u2044\ufe10\ufe14\ufe50\ufe54';
const MID_NUM_LET = ".'\u2018\u2019\u2024\ufe52";
const CHAR = '[\\p{L}\\p{M}\\p{N}\\p{Pc}]';
/**
 * A word as Intl.Segmenter finds it in text whose words are separated by spaces: 1 µs a comment
 * instead of 14 for English. A test holds it to Intl.Segmenter's words on every comment of the
 * fixtures and the demo, and on the edge cases of those rules.
 */
const WORD = new RegExp(
  `${CHAR}+(?:(?:(?<=[\\p{L}\\p{M}])[${MID_LETTER}${MID_NUM_LET}](?=\\p{L})|(?<=\\p{N})[${MID_NUM}${MID_NUM_LET}](?=\\p{N}))${CHAR}+)*`,
  'gu',
);

/** The words of text in a script with spaces, and what stops phrases between them (see pieces); exported for its test. */
export function spaced(part: string, out: Piece[]) {
  let end = 0;
  for (const m of part.matchAll(WORD)) {
    if (m.index > end && !SPACE.test(part.slice(end, m.index))) out.push(null);
    out.push(m[0]);
    end = m.index + m[0].length;
  }
  if (end < part.length && !SPACE.test(part.slice(end))) out.push(null);
}

/** Traditional Chinese: jieba's dictionary is Simplified (it cuts 快遞員態度 as 快 | 遞員態度), ICU's has both. */
const TRADITIONAL = /^zh[-_](tw|hk|mo|hant)/i;

/**
 * The words of `text` and what stops phrases, in order: Han runs by jieba (store/terms-zh.ts), the
 * rest by Intl.Segmenter for the locale; Japanese and Traditional Chinese all by Intl.Segmenter.
 */
function pieces(text: string, locale: string, lang: string, out: Piece[]) {
  const traditional = lang === 'zh' && TRADITIONAL.test(locale);
  const whole = lang === 'ja' || traditional;
  const seg = segmenter(traditional ? 'zh-TW' : lang === 'zh' ? 'en' : lang);
  const join = traditional;
  const latin = (part: string) => {
    if (!DICTIONARY.test(part)) return spaced(part, out);
    let prev = ''; // the last piece when it is one Han character right before this one
    for (const s of seg.segment(part)) {
      const w = s.segment;
      if (!s.isWordLike) {
        if (!SPACE.test(w)) out.push(null);
        prev = '';
      } else if (join && prev && w.length === 1 && ONE_HAN.test(w) && isWord(prev + w)) {
        out[out.length - 1] = prev + w;
        prev = '';
      } else {
        out.push(w);
        prev = join && w.length === 1 && ONE_HAN.test(w) ? w : '';
      }
    }
  };
  if (whole) return latin(text);
  let at = 0;
  for (const m of text.matchAll(HAN_RUN)) {
    if (m.index > at) latin(text.slice(at, m.index));
    for (const w of cutHan(m[0])) out.push(w);
    at = m.index + m[0].length;
  }
  if (at < text.length) latin(text.slice(at));
}

/**
 * The distinct terms of one comment: its words, and each two adjacent words (both kept) joined by one
 * space as a phrase. Text is NFKC-normalised and lower-cased; numbers, masked personal data (runs of
 * `•`, see src/redact.ts), punctuation and the stop words of `locale`'s language and of English are
 * left out, and each of them ends a phrase.
 * @example termsOf('The technician was careful, but late!', 'en') // ['technician', 'careful', 'late']
 */
export function termsOf(comment: string | null | undefined, locale: string): string[] {
  if (!comment) return [];
  const lang = language(locale);
  const stop = stopWords(lang);
  // Chinese written in a comment of another locale (but Japanese, whose kanji words are its own) meets Chinese stop words too.
  const zh = lang === 'zh' || lang === 'ja' ? null : stopWords('zh');
  const kana = lang === 'ja';
  const found: Piece[] = [];
  pieces(fold(comment), locale, lang, found);
  const terms = new Set<string>();
  let last: string | null = null;
  for (const p of found) {
    const word =
      p !== null && !stop.has(p) && !(zh && HAN.test(p) && zh.has(p)) && !NUMBER.test(p) && !p.includes('•') && !LONE.test(p) && p.length <= LONGEST && !(kana && KANA.test(p)) ? p : null;
    if (word !== null) {
      terms.add(word);
      if (last !== null) terms.add(`${last} ${word}`);
      if (terms.size >= MAX_TERMS) break;
    }
    last = word;
  }
  return [...terms].slice(0, MAX_TERMS);
}
