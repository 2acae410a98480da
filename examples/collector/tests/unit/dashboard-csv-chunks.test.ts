// The dashboard's CSV upload cut into requests of 1,000 rows: records are never cut inside a quoted
// field, every chunk repeats the header, rows are counted as the collector counts them (empty lines are
// none), and the collector's row numbers are moved back to the file's.
import { describe, expect, test } from 'vitest';
import { addUp, csvChunks } from '../../dashboard/src/csv-chunks.ts';

const HEADER = 'id,email,meta.note\r\n';
const row = (i: number) => `d-${i},d${i}@example.com,plain\r\n`;

describe('csvChunks', () => {
  test('a file of at most 1,000 rows is sent exactly as it is', () => {
    const text = HEADER + Array.from({ length: 1000 }, (_, i) => row(i)).join('');
    expect(csvChunks(text)).toEqual([{ text, first: 0 }]);
    expect(csvChunks('')).toEqual([{ text: '', first: 0 }]);
  });

  test('2,500 rows: three requests of 1,000, 1,000 and 500 rows, each with the header, nothing lost', () => {
    const rows = Array.from({ length: 2500 }, (_, i) => row(i));
    const chunks = csvChunks(HEADER + rows.join(''));
    expect(chunks.map((c) => c.first)).toEqual([0, 1000, 2000]);
    for (const c of chunks) expect(c.text.startsWith(HEADER)).toBe(true);
    expect(chunks.map((c) => c.text.slice(HEADER.length)).join('')).toBe(rows.join(''));
  });

  test('a line break inside quotes stays in its row; empty lines are no rows', () => {
    // A doubled quote does not end the quoted field.
    const tricky = 'd-0,a@example.com,"two ""lines""\nhere, really"\r\n';
    const text = 'id,email,meta.note\r\n' + tricky + '\r\nd-1,b@example.com,x\r\n' + 'd-2,c@example.com,y\r\n\r\n\r\n';
    const chunks = csvChunks(text, 2);
    expect(chunks.map((c) => c.text)).toEqual(['id,email,meta.note\r\n' + tricky + 'd-1,b@example.com,x\r\n', 'id,email,meta.note\r\nd-2,c@example.com,y\r\n']);
    expect(chunks[1]!.first).toBe(2);
    // Empty lines alone do not make a file longer than one request.
    expect(csvChunks('id\n\n\nd-0\n\n\nd-1\n', 2)).toEqual([{ text: 'id\n\n\nd-0\n\n\nd-1\n', first: 0 }]);
  });

  test('old Mac line ends (a lone CR) end records too', () => {
    const chunks = csvChunks('id\rd-0\rd-1\rd-2', 2);
    expect(chunks.map((c) => c.text)).toEqual(['id\rd-0\rd-1\r', 'id\rd-2']);
  });
});

describe('addUp', () => {
  test("adds the accepted counts and moves each refused row's index and row number to the file's", () => {
    const chunks = csvChunks(HEADER + Array.from({ length: 2500 }, (_, i) => row(i)).join(''));
    const total = addUp(chunks, [
      { accepted: 999, rejected: [{ index: 4, row: 6, error: 'email: expected an address' }] },
      { accepted: 999, rejected: [{ index: 0, row: 2, error: 'deliveredAt: expected an ISO date' }] },
    ]);
    expect(total).toEqual({
      accepted: 1998,
      rejected: [
        { index: 4, row: 6, error: 'email: expected an address' },
        { index: 1000, row: 1002, error: 'deliveredAt: expected an ISO date' },
      ],
    });
  });
});
