// Builds the collector to dist/ (Node 20 cannot run .ts): one ES module per entry, server packages left
// as imports, and `aftercare/schema` bundled from the browser package's sources, since the collector
// validates with the very schemas the widget was built with.
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
      output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: 'collector.js' },
    },
  },
});
