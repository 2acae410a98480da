import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  BatchSchema,
  ChannelSchema,
  checkDisplay,
  checkResponse,
  DeliveryInputSchema,
  DeliveryTokenSchema,
  describeIssue,
  DisplaySchema,
  fieldOf,
  OutcomeSchema,
  ResponseSchema,
  type Channel,
  type DeliveryInput,
  type DeliveryToken,
  type WireDisplay,
  type WireResponse,
} from '../../src/schema.ts';

const ID = '3f1c2b7e-8a4d-4c1e-9f2a-1b2c3d4e5f60';

/** A minimal valid wire response; `over` replaces fields (an `undefined` value removes one). */
const response = (over: Record<string, unknown> = {}): Record<string, unknown> => {
  const r: Record<string, unknown> = {
    id: ID,
    revision: 1,
    deliveryId: 'order-1042',
    deliveredAt: '2026-11-20T10:00:00Z',
    answeredAt: '2026-11-23T12:30:00Z',
    csat: 4,
    comment: 'Arrived on time.',
    complete: true,
    locale: 'en',
    ...over,
  };
  for (const k of Object.keys(r)) if (r[k] === undefined) delete r[k];
  return r;
};

/** The first issue's readable line, or `ok`. */
const problem = (value: unknown): string => {
  const r = checkResponse(value);
  return r.success ? 'ok' : r.error;
};

/** The single issue a schema reports, asserting there is exactly one. */
const onlyIssue = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) => {
  expect(r.success).toBe(false);
  expect(r.error!.issues).toHaveLength(1);
  return r.error!.issues[0]!;
};

describe('ResponseSchema: valid responses', () => {
  test('a minimal CSAT response parses to itself', () => {
    const r = ResponseSchema.safeParse(response());
    expect(r.success).toBe(true);
    expect(r.data).toEqual(response());
  });

  test('every optional field is kept', () => {
    const full = response({
      revision: 3,
      nps: 9,
      customerId: 'cust-77',
      meta: { plan: 'pro', seats: 4, trial: false, coupon: null },
      origin: 'https://shop.example',
      path: '/orders/1042',
      complete: false,
      locale: 'zh-CN',
    });
    expect(ResponseSchema.parse(full)).toEqual(full);
  });

  test('NPS alone is an answer, and 0 is a valid NPS', () => {
    expect(problem(response({ csat: undefined, nps: 0 }))).toBe('ok');
    expect(problem(response({ csat: undefined, nps: 10 }))).toBe('ok');
  });

  test('a comment is optional', () => {
    expect(problem(response({ comment: undefined }))).toBe('ok');
    expect(problem(response({ comment: '' }))).toBe('ok');
  });

  test.each([1, 2, 3, 4, 5])('csat %i is accepted', (csat) => expect(problem(response({ csat }))).toBe('ok'));
  test.each([0, 5, 10])('nps %i is accepted', (nps) => expect(problem(response({ csat: undefined, nps }))).toBe('ok'));

  test.each([
    '2026-11-20T10:00:00Z',
    '2026-11-20T10:00:00.123Z',
    '2026-11-20T12:00:00+02:00',
    '2026-11-20T05:00:00-05:00',
  ])('date-time %s (Z or an offset) is accepted', (at) => {
    expect(problem(response({ deliveredAt: at, answeredAt: at }))).toBe('ok');
  });

  test('unknown fields are stripped, not rejected (collectors ignore what they do not know)', () => {
    const r = ResponseSchema.safeParse({ ...response(), rating: 'great', v2: { nested: true } });
    expect(r.success).toBe(true);
    expect(r.data).toEqual(response());
    expect(r.data).not.toHaveProperty('rating');
    expect(r.data).not.toHaveProperty('v2');
    const checked = checkResponse({ ...response(), extra: 1 });
    expect(checked).toEqual({ success: true, data: response() });
  });

  test('checkResponse returns the parsed response', () => {
    const r = checkResponse(response());
    expect(r.success).toBe(true);
    const data: WireResponse = (r as { data: WireResponse }).data;
    expect(data.id).toBe(ID);
  });
});

