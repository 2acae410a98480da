import { describe, expect, test } from 'vitest';
import { DEFAULT_POLICY, atWave, dueList, dueState, policyFrom, waveOf, windowOf, type Policy } from '../../src/schedule.ts';
import type { DeliveryState, HistoryEntry } from '../../src/types.ts';

// Re-survey waves (issue 14), pure: every clock is passed in.

const H = 3_600_000;
const DAY = 24 * H;
const T0 = Date.parse('2026-11-20T10:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();
/** `T0 + days`, in elapsed ms. */
const day = (days: number) => T0 + days * DAY;
const PLAN = { everyDays: 30, untilDays: 365 };

const delivery = (over: Partial<DeliveryState> = {}): DeliveryState => ({
  id: 'a',
  deliveredAt: at(T0),
  surveys: ['csat'],
  recordedAt: at(T0),
  prompts: 0,
  history: [],
  ...over,
});
const planned = (over: Partial<DeliveryState> = {}) => delivery({ resurvey: PLAN, ...over });

// What the SDK writes (noteDelivery / saveAnswer), through atWave, with `wave` on history lines when not 0.

const line = (t: number, type: HistoryEntry['type'], wave: number | undefined, later = false): HistoryEntry => {
  const h: HistoryEntry = { at: at(t), type };
  if (later) h.later = true;
  if (wave) h.wave = wave;
  return h;
};

/** `d` shown at `t` (markShown). */
const shown = (d: DeliveryState, t: number, policy: Policy = DEFAULT_POLICY): DeliveryState => {
  const w = atWave(d, t, policy);
  return { ...w, prompts: w.prompts + 1, history: [...w.history, line(t, 'shown', w.wave)] };
};

/** `d` dismissed at `t`: a decline, or "remind me later" with `later`. */
const dismissed = (d: DeliveryState, t: number, later = false, policy: Policy = DEFAULT_POLICY): DeliveryState => {
  const w = atWave(d, t, policy);
  return { ...w, dismissedAt: at(t), history: [...w.history, line(t, 'dismissed', w.wave, later)] };
};

/** `d` answered at `t` (the next revision of its current wave's response). */
const answered = (d: DeliveryState, t: number, policy: Policy = DEFAULT_POLICY): DeliveryState => {
  const w = atWave(d, t, policy);
  const wave = w.wave ?? 0;
  const response = {
    id: w.response?.id ?? `00000000-0000-4000-8000-00000000000${wave % 10}`,
    revision: (w.response?.revision ?? 0) + 1,
    deliveryId: w.id,
    deliveredAt: w.deliveredAt,
    answeredAt: at(t),
    csat: 5,
    complete: true,
    locale: 'en',
    ...(w.resurvey ? { wave } : {}),
  };
  return { ...w, response, history: [...w.history, line(t, 'answered', w.wave)] };
};

/** Replaces the deliveries of `all` that share an id with `changed`. */
const update = (all: DeliveryState[], ...changed: DeliveryState[]) => all.map((d) => changed.find((c) => c.id === d.id) ?? d);
const get = (all: DeliveryState[], id: string) => all.find((d) => d.id === id)!;
const stateOf = (all: DeliveryState[], id: string, now: number, policy: Policy = DEFAULT_POLICY) => dueState(get(all, id), now, policy, all);

describe('wave edges (everyDays 30, untilDays 365; default window [3, 7))', () => {
  for (const k of [1, 2, 11]) {
    test(`wave ${k}: due from exactly ${k}·30 d + 3 d (inclusive) until + 7 d (exclusive), elapsed ms`, () => {
      const d = planned();
      const opens = day(k * 30 + 3);
      const closes = day(k * 30 + 7);
      expect(dueState(d, opens - 1)).toBe('closed'); // the previous wave closed long ago: between waves
      expect(dueState(d, opens)).toBe('due');
      expect(dueState(d, closes - 1)).toBe('due');
      expect(dueState(d, closes)).toBe('closed');
      expect(waveOf(d, opens - 1)).toEqual({ wave: k - 1, opens: day((k - 1) * 30 + 3), closes: day((k - 1) * 30 + 7) });
      expect(waveOf(d, opens)).toEqual({ wave: k, opens, closes });
      expect(waveOf(d, closes - 1)).toEqual({ wave: k, opens, closes });
      expect(waveOf(d, closes)).toEqual({ wave: k, opens, closes });
      expect(dueList([d], opens - 1)).toEqual([]);
      expect(dueList([d], opens).map((x) => x.wave)).toEqual([k]);
      expect(dueList([d], closes)).toEqual([]);
    });
  }

  test('wave 0 is the normal survey: early before day 3, due in [3, 7), closed after', () => {
    const d = planned();
    expect(dueState(d, T0)).toBe('early');
    expect(dueState(d, day(3) - 1)).toBe('early');
    expect(dueState(d, day(3))).toBe('due');
    expect(dueState(d, day(7) - 1)).toBe('due');
    expect(dueState(d, day(7))).toBe('closed');
    expect(dueState(d, day(20))).toBe('closed'); // between waves
    expect(waveOf(d, T0)).toEqual({ wave: 0, ...windowOf(d.deliveredAt) });
  });

  test('the last wave is the last one opening before untilDays: wave 12 opens day 363 and is due; nothing at day 393', () => {
    const d = planned();
    expect(dueState(d, day(363) - 1)).toBe('closed');
    expect(dueState(d, day(363))).toBe('due');
    expect(waveOf(d, day(363))).toEqual({ wave: 12, opens: day(363), closes: day(367) });
    expect(dueState(d, day(367) - 1)).toBe('due');
    expect(dueState(d, day(367))).toBe('closed');
    // No wave 13 (it would open on day 393, after untilDays).
    expect(waveOf(d, day(393))).toEqual({ wave: 12, opens: day(363), closes: day(367) });
    expect(dueState(d, day(393))).toBe('closed');
    expect(dueState(d, day(396))).toBe('closed');
    expect(dueList([d], day(393))).toEqual([]);
    expect(waveOf(d, day(5000)).wave).toBe(12);
  });

  test('untilDays exactly at an opening: that wave does not exist (its opening is not before untilDays)', () => {
    const d = planned({ resurvey: { everyDays: 30, untilDays: 363 } });
    expect(waveOf(d, day(363)).wave).toBe(11);
    expect(dueState(d, day(363))).toBe('closed');
    expect(dueState(d, day(366))).toBe('closed');
    expect(dueList([d], day(363))).toEqual([]);
    // Wave 11 (day 333) still does.
    expect(dueState(d, day(333))).toBe('due');
    // One ms later than day 363 and wave 12 exists again.
    const later = planned({ resurvey: { everyDays: 30, untilDays: 363 + 1 / DAY } });
    expect(waveOf(later, day(363))).toEqual({ wave: 12, opens: day(363), closes: day(367) });
    expect(dueState(later, day(363))).toBe('due');
  });

  test('waveOf values', () => {
    const d = planned();
    const w = (days: number) => waveOf(d, day(days)).wave;
    expect([0, 3, 6.99, 7, 32.99, 33, 37, 62.99, 63, 93, 123, 333, 362.99, 363, 400].map(w)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 2, 3, 4, 11, 11, 12, 12]);
    expect(waveOf(d, Date.parse('2026-12-24T10:00:00Z'))).toEqual({ wave: 1, opens: day(33), closes: day(37) });
    // Before delivery, and without a plan: wave 0 and the delivery's window.
    expect(waveOf(d, T0 - 10 * DAY)).toEqual({ wave: 0, opens: day(3), closes: day(7) });
    expect(waveOf(delivery(), day(100))).toEqual({ wave: 0, opens: day(3), closes: day(7) });
    // A plan whose first re-survey would open after untilDays: wave 0 only.
    expect(waveOf(planned({ resurvey: { everyDays: 1, untilDays: 2 } }), day(100)).wave).toBe(0);
    expect(dueState(planned({ resurvey: { everyDays: 1, untilDays: 2 } }), day(5))).toBe('due');
    // The policy's window moves every wave.
    const p = policyFrom({ windowDays: [1, 2] });
    expect(waveOf(d, day(31), p)).toEqual({ wave: 1, opens: day(31), closes: day(32) });
    expect(dueState(d, day(32), p)).toBe('closed');
  });

  test('a wave that passes unshown is skipped, never stacked: nothing shown in wave 1, wave 2 is due at day 63', () => {
    const d = answered(shown(planned(), day(4)), day(4));
    expect(dueState(d, day(33))).toBe('due'); // wave 1, never shown
    expect(dueState(d, day(37))).toBe('closed');
    expect(dueState(d, day(50))).toBe('closed');
    expect(dueState(d, day(63) - 1)).toBe('closed');
    expect(dueState(d, day(63))).toBe('due');
    const [due] = dueList([d], day(63));
    expect(due).toMatchObject({ wave: 2, prompts: 0 });
    expect(due!.response).toBeUndefined();
    // Wave 2's window is its own: still 4 days, not wave 1's left over.
    expect(dueState(d, day(67) - 1)).toBe('due');
    expect(dueState(d, day(67))).toBe('closed');
  });

  test('overlapping windows (everyDays 2 < the 4-day window): only the latest opened wave is due, never two', () => {
    const d = planned({ resurvey: { everyDays: 2, untilDays: 20 } });
    // Waves open on days 3, 5, 7, …, 19 (k·2 + 3 < 20 → k ≤ 8).
    expect(waveOf(d, day(8))).toEqual({ wave: 2, opens: day(7), closes: day(11) }); // wave 1's [5, 9) is still open, not due
    for (let t = day(3); t < day(30); t += H) {
      const list = dueList([d], t);
      const w = waveOf(d, t);
      expect(list.length).toBe(t < day(23) ? 1 : 0);
      if (list.length) expect(list[0]!.wave ?? 0).toBe(w.wave);
      expect(w.wave).toBe(Math.min(8, Math.floor((t - day(3)) / (2 * DAY))));
    }
    // Answering wave 2 on day 8 does not make wave 1 (open until day 9) due again; wave 3 comes on day 9.
    const a = answered(shown(d, day(8)), day(8));
    expect(dueState(a, day(8) + H)).toBe('answered');
    expect(dueState(a, day(9) - 1)).toBe('answered');
    expect(dueState(a, day(9))).toBe('due');
    expect(atWave(a, day(9)).wave).toBe(3);
    // The last wave (8, day 19) closes on day 23.
    expect(dueState(d, day(23) - 1)).toBe('due');
    expect(dueState(d, day(23))).toBe('closed');
  });
});

