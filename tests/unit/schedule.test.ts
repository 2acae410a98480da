import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY, dueList, dueState, policyFrom, windowOf } from '../../src/schedule.ts';
import type { DeliveryState } from '../../src/types.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-11-20T10:00:00Z');
const delivery = (over: Partial<DeliveryState> = {}): DeliveryState => ({
  id: 'order-1',
  deliveredAt: new Date(T0).toISOString(),
  surveys: ['csat'],
  recordedAt: new Date(T0).toISOString(),
  prompts: 0,
  history: [],
  ...over,
});

describe('delivery window', () => {
  test('opens at exactly 72 h and closes at exactly 168 h (elapsed time)', () => {
    const d = delivery();
    expect(dueState(d, T0)).toBe('early');
    expect(dueState(d, T0 + 72 * H - 1)).toBe('early');
    expect(dueState(d, T0 + 72 * H)).toBe('due');
    expect(dueState(d, T0 + 168 * H - 1)).toBe('due');
    expect(dueState(d, T0 + 168 * H)).toBe('closed');
    expect(dueState(d, T0 + 400 * H)).toBe('closed');
  });

  test('windowOf gives epoch ms for the window', () => {
    expect(windowOf('2026-11-20T10:00:00Z')).toEqual({ opens: T0 + 72 * H, closes: T0 + 168 * H });
  });

  test('windowDays is configurable', () => {
    const p = policyFrom([1, 2]);
    expect(dueState(delivery(), T0 + 24 * H, p)).toBe('due');
    expect(dueState(delivery(), T0 + 48 * H, p)).toBe('closed');
    expect(policyFrom()).toBe(DEFAULT_POLICY);
  });

  test('a delivery in the future is early, whatever the offset in its timestamp', () => {
    expect(dueState(delivery({ deliveredAt: '2026-11-20T18:00:00+08:00' }), T0 + 72 * H)).toBe('due');
  });
});

describe('never nagging', () => {
  const inWindow = T0 + 100 * H;
  const response = {
    id: '0b7d2a4e-7c57-4d2b-9a43-3f0b4a2f2a11',
    revision: 1,
    deliveryId: 'order-1',
    deliveredAt: new Date(T0).toISOString(),
    answeredAt: new Date(inWindow).toISOString(),
    csat: 4,
    complete: false,
    locale: 'en',
  };

  test('an answered delivery is never surveyed again, even a partial answer', () => {
    expect(dueState(delivery({ response }), inWindow)).toBe('answered');
    expect(dueState(delivery({ response }), T0 + 167 * H)).toBe('answered');
  });

  test('a dismissed delivery is snoozed for 24 h, then due again', () => {
    const d = delivery({ prompts: 1, dismissedAt: new Date(inWindow).toISOString() });
    expect(dueState(d, inWindow + 24 * H - 1)).toBe('snoozed');
    expect(dueState(d, inWindow + 24 * H)).toBe('due');
  });

  test('at most 2 prompts per delivery', () => {
    expect(dueState(delivery({ prompts: 1 }), inWindow)).toBe('due');
    expect(dueState(delivery({ prompts: 2 }), inWindow)).toBe('exhausted');
    expect(dueState(delivery({ prompts: 2, dismissedAt: new Date(T0).toISOString() }), inWindow)).toBe('exhausted');
  });

  test('when several are due, the one whose window closes first comes first', () => {
    const a = delivery({ id: 'a', deliveredAt: new Date(T0 - 2 * 24 * H).toISOString() });
    const b = delivery({ id: 'b', deliveredAt: new Date(T0 - 3 * 24 * H).toISOString() });
    const c = delivery({ id: 'c', deliveredAt: new Date(T0 - 10 * 24 * H).toISOString() });
    const list = dueList([a, b, c], T0 + 24 * H);
    expect(list.map((d) => d.id)).toEqual(['b', 'a']);
  });
});
