// Checks on the built package (npm test builds first): the files a merchant and a bundler get,
// their byte budgets, and that the exports map resolves with types.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { bundledBytes, FLOORS, pageBytes, SDK_ENTRY } from '../../scripts/sizes.mjs';
import { loadStrings, LOCALES } from '../../widget/strings.ts';

const gz = (f: string) => gzipSync(readFileSync(f), { level: 9 }).length;
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

/**
 * Byte budgets (gzip -9). Raising one is a deliberate edit with its reason in the commit message.
 * aftercare.js is all a page with nothing to do downloads (no delivery on the tag, nothing due),
 * also when answers are waiting (the loader sends them itself; tests/browser/quick-flush.test.ts
 * checks that only aftercare.js is fetched): it must stay within 4 KB.
 */
const BUDGETS = {
  'dist/aftercare.js': 4_096,
  // 23,400 until invitations by e-mail: `channel` on every record and checkAnswered() (asking the
  // collector before a survey shows whether another channel answered it, and keeping its word) add
  // 581 bytes; 23,583 now.
  'dist/aftercare-sdk.js': 23_600,
  'dist/aftercare-ui.js': 12_300,
};

/**
 * What a page view downloads in all (scripts/sizes.mjs counts it, as `npm run bench` does), and what a
 * bundler user ships for the SDK entry. Issue 5 asked for 4,096 / 12,288 / 5,120. The first holds.
 * The other two were raised on purpose (reasons in the commit message, figures in docs/benchmarks.md): the
 * floors the test below measures, zod/mini's smallest schema (~5.4 KB) plus Preact (~4.9 KB) plus the
 * loader, already exceed 12,288 before any survey or outbox code, and zod/mini alone exceeds 5,120.
 * Issue 13 (consent, forget, privacy link, redaction) let the survey page grow by at most 1,024 bytes
 * from 37,491: its budget stays under 38,515. Issue 14 (re-survey waves, the reasons question) lets it
 * grow by at most 1,536 bytes from 38,506: under 40,042. The SDK and UI budgets moved with it.
 * Issue 21 (holes) bounds every number the wire carries to what both stores hold and meta to 20 keys
 * in the shared schema, so a merchant's bad recordDelivery() fails in the browser as it would at the
 * collector: 61 bytes more in the SDK, the survey page's budget 40,104.
 * Invitations by e-mail: `channel` and checkAnswered() in the SDK (+581), the survey's `score`,
 * `answered` and `dismissible` options in the UI (+192); the loader forwards checkAnswered and knows a
 * wave answered elsewhere yet is 15 bytes smaller (policyFrom writes its defaults once): 40,813, the
 * budget 40,820. `surveyLink` is the collector's page an invitation's link opens (survey.js, which
 * holds the SDK and the UI without the loader, plus the largest locale chunk): 34,724 at its start.
 */
const PAGE_BUDGETS = {
  nothingDue: 4_096,
  survey: 40_820,
  sdkEntry: 25_000,
  surveyLink: 34_800,
};

/** The survey page an invitation's link opens, built by examples/collector/build.mjs (served at /s/assets/). */
const SURVEY_DIR = 'examples/collector/dist/survey';

/** Each built-in locale but English is its own chunk beside aftercare-ui.js; a page downloads one at most. */
const LOCALE_BUDGET = 1_200;
const LAZY_LOCALES = LOCALES.filter((l) => l !== 'en');
const localeFile = (l: string) => `dist/aftercare-locale-${l}.js`;

