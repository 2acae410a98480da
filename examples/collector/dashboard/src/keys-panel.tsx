// API keys (in People, owners only): create one with its scopes, its secret shown once to copy (the
// collector keeps only a hash of it), and revoke any. Systems send a key as `Authorization: Bearer`.
import { useState } from 'preact/hooks';
import { send } from './api.ts';
import { Outcome } from './answer-parts.tsx';
import { useApp } from './context.ts';
import { CopyField } from './copy-field.tsx';
import { ScrollTable } from './scroll-table.tsx';
import { SCOPES, type ApiKey } from './team-api.ts';
import { usePoll } from './use-poll.ts';

export function KeysPanel() {
  const { t, fmt, signedOut } = useApp();
  const keys = usePoll<{ keys: ApiKey[] }>('/v1/keys', signedOut);
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState('');
  const failed = (r: { status: number; message: string }) => (r.status === 401 ? signedOut() : setMsg({ ok: false, text: t('actionFailed', { error: r.message }) }));

  const create = async (e: Event) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const name = (form.elements.namedItem('key-name') as HTMLInputElement).value.trim();
    const scopes = SCOPES.filter((s) => (form.elements.namedItem(`scope-${s}`) as HTMLInputElement).checked);
    if (!scopes.length) return setMsg({ ok: false, text: t('chooseScope') });
    setBusy(true);
    const r = await send<{ key: ApiKey; secret: string }>('POST', '/v1/keys', { name, scopes });
    setBusy(false);
    if (!r.ok) return failed(r);
    form.reset();
    setSecret(r.data.secret);
    setMsg({ ok: true, text: t('done') });
    keys.reload();
  };
  const revoke = async (k: ApiKey) => {
    if (!confirm(t('revokeConfirm', { name: k.name }))) return;
    setBusy(true);
    const r = await send('DELETE', `/v1/keys/${encodeURIComponent(k.id)}`);
    setBusy(false);
    if (!r.ok) return failed(r);
    setMsg({ ok: true, text: t('done') });
    keys.reload();
  };
  const list = keys.data?.keys;
  return (
    <section class="panel" aria-labelledby="keys-h">
      <h2 id="keys-h">{t('keys')}</h2>
      <p class="help">{t('keysHelp')}</p>
      <form class="fields" onSubmit={create}>
        <label>
          {t('keyName')}
          <input name="key-name" type="text" required maxLength={100} autocomplete="off" />
        </label>
        <fieldset>
          <legend>{t('scopes')}</legend>
          {SCOPES.map((s) => (
            <label class="check">
              <input type="checkbox" name={`scope-${s}`} />
              {s}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy}>
          {t('createKey')}
        </button>
      </form>
      <Outcome msg={msg} />
      {secret && (
        <>
          <CopyField id="new-key" label={t('newKey')} value={secret} focus />
          <p class="help">{t('newKeyHelp')}</p>
        </>
      )}
      {keys.error && <p class="error">{t('loadFailed', { error: keys.error })}</p>}
      {!list ? (
        <p>{t('loading')}</p>
      ) : !list.length ? (
        <p>{t('noKeys')}</p>
      ) : (
        <ScrollTable label={t('keysTable')}>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('scopes')}</th>
              <th scope="col">{t('created')}</th>
              <th scope="col">{t('createdBy')}</th>
              <th scope="col">{t('lastUsed')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((k) => (
              <tr>
                <th scope="row">{k.name}</th>
                <td>{k.scopes.join(', ')}</td>
                <td>{fmt.dateTime(k.createdAt)}</td>
                <td>{k.createdBy ?? t('dash')}</td>
                <td>{k.lastUsedAt ? fmt.dateTime(k.lastUsedAt) : t('never')}</td>
                <td>
                  <button type="button" disabled={busy} onClick={() => revoke(k)}>
                    {t('revoke', { name: k.name })}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </section>
  );
}
