import type { Aftercare, Delivery } from './types.ts';

/** What a renderer hands back: how to take its survey away again. */
export interface Shown {
  close(): void;
}

export interface PresenterOptions {
  /**
   * Shows a delivery's survey (and calls `markShown`); `explicit` is true when the app asked through
   * `show()`, so the UI may take focus. Call `done()` when the survey closes by itself.
   */
  render(delivery: Delivery, how: { explicit: boolean; done: () => void }): Shown | Promise<Shown>;
  /** Visible time to wait before showing a due survey; default 3000 ms. Never counts while the page is hidden. */
  delayMs?: number;
}

export interface Presenter {
  /**
   * Looks for a due survey and shows it after the delay; again after each route change until one was
   * shown. With `now: false` it only listens for route changes. Calling it again does not listen twice:
   * it only looks again (with `now`).
   */
  start(now?: boolean): void;
  /** Shows a due survey now (the given delivery, or the one closing first); resolves `false` when none is due. */
  show(deliveryId?: string): Promise<boolean>;
  /** Takes the survey away (its display ends as expired) and cancels a pending one; no more automatic surveys on this page. */
  hide(): void;
  /** Stops listening; a survey on screen stays. */
  stop(): void;
}

export const DEFAULT_DELAY_MS = 3000;

/**
 * When to show a survey on a page: after `delayMs` of visible time, never while the page is hidden,
 * at most one automatic survey per page load, and in single-page apps a pending survey is cancelled
 * by a route change and looked for again on the new route. Before showing one it calls
 * `sdk.checkAnswered` when there is one, and skips a delivery already answered through another channel.
 * Headless UIs use it with their own `render`.
 * @example
 * const p = createPresenter(aftercare, { render: (d) => myDialog(d) });
 * p.start();
 */
export function createPresenter(sdk: Pick<Aftercare, 'due'> & Partial<Pick<Aftercare, 'checkAnswered'>>, o: PresenterOptions): Presenter {
  const delayMs = o.delayMs ?? DEFAULT_DELAY_MS;
  let current: Shown | undefined;
  let opening = false;
  /** An automatic survey was shown on this page, or the app said hide(): no more automatic ones. */
  let settled = false;
  let stopped = false;
  let listening = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let poll: ReturnType<typeof setInterval> | undefined;
  /** Bumped by every route change, hide() and show(): a pending check that sees another value gives up. */
  let epoch = 0;
  /** Bumped by hide(): a survey still loading when it was called is closed as soon as it arrives. */
  let hides = 0;
  let href = location.href;
  const cleanups: Array<() => void> = [];

  /** Ends the visible-time wait in progress, if any. */
  let abandon: (() => void) | undefined;
  const cancel = () => {
    epoch++;
    clearTimeout(timer);
    abandon?.();
  };

  /** Waits for `ms` of visible time; resolves false when cancelled. */
  const visibleFor = (ms: number, mine: number) =>
    new Promise<boolean>((resolve) => {
      let left = ms;
      let since = 0;
      const tick = () => {
        if (mine !== epoch) return done(false);
        if (document.visibilityState === 'hidden') return;
        since = Date.now();
        clearTimeout(timer);
        timer = setTimeout(() => done(mine === epoch), left);
      };
      const onVisibility = () => {
        if (document.visibilityState === 'hidden') {
          clearTimeout(timer);
          if (since) left = Math.max(0, left - (Date.now() - since));
          since = 0;
        } else tick();
      };
      const done = (ok: boolean) => {
        document.removeEventListener('visibilitychange', onVisibility);
        clearInterval(poll);
        poll = undefined;
        abandon = undefined;
        resolve(ok);
      };
      abandon = () => done(false);
      document.addEventListener('visibilitychange', onVisibility);
      // Without the Navigation API a pushState is invisible to us: watch the URL while waiting.
      if (!('navigation' in window)) poll ??= setInterval(() => location.href !== href && routeChanged(), 250);
      tick();
    });

  /** Whether the collector holds an answer to `d` from another channel; a failure to tell is a no. */
  const elsewhere = (d: Delivery) => (sdk.checkAnswered ? sdk.checkAnswered(d.id).catch(() => false) : Promise.resolve(false));

  /**
   * The due delivery to show: `id` when it is due, else (unless `only`) the one closing first; one the
   * collector says was answered elsewhere is skipped, and due() read again, since that answer may
   * also hold the customer's other deliveries back (the cooldown).
   */
  const pick = async (id?: string, only?: boolean): Promise<Delivery | undefined> => {
    const skipped = new Set<string>();
    for (;;) {
      const due = (await sdk.due()).filter((d) => !skipped.has(d.id));
      const d = due.find((x) => x.id === id) ?? (only ? undefined : due[0]);
      if (!d || !(await elsewhere(d))) return d;
      skipped.add(d.id);
    }
  };

  const open = async (d: Delivery, explicit: boolean, mine: number) => {
    if (mine !== epoch || current || opening) return false;
    opening = true;
    const hid = hides;
    let shown: Shown | undefined;
    let closed = false;
    try {
      shown = await o.render(d, {
        explicit,
        done: () => {
          closed = true;
          if (current === shown) current = undefined;
        },
      });
      // render() loads the UI over the network: hide() may have been called meanwhile.
      if (hides !== hid) {
        shown.close();
        return false;
      }
      if (!closed) current = shown;
      return true;
    } finally {
      opening = false;
    }
  };

  const evaluate = async () => {
    if (settled || stopped || current || opening) return;
    const mine = epoch;
    const [first] = await sdk.due();
    if (!first || mine !== epoch) return;
    if (delayMs > 0 || document.visibilityState === 'hidden') {
      // Asked while the delay runs (the SDK asks once per page view), so the reply is usually in by the end.
      void elsewhere(first);
      if (!(await visibleFor(delayMs, mine))) return;
    }
    // Read again: another tab may have shown or answered it while we waited.
    const next = await pick(first.id);
    if (!next || mine !== epoch || settled || stopped) return;
    if (await open(next, false, mine)) settled = true;
  };

  const routeChanged = () => {
    if (location.href === href) return;
    href = location.href;
    cancel();
    void evaluate().catch(report);
  };

  const report = (e: unknown) => console.error('[aftercare] could not show the survey:', e);

  return {
    start(now = true) {
      if (stopped) return;
      // Started again (the script tag's loader handing a page over to the SDK): listen once, look now.
      if (listening) {
        if (now) void evaluate().catch(report);
        return;
      }
      listening = true;
      const nav = (window as unknown as { navigation?: EventTarget }).navigation;
      const on = (t: EventTarget, type: string) => {
        t.addEventListener(type, routeChanged);
        cleanups.push(() => t.removeEventListener(type, routeChanged));
      };
      if (nav) on(nav, 'navigatesuccess');
      on(window, 'popstate');
      on(window, 'hashchange');
      if (now) void evaluate().catch(report);
    },
    async show(deliveryId) {
      cancel();
      const mine = epoch;
      if (current) return false;
      const d = await pick(deliveryId, deliveryId !== undefined);
      return d ? open(d, true, mine) : false;
    },
    hide() {
      cancel();
      settled = true;
      hides++;
      const c = current;
      current = undefined;
      c?.close();
    },
    stop() {
      stopped = true;
      cancel();
      for (const c of cleanups.splice(0)) c();
    },
  };
}
