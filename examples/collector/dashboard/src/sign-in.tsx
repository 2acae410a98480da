// The sign-in form. The token goes once to POST /dashboard/session and is then dropped: the input is
// cleared and nothing is written to storage; the HttpOnly cookie the collector sets is the session.
import { useState } from 'preact/hooks';
import { signIn } from './api.ts';
import type { Translate } from './i18n.ts';

/** Turns a failed sign-in into the sentence to show (wrong token, throttled with its wait, other). */
export function signInError(r: { status: number; message: string; retryAfter?: number }, t: Translate): string {
  if (r.status === 401) return t('wrongToken');
  if (r.status === 429) return t('throttled', { seconds: r.retryAfter ?? 60 });
  return t('signInFailed', { error: r.message });
}

export function SignIn({ t, error: initialError, onSignedIn }: { t: Translate; error: string; onSignedIn: () => void }) {
  const [error, setError] = useState(initialError);
  const [busy, setBusy] = useState(false);
  return (
    <form
      class="signin"
      aria-labelledby="signin-h"
      onSubmit={async (e) => {
        e.preventDefault();
        const input = (e.currentTarget as HTMLFormElement).elements.namedItem('token') as HTMLInputElement;
        const token = input.value.trim();
        input.value = '';
        setBusy(true);
        const r = await signIn(token);
        setBusy(false);
        if (r.ok) onSignedIn();
        else setError(signInError(r, t));
      }}
    >
      <h2 id="signin-h">{t('signInTitle')}</h2>
      <p>{t('signInHelp')}</p>
      <label for="token">{t('tokenLabel')}</label>
      <input id="token" name="token" type="password" autocomplete="current-password" required spellcheck={false} />
      <button type="submit" disabled={busy}>
        {t('signIn')}
      </button>
      <p role="alert" class="error">
        {error}
      </p>
    </form>
  );
}
