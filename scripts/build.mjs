// npm run build: the four Vite builds, the .d.ts files, then a size report (gzip -9, like the budgets).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

rmSync('dist', { recursive: true, force: true });
for (const mode of ['lib', 'ui', 'sdk', 'script']) await build({ mode, logLevel: 'warn' });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
// The headless example (plain TypeScript on the SDK, no Preact), served by the demo at /headless.
await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir: 'examples/headless/dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    lib: { entry: 'examples/headless/main.ts', formats: ['es'], fileName: () => 'headless.js' },
    rolldownOptions: { output: { codeSplitting: false } },
  },
});

const rows = readdirSync('dist')
  .filter((f) => f.endsWith('.js'))
  .map((f) => {
    const buf = readFileSync(`dist/${f}`);
    return { file: f, bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  });
writeFileSync('dist/sizes.json', JSON.stringify(rows, null, 2) + '\n');
// Names vary in length (aftercare-locale-pt-BR.js, hashed lib chunks): pad to the longest.
const w = Math.max(...rows.map((r) => r.file.length));
console.log(`\n${'file'.padEnd(w)}  bytes   gzip -9`);
for (const r of rows) console.log(`${r.file.padEnd(w)} ${String(r.bytes).padStart(6)}  ${String(r.gzip).padStart(8)}`);
await import('./protocol-schema.mjs'); // dist/protocol-v1.schema.json, from the built dist/schema.js
// The collector (its own workspace package): examples/collector/dist, bundling aftercare/schema from src/.
await import('../examples/collector/build.mjs');
