import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { AftercareError, createAftercare, type Aftercare } from '../../sdk/index.ts';
import { checkDisplay, checkResponse } from '../../src/schema.ts';
import { readTag } from '../../widget/tag.ts';
import { at, collector, DAY, ENDPOINT, H, ok, server, sites, T0, UUID } from './helpers.ts';

// Re-survey waves (issue 14) through the SDK: fake-indexeddb, the msw collector, a movable clock.

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
const made = sites();
afterEach(() => {
  made.closeAll();
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());

const day = (days: number) => T0 + days * DAY;
const PLAN = { everyDays: 30, untilDays: 365 };

const open = () => made.open();

/** A site with one SDK instance, a collector that takes everything, and delivery o1 recorded at T0 on PLAN. */
async function planned() {
  const s = open();
  const state = collector((rs) => ok(state)(rs));
  const a = s.load();
  await a.recordDelivery({ id: 'o1', deliveredAt: at(T0), resurvey: PLAN });
  return { s, state, a };
}

/** The due list as [id, wave] pairs (wave 0 when the record does not say). */
const due = async (a: Aftercare) => (await a.due()).map((d) => [d.id, d.wave ?? 0]);

/** The message of the error `p` rejects with (fails the test if it resolves or rejects with something else). */
async function rejection(p: Promise<unknown>): Promise<AftercareError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AftercareError);
    return e as AftercareError;
  }
  throw new Error('expected a rejection');
}