describe('dist', () => {
  test.each(Object.entries(BUDGETS))('%s is within its budget of %i bytes gzip', (file, budget) => {
    expect(existsSync(file)).toBe(true);
    expect(gz(file)).toBeLessThanOrEqual(budget);
  });

  test(`a page view with nothing due downloads aftercare.js alone: within ${PAGE_BUDGETS.nothingDue} bytes gzip`, () => {
    expect(pageBytes().nothingDue).toBeLessThanOrEqual(PAGE_BUDGETS.nothingDue);
  });

  test(`a page view showing a survey (loader, SDK, UI, the largest locale) is within ${PAGE_BUDGETS.survey} bytes gzip`, () => {
    const p = pageBytes();
    expect(p.survey).toBe(p.loader + p.sdk + p.ui + p.largestLocale.bytes);
    expect(p.survey).toBeLessThanOrEqual(PAGE_BUDGETS.survey);
  });

  test(`the SDK entry, tree-shaken by a bundler (import { createAftercare } from 'aftercare'), is within ${PAGE_BUDGETS.sdkEntry} bytes gzip`, async () => {
    const bytes = await bundledBytes(SDK_ENTRY);
    expect(bytes).toBeLessThanOrEqual(PAGE_BUDGETS.sdkEntry);
    // Tree-shaking works: the UI (Preact) is not in it. One file, so the SDK's lazy chunks (privacy,
    // redaction) are inlined here: compare with the script-tag SDK and those chunks together.
    expect(bytes).toBeLessThan(pageBytes().sdk + gz('dist/aftercare-privacy.js') + gz('dist/aftercare-redact.js'));
  }, 60_000);

  test('the floors under the raised budgets: zod/mini and Preact alone, bundled the same way', async () => {
    const [zod, preact] = await Promise.all(Object.values(FLOORS).map((code) => bundledBytes(code)));
    // The reason the 12,288 and 5,120 were raised; if these ever shrink, lower the budgets.
    expect(zod).toBeGreaterThan(5_120);
    expect(pageBytes().loader + zod! + preact!).toBeGreaterThan(12_288);
  }, 60_000);

  test('the script-tag file is a classic script with no static imports; its chunks are self-contained and resolved from its URL', () => {
    const loader = readFileSync('dist/aftercare.js', 'utf8');
    expect(loader).not.toMatch(/(^|[;}])\s*import\s*[{*\w]/m);
    expect(loader).toContain('aftercare-sdk.js');
    expect(loader).not.toMatch(/zod|preact/i);
    const sdk = readFileSync('dist/aftercare-sdk.js', 'utf8');
    expect(sdk).toContain('aftercare-ui.js');
    expect(sdk).not.toMatch(/(^|[;}])\s*import\s*[{*\w]/m);
    expect(sdk).not.toMatch(/preact/i);
    expect(readFileSync('dist/aftercare-ui.js', 'utf8')).not.toMatch(/(^|[;}])\s*import\s*[{*\w]/m);
  });

  test('no eval or Function constructor in what a page loads (strict CSP)', () => {
    for (const f of Object.keys(BUDGETS)) {
      const js = readFileSync(f, 'utf8');
      expect(js).not.toMatch(/\beval\(/);
      expect(js).not.toMatch(/new Function\(/);
    }
  });

  test.each(LAZY_LOCALES)(`the %s strings are their own chunk within ${LOCALE_BUDGET} bytes gzip, loaded from beside aftercare-ui.js`, (l) => {
    expect(existsSync(localeFile(l))).toBe(true);
    expect(gz(localeFile(l))).toBeLessThanOrEqual(LOCALE_BUDGET);
    const js = readFileSync(localeFile(l), 'utf8');
    expect(js).not.toMatch(/\bimport\b/);
    expect(js).not.toMatch(/\beval\(|new Function\(/);
    // Relative to the importing module's URL, so the files work wherever they are hosted together.
    expect(readFileSync('dist/aftercare-ui.js', 'utf8')).toMatch(new RegExp(`import\\(\\s*[\`'"]\\./aftercare-locale-${l}\\.js[\`'"]\\s*\\)`));
  });

  test('aftercare-ui.js is one file apart from the locale chunks, and holds no text of another locale', async () => {
    expect(readdirSync('dist').filter((f) => /^aftercare-(ui-|locale-).*\.js$/.test(f)).sort()).toEqual(LAZY_LOCALES.map((l) => localeFile(l).slice(5)).sort());
    const ui = readFileSync('dist/aftercare-ui.js', 'utf8');
    expect(ui).toContain((await loadStrings('en')).strings.thanks);
    for (const l of LAZY_LOCALES) {
      const { strings } = await loadStrings(l);
      for (const text of [strings.send, strings.thanks, strings.close, strings.csatQuestion]) expect(ui, `${l}: ${text}`).not.toContain(text);
    }
  });

  test('every exports entry points at a built file and its types', () => {
    for (const [key, target] of Object.entries<string | { types: string; default: string }>(pkg.exports)) {
      if (typeof target === 'string') expect(existsSync(target), key).toBe(true);
      else {
        expect(existsSync(target.default), `${key} default`).toBe(true);
        expect(existsSync(target.types), `${key} types`).toBe(true);
      }
    }
  });

  test('the package resolves by name: aftercare, aftercare/schema, aftercare/widget', async () => {
    const sdk = await import('aftercare');
    expect(typeof sdk.createAftercare).toBe('function');
    const schema = await import('aftercare/schema');
    expect(schema.checkResponse({}).success).toBe(false);
    expect(typeof schema.summarize).toBe('function');
    const widget = await import('aftercare/widget');
    expect(typeof widget.mountSurvey).toBe('function');
  });

  test(`the survey page of an invitation link: survey.js and the locale chunks it imports from beside it, nothing inline, within ${PAGE_BUDGETS.surveyLink} bytes gzip with the largest locale`, () => {
    const files = readdirSync(SURVEY_DIR).filter((f) => f.endsWith('.js'));
    expect(files).toContain('survey.js');
    const js = readFileSync(`${SURVEY_DIR}/survey.js`, 'utf8');
    // Its chunks are hashed, and imported relative to survey.js, so they load from /s/assets/ too.
    const chunks = [...js.matchAll(/import\(\s*[`'"]\.\/([\w.-]+\.js)[`'"]\s*\)/g)].map((m) => m[1]!);
    expect(chunks.length).toBeGreaterThanOrEqual(LAZY_LOCALES.length);
    for (const c of chunks) expect(files, c).toContain(c);
    for (const l of LAZY_LOCALES) expect(chunks.some((c) => new RegExp(`^${l}-[\\w-]{8}\\.js$`).test(c)), l).toBe(true);
    for (const f of files) {
      const code = readFileSync(`${SURVEY_DIR}/${f}`, 'utf8');
      expect(code, f).not.toMatch(/\beval\(|new Function\(/);
    }
    expect(js).not.toMatch(/(^|[;}])\s*import\s*[{*\w]/m);
    const largest = Math.max(...chunks.filter((c) => !/^(privacy|redact)-/.test(c)).map((c) => gz(`${SURVEY_DIR}/${c}`)));
    expect(gz(`${SURVEY_DIR}/survey.js`) + largest).toBeLessThanOrEqual(PAGE_BUDGETS.surveyLink);
  });

  test('runtime dependencies are only preact, zod and idb-keyval', () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual(['idb-keyval', 'preact', 'zod']);
  });
});