describe('atWave', () => {
  test('a new wave starts afresh: no response, no prompts, no snooze; the history stays', () => {
    const d = dismissed(shown(answered(shown(planned(), day(4)), day(4)), day(5)), day(5));
    expect(d.response).toBeDefined();
    expect(d.prompts).toBe(2);
    const w1 = atWave(d, day(33));
    expect(w1.wave).toBe(1);
    expect(w1.prompts).toBe(0);
    expect(w1.response).toBeUndefined();
    expect(w1.dismissedAt).toBeUndefined();
    expect(w1.history).toBe(d.history);
    expect(w1).toEqual({ ...d, wave: 1, prompts: 0, response: undefined, dismissedAt: undefined });
    expect(d.response).toBeDefined(); // pure: the input is untouched
  });

  test('the same wave returns the same object', () => {
    const d = planned();
    expect(atWave(d, day(4))).toBe(d); // wave 0, with no `wave` field
    const w1 = atWave(d, day(33));
    expect(atWave(w1, day(34))).toBe(w1);
    expect(atWave(w1, day(62))).toBe(w1); // still wave 1, between waves
    const w2 = atWave(w1, day(63));
    expect(w2).not.toBe(w1);
    expect(w2.wave).toBe(2);
    const noPlan = delivery({ prompts: 1 });
    expect(atWave(noPlan, day(400))).toBe(noPlan);
  });

  test('a plan change that puts the delivery at an earlier wave number than its record does not start a wave afresh', () => {
    // Answered in wave 0 (day 4) and wave 1 (day 33) under 30/365; on day 34 re-recorded with 60/365,
    // under which day 34 is in wave 0. The record describes wave 1: no later wave opened, so nothing
    // may be wiped (atWave: "a later wave than the record describes starts afresh").
    const d = answered(shown(answered(shown(planned(), day(4)), day(4)), day(33)), day(33));
    expect(d).toMatchObject({ wave: 1, prompts: 1, response: { wave: 1, revision: 1 } });
    const replanned: DeliveryState = { ...d, resurvey: { everyDays: 60, untilDays: 365 } };
    expect(waveOf(replanned, day(34)).wave).toBe(0);
    expect(atWave(replanned, day(34)).response).toEqual(d.response);
    expect(atWave(replanned, day(34))).toBe(replanned);
  });

  test('each wave has its own prompt count, snooze and response', () => {
    let d = shown(shown(planned(), day(4)), day(5)); // 2 prompts in wave 0
    expect(dueState(d, day(6))).toBe('exhausted');
    expect(dueState(d, day(33))).toBe('due');
    d = dismissed(shown(d, day(33)), day(33), true); // wave 1: shown, "remind me later"
    expect(dueState(d, day(34) - 1)).toBe('snoozed');
    expect(dueState(d, day(34))).toBe('due');
    d = shown(d, day(34));
    expect(dueState(d, day(35))).toBe('exhausted');
    expect(dueState(d, day(63))).toBe('due');
    d = answered(shown(d, day(63)), day(63));
    expect(d.response).toMatchObject({ wave: 2, revision: 1 });
    expect(dueState(d, day(64))).toBe('answered');
    // A snooze does not outlive its wave: dismissed an hour before wave 2 closes, wave 3 is due on day 93.
    const late = dismissed(shown(planned(), day(67) - H), day(67) - H);
    expect(dueState(late, day(67))).toBe('closed');
    expect(dueState(late, day(93))).toBe('due');
  });
});

