import { describe, expect, test } from 'vitest';
import { AftercareError, createAftercare } from '../../sdk/index.ts';
import { attributeFor, readTag } from '../../widget/tag.ts';
import { deliveryOfTag } from '../../widget/tag-delivery.ts';
import { deliveryRecord } from '../../src/delivery-record.ts';
import { tagPolicy } from '../../widget/tag-policy.ts';
import { surveyKinds } from '../../widget/attrs.ts';

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

describe('readTag: timing attributes → options', () => {
  test('every timing attribute becomes its option, as a number', () => {
    const config = readTag(
      script({
        'data-endpoint': ENDPOINT,
        'data-sample-rate': '0.25',
        'data-cooldown-days': '14',
        'data-decline-cooldown-days': '0',
        'data-remind-after-hours': '6',
        'data-max-prompts': '3',
        'data-window-days': '2 10',
      }),
    );
    expect(config).toEqual({
      options: { endpoint: ENDPOINT, sampleRate: 0.25, cooldownDays: 14, declineCooldownDays: 0, remindAfterHours: 6, maxPrompts: 3, windowDays: [2, 10] },
    });
  });

  test('values are trimmed; blank ones count as missing', () => {
    const config = readTag(script({ 'data-endpoint': ENDPOINT, 'data-sample-rate': ' 0.5 ', 'data-max-prompts': '  ', 'data-window-days': '' }));
    expect(config.options).toEqual({ endpoint: ENDPOINT, sampleRate: 0.5 });
  });

  test.each([
    ['3 7', [3, 7]],
    ['3,7', [3, 7]],
    [' 1 ,  14 ', [1, 14]],
    ['0.5 2.5', [0.5, 2.5]],
  ])('data-window-days=%j → %j', (value, days) => {
    expect(readTag(script({ 'data-endpoint': ENDPOINT, 'data-window-days': value })).options.windowDays).toEqual(days);
  });

  test('the options read from a valid tag are accepted by createAftercare, with the policy they mean', () => {
    const { options } = readTag(
      script({ 'data-endpoint': ENDPOINT, 'data-sample-rate': '1', 'data-cooldown-days': '0', 'data-remind-after-hours': '0.5', 'data-window-days': '1 3' }),
    );
    const a = createAftercare({ ...options, autoSync: false, dbName: `tag-${Math.random()}` });
    try {
      expect(a.policy).toMatchObject({ sampleRate: 1, cooldownMs: 0, snoozeMs: 1_800_000, windowDays: [1, 3] });
    } finally {
      a.destroy();
    }
  });
});

/**
 * What the page's console shows for a tag (the way boot reports it): readTag only parses, createAftercare
 * validates the options, and attributeFor turns the option name back into the attribute.
 */
function reported(attrs: Record<string, string>): { option: string; line: string } {
  const { options } = readTag(script({ 'data-endpoint': ENDPOINT, ...attrs }));
  try {
    createAftercare({ ...options, autoSync: false, dbName: `tag-${Math.random()}` }).destroy();
  } catch (e) {
    expect(e).toBeInstanceOf(AftercareError);
    const err = e as AftercareError;
    return { option: err.field, line: `[aftercare] ${attributeFor(err.field)}: ${err.expected}` };
  }
  throw new Error('expected createAftercare to throw an AftercareError');
}

