// The team's ways in on the sign-in page: a passkey (discoverable: no e-mail asked first), a sign-in
// link by e-mail (the reply is the same whether or not the address is on the team, so the form tells
// nobody who is), and single sign-on when the collector has an OpenID provider.
import { useState } from 'preact/hooks';
import { send } from './api.ts';
import { Outcome } from './answer-parts.tsx';
import type { Translate } from './i18n.ts';
import type { Say } from './sign-in.tsx';
import { hasWebAuthn, passkeyError, passkeySignIn, type SignInOptions } from './team-api.ts';

export function TeamSignIn(p: { t: Translate; options: SignInOptions | undefined; say: Say; msg: { ok: boolean; text: string }; onSignedIn: () => void }) {
  const { t, options, say } = p;
  const [busy, setBusy] = useState(false);
  const passkey = async () => {
    setBusy(true);
    say(t('working'), true);
    const r = await passkeySignIn();
    setBusy(false);
    if (r.ok) return p.onSignedIn();
    say(passkeyError(r, t));
  };
  const mail = async (e: Event) => {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('email') as HTMLInputElement;
    setBusy(true);
    const r = await send<{ sent: boolean }>('POST', '/dashboard/signin/email', { email: input.value.trim() });
    setBusy(false);
    if (r.ok) say(t('emailSent'), true);
    else say(r.status === 429 ? t('throttled', { seconds: r.retryAfter ?? 60 }) : t('signInFailed', { error: r.message }));
  };
  return (
    <section class="signin" aria-labelledby="signin-h">
      <h2 id="signin-h">{t('signInTitle')}</h2>
      <p>{t('signInOther')}</p>
      {hasWebAuthn() && (
        <button type="button" class="button" disabled={busy} onClick={passkey}>
          {t('passkeySignIn')}
        </button>
      )}
      {options?.sso && (
        <a class="button" href="/dashboard/sso">
          {t('ssoSignIn')}
        </a>
      )}
      {options?.email && (
        <form class="signin-mail" onSubmit={mail}>
          <label for="signin-email">{t('email')}</label>
          <input id="signin-email" name="email" type="email" autocomplete="email" required spellcheck={false} />
          <button type="submit" disabled={busy}>
            {t('emailLink')}
          </button>
        </form>
      )}
      <Outcome msg={p.msg} />
    </section>
  );
}
