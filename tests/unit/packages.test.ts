// The collector is its own package (aftercare-collector, a workspace here): its server dependencies never become dependencies of
// the browser package, and the browser code never imports the collector.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const json = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
const root = json('package.json');
const collector = json('examples/collector/package.json');

test('aftercare depends at run time on preact, zod and idb-keyval only', () => {
  expect(Object.keys(root.dependencies).sort()).toEqual(['idb-keyval', 'preact', 'zod']);
  expect(root.files).toEqual(['dist']);
  expect(root.workspaces).toEqual(['examples/collector']);
});

test('the server packages belong to aftercare-collector, a package of its own with a bin', () => {
  expect(collector.name).toBe('aftercare-collector');
  expect(collector.private).toBeUndefined();
  expect(collector.bin).toEqual({ 'aftercare-collector': './dist/server.js' });
  expect(collector.files).toEqual(['dist', 'README.md']);
  for (const dep of ['hono', '@hono/node-server', 'kysely', 'better-sqlite3', 'pg', 'jose', 'rate-limiter-flexible']) {
    expect(collector.dependencies).toHaveProperty(dep);
    expect(root.dependencies).not.toHaveProperty(dep);
  }
  // better-sqlite3 13 crashes on Node 20: the major is pinned.
  expect(collector.dependencies['better-sqlite3']).toMatch(/^\^12\./);
});

test('browser code (src, sdk, widget) never imports the collector or a server package', () => {
  const files = ['src', 'sdk', 'widget'].flatMap((d) => readdirSync(d, { recursive: true, encoding: 'utf8' }).map((f) => join(d, f))).filter((f) => /\.tsx?$/.test(f));
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    expect(text, f).not.toMatch(/from ['"](hono|kysely|pg|jose|better-sqlite3|rate-limiter-flexible|@hono\/|.*examples\/)/);
  }
});