describe('checkResponse: one readable line naming the field', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['csat 7', { csat: 7 }, 'csat: expected an integer from 1 to 5'],
    ['csat 0', { csat: 0 }, 'csat: expected an integer from 1 to 5'],
    ['csat 4.5', { csat: 4.5 }, 'csat: expected an integer from 1 to 5'],
    ['csat "4"', { csat: '4' }, 'csat: expected an integer from 1 to 5'],
    ['nps 11', { csat: undefined, nps: 11 }, 'nps: expected an integer from 0 to 10'],
    ['nps -1', { csat: undefined, nps: -1 }, 'nps: expected an integer from 0 to 10'],
    ['nps 7.5', { nps: 7.5 }, 'nps: expected an integer from 0 to 10'],
    ['neither score', { csat: undefined }, 'csat: expected a csat or nps score (a comment alone is not an answer)'],
    ['a bad id', { id: 'order-1042' }, 'id: expected a UUID'],
    ['a missing id', { id: undefined }, 'id: expected a UUID'],
    ['a bad date', { deliveredAt: 'yesterday' }, 'deliveredAt: expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z'],
    ['a date without time', { deliveredAt: '2026-11-20' }, 'deliveredAt: expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z'],
    ['a local time without Z or offset', { answeredAt: '2026-11-20T10:00:00' }, 'answeredAt: expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z'],
    ['revision 0', { revision: 0 }, 'revision: expected an integer from 1 to 2147483647'],
    ['revision 1.5', { revision: 1.5 }, 'revision: expected an integer from 1 to 2147483647'],
    ['revision 2^31', { revision: 2_147_483_648 }, 'revision: expected an integer from 1 to 2147483647'],
    ['wave 1e15', { wave: 1e15 }, 'wave: expected an integer from 0 to 2147483647'],
    ['wave -1', { wave: -1 }, 'wave: expected an integer from 0 to 2147483647'],
    ['21 meta keys', { meta: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])) }, 'meta: expected at most 20 keys'],
    ['an empty delivery id', { deliveryId: '' }, 'deliveryId: expected a delivery id of 1–200 characters'],
    ['a 201-character delivery id', { deliveryId: 'x'.repeat(201) }, 'deliveryId: expected at most 200 characters'],
    ['complete "yes"', { complete: 'yes' }, 'complete: expected true or false'],
    ['no locale', { locale: undefined }, 'locale: expected a BCP 47 language tag such as "en" or "zh-CN"'],
    ['a 5001-character comment', { comment: 'x'.repeat(5001) }, 'comment: expected at most 5000 characters'],
    ['a non-text comment', { comment: 5 }, 'comment: expected text'],
    ['an empty customer id', { customerId: '' }, 'customerId: expected a customer id of 1–200 characters'],
    ['a nested meta value', { meta: { a: { b: 1 } } }, 'meta.a: expected a string, number, boolean or null'],
    ['meta as an array', { meta: ['a'] }, 'meta: expected an object of strings, numbers and booleans'],
    ['an empty origin', { origin: '' }, 'origin: expected a page origin'],
    ['an empty path', { path: '' }, 'path: expected a page path'],
  ])('%s', (_, over, message) => {
    expect(checkResponse(response(over))).toEqual({ success: false, error: message });
  });

  test('a comment alone is not an answer', () => {
    expect(problem(response({ csat: undefined, comment: 'Great service' }))).toBe(
      'csat: expected a csat or nps score (a comment alone is not an answer)',
    );
  });

  test('only the first problem is reported', () => {
    expect(problem(response({ id: 'nope', csat: 9 }))).toBe('id: expected a UUID');
  });
});

