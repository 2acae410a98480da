// The pages behind an invitation's links: the survey (a shell the widget fills), and what a link shows
// when the survey is not open yet, closed, already answered, unknown, or being unsubscribed from. They
// are served under a strict CSP (script-src and style-src 'self' only), so nothing inline: no style
// attributes, no inline script (the config is a JSON data block, which is never run), and one
// stylesheet, /s/assets/page.css.
import { checkBrandColor, contrast, escapeHtml as esc, onBrand } from '../deliver/message.ts';
import { dirOf, fill, mailLocale, mailStrings, type Locale } from '../deliver/strings.ts';

export type PageState =
  /** The shell for the widget: its config as a JSON data block, then /s/assets/survey.js. */
  | { kind: 'survey'; config: unknown }
  /** Not open yet; `opensAt` is an ISO time, shown as a long date in the time zone. */
  | { kind: 'early'; opensAt: string }
  | { kind: 'closed' }
  /** Thank you, and a comment form posting to `commentAction`; "comment added" once `commented`. */
  | { kind: 'answered'; commentAction: string; commented: boolean }
  | { kind: 'unknown' }
  /** The confirmation: one button posting to `action` (GET never changes anything). */
  | { kind: 'unsubscribe'; action: string }
  | { kind: 'unsubscribed' };

export interface PageOptions {
  /** The delivery's locale (BCP 47), or the browser's when the link is unknown. */
  locale: string;
  timeZone: string;
  brand: { name: string; color: string };
  privacyUrl?: string;
}

/**
 * JSON that can sit inside <script type="application/json">: no `<` can start `</script>` or `<!--`,
 * and U+2028/2029 are escaped for any reader that treats the block as JavaScript.
 */
export function jsonForScript(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** `iso` as a long date in the locale and time zone; an unknown zone falls back to UTC, a bad date to `iso`. */
function longDate(iso: string, locale: Locale, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const key = `${locale} ${timeZone}`;
  let f = dateFormats.get(key);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone });
    } catch {
      // An unknown time zone (a RangeError): the configured one is checked at start-up, so this is a bad override.
      f = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    }
    dateFormats.set(key, f);
  }
  return f.format(date);
}

/** The heading and the body of one state, as HTML. */
function content(state: PageState, locale: Locale, o: PageOptions): [title: string, body: string] {
  const s = mailStrings(locale);
  const brand = { brand: o.brand.name };
  const p = (text: string) => `<p>${esc(text)}</p>`;
  switch (state.kind) {
    case 'survey':
      return [
        s.feedbackTitle,
        `<div id="aftercare-survey"></div>\n<noscript>${p(s.noscript)}</noscript>\n<script type="application/json" id="aftercare-survey-config">${jsonForScript(state.config)}</script>\n<script type="module" src="/s/assets/survey.js"></script>`,
      ];
    case 'early':
      return [s.earlyTitle, p(fill(s.earlyText, { date: longDate(state.opensAt, locale, o.timeZone) }))];
    case 'closed':
      return [s.closedTitle, p(s.closedText)];
    case 'answered': {
      const form = state.commented
        ? `<p class="note" role="status">${esc(s.commented)}</p>`
        : `<form method="post" action="${esc(state.commentAction)}">\n<label for="comment">${esc(s.commentMore)}</label>\n<textarea id="comment" name="comment" maxlength="2000" rows="5"></textarea>\n<button type="submit">${esc(s.send)}</button>\n</form>`;
      return [s.thanks, `${p(s.answeredText)}\n${form}`];
    }
    case 'unknown':
      return [s.unknownTitle, p(s.unknownText)];
    case 'unsubscribe':
      return [fill(s.unsubscribeTitle, brand), `${p(s.unsubscribeText)}\n<form method="post" action="${esc(state.action)}">\n<button type="submit">${esc(s.unsubscribe)}</button>\n</form>`];
    case 'unsubscribed': {
      const erase = o.privacyUrl ? `<p>${esc(s.eraseNotice)} <a href="${esc(o.privacyUrl)}">${esc(s.privacyNotice)}</a></p>` : p(fill(s.eraseContact, brand));
      return [s.unsubscribedTitle, `${p(fill(s.unsubscribedText, brand))}\n${erase}`];
    }
  }
}

/**
 * One page as a complete HTML document, in the locale (with `dir="rtl"` for Arabic). Every value is
 * escaped; the page needs only /s/assets/page.css (and, for the survey, /s/assets/survey.js).
 * @example renderPage({ kind: 'closed' }, { locale: 'fr', timeZone: 'Europe/Paris', brand: { name: 'Vélo & Co', color: '#0f766e' } })
 */
export function renderPage(state: PageState, o: PageOptions): string {
  const locale = mailLocale(o.locale);
  const [title, body] = content(state, locale, o);
  const brand = esc(o.brand.name);
  const footer = o.privacyUrl && state.kind !== 'unsubscribed' ? `<footer><a href="${esc(o.privacyUrl)}">${esc(mailStrings(locale).privacy)}</a></footer>\n` : '';
  return `<!doctype html>
<html lang="${locale}" dir="${dirOf(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${esc(title)} – ${brand}</title>
<link rel="stylesheet" href="/s/assets/page.css">
</head>
<body>
<header><p class="brand">${brand}</p></header>
<main>
<h1>${esc(title)}</h1>
${body}
</main>
${footer}</body>
</html>
`;
}

/**
 * The pages' stylesheet in the brand's colour (served at /s/assets/page.css). Mobile first; the text
 * on the brand is white or near-black by contrast, and links and the focus ring fall back to the text
 * colour when the brand is too pale for the white page (WCAG AA: 4.5:1 text, 3:1 outlines).
 */
export function pageCss(brand: { name: string; color: string }): string {
  const color = checkBrandColor(brand.color, 'pageCss');
  const text = '#1f2937';
  const link = contrast(color, '#ffffff') >= 4.5 ? color : text;
  const ring = contrast(color, '#ffffff') >= 3 ? color : text;
  return `:root{color-scheme:light;--brand:${color};--on-brand:${onBrand(color)};--link:${link};--ring:${ring};--text:${text};--muted:#52525b}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header{background:var(--brand);color:var(--on-brand);padding:12px 16px}
.brand{max-width:40rem;margin:0 auto;font-size:1.125rem;font-weight:700;overflow-wrap:anywhere}
main,footer{display:block;max-width:40rem;margin:0 auto;padding:24px 16px}
footer{padding-top:0;font-size:.875rem;color:var(--muted)}
h1{margin:0 0 .75rem;font-size:1.5rem;line-height:1.25}
p{margin:0 0 1rem}
a{color:var(--link);text-decoration:underline}
footer a{color:var(--muted)}
form{margin:1.5rem 0 0}
label{display:block;margin:0 0 .5rem;font-weight:600}
textarea{display:block;width:100%;min-height:8rem;margin:0 0 1rem;padding:.75rem;font:inherit;color:inherit;background:#fff;border:1px solid #71717a;border-radius:8px;resize:vertical}
button{min-width:44px;min-height:44px;padding:.625rem 1.25rem;font:inherit;font-weight:600;color:var(--on-brand);background:var(--brand);border:2px solid var(--ring);border-radius:8px;cursor:pointer}
:focus-visible{outline:3px solid var(--ring);outline-offset:2px}
.note{padding:.75rem 1rem;border-inline-start:4px solid var(--ring);background:#f4f4f5}
#aftercare-survey{margin:1rem 0}
`;
}
