// What to do with the cases selected in the queue: give them to someone, or move them to a status (with
// why they wait, when they wait on the customer). One PATCH per case; the outcome says how many were
// updated and which were not, and why.
import { useState } from 'preact/hooks';
import { send } from './api.ts';
import { Outcome } from './answer-parts.tsx';
import { STATUSES, statusKey, type CasePatch } from './case-form.tsx';
import { useApp } from './context.ts';
import { OwnerOptions, type ownersOf } from './owner-options.tsx';
import type { Case, CaseStatus } from './types.ts';

export function BulkBar({ cases, selected, owners, onAll, onDone }: { cases: Case[]; selected: string[]; owners: ReturnType<typeof ownersOf>; onAll: (on: boolean) => void; onDone: (updated: Case[]) => void }) {
  const { t, fmt, signedOut } = useApp();
  const [owner, setOwner] = useState('');
  const [status, setStatus] = useState<CaseStatus>('contacted');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const n = selected.length;
  const all = n > 0 && cases.every((c) => selected.includes(c.id));

  const apply = async (e: Event, patch: CasePatch) => {
    e.preventDefault();
    setBusy(true);
    setMsg({ ok: true, text: t('saving') });
    const results = await Promise.all(selected.map(async (id) => ({ id, r: await send<Case>('PATCH', `/v1/cases/${encodeURIComponent(id)}`, patch) })));
    setBusy(false);
    if (results.some((x) => !x.r.ok && x.r.status === 401)) return signedOut();
    const done = results.flatMap((x) => (x.r.ok ? [x.r.data] : []));
    const failed = results.flatMap((x) => {
      if (x.r.ok) return [];
      const c = cases.find((k) => k.id === x.id);
      return [`${c ? fmt.dateTime(c.answeredAt) : x.id}: ${x.r.message}`];
    });
    const updated = done.length === 1 ? t('updatedOne') : t('updatedN', { n: fmt.count(done.length) });
    setMsg(failed.length ? { ok: false, text: `${updated} ${t('notUpdated', { list: failed.join('; ') })}` } : { ok: true, text: updated });
    onDone(done);
  };

  return (
    <div class="actions" role="group" aria-label={t('selectedCases')}>
      <label class="check">
        <input type="checkbox" checked={all} onChange={(e) => onAll(e.currentTarget.checked)} />
        {t('selectAll', { n: fmt.count(cases.length) })}
      </label>
      {n > 0 && (
        <>
          <span class="n">{t('selectedN', { n: fmt.count(n) })}</span>
          <form class="inline" onSubmit={(e) => apply(e, { owner: owner || null })}>
            <label>
              {t('assignTo')}{' '}
              <select name="bulkOwner" value={owner} onChange={(e) => setOwner(e.currentTarget.value)}>
                <option value="">{t('unassigned')}</option>
                <OwnerOptions owners={owners} t={t} />
              </select>
            </label>
            <button type="submit" disabled={busy}>
              {t('assign')}
            </button>
          </form>
          <form class="inline" onSubmit={(e) => apply(e, { status, ...(status === 'pending' ? { pendingReason: reason.trim() } : {}) })}>
            <label>
              {t('moveTo')}{' '}
              <select name="bulkStatus" value={status} onChange={(e) => setStatus(e.currentTarget.value as CaseStatus)}>
                {STATUSES.map((s) => (
                  <option value={s}>{t(statusKey(s))}</option>
                ))}
              </select>
            </label>
            {status === 'pending' && (
              <label>
                {t('pendingReason')} <input name="bulkReason" required maxLength={200} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
              </label>
            )}
            <button type="submit" disabled={busy}>
              {t('move')}
            </button>
          </form>
        </>
      )}
      <Outcome msg={msg} />
    </div>
  );
}