describe('cooldowns across waves and deliveries', () => {
  // One customer: A (delivered T0, every 30 days) and B (delivered day 20, every 5 days, so that one of
  // its waves is open whenever a cooldown ends: waves open on days 23, 28, 33, …, 63, 68, …, 93).
  const base = () => [
    planned({ id: 'A', customerId: 'c1' }),
    delivery({ id: 'B', customerId: 'c1', deliveredAt: at(day(20)), resurvey: { everyDays: 5, untilDays: 365 } }),
  ];
  /** A answered in wave 0 on day 4. */
  const afterA0 = () => {
    const all = base();
    return update(all, answered(shown(get(all, 'A'), day(4)), day(4)));
  };

  test('(a) an answer holds back the customer’s other deliveries for 30 days, never the delivery’s own waves', () => {
    const all = afterA0();
    expect(stateOf(all, 'A', day(10))).not.toBe('due');
    expect(stateOf(all, 'A', day(33) - 1)).not.toBe('due');
    expect(stateOf(all, 'A', day(33))).toBe('due'); // own waves never cooled
    expect(dueList(all, day(33)).map((d) => [d.id, d.wave])).toEqual([['A', 1]]);
    // B (delivered day 20) is in cooldown until day 34 = 4 + 30.
    expect(stateOf(all, 'B', day(23))).toBe('cooldown');
    expect(stateOf(all, 'B', day(33))).toBe('cooldown');
    expect(stateOf(all, 'B', day(34) - 1)).toBe('cooldown');
    expect(stateOf(all, 'B', day(34))).toBe('due');
    expect(waveOf(get(all, 'B'), day(34)).wave).toBe(2);
  });

  test('(a) an answer in a later wave holds the others back again; its revisions do not restart the cooldown', () => {
    let all = afterA0();
    all = update(all, answered(shown(get(all, 'A'), day(33.5)), day(33.5)));
    expect(get(all, 'A').response).toMatchObject({ wave: 1, revision: 1 });
    expect(get(all, 'A').response!.id).not.toBe(get(afterA0(), 'A').response!.id);
    all = update(all, answered(get(all, 'A'), day(35))); // a revision of wave 1
    expect(get(all, 'A').response).toMatchObject({ wave: 1, revision: 2 });
    expect(stateOf(all, 'B', day(34))).toBe('cooldown');
    expect(stateOf(all, 'B', day(62) - 1)).toBe('cooldown'); // B's wave 7, [58, 62)
    expect(stateOf(all, 'B', day(63))).toBe('cooldown'); // wave 8, [63, 67)
    expect(stateOf(all, 'B', day(63.5) - 1)).toBe('cooldown');
    expect(stateOf(all, 'B', day(63.5))).toBe('due'); // 33.5 + 30, not 35 + 30
    // A itself: wave 2 on day 63, not held by its own answers.
    expect(stateOf(all, 'A', day(63))).toBe('due');
    expect(dueList(all, day(63.5)).map((d) => [d.id, d.wave])).toEqual([
      ['A', 2],
      ['B', 8],
    ]);
  });

  test('(b) two declines in a row (days 63 and 64, wave 2) pause the customer until day 71, waves included; wave 3 on day 93 is due', () => {
    const p = policyFrom({ maxPrompts: 3 }); // so A is not simply exhausted after two shows
    let all = afterA0();
    expect(stateOf(all, 'A', day(63), p)).toBe('due');
    all = update(all, dismissed(shown(get(all, 'A'), day(63), p), day(63), false, p));
    // One decline only snoozes that wave.
    expect(stateOf(all, 'A', day(63) + H, p)).toBe('snoozed');
    expect(stateOf(all, 'B', day(63) + H, p)).toBe('due');
    expect(stateOf(all, 'A', day(64), p)).toBe('due');
    all = update(all, dismissed(shown(get(all, 'A'), day(64), p), day(64), false, p));
    expect(get(all, 'A').history.filter((h) => h.type === 'dismissed')).toEqual([
      { at: at(day(63)), type: 'dismissed', wave: 2 },
      { at: at(day(64)), type: 'dismissed', wave: 2 },
    ]);
    // Nothing for the customer until day 71.
    for (let t = day(64); t < day(71); t += H) expect(dueList(all, t, p)).toEqual([]);
    expect(stateOf(all, 'B', day(64), p)).toBe('cooldown');
    expect(stateOf(all, 'A', day(65), p)).toBe('cooldown'); // its own snooze is over, its wave still open
    expect(stateOf(all, 'A', day(67), p)).toBe('closed');
    expect(stateOf(all, 'B', day(68), p)).toBe('cooldown'); // B's wave 9, [68, 72)
    expect(stateOf(all, 'B', day(71) - 1, p)).toBe('cooldown');
    expect(stateOf(all, 'B', day(71), p)).toBe('due');
    // A's wave 3 on day 93.
    expect(stateOf(all, 'A', day(93) - 1, p)).toBe('closed');
    expect(stateOf(all, 'A', day(93), p)).toBe('due');
    expect(dueList(all, day(93), p).map((d) => [d.id, d.wave])).toEqual([
      ['A', 3],
      ['B', 14],
    ]);
  });

  test('(b) with the default policy the same two declines exhaust wave 2 and pause B until day 71', () => {
    let all = afterA0();
    all = update(all, dismissed(shown(get(all, 'A'), day(63)), day(63)));
    all = update(all, dismissed(shown(get(all, 'A'), day(64)), day(64)));
    expect(stateOf(all, 'A', day(65))).toBe('exhausted');
    expect(stateOf(all, 'B', day(71) - 1)).toBe('cooldown');
    expect(stateOf(all, 'B', day(71))).toBe('due');
    expect(stateOf(all, 'A', day(93))).toBe('due');
  });

  test("an answer to another delivery holds back a delivery's wave too", () => {
    let all = base();
    all = update(all, answered(shown(get(all, 'B'), day(23)), day(23))); // B answered day 23: until day 53
    expect(stateOf(all, 'A', day(33))).toBe('cooldown'); // A's wave 1, [33, 37)
    expect(stateOf(all, 'A', day(37) - 1)).toBe('cooldown');
    expect(stateOf(all, 'A', day(63))).toBe('due'); // wave 2
    expect(stateOf(all, 'B', day(28))).toBe('due'); // B's own wave 1: not held by its own answer
  });

  test('two declines in different waves of one delivery count as two in a row', () => {
    let all = base();
    all = update(all, dismissed(shown(get(all, 'A'), day(4)), day(4))); // wave 0
    expect(stateOf(all, 'B', day(33))).toBe('due');
    all = update(all, dismissed(shown(get(all, 'A'), day(33)), day(33))); // wave 1
    expect(stateOf(all, 'B', day(33))).toBe('cooldown');
    expect(stateOf(all, 'B', day(40) - 1)).toBe('cooldown'); // B's wave 3, [38, 42)
    expect(stateOf(all, 'B', day(40))).toBe('due');
    expect(stateOf(all, 'A', day(63))).toBe('due');
  });

  test('"remind me later" in a wave is not a decline', () => {
    let all = afterA0();
    all = update(all, dismissed(shown(get(all, 'A'), day(63)), day(63), true));
    all = update(all, dismissed(shown(get(all, 'A'), day(64)), day(64)));
    expect(stateOf(all, 'B', day(64))).toBe('due');
  });

  test('(c) different customerIds are independent', () => {
    let all = [...afterA0(), delivery({ id: 'X', customerId: 'c2', deliveredAt: at(day(20)), resurvey: { everyDays: 5, untilDays: 365 } })];
    // c1's answer on day 4 does not hold back c2.
    expect(stateOf(all, 'X', day(23))).toBe('due');
    expect(stateOf(all, 'B', day(23))).toBe('cooldown');
    // c1's two declines do not pause c2.
    all = update(all, dismissed(shown(get(all, 'A'), day(63)), day(63)));
    all = update(all, dismissed(shown(get(all, 'A'), day(64)), day(64)));
    expect(stateOf(all, 'X', day(64))).toBe('due');
    expect(stateOf(all, 'B', day(64))).toBe('cooldown');
    expect(dueList(all, day(64)).map((d) => d.id)).toEqual(['X']);
    // c2's answer does not hold back c1.
    all = update(all, answered(shown(get(all, 'X'), day(64)), day(64)));
    expect(stateOf(all, 'B', day(71))).toBe('due');
    expect(stateOf(all, 'A', day(93))).toBe('due');
  });
});

