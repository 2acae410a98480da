import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

/**
 * One-way layering: src/ (protocol, storage, sync) ← sdk/ (public API, no UI) ← widget/ (Preact UI, script tag).
 * The browser code uses `zod/mini` only; full `zod` is for collectors (examples/) and would bloat the bundle.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LAYERS = ['src', 'sdk', 'widget'] as const;
type Layer = (typeof LAYERS)[number];

/** Every .ts/.tsx file under `dir`, recursively, as paths relative to the repository root with `/`. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out.sort();
}

/** Comments removed, so commented-out or documented imports do not count (`//` after `:` is a URL, not a comment). */
const stripComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:\\])\/\/.*$/gm, '$1');

const STATIC = /(?:^|[;\s}])(?:import|export)\s+(?:type\s+)?(?:[\w$*{},\s]+?\s+from\s*)?['"]([^'"\n]+)['"]/g;
const DYNAMIC = /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;

/** Module specifiers a file imports or re-exports: static, type-only, side-effect and literal dynamic imports. */
function specifiersOf(code: string): string[] {
  const clean = stripComments(code);
  return [...clean.matchAll(STATIC), ...clean.matchAll(DYNAMIC)].map((m) => m[1]!);
}

interface Edge {
  file: string;
  spec: string;
  /** For a relative specifier, the repository path it points at; otherwise undefined (a package). */
  target?: string;
}

const edges = (layer: string): Edge[] =>
  sourceFiles(layer).flatMap((file) =>
    specifiersOf(readFileSync(join(ROOT, file), 'utf8')).map((spec): Edge => {
      if (!spec.startsWith('.')) return { file, spec };
      return { file, spec, target: relative(ROOT, resolve(ROOT, dirname(file), spec)).split(sep).join('/') };
    }),
  );

const isPackage = (spec: string, name: string) => spec === name || spec.startsWith(`${name}/`);
const intoLayer = (e: Edge, layer: string) => e.target !== undefined && (e.target === layer || e.target.startsWith(`${layer}/`));
const show = (es: Edge[]) => es.map((e) => `${e.file} → ${e.spec}`);

describe('the import parser', () => {
  test('finds every import form and ignores comments', () => {
    const code = [
      "import { a, type B } from './a.ts';",
      "import type { C } from '../c.ts';",
      'import * as z from "zod/mini";',
      "import def, { d } from 'pkg-d';",
      "import 'side-effect';",
      "export { e } from './e.ts';",
      "export * from './f.ts';",
      "export type * from './g.ts';",
      'import {',
      '  h,',
      '  type I,',
      "} from './h.ts';",
      "const lazy = () => import('./lazy.tsx');",
      "// import { no } from 'commented-out';",
      "/* export * from 'block-comment'; */",
      "const url = 'https://example.com/x'; import { after } from 'after-url';",
      "const s = 'not an import from here';",
    ].join('\n');
    expect(specifiersOf(code).sort()).toEqual(
      ['./a.ts', '../c.ts', 'zod/mini', 'pkg-d', 'side-effect', './e.ts', './f.ts', './g.ts', './h.ts', './lazy.tsx', 'after-url'].sort(),
    );
  });

  test('sees the imports the layers are known to have', () => {
    const all = LAYERS.flatMap(edges);
    expect(all.length).toBeGreaterThan(20);
    const has = (file: string, spec: string) => all.some((e) => e.file === file && e.spec === spec);
    expect(has('src/store.ts', 'idb-keyval')).toBe(true);
    expect(has('src/schema.ts', 'zod/mini')).toBe(true);
    expect(has('widget/mount.tsx', 'preact')).toBe(true);
    expect(has('widget/tag.ts', '../sdk/index.ts')).toBe(true);
    expect(has('sdk/index.ts', '../src/errors.ts')).toBe(true);
  });
});

describe('one-way layering', () => {
  test('each layer has source files', () => {
    for (const layer of LAYERS) expect(sourceFiles(layer).length, layer).toBeGreaterThan(0);
  });

  test('src/ imports nothing from sdk/ or widget/', () => {
    expect(show(edges('src').filter((e) => intoLayer(e, 'sdk') || intoLayer(e, 'widget')))).toEqual([]);
  });

  test('src/ imports no preact', () => {
    expect(show(edges('src').filter((e) => isPackage(e.spec, 'preact')))).toEqual([]);
  });

  test('only src/store.ts imports idb-keyval', () => {
    const bad = LAYERS.flatMap(edges).filter((e) => isPackage(e.spec, 'idb-keyval') && e.file !== 'src/store.ts');
    expect(show(bad)).toEqual([]);
  });

  test('sdk/ imports nothing from widget/ and no preact', () => {
    expect(show(edges('sdk').filter((e) => intoLayer(e, 'widget') || isPackage(e.spec, 'preact')))).toEqual([]);
  });

  test('src/ and sdk/ hold no .tsx files (JSX would pull in preact/jsx-runtime implicitly)', () => {
    expect([...sourceFiles('src'), ...sourceFiles('sdk')].filter((f) => f.endsWith('.tsx'))).toEqual([]);
  });

  test("browser code imports 'zod/mini' only, never bare 'zod' or another zod entry", () => {
    const bad = LAYERS.flatMap(edges).filter((e) => isPackage(e.spec, 'zod') && e.spec !== 'zod/mini');
    expect(show(bad)).toEqual([]);
  });
});

