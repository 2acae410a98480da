import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Aftercare } from '../../sdk/index.ts';
import { at, DAY, H, server, site, T0 } from './helpers.ts';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.restoreAllMocks();
});
afterAll(() => server.close());


const ids = async (a: Aftercare) => (await a.due()).map((d) => d.id);

describe('sampling', () => {
  test('decided once per delivery, when first recorded, and remembered by later page loads', async () => {
    const s = site({ sampleRate: 0.5 });
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.7);
    const first = s.load();
    await first.recordDelivery({ id: 'out', deliveredAt: at(T0) });
    expect((await first.delivery('out'))?.sample).toBe(0.7);
    random.mockReturnValue(0.1);
    await first.recordDelivery({ id: 'in', deliveredAt: at(T0) });
    s.clock.now = T0 + 4 * DAY;
    expect(await ids(first)).toEqual(['in']);
    first.destroy();

    // A later page load rolls differently; recording the same delivery again does not re-roll it.
    random.mockReturnValue(0.01);
    const second = s.load();
    await second.recordDelivery({ id: 'out', deliveredAt: at(T0), customerId: 'c9' });
    expect((await second.delivery('out'))?.sample).toBe(0.7);
    expect(await ids(second)).toEqual(['in']);
    random.mockReturnValue(0.99);
    s.clock.now += DAY;
    expect(await ids(second)).toEqual(['in']);
    second.destroy();

    // The remembered roll is compared with the rate in force: at 1 everybody, at exactly 0.7 not "out".
    expect(await ids(s.load({ sampleRate: 1 }))).toEqual(['in', 'out']);
    expect(await ids(s.load({ sampleRate: 0.7 }))).toEqual(['in']);
    expect(await ids(s.load({ sampleRate: 0 }))).toEqual([]);
    s.close();
  });

  test('the policy in force is on the instance, in elapsed milliseconds', () => {
    const s = site({ sampleRate: 0.25, remindAfterHours: 12, maxPrompts: 3, cooldownDays: 10, declineCooldownDays: 2, windowDays: [1, 5] });
    expect(s.load().policy).toEqual({ windowDays: [1, 5], snoozeMs: 12 * H, maxPrompts: 3, cooldownMs: 10 * DAY, declineCooldownMs: 2 * DAY, sampleRate: 0.25 });
    expect(s.load({ sampleRate: undefined, remindAfterHours: undefined, maxPrompts: undefined, cooldownDays: undefined, declineCooldownDays: undefined, windowDays: undefined }).policy).toEqual({
      windowDays: [3, 7],
      snoozeMs: 24 * H,
      maxPrompts: 2,
      cooldownMs: 30 * DAY,
      declineCooldownMs: 7 * DAY,
      sampleRate: 1,
    });
    s.close();
  });
});

describe('cooldown after an answer', () => {
  test('three deliveries this week: after answering the first, the others are not surveyed in their windows', async () => {
    const s = site();
    const a = s.load();
    await a.recordDelivery({ id: 'mon', deliveredAt: at(T0), customerId: 'c1' });
    await a.recordDelivery({ id: 'wed', deliveredAt: at(T0 + 2 * DAY), customerId: 'c1' });
    await a.recordDelivery({ id: 'fri', deliveredAt: at(T0 + 4 * DAY), customerId: 'c1' });
    await a.recordDelivery({ id: 'other', deliveredAt: at(T0 + 2 * DAY), customerId: 'c2' });
    s.clock.now = T0 + 3 * DAY;
    expect(await ids(a)).toEqual(['mon']);
    await a.markShown('mon');
    await a.answer({ deliveryId: 'mon', csat: 5 });
    const seen = new Set<string>();
    for (let day = 3; day < 40; day++) {
      s.clock.now = T0 + day * DAY + 6 * H;
      for (const id of await ids(s.load())) seen.add(id);
    }
    // Another customer is not held back; this one is asked once, not three times.
    expect([...seen]).toEqual(['other']);
    s.close();
  });

  test('for exactly 30 days after the answer, whichever page load asks', async () => {
    const s = site({ windowDays: [0, 60] });
    const a = s.load();
    await a.recordDelivery({ id: 'first', deliveredAt: at(T0), customerId: 'c1' });
    await a.recordDelivery({ id: 'second', deliveredAt: at(T0 + DAY), customerId: 'c1' });
    await a.recordDelivery({ id: 'anon', deliveredAt: at(T0 + DAY) }); // no customerId: same customer
    const answeredAt = T0 + 2 * DAY + 7 * H;
    s.clock.now = answeredAt;
    await a.answer({ deliveryId: 'first', csat: 4, complete: false });
    s.clock.now += 5 * DAY;
    await a.answer({ deliveryId: 'first', comment: 'fine' }); // a revision does not restart it
    s.clock.now = answeredAt + 30 * DAY - 1;
    expect(await ids(s.load())).toEqual([]);
    s.clock.now = answeredAt + 30 * DAY;
    expect(await ids(s.load())).toEqual(['anon', 'second']);
    s.close();
  });

  test('cooldownDays: 0 disables it', async () => {
    const s = site({ cooldownDays: 0 });
    const a = s.load();
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0), customerId: 'c1' });
    await a.recordDelivery({ id: 'o2', deliveredAt: at(T0), customerId: 'c1' });
    s.clock.now = T0 + 4 * DAY;
    await a.answer({ deliveryId: 'o1', csat: 2 });
    expect(await ids(a)).toEqual(['o2']);
    s.close();
  });
});

