// Deliveries: what the merchant's server (POST /v1/deliveries, JSON) or a merchant without one (the
// dashboard's CSV upload) tells the collector, validated record by record: a bad field is named by its
// path (`deliveries.3.email`, or the CSV row and column) and the good records are kept.
import { parse } from 'csv-parse/sync';
import { describeIssue, MetaSchema } from 'aftercare/schema';
import * as z from 'zod/mini';
import { validTimeZone } from '../store/plan.ts';
import { CLOCK_SKEW_MS, EARLIEST, wellFormed } from './ingest.ts';

/** The most deliveries one request may carry (a CSV file: data rows). */
export const MAX_DELIVERIES = 1_000;

const text = (max: number, what: string) => z.string(`expected ${what}`).check(z.minLength(1, `expected ${what}`), z.maxLength(max, `expected at most ${max} characters`));
const days = (what: string, min: number) =>
  z.int(`expected ${what}: a whole number of days from ${min} to 3650`).check(z.gte(min, `expected ${what}: a whole number of days from ${min} to 3650`), z.lte(3650, `expected ${what}: a whole number of days from ${min} to 3650`));

/** One delivery as posted. */
export const DeliverySchema = z.object({
  id: text(200, 'a delivery id of 1–200 characters'),
  deliveredAt: z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z' }),
  customerId: z.optional(text(200, 'a customer id of 1–200 characters')),
  email: z.optional(z.email('expected an e-mail address such as ana@example.com').check(z.maxLength(254, 'expected at most 254 characters'))),
  phone: z.optional(z.string('expected a phone number').check(z.regex(/^\+[1-9]\d{6,14}$/, 'expected a phone number in E.164 form, such as +4930123456'))),
  locale: z.optional(z.string('expected a BCP 47 language tag').check(z.regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,4}$/, 'expected a BCP 47 language tag such as "en" or "zh-CN"'))),
  timeZone: z.optional(z.string('expected an IANA time zone').check(z.refine((tz) => tz.length <= 64 && validTimeZone(tz), 'expected an IANA time zone such as Europe/Berlin or Asia/Shanghai'))),
  survey: z.optional(z.enum(['csat', 'nps', 'both'], 'expected "csat", "nps" or "both"')),
  resurvey: z.optional(
    z
      .object({ everyDays: days('everyDays', 7), untilDays: days('untilDays', 8) }, 'expected { everyDays, untilDays } such as { everyDays: 90, untilDays: 720 }')
      .check(z.refine((p) => p.untilDays > p.everyDays, { message: 'expected untilDays after everyDays', path: ['untilDays'] })),
  ),
  meta: z.optional(MetaSchema),
});
export type DeliveryIn = z.infer<typeof DeliverySchema>;

export interface DeliveryRejected {
  index: number;
  /** The CSV line the record came from (the header is line 1). */
  row?: number;
  error: string;
}

/**
 * Checks a JSON body `{ deliveries: [...] }`: the good ones (with their indexes) and one error per bad
 * one, or a whole-body error when the body is not such an object.
 */
export function checkDeliveries(json: unknown, now: number): { error: string } | { good: Array<{ index: number; d: DeliveryIn }>; rejected: DeliveryRejected[] } {
  const list = (json as { deliveries?: unknown })?.deliveries;
  if (!json || typeof json !== 'object' || !Array.isArray(list)) return { error: 'deliveries: expected {"deliveries": [...]} with 1 to 1000 deliveries' };
  if (!list.length || list.length > MAX_DELIVERIES) return { error: `deliveries: expected 1 to ${MAX_DELIVERIES} deliveries, got ${list.length}; split the import` };
  const good: Array<{ index: number; d: DeliveryIn }> = [];
  const rejected: DeliveryRejected[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of list.entries()) {
    const r = DeliverySchema.safeParse(raw);
    if (!r.success) {
      rejected.push({ index, error: describeIssue(r.error.issues[0]!, `deliveries.${index}`) });
      continue;
    }
    const t = Date.parse(r.data.deliveredAt);
    if (!(t >= EARLIEST && t <= now + CLOCK_SKEW_MS)) {
      rejected.push({ index, error: `deliveries.${index}.deliveredAt: expected a time from 2000-01-01T00:00:00Z to the collector's clock plus 5 minutes (${new Date(now + CLOCK_SKEW_MS).toISOString()}); got "${r.data.deliveredAt}"` });
      continue;
    }
    if (seen.has(r.data.id)) {
      rejected.push({ index, error: `deliveries.${index}.id: another delivery of this request has this id` });
      continue;
    }
    seen.add(r.data.id);
    good.push({ index, d: wellFormed(r.data) });
  }
  return { good, rejected };
}

