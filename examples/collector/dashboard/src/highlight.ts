// Where a term of the themes (`term=`) stands in a comment, so the Comments view can mark it. Terms are
// found by the collector in the folded text (NFKC, lower case, ’ as '; store/terms.ts), and a phrase
// is two words with only space between them (none between Chinese words): the comment is folded the
// same way, one character at a time, so each match maps back to the customer's own characters.

/** A piece of a comment: text, and whether it is the term. */
export interface Piece {
  text: string;
  match: boolean;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'");
const WORDY = /[\p{L}\p{N}]/u;
const HAN = /\p{Script=Han}/u;

/**
 * The comment cut into pieces, the term's occurrences marked. A word matches whole (`late` not in
 * `latest`); a Chinese word anywhere (Chinese has no spaces to bound it). No term, or none found: one piece.
 * @example splitTerm('Late, LATE!', 'late') // [{text:'Late',match:true},{text:', ',match:false},{text:'LATE',match:true},{text:'!',match:false}]
 */
export function splitTerm(text: string, term: string | null | undefined): Piece[] {
  const words = term ? fold(term).trim().split(/\s+/u).filter(Boolean) : [];
  if (!words.length) return [{ text, match: false }];
  // The folded comment, and for each of its UTF-16 units where the original character it came from starts and ends.
  let folded = '';
  const from: number[] = [];
  const to: number[] = [];
  let at = 0;
  for (const ch of text) {
    const f = fold(ch);
    folded += f;
    for (let i = 0; i < f.length; i++) from.push(at), to.push(at + ch.length);
    at += ch.length;
  }
  const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(words.map(escape).join('\\s*'), 'gu');
  const first = words[0]![0]!;
  const last = words[words.length - 1]!.slice(-1);
  const pieces: Piece[] = [];
  let done = 0;
  for (const m of folded.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    // Letters and digits bound a word; a Han character does not need to be bounded.
    if (!HAN.test(first) && WORDY.test(folded[start - 1] ?? '')) continue;
    if (!HAN.test(last) && WORDY.test(folded[end] ?? '')) continue;
    const a = from[start]!;
    const b = to[end - 1]!;
    if (a < done || !m[0]) continue;
    if (a > done) pieces.push({ text: text.slice(done, a), match: false });
    pieces.push({ text: text.slice(a, b), match: true });
    done = b;
  }
  if (done < text.length) pieces.push({ text: text.slice(done), match: false });
  return pieces.length ? pieces : [{ text, match: false }];
}
