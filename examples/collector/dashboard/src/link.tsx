import type { ComponentChildren } from 'preact';
import { useApp } from './context.ts';
import { formatRoute, type Route } from './route.ts';

/**
 * A real link to another route (so it opens in a new tab, can be copied, works with the keyboard) that
 * moves without a reload. `current` marks the chosen one for assistive technology (aria-current).
 */
export function RouteLink({ to, current, children, lang, label, kind = 'page' }: { to: Partial<Route>; current: boolean; children: ComponentChildren; lang?: string; label?: string | undefined; kind?: 'page' | 'true' }) {
  const { route, go } = useApp();
  const href = location.pathname + formatRoute({ ...route, ...to });
  return (
    <a
      href={href}
      lang={lang}
      aria-label={label}
      aria-current={current ? kind : undefined}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        go(to);
      }}
    >
      {children}
    </a>
  );
}
