// A CSV upload cut into requests of at most 1,000 rows, the collector's limit for one POST, and the
// replies added up as if the file had gone in one piece.
//
// Why a splitter of our own rather than a CSV library: only the record boundaries are needed, not the
// fields. A quoted field may hold a line break (RFC 4180), so a split on lines could cut a row in two;
// tracking whether we are inside quotes is enough to avoid that (a doubled "" toggles twice and so
// changes nothing). Parsing every field and writing the rows out again would add weight to the page and
// could change what the collector reads and the line numbers it reports; the records are copied byte
// for byte instead, and the collector parses and checks them itself. A file of 1,000 rows or fewer is
// sent exactly as it is. Rows are counted as the collector counts them: empty lines are no rows, and a
// row's number is its place among the data rows plus one for the header (what a spreadsheet shows).
import type { UploadResult } from './invitation-types.ts';

/** The collector's limit of data rows per `POST /v1/deliveries`. */
export const ROWS_PER_REQUEST = 1000;

export interface Chunk {
  /** The file's header line, then up to 1,000 of its rows, exactly as in the file. */
  text: string;
  /** How many data rows of the file come before the chunk's first. */
  first: number;
}

/** The file's records (header first), each with the line break that ends it; empty lines left out. */
function records(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      const empty = i === start;
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (!empty) out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

/**
 * The requests to send for a CSV file: the file itself when it has at most `size` data rows, else
 * chunks of `size` rows, each starting with the file's header.
 * @example csvChunks('id,email\r\na,a@x\r\nb,b@x\r\n', 1).map((c) => c.text) // ['id,email\r\na,a@x\r\n', 'id,email\r\nb,b@x\r\n']
 */
export function csvChunks(text: string, size = ROWS_PER_REQUEST): Chunk[] {
  const [header, ...rows] = records(text);
  if (!header || rows.length <= size) return [{ text, first: 0 }];
  const chunks: Chunk[] = [];
  for (let first = 0; first < rows.length; first += size) chunks.push({ text: header + rows.slice(first, first + size).join(''), first });
  return chunks;
}

/** The replies to `chunks` (in order, maybe fewer when one failed), as one reply for the whole file. */
export function addUp(chunks: Chunk[], replies: UploadResult[]): UploadResult {
  const total: UploadResult = { accepted: 0, rejected: [] };
  replies.forEach((r, i) => {
    const c = chunks[i]!;
    total.accepted += r.accepted;
    for (const x of r.rejected) total.rejected.push({ ...x, index: x.index + c.first, row: x.row + c.first });
  });
  return total;
}
