// What one audit entry keeps: values cut (never the JSON), undefined fields left out, no half of a
// surrogate pair, and the query's known parameters first.
import { expect, test } from 'vitest';
import { knownFirst } from '../../src/http/audit.ts';
import { bounded } from '../../src/store/audit.ts';

test('bounded: strings cut to 500 characters (a query to 2,000), 20 keys or items a level, 3 levels, undefined left out', () => {
  const out = bounded({ status: undefined, owner: undefined, note: true, text: 'x'.repeat(600), query: 'q'.repeat(2_500), list: Array.from({ length: 30 }, (_, i) => i), deep: { a: { b: { c: 1 } } } }) as Record<string, any>;
  expect(Object.keys(out)).toEqual(['note', 'text', 'query', 'list', 'deep']);
  expect(out.text).toBe(`${'x'.repeat(500)}…`);
  expect(out.query).toBe(`${'q'.repeat(2_000)}…`);
  expect(out.list).toHaveLength(20);
  expect(out.deep).toEqual({ a: { b: '…' } });
  expect(Object.keys(bounded(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i]))) as object)).toHaveLength(20);
  expect(() => JSON.parse(JSON.stringify(out))).not.toThrow();
});

test('bounded never splits a surrogate pair', () => {
  const s = `${'x'.repeat(499)}😀tail`;
  const cut = bounded(s) as string;
  expect(cut).toBe(`${'x'.repeat(499)}…`);
  expect(/[\uD800-\uDFFF]/.test(cut)).toBe(false);
});

test('knownFirst: the parameters the routes read come first, in their order, then the rest', () => {
  expect(knownFirst('?pad=1&meta.store=Berlin&x=2&limit=5')).toBe('?meta.store=Berlin&limit=5&pad=1&x=2');
  expect(knownFirst('?meta.st%C3%B6re=M%C3%BCnchen&%ZZ=1')).toBe('?meta.st%C3%B6re=M%C3%BCnchen&%ZZ=1');
  expect(knownFirst('')).toBe('');
});
