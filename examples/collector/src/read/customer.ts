// Access and copies (GDPR Art. 15 and 20, PIPL Art. 45): everything the collector holds about one
// customer — responses, displays, cases with their history, deliveries with their invitations — as JSON, or as one CSV of records.
import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import { metaText } from '../store/derived.ts';
import type { Database } from '../store/schema.ts';
import { caseOf, fromDisplayRow, fromRow, historyOf, notesOf } from '../store/shapes.ts';
import { deliveryOut, invitationOut } from './deliveries.ts';
import { neutralise } from './export.ts';

export async function customerData(db: Kysely<Database>, customerId: string, now: number) {
  const responses = (await db.selectFrom('responses').selectAll().where('customer_id', '=', customerId).orderBy('answered_at').orderBy('id').execute()).map(fromRow);
  const displays = (await db.selectFrom('displays').selectAll().where('customer_id', '=', customerId).orderBy('shown_at').orderBy('id').execute()).map(fromDisplayRow);
  const caseRows = await db.selectFrom('cases').selectAll().where('customer_id', '=', customerId).orderBy('opened_ms').orderBy('id').execute();
  const history = caseRows.length
    ? await db.selectFrom('case_history').selectAll().where('case_id', 'in', caseRows.map((c) => c.id)).orderBy('at_ms').orderBy('id').execute()
    : [];
  const cases = caseRows.map((c) => {
    const own = history.filter((h) => h.case_id === c.id);
    return { ...caseOf(c, notesOf(own), now), history: own.map(historyOf) };
  });
  const deliveryRows = await db.selectFrom('deliveries').selectAll().where('customer_id', '=', customerId).orderBy('delivered_ms').orderBy('id').execute();
  const invitationRows = deliveryRows.length
    ? await db.selectFrom('invitations').selectAll().where('delivery_id', 'in', deliveryRows.map((d) => d.id)).orderBy('due_ms').orderBy('id').execute()
    : [];
  const deliveries = deliveryRows.map((d) => ({
    ...withoutUnsubscribed(deliveryOut(d, false)),
    invitations: invitationRows.filter((i) => i.delivery_id === d.id).map((i) => ({ ...invitationOut(i), to: i.to_address })),
  }));
  return { customerId, exportedAt: new Date(now).toISOString(), responses, displays, cases, deliveries };
}
export type CustomerData = Awaited<ReturnType<typeof customerData>>;

/** An unsubscribe is kept as a salted hash, which names nobody: the copy has nothing to say about it. */
const withoutUnsubscribed = ({ unsubscribed: _, ...d }: ReturnType<typeof deliveryOut>) => d;

const COLUMNS = ['kind', 'id', 'deliveryId', 'at', 'csat', 'nps', 'comment', 'complete', 'locale', 'outcome', 'status', 'owner', 'notes', 'meta', 'wave', 'reasons', 'contact'];

/** The same as one CSV: a row per record (`kind`: response, display or case), UTF-8 with a BOM, RFC 4180. */
export function customerCsv(d: CustomerData): string {
  const t = (v: string | null | undefined) => (v == null ? '' : neutralise(v));
  const rows: Array<Array<string | number>> = [
    ...d.responses.map((r) => ['response', t(r.id), t(r.deliveryId), r.answeredAt, r.csat ?? '', r.nps ?? '', t(r.comment), String(r.complete), t(r.locale), '', '', '', '', t(metaText(r.meta)), r.wave, r.reasons.length ? t(JSON.stringify(r.reasons)) : '', '']),
    ...d.displays.map((x) => ['display', t(x.id), t(x.deliveryId), x.shownAt, '', '', '', '', t(x.locale), x.outcome, '', '', '', '', x.wave, '', '']),
    ...d.deliveries.flatMap((x) => [
      ['delivery', t(x.id), t(x.id), x.deliveredAt, '', '', '', '', t(x.locale), '', '', '', '', t(x.meta ? JSON.stringify(x.meta) : ''), '', '', t([x.email, x.phone].filter(Boolean).join(' '))],
      ...x.invitations.map((i) => ['invitation', t(i.id), t(x.id), i.sentAt ?? i.dueAt ?? '', '', '', t(i.reason), '', '', t(i.kind), i.status, '', '', '', i.wave, '', t(i.to)]),
    ]),
    ...d.cases.map((c) => [
      'case', t(c.id), t(c.deliveryId), c.openedAt, c.csat ?? '', c.nps ?? '', t(c.comment), '', '', '', c.status, t(c.owner),
      t(c.notes.map((n) => `${n.at} ${n.author}: ${n.text}`).join('\n')), t(metaText(c.meta)), '', '', '',
    ]),
  ];
  return '\uFEFF' + stringify([COLUMNS, ...rows], { record_delimiter: 'windows' });
}

export const recordCount = (d: CustomerData) => d.responses.length + d.displays.length + d.cases.length + d.deliveries.length;
