// The printable QR card of a delivery (GET /v1/deliveries/:id/card): the merchant's name, a short line
// in the delivery's language, the QR code of its survey link (channel `qr`) and the link printed under
// it for people who type. One layout in millimetres, drawn as SVG here and as PDF in card-pdf.ts, so
// both formats put everything in the same place.
import QRCode from 'qrcode';

export type CardSize = 'a6' | 'card';
export type CardFormat = 'svg' | 'pdf';

/** Page sizes in millimetres: A6 portrait and the ISO business card (ID-1 is 85.6 × 54 mm; printers sell 85 × 55). */
export const CARD_SIZES: Readonly<Record<CardSize, { width: number; height: number }>> = { a6: { width: 105, height: 148 }, card: { width: 85, height: 55 } };

/** What a card shows. `line` is in the delivery's locale; `rtl` for Arabic. */
export interface CardContent {
  brand: string;
  line: string;
  link: string;
  size: CardSize;
  rtl?: boolean;
}

/** The QR symbol: error correction M, `size` modules a side (without the quiet zone). */
export interface QrSymbol {
  version: number;
  size: number;
  dark: (row: number, col: number) => boolean;
}

/** The quiet zone, in modules, that every reader expects around the symbol (ISO/IEC 18004). */
export const QUIET = 4;

/**
 * The QR symbol of a text at error correction level M (15 % of the symbol may be smudged).
 * @example qrSymbol('https://feedback.shop.example/s/z0r1g3tnpgiLzwiOH8R09A').version // 4
 */
export function qrSymbol(text: string): QrSymbol {
  const q = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { version: q.version, size: q.modules.size, dark: (r, c) => !!q.modules.get(r, c) };
}

/** One block of text: its lines, centred on `x`, the first baseline at `y`, `size` and `leading` in mm. */
export interface TextBlock {
  lines: string[];
  x: number;
  y: number;
  size: number;
  leading: number;
}

export interface CardLayout {
  width: number;
  height: number;
  /** The QR box, quiet zone included: its top-left corner and side, in mm. */
  qr: { x: number; y: number; side: number };
  brand: TextBlock;
  line: TextBlock;
  link: TextBlock;
}

/** How wide a text is, in mm, at a font size in mm; `kind` picks the face. */
export type Measure = (text: string, size: number, kind: 'bold' | 'regular' | 'mono') => number;

/** The link as printed: without `https://`, which every browser adds; an `http://` link keeps its scheme. */
export const printedLink = (link: string) => link.replace(/^https:\/\//, '');

// Chinese and Japanese break between any two characters; closing punctuation stays with the one before.
const TOKENS = /\s+|[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF][、。，．！？：；）」』〉》\uFF01\uFF09\uFF0C\uFF0E\uFF1A\uFF1B\uFF1F]*|[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]+/gu;

/** Greedy line breaking of `text` into lines that `fits`; a word wider than a line is broken by characters. */
function wrap(text: string, fits: (s: string) => boolean): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const token of text.match(TOKENS) ?? []) {
    if (/^\s+$/.test(token)) {
      if (cur) cur += ' ';
      continue;
    }
    if (fits(cur + token)) {
      cur += token;
      continue;
    }
    if (cur.trim()) lines.push(cur.trim());
    cur = '';
    for (const ch of token) {
      if (cur && !fits(cur + ch)) {
        lines.push(cur);
        cur = '';
      }
      cur += ch;
    }
  }
  if (cur.trim()) lines.push(cur.trim());
  return lines;
}

/** The largest size from `max` down to `min` at which the text fits in `maxLines` lines of `width`; at `min`, the lines that fit and an ellipsis. */
function fit(text: string, o: { width: number; max: number; min: number; maxLines: number; kind: 'bold' | 'regular' | 'mono'; measure: Measure }): { lines: string[]; size: number } {
  for (let size = o.max; size >= o.min - 1e-9; size -= 0.25) {
    const lines = wrap(text, (s) => o.measure(s, size, o.kind) <= o.width);
    if (lines.length <= o.maxLines) return { lines, size };
  }
  const lines = wrap(text, (s) => o.measure(`${s}…`, o.min, o.kind) <= o.width);
  return { lines: lines.length > o.maxLines ? [...lines.slice(0, o.maxLines - 1), `${lines[o.maxLines - 1]}…`] : lines, size: o.min };
}

/** The link on one line, or two (before `/s/`) when one line would be smaller than `min`. */
function fitLink(link: string, width: number, max: number, min: number, measure: Measure): { lines: string[]; size: number } {
  const one = Math.min(max, width / (measure(link, 1, 'mono') || 1));
  if (one >= min) return { lines: [link], size: one };
  const at = link.lastIndexOf('/s/');
  const lines = at > 0 ? [link.slice(0, at), link.slice(at)] : [link];
  return { lines, size: Math.max(min * 0.8, Math.min(max, ...lines.map((l) => width / (measure(l, 1, 'mono') || 1)))) };
}

/**
 * Where everything goes on a card, in mm: A6 stacks name, line, QR and link; the business card has
 * the QR on the left, name and line on the right, the link across the bottom.
 */