describe('a delivery with a re-survey plan', () => {
  test('wave 0, nothing between waves, wave 1 with a new response id; both responses and the displays reach the collector with their wave', async () => {
    const s = open();
    const state = collector((rs) => ok(state)(rs));
    const first = s.load();
    const recorded = await first.recordDelivery({ id: 'o1', deliveredAt: at(T0), customerId: 'c1', resurvey: PLAN });
    expect(recorded.resurvey).toEqual(PLAN);
    expect(recorded.history).toEqual([{ at: at(T0), type: 'recorded' }]);

    // Day 4: wave 0.
    s.clock.now = day(4);
    const a = s.load();
    expect(await due(a)).toEqual([['o1', 0]]);
    await a.markShown('o1');
    const r0 = await a.answer({ deliveryId: 'o1', csat: 4 });
    expect(r0).toMatchObject({ id: expect.stringMatching(UUID), revision: 1, wave: 0, csat: 4, deliveryId: 'o1', customerId: 'c1' });
    expect(checkResponse(r0)).toEqual({ success: true, data: r0 });
    expect(await a.flush()).toEqual({ sent: 1, pending: 0, failed: 0 });

    // Day 10: between waves, nothing.
    s.clock.now = day(10);
    expect(await due(s.load())).toEqual([]);
    s.clock.now = day(33) - 1;
    expect(await due(s.load())).toEqual([]);

    // Day 33: wave 1, a new response.
    s.clock.now = day(33);
    const b = s.load();
    const [d1] = await b.due();
    expect(d1).toMatchObject({ id: 'o1', wave: 1, prompts: 0 });
    expect(d1!.response).toBeUndefined();
    const shown = await b.markShown('o1');
    expect(shown).toMatchObject({ wave: 1, prompts: 1 });
    expect(shown.display).toMatchObject({ wave: 1 });
    s.clock.now += H;
    const r1 = await b.answer({ deliveryId: 'o1', csat: 5 });
    expect(r1).toMatchObject({ id: expect.stringMatching(UUID), revision: 1, wave: 1, csat: 5 });
    expect(r1.id).not.toBe(r0.id);
    expect(await b.flush()).toEqual({ sent: 1, pending: 0, failed: 0 });
    expect(await due(b)).toEqual([]);

    // A revision in wave 1 (next day, another page load) keeps that id.
    s.clock.now = day(34);
    const c = s.load();
    const r1b = await c.answer({ deliveryId: 'o1', comment: 'still great' });
    expect(r1b).toMatchObject({ id: r1.id, revision: 2, wave: 1, csat: 5, comment: 'still great' });
    expect(await c.flush()).toEqual({ sent: 1, pending: 0, failed: 0 });

    // The record: wave 1's response; the history keeps both waves, `wave` on the lines of wave 1 only.
    const stored = (await c.delivery('o1'))!;
    expect(stored).toMatchObject({ wave: 1, prompts: 1, response: r1b });
    expect(stored.history).toEqual([
      { at: at(T0), type: 'recorded' },
      { at: at(day(4)), type: 'shown' },
      { at: at(day(4)), type: 'answered' },
      { at: at(day(33)), type: 'shown', wave: 1 },
      { at: at(day(33) + H), type: 'answered', wave: 1 },
      { at: at(day(34)), type: 'answered', wave: 1 },
    ]);

    // What the collector received: three response requests, two rows (one per wave) and two displays.
    expect(state.requests).toEqual([[r0], [r1], [r1b]]);
    expect([...state.rows.values()]).toEqual([r0, r1b]);
    expect(state.requests.flat().map((r) => [r.id, r.revision, r.wave])).toEqual([
      [r0.id, 1, 0],
      [r1.id, 1, 1],
      [r1.id, 2, 1],
    ]);
    const displays = state.displayRequests.flat();
    for (const x of displays) expect(checkDisplay(x)).toEqual({ success: true, data: x });
    expect(displays.map((x) => [x.wave, x.outcome, x.responseId, x.shownAt])).toEqual([
      [0, 'answered', r0.id, at(day(4))],
      [1, 'answered', r1.id, at(day(33))],
    ]);
    expect(displays[0]).toHaveProperty('wave', 0); // 0 is sent, not left out
  });

  test('maxPrompts per wave: two shows exhaust wave 1, wave 2 is due again', async () => {
    const { s, state, a } = await planned();
    // Wave 0 exhausted too: two shows, no answer.
    for (const t of [day(4), day(5)]) {
      s.clock.now = t;
      await a.markShown('o1');
      await a.markHidden('o1');
    }
    s.clock.now = day(6);
    expect(await due(a)).toEqual([]);
    expect((await a.delivery('o1'))?.prompts).toBe(2);

    s.clock.now = day(33);
    expect(await due(a)).toEqual([['o1', 1]]);
    await a.markShown('o1');
    await a.markHidden('o1');
    expect(await due(a)).toEqual([['o1', 1]]); // one show left in wave 1
    s.clock.now = day(34);
    expect(await a.markShown('o1')).toMatchObject({ wave: 1, prompts: 2 });
    await a.markHidden('o1');
    s.clock.now = day(35);
    expect(await due(a)).toEqual([]); // exhausted in wave 1
    expect(await due(s.load())).toEqual([]);

    s.clock.now = day(63);
    const [w2] = await a.due();
    expect(w2).toMatchObject({ id: 'o1', wave: 2, prompts: 0 });
    expect(await a.markShown('o1')).toMatchObject({ wave: 2, prompts: 1 });

    s.clock.now = day(63) + H;
    await a.markHidden('o1');
    await a.flush();
    expect(state.displayRequests.flat().map((x) => [x.wave, x.outcome])).toEqual([
      [0, 'expired'],
      [0, 'expired'],
      [1, 'expired'],
      [1, 'expired'],
      [2, 'expired'],
    ]);
  });

  test('a survey on screen when the next wave opens: its score, comment and reasons stay with the wave shown', async () => {
    const s = open();
    const state = collector((rs) => ok(state)(rs));
    const a = s.load();
    // Every 4 days with a 3–7 day window: wave 1 opens (day 7) as wave 0 closes.
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0), resurvey: { everyDays: 4, untilDays: 30 } });
    s.clock.now = day(7) - 60_000;
    await a.markShown('o1');
    s.clock.now = day(7) + 60_000; // the customer answers two minutes later, in wave 1's window
    const r = await a.answer({ deliveryId: 'o1', csat: 2 });
    const r2 = await a.answer({ deliveryId: 'o1', comment: 'Slow', reasons: ['speed'] });
    expect(r).toMatchObject({ wave: 0, revision: 1 });
    expect(r2).toMatchObject({ id: r.id, wave: 0, revision: 2, comment: 'Slow', reasons: ['speed'] });
    // The next page view goes by the clock: wave 1 is due, with a response of its own.
    const b = s.load();
    expect(await due(b)).toEqual([['o1', 1]]);
    await b.markShown('o1');
    const w1 = await b.answer({ deliveryId: 'o1', csat: 5 });
    expect(w1).toMatchObject({ wave: 1, revision: 1 });
    expect(w1.id).not.toBe(r.id);
    await a.flush();
    await b.flush();
    const sent = state.displayRequests.flat().map((x) => [x.wave, x.outcome]);
    expect(sent.sort()).toEqual([
      [0, 'answered'],
      [1, 'answered'],
    ]);
  });

  test('dismiss({ later: true }) snoozes that wave only', async () => {
    const { s, state, a } = await planned();
    // Wave 1: "remind me later" on day 33 snoozes it for 24 h, then it is due again.
    s.clock.now = day(33);
    await a.markShown('o1');
    const d = await a.dismiss('o1', { later: true });
    expect(d).toMatchObject({ wave: 1, dismissedAt: at(day(33)) });
    expect(d.history.at(-1)).toEqual({ at: at(day(33)), type: 'dismissed', later: true, wave: 1 });
    s.clock.now = day(34) - 1;
    expect(await due(a)).toEqual([]);
    s.clock.now = day(34);
    expect(await due(a)).toEqual([['o1', 1]]);
    // Snoozed an hour before wave 1 closes: wave 2 is not snoozed.
    s.clock.now = day(37) - H;
    await a.markShown('o1');
    await a.dismiss('o1', { later: true });
    s.clock.now = day(63);
    expect(await due(a)).toEqual([['o1', 2]]);
    await a.flush();
    expect(state.displayRequests.flat().map((x) => [x.wave, x.outcome, x.later])).toEqual([
      [1, 'dismissed', true],
      [1, 'dismissed', true],
    ]);

    // Overlapping waves (every 2 days, a 4-day window): a snooze in wave 1 does not hold wave 2, which opens meanwhile.
    await a.recordDelivery({ id: 'o2', deliveredAt: at(day(100)), resurvey: { everyDays: 2, untilDays: 20 } });
    s.clock.now = day(106);
    expect(await due(a)).toEqual([['o2', 1]]);
    await a.markShown('o2');
    await a.dismiss('o2', { later: true });
    s.clock.now = day(107) - 1;
    expect(await due(a)).toEqual([]); // wave 1 snoozed
    s.clock.now = day(107);
    expect(await due(a)).toEqual([['o2', 2]]); // wave 2 opened: its own snooze, none yet
  });

  test('re-recording with a new plan keeps the answered response and changes which waves come', async () => {
    const { s, state, a } = await planned();
    s.clock.now = day(4);
    await a.markShown('o1');
    const r0 = await a.answer({ deliveryId: 'o1', csat: 3 });
    await a.flush();

    s.clock.now = day(10);
    const same = await a.recordDelivery({ id: 'o1', deliveredAt: at(T0), resurvey: PLAN });
    expect(same.history.map((h) => h.type)).toEqual(['recorded', 'shown', 'answered']); // nothing changed, no line
    const updated = await a.recordDelivery({ id: 'o1', deliveredAt: at(T0), resurvey: { everyDays: 60, untilDays: 365 } });
    expect(updated.resurvey).toEqual({ everyDays: 60, untilDays: 365 });
    expect(updated.response).toEqual(r0);
    expect(updated.history.at(-1)).toEqual({ at: at(day(10)), type: 'updated', previous: { resurvey: PLAN } });
    expect((await s.load().delivery('o1'))?.response).toEqual(r0);

    // The old plan's wave 1 (day 33) does not come; the new plan's (day 63) does.
    s.clock.now = day(33);
    expect(await due(a)).toEqual([]);
    s.clock.now = day(63) - 1;
    expect(await due(a)).toEqual([]);
    s.clock.now = day(63);
    expect(await due(a)).toEqual([['o1', 1]]);
    await a.markShown('o1');
    const r1 = await a.answer({ deliveryId: 'o1', csat: 5 });
    expect(r1).toMatchObject({ revision: 1, wave: 1 });
    expect(r1.id).not.toBe(r0.id);
    await a.flush();
    expect([...state.rows.values()].map((r) => [r.id, r.wave])).toEqual([
      [r0.id, 0],
      [r1.id, 1],
    ]);
    // And the next one 60 days later, not 30.
    s.clock.now = day(93);
    expect(await due(a)).toEqual([]);
    s.clock.now = day(123);
    expect(await due(a)).toEqual([['o1', 2]]);
  });

  describe('a revision after re-recording with a new plan (the customer still has wave 1’s survey open)', () => {
    /** Wave 0 answered on day 4, wave 1 on day 33 (flushed); on day 34 a page load records the delivery with a new plan. */
    async function replanned() {
      const { s, state, a } = await planned();
      s.clock.now = day(4);
      await a.markShown('o1');
      const r0 = await a.answer({ deliveryId: 'o1', csat: 3 });
      s.clock.now = day(33);
      await a.markShown('o1');
      const r1 = await a.answer({ deliveryId: 'o1', csat: 5 });
      await a.flush();
      s.clock.now = day(34);
      const d = await a.recordDelivery({ id: 'o1', deliveredAt: at(T0), resurvey: { everyDays: 60, untilDays: 365 } });
      expect(d.response).toEqual(r1); // kept in the record
      return { s, a, state, r0, r1 };
    }

    test('a comment added to wave 1’s answer is a revision of that response', async () => {
      const { a, r1 } = await replanned();
      const rev = await a.answer({ deliveryId: 'o1', comment: 'added after the plan changed' });
      expect(rev).toMatchObject({ id: r1.id, revision: 2, wave: 1, csat: 5, comment: 'added after the plan changed' });
    });

    test('a changed score is a revision of that response, not a second wave-0 response', async () => {
      const { a, state, r0, r1 } = await replanned();
      const rev = await a.answer({ deliveryId: 'o1', csat: 4 });
      await a.flush();
      // Each wave has one response id: the collector must not get a second response for wave 0 (r0 is its id).
      const waves = [...state.rows.values()].map((r) => [r.wave, r.id]);
      expect(waves.filter(([w]) => w === 0)).toEqual([[0, r0.id]]);
      expect([r0.id, r1.id]).toContain(rev.id);
      expect(rev).toMatchObject({ id: r1.id, revision: 2, wave: 1, csat: 4 });
    });
  });

  test('the cooldown after an answer holds back another delivery of the customer, never the delivery’s own next wave', async () => {
    const s = open();
    const a = s.load();
    await a.recordDelivery({ id: 'A', deliveredAt: at(T0), customerId: 'c1', resurvey: PLAN });
    await a.recordDelivery({ id: 'B', deliveredAt: at(day(29)), customerId: 'c1' }); // window [32, 36)
    await a.recordDelivery({ id: 'X', deliveredAt: at(day(29)), customerId: 'c2' });
    s.clock.now = day(4);
    await a.markShown('A');
    await a.answer({ deliveryId: 'A', csat: 5 });
    s.clock.now = day(34) - 1;
    // B is held back (answer to A on day 4); X, another customer, is not; X's window closes day 36, A's wave 1 day 37.
    expect(await due(a)).toEqual([['X', 0], ['A', 1]]);
    s.clock.now = day(34);
    // Closing first first: B and X (day 36), then A's wave 1 (day 37).
    expect(await due(a)).toEqual([['B', 0], ['X', 0], ['A', 1]]);
  });
});

