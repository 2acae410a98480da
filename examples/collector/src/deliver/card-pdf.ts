// The QR card as a PDF (pdf-lib), from the same layout as the SVG. The PDF's text uses the standard
// Helvetica and Courier, which every PDF reader has and which add nothing to the file, but which
// encode only Western European text (WinAnsi): a name or line they cannot show (Chinese, Japanese,
// Korean, Arabic) is left out of the PDF, and the QR code and the link carry the card. A CJK font
// would have to ship with the collector (Noto Sans CJK is 16 MB; pdf-lib's subsetting breaks its CFF
// outlines), so the SVG, drawn with the printing computer's fonts, is the card for those languages.
import { PDFDocument, rgb, StandardFonts, type PDFFont } from 'pdf-lib';
import { layoutCard, printedLink, qrPath, qrSymbol, QUIET, type CardContent, type Measure, type TextBlock } from './card.ts';

/** Points per millimetre. */
const MM = 72 / 25.4;

/** Whether a standard font can show every character of a text. */
function encodes(font: PDFFont, text: string): boolean {
  try {
    font.encodeText(text);
    return true;
  } catch {
    // pdf-lib throws for a character WinAnsi lacks: that is the answer.
    return false;
  }
}

/** What of the card the PDF shows: the name and line only where Helvetica can draw them. */
export interface PdfCard {
  bytes: Uint8Array;
  /** The name and the line were drawn (false: left out, the font lacks their characters). */
  brand: boolean;
  line: boolean;
}

/**
 * The card as a one-page PDF of the card's size (A6: 297.6 × 419.5 pt).
 * @example const { bytes } = await cardPdf({ brand: 'Shop', line: 'How did we do? Scan to tell us', link, size: 'a6' });
 */
export async function cardPdf(c: CardContent, createdAt = new Date()): Promise<PdfCard> {
  const doc = await PDFDocument.create();
  const fonts = {
    bold: await doc.embedFont(StandardFonts.HelveticaBold),
    regular: await doc.embedFont(StandardFonts.Helvetica),
    mono: await doc.embedFont(StandardFonts.Courier),
  };
  const brand = encodes(fonts.bold, c.brand);
  const line = encodes(fonts.regular, c.line);
  const content: CardContent = { ...c, brand: brand ? c.brand : '', line: line ? c.line : '' };
  const measure: Measure = (text, size, kind) => fonts[kind].widthOfTextAtSize(text, size);
  const L = layoutCard(content, measure);
  const page = doc.addPage([L.width * MM, L.height * MM]);
  const ink = rgb(0.067, 0.067, 0.067);
  const draw = (b: TextBlock, font: PDFFont) => {
    b.lines.forEach((t, i) => {
      const size = b.size * MM;
      page.drawText(t, { x: b.x * MM - font.widthOfTextAtSize(t, size) / 2, y: (L.height - b.y - i * b.leading) * MM, size, font, color: ink });
    });
  };
  draw(L.brand, fonts.bold);
  draw(L.line, fonts.regular);
  const q = qrSymbol(c.link);
  const m = L.qr.side / (q.size + 2 * QUIET);
  // drawSvgPath puts the path's origin at (x, y) with its y axis pointing down, as in the SVG.
  page.drawSvgPath(qrPath(q), { x: (L.qr.x + QUIET * m) * MM, y: (L.height - L.qr.y - QUIET * m) * MM, scale: m * MM, color: rgb(0, 0, 0), borderWidth: 0 });
  draw(L.link, fonts.mono);
  doc.setTitle(`${c.brand}: ${printedLink(c.link)}`);
  doc.setProducer('Aftercare collector (pdf-lib)');
  doc.setCreationDate(createdAt);
  doc.setModificationDate(createdAt);
  return { bytes: await doc.save(), brand, line };
}
