// What each kind of page view downloads, in gzip -9 bytes of the built files: shared by the budget
// test (tests/unit/dist.test.ts) and `npm run bench`, so both count the same way. Needs `npm run build`.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

/** gzip -9 bytes of a buffer or string. */
export const gz = (data) => gzipSync(data, { level: 9 }).length;
/** gzip -9 bytes of a file. */
export const gzFile = (file) => gz(readFileSync(file));

/**
 * Bytes per page view: `nothingDue` (nothing due, answers waiting or not: the loader alone),
 * `survey` (loader + SDK + UI + the largest locale chunk, a survey shown in any built-in language),
 * and `largestLocale`, the locale chunk that counts.
 */
export function pageBytes() {
  const locales = readdirSync('dist').filter((f) => /^aftercare-locale-.+\.js$/.test(f));
  const largest = locales.map((f) => ({ file: f, bytes: gzFile(`dist/${f}`) })).sort((a, b) => b.bytes - a.bytes)[0];
  const [loader, sdk, ui] = ['aftercare.js', 'aftercare-sdk.js', 'aftercare-ui.js'].map((f) => gzFile(`dist/${f}`));
  return { loader, sdk, ui, largestLocale: largest, nothingDue: loader, survey: loader + sdk + ui + largest.bytes };
}

/**
 * Bundles `code` the way a bundler user's app would (Vite, minified, tree-shaken, resolving `aftercare`
 * through this package's exports map to dist/) and returns the JavaScript.
 */
export async function bundle(code) {
  mkdirSync('.tmp', { recursive: true });
  const dir = mkdtempSync(join('.tmp', 'bundle-'));
  try {
    const entry = join(dir, 'entry.js');
    writeFileSync(entry, code);
    const out = await build({
      logLevel: 'silent',
      configFile: false,
      root: process.cwd(),
      build: {
        write: false,
        minify: true,
        target: 'es2022',
        lib: { entry, formats: ['es'], fileName: () => 'app.js' },
        rolldownOptions: { output: { codeSplitting: false } },
      },
    });
    return (Array.isArray(out) ? out[0] : out).output.find((c) => c.type === 'chunk').code;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** gzip -9 bytes of `bundle(code)`. */
export const bundledBytes = async (code) => gz(await bundle(code));

/** `import { createAftercare } from 'aftercare'`, tree-shaken: the SDK entry as a bundler user ships it. */
export const SDK_ENTRY = "import { createAftercare } from 'aftercare';\nwindow.a = createAftercare({ endpoint: '/v1/responses' });\n";

/** The smallest useful zod/mini schema, and Preact rendering one element: the floors under the survey page. */
export const FLOORS = {
  'zod/mini, one two-field object schema': "import * as z from 'zod/mini';\nwindow.s = z.object({ a: z.string(), b: z.optional(z.number()) }).safeParse(window.x);\n",
  'preact, render one element': "import { h, render } from 'preact';\nrender(h('p', null, 'x'), document.body);\n",
};
