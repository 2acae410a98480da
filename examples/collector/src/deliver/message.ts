// The invitation e-mail: subject, plain text and HTML, with the first question in the message itself
// (each score a link to the survey with ?score=N). The HTML is written by hand, not with MJML: it is
// one fixed layout, needs no compile step, and must render hundreds of messages a second, where MJML
// would add a heavy runtime dependency. E-mail clients drop <style> and stylesheets, so it is
// table-based with inline styles and bgcolor, has no images, and every score is a ≥ 44 px target.
import { dirOf, fill, formatNumber, mailLocale, mailStrings, type Locale, type MailStrings } from './strings.ts';

export interface MessageInput {
  /** The delivery's locale (BCP 47), resolved with `mailLocale`. */
  locale: string;
  /** Which question the message asks: 'nps' → the 0–10 row; 'csat' and 'both' → the five CSAT choices (CSAT comes first in the widget). */
  survey: 'csat' | 'nps' | 'both';
  kind: 'invite' | 'reminder';
  /** `color`: #rgb or #rrggbb. */
  brand: { name: string; color: string };
  /** The merchant's postal identity, as text (may contain newlines). */
  footer: string;
  /** Absolute, e.g. https://feedback.shop.example/s/<code>. */
  surveyUrl: string;
  /** Absolute, e.g. https://feedback.shop.example/u/<code>. */
  unsubscribeUrl: string;
  privacyUrl?: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text as HTML text or a quoted attribute value. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]!);