describe('BatchSchema', () => {
  test('a batch of 1 and of 1000 responses is accepted (items are checked one by one)', () => {
    expect(BatchSchema.safeParse({ responses: [response()] }).success).toBe(true);
    expect(BatchSchema.safeParse({ responses: Array.from({ length: 1000 }, () => ({})) }).success).toBe(true);
  });

  test('displays alone, or both lists, are accepted', () => {
    expect(BatchSchema.safeParse({ displays: [display()] }).success).toBe(true);
    expect(BatchSchema.safeParse({ responses: [], displays: [display()] }).success).toBe(true);
    expect(BatchSchema.safeParse({ responses: [response()], displays: [] }).success).toBe(true);
    expect(BatchSchema.safeParse({ responses: [response()], displays: Array.from({ length: 1000 }, () => ({})) }).success).toBe(true);
  });

  test('{} → the issue is about responses', () => {
    const issue = onlyIssue(BatchSchema.safeParse({}));
    expect(issue.path).toEqual(['responses']);
    expect(describeIssue(issue)).toBe('responses: expected at least one response or display');
  });

  test('responses that are not an array', () => {
    expect(describeIssue(onlyIssue(BatchSchema.safeParse({ responses: 'x' })))).toBe('responses: expected an array of responses');
  });

  test('displays that are not an array', () => {
    expect(describeIssue(onlyIssue(BatchSchema.safeParse({ displays: 'x' })))).toBe('displays: expected an array of displays');
    expect(describeIssue(onlyIssue(BatchSchema.safeParse({ responses: [response()], displays: null })))).toBe('displays: expected an array of displays');
  });

  test('[] → at least one response or display', () => {
    expect(describeIssue(onlyIssue(BatchSchema.safeParse({ responses: [] })))).toBe('responses: expected at least one response or display');
    expect(describeIssue(onlyIssue(BatchSchema.safeParse({ displays: [] })))).toBe('responses: expected at least one response or display');
    expect(describeIssue(onlyIssue(BatchSchema.safeParse({ responses: [], displays: [] })))).toBe('responses: expected at least one response or display');
  });

  test('1001 displays → at most 1000', () => {
    const issue = onlyIssue(BatchSchema.safeParse({ displays: Array.from({ length: 1001 }, () => display()) }));
    expect(describeIssue(issue)).toBe('displays: expected at most 1000 displays');
  });

  test('1001 responses → at most 1000', () => {
    const issue = onlyIssue(BatchSchema.safeParse({ responses: Array.from({ length: 1001 }, () => response()) }));
    expect(describeIssue(issue)).toBe('responses: expected at most 1000 responses');
  });

  test('unknown batch fields are stripped', () => {
    expect(BatchSchema.parse({ responses: [1], version: 2 })).toEqual({ responses: [1] });
    expect(BatchSchema.parse({ displays: [1], version: 2 })).toEqual({ displays: [1] });
  });
});

const DISPLAY_ID = '9a7e1c2d-3b4f-4a5e-8c6d-7e8f9a0b1c2d';

/** A minimal valid wire display; `over` replaces fields (an `undefined` value removes one). */
const display = (over: Record<string, unknown> = {}): Record<string, unknown> => {
  const d: Record<string, unknown> = {
    id: DISPLAY_ID,
    deliveryId: 'order-1042',
    shownAt: '2026-11-23T12:29:00Z',
    endedAt: '2026-11-23T12:30:00Z',
    outcome: 'dismissed',
    locale: 'en',
    ...over,
  };
  for (const k of Object.keys(d)) if (d[k] === undefined) delete d[k];
  return d;
};

