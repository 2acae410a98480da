// The sign-in page: the team's ways in (a passkey, a link by e-mail, single sign-on when the collector
// has it) and, under its own heading, the admin token. The token goes once to POST /dashboard/session
// and is then dropped: the input is cleared and nothing is written to storage; the HttpOnly cookie the
// collector sets is the session. One message shows at a time, beside what it is about.
import { useEffect, useState } from 'preact/hooks';
import { getSession, signIn } from './api.ts';
import { Outcome } from './answer-parts.tsx';
import type { Translate } from './i18n.ts';
import { TeamSignIn } from './signin-methods.tsx';
import type { SignInOptions } from './team-api.ts';

/** Turns a failed sign-in into the sentence to show (wrong token, throttled with its wait, other). */
export function signInError(r: { status: number; message: string; retryAfter?: number }, t: Translate): string {
  if (r.status === 401) return t('wrongToken');
  if (r.status === 429) return t('throttled', { seconds: r.retryAfter ?? 60 });
  return t('signInFailed', { error: r.message });
}

type Place = 'top' | 'team' | 'token';
export type Say = (text: string, ok?: boolean) => void;

export function SignIn({ t, error, signIn: known, onSignedIn }: { t: Translate; error: string; signIn?: SignInOptions | undefined; onSignedIn: () => void }) {
  const [options, setOptions] = useState(known);
  const [msg, setMsg] = useState({ at: 'top' as Place, ok: false, text: error });
  // Signed out by a 401 elsewhere: ask the collector which ways in it offers (its 401 says).
  useEffect(() => {
    if (!options) void getSession().then((r) => !r.ok && setOptions((r.body as { signIn?: SignInOptions } | undefined)?.signIn));
  }, []);
  const say =
    (at: Place): Say =>
    (text, ok = false) =>
      setMsg({ at, ok, text });
  const shown = (at: Place) => (msg.at === at ? msg : { ok: true, text: '' });
  return (
    <div class="signin-page">
      <p role="alert" class="error">
        {shown('top').text}
      </p>
      <TeamSignIn t={t} options={options} say={say('team')} msg={shown('team')} onSignedIn={onSignedIn} />
      <TokenForm t={t} say={say('token')} error={shown('token').text} onSignedIn={onSignedIn} />
    </div>
  );
}

function TokenForm({ t, say, error, onSignedIn }: { t: Translate; say: Say; error: string; onSignedIn: () => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="signin"
      onSubmit={async (e) => {
        e.preventDefault();
        const input = (e.currentTarget as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
        const token = input.value.trim();
        input.value = '';
        setBusy(true);
        const r = await signIn(token);
        setBusy(false);
        if (r.ok) onSignedIn();
        else say(signInError(r, t));
      }}
    >
      <h2>{t('tokenLabel')}</h2>
      <p>{t('signInHelp')}</p>
      <label for="token">{t('tokenLabel')}</label>
      <input id="token" name="token" type="password" autocomplete="current-password" required spellcheck={false} />
      <button type="submit" disabled={busy}>
        {t('signIn')}
      </button>
      <Outcome msg={{ ok: false, text: error }} />
    </form>
  );
}