describe('a delivery without a plan: the wire is unchanged', () => {
  test('no `wave` on its response, its display, its history or its record', async () => {
    const s = open();
    const state = collector((rs) => ok(state)(rs));
    const a = s.load();
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0) });
    s.clock.now = day(4);
    expect(await a.due()).toEqual([expect.not.objectContaining({ wave: expect.anything() })]);
    const shown = await a.markShown('o1');
    expect(shown.display).not.toHaveProperty('wave');
    const r = await a.answer({ deliveryId: 'o1', csat: 2 });
    expect(r).not.toHaveProperty('wave');
    await a.flush();
    const [sent] = state.requests.flat();
    expect(sent).toEqual(r);
    expect(sent).not.toHaveProperty('wave');
    const [x] = state.displayRequests.flat();
    expect(x).toMatchObject({ outcome: 'answered', responseId: r.id });
    expect(x).not.toHaveProperty('wave');
    const d = (await a.delivery('o1'))!;
    expect(d).not.toHaveProperty('wave');
    expect(d).not.toHaveProperty('resurvey');
    for (const h of d.history) expect(h).not.toHaveProperty('wave');
    // Closed after its window, as before; answered inside it.
    s.clock.now = day(33);
    expect(await a.due()).toEqual([]);
    s.clock.now = day(363);
    expect(await a.due()).toEqual([]);
  });
});