describe('declines', () => {
  test('two dismissals in a row: no survey for the customer for 7 days', async () => {
    const s = site({ windowDays: [0, 30] });
    const a = s.load();
    const events: Array<[string, boolean]> = [];
    a.on('dismissed', ({ delivery, later }) => events.push([delivery.id, later]));
    for (const id of ['o1', 'o2', 'o3']) await a.recordDelivery({ id, deliveredAt: at(T0), customerId: 'c1' });
    await a.recordDelivery({ id: 'x', deliveredAt: at(T0), customerId: 'c2' });
    s.clock.now = T0 + DAY;
    await a.markShown('o1');
    await a.dismiss('o1');
    expect(await ids(a)).toEqual(['o2', 'o3', 'x']);
    s.clock.now += 2 * H;
    await a.markShown('o2');
    await a.dismiss('o2');
    const second = s.clock.now;
    expect(await ids(a)).toEqual(['x']);
    s.clock.now = second + 7 * DAY - 1;
    expect(await ids(s.load())).toEqual(['x']);
    s.clock.now = second + 7 * DAY;
    expect(await ids(s.load())).toEqual(['o1', 'o2', 'o3', 'x']);
    expect(events).toEqual([
      ['o1', false],
      ['o2', false],
    ]);
    s.close();
  });

  test('"remind me later" is not a decline: it only snoozes that delivery', async () => {
    const s = site({ windowDays: [0, 30] });
    const a = s.load();
    const events: Array<[string, boolean]> = [];
    a.on('dismissed', ({ delivery, later }) => events.push([delivery.id, later]));
    for (const id of ['o1', 'o2', 'o3']) await a.recordDelivery({ id, deliveredAt: at(T0), customerId: 'c1' });
    s.clock.now = T0 + DAY;
    await a.markShown('o1');
    await a.dismiss('o1', { later: true });
    await a.markShown('o2');
    await a.dismiss('o2');
    expect(await ids(a)).toEqual(['o3']);
    expect(events).toEqual([
      ['o1', true],
      ['o2', false],
    ]);
    expect((await a.delivery('o1'))?.history.at(-1)).toEqual({ at: at(T0 + DAY), type: 'dismissed', later: true });
    expect((await a.delivery('o2'))?.history.at(-1)).toEqual({ at: at(T0 + DAY), type: 'dismissed' });
    s.clock.now += DAY;
    expect(await ids(a)).toEqual(['o1', 'o2', 'o3']);
    s.close();
  });

  test('an answer between two declines resets the count', async () => {
    const s = site({ windowDays: [0, 30], cooldownDays: 0 });
    const a = s.load();
    for (const id of ['o1', 'o2', 'o3', 'o4']) await a.recordDelivery({ id, deliveredAt: at(T0), customerId: 'c1' });
    s.clock.now = T0 + DAY;
    await a.markShown('o1');
    await a.dismiss('o1');
    s.clock.now += H;
    await a.answer({ deliveryId: 'o2', csat: 3 });
    s.clock.now += H;
    await a.markShown('o3');
    await a.dismiss('o3');
    expect(await ids(a)).toEqual(['o4']);
    s.close();
  });
});

describe('remindAfterHours and maxPrompts', () => {
  test('remindAfterHours: asked again exactly that long after a dismissal', async () => {
    const s = site({ remindAfterHours: 2 });
    const a = s.load();
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0) });
    s.clock.now = T0 + 4 * DAY;
    await a.markShown('o1');
    await a.dismiss('o1', { later: true });
    const t = s.clock.now;
    s.clock.now = t + 2 * H - 1;
    expect(await ids(a)).toEqual([]);
    s.clock.now = t + 2 * H;
    expect(await ids(a)).toEqual(['o1']);
    s.close();
  });

  test('the default is 24 hours', async () => {
    const s = site();
    const a = s.load();
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0) });
    s.clock.now = T0 + 4 * DAY;
    await a.markShown('o1');
    await a.dismiss('o1', { later: true });
    s.clock.now += 24 * H - 1;
    expect(await ids(a)).toEqual([]);
    s.clock.now += 1;
    expect(await ids(a)).toEqual(['o1']);
    s.close();
  });

  test('maxPrompts: the survey is shown at most that often', async () => {
    const s = site({ maxPrompts: 3, remindAfterHours: 1 });
    const a = s.load();
    await a.recordDelivery({ id: 'o1', deliveredAt: at(T0) });
    s.clock.now = T0 + 4 * DAY;
    let shown = 0;
    for (let i = 0; i < 6; i++, s.clock.now += H) {
      if (!(await ids(a)).includes('o1')) continue;
      await a.markShown('o1');
      await a.dismiss('o1', { later: true });
      shown++;
    }
    expect(shown).toBe(3);
    expect((await a.delivery('o1'))?.prompts).toBe(3);
    s.close();
  });
});
