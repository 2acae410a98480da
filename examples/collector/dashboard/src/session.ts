// Starting the session: a one-click link's `#token=` is posted once and removed from the address
// (history.replaceState) before anything else, so it is neither kept in history nor bookmarked; then
// GET /dashboard/session says whether the cookie is good.
import { getSession, signIn } from './api.ts';
import type { Translate } from './i18n.ts';
import { signInError } from './sign-in.tsx';

export type SessionState = { state: 'checking' } | { state: 'out'; error: string } | { state: 'in'; timeZone: string | undefined };

export async function startSession(t: Translate): Promise<SessionState> {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
  if (token) {
    const r = await signIn(token);
    if (!r.ok) return { state: 'out', error: signInError(r, t) };
  }
  return checkSession(t);
}

export async function checkSession(t: Translate): Promise<SessionState> {
  const r = await getSession();
  if (r.ok) return { state: 'in', timeZone: r.data?.timeZone };
  return { state: 'out', error: r.status === 401 ? '' : t('loadFailed', { error: r.message }) };
}
