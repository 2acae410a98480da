import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createPresenter, type Delivery, type PresenterOptions, type Shown } from '../../sdk/index.ts';

const T0 = Date.parse('2026-11-20T10:00:00Z');

const delivery = (id: string): Delivery => ({
  id,
  deliveredAt: '2026-11-16T10:00:00Z',
  surveys: ['csat'],
  recordedAt: '2026-11-16T10:00:00Z',
  prompts: 0,
  history: [],
});

let visibility: DocumentVisibilityState = 'visible';
/** Makes the page hidden or visible, as switching tabs does. */
const setVisibility = (v: DocumentVisibilityState) => {
  visibility = v;
  document.dispatchEvent(new Event('visibilitychange'));
};

/** A fake SDK whose due() answers `list()` at the time of the call, and a renderer that records what it showed. */
function harness(list: () => Delivery[] = () => [delivery('o1')], over: Partial<PresenterOptions> = {}) {
  const due = vi.fn(async () => list());
  const shown: Array<{ id: string; explicit: boolean; done: () => void; at: number; close: ReturnType<typeof vi.fn> }> = [];
  const render = vi.fn((d: Delivery, how: { explicit: boolean; done: () => void }): Shown => {
    const close = vi.fn();
    shown.push({ id: d.id, explicit: how.explicit, done: how.done, at: Date.now() - T0, close });
    return { close };
  });
  const p = createPresenter({ due }, { render, ...over });
  return { p, due, render, shown };
}

const advance = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: T0 });
  visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  history.replaceState({}, '', '/');
});

afterEach(() => {
  vi.useRealTimers();
  delete (document as { visibilityState?: unknown }).visibilityState;
  history.replaceState({}, '', '/');
});

describe('the delay', () => {
  test('a due survey shows after delayMs (default 3000) of visible time, not before', async () => {
    const { p, render, shown } = harness();
    p.start();
    await advance(2999);
    expect(render).not.toHaveBeenCalled();
    await advance(1);
    expect(shown.map(({ id, explicit, at }) => ({ id, explicit, at }))).toEqual([{ id: 'o1', explicit: false, at: 3000 }]);
    p.stop();
  });

  test('delayMs is configurable, 0 included', async () => {
    const slow = harness(undefined, { delayMs: 10_000 });
    slow.p.start();
    await advance(9999);
    expect(slow.shown).toEqual([]);
    await advance(1);
    expect(slow.shown).toHaveLength(1);
    slow.p.stop();

    const now = harness(undefined, { delayMs: 0 });
    now.p.start();
    await advance(0);
    expect(now.shown).toHaveLength(1);
    now.p.stop();
  });

  test('nothing due: nothing shown, however long', async () => {
    const { p, render, due } = harness(() => []);
    p.start();
    await advance(60_000);
    expect(render).not.toHaveBeenCalled();
    expect(due).toHaveBeenCalledTimes(1);
    p.stop();
  });

  test('hidden time does not count', async () => {
    const { p, shown } = harness();
    p.start();
    await advance(1000);
    setVisibility('hidden');
    await advance(10_000);
    expect(shown).toEqual([]);
    setVisibility('visible');
    await advance(1999);
    expect(shown).toEqual([]);
    await advance(1);
    expect(shown.map((s) => s.at)).toEqual([13_000]);
    p.stop();
  });

  test('several hidden spells add up; it never shows while hidden', async () => {
    const { p, shown } = harness();
    p.start();
    for (let i = 0; i < 5; i++) {
      await advance(500); // visible
      setVisibility('hidden');
      await advance(60_000);
      expect(shown).toEqual([]);
      setVisibility('visible');
    }
    // 2500 ms of visible time so far; 500 more.
    await advance(499);
    expect(shown).toEqual([]);
    await advance(1);
    expect(shown).toHaveLength(1);
    p.stop();
  });

  test('a page loaded in a background tab waits until it is seen', async () => {
    visibility = 'hidden';
    const { p, shown } = harness();
    p.start();
    await advance(600_000);
    expect(shown).toEqual([]);
    setVisibility('visible');
    await advance(2999);
    expect(shown).toEqual([]);
    await advance(1);
    expect(shown).toHaveLength(1);
    p.stop();
  });

  test('checks again before showing: answered in another tab meanwhile → nothing; another one due → that one', async () => {
    let calls = 0;
    const gone = harness(() => (calls++ === 0 ? [delivery('o1')] : []));
    gone.p.start();
    await advance(10_000);
    expect(gone.shown).toEqual([]);
    gone.p.stop();

    let n = 0;
    const other = harness(() => (n++ === 0 ? [delivery('o1'), delivery('o2')] : [delivery('o2')]));
    other.p.start();
    await advance(3000);
    expect(other.shown.map((s) => s.id)).toEqual(['o2']);
    other.p.stop();
  });
});

