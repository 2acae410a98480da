// The invitation e-mail and the pages behind its links: pure rendering, checked as text. What a mail
// client or a browser makes of them is not tested here.
import { describe, expect, test } from 'vitest';
import en from '../../../../widget/locales/en.ts';
import { renderMessage, type MessageInput } from '../../src/deliver/message.ts';
import { LOCALES, mailLocale, mailStrings } from '../../src/deliver/strings.ts';
import { pageCss, renderPage, type PageState } from '../../src/http/pages.ts';

const SURVEY = 'https://feedback.shop.example/s/c0de';
const base: MessageInput = {
  locale: 'en',
  survey: 'nps',
  kind: 'invite',
  brand: { name: 'Bike & Co', color: '#0f766e' },
  footer: 'Bike & Co Ltd\n1 High Street, Leeds',
  surveyUrl: SURVEY,
  unsubscribeUrl: 'https://feedback.shop.example/u/c0de',
  privacyUrl: 'https://shop.example/privacy',
};
const render = (over: Partial<MessageInput> = {}) => renderMessage({ ...base, ...over });
/** The hrefs of the score links, in document order. */
const scoreLinks = (html: string) => [...html.matchAll(/href="([^"]*score=\d+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('mailLocale', () => {
  test.each([
    ['zh-Hans-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-HK', 'zh-TW'],
    ['pt', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['de-AT', 'de'],
    ['ar-EG', 'ar'],
    ['it', 'en'],
    ['', 'en'],
  ])('%s → %s', (tag, locale) => expect(mailLocale(tag)).toBe(locale));
});

describe('strings', () => {
  test('the question and its choices are the widget’s own', () => {
    const s = mailStrings('en');
    expect(s.csatLabels).toBe(en.csatLabels);
    expect(s.npsLow).toBe(en.npsLow);
    expect(s.thanks).toBe(en.thanks);
  });

  test.each(LOCALES.filter((l) => l !== 'en'))('%s: every e-mail word is translated', (locale) => {
    const s = mailStrings(locale);
    const e = mailStrings('en');
    for (const key of ['subjectInvite', 'introInvite', 'why', 'unsubscribe', 'unsubscribedText', 'eraseNotice', 'earlyText'] as const) expect(s[key], key).not.toBe(e[key]);
    expect(s.earlyText).toContain('{date}');
    expect(s.unsubscribeTitle).toContain('{brand}');
  });
});

describe('renderMessage', () => {
  test.each(LOCALES)('%s renders a subject, text and HTML in the locale', (locale) => {
    const m = render({ locale });
    expect(m.subject).toContain('Bike & Co');
    if (locale !== 'en') expect(m.subject).not.toBe(render().subject);
    expect(m.html).toContain(`<html lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}">`);
    expect(m.text.length).toBeGreaterThan(100);
  });

  test('NPS: eleven score links 0–10 with both anchors, in the HTML and the text', () => {
    const m = render({ survey: 'nps' });
    const urls = Array.from({ length: 11 }, (_, n) => `${SURVEY}?score=${n}`);
    expect(scoreLinks(m.html)).toEqual(urls);
    expect(m.html).toContain('How likely are you to recommend our service to a friend or colleague?');
    expect(m.html).toContain('0 – Not at all likely');
    expect(m.html).toContain('10 – Extremely likely');
    const lines = m.text.split('\n');
    expect(lines).toContain(`0 – Not at all likely: ${urls[0]}`);
    expect(lines).toContain(`5: ${urls[5]}`);
    expect(lines).toContain(`10 – Extremely likely: ${urls[10]}`);
    for (const url of urls) expect(lines.filter((l) => l.endsWith(url))).toHaveLength(1);
  });

  test.each(['csat', 'both'] as const)('%s: five labelled CSAT links 1–5', (survey) => {
    const m = render({ survey });
    expect(scoreLinks(m.html)).toEqual([1, 2, 3, 4, 5].map((n) => `${SURVEY}?score=${n}`));
    expect(m.html).toContain('How satisfied are you with our service?');
    en.csatLabels.forEach((label, i) => {
      expect(m.html).toContain(`${label}</a>`);
      expect(m.text.split('\n')).toContain(`${label}: ${SURVEY}?score=${i + 1}`);
    });
    expect(m.text).not.toContain('score=0');
  });

  test('German CSAT uses the widget’s German labels', () => {
    const m = render({ locale: 'de-CH', survey: 'csat' });
    expect(m.html).toContain('Sehr zufrieden</a>');
    expect(m.subject).toBe('Wie war Ihre Erfahrung mit Bike & Co?');
  });

  test('a survey URL with a query gets &score=', () => {
    expect(scoreLinks(render({ surveyUrl: `${SURVEY}?x=1` }).html)[3]).toBe(`${SURVEY}?x=1&score=3`);
  });

  test('the survey link, the unsubscribe link and the privacy link are in both parts', () => {
    const m = render();
    expect(m.html).toContain(`<a href="${SURVEY}"`);
    expect(m.html).toContain(`href="${base.unsubscribeUrl}"`);
    expect(m.html).toMatch(/>Unsubscribe<\/a>/);
    expect(m.html).toContain(`href="${base.privacyUrl}"`);
    expect(m.text).toContain(`Or open the survey: ${SURVEY}\n`);
    expect(m.text).toContain(`Unsubscribe: ${base.unsubscribeUrl}`);
    expect(m.text).toContain(`How we use your answer: ${base.privacyUrl}`);
    expect(render({ privacyUrl: undefined }).text).not.toContain('How we use your answer');
  });

  test('reminder wording differs from the invitation', () => {
    const invite = render();
    const reminder = render({ kind: 'reminder' });
    expect(reminder.subject).not.toBe(invite.subject);
    expect(reminder.subject).toBe('Reminder: how was your experience with Bike & Co?');
    expect(reminder.text.split('\n')[0]).not.toBe(invite.text.split('\n')[0]);
    for (const locale of LOCALES) expect(render({ locale, kind: 'reminder' }).subject, locale).not.toBe(render({ locale }).subject);
  });

  test('every merchant value is escaped in the HTML and kept as text in the text part', () => {
    const m = render({ brand: { name: '<script>&"', color: '#fff' }, footer: '<b>Shop</b> & "Co"\r\n<img src=x onerror=alert(1)>' });
    expect(m.html).not.toContain('<script>');
    expect(m.html).not.toContain('<b>');
    expect(m.html).not.toContain('<img');
    expect(m.html).toContain('&lt;script&gt;&amp;&quot;');
    expect(m.html).toContain('&lt;b&gt;Shop&lt;/b&gt; &amp; &quot;Co&quot;<br>&lt;img src=x onerror=alert(1)&gt;');
    expect(m.subject).toBe('How was your experience with <script>&"?');
    expect(m.text).toContain('<b>Shop</b> & "Co"\n<img src=x onerror=alert(1)>');
  });

  test('a URL is escaped in its attribute', () => {
    const m = render({ surveyUrl: 'https://f.example/s/a"b<c>' });
    expect(m.html).toContain('href="https://f.example/s/a&quot;b&lt;c&gt;?score=0"');
  });

  test('misuse throws, naming the field', () => {
    expect(() => render({ brand: { name: 'x', color: 'red;background:url(x)' } })).toThrow('[aftercare] renderMessage: brand.color: expected a hex colour such as #4338ca, got "red;background:url(x)"');
    expect(() => render({ surveyUrl: 'javascript:alert(1)' })).toThrow('[aftercare] renderMessage: surveyUrl: expected an absolute http(s) URL, got "javascript:alert(1)"');
    expect(() => render({ privacyUrl: '/privacy' })).toThrow('privacyUrl');
  });

  test('Arabic is right to left, with the widget’s Arabic question', () => {
    const m = render({ locale: 'ar', survey: 'csat' });
    // On <html> and again on the outer table, for clients that drop <html>'s attributes.
    expect(m.html.match(/lang="ar" dir="rtl"/g)).toHaveLength(2);
    expect(m.html).toContain('ما مدى رضاك عن خدمتنا؟');
  });

  test('no images, presentation tables, tap targets of at least 44 px', () => {
    for (const survey of ['nps', 'csat'] as const) {
      const { html } = render({ survey });
      expect(html).not.toMatch(/<img|background-image|url\(/i);
      expect(html.match(/<table(?![^>]*role="presentation")/g)).toBeNull();
      if (survey === 'nps') expect(html.match(/width:44px;height:44px/g)).toHaveLength(11);
      else expect(html.match(/display:block;padding:12px 16px;line-height:20px/g)).toHaveLength(5);
    }
  });

  test('the text on the brand colour keeps contrast', () => {
    expect(render({ brand: { name: 'x', color: '#ffd700' } }).html).toMatch(/bgcolor="#ffd700"[^>]*color:#111111/);
    expect(render({ brand: { name: 'x', color: '#1e3a8a' } }).html).toMatch(/bgcolor="#1e3a8a"[^>]*color:#ffffff/);
  });

  test('speed (printed, not asserted)', () => {
    const start = performance.now();
    const n = 2_000;
    for (let i = 0; i < n; i++) render({ locale: LOCALES[i % LOCALES.length]!, surveyUrl: `${SURVEY}${i}`, survey: i % 2 ? 'nps' : 'csat' });
    console.log(`renderMessage: ${Math.round(n / ((performance.now() - start) / 1000))} messages/s`);
  });
});

describe('renderPage', () => {
  const o = { locale: 'en', timeZone: 'Europe/Berlin', brand: { name: 'Bike & Co', color: '#0f766e' }, privacyUrl: 'https://shop.example/privacy' };
  const states: PageState[] = [
    { kind: 'survey', config: { deliveryId: 'd1' } },
    { kind: 'early', opensAt: '2026-11-20T23:30:00Z' },
    { kind: 'closed' },
    { kind: 'answered', commentAction: '/s/c0de/comment', commented: false },
    { kind: 'answered', commentAction: '/s/c0de/comment', commented: true },
    { kind: 'unknown' },
    { kind: 'unsubscribe', action: '/u/c0de' },
    { kind: 'unsubscribed' },
  ];

  test.each(LOCALES.flatMap((locale) => states.map((state) => [locale, state.kind, state] as const)))('%s %s: a whole page that obeys the CSP', (locale, _, state) => {
    const html = renderPage(state, { ...o, locale });
    expect(html).toMatch(/^<!doctype html>\n<html lang="[\w-]+" dir="(ltr|rtl)">/);
    expect(html).toContain(`lang="${locale}" dir="${locale === 'ar' ? 'rtl' : 'ltr'}"`);
    expect(html).toContain('<meta name="viewport" content="width=device-width,initial-scale=1">');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(html).toContain('<link rel="stylesheet" href="/s/assets/page.css">');
    expect(html).toMatch(/<title>[^<]+ – Bike &amp; Co<\/title>/);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html.match(/<main>/g)).toHaveLength(1);
    expect(html).toContain('<header><p class="brand">Bike &amp; Co</p></header>');
    // CSP: no style attributes or elements, no inline script with code, no event handlers.
    expect(html).not.toMatch(/\sstyle=|<style|\son\w+=/i);
    for (const [tag] of html.matchAll(/<script[^>]*>/g)) expect(tag).toMatch(/type="application\/json"|src="\/s\/assets\/survey\.js"/);
    expect(html).not.toMatch(/<script type="module" src="[^"]+">[^<]/);
    expect(html).not.toContain('{brand}');
    expect(html).not.toContain('{date}');
  });

  test('survey: the widget’s shell, with a config that cannot break out of its element', () => {
    const config = { comment: '</script><script>alert(1)</script><!-- \u2028\u2029', n: 1 };
    const html = renderPage({ kind: 'survey', config }, o);
    expect(html).toContain('<div id="aftercare-survey"></div>');
    expect(html).toContain('<script type="module" src="/s/assets/survey.js"></script>');
    const block = /<script type="application\/json" id="aftercare-survey-config">([^]*?)<\/script>/.exec(html)![1]!;
    expect(block).not.toMatch(/[<\u2028\u2029]/);
    expect(JSON.parse(block)).toEqual(config);
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  test('early: the opening day, long, in the locale and the time zone', () => {
    expect(renderPage({ kind: 'early', opensAt: '2026-11-20T23:30:00Z' }, o)).toContain('You can answer it from November 21, 2026.');
    expect(renderPage({ kind: 'early', opensAt: '2026-11-20T23:30:00Z' }, { ...o, locale: 'de', timeZone: 'UTC' })).toContain('ab dem 20. November 2026');
    expect(renderPage({ kind: 'early', opensAt: '2026-11-20T23:30:00Z' }, { ...o, timeZone: 'Not/AZone' })).toContain('November 20, 2026');
  });

  test('answered: a labelled comment form posting to its action, then "comment added"', () => {
    const html = renderPage({ kind: 'answered', commentAction: '/s/a"b/comment', commented: false }, o);
    expect(html).toContain('<h1>Thank you for your feedback!</h1>');
    expect(html).toContain('<form method="post" action="/s/a&quot;b/comment">');
    expect(html).toContain('<label for="comment">Anything else you would like to tell us? (optional)</label>');
    expect(html).toContain('<textarea id="comment" name="comment" maxlength="2000"');
    expect(html).toContain('<button type="submit">Send</button>');
    const done = renderPage({ kind: 'answered', commentAction: '/s/x/comment', commented: true }, o);
    expect(done).not.toContain('<form');
    expect(done).toContain('Your comment was added. Thank you!');
  });

  test('unsubscribe: a confirmation whose one button posts; unsubscribed: answers kept, how to erase them', () => {
    const confirm = renderPage({ kind: 'unsubscribe', action: '/u/c0de' }, o);
    expect(confirm).toContain('<h1>Stop survey e-mails from Bike &amp; Co?</h1>');
    expect(confirm).toContain('<form method="post" action="/u/c0de">\n<button type="submit">Unsubscribe</button>\n</form>');
    expect(confirm.match(/<button/g)).toHaveLength(1);
    const done = renderPage({ kind: 'unsubscribed' }, o);
    expect(done).toContain('You will get no more survey e-mails from Bike &amp; Co. The answers you already gave are kept.');
    expect(done).toContain('To have them erased, see the privacy notice. <a href="https://shop.example/privacy">Privacy notice</a>');
    expect(renderPage({ kind: 'unsubscribed' }, { ...o, privacyUrl: undefined })).toContain('To have them erased, contact Bike &amp; Co.');
  });

  test('the brand name is escaped everywhere', () => {
    const html = renderPage({ kind: 'unsubscribe', action: '/u/x' }, { ...o, brand: { name: '<script>&"', color: '#000' } });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;&amp;&quot;');
  });

  test('pageCss: the brand colour with contrasting text; a pale brand keeps links and focus readable', () => {
    const dark = pageCss({ name: 'x', color: '#1e3a8a' });
    expect(dark).toContain('--brand:#1e3a8a;--on-brand:#ffffff;--link:#1e3a8a;--ring:#1e3a8a');
    const pale = pageCss({ name: 'x', color: '#ffd700' });
    expect(pale).toContain('--brand:#ffd700;--on-brand:#111111;--link:#1f2937;--ring:#1f2937');
    expect(pale).toContain(':focus-visible{outline:3px solid var(--ring)');
    expect(() => pageCss({ name: 'x', color: 'red}body{' })).toThrow('[aftercare] pageCss: brand.color: expected a hex colour');
  });
});
