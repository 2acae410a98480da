// People (owners only): invite someone with a role, perhaps a team and a limit to some values of one
// meta key; the invitation link is e-mailed, or shown to copy when the collector cannot send mail.
// Then everyone on the team: their role (changing it, or their team or limit, ends their sessions),
// whether they joined, their sessions and passkeys, and what an owner can do about them. API keys
// below. The bootstrap owner ("admin", the admin token's) can be neither removed nor demoted.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { send, type Result } from './api.ts';
import { Outcome } from './answer-parts.tsx';
import { useApp } from './context.ts';
import { CopyField } from './copy-field.tsx';
import { KeysPanel } from './keys-panel.tsx';
import { ScrollTable } from './scroll-table.tsx';
import { ROLES, splitValues, type Invitation, type Limit, type Person, type Role } from './team-api.ts';
import { usePoll } from './use-poll.ts';

export function PeopleView() {
  const { t, fmt, signedOut } = useApp();
  const people = usePoll<{ people: Person[] }>('/v1/people', signedOut);
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const [busy, setBusy] = useState(false);
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  /** The person whose team and limit form is open (a row below theirs). */
  const [editing, setEditing] = useState<string | null>(null);

  /** A change, said when done (or why not), then the list read again. */
  const act = async <T,>(run: () => Promise<Result<T>>, done: (data: T) => string): Promise<boolean> => {
    if (busy) return false;
    setBusy(true);
    const r = await run();
    setBusy(false);
    if (!r.ok) {
      if (r.status === 401) signedOut();
      else setMsg({ ok: false, text: t('actionFailed', { error: r.message }) });
      return false;
    }
    setMsg({ ok: true, text: done(r.data) });
    people.reload();
    return true;
  };
  const invited = (email: string) => (r: { invitation: Invitation }) => {
    setInvitation(r.invitation);
    return t(r.invitation.sent ? 'invitationSent' : 'invitationCopy', { email, time: fmt.dateTime(r.invitation.expiresAt) });
  };
  const path = (p: Person, rest = '') => `/v1/people/${encodeURIComponent(p.id)}${rest}`;
  const list = people.data?.people;

  return (
    <div class="people">
      <section class="panel" aria-labelledby="people-h">
        <h2 id="people-h">{t('people')}</h2>
        <InviteForm onInvite={(body, form) => act(() => send<{ invitation: Invitation }>('POST', '/v1/people', body), invited(body.email)).then((ok) => ok && form.reset())} />
        <Outcome msg={msg} />
        {invitation && !invitation.sent && <CopyField id="invitation-link" label={t('invitationLink')} value={invitation.url} focus />}
        {people.error && <p class="error">{t('loadFailed', { error: people.error })}</p>}
        {!list ? (
          <p>{t('loading')}</p>
        ) : (
          <ScrollTable label={t('peopleTable')}>
            <thead>
              <tr>
                <th scope="col">{t('name')}</th>
                <th scope="col">{t('role')}</th>
                <th scope="col">{t('team')}</th>
                <th scope="col">{t('limit')}</th>
                <th scope="col">{t('joined')}</th>
                <th scope="col">{t('lastSeen')}</th>
                <th scope="col">{t('sessions')}</th>
                <th scope="col">{t('passkeys')}</th>
                <th scope="col">{t('actions')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => {
                const who = p.email ?? p.name;
                const admin = p.id === 'admin';
                const open = editing === p.id;
                return (
                  <Fragment key={p.id}>
                    <tr>
                      <th scope="row" class="wrap">
                        {p.name}
                        {p.email && p.email !== p.name && <span class="n"> {p.email}</span>}
                      </th>
                      <td>
                        <select
                          aria-label={t('roleOf', { email: who })}
                          value={p.role}
                          disabled={admin || busy}
                          onChange={(e) => act(() => send('PATCH', path(p), { role: e.currentTarget.value }), () => t('changedEnded'))}
                        >
                          {ROLES.map((r) => (
                            <option value={r}>{t(`role_${r}`)}</option>
                          ))}
                        </select>
                      </td>
                      <td>{p.team ?? t('dash')}</td>
                      <td class="wrap">{p.limit ? `${p.limit.key} = ${p.limit.values.join(', ')}` : t('everything')}</td>
                      <td>
                        {admin
                          ? t('dash')
                          : p.joinedAt
                            ? fmt.dateTime(p.joinedAt)
                            : p.invitation && Date.parse(p.invitation.expiresAt) > Date.now()
                              ? t('invitedUntil', { time: fmt.dateTime(p.invitation.expiresAt) })
                              : t('invitationExpired')}
                      </td>
                      <td>{p.lastSeenAt ? fmt.dateTime(p.lastSeenAt) : t('never')}</td>
                      <td>{fmt.count(p.sessions.length)}</td>
                      <td>{fmt.count(p.passkeys)}</td>
                      <td class="wrap">
                        <div class="actions">
                          <button type="button" disabled={busy} onClick={() => act(() => send('DELETE', path(p, '/sessions')), () => t('done'))}>
                            {t('endSessionsOf', { email: who })}
                          </button>
                          {!admin && (
                            <>
                              <button type="button" disabled={busy} onClick={() => act(() => send<{ invitation: Invitation }>('POST', path(p, '/invitation')), invited(who))}>
                                {t('newInvitation', { email: who })}
                              </button>
                              <button type="button" disabled={busy} onClick={() => confirm(t('removeConfirm', { email: who })) && act(() => send('DELETE', path(p)), () => t('done'))}>
                                {t('removePerson', { email: who })}
                              </button>
                              <button type="button" aria-expanded={open} aria-controls={`edit-${p.id}`} onClick={() => setEditing(open ? null : p.id)}>
                                {t('editOf', { email: who })}
                              </button>
                            </>
                          )}
                        </div>
                      </td>
                    </tr>
                    {open && (
                      <tr id={`edit-${p.id}`}>
                        <td colSpan={9}>
                          <form
                            class="fields"
                            aria-label={t('editOf', { email: who })}
                            onSubmit={(e) => {
                              e.preventDefault();
                              void act(() => send('PATCH', path(p), teamOf(e.currentTarget as HTMLFormElement)), () => t('changedEnded')).then((ok) => ok && setEditing(null));
                            }}
                          >
                            <TeamFields team={p.team} limit={p.limit} />
                            <button type="submit">{t('save')}</button>
                          </form>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </tbody>
          </ScrollTable>
        )}
      </section>
      <KeysPanel />
    </div>
  );
}

interface InviteBody {
  email: string;
  name?: string;
  role: Role;
  team?: string;
  limit?: Limit;
}

/** The team and limit fields, shared by the invite form and a person's edit form. */
function TeamFields({ team, limit }: { team?: string | null | undefined; limit?: Limit | null | undefined }) {
  const { t } = useApp();
  return (
    <>
      <label>
        {t('team')}
        <input name="team" type="text" maxLength={60} autocomplete="off" defaultValue={team ?? ''} />
      </label>
      <label>
        {t('limitKey')}
        <input name="limitKey" type="text" maxLength={100} autocomplete="off" defaultValue={limit?.key ?? ''} />
      </label>
      <label>
        {t('limitValues')}
        <input name="limitValues" type="text" autocomplete="off" defaultValue={limit?.values.join(', ') ?? ''} />
      </label>
    </>
  );
}

/** The team (null when empty) and limit (null without a key or values) a form's fields say. */
function teamOf(form: HTMLFormElement): { team: string | null; limit: Limit | null } {
  const value = (name: string) => ((form.elements.namedItem(name) as HTMLInputElement).value ?? '').trim();
  const key = value('limitKey');
  const values = splitValues(value('limitValues'));
  return { team: value('team') || null, limit: key && values.length ? { key, values } : null };
}

function InviteForm({ onInvite }: { onInvite: (body: InviteBody, form: HTMLFormElement) => void }) {
  const { t } = useApp();
  return (
    <form
      class="invite"
      aria-labelledby="invite-h"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget as HTMLFormElement;
        const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value.trim();
        const { team, limit } = teamOf(form);
        onInvite({ email: value('email'), ...(value('name') ? { name: value('name') } : {}), role: value('role') as Role, ...(team ? { team } : {}), ...(limit ? { limit } : {}) }, form);
      }}
    >
      <h3 id="invite-h">{t('inviteTitle')}</h3>
      <div class="fields">
        <label>
          {t('email')}
          <input name="email" type="email" required maxLength={254} autocomplete="off" spellcheck={false} />
        </label>
        <label>
          {t('name')}
          <input name="name" type="text" maxLength={100} autocomplete="off" />
        </label>
        <label>
          {t('role')}
          <select name="role">
            {ROLES.map((r) => (
              <option value={r} selected={r === 'viewer'}>
                {t(`role_${r}`)}
              </option>
            ))}
          </select>
        </label>
        <TeamFields />
        {/* Not disabled while busy: the focus stays on it (a second press is ignored). */}
        <button type="submit">{t('invite')}</button>
      </div>
      <p class="help">{t('roleHelp')}</p>
      <p class="help">{t('limitHelp')}</p>
    </form>
  );
}
