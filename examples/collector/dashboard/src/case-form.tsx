// A case's form: status (with why it waits, when it waits on the customer), tier, owner and a note, in
// one PATCH. The owner is a person or a team of GET /v1/assignees; a note's author is whoever is signed in.
import { useEffect, useState } from 'preact/hooks';
import { send } from './api.ts';
import { Outcome } from './answer-parts.tsx';
import { useApp } from './context.ts';
import type { Key } from './i18n.ts';
import { OwnerOptions, type ownersOf } from './owner-options.tsx';
import type { Case, CaseStatus, Tier } from './types.ts';

export const STATUSES: CaseStatus[] = ['open', 'contacted', 'pending', 'resolved'];
export const TIERS: Tier[] = ['urgent', 'general', 'complex'];
/** A status in the form's words ("Waiting on the customer" rather than the tab's "Waiting"). */
export const statusKey = (s: CaseStatus): Key => (s === 'pending' ? 'pendingLong' : s);

export interface CasePatch {
  status?: CaseStatus;
  pendingReason?: string;
  tier?: Tier;
  owner?: string | null;
  note?: string;
}

export function CaseForm({ c, owners, onSaved }: { c: Case; owners: ReturnType<typeof ownersOf>; onSaved: (c: Case) => void }) {
  const { t, signedOut } = useApp();
  const [status, setStatus] = useState(c.status);
  const [reason, setReason] = useState(c.pendingReason ?? '');
  const [tier, setTier] = useState(c.tier ?? '');
  const [owner, setOwner] = useState(c.owner ?? '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState({ ok: true, text: '' });
  // Changed elsewhere (another tab, a colleague, the queue's bulk actions): show what the server now says.
  useEffect(() => {
    setStatus(c.status);
    setReason(c.pendingReason ?? '');
    setTier(c.tier ?? '');
    setOwner(c.owner ?? '');
  }, [c.updatedAt]);

  const save = async (e: Event) => {
    e.preventDefault();
    const patch: CasePatch = {};
    if (status !== c.status) patch.status = status;
    if (status === 'pending' && status !== c.status) patch.pendingReason = reason.trim();
    if (tier && tier !== c.tier) patch.tier = tier as Tier;
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

  // An owner no longer among them (removed, or a name from before the team) stays choosable as it was.
  const gone = c.owner && !owners.all.some(([v]) => v === c.owner);
  return (
    <form class="case-form" onSubmit={save}>
      <label>
        {t('caseStatus')}
        <select name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value as CaseStatus)}>
          {STATUSES.map((s) => (
            <option value={s}>{t(statusKey(s))}</option>
          ))}
        </select>
      </label>
      {status === 'pending' && (
        <label class="note">
          {t('pendingReason')}
          <input name="pendingReason" required maxLength={200} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </label>
      )}
      <label>
        {t('tier')}
        <select name="tier" value={tier} aria-describedby={`tier-note-${c.id}`} onChange={(e) => setTier(e.currentTarget.value as Tier)}>
          {!c.tier && <option value="">{t('noTier')}</option>}
          {TIERS.map((x) => (
            <option value={x}>{t(`tier_${x}`)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('owner')}
        <select name="owner" value={owner} onChange={(e) => setOwner(e.currentTarget.value)}>
          <option value="">{t('unassigned')}</option>
          {gone && <option value={c.owner!}>{c.ownerName ?? c.owner}</option>}
          <OwnerOptions owners={owners} t={t} />
        </select>
      </label>
      <p class="hint" id={`tier-note-${c.id}`}>
        {t('tierNote')}
      </p>
      <label class="note">
        {t('addNote')}
        <textarea name="note" rows={2} maxLength={4000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy}>
        {t('save')}
      </button>
      <Outcome msg={msg} />
    </form>
  );
}
