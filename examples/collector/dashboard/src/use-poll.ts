// Reads one API path and reads it again every 10 s while the tab is visible, so new answers appear
// without a reload; a hidden tab asks nothing (and catches up the moment it is shown again).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { read } from './api.ts';

export const POLL_MS = 10_000;

export interface Polled<T> {
  /** The latest answer; after the path changed, the previous path's until the new one arrives. */
  data: T | undefined;
  /** True while `data` is still the previous path's (show it, marked busy, rather than a blank page). */
  stale: boolean;
  error: string | undefined;
  /** When the data last arrived (epoch ms). */
  at: number | undefined;
  /** Reads the path again now (after a change the reader made), without waiting for the next poll. */
  reload: () => void;
}

/**
 * `path` null reads nothing. A 401 (session expired or signed out elsewhere) calls `onUnauthorized`.
 * Each poll sends the ETag of the data shown: with nothing new the collector answers 304 and nothing
 * re-renders. An answer equal to the one shown keeps the old object, so charts are not rebuilt.
 */
export function usePoll<T>(path: string | null, onUnauthorized: () => void): Polled<T> {
  const [state, setState] = useState<{ data: T | undefined; error: string | undefined; at: number | undefined; path: string | null }>({
    data: undefined,
    error: undefined,
    at: undefined,
    path: null,
  });
  const last = useRef<{ path: string | null; json: string; tag?: string | null }>({ path: null, json: '' });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    if (!path) return;
    let live = true;
    const load = async () => {
      // The tag names the path too: another path's never matches.
      const r = await read<T>(path, last.current.tag);
      if (!live) return;
      if (!r.ok) {
        // 304: nothing changed since the data shown, which is now as fresh as this poll.
        if (r.status === 304) return setState((s) => ({ ...s, error: undefined, at: Date.now() }));
        if (r.status === 401) return onUnauthorized();
        // The next poll asks without the tag, so its answer clears the error.
        last.current.tag = null;
        return setState((s) => ({ ...s, error: r.message }));
      }
      const json = JSON.stringify(r.data);
      const same = last.current.path === path && last.current.json === json;
      last.current = { path, json, tag: r.tag };
      setState((s) => ({ data: same && s.data !== undefined ? s.data : r.data, error: undefined, at: Date.now(), path }));
    };
    void load();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void load();
    }, POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') void load();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [path, tick]);
  return { data: state.data, error: state.error, at: state.at, stale: state.path !== path, reload };
}
