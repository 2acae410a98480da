import { describe, expect, test } from 'vitest';
import { AftercareError } from '../../sdk/index.ts';
import { attributeFor, readTag } from '../../widget/tag.ts';

const ENDPOINT = 'https://feedback.example.com/v1/responses';
const AT = '2026-11-20T10:00:00Z';

/** A `<script>` element carrying `attrs`, as the merchant's page would have it. */
function script(attrs: Record<string, string>): HTMLScriptElement {
  const el = document.createElement('script');
  el.src = 'https://cdn.example.com/aftercare.js';
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  return el;
}

/** The AftercareError `readTag` throws for these attributes (fails the test if it throws nothing or something else). */
function tagError(attrs: Record<string, string> | null): AftercareError {
  try {
    readTag(attrs && script(attrs));
  } catch (e) {
    expect(e).toBeInstanceOf(AftercareError);
    return e as AftercareError;
  }
  throw new Error('expected readTag to throw an AftercareError');
}

const expectError = (attrs: Record<string, string> | null, field: string, expected: string) => {
  const err = tagError(attrs);
  expect(err.field).toBe(field);
  expect(err.expected).toBe(expected);
  expect(err.message).toBe(`[aftercare] ${field}: ${expected}`);
};

describe('readTag: valid tags', () => {
  test('only data-endpoint → options, no delivery', () => {
    const config = readTag(script({ 'data-endpoint': ENDPOINT }));
    expect(config).toEqual({ options: { endpoint: ENDPOINT } });
    expect(config.delivery).toBeUndefined();
    expect(config.subject).toBeUndefined();
  });

  test('a relative endpoint is passed on as written (createAftercare resolves it)', () => {
    expect(readTag(script({ 'data-endpoint': '/v1/responses' })).options).toEqual({ endpoint: '/v1/responses' });
  });

  test('the full tag → options, delivery and subject', () => {
    const config = readTag(
      script({
        'data-endpoint': ENDPOINT,
        'data-delivery-id': 'order-1042',
        'data-delivered-at': AT,
        'data-survey': 'csat nps',
        'data-customer-id': 'cust-77',
        'data-locale': 'de',
        'data-subject': 'your order #1042',
      }),
    );
    expect(config).toEqual({
      options: { endpoint: ENDPOINT, locale: 'de' },
      delivery: { id: 'order-1042', deliveredAt: AT, customerId: 'cust-77', surveys: ['csat', 'nps'] },
      subject: 'your order #1042',
    });
  });

  test('a delivery with an offset date-time', () => {
    const config = readTag(script({ 'data-endpoint': ENDPOINT, 'data-delivery-id': 'o-1', 'data-delivered-at': '2026-11-20T12:00:00+02:00' }));
    expect(config.delivery?.deliveredAt).toBe('2026-11-20T12:00:00+02:00');
  });

  test('data-survey="nps csat" still asks CSAT first', () => {
    const config = readTag(script({ 'data-endpoint': ENDPOINT, 'data-delivery-id': 'o-1', 'data-delivered-at': AT, 'data-survey': 'nps csat' }));
    expect(config.delivery?.surveys).toEqual(['csat', 'nps']);
  });

  test.each([
    ['csat', ['csat']],
    ['nps', ['nps']],
    ['NPS, CSAT', ['csat', 'nps']],
    ['csat,nps', ['csat', 'nps']],
    ['  csat   csat ', ['csat']],
  ])('data-survey=%j → %j', (survey, surveys) => {
    const config = readTag(script({ 'data-endpoint': ENDPOINT, 'data-delivery-id': 'o-1', 'data-delivered-at': AT, 'data-survey': survey }));
    expect(config.delivery?.surveys).toEqual(surveys);
  });

  test('the survey defaults to csat (attribute missing or blank)', () => {
    const base = { 'data-endpoint': ENDPOINT, 'data-delivery-id': 'o-1', 'data-delivered-at': AT };
    expect(readTag(script(base)).delivery?.surveys).toEqual(['csat']);
    expect(readTag(script({ ...base, 'data-survey': '  ' })).delivery?.surveys).toEqual(['csat']);
  });

  test('values are trimmed and blank attributes count as missing', () => {
    const config = readTag(
      script({
        'data-endpoint': `  ${ENDPOINT}\n`,
        'data-delivery-id': ' order-1 ',
        'data-delivered-at': ` ${AT} `,
        'data-customer-id': ' ',
        'data-locale': '',
        'data-subject': ' ',
      }),
    );
    expect(config).toEqual({ options: { endpoint: ENDPOINT }, delivery: { id: 'order-1', deliveredAt: AT, surveys: ['csat'] } });
  });
});

