// The terms of a comment (store/terms.ts) and their side table (migration 012, store/terms-write.ts):
// what counts as a word in English and Chinese, and that the table follows the response it came from.
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, test } from 'vitest';
import { migrate, openDb } from '../../src/store/open.ts';
import { MAX_TERMS, spaced, termsOf } from '../../src/store/terms.ts';
import { termsSuite } from '../support/terms-suite.ts';

const dir = mkdtempSync(join(tmpdir(), 'aftercare-terms-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('termsOf', () => {
  test('English: words and two-word phrases, folded; stop words, numbers, punctuation and masked data left out, and each ends a phrase', () => {
    expect(termsOf('The technician was CAREFUL and polite. Late delivery, 3 days!', 'en').sort()).toEqual(
      ['careful', 'days', 'delivery', 'late', 'late delivery', 'polite', 'technician'].sort(),
    );
    // A masked phone number (src/redact.ts) is neither a term nor a bridge between two words.
    expect(termsOf('Rude driver, call me on ••••••••••• asap', 'en').sort()).toEqual(['asap', 'call', 'driver', 'rude', 'rude driver'].sort());
    expect(termsOf('Order 12345 arrived 2nd day, ＦＡＳＴ', 'en')).not.toContain('12345');
    expect(termsOf('Order 12345 arrived 2nd day, ＦＡＳＴ', 'en')).toContain('fast');
    expect(termsOf('', 'en')).toEqual([]);
    // A comment of 5,000 characters keeps its first MAX_TERMS terms.
    const long = Array.from({ length: 800 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`).join(' ');
    expect(termsOf(long, 'en')).toHaveLength(MAX_TERMS);
    expect(termsOf(long, 'en').slice(0, 3)).toEqual(['waa', 'wba', 'waa wba']);
    expect(termsOf(null, 'en')).toEqual([]);
    expect(termsOf('•••• ••••', 'en')).toEqual([]);
  });

  test('the words stopwords-iso drops that judge the service are kept', () => {
    expect(termsOf('Good service, a problem with the bill', 'en').sort()).toEqual(['bill', 'good', 'good service', 'problem', 'service'].sort());
  });

  test('other languages use their own stop words and English ones', () => {
    expect(termsOf('Der Techniker kam pünktlich und war sehr freundlich, thank you', 'de').sort()).toEqual(['freundlich', 'pünktlich', 'techniker'].sort());
    expect(termsOf('El técnico fue muy amable', 'es')).toEqual(expect.arrayContaining(['técnico', 'amable']));
    expect(termsOf('Entrega rápida, técnico educado', 'pt-BR').sort()).toEqual(['educado', 'entrega', 'entrega rápida', 'rápida', 'técnico', 'técnico educado'].sort());
  });

  test('a locale that is no language tag, or of a language without a list, is read as English', () => {
    for (const locale of ['', 'not a tag!', 'qaa-x-private', 'EN_gb']) expect(termsOf('A rude driver', locale)).toEqual(['rude', 'driver', 'rude driver']);
  });
});

describe('the fast cut of text with spaces', () => {
  // Every comment of the demo (examples/seed-comments.mjs) and the edge cases of Unicode's word rules.
  const demo = [...readFileSync(new URL('../../../seed-comments.mjs', import.meta.url), 'utf8').matchAll(/'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!.replace(/\\'/g, "'"));
  const edges = ["don't stop", "l'équipe qu'il", '3.5 stars', '1,000 yen', '1.000,50 €', 'a.b.c', 'U.S. army', 'co-op', 'x_y', 'naïve café', 'great 👍 job', "'quoted'", "rock'n'roll", '10:30', 'a:b', '١٢٣ ريال', 'e-mail ••••', 'example.com', '5th', '1.a', 'a.1', '1,a', 'a,1', "5'6", 'wait...what', '(late)', '9/10', 'A+', '배송이 너무 늦었어요.', 'الفني كان محترما، وسريعا.', 'e.g. this'];
  const intl = (text: string, locale: string) => {
    const out: Array<string | null> = [];
    for (const s of new Intl.Segmenter(locale, { granularity: 'word' }).segment(text)) if (s.isWordLike) out.push(s.segment); else if (!/^\s+$/u.test(s.segment)) out.push(null);
    return out;
  };
  const runs = (a: Array<string | null>) => a.filter((x, i) => !(x === null && a[i - 1] === null));
  test.each(['en', 'de', 'fr', 'ko', 'ar'])('gives the words and stops of Intl.Segmenter (%s)', (locale) => {
    expect(demo.length).toBeGreaterThan(50);
    for (const text of [...demo.filter((t) => !/\p{Script=Han}/u.test(t)), ...edges].map((t) => t.normalize('NFKC').toLowerCase())) {
      const fast: Array<string | null> = [];
      spaced(text, fast);
      expect(runs(fast), text).toEqual(runs(intl(text, locale)));
    }
  });
});

/** The words of a comment, phrases aside. */
const words = (c: string, locale: string) => termsOf(c, locale).filter((t) => !t.includes(' '));

describe('Chinese', () => {
  // Comments from tests/fixtures/zh-comments.txt and their words, read by a person: the service words
  // whole (客服, 快递员, 到账), compounds jieba keeps whole cut into them (服务态度 → 服务 | 态度), stop
  // words (很, 了, 的), numbers and the masked phone number left out.
  test.each([
    ['客服态度很差，打了三次电话都没人解决问题', ['客服', '态度', '很差', '三次', '电话', '没人', '解决', '问题']],
    ['师傅上门很准时，安装得很专业', ['师傅', '上门', '准时', '安装', '专业']],
    ['退款到现在还没到账，已经等了一个星期了', ['退款', '现在', '没', '到账', '已经', '星期']],
    ['快递员直接把东西放在楼下，也不打个电话', ['快递员', '直接', '东西', '放在', '楼下', '打个', '电话']],
    ['售后服务不错，换货很快', ['售后', '服务', '不错', '换货', '很快']],
    ['服务态度很好，送货上门', ['服务', '态度', '送货', '上门']],
    ['快递包装破损，洗衣机门上有划痕', ['快递', '包装', '破损', '洗衣机', '门上', '划痕']],
    ['客服让我打电话到•••••••••••，打过去是空号', ['客服', '打电话', '过去', '空号']],
    ['iPhone屏幕维修很快，一个小时就取了', ['iphone', '屏幕', '维修', '很快', '小时', '取']],
    ['物流太慢了，说好三天到，运费多收了二十', ['物流', '太慢', '说好', '三天', '运费', '多收']],
  ])('%s', (comment, expected) => {
    expect(words(comment, 'zh-CN')).toEqual(expected);
  });

  test('phrases are adjacent words; punctuation, stop words and masked data end them', () => {
    expect(termsOf('客服态度很差，打了三次电话', 'zh-CN').filter((t) => t.includes(' '))).toEqual(['客服 态度', '态度 很差', '三次 电话']);
    expect(termsOf('服务态度很好，送货上门', 'zh-CN').filter((t) => t.includes(' '))).toEqual(['服务 态度', '送货 上门']);
  });

  test('Chinese in a comment of another locale is cut by jieba and meets Chinese stop words; Traditional Chinese by Intl.Segmenter with 客服 whole', () => {
    expect(termsOf('Quick and tidy, 谢谢, 师傅很专业', 'en')).toEqual(['quick', 'tidy', '谢谢', '师傅', '专业']);
    expect(words('客服態度很差，師傅上門安裝很專業', 'zh-TW')).toEqual(['客服', '態度', '差', '師傅', '上門', '安裝', '專業']);
  });

  test('Japanese by Intl.Segmenter: kanji and katakana words, hiragana grammar left out', () => {
    expect(words('配達が遅れて、連絡もありませんでした', 'ja')).toEqual(['配達', '遅れ', '連絡']);
    expect(words('担当者の対応がとても丁寧でした', 'ja')).toEqual(['担当', '者', '対応', '丁寧']);
  });
});

termsSuite(async () => join(mkdtempSync(join(dir, 'db-')), 'collector.db'));

describe('the terms side table on SQLite', () => {
  test('migration 012 makes the table without rowid and its two covering indexes', async () => {
    const o = openDb(join(dir, 'indexes.db'));
    try {
      await migrate(o.db);
      const { rows } = await sql<{ name: string; sql: string }>`select name, sql from sqlite_master where tbl_name = 'response_terms' order by name`.execute(o.db);
      expect(rows.map((r) => r.name)).toEqual(['response_terms', 'response_terms_period', 'response_terms_values']);
      expect(rows[0]!.sql).toMatch(/without rowid$/i);
    } finally {
      await o.db.destroy();
    }
  });

  test('a v0 file gets the terms of its comments on first start', async () => {
    const path = join(dir, 'v0.db');
    copyFileSync(new URL('../fixtures/v0-collector.db', import.meta.url).pathname, path);
    const o = openDb(path);
    await migrate(o.db);
    const answers = await o.db.selectFrom('responses').select(['id', 'comment', 'locale']).where('comment', 'is not', null).execute();
    expect(answers.length).toBeGreaterThan(0);
    for (const r of answers) {
      const got = (await o.db.selectFrom('response_terms').select('term').where('response_id', '=', r.id).execute()).map((t) => t.term).sort();
      expect(got, r.comment!).toEqual(termsOf(r.comment, r.locale).sort());
    }
    await o.db.destroy();
  });
});
