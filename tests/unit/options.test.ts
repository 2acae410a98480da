import { afterEach, describe, expect, test, vi } from 'vitest';
import { AftercareError } from '../../src/errors.ts';
import { resolveOptions } from '../../sdk/options.ts';
import { createAftercare, type AftercareOptions } from '../../sdk/index.ts';
import { DEFAULT_LIMITS } from '../../src/types.ts';
import { DEFAULT_POLICY } from '../../src/schedule.ts';

const ENDPOINT = 'https://collector.test/v1/responses';

/** The AftercareError `fn` throws (fails the test if it throws nothing or something else). */
function thrown(fn: () => unknown): AftercareError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AftercareError);
    return e as AftercareError;
  }
  throw new Error('expected an AftercareError, nothing was thrown');
}

/** Options as a caller without types might pass them. */
const loose = (o: unknown) => o as AftercareOptions;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('resolveOptions: errors name the option and quote the value', () => {
  test.each<[string, unknown, string, string]>([
    ['missing endpoint', {}, 'endpoint', 'expected a collector URL, got undefined'],
    ['empty endpoint', { endpoint: '' }, 'endpoint', 'expected a collector URL, got ""'],
    ['non-string endpoint', { endpoint: 5 }, 'endpoint', 'expected a collector URL, got 5'],
    ['ftp endpoint', { endpoint: 'ftp://x' }, 'endpoint', 'expected an http(s) URL, absolute or relative to the page, got "ftp://x"'],
    ['javascript: endpoint', { endpoint: 'javascript:alert(1)' }, 'endpoint', 'expected an http(s) URL, absolute or relative to the page, got "javascript:alert(1)"'],
    ['host-less http endpoint', { endpoint: 'http://' }, 'endpoint', 'expected an http(s) URL, absolute or relative to the page, got "http://"'],
    ['windowDays [7, 3]', { endpoint: ENDPOINT, windowDays: [7, 3] }, 'windowDays', 'expected the window to close after it opens, such as [3, 7], got [7,3]'],
    ['windowDays [3, 3]', { endpoint: ENDPOINT, windowDays: [3, 3] }, 'windowDays', 'expected the window to close after it opens, such as [3, 7], got [3,3]'],
    ['windowDays [3]', { endpoint: ENDPOINT, windowDays: [3] }, 'windowDays', 'expected [openDay, closeDay] such as [3, 7], got [3]'],
    ['windowDays "3-7"', { endpoint: ENDPOINT, windowDays: '3-7' }, 'windowDays', 'expected [openDay, closeDay] such as [3, 7], got "3-7"'],
    ['windowDays [-1, 3]', { endpoint: ENDPOINT, windowDays: [-1, 3] }, 'windowDays.0', 'expected a number of days, got -1'],
    ['batchSize 0', { endpoint: ENDPOINT, batchSize: 0 }, 'batchSize', 'expected an integer from 1 to 1000, got 0'],
    ['batchSize 1001', { endpoint: ENDPOINT, batchSize: 1001 }, 'batchSize', 'expected an integer from 1 to 1000, got 1001'],
    ['batchSize 1.5', { endpoint: ENDPOINT, batchSize: 1.5 }, 'batchSize', 'expected an integer from 1 to 1000, got 1.5'],
    ['timeoutMs 50', { endpoint: ENDPOINT, timeoutMs: 50 }, 'timeoutMs', 'expected milliseconds from 100 to 120000, got 50'],
    ['limits.maxPending 0', { endpoint: ENDPOINT, limits: { maxPending: 0 } }, 'limits.maxPending', 'expected an integer of at least 1, got 0'],
    ['limits.maxAgeDays 0', { endpoint: ENDPOINT, limits: { maxAgeDays: 0 } }, 'limits.maxAgeDays', 'expected a number of days above 0, got 0'],
    ['empty locale', { endpoint: ENDPOINT, locale: '' }, 'locale', 'expected a BCP 47 language tag such as "en" or "zh-CN", got ""'],
    ['empty dbName', { endpoint: ENDPOINT, dbName: '' }, 'dbName', 'expected an IndexedDB database name, got ""'],
    ['autoSync "no"', { endpoint: ENDPOINT, autoSync: 'no' }, 'autoSync', 'expected true or false, got "no"'],
    ['collectPage 1', { endpoint: ENDPOINT, collectPage: 1 }, 'collectPage', 'expected true or false, got 1'],
    // Strings are JSON-quoted like every other string value (the brief expected `got x`; see the report).
    ['now "x"', { endpoint: ENDPOINT, now: 'x' }, 'now', 'expected a function, got "x"'],
    ['fetch 1', { endpoint: ENDPOINT, fetch: 1 }, 'fetch', 'expected a function, got 1'],
    ['channel "Email"', { endpoint: ENDPOINT, channel: 'Email' }, 'channel', 'expected a channel id of 1–20 characters a–z, 0–9, "_" or "-", such as "email", got "Email"'],
    ['channel ""', { endpoint: ENDPOINT, channel: '' }, 'channel', 'expected a channel id of 1–20 characters a–z, 0–9, "_" or "-", such as "email", got ""'],
    ['channel 5', { endpoint: ENDPOINT, channel: 5 }, 'channel', 'expected a channel id of 1–20 characters a–z, 0–9, "_" or "-", such as "email", got 5'],
    // The timing policy.
    ['remindAfterHours 0', { endpoint: ENDPOINT, remindAfterHours: 0 }, 'remindAfterHours', 'expected a number of hours above 0, got 0'],
    ['remindAfterHours -2', { endpoint: ENDPOINT, remindAfterHours: -2 }, 'remindAfterHours', 'expected a number of hours above 0, got -2'],
    ['remindAfterHours "24"', { endpoint: ENDPOINT, remindAfterHours: '24' }, 'remindAfterHours', 'expected a number of hours, got "24"'],
    ['remindAfterHours NaN', { endpoint: ENDPOINT, remindAfterHours: NaN }, 'remindAfterHours', 'expected a number of hours, got NaN'],
    ['maxPrompts 0', { endpoint: ENDPOINT, maxPrompts: 0 }, 'maxPrompts', 'expected an integer from 1 to 10, got 0'],
    ['maxPrompts 11', { endpoint: ENDPOINT, maxPrompts: 11 }, 'maxPrompts', 'expected an integer from 1 to 10, got 11'],
    ['maxPrompts 1.5', { endpoint: ENDPOINT, maxPrompts: 1.5 }, 'maxPrompts', 'expected an integer from 1 to 10, got 1.5'],
    ['maxPrompts "2"', { endpoint: ENDPOINT, maxPrompts: '2' }, 'maxPrompts', 'expected an integer from 1 to 10, got "2"'],
    ['cooldownDays -1', { endpoint: ENDPOINT, cooldownDays: -1 }, 'cooldownDays', 'expected a number of days (0 for none), got -1'],
    ['cooldownDays "30"', { endpoint: ENDPOINT, cooldownDays: '30' }, 'cooldownDays', 'expected a number of days (0 for none), got "30"'],
    ['cooldownDays null', { endpoint: ENDPOINT, cooldownDays: null }, 'cooldownDays', 'expected a number of days (0 for none), got null'],
    ['declineCooldownDays -0.5', { endpoint: ENDPOINT, declineCooldownDays: -0.5 }, 'declineCooldownDays', 'expected a number of days (0 for none), got -0.5'],
    ['declineCooldownDays true', { endpoint: ENDPOINT, declineCooldownDays: true }, 'declineCooldownDays', 'expected a number of days (0 for none), got true'],
    ['sampleRate 1.5', { endpoint: ENDPOINT, sampleRate: 1.5 }, 'sampleRate', 'expected a share from 0 to 1, such as 0.25, got 1.5'],
    ['sampleRate -0.1', { endpoint: ENDPOINT, sampleRate: -0.1 }, 'sampleRate', 'expected a share from 0 to 1, such as 0.25, got -0.1'],
    ['sampleRate 25 (a percentage)', { endpoint: ENDPOINT, sampleRate: 25 }, 'sampleRate', 'expected a share from 0 to 1, such as 0.25, got 25'],
    ['sampleRate "abc"', { endpoint: ENDPOINT, sampleRate: 'abc' }, 'sampleRate', 'expected a share from 0 to 1, such as 0.25, got "abc"'],
    ['sampleRate NaN', { endpoint: ENDPOINT, sampleRate: NaN }, 'sampleRate', 'expected a share from 0 to 1, such as 0.25, got NaN'],
    ['sampleRate Infinity', { endpoint: ENDPOINT, sampleRate: Infinity }, 'sampleRate', 'expected a share from 0 to 1, such as 0.25, got Infinity'],
  ])('%s', (_, options, field, expected) => {
    const err = thrown(() => resolveOptions(loose(options)));
    expect(err.name).toBe('AftercareError');
    expect(err.message).toBe(`[aftercare] ${field}: ${expected}`);
    expect(err.field).toBe(field);
    expect(err.expected).toBe(expected);
  });

  test('the first bad option is the one reported', () => {
    expect(thrown(() => resolveOptions(loose({ batchSize: 0 }))).field).toBe('endpoint');
  });

  test('long values are cut at 80 characters', () => {
    const err = thrown(() => resolveOptions({ endpoint: 'x'.repeat(100) }));
    expect(err.message).toBe(`[aftercare] endpoint: expected an http(s) URL, absolute or relative to the page, got "${'x'.repeat(80)}…"`);
  });

  test.each([null, undefined, 'https://collector.test', 42, true])('non-object options (%s)', (options) => {
    const err = thrown(() => resolveOptions(loose(options)));
    expect(err.message).toBe('[aftercare] options: expected an object such as { endpoint: "/v1/responses" }');
    expect(err.field).toBe('options');
    expect(err.expected).toBe('expected an object such as { endpoint: "/v1/responses" }');
  });

  test('every message starts with the [aftercare] prefix', () => {
    for (const o of [{}, { endpoint: 'ftp://x' }, { endpoint: ENDPOINT, batchSize: 0 }, null]) {
      expect(thrown(() => resolveOptions(loose(o))).message.startsWith('[aftercare] ')).toBe(true);
    }
  });
});