describe('readTag: errors name the attribute', () => {
  const ENDPOINT_HINT = 'expected the collector URL, e.g. data-endpoint="https://feedback.example.com/v1/responses"';

  test('no data-endpoint', () => {
    expectError({}, 'data-endpoint', ENDPOINT_HINT);
    expectError({ 'data-endpoint': '   ' }, 'data-endpoint', ENDPOINT_HINT);
    expectError({ 'data-delivery-id': 'o-1', 'data-delivered-at': AT }, 'data-endpoint', ENDPOINT_HINT);
  });

  test('data-survey="stars"', () => {
    const err = tagError({ 'data-endpoint': ENDPOINT, 'data-survey': 'stars' });
    expect(err.message).toBe('[aftercare] data-survey: expected "csat", "nps" or "csat nps", got "stars"');
    expect(err.field).toBe('data-survey');
  });

  test('one unknown survey among known ones', () => {
    expectError({ 'data-endpoint': ENDPOINT, 'data-survey': 'csat stars' }, 'data-survey', 'expected "csat", "nps" or "csat nps", got "csat stars"');
  });

  test('a data-survey of separators only, with a delivery', () => {
    expectError(
      { 'data-endpoint': ENDPOINT, 'data-delivery-id': 'o-1', 'data-delivered-at': AT, 'data-survey': ',' },
      'data-survey',
      'expected at least one of "csat", "nps"',
    );
  });

  test('data-delivered-at="yesterday"', () => {
    expectError(
      { 'data-endpoint': ENDPOINT, 'data-delivery-id': 'o-1', 'data-delivered-at': 'yesterday' },
      'data-delivered-at',
      'expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z',
    );
  });

  test('a delivery id without a date', () => {
    expectError(
      { 'data-endpoint': ENDPOINT, 'data-delivery-id': 'o-1' },
      'data-delivered-at',
      'expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z alongside data-delivery-id',
    );
  });

  test('a date without a delivery id', () => {
    expectError({ 'data-endpoint': ENDPOINT, 'data-delivered-at': AT }, 'data-delivery-id', 'expected a delivery id alongside data-delivered-at');
  });

  test('a delivery id or customer id over 200 characters', () => {
    const base = { 'data-endpoint': ENDPOINT, 'data-delivered-at': AT };
    expectError({ ...base, 'data-delivery-id': 'x'.repeat(201) }, 'data-delivery-id', 'expected at most 200 characters');
    expectError({ ...base, 'data-delivery-id': 'o-1', 'data-customer-id': 'x'.repeat(201) }, 'data-customer-id', 'expected at most 200 characters');
  });

  test('no element (document.currentScript was null)', () => {
    expectError(null, 'script', 'load aftercare.js with a <script src> tag (document.currentScript was empty)');
  });
});

describe('attributeFor', () => {
  test('maps the options a tag can set to their attributes', () => {
    expect(attributeFor('endpoint')).toBe('data-endpoint');
    expect(attributeFor('locale')).toBe('data-locale');
  });

  test('leaves other names alone', () => {
    expect(attributeFor('data-survey')).toBe('data-survey');
    expect(attributeFor('batchSize')).toBe('batchSize');
  });
});