/** CSV columns → the JSON fields (meta.KEY columns become meta). */
const COLUMNS = ['id', 'deliveredAt', 'customerId', 'email', 'phone', 'locale', 'timeZone', 'survey', 'resurveyEveryDays', 'resurveyUntilDays'] as const;

/**
 * A CSV file (header row; the columns above and any `meta.KEY`) as the JSON body, with each record's
 * line number. Empty cells are absent fields; numbers in resurvey columns are read as numbers, meta
 * values stay text. Parsed with csv-parse (quoted fields, embedded newlines, a BOM).
 */
export function csvDeliveries(text: string): { error: string } | { body: { deliveries: unknown[] }; rows: number[] } {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, info: false }) as string[][];
  } catch (e) {
    return { error: `csv: ${(e as Error).message}` };
  }
  const [header, ...data] = records;
  if (!header) return { error: 'csv: expected a header row such as id,deliveredAt,email,locale' };
  const names = header.map((h) => h.trim());
  const unknown = names.find((n) => !(COLUMNS as readonly string[]).includes(n) && !/^meta\.[^\s]{1,64}$/.test(n));
  if (unknown !== undefined) return { error: `csv: unknown column "${unknown}"; expected ${COLUMNS.join(', ')} or meta.KEY` };
  if (!names.includes('id') || !names.includes('deliveredAt')) return { error: 'csv: expected the columns id and deliveredAt' };
  if (data.length > MAX_DELIVERIES) return { error: `deliveries: expected 1 to ${MAX_DELIVERIES} rows, got ${data.length}; split the file` };
  // Line numbers: csv-parse's record info would count quoted newlines; the dashboard shows rows as
  // the n-th data record + 1 (the header), which is what a spreadsheet shows too.
  const rows = data.map((_, i) => i + 2);
  const deliveries = data.map((cells) => {
    const o: Record<string, unknown> = {};
    const meta: Record<string, string> = {};
    names.forEach((name, i) => {
      const v = (cells[i] ?? '').trim();
      if (v === '') return;
      if (name.startsWith('meta.')) meta[name.slice(5)] = v;
      else if (name === 'resurveyEveryDays' || name === 'resurveyUntilDays') {
        const plan = (o.resurvey ??= {}) as Record<string, unknown>;
        plan[name === 'resurveyEveryDays' ? 'everyDays' : 'untilDays'] = /^\d+$/.test(v) ? Number(v) : v;
      } else o[name] = v;
    });
    if (Object.keys(meta).length) o.meta = meta;
    return o;
  });
  return { body: { deliveries }, rows };
}

/** A CSV error's field path (`deliveries.3.resurvey.everyDays: …`) in the file's terms: `resurveyEveryDays: …`. */
export function csvError(error: string): string {
  return error
    .replace(/^deliveries\.\d+(?:\.|: )?/, '')
    .replace(/^resurvey\.everyDays/, 'resurveyEveryDays')
    .replace(/^resurvey\.untilDays/, 'resurveyUntilDays')
    .replace(/^resurvey:/, 'resurveyEveryDays, resurveyUntilDays:');
}