describe('resolveOptions: relative endpoints', () => {
  test('without a page (no location, as in node) a relative endpoint is rejected', () => {
    vi.stubGlobal('location', undefined);
    const err = thrown(() => resolveOptions({ endpoint: '/v1/responses' }));
    expect(err.message).toBe('[aftercare] endpoint: expected an http(s) URL, absolute or relative to the page, got "/v1/responses"');
    expect(err.field).toBe('endpoint');
  });

  test('on a page it resolves against location.href', () => {
    vi.stubGlobal('location', { href: 'https://shop.example/orders/1042?x=1' });
    expect(resolveOptions({ endpoint: '/v1/responses' }).endpoint).toBe('https://shop.example/v1/responses');
    expect(resolveOptions({ endpoint: 'feedback' }).endpoint).toBe('https://shop.example/orders/feedback');
  });

  test('an absolute endpoint is normalised to its href', () => {
    expect(resolveOptions({ endpoint: 'HTTPS://Collector.Test/v1/responses' }).endpoint).toBe(ENDPOINT);
    expect(resolveOptions({ endpoint: 'http://localhost:8080' }).endpoint).toBe('http://localhost:8080/');
  });
});

describe('resolveOptions: defaults', () => {
  test('only endpoint is required', () => {
    vi.stubGlobal('navigator', undefined);
    const o = resolveOptions({ endpoint: ENDPOINT });
    expect(o).toMatchObject({
      endpoint: ENDPOINT,
      locale: 'en',
      policy: DEFAULT_POLICY,
      batchSize: 100,
      timeoutMs: 15_000,
      limits: DEFAULT_LIMITS,
      dbName: 'aftercare',
      collectPage: true,
      autoSync: true,
    });
    expect(o.limits).toEqual({ maxPending: 5000, maxAgeDays: 30, setAsideDays: 30, maxAutoRetries: 20 });
    expect(o.policy).toEqual({
      windowDays: [3, 7],
      snoozeMs: 24 * 3_600_000,
      maxPrompts: 2,
      cooldownMs: 30 * 86_400_000,
      declineCooldownMs: 7 * 86_400_000,
      sampleRate: 1,
    });
    expect(o.now).toBe(Date.now);
    expect(typeof o.fetch).toBe('function');
    // No channel: the wire's absent channel means web.
    expect(o.channel).toBeUndefined();
  });

  test.each(['email', 'sms', 'link', 'qr', 'phone', 'web', 'kiosk_2', 'pos-terminal'])('channel %s is kept', (channel) => {
    expect(resolveOptions({ endpoint: ENDPOINT, channel }).channel).toBe(channel);
  });

  test('locale falls back to "en" without navigator (Node 20) or without navigator.language', () => {
    vi.stubGlobal('navigator', undefined);
    expect(resolveOptions({ endpoint: ENDPOINT }).locale).toBe('en');
    vi.stubGlobal('navigator', {});
    expect(resolveOptions({ endpoint: ENDPOINT }).locale).toBe('en');
  });

  test('locale comes from navigator.language when there is one, and an explicit locale wins', () => {
    vi.stubGlobal('navigator', { language: 'de-AT' });
    expect(resolveOptions({ endpoint: ENDPOINT }).locale).toBe('de-AT');
    expect(resolveOptions({ endpoint: ENDPOINT, locale: 'fr' }).locale).toBe('fr');
  });

  test('given values are kept, limits merge over the defaults', () => {
    const now = () => 0;
    const fetch = (async () => new Response()) as typeof globalThis.fetch;
    const o = resolveOptions({
      endpoint: ENDPOINT,
      windowDays: [1, 2],
      now,
      fetch,
      batchSize: 1,
      timeoutMs: 100,
      limits: { maxPending: 5 },
      dbName: 'shop',
      collectPage: false,
      autoSync: false,
    });
    expect(o).toMatchObject({ batchSize: 1, timeoutMs: 100, dbName: 'shop', collectPage: false, autoSync: false });
    expect(o.policy.windowDays).toEqual([1, 2]);
    expect(o.limits).toEqual({ ...DEFAULT_LIMITS, maxPending: 5 });
    expect(o.now).toBe(now);
    expect(o.fetch).toBe(fetch);
  });

  test('timing options become the policy, in elapsed milliseconds', () => {
    const o = resolveOptions({ endpoint: ENDPOINT, windowDays: [2, 10], remindAfterHours: 6, maxPrompts: 3, cooldownDays: 14, declineCooldownDays: 2.5, sampleRate: 0.25 });
    expect(o.policy).toEqual({
      windowDays: [2, 10],
      snoozeMs: 6 * 3_600_000,
      maxPrompts: 3,
      cooldownMs: 14 * 86_400_000,
      declineCooldownMs: 2.5 * 86_400_000,
      sampleRate: 0.25,
    });
  });

  test('the edges are accepted: sampleRate 0 and 1, cooldowns 0 (none), maxPrompts 1 and 10, fractional hours', () => {
    expect(resolveOptions({ endpoint: ENDPOINT, sampleRate: 0 }).policy.sampleRate).toBe(0);
    expect(resolveOptions({ endpoint: ENDPOINT, sampleRate: 1 }).policy.sampleRate).toBe(1);
    expect(resolveOptions({ endpoint: ENDPOINT, cooldownDays: 0, declineCooldownDays: 0 }).policy).toMatchObject({ cooldownMs: 0, declineCooldownMs: 0 });
    expect(resolveOptions({ endpoint: ENDPOINT, maxPrompts: 1 }).policy.maxPrompts).toBe(1);
    expect(resolveOptions({ endpoint: ENDPOINT, maxPrompts: 10 }).policy.maxPrompts).toBe(10);
    expect(resolveOptions({ endpoint: ENDPOINT, remindAfterHours: 0.5 }).policy.snoozeMs).toBe(1_800_000);
  });

  test('the default fetch is bound late, so a replaced global fetch is used', async () => {
    const o = resolveOptions({ endpoint: ENDPOINT });
    const calls: unknown[] = [];
    vi.stubGlobal('fetch', async (...a: unknown[]) => {
      calls.push(a[0]);
      return new Response('ok');
    });
    await o.fetch(ENDPOINT);
    expect(calls).toEqual([ENDPOINT]);
  });
});

