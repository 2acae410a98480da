import { defineConfig } from 'vite';

/**
 * Four builds, one per audience (`npm run build` runs them in order):
 *  --mode script  dist/aftercare.js      the script tag's loader: an IIFE with no imports, a few KB
 *  --mode sdk     dist/aftercare-sdk.js  the SDK behind the tag, fetched by the loader only when there is work
 *  --mode ui      dist/aftercare-ui.js   Preact + the survey, fetched only when a survey is due, and
 *                 dist/aftercare-locale-<tag>.js, one per built-in locale but English, fetched beside it
 *  --mode lib     dist/{index,widget,schema}.js  ESM for bundlers; preact, zod and idb-keyval stay dependencies
 * Vite cannot emit an IIFE from several entries, hence the modes; the chunks are self-contained ES
 * modules resolved from the loader's own URL.
 */
export default defineConfig(({ mode }) => {
  const shared = {
    oxc: { jsx: { runtime: 'automatic' as const, importSource: 'preact' } },
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  const output = { outDir: 'dist', emptyOutDir: false, target: 'es2022', sourcemap: true };
  const standalone: Record<string, { entry: string; file: string; format: 'iife' | 'es' }> = {
    script: { entry: 'widget/loader.ts', file: 'aftercare.js', format: 'iife' },
    sdk: { entry: 'widget/boot.ts', file: 'aftercare-sdk.js', format: 'es' },
    ui: { entry: 'widget/ui.ts', file: 'aftercare-ui.js', format: 'es' },
  };
  // The UI chunk is one file but for its locales: each `import('./locales/<tag>.ts')` in
  // widget/strings.ts becomes dist/aftercare-locale-<tag>.js, which the browser resolves from
  // aftercare-ui.js's own URL, so a page downloads only the locale it shows. With a single entry,
  // only a dynamic import splits; anything else that did would be named aftercare-ui-*.js, which
  // tests/unit/dist.test.ts forbids.
  const localeChunks = {
    codeSplitting: true,
    chunkFileNames: (c: { facadeModuleId: string | null }) =>
      /[\\/]widget[\\/]locales[\\/]/.test(c.facadeModuleId ?? '') ? 'aftercare-locale-[name].js' : 'aftercare-ui-[name].js',
  };
  // The SDK's rarely used parts are dynamic imports in sdk/create-aftercare.ts, fetched from beside
  // aftercare-sdk.js only when used: dist/aftercare-privacy.js (consent other than `granted`,
  // forget()) and dist/aftercare-redact.js (a `redact` option). They import nothing at run time, so
  // nothing is split out of the SDK into a shared file.
  const privacyChunks = { codeSplitting: true, chunkFileNames: 'aftercare-[name].js' };
  const one = standalone[mode];
  if (one) {
    return {
      ...shared,
      build: {
        ...output,
        // The loader is all a page with nothing due downloads (4,096 bytes at most): its map sits
        // beside it (aftercare.js.map) for error tools and devtools' "add source map", unannounced,
        // which saves the comment's bytes on every page view.
        sourcemap: mode === 'script' ? ('hidden' as const) : true,
        minify: true,
        lib: { entry: one.entry, formats: [one.format], name: one.format === 'iife' ? 'AftercareLoader' : undefined, fileName: () => one.file },
        // Vite leaves whitespace in ES library output; these files go straight to browsers, so minify fully.
        rolldownOptions: { output: { minify: true, ...(mode === 'ui' ? localeChunks : mode === 'sdk' ? privacyChunks : { codeSplitting: false }) } },
      },
    };
  }
  return {
    ...shared,
    build: {
      ...output,
      minify: false,
      lib: {
        entry: { index: 'sdk/index.ts', widget: 'widget/index.ts', schema: 'src/for-collectors.ts' },
        formats: ['es' as const],
      },
      rolldownOptions: {
        external: [/^preact(\/|$)/, /^zod(\/|$)/, /^idb-keyval(\/|$)/],
      },
    },
  };
});
