// My account (GET /v1/me): my passkeys (add one, rename, remove) and my sessions (where and how I am
// signed in; any of them can be ended, this device's too, which signs me out here).
import { useState } from 'preact/hooks';
import { send } from './api.ts';
import { Outcome } from './answer-parts.tsx';
import { useApp } from './context.ts';
import type { Key } from './i18n.ts';
import { ScrollTable } from './scroll-table.tsx';
import { hasWebAuthn, passkeyError, registerPasskey, type MeReply, type Passkey } from './team-api.ts';
import { usePoll } from './use-poll.ts';

export function AccountView() {
  const { t, fmt, signedOut } = useApp();
  const me = usePoll<MeReply>('/v1/me', signedOut);
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const [busy, setBusy] = useState(false);
  const at = (iso: string | null) => (iso ? fmt.dateTime(iso) : t('never'));

  /** A change, then the account read again; `ended`: it ended this session. */
  const act = async (run: () => Promise<{ ok: true } | { ok: false; status: number; message: string }>, done: string, ended = false) => {
    setBusy(true);
    const r = await run();
    setBusy(false);
    if (!r.ok) return r.status === 401 ? signedOut() : setMsg({ ok: false, text: r.status === -1 ? passkeyError(r, t) : t('actionFailed', { error: r.message }) });
    if (ended) return signedOut();
    setMsg({ ok: true, text: done });
    me.reload();
  };
  const add = (e: Event) => {
    e.preventDefault();
    const input = (e.currentTarget as HTMLFormElement).elements.namedItem('passkey-name') as HTMLInputElement;
    void act(() => registerPasskey(undefined, input.value.trim() || undefined), t('passkeyAdded')).then(() => (input.value = ''));
  };
  const d = me.data;
  const sessions = d ? [...d.sessions].sort((a, b) => Number(b.current) - Number(a.current)) : [];
  return (
    <section class="account" aria-labelledby="account-h">
      <h2 id="account-h">{t('account')}</h2>
      {me.error && <p class="error">{t('loadFailed', { error: me.error })}</p>}
      <Outcome msg={msg} />
      <section class="panel" aria-labelledby="passkeys-h">
        <h3 id="passkeys-h">{t('passkeys')}</h3>
        {!d ? (
          <p>{t('loading')}</p>
        ) : !d.passkeys.length ? (
          d.person.id === 'admin' ? null : <p>{t('noPasskeys')}</p>
        ) : (
          <ScrollTable label={t('passkeysTable')}>
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('created')}</th>
                <th scope="col">{t('lastUsed')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {d.passkeys.map((p) => (
                <tr>
                  <th scope="row">{p.name}</th>
                  <td>{fmt.dateTime(p.createdAt)}</td>
                  <td>{at(p.lastUsedAt)}</td>
                  <td class="wrap">
                    <div class="actions">
                      <Rename p={p} busy={busy} onRename={(name) => act(() => send('PATCH', `/v1/me/passkeys/${encodeURIComponent(p.id)}`, { name }), t('done'))} />
                      <button type="button" disabled={busy} aria-label={t('removePasskey', { name: p.name })} onClick={() => act(() => send('DELETE', `/v1/me/passkeys/${encodeURIComponent(p.id)}`), t('done'))}>
                        {t('remove')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
        {/* The admin token's owner signs in with the token only: a passkey would outlive a changed token. */}
        {d?.person.id === 'admin' ? (
          <p>{t('adminNoPasskey')}</p>
        ) : hasWebAuthn() && (
          <form class="fields" onSubmit={add}>
            <label>
              {t('newPasskeyName')}
              <input name="passkey-name" type="text" maxLength={100} autocomplete="off" />
            </label>
            <button type="submit" disabled={busy}>
              {t('addPasskey')}
            </button>
          </form>
        )}
      </section>
      <section class="panel" aria-labelledby="sessions-h">
        <h3 id="sessions-h">{t('sessions')}</h3>
        {!d ? (
          <p>{t('loading')}</p>
        ) : (
          <ScrollTable label={t('sessionsTable')}>
            <thead>
              <tr>
                <th scope="col">{t('sessions')}</th>
                <th scope="col">{t('method')}</th>
                <th scope="col">{t('started')}</th>
                <th scope="col">{t('lastSeen')}</th>
                <th scope="col">{t('address')}</th>
                <th scope="col">{t('device')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s, i) => (
                <tr>
                  <th scope="row">
                    {t('sessionN', { n: i + 1 })}
                    {s.current && <strong> · {t('thisDevice')}</strong>}
                  </th>
                  <td>{s.method ? t(`m_${s.method}` as Key) : t('dash')}</td>
                  <td>{fmt.dateTime(s.createdAt)}</td>
                  <td>{at(s.lastSeenAt)}</td>
                  <td>{s.address ?? t('dash')}</td>
                  <td>{s.userAgent ? device(s.userAgent) : t('dash')}</td>
                  <td>
                    <button type="button" disabled={busy} aria-label={t('endSession', { n: i + 1 })} onClick={() => act(() => send('DELETE', `/v1/me/sessions/${encodeURIComponent(s.id)}`), t('done'), s.current)}>
                      {t('end')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </section>
    </section>
  );
}

const BROWSERS: Array<[RegExp, string]> = [
  [/Edg\/(\d+)/, 'Edge'],
  [/OPR\/(\d+)/, 'Opera'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/Chrome\/(\d+)/, 'Chrome'],
  [/Version\/(\d+).*Safari/, 'Safari'],
];
/** A User-Agent in a few words: "Chrome 131 · Windows"; the whole string when it names no browser known here. */
function device(ua: string): string {
  const os = ['Windows', 'Android', 'iPhone', 'iPad', 'Mac OS X', 'CrOS', 'Linux'].find((o) => ua.includes(o));
  for (const [re, name] of BROWSERS) {
    const m = re.exec(ua);
    if (m) return `${name} ${m[1]}${os ? ` · ${os === 'Mac OS X' ? 'macOS' : os}` : ''}`;
  }
  return ua;
}

/** A passkey's new name: a small form in its row (Enter or the button). */
function Rename({ p, busy, onRename }: { p: Passkey; busy: boolean; onRename: (name: string) => void }) {
  const { t } = useApp();
  const [name, setName] = useState(p.name);
  return (
    <form
      class="inline"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim() && name.trim() !== p.name) onRename(name.trim());
      }}
    >
      <input type="text" value={name} maxLength={100} aria-label={t('renamePasskey', { name: p.name })} onInput={(e) => setName(e.currentTarget.value)} />
      <button type="submit" disabled={busy}>
        {t('rename')}
      </button>
    </form>
  );
}
