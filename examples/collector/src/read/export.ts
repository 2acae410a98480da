// Export: every response matching the filter (not one page), streamed a page at a time as CSV
// (RFC 4180 via csv-stringify, UTF-8 with a byte-order mark so spreadsheet programs read Chinese
// comments right, one column per meta key the exported responses have) or NDJSON (one per line).
import { stringify } from 'csv-stringify/sync';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { all, conditions, type ReadFilter } from './filters.ts';
import { listResponses } from './lists.ts';
import { metaText } from '../store/derived.ts';

export type ExportFormat = 'csv' | 'ndjson';
/** Rows per database page while exporting: memory stays flat whatever the export's size. */
const PAGE = 1000;

const BASE_COLUMNS = ['id', 'revision', 'answeredAt', 'deliveredAt', 'deliveryId', 'customerId', 'csat', 'nps', 'comment', 'complete', 'locale', 'signed', 'origin', 'path', 'receivedAt', 'updatedAt', 'wave', 'reasons', 'channel'] as const;

/**
 * CSV injection (OWASP): a cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a tab or
 * carriage return before one) is prefixed with `'`, which spreadsheets show as text.
 */
export const neutralise = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

type Row = Awaited<ReturnType<typeof listResponses>>['responses'][number];

function csvCells(r: Row, keys: string[]): Array<string | number> {
  const text = (v: string | null) => (v === null ? '' : neutralise(v));
  return [
    text(r.id), r.revision, r.answeredAt, r.deliveredAt, text(r.deliveryId), text(r.customerId),
    r.csat ?? '', r.nps ?? '', text(r.comment), r.complete ? 'true' : 'false', text(r.locale), r.signed ? 'true' : 'false',
    text(r.origin), text(r.path), r.receivedAt, r.updatedAt,
    // The reasons as one cell, a JSON array like the customer export's meta: a merchant's own id may
    // hold any separator, JSON keeps every list exact. Empty without reasons.
    r.wave, r.reasons.length ? text(JSON.stringify(r.reasons)) : '', r.channel,
    ...keys.map((k) => text(metaText(r.meta?.[k]))),
  ];
}

/** The meta keys the matching responses have (the CSV's meta columns), from the side table. */
async function keysOf(db: Kysely<Database>, f: ReadFilter): Promise<string[]> {
  const text = f.q !== undefined;
  const join = text ? sql`join responses on responses.id = s.response_id` : sql``;
  const where = all(conditions(f, { scores: 's', row: text ? 'responses' : null, id: 's.response_id', range: 'ms' }));
  const { rows } = await sql<{ key: string }>`select distinct s.key as key from response_meta s ${join} where ${where} order by s.key`.execute(db);
  return rows.map((r) => r.key);
}

/** The export as chunks of text, a database page per chunk; `counted.rows` says how many rows so far. */
export async function* exportResponses(db: Kysely<Database>, f: ReadFilter, format: ExportFormat, counted: { rows: number } = { rows: 0 }): AsyncGenerator<string> {
  const keys = format === 'csv' ? await keysOf(db, f) : [];
  if (format === 'csv') yield '\uFEFF' + stringify([[...BASE_COLUMNS, ...keys.map((k) => `meta.${neutralise(k)}`)]], { record_delimiter: 'windows' });
  for (let cursor: string | undefined; ; ) {
    const page = await listResponses(db, f, { limit: PAGE, cursor });
    if (page.responses.length) {
      counted.rows += page.responses.length;
      yield format === 'csv'
        ? stringify(page.responses.map((r) => csvCells(r, keys)), { record_delimiter: 'windows' })
        : page.responses.map((r) => JSON.stringify(r)).join('\n') + '\n';
    }
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