describe('DisplaySchema and checkDisplay', () => {
  test('a minimal display parses to itself', () => {
    expect(checkDisplay(display())).toEqual({ success: true, data: display() });
  });

  test('every optional field is kept', () => {
    const full = display({ outcome: 'answered', later: false, responseId: ID, customerId: 'cust-77', origin: 'https://shop.example', path: '/orders', locale: 'zh-CN' });
    expect(DisplaySchema.parse(full)).toEqual(full);
    const data: WireDisplay = DisplaySchema.parse(full);
    expect(data.responseId).toBe(ID);
  });

  test.each(['answered', 'dismissed', 'expired'])('outcome %s is accepted', (outcome) => {
    expect(checkDisplay(display({ outcome })).success).toBe(true);
    expect(OutcomeSchema.parse(outcome)).toBe(outcome);
  });

  test('later: true on a dismissal ("remind me later") is kept', () => {
    expect(checkDisplay(display({ later: true }))).toEqual({ success: true, data: display({ later: true }) });
  });

  test('unknown fields are stripped, not rejected', () => {
    const r = DisplaySchema.safeParse({ ...display(), seconds: 60, v2: { nested: true } });
    expect(r.success).toBe(true);
    expect(r.data).toEqual(display());
    expect(checkDisplay({ ...display(), extra: 1 })).toEqual({ success: true, data: display() });
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['a bad id', { id: 'display-1' }, 'id: expected a UUID'],
    ['a missing id', { id: undefined }, 'id: expected a UUID'],
    ['an empty delivery id', { deliveryId: '' }, 'deliveryId: expected a delivery id of 1–200 characters'],
    ['a 201-character delivery id', { deliveryId: 'x'.repeat(201) }, 'deliveryId: expected at most 200 characters'],
    ['a missing delivery id', { deliveryId: undefined }, 'deliveryId: expected a delivery id of 1–200 characters'],
    ['a bad shownAt', { shownAt: 'yesterday' }, 'shownAt: expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z'],
    ['a local endedAt', { endedAt: '2026-11-23T12:30:00' }, 'endedAt: expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z'],
    ['a missing endedAt', { endedAt: undefined }, 'endedAt: expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z'],
    ['an unknown outcome', { outcome: 'closed' }, 'outcome: expected "answered", "dismissed" or "expired"'],
    ['a missing outcome', { outcome: undefined }, 'outcome: expected "answered", "dismissed" or "expired"'],
    ['later "yes"', { later: 'yes' }, 'later: expected true or false'],
    ['a bad responseId', { responseId: 'order-1042' }, 'responseId: expected a UUID'],
    ['no locale', { locale: undefined }, 'locale: expected a BCP 47 language tag such as "en" or "zh-CN"'],
    ['a 36-character locale', { locale: 'x'.repeat(36) }, 'locale: expected at most 35 characters'],
    ['an empty customer id', { customerId: '' }, 'customerId: expected a customer id of 1–200 characters'],
    ['an empty origin', { origin: '' }, 'origin: expected a page origin'],
    ['an empty path', { path: '' }, 'path: expected a page path'],
  ])('%s', (_, over, message) => {
    expect(checkDisplay(display(over))).toEqual({ success: false, error: message });
  });

  test('a non-object display names what is expected', () => {
    expect(checkDisplay(null)).toEqual({ success: false, error: '(root): expected a display object' });
    expect(checkDisplay([display()])).toEqual({ success: false, error: '(root): expected a display object' });
  });

  test('a prefix names the display in its batch', () => {
    const issue = onlyIssue(DisplaySchema.safeParse(display({ outcome: 'gone' })));
    expect(describeIssue(issue, 'displays.0')).toBe('displays.0.outcome: expected "answered", "dismissed" or "expired"');
  });
});

describe('describeIssue and fieldOf', () => {
  const csatIssue = () => onlyIssue(ResponseSchema.safeParse(response({ csat: 6 })));

  test('a prefix goes before the field path', () => {
    expect(describeIssue(csatIssue(), 'responses.3')).toBe('responses.3.csat: expected an integer from 1 to 5');
    expect(fieldOf(csatIssue(), 'responses.3')).toBe('responses.3.csat');
  });

  test('without a prefix, just the field', () => {
    expect(describeIssue(csatIssue())).toBe('csat: expected an integer from 1 to 5');
  });

  test('nested paths are dotted, numeric indexes included', () => {
    expect(describeIssue({ path: ['meta', 'plan'], message: 'm' }, 'responses.0')).toBe('responses.0.meta.plan: m');
    expect(fieldOf({ path: ['responses', 3, 'nps'] })).toBe('responses.3.nps');
  });

  test('an empty path is the root, or the prefix alone', () => {
    expect(describeIssue({ path: [], message: 'm' })).toBe('(root): m');
    expect(describeIssue({ path: [], message: 'm' }, 'answer')).toBe('answer: m');
  });
});

describe('messages for wrong shapes', () => {
  test('a non-object response, batch or limits names what is expected', () => {
    expect(checkResponse(null)).toEqual({ success: false, error: '(root): expected a response object' });
    const batch = BatchSchema.safeParse(null);
    expect(batch.success).toBe(false);
    expect(describeIssue(batch.error!.issues[0]!)).toBe('(root): expected an object such as {"responses": [...]}');
  });

  test('an overlong meta value says how long it may be', () => {
    const r = checkResponse({
      id: '0b7d2a4e-7c57-4d2b-9a43-3f0b4a2f2a11', revision: 1, deliveryId: 'o', deliveredAt: '2026-11-20T10:00:00Z',
      answeredAt: '2026-11-24T10:00:00Z', csat: 3, complete: true, locale: 'en', meta: { note: 'x'.repeat(501) },
    });
    expect(r).toEqual({ success: false, error: 'meta.note: expected at most 500 characters' });
  });
});