describe('timing attributes: a bad value is reported against the attribute', () => {
  test('data-sample-rate="abc": readTag passes the text on, createAftercare rejects it, the message names the attribute', () => {
    expect(readTag(script({ 'data-endpoint': ENDPOINT, 'data-sample-rate': 'abc' })).options).toEqual({ endpoint: ENDPOINT, sampleRate: 'abc' });
    expect(attributeFor('sampleRate')).toBe('data-sample-rate');
    expect(reported({ 'data-sample-rate': 'abc' })).toEqual({
      option: 'sampleRate',
      line: '[aftercare] data-sample-rate: expected a share from 0 to 1, such as 0.25, got "abc"',
    });
  });

  test.each<[Record<string, string>, string, string]>([
    [{ 'data-sample-rate': '1.5' }, 'sampleRate', '[aftercare] data-sample-rate: expected a share from 0 to 1, such as 0.25, got 1.5'],
    [{ 'data-sample-rate': '25%' }, 'sampleRate', '[aftercare] data-sample-rate: expected a share from 0 to 1, such as 0.25, got "25%"'],
    [{ 'data-sample-rate': 'Infinity' }, 'sampleRate', '[aftercare] data-sample-rate: expected a share from 0 to 1, such as 0.25, got "Infinity"'],
    [{ 'data-cooldown-days': '-1' }, 'cooldownDays', '[aftercare] data-cooldown-days: expected a number of days (0 for none), got -1'],
    [{ 'data-cooldown-days': 'a month' }, 'cooldownDays', '[aftercare] data-cooldown-days: expected a number of days (0 for none), got "a month"'],
    [{ 'data-decline-cooldown-days': 'x' }, 'declineCooldownDays', '[aftercare] data-decline-cooldown-days: expected a number of days (0 for none), got "x"'],
    [{ 'data-remind-after-hours': '0' }, 'remindAfterHours', '[aftercare] data-remind-after-hours: expected a number of hours above 0, got 0'],
    [{ 'data-remind-after-hours': '24h' }, 'remindAfterHours', '[aftercare] data-remind-after-hours: expected a number of hours, got "24h"'],
    [{ 'data-max-prompts': '0' }, 'maxPrompts', '[aftercare] data-max-prompts: expected an integer from 1 to 10, got 0'],
    [{ 'data-max-prompts': '2.5' }, 'maxPrompts', '[aftercare] data-max-prompts: expected an integer from 1 to 10, got 2.5'],
    [{ 'data-max-prompts': 'two' }, 'maxPrompts', '[aftercare] data-max-prompts: expected an integer from 1 to 10, got "two"'],
    [{ 'data-window-days': '7 3' }, 'windowDays', '[aftercare] data-window-days: expected the window to close after it opens, such as [3, 7], got [7,3]'],
    [{ 'data-window-days': 'three 7' }, 'windowDays.0', '[aftercare] data-window-days: expected a number of days, got "three"'],
    [{ 'data-window-days': '3 -7' }, 'windowDays.1', '[aftercare] data-window-days: expected a number of days, got -7'],
    [{ 'data-window-days': '3,' }, 'windowDays.1', '[aftercare] data-window-days: expected a number of days, got ""'],
  ])('%j → %s', (attrs, option, line) => {
    expect(reported(attrs)).toEqual({ option, line });
  });

  test('data-window-days with one number (or three) is rejected by readTag itself', () => {
    expectError({ 'data-endpoint': ENDPOINT, 'data-window-days': '3' }, 'data-window-days', 'expected two numbers of days such as "3 7", got "3"');
    expectError({ 'data-endpoint': ENDPOINT, 'data-window-days': '3 7 9' }, 'data-window-days', 'expected two numbers of days such as "3 7", got "3 7 9"');
  });
});

