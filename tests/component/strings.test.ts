// Built-in languages: negotiation, lazy loading with an English fallback, the texts of every locale,
// placeholder filling and the Intl helpers.
import { afterEach, describe, expect, expectTypeOf, test, vi } from 'vitest';
import {
  fill,
  formatDate,
  formatNumber,
  loadStrings,
  LOCALES,
  negotiateLocale,
  resolveLocale,
  type Strings,
  type UiLocale,
} from '../../widget/strings.ts';
import en from '../../widget/locales/en.ts';

describe('negotiateLocale', () => {
  test.each([
    // exact, any case, `_` as `-`
    [['en'], 'en'],
    [['EN-us'], 'en'],
    [['en_GB'], 'en'],
    [['zh-CN'], 'zh-CN'],
    [['zh_CN'], 'zh-CN'],
    [['zh-TW'], 'zh-TW'],
    [['zh_TW'], 'zh-TW'],
    [['PT-br'], 'pt-BR'],
    // Chinese: the script decides, else the region's usual script
    [['zh'], 'zh-CN'],
    [['zh-SG'], 'zh-CN'],
    [['zh-Hans'], 'zh-CN'],
    [['zh-Hans-HK'], 'zh-CN'],
    [['ZH-hk'], 'zh-TW'],
    [['zh-MO'], 'zh-TW'],
    [['zh-Hant'], 'zh-TW'],
    [['zh-Hant-HK'], 'zh-TW'],
    [['zh-Hant-CN'], 'zh-TW'],
    [['zh-CN-u-nu-tw'], 'zh-CN'],
    // one locale per language
    [['pt'], 'pt-BR'],
    [['pt-PT'], 'pt-BR'],
    [['ja-JP'], 'ja'],
    [['ko-KR'], 'ko'],
    [['es-419'], 'es'],
    [['es-MX'], 'es'],
    [['fr-CA'], 'fr'],
    [['de-AT'], 'de'],
    [['ar'], 'ar'],
    [['ar-EG'], 'ar'],
    // unknown, empty and lookalike tags
    [['it'], 'en'],
    [['zhx'], 'en'],
    [['x-klingon'], 'en'],
    [['*'], 'en'],
    [['', undefined], 'en'],
    [[], 'en'],
    // lists: the first that matches wins
    [['it-IT', 'de-DE', 'en'], 'de'],
    [[undefined, '', 'ko'], 'ko'],
    [['nl-NL', 'pt-PT', 'fr'], 'pt-BR'],
    [['en-US', 'ja'], 'en'],
    [['sv', 'fi', 'nb'], 'en'],
  ] as const)('%j → %s', (tags, expected) => {
    expect(negotiateLocale(tags)).toBe(expected);
  });

  test('resolveLocale(tag) is negotiateLocale([tag])', () => {
    for (const tag of ['zh-Hant-HK', 'pt', 'ar-EG', 'it', '', undefined]) expect(resolveLocale(tag)).toBe(negotiateLocale([tag]));
  });

  test('UiLocale is the union of the ten built-in tags', () => {
    expectTypeOf<UiLocale>().toEqualTypeOf<'en' | 'zh-CN' | 'zh-TW' | 'ja' | 'ko' | 'es' | 'fr' | 'de' | 'pt-BR' | 'ar'>();
    expect(LOCALES).toHaveLength(10);
  });
});

describe('loadStrings', () => {
  const KEYS = Object.keys(en).sort();
  const placeholders = (s: string) => s.match(/\{\w+\}/g) ?? [];

  test.each(LOCALES)('%s: every key, non-empty, 5 CSAT labels, {subject} and {date} where they belong', async (tag) => {
    const { locale, dir, strings } = await loadStrings(tag);
    expect(locale).toBe(tag);
    expect(dir).toBe(tag === 'ar' ? 'rtl' : 'ltr');
    expect(Object.keys(strings).sort()).toEqual(KEYS);
    for (const [key, value] of Object.entries(strings)) {
      for (const text of [value].flat()) expect(typeof text === 'string' && text.trim() !== '', `${tag}.${key}`).toBe(true);
    }
    expect(strings.csatLabels).toHaveLength(5);
    expect(new Set(strings.csatLabels).size).toBe(5);
    // Only the documented placeholders, each where it belongs.
    for (const [key, value] of Object.entries(strings)) {
      const want = key === 'csatQuestion' || key === 'npsQuestion' ? ['{subject}'] : key === 'deliveredOn' ? ['{date}'] : [];
      expect([value].flat().flatMap(placeholders), `${tag}.${key}`).toEqual(want);
    }
    if (tag !== 'en') expect(strings.thanks).not.toBe(en.thanks);
  });

  test('a list is negotiated in order; the loaded texts are the locale’s own', async () => {
    const ja = await loadStrings(['it', 'ja-JP', 'de']);
    expect(ja.locale).toBe('ja');
    expect(ja.strings.send).toBe('送信');
    expect(fill(ja.strings.csatQuestion, { subject: ja.strings.subject })).toBe('当社のサービスにどの程度ご満足いただけましたか？');
    const tw = await loadStrings('zh-Hant-HK');
    expect(tw.strings.csatLabels).toEqual(['非常不滿意', '不滿意', '普通', '滿意', '非常滿意']);
    expect((await loadStrings('pt')).strings.npsQuestion).toBe('Qual é a probabilidade de você recomendar {subject} a um amigo ou colega?');
  });

  test('ar is right to left', async () => {
    expect(await loadStrings('ar-EG')).toMatchObject({ locale: 'ar', dir: 'rtl' });
  });

  test('nothing that matches gives English', async () => {
    expect(await loadStrings(['', 'sv-SE'])).toEqual({ locale: 'en', dir: 'ltr', strings: en });
  });

  test('overrides win over the loaded locale and leave the rest', async () => {
    const { strings } = await loadStrings('fr-CA', { send: 'Soumettre', csatLabels: ['1', '2', '3', '4', '5'] });
    expect(strings.send).toBe('Soumettre');
    expect(strings.csatLabels).toEqual(['1', '2', '3', '4', '5']);
    expect(strings.close).toBe('Fermer le questionnaire');
  });
});

