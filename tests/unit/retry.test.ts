import { describe, expect, test } from 'vitest';
import { classify, DEFAULT_BACKOFF, parseRetryAfter, retryDelay } from '../../src/retry.ts';

describe('classify', () => {
  test.each([200, 201, 204, 299])('%i is accepted', (s) => expect(classify(s).kind).toBe('ok'));
  test.each([408, 429, 500, 502, 503, 504])('%i is retried', (s) => expect(classify(s).kind).toBe('retry'));
  test('network errors are retried', () => expect(classify('network')).toEqual({ kind: 'retry', reason: 'network error' }));
  test('413 splits the batch', () => expect(classify(413).kind).toBe('split'));
  test.each([400, 401, 403, 404, 409, 415, 422])('%i isolates the bad record', (s) => expect(classify(s).kind).toBe('reject'));
  test('the reason carries the status and the start of the body', () => {
    expect(classify(400, null, 0, '{"error":"responses.0.csat: expected an integer from 1 to 5"}')).toEqual({
      kind: 'reject',
      reason: 'HTTP 400: {"error":"responses.0.csat: expected an integer from 1 to 5"}',
    });
  });
  test('Retry-After travels with a retry verdict', () => {
    expect(classify(429, '30')).toMatchObject({ kind: 'retry', retryAfterMs: 30_000 });
    expect(classify(503, null)).not.toHaveProperty('retryAfterMs');
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  test('delay-seconds', () => expect(parseRetryAfter('120', now)).toBe(120_000));
  test('HTTP date', () => expect(parseRetryAfter('Thu, 26 Nov 2026 12:01:30 GMT', now)).toBe(90_000));
  test('a date in the past means now', () => expect(parseRetryAfter('Thu, 26 Nov 2026 11:00:00 GMT', now)).toBe(0));
  test('garbage and absence are ignored', () => {
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
  test('capped at a day', () => expect(parseRetryAfter('99999999', now)).toBe(86_400_000));
});

describe('backoff', () => {
  test('full jitter within [floor, base·2^(n−1)], capped', () => {
    expect(retryDelay(1, () => 0)).toBe(DEFAULT_BACKOFF.floorMs);
    expect(retryDelay(1, () => 0.999)).toBe(1998);
    expect(retryDelay(3, () => 0.5)).toBe(4000);
    expect(retryDelay(50, () => 0.999999)).toBeLessThanOrEqual(DEFAULT_BACKOFF.capMs);
    expect(retryDelay(50, () => 0.999999)).toBeGreaterThan(DEFAULT_BACKOFF.capMs - 1000);
  });
  test('grows with attempts on average', () => {
    const r = () => 0.5;
    const delays = [1, 2, 3, 4, 5, 6].map((n) => retryDelay(n, r));
    expect(delays).toEqual([...delays].sort((a, b) => a - b));
  });
  test('never sooner than Retry-After', () => {
    expect(retryDelay(1, () => 0, 30_000)).toBe(30_000);
    expect(retryDelay(20, () => 1 - 1e-9, 1_000)).toBeGreaterThan(1_000);
  });
});