describe('a bad plan', () => {
  const input = (resurvey: unknown) => ({ id: 'o1', deliveredAt: at(T0), resurvey }) as Parameters<Aftercare['recordDelivery']>[0];

  test('recordDelivery rejects with an [aftercare] error naming the field, and records nothing', async () => {
    const s = open();
    const a = s.load();
    const cases: Array<[unknown, string, string]> = [
      [{ everyDays: 30, untilDays: 30 }, 'recordDelivery.resurvey.untilDays', 'expected untilDays after everyDays, such as { everyDays: 30, untilDays: 365 }'],
      [{ everyDays: 30, untilDays: 20 }, 'recordDelivery.resurvey.untilDays', 'expected untilDays after everyDays, such as { everyDays: 30, untilDays: 365 }'],
      [{ everyDays: 0, untilDays: 365 }, 'recordDelivery.resurvey.everyDays', 'expected a number of days above 0'],
      [{ everyDays: -30, untilDays: 365 }, 'recordDelivery.resurvey.everyDays', 'expected a number of days above 0'],
      [{ everyDays: '30', untilDays: 365 }, 'recordDelivery.resurvey.everyDays', 'expected a number of days above 0'],
      [{ everyDays: 30 }, 'recordDelivery.resurvey.untilDays', 'expected a number of days above 0'],
      ['30 365', 'recordDelivery.resurvey', 'expected { everyDays, untilDays } such as { everyDays: 30, untilDays: 365 }'],
    ];
    for (const [plan, field, expected] of cases) {
      const e = await rejection(a.recordDelivery(input(plan)));
      expect(e.field).toBe(field);
      expect(e.expected).toBe(expected);
      expect(e.message).toBe(`[aftercare] ${field}: ${expected}`);
    }
    expect(await a.delivery('o1')).toBeUndefined();
    // A bad plan for a delivery already recorded leaves its plan alone.
    await a.recordDelivery(input(PLAN));
    await rejection(a.recordDelivery(input({ everyDays: 400, untilDays: 365 })));
    expect((await a.delivery('o1'))?.resurvey).toEqual(PLAN);
  });
});

