// npm run build: the four Vite builds, the .d.ts files, then a size report (gzip -9, like the budgets).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

rmSync('dist', { recursive: true, force: true });
for (const mode of ['lib', 'ui', 'sdk', 'script']) await build({ mode, logLevel: 'warn' });
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });

const rows = readdirSync('dist')
  .filter((f) => f.endsWith('.js'))
  .map((f) => {
    const buf = readFileSync(`dist/${f}`);
    return { file: f, bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  });
writeFileSync('dist/sizes.json', JSON.stringify(rows, null, 2) + '\n');
console.log('\nfile                 bytes   gzip -9');
for (const r of rows) console.log(`${r.file.padEnd(20)} ${String(r.bytes).padStart(6)}  ${String(r.gzip).padStart(8)}`);
