import en from './locales/en.ts';

/**
 * Every text the survey shows or announces; merchants may override any of them. Templates use
 * `{subject}` and `{date}` placeholders, filled as plain text (never HTML).
 */
export interface Strings {
  /** What the questions are about when the merchant names nothing. */
  subject: string;
  /** e.g. "How satisfied are you with {subject}?" */
  csatQuestion: string;
  csatLabels: [string, string, string, string, string];
  /** e.g. "How likely are you to recommend {subject} to a friend or colleague?" */
  npsQuestion: string;
  npsLow: string;
  npsHigh: string;
  /** Comment prompt after a neutral / passive score (CSAT 3, NPS 7–8). */
  commentLabel: string;
  /** Comment prompt after a low score (CSAT 1–2, NPS 0–6): what went wrong. */
  commentNegative: string;
  /** Comment prompt after a high score (CSAT 4–5, NPS 9–10): what went well. */
  commentPositive: string;
  /** The comment prompt under the reasons question, which already asked what went wrong or well. */
  commentMore: string;
  send: string;
  close: string;
  /** "Remind me later": snoozes the survey inside its window. */
  later: string;
  thanks: string;
  saveFailed: string;
  /** e.g. "Delivered on {date}"; `{date}` is formatted in the locale. */
  deliveredOn: string;
  /** The notice-at-collection link (`data-privacy-url`), unless `data-privacy-text` names it. */
  privacy: string;
  /** The thank-you step's erasure button (`data-forget="offer"`). */
  forget: string;
  /** After it: erased here and confirmed by the collector. */
  forgotten: string;
  /** After it: erased here, but the collector did not confirm (offline, no delivery token). */
  forgetLocal: string;
  /** The reasons question (`data-reasons`) after a neutral / passive score (CSAT 3, NPS 7–8): "What mattered most?" */
  reasonsLabel: string;
  /** …after a low score (CSAT 1–2, NPS 0–6): "What went wrong?" */
  reasonsNegative: string;
  /** …after a high score (CSAT 4–5, NPS 9–10): "What did we do well?" */
  reasonsPositive: string;
  /** The built-in reasons' labels (src/reasons.ts `REASONS`), in every locale. */
  'reason.speed': string;
  'reason.staff': string;
  'reason.attitude': string;
  'reason.solved': string;
  'reason.communication': string;
  'reason.price': string;
  'reason.quality': string;
  'reason.delivery': string;
}

/**
 * Labels of the merchant's own reasons, given with the other texts (`mountSurvey({ reasons, strings })`,
 * `data-reasons` with `data-strings`): `reason.<id>`, e.g. `{ 'reason.parking': 'Parking' }`.
 */
export type ReasonLabels = Record<`reason.${string}`, string>;

/**
 * The label of reason `id`: built-in (`reason.speed`) or the merchant's own; undefined when none was given.
 * @example reasonLabel(stringsFor('en'), 'speed') // 'Response speed'
 */
export const reasonLabel = (s: Strings, id: string): string | undefined => (s as unknown as Partial<ReasonLabels>)[`reason.${id}`];

/** The built-in locales. Only English ships with the survey; `loadStrings` fetches any other on demand. */
export const LOCALES = ['en', 'zh-CN', 'zh-TW', 'ja', 'ko', 'es', 'fr', 'de', 'pt-BR', 'ar'] as const;
export type UiLocale = (typeof LOCALES)[number];
export type Dir = 'ltr' | 'rtl';

// One literal import() per locale, so bundlers emit one chunk each and a page downloads only the
// locale it shows. English is imported statically above: it is the fallback when a chunk fails.
const LOADERS: Record<Exclude<UiLocale, 'en'>, () => Promise<{ default: Strings }>> = {
  'zh-CN': () => import('./locales/zh-CN.ts'),
  'zh-TW': () => import('./locales/zh-TW.ts'),
  ja: () => import('./locales/ja.ts'),
  ko: () => import('./locales/ko.ts'),
  es: () => import('./locales/es.ts'),
  fr: () => import('./locales/fr.ts'),
  de: () => import('./locales/de.ts'),
  'pt-BR': () => import('./locales/pt-BR.ts'),
  ar: () => import('./locales/ar.ts'),
};

/** Locales whose strings are in memory: English always, the others once `loadStrings` has loaded them. */
const loaded: Partial<Record<UiLocale, Strings>> = { en };

/** Languages built in as a single locale: every region of them gets it (`fr-CA` → `fr`). */
const BY_LANGUAGE: Record<string, UiLocale> = { en: 'en', es: 'es', fr: 'fr', de: 'de', ja: 'ja', ko: 'ko', ar: 'ar', pt: 'pt-BR' };
const TRADITIONAL_REGIONS = ['tw', 'hk', 'mo'];

/** The built-in locale for one tag, or undefined when none fits. */
function match(tag: string): UiLocale | undefined {
  // `zh_TW` is not BCP 47, but merchants and some platforms write it; treat `_` like `-`.
  const lower = tag.trim().replace(/_/g, '-').toLowerCase();
  const exact = LOCALES.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const [language = '', ...rest] = lower.split('-');
  if (language !== 'zh') return Object.hasOwn(BY_LANGUAGE, language) ? BY_LANGUAGE[language] : undefined;
  // Chinese: the script decides when given (zh-Hant-HK, zh-Hans-HK); else the region's usual script.
  // Subtags after a singleton (-u-, -x-) are extensions, not script or region.
  const end = rest.findIndex((s) => s.length === 1);
  const subtags = end < 0 ? rest : rest.slice(0, end);
  if (subtags.includes('hant')) return 'zh-TW';
  if (subtags.includes('hans')) return 'zh-CN';
  return subtags.some((s) => TRADITIONAL_REGIONS.includes(s)) ? 'zh-TW' : 'zh-CN';
}