export function layoutCard(c: CardContent, measure: Measure): CardLayout {
  const { width, height } = CARD_SIZES[c.size];
  const link = printedLink(c.link);
  const block = (t: { lines: string[]; size: number }, x: number, y: number, leading = 1.25): TextBlock => ({ ...t, x, y, leading: t.size * leading });
  if (c.size === 'a6') {
    const margin = 8;
    const brand = fit(c.brand, { width: width - 2 * margin, max: 7, min: 4, maxLines: 2, kind: 'bold', measure });
    const b = block(brand, width / 2, 14 + brand.size);
    const lineTop = b.y + (brand.lines.length - 1) * b.leading + 4;
    const line = fit(c.line, { width: width - 2 * margin, max: 5, min: 3, maxLines: 3, kind: 'regular', measure });
    const l = block(line, width / 2, lineTop + line.size);
    // The QR as large as the space under the text allows, whole modules of at least 1.5 mm where it can.
    const under = l.y + (line.lines.length - 1) * l.leading + 3;
    const room = height - under - 16;
    const side = Math.min(width - 2 * 12, room);
    const top = under + (room - side) / 2;
    const k = block(fitLink(link, width - 2 * 5, 4, 2.2, measure), width / 2, top + side + 7);
    return { width, height, qr: { x: (width - side) / 2, y: top, side }, brand: b, line: l, link: k };
  }
  const side = Math.min(height - 12, 43);
  const qr = { x: 2, y: 2, side };
  const right = qr.x + side + 1;
  const colWidth = width - right - 4;
  const cx = right + colWidth / 2;
  const brand = fit(c.brand, { width: colWidth, max: 4.5, min: 2.8, maxLines: 2, kind: 'bold', measure });
  const line = fit(c.line, { width: colWidth, max: 3.5, min: 2.2, maxLines: 4, kind: 'regular', measure });
  const b = block(brand, cx, 0);
  const l = block(line, cx, 0);
  // The two blocks centred as one against the QR code.
  const total = brand.size + (brand.lines.length - 1) * b.leading + 3 + line.size + (line.lines.length - 1) * l.leading;
  b.y = qr.y + (side - total) / 2 + brand.size;
  l.y = b.y + (brand.lines.length - 1) * b.leading + 3 + line.size;
  const k = block(fitLink(link, width - 2 * 4, 3.2, 2.2, measure), width / 2, height - 4);
  if (k.lines.length > 1) k.y -= k.leading;
  return { width, height, qr, brand: b, line: l, link: k };
}

/** A rough width for the SVG, which the viewer's fonts draw: generous, so text does not overflow. */
export const estimate: Measure = (text, size, kind) => {
  if (kind === 'mono') return [...text].length * 0.6 * size;
  let em = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff00 && cp <= 0xff60))) em += 1;
    else if (ch === ' ') em += 0.28;
    else if (/[A-Z0-9MW@%&]/.test(ch)) em += 0.68;
    else if (/[.,:;'!|il]/.test(ch)) em += 0.3;
    else em += 0.56;
  }
  return em * size * (kind === 'bold' ? 1.08 : 1);
};

/** Text for SVG and XML: the five special characters escaped and the characters XML 1.0 forbids dropped. */
export function escapeXml(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

/** The dark modules as one path in module units: one rectangle per horizontal run. */
export function qrPath(q: QrSymbol): string {
  let d = '';
  for (let r = 0; r < q.size; r++) {
    for (let c = 0; c < q.size; ) {
      if (!q.dark(r, c)) {
        c++;
        continue;
      }
      let n = 1;
      while (c + n < q.size && q.dark(r, c + n)) n++;
      d += `M${c} ${r}h${n}v1h-${n}z`;
      c += n;
    }
  }
  return d;
}

const SANS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
const MONO = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";
const n = (x: number) => String(Math.round(x * 1000) / 1000);

/**
 * The card as a standalone SVG document, in millimetres (it prints at its real size): presentation
 * attributes only, no `<style>`, so it shows under the collector's `default-src 'none'`.
 */
export function cardSvg(c: CardContent): string {
  const q = qrSymbol(c.link);
  const L = layoutCard(c, estimate);
  const text = (b: TextBlock, family: string, weight: string, extra = '') =>
    b.lines.map((t, i) => `<text x="${n(b.x)}" y="${n(b.y + i * b.leading)}" font-family="${family}" font-size="${n(b.size)}" font-weight="${weight}" text-anchor="middle" fill="#111"${extra}>${escapeXml(t)}</text>`).join('\n');
  const m = L.qr.side / (q.size + 2 * QUIET);
  const title = escapeXml(`${c.brand}: ${c.line} ${printedLink(c.link)}`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${L.width}mm" height="${L.height}mm" viewBox="0 0 ${L.width} ${L.height}" role="img" aria-labelledby="card-title">`,
    `<title id="card-title">${title}</title>`,
    `<rect width="${L.width}" height="${L.height}" fill="#fff"/>`,
    text(L.brand, SANS, '700'),
    text(L.line, SANS, '400', c.rtl ? ' direction="rtl"' : ''),
    `<rect x="${n(L.qr.x)}" y="${n(L.qr.y)}" width="${n(L.qr.side)}" height="${n(L.qr.side)}" fill="#fff"/>`,
    `<path transform="translate(${n(L.qr.x + QUIET * m)} ${n(L.qr.y + QUIET * m)}) scale(${n(m)})" shape-rendering="crispEdges" fill="#000" d="${qrPath(q)}"/>`,
    text(L.link, MONO, '400'),
    '</svg>',
    '',
  ].join('\n');
}