describe('readTag: presentation attributes → ui', () => {
  test('every presentation attribute lands in config.ui, theme attributes under ui.theme', () => {
    const config = readTag(
      script({
        'data-endpoint': ENDPOINT,
        'data-position': 'inline',
        'data-container': '#feedback',
        'data-csat-style': 'faces',
        'data-delay': '1500',
        'data-theme': 'dark',
        'data-brand-color': '#0a7',
        'data-background': '#fff',
        'data-text-color': 'rgb(20, 20, 20)',
        'data-radius': '12px',
        'data-font': 'Inter, sans-serif',
        'data-strings': '{"send": "Submit", "thanks": "Merci"}',
      }),
    );
    expect(config).toEqual({
      options: { endpoint: ENDPOINT },
      ui: {
        placement: 'inline',
        container: '#feedback',
        csatStyle: 'faces',
        delayMs: 1500,
        theme: { mode: 'dark', brand: '#0a7', background: '#fff', text: 'rgb(20, 20, 20)', radius: '12px', font: 'Inter, sans-serif' },
        strings: { send: 'Submit', thanks: 'Merci' },
      },
    });
  });

  test('one theme attribute alone gives a theme with that key only; no presentation attribute gives no ui', () => {
    expect(readTag(script({ 'data-endpoint': ENDPOINT, 'data-brand-color': 'teal' })).ui).toEqual({ theme: { brand: 'teal' } });
    expect(readTag(script({ 'data-endpoint': ENDPOINT, 'data-theme': ' ' })).ui).toBeUndefined();
  });

  test.each([
    ['0', 0],
    ['600000', 600_000],
    [' 250 ', 250],
  ])('data-delay=%j → %d ms', (value, ms) => {
    expect(readTag(script({ 'data-endpoint': ENDPOINT, 'data-delay': value })).ui).toEqual({ delayMs: ms });
  });

  test.each(['-1', '1.5', 'abc', '600001', '3s', 'NaN'])('data-delay=%j is rejected', (value) => {
    expectError({ 'data-endpoint': ENDPOINT, 'data-delay': value }, 'data-delay', `expected milliseconds from 0 to 600000, got "${value}"`);
  });

  test.each(['not json', '{"send": "Submit"', '["Submit"]', '"Submit"', 'null', '42'])('data-strings=%j is rejected', (value) => {
    expectError({ 'data-endpoint': ENDPOINT, 'data-strings': value }, 'data-strings', 'expected a JSON object of texts such as {"send": "Submit"}');
  });

  test('attribute text stays text: data-strings is parsed as JSON, never evaluated or rendered here', () => {
    const config = readTag(script({ 'data-endpoint': ENDPOINT, 'data-strings': '{"send": "<img src=x onerror=alert(1)>"}' }));
    expect(config.ui?.strings).toEqual({ send: '<img src=x onerror=alert(1)>' });
  });
});

describe('attributeFor', () => {
  test('maps the options a tag can set to their attributes', () => {
    expect(attributeFor('endpoint')).toBe('data-endpoint');
    expect(attributeFor('locale')).toBe('data-locale');
  });

  test.each([
    ['sampleRate', 'data-sample-rate'],
    ['cooldownDays', 'data-cooldown-days'],
    ['declineCooldownDays', 'data-decline-cooldown-days'],
    ['remindAfterHours', 'data-remind-after-hours'],
    ['maxPrompts', 'data-max-prompts'],
    ['windowDays', 'data-window-days'],
    ['windowDays.0', 'data-window-days'],
    ['windowDays.1', 'data-window-days'],
    ['theme.mode', 'data-theme'],
    ['theme.brand', 'data-brand-color'],
    ['theme.background', 'data-background'],
    ['theme.text', 'data-text-color'],
    ['theme.radius', 'data-radius'],
    ['theme.font', 'data-font'],
  ])('%s → %s', (option, attribute) => {
    expect(attributeFor(option)).toBe(attribute);
  });

  test('leaves other names alone', () => {
    expect(attributeFor('data-survey')).toBe('data-survey');
    expect(attributeFor('batchSize')).toBe('batchSize');
  });
});

describe('data-delivery-token (signed deliveries)', () => {
  const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcmRlci0xMDQyIn0.c2lnbmF0dXJl';
  const base = { 'data-endpoint': ENDPOINT, 'data-delivery-id': 'order-1042', 'data-delivered-at': AT };

  test('becomes the delivery\'s token, trimmed; blank counts as missing', () => {
    expect(readTag(script({ ...base, 'data-delivery-token': ` ${TOKEN}\n` })).delivery).toEqual({ id: 'order-1042', deliveredAt: AT, surveys: ['csat'], token: TOKEN });
    expect(readTag(script({ ...base, 'data-delivery-token': '  ' })).delivery).toEqual({ id: 'order-1042', deliveredAt: AT, surveys: ['csat'] });
  });

  test('4096 characters are accepted, 4097 are not', () => {
    expect(readTag(script({ ...base, 'data-delivery-token': 'x'.repeat(4096) })).delivery?.token).toHaveLength(4096);
    expectError({ ...base, 'data-delivery-token': 'x'.repeat(4097) }, 'data-delivery-token', 'expected at most 4096 characters');
  });

  test('without a delivery on the tag it is a mistake, not silently dropped', () => {
    expectError(
      { 'data-endpoint': ENDPOINT, 'data-delivery-token': TOKEN },
      'data-delivery-token',
      'expected data-delivery-id and data-delivered-at alongside it (a token signs a delivery)',
    );
  });
});

