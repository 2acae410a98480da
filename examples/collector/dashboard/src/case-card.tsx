// One case: the customer's answer (every string as text), its deadline ("overdue by …" in words, not
// only in colour), its notes, and a form that changes status, owner and adds a note in one PATCH. The
// owner is a person or a team of GET /v1/assignees; a note's author is whoever is signed in.
import { useEffect, useState } from 'preact/hooks';
import { send } from './api.ts';
import { CaseHistory } from './case-history.tsx';
import { AnswerFacts, Outcome, Scores } from './answer-parts.tsx';
import { useApp } from './context.ts';
import type { Assignees } from './team-api.ts';
import type { Case, CaseStatus } from './types.ts';

const STATUSES: CaseStatus[] = ['open', 'contacted', 'resolved'];

export function CaseCard({ c, onSaved, assignees }: { c: Case; onSaved: (c: Case) => void; assignees: Assignees }) {
  const { t, fmt, signedOut } = useApp();
  const [status, setStatus] = useState(c.status);
  const [owner, setOwner] = useState(c.owner ?? '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState({ ok: true, text: '' });
  // Changed elsewhere (another tab, a colleague): show what the server now says.
  useEffect(() => {
    setStatus(c.status);
    setOwner(c.owner ?? '');
  }, [c.updatedAt]);

  const save = async (e: Event) => {
    e.preventDefault();
    const patch: { status?: CaseStatus; owner?: string | null; note?: string } = {};
    if (status !== c.status) patch.status = status;
    const who = owner || null;
    if (who !== c.owner) patch.owner = who;
    if (note.trim()) patch.note = note.trim();
    if (!Object.keys(patch).length) return setMsg({ ok: false, text: t('nothingToSave') });
    setBusy(true);
    setMsg({ ok: true, text: t('saving') });
    const r = await send<Case>('PATCH', `/v1/cases/${encodeURIComponent(c.id)}`, patch);
    setBusy(false);
    if (!r.ok) return r.status === 401 ? signedOut() : setMsg({ ok: false, text: t('saveFailed', { error: r.message }) });
    setNote('');
    setMsg({ ok: true, text: t('saved') });
    onSaved(r.data);
  };

  const late = Date.now() - Date.parse(c.dueAt);
  const people = assignees.people.map((p) => [`person:${p.id}`, p.team ? `${p.name} (${p.team})` : p.name] as const);
  const teams = assignees.teams.map((name) => [`team:${name}`, t('teamOwner', { name })] as const);
  // An owner no longer among them (removed, or a name from before the team) stays choosable as it was.
  const gone = c.owner && ![...people, ...teams].some(([v]) => v === c.owner);
  /** An owner value in words, for the history. */
  const nameOf = (v: string) => [...people, ...teams].find(([x]) => x === v)?.[1] ?? ((v === c.owner && c.ownerName) || v);
  const id = `case-${c.id}`;
  return (
    <li>
      <article class={`card unhappy${c.overdue ? ' late' : ''}`} aria-label={t('caseLabel', { time: fmt.dateTime(c.answeredAt) })}>
        <p class="scores">
          <Scores csat={c.csat} nps={c.nps} />
          <span class={`tag ${c.status}`}>{t(c.status)}</span>
          {c.overdue && <strong class="overdue">⚠ {late > 60_000 ? t('overdueBy', { time: fmt.duration(late) }) : t('overdue')}</strong>}
          <time dateTime={c.answeredAt}>{fmt.dateTime(c.answeredAt)}</time>
        </p>
        {c.comment ? <p class="text">{c.comment}</p> : <p class="text none">{t('noComment')}</p>}
        {!c.matches && <p class="few">{t('unmatched')}</p>}
        <dl>
          <AnswerFacts deliveryId={c.deliveryId} customerId={c.customerId} meta={c.meta} />
          <div>
            <dt>{t('openedAt')}</dt>
            <dd>{fmt.dateTime(c.openedAt)}</dd>
          </div>
          <div>
            <dt>{t('dueAt')}</dt>
            <dd>{fmt.dateTime(c.dueAt)}</dd>
          </div>
          {c.firstContactAt && (
            <div>
              <dt>{t('firstContact')}</dt>
              <dd>{fmt.dateTime(c.firstContactAt)}</dd>
            </div>
          )}
          {c.resolvedAt && (
            <div>
              <dt>{t('resolved')}</dt>
              <dd>{fmt.dateTime(c.resolvedAt)}</dd>
            </div>
          )}
        </dl>
        {c.notes.length > 0 && (
          <ul class="notes">
            {c.notes.map((n) => (
              <li>
                <span class="text">{n.text}</span> <span class="n">— {n.author}, {fmt.dateTime(n.at)}</span>
              </li>
            ))}
          </ul>
        )}
        <form class="case-form" onSubmit={save}>
          <label>
            {t('caseStatus')}
            <select name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value as CaseStatus)}>
              {STATUSES.map((s) => (
                <option value={s}>{t(s)}</option>
              ))}
            </select>
          </label>
          <label>
            {t('owner')}
            <select name="owner" value={owner} onChange={(e) => setOwner(e.currentTarget.value)}>
              <option value="">{t('unassigned')}</option>
              {gone && <option value={c.owner!}>{c.ownerName ?? c.owner}</option>}
              {people.length > 0 && (
                <optgroup label={t('ownerPeople')}>
                  {people.map(([v, name]) => (
                    <option value={v}>{name}</option>
                  ))}
                </optgroup>
              )}
              {teams.length > 0 && (
                <optgroup label={t('ownerTeams')}>
                  {teams.map(([v, name]) => (
                    <option value={v}>{name}</option>
                  ))}
                </optgroup>
              )}
            </select>
          </label>
          <label class="note">
            {t('addNote')}
            <textarea name="note" rows={2} maxLength={4000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </label>
          <button type="submit" disabled={busy}>
            {t('save')}
          </button>
          <Outcome msg={msg} />
        </form>
        <CaseHistory id={c.id} version={c.updatedAt} labelId={id} nameOf={nameOf} />
      </article>
    </li>
  );
}
