// Builds the collector to dist/ (Node 20 cannot run .ts): one ES module per entry, server packages left
// as imports, and `aftercare/schema` bundled from the browser package's sources, since the collector
// validates with the very schemas the widget was built with. Then the dashboard (Preact + uPlot) to
// dist/dashboard/ and the survey page's script to dist/survey/, after the server build because that
// one empties dist/.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
await build({
  configFile: false,
  root: here,
  logLevel: 'warn',
  resolve: { alias: { 'aftercare/schema': fileURLToPath(new URL('../../src/for-collectors.ts', import.meta.url)) } },
  build: {
    ssr: true,
    outDir: 'dist',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: { index: 'src/index.ts', server: 'src/main.ts' },
      // The mail strings import the widget's locale files statically (widget/strings.ts loads them lazily in the browser).
      checks: { ineffectiveDynamicImport: false },
      // server.js is the package's bin (`npx aftercare-collector`): it starts with a shebang.
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'collector.js', banner: (chunk) => (chunk.name === 'server' && chunk.isEntry ? '#!/usr/bin/env node' : '') },
    },
  },
});

// The dashboard: a client build served under `script-src 'self'; style-src 'self'`, so nothing inline:
// no modulepreload polyfill (Vite would inject it as script), no assets inlined as data: URLs.
await build({
  configFile: false,
  root: fileURLToPath(new URL('./dashboard/', import.meta.url)),
  base: '/dashboard/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: fileURLToPath(new URL('./dist/dashboard/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
});

// The survey page's script (dist/survey/, served at /s/assets/ by http/survey.ts): the real widget,
// inline, for an invitation's link. As strict a CSP as the dashboard's, so nothing inline either. The
// entry is survey.js, unhashed, since the page shell names it (the collector serves it with no-cache);
// the chunks it loads (the survey's locales) are hashed and fetched from beside it.
await build({
  configFile: false,
  root: fileURLToPath(new URL('./survey/', import.meta.url)),
  base: '/s/assets/',
  logLevel: 'warn',
  resolve: { alias: { 'aftercare/schema': fileURLToPath(new URL('../../src/for-collectors.ts', import.meta.url)) } },
  define: { 'process.env.NODE_ENV': '"production"' },
  build: {
    outDir: fileURLToPath(new URL('./dist/survey/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    assetsDir: '',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: fileURLToPath(new URL('./survey/main.ts', import.meta.url)),
      output: { entryFileNames: 'survey.js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