describe('the loader\'s view of the tag (deliveryOfTag, then deliveryRecord)', () => {
  const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcmRlci0xMDQyIn0.c2lnbmF0dXJl';
  const base = { 'data-endpoint': ENDPOINT, 'data-delivery-id': 'order-1042', 'data-delivered-at': AT, 'data-customer-id': 'c-7' };
  const NOW = Date.parse('2026-11-20T12:00:00Z');
  /** What the loader reads from a tag with `attrs` (it trims, and treats blank as missing, like readTag). */
  const seen = (attrs: Record<string, string>) => {
    const el = script(attrs);
    const attr = (name: string) => el.getAttribute(name)?.trim() || undefined;
    return deliveryOfTag(attr, surveyKinds(attr('data-survey')));
  };
  /** The record IndexedDB holds once a tag with `attrs` was recorded. */
  const held = (attrs: Record<string, string>) => deliveryRecord(undefined, seen(attrs)!, NOW);
  /** Recording the tag `attrs` over `stored` would change nothing (the loader then writes nothing). */
  const unchanged = (stored: ReturnType<typeof held>, attrs: Record<string, string>) => deliveryRecord(stored, seen(attrs)!, NOW + 1000) === stored;

  test('reads data-delivery-token as the delivery\'s token', () => {
    expect(seen({ ...base, 'data-delivery-token': TOKEN })).toMatchObject({ id: 'order-1042', customerId: 'c-7', token: TOKEN });
    expect(seen(base)).not.toHaveProperty('token');
  });

  test('a token without a delivery cannot be vouched for: null (the SDK reports it)', () => {
    expect(seen({ 'data-endpoint': ENDPOINT, 'data-delivery-token': TOKEN })).toBeNull();
    expect(seen({ 'data-endpoint': ENDPOINT })).toBeUndefined();
  });

  test('a changed or added token is a change to record; the same token, or none on the tag, is not', () => {
    const signed = held({ ...base, 'data-delivery-token': TOKEN });
    expect(unchanged(signed, { ...base, 'data-delivery-token': TOKEN })).toBe(true);
    expect(unchanged(signed, { ...base, 'data-delivery-token': `${TOKEN}x` })).toBe(false);
    expect(unchanged(held(base), { ...base, 'data-delivery-token': TOKEN })).toBe(false);
    // recordDelivery() without a token keeps the stored one: nothing to write.
    expect(unchanged(signed, base)).toBe(true);
  });

  test('the other fields still count', () => {
    const stored = held(base);
    expect(unchanged(stored, base)).toBe(true);
    expect(unchanged(stored, { ...base, 'data-customer-id': 'c-8' })).toBe(false);
    expect(unchanged(stored, { ...base, 'data-survey': 'csat nps' })).toBe(false);
    expect(unchanged(stored, { ...base, 'data-delivered-at': '2026-11-21T10:00:00Z' })).toBe(false);
  });

  test('the loader reads the delivery exactly as readTag does, or leaves it to the SDK (null) when readTag would refuse it', () => {
    const cases: Array<Record<string, string>> = [
      base,
      { ...base, 'data-survey': 'nps csat' },
      { ...base, 'data-delivery-token': TOKEN },
      { ...base, 'data-delivered-at': '2026-11-20T10:00:00+05:30' },
      { ...base, 'data-delivered-at': '2026-11-20T10:00:00.123-08:00' },
      { ...base, 'data-delivered-at': '2024-02-29T10:00:00Z' },
      { ...base, 'data-delivered-at': '2000-02-29T00:00:00Z' },
      { ...base, 'data-delivered-at': '  2026-11-20T10:00:00Z  ' },
      { ...base, 'data-customer-id': '   ' },
      ...['2026-02-29T10:00:00Z', '1900-02-29T10:00:00Z', '2026-02-30T10:00:00Z', '2026-04-31T10:00:00Z', '2026-11-20T24:00:00Z', '2026-11-20T10:00Z',
        '2026-11-20T10:00:00', '2026-11-20', '2026-11-20 10:00:00Z', '2026-13-01T10:00:00Z', '2026-11-20T10:00:60Z', '2026-11-20T10:00:00+24:00',
        '2026-11-20T10:00:00+0530', '2026-00-10T10:00:00Z', '2026-11-00T10:00:00Z', '2026-11-20T10:60:00Z', '0000-02-29T00:00:00Z', '9999-12-31T23:59:59.999+23:59', '2026-11-20T10:00:00+05:60', '2026-11-20T10:00:00-99:00', '2026-11-20T10:00:00.Z', 'Fri, 20 Nov 2026 10:00:00 GMT', '20261120T100000Z', '+002026-11-20T10:00:00Z'].map((d) => ({ ...base, 'data-delivered-at': d })),
      { ...base, 'data-delivery-id': 'x'.repeat(200) },
      { ...base, 'data-delivery-id': 'x'.repeat(201) },
      { ...base, 'data-customer-id': 'c'.repeat(201) },
      { ...base, 'data-delivery-token': 't'.repeat(4096) },
      { ...base, 'data-delivery-token': 't'.repeat(4097) },
      { 'data-endpoint': ENDPOINT, 'data-delivered-at': AT },
      { 'data-endpoint': ENDPOINT, 'data-delivery-id': 'o' },
    ];
    for (const attrs of cases) {
      let sdk: unknown;
      try {
        sdk = readTag(script(attrs)).delivery ?? undefined;
      } catch {
        sdk = null;
      }
      expect(seen(attrs), JSON.stringify(attrs)).toEqual(sdk);
    }
  });
});