describe('deliveryToken (signed deliveries)', () => {
  // Shaped like a JWT; the schema only bounds the length (the collector verifies the signature).
  const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcmRlci0xMDQyIn0.c2lnbmF0dXJl';
  const TOKEN_HINT = 'expected a delivery token (a JWT) of 1–4096 characters';

  test('a response and a display keep it; without it they are as before', () => {
    expect(checkResponse(response({ deliveryToken: TOKEN }))).toEqual({ success: true, data: response({ deliveryToken: TOKEN }) });
    expect(checkDisplay(display({ deliveryToken: TOKEN }))).toEqual({ success: true, data: display({ deliveryToken: TOKEN }) });
    expect(ResponseSchema.parse(response())).not.toHaveProperty('deliveryToken');
    expect(DisplaySchema.parse(display())).not.toHaveProperty('deliveryToken');
  });

  test('1 and 4096 characters are accepted, on responses, displays and recordDelivery input', () => {
    for (const t of ['x', 'x'.repeat(4096)]) {
      expect(DeliveryTokenSchema.safeParse(t).success).toBe(true);
      expect(problem(response({ deliveryToken: t }))).toBe('ok');
      expect(checkDisplay(display({ deliveryToken: t })).success).toBe(true);
      expect(DeliveryInputSchema.parse({ id: 'o-1', deliveredAt: '2026-11-20T10:00:00Z', token: t }).token).toBe(t);
    }
  });

  test.each<[string, unknown, string]>([
    ['an empty token', '', TOKEN_HINT],
    ['a number', 42, TOKEN_HINT],
    ['null', null, TOKEN_HINT],
    ['4097 characters', 'x'.repeat(4097), 'expected at most 4096 characters'],
  ])('%s is rejected, naming the field', (_, deliveryToken, message) => {
    expect(problem(response({ deliveryToken }))).toBe(`deliveryToken: ${message}`);
    expect(checkDisplay(display({ deliveryToken }))).toEqual({ success: false, error: `deliveryToken: ${message}` });
    const input = DeliveryInputSchema.safeParse({ id: 'o-1', deliveredAt: '2026-11-20T10:00:00Z', token: deliveryToken });
    expect(describeIssue(onlyIssue(input), 'recordDelivery')).toBe(`recordDelivery.token: ${message}`);
  });

  test('a batch whose records carry tokens is accepted', () => {
    expect(BatchSchema.safeParse({ responses: [response({ deliveryToken: TOKEN })], displays: [display({ deliveryToken: TOKEN })] }).success).toBe(true);
  });

  test('types: optional strings on the wire and on the input', () => {
    expectTypeOf<DeliveryToken>().toEqualTypeOf<string>();
    expectTypeOf<WireResponse['deliveryToken']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<WireDisplay['deliveryToken']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<DeliveryInput['token']>().toEqualTypeOf<string | undefined>();
  });
});

describe('channel: where the survey was taken', () => {
  const CHANNEL_HINT = 'expected a channel id of 1–20 characters a–z, 0–9, "_" or "-", such as "email"';

  test.each(['web', 'email', 'sms', 'link', 'qr', 'phone', 'kiosk-2', 'store_front', 'a', 'x'.repeat(20)])('%s is kept on a response and a display', (channel) => {
    expect(checkResponse(response({ channel }))).toEqual({ success: true, data: response({ channel }) });
    expect(checkDisplay(display({ channel }))).toEqual({ success: true, data: display({ channel }) });
  });

  test('absent is fine (it means web)', () => {
    expect(problem(response())).toBe('ok');
    expect(checkDisplay(display()).success).toBe(true);
  });

  test.each<[string, unknown]>([
    ['upper case', 'Email'],
    ['empty', ''],
    ['21 characters', 'x'.repeat(21)],
    ['a space', 'e mail'],
    ['a dot', 'e.mail'],
    ['non-ASCII', 'wéb'],
    ['a number', 5],
    ['null', null],
  ])('%s is refused, naming the field', (_, channel) => {
    expect(problem(response({ channel }))).toBe(`channel: ${CHANNEL_HINT}`);
    expect(checkDisplay(display({ channel }))).toEqual({ success: false, error: `channel: ${CHANNEL_HINT}` });
    expect(ChannelSchema.safeParse(channel).success).toBe(false);
  });

  test('types: an optional string on the wire', () => {
    expectTypeOf<Channel>().toEqualTypeOf<string>();
    expectTypeOf<WireResponse['channel']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<WireDisplay['channel']>().toEqualTypeOf<string | undefined>();
  });
});
