// The dashboard's words, English and Simplified Chinese. `{name}` placeholders are filled by t().
// Chinese is picked for any zh-* browser language; the visible switch keeps its choice in `lang=`.
// The team's words (people, sign-in methods, keys) and the follow-up queue's (tiers, settings,
// scorecards) live in their own files, merged here.
import { en } from './locales/en.ts';
import { followupEn } from './locales/followup-en.ts';
import { followupZh } from './locales/followup-zh-CN.ts';
import { teamEn } from './locales/team-en.ts';
import { teamZh } from './locales/team-zh-CN.ts';
import { zh } from './locales/zh-CN.ts';

export type Key = keyof typeof en | keyof typeof teamEn | keyof typeof followupEn;
/** The words of locales/<lang>.ts; the team's are TeamStrings. */
export type Strings = Record<keyof typeof en, string>;
export type TeamStrings = Record<keyof typeof teamEn, string>;
export type FollowupStrings = Record<keyof typeof followupEn, string>;

export const LANGUAGES = [
  { tag: 'en', name: 'English' },
  { tag: 'zh-CN', name: '简体中文' },
] as const;

const TABLES: Record<string, Record<Key, string>> = { en: { ...en, ...teamEn, ...followupEn }, 'zh-CN': { ...zh, ...teamZh, ...followupZh } };

/** The language to show: the URL's `lang=` if we have it, else the browser's, else English. */
export function pickLanguage(fromUrl: string | null, browser: readonly string[]): string {
  if (fromUrl && TABLES[fromUrl]) return fromUrl;
  for (const tag of browser) {
    if (/^zh\b/i.test(tag)) return 'zh-CN';
    if (/^en\b/i.test(tag)) return 'en';
  }
  return 'en';
}

export type Translate = (key: Key, vars?: Record<string, string | number>) => string;

/** A translator for one language. @example translator('zh-CN')('signIn') === '登录' */
export function translator(lang: string): Translate {
  const table = TABLES[lang] ?? TABLES.en!;
  return (key, vars) => table[key].replace(/\{(\w+)\}/g, (m, name: string) => (vars && name in vars ? String(vars[name]) : m));
}