describe('route changes (single-page apps)', () => {
  test('a pushState is noticed by the URL poll while waiting: the pending survey is cancelled and the wait starts over', async () => {
    const { p, shown, due } = harness();
    p.start();
    await advance(2000);
    history.pushState({}, '', '/orders/42');
    await advance(250); // the poll runs every 250 ms: it sees the new URL at 2250
    expect(due).toHaveBeenCalledTimes(2);
    await advance(750); // 3000 after load: the old wait is gone
    expect(shown).toEqual([]);
    await advance(2249);
    expect(shown).toEqual([]);
    await advance(1);
    expect(shown.map((s) => s.at)).toEqual([5250]);
    p.stop();
  });

  test('re-evaluated on the new route: nothing due there → nothing; due again on the next → shown', async () => {
    const { p, shown } = harness(() => (location.pathname === '/checkout' ? [] : [delivery('o1')]));
    p.start();
    await advance(1000);
    history.pushState({}, '', '/checkout');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await advance(60_000);
    expect(shown).toEqual([]);
    history.pushState({}, '', '/thanks');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await advance(2999);
    expect(shown).toEqual([]);
    await advance(1);
    expect(shown.map((s) => s.at)).toEqual([64_000]);
    p.stop();
  });

  test('hashchange cancels at once, and the wait starts over', async () => {
    const { p, shown } = harness();
    p.start();
    await advance(2900);
    history.pushState({}, '', '/#reviews');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await advance(2999);
    expect(shown).toEqual([]);
    await advance(1);
    expect(shown.map((s) => s.at)).toEqual([5900]);
    p.stop();
  });

  test('with the Navigation API: navigatesuccess cancels, and there is no URL poll', async () => {
    const navigation = new EventTarget();
    Object.defineProperty(window, 'navigation', { configurable: true, value: navigation });
    try {
      const { p, shown } = harness();
      p.start();
      await advance(1000);
      expect(vi.getTimerCount()).toBe(1); // the delay only
      history.pushState({}, '', '/orders/42');
      await advance(1000);
      navigation.dispatchEvent(new Event('navigatesuccess'));
      await advance(2999);
      expect(shown).toEqual([]);
      await advance(1);
      expect(shown.map((s) => s.at)).toEqual([5000]);
      p.stop();
    } finally {
      delete (window as { navigation?: unknown }).navigation;
    }
  });

  test('an event without a URL change changes nothing', async () => {
    const { p, shown } = harness();
    p.start();
    await advance(2000);
    window.dispatchEvent(new PopStateEvent('popstate'));
    await advance(1000);
    expect(shown.map((s) => s.at)).toEqual([3000]);
    p.stop();
  });

  test('at most one automatic survey per page load, whatever the routes', async () => {
    let i = 0;
    const { p, shown } = harness(() => [delivery(`o${++i}`)]);
    p.start();
    await advance(3000);
    expect(shown).toHaveLength(1);
    shown[0]!.done(); // the customer closed it
    for (const path of ['/a', '/b', '/c']) {
      history.pushState({}, '', path);
      window.dispatchEvent(new PopStateEvent('popstate'));
      await advance(10_000);
    }
    expect(shown).toHaveLength(1);
    p.stop();
  });
});

