// Follow-up settings (owners): the tier rules and each tier's hours as text, the collector's 400 shown
// next to the field it names ("rules: rule 2 …", "hours: …"), and the way back to the configured
// ones; then the business-hours calendars: a table, a form to add or edit one, delete.
import { useEffect, useState } from 'preact/hooks';
import { send, type Result } from './api.ts';
import { Outcome } from './answer-parts.tsx';
import { CalendarForm, fieldOf, weekWords, type Calendar } from './calendar-form.tsx';
import { useApp } from './context.ts';
import { ScrollTable } from './scroll-table.tsx';
import { useAssignees } from './team-api.ts';
import { usePoll } from './use-poll.ts';

interface Rules {
  rules: string;
  hours: string;
  configured: { rules: string; hours: string };
  followupHours: number | null;
}

export function SettingsView() {
  return (
    <div class="settings">
      <RulesPanel />
      <CalendarsPanel />
    </div>
  );
}

function RulesPanel() {
  const { t, signedOut } = useApp();
  // Polled like every read (a failed read heals by itself); the fields follow what the collector says.
  const polled = usePoll<Rules>('/v1/followup/rules', signedOut);
  const now = polled.data;
  const [rules, setRules] = useState('');
  const [hours, setHours] = useState('');
  const [error, setError] = useState({ field: '', text: '' });
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!now) return;
    setRules(now.rules);
    setHours(now.hours);
  }, [now]);

  const put = async (body: { rules: string | null; hours: string | null }) => {
    setBusy(true);
    const r = await send<Rules>('PUT', '/v1/followup/rules', body);
    setBusy(false);
    if (!r.ok) {
      if (r.status === 401) return signedOut();
      const field = fieldOf(r.message);
      setError({ field, text: r.message });
      return setMsg(field === 'rules' || field === 'hours' ? { ok: true, text: '' } : { ok: false, text: t('saveFailed', { error: r.message }) });
    }
    setError({ field: '', text: '' });
    setMsg({ ok: true, text: t('saved') });
    polled.reload();
  };
  /** A field's 400, next to it (and named by it for assistive technology). */
  const err = (field: string) => (error.field === field ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${field}-help ${field}-error` } : { 'aria-describedby': `${field}-help` });
  return (
    <section class="panel" aria-labelledby="rules-h">
      <h2 id="rules-h">{t('settings')}</h2>
      {polled.error && <p class="error">{t('loadFailed', { error: polled.error })}</p>}
      {!now ? (
        <p>{t('loading')}</p>
      ) : (
        <form
          class="settings-form"
          onSubmit={(e) => {
            e.preventDefault();
            void put({ rules, hours });
          }}
        >
          <label for="rules">{t('tierRules')}</label>
          <textarea id="rules" name="rules" rows={3} maxLength={4000} value={rules} onInput={(e) => setRules(e.currentTarget.value)} {...err('rules')} />
          <p class="hint" id="rules-help">
            {t('tierRulesHelp')} {t('configuredAs', { value: now.configured.rules })}
          </p>
          {error.field === 'rules' && (
            <p class="error" id="rules-error" role="alert">
              {error.text}
            </p>
          )}
          <label for="hours">{t('tierHours')}</label>
          <input id="hours" name="hours" maxLength={200} value={hours} onInput={(e) => setHours(e.currentTarget.value)} {...err('hours')} />
          <p class="hint" id="hours-help">
            {t('tierHoursHelp')} {t('configuredAs', { value: now.configured.hours })}
          </p>
          {error.field === 'hours' && (
            <p class="error" id="hours-error" role="alert">
              {error.text}
            </p>
          )}
          {now.followupHours !== null && <p class="few">{t('followupHoursNote', { n: now.followupHours })}</p>}
          <div class="actions">
            <button type="submit" disabled={busy}>
              {t('save')}
            </button>
            <button type="button" disabled={busy} onClick={() => void put({ rules: null, hours: null })}>
              {t('useConfigured')}
            </button>
          </div>
          <Outcome msg={msg} />
        </form>
      )}
    </section>
  );
}

function CalendarsPanel() {
  const { t, signedOut } = useApp();
  const list = usePoll<{ calendars: Calendar[] }>('/v1/calendars', signedOut);
  const teams = useAssignees().teams;
  /** The calendar being edited: its id, `new` for a new one, null for none. */
  const [editing, setEditing] = useState<string | null>(null);
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const calendars = list.data?.calendars;
  const focusAdd = () => setTimeout(() => document.getElementById('add-calendar')?.focus());

  const remove = async (c: Calendar) => {
    if (!confirm(t('deleteConfirm', { name: c.name }))) return;
    const r: Result<void> = await send<void>('DELETE', `/v1/calendars/${encodeURIComponent(c.id)}`);
    if (!r.ok) return r.status === 401 ? signedOut() : setMsg({ ok: false, text: t('saveFailed', { error: r.message }) });
    setMsg({ ok: true, text: t('done') });
    list.reload();
    focusAdd();
  };
  const done = () => {
    setEditing(null);
    list.reload();
    focusAdd();
  };
  return (
    <section class="panel" aria-labelledby="calendars-h">
      <h2 id="calendars-h">{t('calendars')}</h2>
      <p class="help">{t('calendarsHelp')}</p>
      {list.error && <p class="error">{t('loadFailed', { error: list.error })}</p>}
      {!calendars ? (
        <p>{t('loading')}</p>
      ) : !calendars.length ? (
        <p>{t('noCalendars')}</p>
      ) : (
        <ScrollTable label={t('calendarsTable')}>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('timeZone')}</th>
              <th scope="col">{t('weekHours')}</th>
              <th scope="col">{t('appliesTo')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {calendars.map((c) => (
              <tr>
                <th scope="row">{c.name}</th>
                <td>{c.timeZone}</td>
                <td class="wrap">
                  <Week c={c} />
                </td>
                <td class="wrap">{[c.match && `${c.match.key} = ${c.match.value}`, c.team && t('teamOwner', { name: c.team })].filter(Boolean).join('; ') || t('nowhere')}</td>
                <td>
                  <div class="actions">
                    <button type="button" aria-label={t('editCalendar', { name: c.name })} aria-expanded={editing === c.id} onClick={() => setEditing(editing === c.id ? null : c.id)}>
                      {t('edit')}
                    </button>
                    <button type="button" aria-label={t('deleteCalendar', { name: c.name })} onClick={() => void remove(c)}>
                      {t('remove')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      <Outcome msg={msg} />
      {editing === null ? (
        <button type="button" id="add-calendar" onClick={() => setEditing('new')}>
          {t('addCalendar')}
        </button>
      ) : (
        <CalendarForm key={editing} calendar={calendars?.find((c) => c.id === editing) ?? null} taken={calendars?.map((c) => c.id) ?? []} position={Math.max(-1, ...(calendars ?? []).map((c) => c.position)) + 1} teams={teams} onDone={done} onCancel={done} />
      )}
    </section>
  );
}

/** A calendar's week in words ("Mon–Fri 09:00–18:00; Sat 10:00–14:00"), its holidays, and whether it is in use. */
function Week({ c }: { c: Calendar }) {
  const { t, fmt } = useApp();
  return (
    <>
      {weekWords(c.hours, fmt.lang)}
      {c.holidays.length > 0 && ` · ${t('holidaysN', { n: fmt.count(c.holidays.length) })}`}
      {c.usable === false && <strong class="late"> {t('notUsable')}</strong>}
    </>
  );
}
