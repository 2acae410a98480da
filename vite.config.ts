import { defineConfig } from 'vite';

/**
 * Three builds, one per audience (`npm run build` runs them in order):
 *  --mode script  dist/aftercare.js      the script tag: SDK + tag reader, an IIFE with no imports
 *  --mode ui      dist/aftercare-ui.js   Preact + the survey, loaded by aftercare.js only when a survey is due
 *  --mode lib     dist/{index,widget,schema}.js  ESM for bundlers; preact, zod and idb-keyval stay dependencies
 * Vite cannot emit an IIFE from several entries, hence the modes.
 */
export default defineConfig(({ mode }) => {
  const shared = {
    oxc: { jsx: { runtime: 'automatic' as const, importSource: 'preact' } },
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  const output = { outDir: 'dist', emptyOutDir: false, target: 'es2022', sourcemap: true };
  if (mode === 'script' || mode === 'ui') {
    const script = mode === 'script';
    return {
      ...shared,
      build: {
        ...output,
        minify: true,
        lib: {
          entry: script ? 'widget/script.ts' : 'widget/ui.ts',
          formats: [script ? ('iife' as const) : ('es' as const)],
          name: script ? 'AftercareScript' : undefined,
          fileName: () => (script ? 'aftercare.js' : 'aftercare-ui.js'),
        },
        rolldownOptions: { output: { codeSplitting: false } },
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