describe('a locale chunk that fails to load', () => {
  afterEach(() => {
    vi.doUnmock('../../widget/locales/ja.ts');
    vi.resetModules();
    vi.restoreAllMocks();
  });

  test('falls back to English with the overrides, warns once, and does not throw', async () => {
    vi.resetModules();
    vi.doMock('../../widget/locales/ja.ts', () => {
      throw new TypeError('Failed to fetch dynamically imported module');
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const fresh = await import('../../widget/strings.ts');
    const loaded = await fresh.loadStrings(['ja', 'de'], { close: 'X' });
    expect(loaded).toEqual({ locale: 'en', dir: 'ltr', strings: { ...en, close: 'X' } });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toBe('[aftercare] could not load the "ja" strings (aftercare-locale-ja.js); showing English.');
    // The other locales still load.
    expect((await fresh.loadStrings('de')).locale).toBe('de');
  });
});

describe('stringsFor (synchronous)', () => {
  test('English always; another locale once loadStrings has loaded it', async () => {
    vi.resetModules();
    const fresh = await import('../../widget/strings.ts');
    expect(fresh.stringsFor('ko')).toEqual(en);
    await fresh.loadStrings('ko');
    expect(fresh.stringsFor('ko-KR', { send: '보내기' })).toMatchObject({ send: '보내기', close: '설문 닫기' });
    expect(fresh.stringsFor(undefined)).toEqual(en);
  });
});

describe('fill', () => {
  test('fills known placeholders and leaves unknown ones', () => {
    expect(fill('{subject} on {date}, {subject} by {who}', { subject: 'A', date: 'B' })).toBe('A on B, A by {who}');
  });

  test('inserts text verbatim: no HTML, no $-patterns, no prototype keys', () => {
    const s: Strings = en;
    expect(fill(s.csatQuestion, { subject: '<img src=x onerror=alert(1)>' })).toBe('How satisfied are you with <img src=x onerror=alert(1)>?');
    expect(fill('{a}', { a: "$& $' $1" })).toBe("$& $' $1");
    expect(fill('{constructor} {toString}', {})).toBe('{constructor} {toString}');
  });
});

describe('formatNumber / formatDate', () => {
  test('numbers in the locale’s digits and separators', () => {
    expect(formatNumber(10, 'ar-EG')).toBe('١٠');
    expect(formatNumber(1234.5, 'ar-EG')).toBe('١٬٢٣٤٫٥');
    // Plain `ar` uses Latin digits in current CLDR, but still marks a negative number's direction.
    expect(formatNumber(-5, 'ar')).not.toBe(formatNumber(-5, 'en'));
    expect(formatNumber(1234.5, 'de')).toBe('1.234,5');
    expect(formatNumber(1234.5, 'fr')).toBe('1\u202f234,5');
  });

  test('dates in the locale’s medium format', () => {
    expect(formatDate('2026-11-20', 'de')).toBe('20.11.2026');
    expect(formatDate('2026-11-20', 'zh-CN')).toBe('2026年11月20日');
    expect(formatDate('2026-11-20', 'zh_CN')).toBe('2026年11月20日');
    expect(formatDate('2026-11-20', 'en')).toBe('Nov 20, 2026');
    // Midday UTC is the same day in every time zone but the extremes.
    expect(formatDate('2026-11-20T12:00:00Z', 'de')).toBe('20.11.2026');
  });

  test('an Intl error falls back to String(n) / the ISO date part', () => {
    expect(formatNumber(7, 'not a tag!')).toBe('7');
    expect(formatDate('2026-11-20T10:00:00Z', 'not a tag!')).toBe('2026-11-20');
    expect(formatDate('2026-13-45', 'en')).toBe('2026-13-45');
    expect(formatDate('soon', 'en')).toBe('soon');
  });
});