/**
 * The first built-in locale that fits a tag in `tags` (in preference order): the exact tag (any case,
 * `_` as `-`), then by language and script/region: zh-TW/HK/MO and zh-Hant → zh-TW, other Chinese →
 * zh-CN, any Portuguese → pt-BR, `fr-CA` → fr and so on. Undefined and empty entries are skipped;
 * English when nothing fits.
 * @example negotiateLocale(['it-IT', 'zh-Hant-HK', 'en']) // 'zh-TW'
 */
export function negotiateLocale(tags: readonly (string | undefined)[]): UiLocale {
  for (const tag of tags) {
    const found = tag ? match(tag) : undefined;
    if (found) return found;
  }
  return 'en';
}

/**
 * The built-in locale for one BCP 47 tag: `negotiateLocale([tag])`.
 * @example resolveLocale('pt-PT') // 'pt-BR'
 */
export function resolveLocale(tag: string | undefined): UiLocale {
  return negotiateLocale([tag]);
}

/** Text direction of a built-in locale. */
export const dirOf = (locale: UiLocale): Dir => (locale === 'ar' ? 'rtl' : 'ltr');

/**
 * The strings for a tag with the merchant's overrides applied, synchronously. Only English is always
 * in memory: any other locale's texts are returned once `loadStrings` has loaded them, English before.
 * Prefer `loadStrings`, which loads what it needs.
 * @example stringsFor('en', { send: 'Submit' }).send // 'Submit'
 */
export function stringsFor(tag: string | undefined, overrides: Partial<Strings> = {}): Strings {
  return { ...(loaded[resolveLocale(tag)] ?? en), ...overrides };
}

/** What `loadStrings` resolves to: the built-in locale chosen, its direction and the final texts. */
export interface LoadedStrings {
  locale: UiLocale;
  dir: Dir;
  strings: Strings;
}

/**
 * Negotiates the locale from the preferred tags in order (the tag's `data-locale`, then
 * `navigator.languages`) and loads only that locale's strings, with overrides applied. Never rejects:
 * when the locale's chunk cannot be loaded (offline, blocked) it resolves to English, and `locale`
 * says so, so the page's `lang` names the language actually shown.
 * @example const { locale, dir, strings } = await loadStrings(['ar-EG', ...navigator.languages]) // 'ar', 'rtl'
 */
export async function loadStrings(preferred: string | readonly string[], overrides: Partial<Strings> = {}): Promise<LoadedStrings> {
  const wanted = negotiateLocale(typeof preferred === 'string' ? [preferred] : preferred);
  let strings = loaded[wanted];
  if (!strings && wanted !== 'en') {
    try {
      strings = loaded[wanted] = (await LOADERS[wanted]()).default;
    } catch (e) {
      // An expected failure (offline, a CDN that lacks the chunk): English is better than no survey.
      console.warn(`[aftercare] could not load the "${wanted}" strings (aftercare-locale-${wanted}.js); showing English.`, e);
    }
  }
  const locale = strings ? wanted : 'en';
  return { locale, dir: dirOf(locale), strings: { ...(strings ?? en), ...overrides } };
}

/**
 * Fills `{name}` placeholders with plain text: the values are inserted verbatim (render the result as
 * text, never as HTML) and placeholders without a value stay as they are.
 * @example fill('Delivered on {date}', { date: '20 Nov 2026' }) // 'Delivered on 20 Nov 2026'
 */
export function fill(template: string, vars: Record<string, string>): string {
  // hasOwn: `{constructor}` must not pick up Object.prototype.constructor.
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (Object.hasOwn(vars, k) ? String(vars[k]) : m));
}

// Intl throws a RangeError on tags it cannot parse, such as "zh_CN" (normalised here) or "bad tag!".
const intlTag = (locale: string) => locale.replace(/_/g, '-');

const numberFormats: Record<string, Intl.NumberFormat> = {};

/**
 * `n` in the locale's digits and separators; `String(n)` when Intl rejects the locale.
 * @example formatNumber(10, 'ar-EG') // '١٠'
 */
export function formatNumber(n: number, locale: string): string {
  try {
    // One formatter per locale: a scale formats up to eleven numbers per render.
    return (numberFormats[locale] ??= new Intl.NumberFormat(intlTag(locale))).format(n);
  } catch {
    // An unusable locale tag: plain digits are still right.
    return String(n);
  }
}

/**
 * A date or date-time in the locale's medium date format, in the customer's time zone (a bare
 * `YYYY-MM-DD` is a calendar day and is shown as that day everywhere). When Intl rejects the locale or
 * the date, the ISO date part (`2026-11-20`), or `iso` itself if it has none.
 * @example formatDate('2026-11-20T10:00:00Z', 'de') // '20.11.2026'
 */
export function formatDate(iso: string, locale: string): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(iso)?.[0];
  try {
    return new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'medium', timeZone: day === iso ? 'UTC' : undefined }).format(new Date(iso));
  } catch {
    // Invalid Date or an unusable locale tag: the ISO day is still readable.
    return day ?? iso;
  }
}