const HEX = /^#(?:[\da-f]{3}){1,2}$/i;
const lum = (hex: string) => {
  const h = hex.length < 5 ? hex.replace(/\w/g, '$&$&') : hex;
  return [1, 3, 5].reduce((sum, i, k) => {
    const c = parseInt(h.slice(i, i + 2), 16) / 255;
    return sum + [0.2126, 0.7152, 0.0722][k]! * (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  }, 0);
};
/**
 * WCAG 2 contrast ratio of two hex colours, 1–21. The widget's rule (widget/theme.ts), restated
 * because theme.ts imports the whole SDK.
 */
export function contrast(a: string, b: string): number {
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}
/** Text colour on a brand fill: white or near-black, whichever contrasts more. @example onBrand('#ffff00') // '#111111' */
export const onBrand = (color: string): string => (contrast(color, '#ffffff') >= contrast(color, '#111111') ? '#ffffff' : '#111111');

/** Throws on misuse: a colour or URL that would otherwise land unchecked in a style or href. */
export function checkBrandColor(color: string, where: string): string {
  if (!HEX.test(color)) throw new Error(`[aftercare] ${where}: brand.color: expected a hex colour such as #4338ca, got "${String(color).slice(0, 40)}"`);
  return color;
}
function checkUrl(url: string | undefined, name: string) {
  if (url !== undefined && !/^https?:\/\/\S+$/i.test(url)) throw new Error(`[aftercare] renderMessage: ${name}: expected an absolute http(s) URL, got "${String(url).slice(0, 80)}"`);
}

const FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;";
const TEXT = '#1f2937';
const MUTED = '#52525b'; // 7.7:1 on white
const TABLE = '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"';

/** What does not depend on the message, worked out once per locale. */
interface Prepared {
  s: Readonly<MailStrings>;
  lang: Locale;
  dir: 'ltr' | 'rtl';
  /** Text lines "label: URL": CJK write a full-width colon, French a no-break space before it. */
  colon: string;
  csatQ: string;
  npsQ: string;
  /** 0–10 in the locale's digits, as the widget shows them. */
  digits: string[];
}
const prepared = new Map<Locale, Prepared>();
const COLON: Partial<Record<Locale, string>> = { fr: '\u00a0: ', ja: '：', 'zh-CN': '：', 'zh-TW': '：' };

function prepare(lang: Locale): Prepared {
  let p = prepared.get(lang);
  if (!p) {
    const s = mailStrings(lang);
    const digits = Array.from({ length: 11 }, (_, n) => formatNumber(n, lang));
    p = { s, lang, dir: dirOf(lang), colon: COLON[lang] ?? ': ', csatQ: fill(s.csatQuestion, { subject: s.subject }), npsQ: fill(s.npsQuestion, { subject: s.subject }), digits };
    prepared.set(lang, p);
  }
  return p;
}

/** The choices of the first question: [score, label shown in HTML and text]. */
function choices(p: Prepared, nps: boolean): [number, string][] {
  if (!nps) return p.s.csatLabels.map((label, i) => [i + 1, label]);
  return p.digits.map((d, n) => [n, n === 0 ? `${d} – ${p.s.npsLow}` : n === 10 ? `${d} – ${p.s.npsHigh}` : d]);
}

/** A score link: `style` goes on after the shared button look. */
const button = (href: string, color: string, on: string, style: string) =>
  `<a href="${escapeHtml(href)}" style="text-decoration:none;color:${on};background-color:${color};border-radius:6px;font-weight:bold;text-align:center;${FONT}font-size:16px;${style}">`;

function scaleHtml(p: Prepared, nps: boolean, url: (n: number) => string, color: string, on: string): string {
  if (!nps) {
    // One full-width button per choice; the cell carries the colour too, for Outlook, which ignores padding on <a>.
    const rows = p.s.csatLabels.map((label, i) => `<tr><td bgcolor="${color}" style="border-radius:6px">${button(url(i + 1), color, on, 'display:block;padding:12px 16px;line-height:20px')}${escapeHtml(label)}</a></td></tr>`);
    return `${TABLE}>${rows.join('<tr><td height="8" style="font-size:0;line-height:0">&nbsp;</td></tr>')}</table>`;
  }
  // Eleven 44 px inline blocks in one cell: one row on a desktop, wrapping to two on a phone instead of
  // shrinking below a finger's width, as eleven table cells would.
  const links = p.digits.map((d, n) => `${button(url(n), color, on, 'display:inline-block;width:44px;height:44px;line-height:44px;margin:0 2px 6px')}${d}</a>`).join('');
  const anchor = (align: string, text: string) => `<td align="${align}" valign="top" style="${FONT}font-size:13px;line-height:1.4;color:${MUTED}">${escapeHtml(text)}</td>`;
  // In a right-to-left table the first cell is on the right: 0 stays on the side the row starts.
  const [start, end] = p.dir === 'rtl' ? ['right', 'left'] : ['left', 'right'];
  return (
    `${TABLE}><tr><td align="center" style="font-size:0;line-height:0">${links}</td></tr></table>` +
    `${TABLE}><tr>${anchor(start, `${p.digits[0]} – ${p.s.npsLow}`)}${anchor(end, `${p.digits[10]} – ${p.s.npsHigh}`)}</tr></table>`
  );
}

/**
 * The invitation or reminder e-mail for one delivery, in its locale. Throws (misuse) on a brand colour
 * that is not hex or a URL that is not absolute http(s).
 * @example renderMessage({ locale: 'de', survey: 'nps', kind: 'invite', brand: { name: 'Rad & Tat', color: '#0f766e' }, footer: 'Rad & Tat GmbH\nHauptstr. 1, 10115 Berlin', surveyUrl: 'https://f.example/s/abc', unsubscribeUrl: 'https://f.example/u/abc' })
 */
export function renderMessage(m: MessageInput): RenderedMessage {
  const p = prepare(mailLocale(m.locale));
  const { s } = p;
  const color = checkBrandColor(m.brand.color, 'renderMessage');
  for (const k of ['surveyUrl', 'unsubscribeUrl', 'privacyUrl'] as const) checkUrl(m[k], k);
  const nps = m.survey === 'nps';
  const sep = m.surveyUrl.includes('?') ? '&' : '?';
  const url = (n: number) => `${m.surveyUrl}${sep}score=${n}`;
  // A subject is one line: newlines in a merchant's name would fold it.
  const brand = { brand: m.brand.name.replace(/\s+/g, ' ').trim() };
  const subject = fill(m.kind === 'invite' ? s.subjectInvite : s.subjectReminder, brand);
  const intro = fill(m.kind === 'invite' ? s.introInvite : s.introReminder, brand);
  const question = nps ? p.npsQ : p.csatQ;
  const why = fill(s.why, brand);
  const footer = m.footer.trim().replace(/\r\n?/g, '\n');

  const text = [
    intro,
    '',
    question,
    '',
    ...choices(p, nps).map(([n, label]) => `${label}${p.colon}${url(n)}`),
    '',
    `${s.open}${p.colon}${m.surveyUrl}`,
    '',
    '-- ',
    why,
    ...(footer ? [footer] : []),
    '',
    `${s.unsubscribe}${p.colon}${m.unsubscribeUrl}`,
    ...(m.privacyUrl ? [`${s.privacy}${p.colon}${m.privacyUrl}`] : []),
  ].join('\n');

  const on = onBrand(color);
  // Gmail and others drop <html>'s attributes: the outer table says lang and dir again.
  const start = p.dir === 'rtl' ? 'right' : 'left';
  const link = contrast(color, '#ffffff') >= 4.5 ? color : TEXT;
  const small = `style="margin:0 0 8px;${FONT}font-size:13px;line-height:1.5;color:${MUTED}"`;
  const footLink = (href: string, label: string) => `<a href="${escapeHtml(href)}" style="color:${MUTED};text-decoration:underline">${escapeHtml(label)}</a>`;
  const html = `<!doctype html>
<html lang="${p.lang}" dir="${p.dir}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="color-scheme" content="light"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background-color:#f4f4f5">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${escapeHtml(intro)}</div>
${TABLE} bgcolor="#f4f4f5" lang="${p.lang}" dir="${p.dir}"><tr><td align="center" style="padding:24px 8px">
<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0"><tr><td><![endif]-->
${TABLE} bgcolor="#ffffff" style="max-width:600px">
<tr><td bgcolor="${color}" align="${start}" style="padding:16px 24px;${FONT}font-size:20px;font-weight:bold;color:${on}">${escapeHtml(m.brand.name)}</td></tr>
<tr><td align="${start}" style="padding:24px;${FONT}font-size:16px;line-height:1.5;color:${TEXT}">
<p style="margin:0 0 16px">${escapeHtml(intro)}</p>
<h1 style="margin:0 0 16px;${FONT}font-size:20px;line-height:1.3;font-weight:bold;color:${TEXT}">${escapeHtml(question)}</h1>
${scaleHtml(p, nps, url, color, on)}
<p style="margin:20px 0 0"><a href="${escapeHtml(m.surveyUrl)}" style="color:${link};text-decoration:underline">${escapeHtml(s.open)}</a></p>
</td></tr>
<tr><td align="${start}" style="padding:16px 24px 24px;border-top:1px solid #e4e4e7">
<p ${small}>${escapeHtml(why)}</p>
${footer ? `<p ${small}>${escapeHtml(footer).replace(/\n/g, '<br>')}</p>\n` : ''}<p ${small}>${footLink(m.unsubscribeUrl, s.unsubscribe)}${m.privacyUrl ? ` · ${footLink(m.privacyUrl, s.privacy)}` : ''}</p>
</td></tr>
</table>
<!--[if mso]></td></tr></table><![endif]-->
</td></tr></table>
</body>
</html>
`;
  return { subject, text, html };
}
