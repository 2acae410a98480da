// The `term=` read filter (issue 27): answers whose comment names a term, read from the response_terms
// side table that store/terms.ts fills at write time (one row per response and distinct term).
import { sql, type RawBuilder } from 'kysely';

/** The longest term: two words of at most 40 characters (store/terms.ts) and the space between. */
export const MAX_TERM = 81;

/**
 * A term as store/terms.ts writes it: NFKC, lower case, the typographic apostrophe as `'`, and one
 * space between the two words of a phrase, so `term=Late%20%20Again` finds the phrase "late again".
 * @example normTerm('  ＬＡＴＥ   Again ') // 'late again'
 */
export const normTerm = (raw: string) => raw.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02bc]/g, "'").trim().replace(/\s+/gu, ' ');

/** The response whose id is in `idColumn` names `term`: one probe of the side table's primary key. */
export const termNamed = (idColumn: string, term: string): RawBuilder<boolean> =>
  sql<boolean>`exists (select 1 from response_terms ft where ft.response_id = ${sql.ref(idColumn)} and ft.term = ${term})`;