describe('the loader\'s view of the timing attributes (tagPolicy)', () => {
  /** The policy the SDK makes of a tag with `attrs`, or null when it refuses the tag. */
  const sdkPolicy = (attrs: Record<string, string>) => {
    try {
      return createAftercare({ ...readTag(script({ 'data-endpoint': ENDPOINT, ...attrs })).options, autoSync: false }).policy;
    } catch (e) {
      expect(e).toBeInstanceOf(AftercareError);
      return null;
    }
  };
  const loaderPolicy = (attrs: Record<string, string>) => {
    const el = script(attrs);
    return tagPolicy((name) => el.getAttribute(name)?.trim() || undefined) ?? null;
  };

  test('vouches for a policy exactly when the SDK accepts it, and reads the same one', () => {
    const values: Record<string, string[]> = {
      'data-sample-rate': ['0', '0.25', '1', '1.01', '-0.1', 'Infinity', 'abc', ' 0.5 '],
      'data-max-prompts': ['1', '2', '10', '0', '11', '1.5', 'Infinity', 'x'],
      'data-remind-after-hours': ['24', '0.5', '0', '-1', 'Infinity', 'soon'],
      'data-cooldown-days': ['0', '30', '-1', 'Infinity', '1e3'],
      'data-decline-cooldown-days': ['0', '7', '-7', 'Infinity', 'never'],
      'data-window-days': ['3 7', '0,1', '3', '3 7 9', '7 3', '3 3', '-1 7', '3 Infinity', '3 x', ',3 7', '2.5 6.5'],
    };
    const cases: Array<Record<string, string>> = [{}];
    for (const [name, vs] of Object.entries(values)) for (const v of vs) cases.push({ [name]: v });
    cases.push({ 'data-sample-rate': '0.5', 'data-window-days': '1 2', 'data-max-prompts': '3' });
    for (const attrs of cases) expect(loaderPolicy(attrs), JSON.stringify(attrs)).toEqual(sdkPolicy(attrs));
  });
});
