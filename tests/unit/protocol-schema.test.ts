// The published JSON Schema of wire protocol v1 (dist/protocol-v1.schema.json, written by `npm run build`),
// compiled with Ajv as a collector in another language would use it, and held to the zod schemas' verdicts.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { protocolJsonSchema, PROTOCOL_SCHEMA_ID } from '../../src/protocol-schema.ts';
import { BatchSchema, checkDisplay, checkResponse } from '../../src/schema.ts';

const FILE = 'dist/protocol-v1.schema.json';
const published = (): Record<string, unknown> => JSON.parse(readFileSync(FILE, 'utf8'));

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcmRlci0xMDQyIn0.c2lnbmF0dXJl';
const response = (over: Record<string, unknown> = {}) => ({
  id: '3f1c2b7e-8a4d-4c1e-9f2a-1b2c3d4e5f60',
  revision: 1,
  deliveryId: 'order-1042',
  deliveredAt: '2026-11-20T10:00:00Z',
  answeredAt: '2026-11-23T12:30:00.120Z',
  csat: 4,
  complete: true,
  locale: 'en',
  ...over,
});
const display = (over: Record<string, unknown> = {}) => ({
  id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  deliveryId: 'order-1042',
  shownAt: '2026-11-23T12:29:00Z',
  endedAt: '2026-11-23T12:30:00+01:00',
  outcome: 'answered',
  locale: 'en',
  ...over,
});
const without = (r: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== key));

/**
 * Ajv with its default strict mode, its warnings (`strictTypes`) collected so a sloppy schema fails the
 * test rather than only logging. ajv-formats is not installed: formats are not checked, but the patterns
 * zod writes beside them (UUID, date-time with offset) are.
 */
function compile(schema: Record<string, unknown>) {
  const warnings: unknown[] = [];
  const collect = (...a: unknown[]) => void warnings.push(a);
  const ajv = new Ajv2020({ validateFormats: false, allErrors: true, logger: { log: () => undefined, warn: collect, error: collect } });
  expect(ajv.validateSchema(schema), JSON.stringify(ajv.errors)).toBe(true);
  const validate = ajv.compile(schema);
  expect(warnings).toEqual([]);
  return validate;
}

/** What the zod schemas say of a body: the batch, then each record (as a collector checks them). */
const zodAccepts = (body: unknown) => {
  const b = BatchSchema.safeParse(body);
  if (!b.success) return false;
  return (b.data.responses ?? []).every((r) => checkResponse(r).success) && (b.data.displays ?? []).every((x) => checkDisplay(x).success);
};

const VALID: Array<[string, unknown]> = [
  ['responses only', { responses: [response()] }],
  ['a response with deliveryToken', { responses: [response({ deliveryToken: TOKEN })] }],
  ['every optional response field', { responses: [response({ nps: 9, comment: 'tidy', customerId: 'c-77', meta: { store: 'Berlin', n: 2, ok: true, none: null }, origin: 'https://shop.example', path: '/orders', deliveryToken: TOKEN })] }],
  ['NPS alone', { responses: [response({ csat: undefined, nps: 0 })] }],
  ['displays only', { displays: [display()] }],
  ['a display with deliveryToken', { displays: [display({ deliveryToken: TOKEN, responseId: '3f1c2b7e-8a4d-4c1e-9f2a-1b2c3d4e5f60' })] }],
  ['a dismissal with later', { displays: [display({ outcome: 'dismissed', later: true })] }],
  ['both lists', { responses: [response()], displays: [display({ outcome: 'expired' })] }],
  ['an empty list beside a full one', { responses: [], displays: [display()] }],
  ['unknown fields, at the top and in records (collectors ignore them)', { v: 2, responses: [response({ rating: 'great' })], displays: [display({ seconds: 40 })] }],
  ['1000 responses', { responses: Array.from({ length: 1000 }, () => response()) }],
  ['a channel on a response and a display', { responses: [response({ channel: 'email' })], displays: [display({ channel: 'kiosk_2' })] }],
  ['20 meta keys, wave and revision 2^31 − 1', { responses: [response({ revision: 2 ** 31 - 1, wave: 2 ** 31 - 1, meta: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])) })] }],
];