describe('data-resurvey', () => {
  const tag = (resurvey: string) => {
    const el = document.createElement('script');
    el.setAttribute('data-endpoint', ENDPOINT);
    el.setAttribute('data-delivery-id', 'order-1042');
    el.setAttribute('data-delivered-at', at(T0));
    el.setAttribute('data-resurvey', resurvey);
    return el;
  };
  const tagError = (resurvey: string) => {
    try {
      readTag(tag(resurvey));
    } catch (e) {
      expect(e).toBeInstanceOf(AftercareError);
      return (e as AftercareError).message;
    }
    throw new Error('expected readTag to throw');
  };

  test('"30 365" → resurvey { everyDays: 30, untilDays: 365 }, which the SDK records and re-surveys on', async () => {
    const config = readTag(tag('30 365'));
    expect(config.delivery).toEqual({ id: 'order-1042', deliveredAt: at(T0), surveys: ['csat'], resurvey: { everyDays: 30, untilDays: 365 } });
    expect(readTag(tag(' 30,365 ')).delivery?.resurvey).toEqual({ everyDays: 30, untilDays: 365 });
    const s = open();
    const a = createAftercare({ ...config.options, dbName: s.dbName, now: () => s.clock.now, autoSync: false, locale: 'en' });
    try {
      await a.recordDelivery(config.delivery!);
      s.clock.now = day(33);
      expect(await due(a)).toEqual([['order-1042', 1]]);
    } finally {
      a.destroy();
    }
  });

  test('malformed plans: the exact messages', () => {
    const two = (v: string) => `[aftercare] data-resurvey: expected two numbers of days such as "30 365" (every 30 days until day 365), got "${v}"`;
    expect(tagError('30')).toBe(two('30'));
    expect(tagError('30 365 7')).toBe(two('30 365 7'));
    expect(tagError('x 365')).toBe('[aftercare] data-resurvey: expected a number of days above 0');
    expect(tagError('365 30')).toBe('[aftercare] data-resurvey: expected untilDays after everyDays, such as { everyDays: 30, untilDays: 365 }');
    expect(tagError('0 365')).toBe('[aftercare] data-resurvey: expected a number of days above 0');
  });

  test('a plan without a delivery is a templating mistake', () => {
    const el = document.createElement('script');
    el.setAttribute('data-endpoint', ENDPOINT);
    el.setAttribute('data-resurvey', '30 365');
    expect(() => readTag(el)).toThrow(
      new AftercareError('data-resurvey', 'expected data-delivery-id and data-delivered-at alongside it (a plan re-surveys a delivery)'),
    );
  });
});