describe('show(), hide(), stop()', () => {
  test('show() shows now, explicit, the one closing first or the one asked for; false when nothing (or not that) is due', async () => {
    const list = [delivery('o1'), delivery('o2')];
    const { p, shown } = harness(() => list);
    expect(await p.show()).toBe(true);
    expect(shown.map(({ id, explicit, at }) => ({ id, explicit, at }))).toEqual([{ id: 'o1', explicit: true, at: 0 }]);
    expect(await p.show('o2')).toBe(false); // one is on screen already
    shown[0]!.done();
    expect(await p.show('nope')).toBe(false);
    expect(await p.show('o2')).toBe(true);
    expect(shown.map((s) => [s.id, s.explicit])).toEqual([
      ['o1', true],
      ['o2', true],
    ]);
    const empty = harness(() => []);
    expect(await empty.p.show()).toBe(false);
    expect(empty.render).not.toHaveBeenCalled();
  });

  test('show() while an automatic survey is pending shows now and cancels the pending one', async () => {
    const { p, shown } = harness();
    p.start();
    await advance(1000);
    expect(await p.show()).toBe(true);
    shown[0]!.done();
    await advance(10_000);
    expect(shown.map((s) => [s.explicit, s.at])).toEqual([[true, 1000]]);
    p.stop();
  });

  test('hide() closes the survey on screen and no automatic survey follows', async () => {
    const { p, shown } = harness();
    p.start();
    await advance(3000);
    expect(shown).toHaveLength(1);
    p.hide();
    expect(shown[0]!.close).toHaveBeenCalledTimes(1);
    history.pushState({}, '', '/next');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await advance(60_000);
    expect(shown).toHaveLength(1);
    p.stop();
  });

  test('hide() while waiting cancels the pending survey for good', async () => {
    const { p, shown } = harness();
    p.start();
    await advance(2000);
    p.hide();
    await advance(60_000);
    history.pushState({}, '', '/next');
    await advance(60_000);
    window.dispatchEvent(new PopStateEvent('popstate'));
    await advance(60_000);
    expect(shown).toEqual([]);
    p.stop();
  });

  test('hide() while the survey is still loading (an async render) closes it once it arrives', async () => {
    const close = vi.fn();
    let arrive!: () => void;
    const render = vi.fn(() => new Promise<Shown>((resolve) => (arrive = () => resolve({ close }))));
    const p = createPresenter({ due: async () => [delivery('o1')] }, { render });
    p.start();
    await advance(3000);
    expect(render).toHaveBeenCalledTimes(1);
    p.hide();
    arrive();
    await advance(0);
    expect(close).toHaveBeenCalledTimes(1);
    p.stop();

    // The same for a survey the app asked for: show() then resolves false.
    const p2 = createPresenter({ due: async () => [delivery('o1')] }, { render });
    const asked = p2.show();
    await advance(0);
    expect(render).toHaveBeenCalledTimes(2);
    p2.hide();
    arrive();
    expect(await asked).toBe(false);
    expect(close).toHaveBeenCalledTimes(2);
  });

  test('stop() cancels a pending survey and stops listening; a survey on screen stays', async () => {
    const waiting = harness();
    waiting.p.start();
    await advance(2000);
    waiting.p.stop();
    await advance(60_000);
    history.pushState({}, '', '/next');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await advance(60_000);
    expect(waiting.shown).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);

    const onScreen = harness();
    onScreen.p.start();
    await advance(3000);
    onScreen.p.stop();
    expect(onScreen.shown[0]!.close).not.toHaveBeenCalled();
    onScreen.p.start(); // after stop() it stays stopped
    await advance(60_000);
    expect(onScreen.shown).toHaveLength(1);
  });

  test('no timer is left running once a survey is shown (the URL poll stops too)', async () => {
    const { p } = harness();
    p.start();
    await advance(1000);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    await advance(2000);
    expect(vi.getTimerCount()).toBe(0);
    p.stop();
  });
});
