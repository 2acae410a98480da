/**
 * Holds the page's `load` event until `done` settles, for at most `ms`: a page left at its load
 * event (a confirmation page that redirects, a customer who clicks on at once) tears down its
 * IndexedDB connection, and a transaction not yet committed dies with it. The loader writes the
 * tag's delivery within about 10–50 ms; holding `load` that long is what makes "leaving at once
 * loses nothing" true on a fast network too.
 *
 * How: an `<img>` delays the load event until its load or error event has fired, and one with an
 * empty `src` fails at once without a request (so no CSP check either). Chaining a new one from each
 * error handler keeps the delay going, a task at a time, without blocking the page. A browser that
 * does not delay `load` for such images just does not wait: the write is then best effort. Called
 * after `load` (a tag added late), it merely runs a few idle tasks until `done`.
 * @example holdLoad(write, 500)
 */
export function holdLoad(done: Promise<unknown>, ms: number): void {
  let over = false;
  void done.finally(() => (over = true));
  const until = Date.now() + ms;
  const next = () => {
    if (over || Date.now() > until) return;
    const img = new Image();
    img.onerror = next;
    img.src = '';
  };
  next();
}
