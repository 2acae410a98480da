// The terms side table (migration 012): one row per response and term of its comment, written at
// write time like the reasons (store/derived.ts), so the themes read index ranges and never segment
// text at read time.
import type { Insertable, Kysely } from 'kysely';
import { quarterOf, replaceRows, type ReasonSource } from './derived.ts';
import type { Database } from './schema.ts';
import { termsOf } from './terms.ts';

export interface TermSource extends Omit<ReasonSource, 'reasons'> {
  comment: string | null;
  locale: string;
  customer_id: string | null;
  delivery_id: string;
}

/** Who named a term: the customer, else the delivery (`d:` keeps the two apart); the "≥ 5 different customers" rule counts these. */
export const whoOf = (r: { customer_id: string | null; delivery_id: string }) => r.customer_id ?? `d:${r.delivery_id}`;

/** The side table's rows of one stored response: none without a comment. */
export function termRows(r: TermSource): Insertable<Database['response_terms']>[] {
  const terms = termsOf(r.comment, r.locale);
  if (!terms.length) return [];
  const ms = Number(r.answered_ms ?? 0);
  const side = { answered_ms: ms, answered_q: quarterOf(ms), csat: r.csat, nps: r.nps, complete: Number(r.complete), wave: Number(r.wave ?? 0), channel: r.channel ?? null, who: whoOf(r) };
  return terms.map((term) => ({ response_id: r.id, term, ...side }));
}

/**
 * Rewrites the terms side table for these responses as they are now stored: a revision's terms
 * replace the last ones (its comment, scores, wave or channel may have changed), and the caller passes
 * only rows the upsert changed, so an older revision never gets here. A row just inserted has nothing
 * to delete (see replaceRows). Run in the transaction that stored them.
 */
export async function writeTerms(db: Kysely<Database>, rows: TermSource[]): Promise<void> {
  if (!rows.length) return;
  await replaceRows(db, 'response_terms', rows, rows.flatMap(termRows));
}