const INVALID: Array<[string, unknown]> = [
  ['csat 9', { responses: [response({ csat: 9 })] }],
  ['a response without an id', { responses: [without(response(), 'id')] }],
  ['a display without an id', { displays: [without(display(), 'id')] }],
  ['a response without a score', { responses: [without(response(), 'csat')] }],
  ['nps 11', { responses: [response({ csat: undefined, nps: 11 })] }],
  ['revision 0', { responses: [response({ revision: 0 })] }],
  ['revision 2^31 (past what both stores hold)', { responses: [response({ revision: 2 ** 31 })] }],
  ['wave 1e15', { displays: [display({ wave: 1e15 })] }],
  ['channel "Email"', { responses: [response({ channel: 'Email' })] }],
  ['a 21-character channel', { displays: [display({ channel: 'x'.repeat(21) })] }],
  ['channel 5', { displays: [display({ channel: 5 })] }],
  ['21 meta keys', { responses: [response({ meta: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) })] }],
  ['an id that is no UUID', { responses: [response({ id: 'order-1042' })] }],
  ['a date-time without offset', { responses: [response({ answeredAt: '2026-11-23T12:30:00' })] }],
  ['an unknown outcome', { displays: [display({ outcome: 'closed' })] }],
  ['an empty deliveryToken', { responses: [response({ deliveryToken: '' })] }],
  ['a 4097-character deliveryToken', { displays: [display({ deliveryToken: 'x'.repeat(4097) })] }],
  ['a numeric deliveryToken', { responses: [response({ deliveryToken: 42 })] }],
  ['not an object: null', null],
  ['not an object: an array', [response()]],
  ['not an object: a string', 'responses'],
  ['no records: {}', {}],
  ['no records: empty lists', { responses: [], displays: [] }],
  ['responses that are not an array', { responses: response() }],
  ['a record that is not an object', { responses: ['x'] }],
  ['1001 displays', { displays: Array.from({ length: 1001 }, () => display()) }],
];

describe('dist/protocol-v1.schema.json', () => {
  test('is what src/protocol-schema.ts generates (run npm run build after changing a schema)', () => {
    expect(published()).toEqual(protocolJsonSchema());
  });

  test('is a draft 2020-12 schema with an $id and a title, Ajv compiles it without a warning', () => {
    const doc = published();
    expect(doc).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: PROTOCOL_SCHEMA_ID, title: expect.stringContaining('protocol v1') });
    compile(doc);
  });

  test('describes the batch: responses and displays of Response and Display items, at most 1000 each, unknown fields allowed', () => {
    const doc = published() as { properties: Record<string, unknown>; $defs: Record<string, { properties: Record<string, unknown>; required: string[]; additionalProperties?: unknown }>; additionalProperties?: unknown };
    expect(doc.properties).toEqual({
      responses: { type: 'array', maxItems: 1000, items: { $ref: '#/$defs/Response' } },
      displays: { type: 'array', maxItems: 1000, items: { $ref: '#/$defs/Display' } },
    });
    expect(doc.additionalProperties).not.toBe(false);
    expect(Object.keys(doc.$defs).sort()).toEqual(['Display', 'Response']);
    expect(doc.$defs.Response!.required.sort()).toEqual(['answeredAt', 'complete', 'deliveredAt', 'deliveryId', 'id', 'locale', 'revision']);
    expect(doc.$defs.Display!.required.sort()).toEqual(['deliveryId', 'endedAt', 'id', 'locale', 'outcome', 'shownAt']);
    for (const def of Object.values(doc.$defs)) {
      expect(def.additionalProperties).toBeUndefined();
      expect(def.properties.deliveryToken).toMatchObject({ type: 'string', minLength: 1, maxLength: 4096 });
      expect(def.properties.channel).toEqual({ type: 'string', pattern: '^[a-z0-9_-]{1,20}$', description: expect.stringContaining('web (also when absent), email') });
    }
  });

  test.each(VALID)('accepts %s, as the zod schemas do', (_, body) => {
    const validate = compile(published());
    expect(validate(body), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(zodAccepts(body)).toBe(true);
  });

  test.each(INVALID)('rejects %s, as the zod schemas do', (_, body) => {
    expect(compile(published())(body)).toBe(false);
    expect(zodAccepts(body)).toBe(false);
  });

  test('an error points at the field, like the collector would', () => {
    const validate = compile(published());
    validate({ responses: [response(), response({ csat: 9 })] });
    expect(validate.errors).toContainEqual(expect.objectContaining({ instancePath: '/responses/1/csat', keyword: 'maximum' }));
  });
});