describe('createAftercare', () => {
  test.each<[unknown, string]>([
    [{}, '[aftercare] endpoint: expected a collector URL, got undefined'],
    [{ endpoint: 'ftp://x' }, '[aftercare] endpoint: expected an http(s) URL, absolute or relative to the page, got "ftp://x"'],
    [{ endpoint: ENDPOINT, windowDays: [7, 3] }, '[aftercare] windowDays: expected the window to close after it opens, such as [3, 7], got [7,3]'],
    [{ endpoint: ENDPOINT, batchSize: 0 }, '[aftercare] batchSize: expected an integer from 1 to 1000, got 0'],
    [{ endpoint: ENDPOINT, now: 'x' }, '[aftercare] now: expected a function, got "x"'],
    [{ endpoint: ENDPOINT, sampleRate: 'abc' }, '[aftercare] sampleRate: expected a share from 0 to 1, such as 0.25, got "abc"'],
    [{ endpoint: ENDPOINT, maxPrompts: 0 }, '[aftercare] maxPrompts: expected an integer from 1 to 10, got 0'],
    [null, '[aftercare] options: expected an object such as { endpoint: "/v1/responses" }'],
  ])('throws synchronously for bad options: %j', (options, message) => {
    expect(thrown(() => createAftercare(loose(options))).message).toBe(message);
  });

  test('without IndexedDB (node) it falls back to memory and says so with an error event', async () => {
    const sdk = createAftercare({ endpoint: ENDPOINT, autoSync: false, locale: 'en-GB' });
    const reasons: string[] = [];
    const reported = new Promise<void>((resolve) => {
      sdk.on('error', ({ reason }) => {
        reasons.push(reason);
        resolve();
      });
    });
    try {
      expect(sdk.endpoint).toBe(ENDPOINT);
      expect(sdk.locale).toBe('en-GB');
      await sdk.ready;
      expect(sdk.storage).toBe('memory');
      await reported;
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toContain('IndexedDB is unavailable');
      expect(reasons[0]).toBe('IndexedDB is unavailable in this browser; answers are kept in memory only');
    } finally {
      sdk.destroy();
    }
  });
});