describe('dueList order', () => {
  test("the one whose current wave's window closes first comes first, whatever the delivery dates", () => {
    const all = [
      planned({ id: 'a-plan', customerId: 'c1' }), // wave 1 on day 34: closes day 37
      delivery({ id: 'b-late', customerId: 'c2', deliveredAt: at(day(29)) }), // closes day 36
      delivery({ id: 'c-later', customerId: 'c3', deliveredAt: at(day(30.5)) }), // closes day 37.5
      delivery({ id: 'd-plan', customerId: 'c4', deliveredAt: at(day(-1)), resurvey: { everyDays: 30, untilDays: 365 } }), // wave 1: closes day 36
    ];
    const list = dueList(all, day(34));
    expect(list.map((d) => [d.id, d.wave])).toEqual([
      ['b-late', undefined],
      ['d-plan', 1],
      ['a-plan', 1],
      ['c-later', undefined],
    ]);
  });
});

describe('without a plan, as before', () => {
  test('window, closed after it, answered, maxPrompts, snooze', () => {
    const d = delivery();
    expect(dueState(d, day(3) - 1)).toBe('early');
    expect(dueState(d, day(3))).toBe('due');
    expect(dueState(d, day(7))).toBe('closed');
    expect(dueState(d, day(33))).toBe('closed');
    expect(dueState(d, day(363))).toBe('closed');
    const a = answered(d, day(4));
    expect(a.response).not.toHaveProperty('wave');
    expect(a.history).toEqual([{ at: at(day(4)), type: 'answered' }]);
    expect(dueState(a, day(5))).toBe('answered');
    expect(dueState(a, day(33))).toBe('answered');
    expect(dueState(delivery({ prompts: 2 }), day(4))).toBe('exhausted');
    const s = dismissed(shown(d, day(4)), day(4));
    expect(dueState(s, day(5) - 1)).toBe('snoozed');
    expect(dueState(s, day(5))).toBe('due');
    expect(dueList([d], day(4))).toEqual([d]); // the same object: no wave added
  });

  test('cooldown after an answer and after two declines, as before', () => {
    const LONG = policyFrom({ windowDays: [0, 60] });
    const all = [answered(delivery({ id: 'a', customerId: 'c1' }), day(3)), delivery({ id: 'b', customerId: 'c1' })];
    expect(stateOf(all, 'b', day(33) - 1, LONG)).toBe('cooldown');
    expect(stateOf(all, 'b', day(33), LONG)).toBe('due');
    const three = [delivery({ id: 'a', customerId: 'c1' }), delivery({ id: 'b', customerId: 'c1' }), delivery({ id: 'c', customerId: 'c1' })];
    const declined = update(three, dismissed(shown(three[0]!, day(3), LONG), day(3)), dismissed(shown(three[1]!, day(3.5), LONG), day(3.5)));
    expect(stateOf(declined, 'c', day(10.5) - 1, LONG)).toBe('cooldown');
    expect(stateOf(declined, 'c', day(10.5), LONG)).toBe('due');
  });
});
