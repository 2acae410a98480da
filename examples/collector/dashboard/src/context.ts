import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Format } from './format.ts';
import type { Translate } from './i18n.ts';
import type { Route } from './route.ts';
import type { canOf, Me } from './team-api.ts';

export interface Ctx {
  t: Translate;
  fmt: Format;
  route: Route;
  /** Moves to another route: a history entry (back/forward), or a replacement when `replace`. */
  go: (next: Partial<Route>, replace?: boolean) => void;
  /** Called by any read that got 401: the session ended (expired, or signed out in another tab). */
  signedOut: () => void;
  /** Reads the summary again now (a case changed): the overdue count in the nav follows at once. */
  refresh: () => void;
  /** Who is signed in (undefined: a collector without people, where the admin token is the owner). */
  me: Me | undefined;
  /** Whether the signed-in role may read or do something (the navigation and the panels shown follow it). */
  can: ReturnType<typeof canOf>;
}

export const AppContext = createContext<Ctx | null>(null);

export function useApp(): Ctx {
  const ctx = useContext(AppContext);
  if (!ctx) throw new Error('[aftercare] dashboard: useApp() outside <AppContext.Provider>');
  return ctx;
}
