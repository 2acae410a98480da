// The pages an e-mailed link opens (its code came in the fragment, already removed from the address):
// - an invitation (`#join=`): whose it is and with which role (reading it changes nothing), then
//   "Create a passkey" (registered for the invitee, which also accepts the invitation) or "Continue
//   without a passkey" (the e-mail proved the address);
// - a sign-in link (`#signin=`): one button, so a mail scanner that opens links signs nobody in.
// Either ends signed in, or back on the sign-in page saying the link is used up.
import { useEffect, useState } from 'preact/hooks';
import { read, send } from './api.ts';
import { Outcome } from './answer-parts.tsx';
import { useApp } from './context.ts';
import type { Key } from './i18n.ts';
import { hasWebAuthn, passkeyError, registerPasskey, type Role } from './team-api.ts';

interface Props {
  code: string;
  onSignedIn: () => void;
  /** The link cannot be used (expired, used, unknown): back to the sign-in page with this sentence. */
  onGone: (error: string) => void;
}

/** Runs one step: busy meanwhile, a 410 goes back to the sign-in page, any other failure is said. */
function useStep({ onSignedIn, onGone }: Props, gone: Key) {
  const { t } = useApp();
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const run = async (step: () => Promise<{ ok: true } | { ok: false; status: number; message: string }>) => {
    setBusy(true);
    setMsg({ ok: true, text: t('working') });
    const r = await step();
    setBusy(false);
    if (r.ok) return onSignedIn();
    if (r.status === 410) return onGone(t(gone));
    setMsg({ ok: false, text: r.status === -1 ? passkeyError(r, t) : t('signInFailed', { error: r.message }) });
  };
  return { busy, msg, run };
}

export function JoinPage(p: Props) {
  const { t } = useApp();
  const [invite, setInvite] = useState<{ email: string; name: string; role: Role; expiresAt: string } | null>(null);
  const { busy, msg, run } = useStep(p, 'joinGone');
  useEffect(() => {
    void read<{ email: string; name: string; role: Role; expiresAt: string }>(`/dashboard/join/${encodeURIComponent(p.code)}`).then((r) => {
      if (r.ok) setInvite(r.data);
      else p.onGone(r.status === 410 ? t('joinGone') : t('loadFailed', { error: r.message }));
    });
  }, [p.code]);
  return (
    <section class="signin" aria-labelledby="join-h">
      <h2 id="join-h">{t('joinTitle')}</h2>
      {!invite ? (
        <p>{t('loading')}</p>
      ) : (
        <>
          <p>{t('joinAs', { email: invite.email, role: t(`role_${invite.role}`) })}</p>
          <p class="help">{t('joinHelp')}</p>
          {hasWebAuthn() && (
            <button type="button" class="button" disabled={busy} onClick={() => run(() => registerPasskey(p.code))}>
              {t('createPasskey')}
            </button>
          )}
          <button type="button" disabled={busy} onClick={() => run(() => send<void>('POST', '/dashboard/join', { code: p.code }))}>
            {t('joinWithout')}
          </button>
          <Outcome msg={msg} />
        </>
      )}
    </section>
  );
}

export function LinkSignIn(p: Props) {
  const { t } = useApp();
  const { busy, msg, run } = useStep(p, 'linkGone');
  return (
    <section class="signin" aria-labelledby="link-h">
      <h2 id="link-h">{t('signInTitle')}</h2>
      <p>{t('linkHelp')}</p>
      <button type="button" class="button" disabled={busy} onClick={() => run(() => send<void>('POST', '/dashboard/signin/link', { code: p.code }))}>
        {t('continue')}
      </button>
      <Outcome msg={msg} />
    </section>
  );
}
