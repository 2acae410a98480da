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
    const p = policyFrom({ windowDays: [1, 2] });
    expect(dueState(delivery(), T0 + 24 * H, p)).toBe('due');
    expect(dueState(delivery(), T0 + 48 * H, p)).toBe('closed');
    expect(policyFrom()).toEqual(DEFAULT_POLICY);
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

  test('a delivery answered through another channel (the collector said so) is answered in that wave only', () => {
    expect(dueState(delivery({ elsewhere: 0 }), inWindow)).toBe('answered');
    const planned = delivery({ resurvey: { everyDays: 30, untilDays: 365 }, elsewhere: 0 });
    expect(dueState(planned, inWindow)).toBe('answered');
    // Wave 1 opens 30 days later and is due: the answer was to wave 0.
    expect(dueState(planned, inWindow + 30 * 24 * H)).toBe('due');
    expect(dueState({ ...planned, elsewhere: 1 }, inWindow + 30 * 24 * H)).toBe('answered');
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

// ——— The timing policy over simulated days (pure: every clock is passed in) ———

const DAY = 24 * H;
const at = (ms: number) => new Date(ms).toISOString();
/** A long window, so the cooldowns can be watched to their end while the deliveries are still in it. */
const LONG = policyFrom({ windowDays: [0, 60] });

/** `d` answered at `t`, as `saveAnswer` leaves it (a response, and an `answered` line in the history). */
const answered = (d: DeliveryState, t: number): DeliveryState => ({
  ...d,
  response: {
    id: '0b7d2a4e-7c57-4d2b-9a43-3f0b4a2f2a11',
    revision: 1,
    deliveryId: d.id,
    deliveredAt: d.deliveredAt,
    answeredAt: at(t),
    csat: 5,
    complete: true,
    locale: 'en',
  },
  history: [...d.history, { at: at(t), type: 'answered' }],
});

/** `d` shown and then dismissed at `t` (a decline, or "remind me later" with `later`). */
const dismissed = (d: DeliveryState, t: number, later = false): DeliveryState => ({
  ...d,
  prompts: d.prompts + 1,
  dismissedAt: at(t),
  history: [...d.history, { at: at(t), type: 'shown' }, later ? { at: at(t), type: 'dismissed', later: true } : { at: at(t), type: 'dismissed' }],
});

/** Replaces the deliveries of `all` that share an id with `changed`. */
const update = (all: DeliveryState[], ...changed: DeliveryState[]) => all.map((d) => changed.find((c) => c.id === d.id) ?? d);

/** The state of delivery `id` at `now`, among `all`. */
const stateOf = (all: DeliveryState[], id: string, now: number, policy = DEFAULT_POLICY) => dueState(all.find((d) => d.id === id)!, now, policy, all);

describe('cooldown after an answer', () => {
  // One customer, three deliveries this week: Friday, Sunday, Tuesday.
  const week = () => [
    delivery({ id: 'a', customerId: 'c1', deliveredAt: at(T0) }),
    delivery({ id: 'b', customerId: 'c1', deliveredAt: at(T0 + 2 * DAY) }),
    delivery({ id: 'c', customerId: 'c1', deliveredAt: at(T0 + 4 * DAY) }),
  ];

  test('a customer with three deliveries this week is asked once, not three times (hour by hour over 40 days)', () => {
    const answerAt = T0 + 3 * DAY + 2 * H;
    const all = update(week(), answered(week()[0]!, answerAt));
    const seen: Record<string, Set<string>> = { a: new Set(), b: new Set(), c: new Set() };
    for (let t = T0; t < T0 + 40 * DAY; t += H) {
      for (const id of ['a', 'b', 'c']) seen[id]!.add(stateOf(all, id, t));
      expect(dueList(all, t)).toEqual([]);
    }
    expect(seen.b).toEqual(new Set(['early', 'cooldown', 'closed']));
    expect(seen.c).toEqual(new Set(['early', 'cooldown', 'closed']));
    // Inside their windows, b and c are held back by the answer to a.
    expect(stateOf(all, 'b', T0 + 5 * DAY)).toBe('cooldown');
    expect(stateOf(all, 'b', T0 + 9 * DAY - 1)).toBe('cooldown');
    expect(stateOf(all, 'c', T0 + 7 * DAY)).toBe('cooldown');
    expect(stateOf(all, 'c', T0 + 11 * DAY - 1)).toBe('cooldown');
    // Before the answer, a was due and b would have been due in its window.
    expect(stateOf(week(), 'a', answerAt - 1)).toBe('due');
    expect(stateOf(week(), 'b', T0 + 5 * DAY)).toBe('due');
  });

  test('the cooldown lasts exactly 30 days of elapsed time after the answer', () => {
    const answerAt = T0 + 3 * DAY + 5 * H + 17;
    const all = update(week(), answered(week()[0]!, answerAt));
    for (const id of ['b', 'c']) {
      expect(stateOf(all, id, answerAt + DAY, LONG)).toBe('cooldown');
      expect(stateOf(all, id, answerAt + 29 * DAY, LONG)).toBe('cooldown');
      expect(stateOf(all, id, answerAt + 30 * DAY - 1, LONG)).toBe('cooldown');
      expect(stateOf(all, id, answerAt + 30 * DAY, LONG)).toBe('due');
    }
    expect(stateOf(all, 'a', answerAt + 30 * DAY, LONG)).toBe('answered');
    expect(dueList(all, answerAt + 30 * DAY, LONG).map((d) => d.id)).toEqual(['b', 'c']);
  });

  test('elapsed time, not calendar days: across a daylight-saving change it is still 720 hours', () => {
    // Answered at noon in Berlin (CET) on 20 March; clocks go forward on 29 March.
    const answerAt = Date.parse('2026-03-20T12:00:00+01:00');
    const mk = (id: string) => delivery({ id, customerId: 'c1', deliveredAt: '2026-03-18T09:00:00Z' });
    const all = [answered(mk('a'), answerAt), mk('b')];
    const end = Date.parse('2026-04-19T13:00:00+02:00'); // 13:00 CEST = 12:00 CET + 720 h
    expect(end - answerAt).toBe(720 * H);
    expect(stateOf(all, 'b', end - 1, LONG)).toBe('cooldown');
    expect(stateOf(all, 'b', end, LONG)).toBe('due');
  });

  test('a record without an answered history line (older format) counts from response.answeredAt', () => {
    const answerAt = T0 + 3 * DAY;
    const a = answered(delivery({ id: 'a', customerId: 'c1' }), answerAt);
    const all = [{ ...a, history: [] }, delivery({ id: 'b', customerId: 'c1' })];
    expect(stateOf(all, 'b', answerAt + 30 * DAY - 1, LONG)).toBe('cooldown');
    expect(stateOf(all, 'b', answerAt + 30 * DAY, LONG)).toBe('due');
  });

  test('a revision keeps the first answer time: the cooldown does not restart', () => {
    const first = T0 + 3 * DAY;
    const a = answered(delivery({ id: 'a', customerId: 'c1' }), first);
    const revised: DeliveryState = {
      ...a,
      response: { ...a.response!, revision: 2, answeredAt: at(first + 10 * DAY) },
      history: [...a.history, { at: at(first + 10 * DAY), type: 'answered' }],
    };
    const all = [revised, delivery({ id: 'b', customerId: 'c1' })];
    expect(stateOf(all, 'b', first + 30 * DAY, LONG)).toBe('due');
  });

  test('different customerIds are independent', () => {
    const answerAt = T0 + 3 * DAY;
    const all = [
      answered(delivery({ id: 'a', customerId: 'c1' }), answerAt),
      delivery({ id: 'b', customerId: 'c1' }),
      delivery({ id: 'x', customerId: 'c2' }),
    ];
    expect(stateOf(all, 'b', answerAt + H)).toBe('cooldown');
    expect(stateOf(all, 'x', answerAt + H)).toBe('due');
    expect(dueList(all, answerAt + H).map((d) => d.id)).toEqual(['x']);
  });

  test('a missing customerId counts as the same customer, both ways', () => {
    const answerAt = T0 + 3 * DAY;
    // Answered without an id: every delivery in this browser cools down.
    const anon = [answered(delivery({ id: 'a' }), answerAt), delivery({ id: 'b', customerId: 'c1' }), delivery({ id: 'c', customerId: 'c2' }), delivery({ id: 'd' })];
    for (const id of ['b', 'c', 'd']) expect(stateOf(anon, id, answerAt + H)).toBe('cooldown');
    // Answered with an id: a delivery without one cools down too, another customer's does not.
    const named = [answered(delivery({ id: 'a', customerId: 'c1' }), answerAt), delivery({ id: 'b' }), delivery({ id: 'c', customerId: 'c2' })];
    expect(stateOf(named, 'b', answerAt + H)).toBe('cooldown');
    expect(stateOf(named, 'c', answerAt + H)).toBe('due');
  });

  test('cooldownDays 0 disables it', () => {
    const p = policyFrom({ cooldownDays: 0 });
    const answerAt = T0 + 3 * DAY;
    const all = [answered(delivery({ id: 'a', customerId: 'c1' }), answerAt), delivery({ id: 'b', customerId: 'c1' })];
    expect(stateOf(all, 'b', answerAt, p)).toBe('due');
    expect(stateOf(all, 'b', answerAt + 1, p)).toBe('due');
  });

  test('cooldownDays is configurable', () => {
    const p = policyFrom({ cooldownDays: 2, windowDays: [0, 60] });
    const answerAt = T0 + 3 * DAY;
    const all = [answered(delivery({ id: 'a', customerId: 'c1' }), answerAt), delivery({ id: 'b', customerId: 'c1' })];
    expect(stateOf(all, 'b', answerAt + 2 * DAY - 1, p)).toBe('cooldown');
    expect(stateOf(all, 'b', answerAt + 2 * DAY, p)).toBe('due');
  });
});

describe('cooldown after two declines in a row', () => {
  const three = () => [
    delivery({ id: 'a', customerId: 'c1' }),
    delivery({ id: 'b', customerId: 'c1' }),
    delivery({ id: 'c', customerId: 'c1' }),
  ];
  const t1 = T0 + 3 * DAY;
  const t2 = t1 + 12 * H;

  test('two declines on two deliveries: no survey for the customer for 7 days after the second', () => {
    const [a, b] = three();
    const all = update(three(), dismissed(a!, t1), dismissed(b!, t2));
    expect(stateOf(all, 'c', t2, LONG)).toBe('cooldown');
    expect(stateOf(all, 'c', t2 + 7 * DAY - 1, LONG)).toBe('cooldown');
    expect(stateOf(all, 'c', t2 + 7 * DAY, LONG)).toBe('due');
    // The declined ones too, once their own snooze is over.
    expect(stateOf(all, 'a', t2, LONG)).toBe('snoozed');
    expect(stateOf(all, 'a', t1 + DAY, LONG)).toBe('cooldown');
    expect(stateOf(all, 'a', t2 + 7 * DAY, LONG)).toBe('due');
  });

  test('one decline only snoozes that delivery; the others stay due', () => {
    const [a] = three();
    const all = update(three(), dismissed(a!, t1));
    expect(stateOf(all, 'a', t1 + H, LONG)).toBe('snoozed');
    expect(stateOf(all, 'b', t1 + H, LONG)).toBe('due');
    expect(stateOf(all, 'a', t1 + DAY, LONG)).toBe('due');
  });

  test('two declines of the same delivery (asked again a day later) count too', () => {
    const [a] = three();
    const twice = dismissed(dismissed(a!, t1), t1 + DAY);
    const all = update(three(), twice);
    const p = policyFrom({ windowDays: [0, 60], maxPrompts: 5 });
    expect(stateOf(all, 'b', t1 + DAY, p)).toBe('cooldown');
    expect(stateOf(all, 'b', t1 + 8 * DAY - 1, p)).toBe('cooldown');
    expect(stateOf(all, 'b', t1 + 8 * DAY, p)).toBe('due');
  });

  test('"remind me later" is not a decline', () => {
    const [a, b] = three();
    const laterThenDecline = update(three(), dismissed(a!, t1, true), dismissed(b!, t2));
    expect(stateOf(laterThenDecline, 'c', t2, LONG)).toBe('due');
    const declineThenLater = update(three(), dismissed(a!, t1), dismissed(b!, t2, true));
    expect(stateOf(declineThenLater, 'c', t2, LONG)).toBe('due');
    const laterTwice = update(three(), dismissed(a!, t1, true), dismissed(b!, t2, true));
    expect(stateOf(laterTwice, 'c', t2, LONG)).toBe('due');
    // It still snoozes the delivery itself.
    expect(stateOf(laterTwice, 'b', t2 + DAY - 1, LONG)).toBe('snoozed');
    expect(stateOf(laterTwice, 'b', t2 + DAY, LONG)).toBe('due');
  });

  test('an answer between two declines resets the count', () => {
    const p = policyFrom({ windowDays: [0, 60], cooldownDays: 0 }); // only the decline rule in play
    const [a, b, c] = three();
    const d = delivery({ id: 'd', customerId: 'c1' });
    const all = [dismissed(a!, t1), answered(b!, t1 + H), dismissed(c!, t2), d];
    expect(stateOf(all, 'd', t2, p)).toBe('due');
    // Without the answer in between, the same two declines pause the customer.
    const noAnswer = [dismissed(a!, t1), b!, dismissed(c!, t2), d];
    expect(stateOf(noAnswer, 'd', t2, p)).toBe('cooldown');
  });

  test("another customer's declines do not count", () => {
    const all = [
      dismissed(delivery({ id: 'a', customerId: 'c1' }), t1),
      dismissed(delivery({ id: 'b', customerId: 'c2' }), t2),
      delivery({ id: 'c', customerId: 'c1' }),
      delivery({ id: 'd', customerId: 'c2' }),
    ];
    expect(stateOf(all, 'c', t2, LONG)).toBe('due');
    expect(stateOf(all, 'd', t2, LONG)).toBe('due');
  });

  test('declineCooldownDays is configurable; 0 disables it', () => {
    const [a, b] = three();
    const all = update(three(), dismissed(a!, t1), dismissed(b!, t2));
    const short = policyFrom({ windowDays: [0, 60], declineCooldownDays: 1.5 });
    expect(stateOf(all, 'c', t2 + 36 * H - 1, short)).toBe('cooldown');
    expect(stateOf(all, 'c', t2 + 36 * H, short)).toBe('due');
    const none = policyFrom({ windowDays: [0, 60], declineCooldownDays: 0 });
    expect(stateOf(all, 'c', t2, none)).toBe('due');
  });
});

describe('remindAfterHours, maxPrompts', () => {
  const inWindow = T0 + 100 * H;

  test('remindAfterHours sets the snooze after a dismissal, exactly, for a decline and for "later"', () => {
    const p = policyFrom({ remindAfterHours: 2 });
    for (const later of [false, true]) {
      const d = dismissed(delivery(), inWindow, later);
      expect(dueState(d, inWindow + 2 * H - 1, p)).toBe('snoozed');
      expect(dueState(d, inWindow + 2 * H, p)).toBe('due');
    }
    const long = policyFrom({ remindAfterHours: 48 });
    const d = dismissed(delivery(), inWindow);
    expect(dueState(d, inWindow + 47 * H, long)).toBe('snoozed');
    expect(dueState(d, inWindow + 48 * H, long)).toBe('due');
  });

  test('a snooze does not outlive the window', () => {
    const d = dismissed(delivery(), T0 + 167 * H);
    expect(dueState(d, T0 + 168 * H, policyFrom({ remindAfterHours: 48 }))).toBe('closed');
  });

  test('maxPrompts caps the displays of one delivery', () => {
    expect(dueState(delivery({ prompts: 0 }), inWindow, policyFrom({ maxPrompts: 1 }))).toBe('due');
    expect(dueState(delivery({ prompts: 1 }), inWindow, policyFrom({ maxPrompts: 1 }))).toBe('exhausted');
    expect(dueState(delivery({ prompts: 2 }), inWindow, policyFrom({ maxPrompts: 3 }))).toBe('due');
    expect(dueState(delivery({ prompts: 3 }), inWindow, policyFrom({ maxPrompts: 3 }))).toBe('exhausted');
  });

  test('a delivery dismissed three times is asked again after each snooze until maxPrompts', () => {
    const p = policyFrom({ maxPrompts: 3, remindAfterHours: 12, declineCooldownDays: 0 });
    let d = delivery();
    let t = T0 + 72 * H;
    const states: string[] = [];
    for (let i = 0; i < 4; i++) {
      states.push(dueState(d, t, p));
      if (dueState(d, t, p) !== 'due') break;
      d = dismissed(d, t, true);
      t += 12 * H;
    }
    expect(states).toEqual(['due', 'due', 'due', 'exhausted']);
  });
});

describe('sampleRate', () => {
  const inWindow = T0 + 100 * H;
  const at = (sample: number | undefined, sampleRate: number) => dueState(delivery({ sample }), inWindow, policyFrom({ sampleRate }));

  test('0 surveys nobody', () => {
    for (const s of [0, 0.25, 0.5, 0.999999, undefined]) expect(at(s, 0)).toBe('unsampled');
  });

  test('1 surveys everybody', () => {
    for (const s of [0, 0.5, 0.999999, undefined]) expect(at(s, 1)).toBe('due');
  });

  test('0.5 surveys rolls below it; the boundary sample === sampleRate is out', () => {
    expect(at(0, 0.5)).toBe('due');
    expect(at(0.4999999, 0.5)).toBe('due');
    expect(at(0.5, 0.5)).toBe('unsampled');
    expect(at(0.75, 0.5)).toBe('unsampled');
    expect(at(0.25, 0.25)).toBe('unsampled');
  });

  test('the remembered roll decides every time: an unsampled delivery stays out for its whole window', () => {
    const d = delivery({ sample: 0.7 });
    const p = policyFrom({ sampleRate: 0.5 });
    for (let t = T0 + 72 * H; t < T0 + 168 * H; t += H) expect(dueState(d, t, p)).toBe('unsampled');
    expect(dueList([d], T0 + 100 * H, p)).toEqual([]);
  });

  test('outside the window the window speaks first; an answer speaks before all', () => {
    const p = policyFrom({ sampleRate: 0 });
    expect(dueState(delivery({ sample: 0.9 }), T0, p)).toBe('early');
    expect(dueState(delivery({ sample: 0.9 }), T0 + 168 * H, p)).toBe('closed');
    expect(dueState(answered(delivery({ sample: 0.9 }), inWindow), inWindow, p)).toBe('answered');
  });
});

describe('policyFrom', () => {
  test('defaults: 3–7 day window, 24 h snooze, 2 prompts, 30 d cooldown, 7 d decline cooldown, everyone sampled', () => {
    expect(policyFrom()).toEqual({ windowDays: [3, 7], snoozeMs: 24 * H, maxPrompts: 2, cooldownMs: 30 * DAY, declineCooldownMs: 7 * DAY, sampleRate: 1 });
    expect(policyFrom({})).toEqual(DEFAULT_POLICY);
  });

  test('hours and days become elapsed milliseconds', () => {
    expect(policyFrom({ windowDays: [1, 14], remindAfterHours: 1.5, maxPrompts: 4, cooldownDays: 90, declineCooldownDays: 0.5, sampleRate: 0.1 })).toEqual({
      windowDays: [1, 14],
      snoozeMs: 90 * 60_000,
      maxPrompts: 4,
      cooldownMs: 90 * DAY,
      declineCooldownMs: 12 * H,
      sampleRate: 0.1,
    });
  });

  test('each option alone changes only its own field; 0 is kept, not replaced by the default', () => {
    expect(policyFrom({ cooldownDays: 0 })).toEqual({ ...DEFAULT_POLICY, cooldownMs: 0 });
    expect(policyFrom({ declineCooldownDays: 0 })).toEqual({ ...DEFAULT_POLICY, declineCooldownMs: 0 });
    expect(policyFrom({ sampleRate: 0 })).toEqual({ ...DEFAULT_POLICY, sampleRate: 0 });
    expect(policyFrom({ remindAfterHours: 6 })).toEqual({ ...DEFAULT_POLICY, snoozeMs: 6 * H });
    expect(policyFrom({ maxPrompts: 1 })).toEqual({ ...DEFAULT_POLICY, maxPrompts: 1 });
  });
});
