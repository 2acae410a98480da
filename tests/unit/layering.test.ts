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

const edges = (layer: Layer): Edge[] =>
  sourceFiles(layer).flatMap((file) =>
    specifiersOf(readFileSync(join(ROOT, file), 'utf8')).map((spec): Edge => {
      if (!spec.startsWith('.')) return { file, spec };
      return { file, spec, target: relative(ROOT, resolve(ROOT, dirname(file), spec)).split(sep).join('/') };
    }),
  );

const isPackage = (spec: string, name: string) => spec === name || spec.startsWith(`${name}/`);
const intoLayer = (e: Edge, layer: Layer) => e.target !== undefined && (e.target === layer || e.target.startsWith(`${layer}/`));
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
