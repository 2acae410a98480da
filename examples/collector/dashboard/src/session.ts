// Starting the session. The address's fragment is read once and removed (history.replaceState) before
// anything else, so no code in it is kept in history or bookmarked:
// - `#token=`: a one-click link's admin token, posted at once;
// - `#signin=CODE`: an e-mailed sign-in link, used when the reader presses Continue (opening it changes nothing);
// - `#join=CODE`: an invitation, shown with its e-mail and role until the reader joins;
// - `#sso-error=unverified|not-invited|failed`: single sign-on came back refused, said on the sign-in page.
// Then GET /dashboard/session says whether the cookie is good, who it is and which sign-in methods there are.
import { getSession, signIn } from './api.ts';
import type { Key, Translate } from './i18n.ts';
import { signInError } from './sign-in.tsx';
import type { Me, SignInOptions } from './team-api.ts';

export type SessionState =
  | { state: 'checking' }
  | { state: 'out'; error: string; signIn?: SignInOptions | undefined }
  | { state: 'link'; code: string }
  | { state: 'join'; code: string }
  | { state: 'in'; timeZone: string | undefined; person: Me | undefined };

const SSO_ERRORS = ['unverified', 'not-invited', 'failed'];

export async function startSession(t: Translate): Promise<SessionState> {
  const hash = new URLSearchParams(location.hash.slice(1));
  if (location.hash) history.replaceState(history.state, '', location.pathname + location.search);
  const token = hash.get('token');
  const link = hash.get('signin');
  const join = hash.get('join');
  const sso = hash.get('sso-error');
  if (join) return { state: 'join', code: join };
  if (link) return { state: 'link', code: link };
  if (token) {
    const r = await signIn(token);
    if (!r.ok) return { state: 'out', error: signInError(r, t) };
  }
  const s = await checkSession(t);
  return sso !== null && s.state === 'out' ? { ...s, error: t(`sso_${SSO_ERRORS.includes(sso) ? sso : 'failed'}` as Key) } : s;
}

export async function checkSession(t: Translate): Promise<SessionState> {
  const r = await getSession();
  if (r.ok) return { state: 'in', timeZone: r.data?.timeZone, person: r.data?.person };
  return { state: 'out', error: r.status === 401 ? '' : t('loadFailed', { error: r.message }), signIn: (r.body as { signIn?: SignInOptions } | undefined)?.signIn };
}
