import type { Aftercare } from '../../../sdk/index.ts';

/** Whether an event is a person's doing. */
export type Trust = (event: Event) => boolean;

/**
 * The browser's word: `isTrusted` is true only for events the user agent made from real input, never
 * for events a script dispatched (`dispatchEvent`, `el.click()`), which is all a scanner's script can do.
 */
export const isTrusted: Trust = (event) => event.isTrusted;

/**
 * Input that shows a person at the page. Mail scanners (Microsoft Safe Links and the like) load every
 * link of a message in a real browser and run its script, but give it no input. `click` too: a screen
 * reader activating a control in browse mode sends a click without pointer or key events.
 */
export const PERSON_EVENTS = ['pointerdown', 'touchstart', 'keydown', 'click'] as const;

/** The SDK calls the survey makes: every one of them writes. */
export type SurveySdk = Pick<Aftercare, 'answer' | 'dismiss' | 'markShown' | 'markHidden' | 'locale'>;

/**
 * The scanner guard: `sdk` with every write held until a person acts inside `root` (a trusted
 * `PERSON_EVENTS` event, which pressing Send is too), then `first()` (recording the delivery), then
 * the held calls in the order they were made, then each later call after the one before it. A page
 * nobody touches records nothing: no delivery, no answer, no display, no request, however long it
 * stays open. `trust` decides what a person's event is (tests pass their own: jsdom's events are
 * never trusted).
 * @example const { sdk } = personGate(root, aftercare, () => aftercare.recordDelivery(d))
 */
export function personGate(root: Element, sdk: SurveySdk, first: () => Promise<unknown>, trust: Trust = isTrusted): { sdk: SurveySdk; acted: Promise<void> } {
  let act!: () => void;
  const acted = new Promise<void>((resolve) => (act = resolve));
  const seen = (e: Event) => {
    if (!trust(e)) return;
    for (const type of PERSON_EVENTS) root.removeEventListener(type, seen, true);
    act();
  };
  // Capture, on the survey's container (these events are composed: they leave its shadow root): the
  // survey's own handlers run after this, so a person's first tap on a score finds the writes
  // released already, and its answer queued after the held ones.
  // Passive: only watching, so touches never wait for this listener to scroll.
  for (const type of PERSON_EVENTS) root.addEventListener(type, seen, { capture: true, passive: true });
  let chain: Promise<unknown> = acted.then(first);
  const held =
    <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    (...a: A): Promise<R> => {
      const run = chain.then(() => fn(...a));
      // A failed call (reported to its caller) does not stop the ones after it.
      chain = run.catch(() => undefined);
      return run;
    };
  return {
    acted,
    sdk: {
      locale: sdk.locale,
      answer: held((a) => sdk.answer(a)),
      dismiss: held((id, o) => sdk.dismiss(id, o)),
      markShown: held((id) => sdk.markShown(id)),
      markHidden: held((id) => sdk.markHidden(id)),
    },
  };
}
