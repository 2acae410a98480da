// Keeps the documentation honest: links resolve, and the reference tables list exactly what the code
// reads (the script tag's data-* attributes, the collector's AFTERCARE_* variables, the OpenAPI paths).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { openApiDocument } from '../../examples/collector/src/http/openapi.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Every .md file under `dir`, recursively, relative to the repository root. */
function markdownFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(`${dir}/${e.name}`) : e.name.endsWith('.md') ? [`${dir}/${e.name}`] : [],
  );
}

const PAGES = ['README.md', ...markdownFiles('docs')].sort();

/** The page without fenced code blocks: a `# comment` in a shell example is no heading, a link in code no link. */
const withoutFences = (md: string) => md.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
/** …and without inline code spans, where `[a](b)` is text. */
const prose = (md: string) => withoutFences(md).replace(/`+[^`\n]*`+/g, '');

/** GitHub's heading anchor: lower case, punctuation but `-` and `_` dropped (letters of any script kept), spaces → `-`. */
function slug(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a page's headings, with GitHub's `-1`, `-2` for repeated ones. */
function anchors(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of withoutFences(md).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** Markdown link and image targets of a page (inline form), outside code. */
const linkTargets = (md: string) => [...prose(md).matchAll(/!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);

describe('links in README.md and docs/', () => {
  test('slugs follow GitHub', () => {
    expect(slug('Re-survey waves: satisfaction over the product\'s life')).toBe('re-survey-waves-satisfaction-over-the-products-life');
    expect(slug('Reasons ("What mattered most?")')).toBe('reasons-what-mattered-most');
    expect(slug('`data-*` attributes')).toBe('data--attributes');
    expect(slug('筛选与链接')).toBe('筛选与链接');
    expect(slug('第 1 步：放置脚本')).toBe('第-1-步放置脚本');
    expect([...anchors('# A\n## A\n```sh\n# not a heading\n```\n### A')]).toEqual(['a', 'a-1', 'a-2']);
  });

  test('the pages exist', () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(20);
    expect(PAGES).toContain('docs/README.md');
  });

  test.each(PAGES)('every relative link and #anchor in %s resolves', (page) => {
    const md = read(page);
    const targets = linkTargets(md);
    expect(targets.length, `${page} has no links at all`).toBeGreaterThan(0);
    const broken: string[] = [];
    for (const target of targets) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
      const [path = '', anchor] = target.split('#') as [string, string | undefined];
      const file = path ? relative(ROOT, resolve(ROOT, dirname(page), decodeURI(path))) : page;
      if (!existsSync(join(ROOT, file))) {
        broken.push(`${target}: no file ${file}`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!file.endsWith('.md') || statSync(join(ROOT, file)).isDirectory()) {
        broken.push(`${target}: an anchor into ${file}, which is not a Markdown page`);
        continue;
      }
      if (!anchors(read(file)).has(decodeURIComponent(anchor))) broken.push(`${target}: no heading "#${anchor}" in ${file}`);
    }
    expect(broken).toEqual([]);
  });

  test('README.md is a front door: at most 250 lines', () => {
    expect(read('README.md').split('\n').length).toBeLessThanOrEqual(250);
  });
});

/** The names matching `name` in the first column of the first Markdown table whose header row matches `header`. */
function tableNames(md: string, header: RegExp, name: RegExp): string[] {
  const lines = withoutFences(md).split('\n');
  const start = lines.findIndex((l) => header.test(l));
  expect(start, `no table with a header like ${header}`).toBeGreaterThanOrEqual(0);
  const names: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const first = line.split('|')[1]!;
    names.push(...[...first.matchAll(name)].map((m) => m[0]));
  }
  return names;
}

describe('the script-tag reference', () => {
  /** Attribute names in quoted string literals and `dataset.x` reads of the browser code (comments use backticks). */
  const sourceAttributes = () => {
    const names = new Set<string>();
    const files = ['src', 'sdk', 'widget'].flatMap(function walk(dir: string): string[] {
      return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(`${dir}/${e.name}`) : /\.tsx?$/.test(e.name) ? [`${dir}/${e.name}`] : [],
      );
    });
    for (const file of files) {
      const code = read(file);
      for (const m of code.matchAll(/['"](data-[a-z][a-z0-9-]*)['"]/g)) names.add(m[1]!);
      // A read of the dataset (not an assignment such as `host.dataset.placement = …`).
      for (const m of code.matchAll(/\.dataset\.([a-zA-Z]\w*)\b(?!\s*=[^=])/g)) names.add(`data-${m[1]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
      for (const m of code.matchAll(/\.dataset\[['"]([a-zA-Z]\w*)['"]\](?!\s*=[^=])/g)) names.add(`data-${m[1]!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    }
    return names;
  };

  test('every data-* attribute the loader and widget read is in docs/script-tag.md, and nothing else', () => {
    const code = sourceAttributes();
    // The extraction must find the real list: the loader alone reads a handful, the widget dozens.
    expect(code.size).toBeGreaterThanOrEqual(30);
    for (const known of ['data-endpoint', 'data-delivery-id', 'data-consent', 'data-reasons', 'data-window-days']) expect(code).toContain(known);
    const documented = tableNames(read('docs/script-tag.md'), /^\|\s*attribute\s*\|/i, /data-[a-z][a-z0-9-]*/g);
    expect(new Set(documented).size, 'an attribute has two rows').toBe(documented.length);
    expect([...documented].sort()).toEqual([...code].sort());
  });
});

describe('the configuration reference', () => {
  test('every AFTERCARE_* variable config.ts and main.ts read is in docs/configuration.md, and nothing else', () => {
    const code = new Set(
      ['examples/collector/src/config.ts', 'examples/collector/src/main.ts'].flatMap((f) => [...read(f).matchAll(/\bAFTERCARE_[A-Z][A-Z_]*[A-Z]\b/g)].map((m) => m[0])),
    );
    expect(code.size).toBeGreaterThanOrEqual(15);
    expect(code).toContain('AFTERCARE_TEST_HOOKS');
    const documented = tableNames(read('docs/configuration.md'), /^\|\s*variable\s*\|/i, /AFTERCARE_[A-Z][A-Z_]*[A-Z]/g);
    expect(new Set(documented).size, 'a variable has two rows').toBe(documented.length);
    expect([...documented].sort()).toEqual([...code].sort());
  });
});

describe('the HTTP API page', () => {
  const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
  const doc = openApiDocument('0.1.0') as { paths: Record<string, Record<string, unknown>> };
  const page = read('docs/http-api.md');
  const routes = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).filter((k) => METHODS.includes(k)).map((m) => `${m.toUpperCase()} ${path}`));

  test('the OpenAPI document has its routes', () => {
    expect(Object.keys(doc.paths).length).toBeGreaterThanOrEqual(15);
  });

  test.each(Object.keys(doc.paths))('%s is on the page', (path) => {
    expect(page).toContain(` ${path}\``);
  });

  test.each(routes)('`%s` is on the page', (route) => {
    expect(page).toContain(`\`${route}\``);
  });
});