/**
 * The collector's one-way order follows the data path: http/ (the edge) → ingest/, read/, deliver/ →
 * store/. app.ts, main.ts, index.ts, serve.ts and config.ts sit on top and may import any of them.
 * The dashboard (browser code) imports no server code at all.
 */
const COLLECTOR = 'examples/collector/src';
const DASHBOARD = 'examples/collector/dashboard';
const FOLDERS = ['http', 'ingest', 'read', 'deliver', 'store'] as const;
/** What each folder may import from the collector's own folders (its own files always). */
const MAY: Record<(typeof FOLDERS)[number], readonly string[]> = {
  http: ['ingest', 'read', 'deliver', 'store'],
  ingest: ['store'],
  read: ['store'],
  deliver: ['store'],
  store: [],
};
const TOP = ['app.ts', 'main.ts', 'index.ts', 'serve.ts', 'config.ts'].map((f) => `${COLLECTOR}/${f}`);

describe("the collector's one-way order", () => {
  test('every folder of the data path has source files, and the top files are the known ones', () => {
    for (const f of FOLDERS) expect(sourceFiles(`${COLLECTOR}/${f}`).length, f).toBeGreaterThan(0);
    const top = readdirSync(join(ROOT, COLLECTOR)).filter((f) => /\.tsx?$/.test(f)).map((f) => `${COLLECTOR}/${f}`);
    expect(top.sort()).toEqual([...TOP].sort());
  });

  test.each(FOLDERS)('%s/ imports only what lies below it on the data path', (folder) => {
    const allowed = [folder, ...MAY[folder]].map((f) => `${COLLECTOR}/${f}`);
    const bad = edges(`${COLLECTOR}/${folder}`).filter((e) => intoLayer(e, COLLECTOR) && !allowed.some((a) => intoLayer(e, a)));
    expect(show(bad)).toEqual([]);
  });

  test('nothing under store/ imports above it (the alert rule lives in store/)', () => {
    const up = edges(`${COLLECTOR}/store`).filter((e) => e.target !== undefined && !intoLayer(e, `${COLLECTOR}/store`));
    expect(show(up)).toEqual([]);
  });

  test('the dashboard imports no server code: nothing from src/ of the collector, no server package', () => {
    const server = ['hono', 'kysely', 'pg', 'better-sqlite3', 'jose', '@hono/node-server', 'rate-limiter-flexible', 'standardwebhooks', 'node:'];
    const bad = edges(DASHBOARD).filter((e) => intoLayer(e, COLLECTOR) || server.some((p) => e.spec.startsWith('node:') || isPackage(e.spec, p)));
    expect(show(bad)).toEqual([]);
    expect(edges(DASHBOARD).some((e) => isPackage(e.spec, 'preact'))).toBe(true);
  });

  test('the survey page (browser code) imports no server code, and the browser package only through its entry points', () => {
    const SURVEY = 'examples/collector/survey';
    const server = ['hono', 'kysely', 'pg', 'better-sqlite3', 'jose', '@hono/node-server', 'rate-limiter-flexible', 'standardwebhooks', 'nodemailer'];
    const entries = ['sdk/index.ts', 'widget/index.ts'];
    const all = edges(SURVEY);
    const bad = all.filter(
      (e) =>
        intoLayer(e, COLLECTOR) ||
        e.spec.startsWith('node:') ||
        server.some((p) => isPackage(e.spec, p)) ||
        (LAYERS.some((l) => intoLayer(e, l)) && !entries.includes(e.target!)),
    );
    expect(show(bad)).toEqual([]);
    expect(all.some((e) => e.target === 'widget/index.ts')).toBe(true);
    expect(all.some((e) => e.target === 'sdk/index.ts')).toBe(true);
  });

  test('the parser sees the collector\'s known imports', () => {
    const all = [...FOLDERS.flatMap((f) => edges(`${COLLECTOR}/${f}`)), ...edges(DASHBOARD)];
    const has = (file: string, spec: string) => all.some((e) => e.file === file && e.spec === spec);
    expect(has(`${COLLECTOR}/store/cases.ts`, './alert.ts')).toBe(true);
    expect(has(`${COLLECTOR}/http/ingest.ts`, '../ingest/ingest.ts')).toBe(true);
  });
});
