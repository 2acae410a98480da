// A case's history, read when it is opened (and again after each change): who did what, when.
import { useEffect, useState } from 'preact/hooks';
import { read } from './api.ts';
import { useApp } from './context.ts';
import type { Key } from './i18n.ts';
import type { Case, CaseEvent, CaseStatus } from './types.ts';

export function CaseHistory({ id, version, labelId, nameOf }: { id: string; version: string; labelId: string; nameOf: (owner: string) => string }) {
  const { t, fmt, signedOut } = useApp();
  const [open, setOpen] = useState(false);
  const [events, setEvents] = useState<CaseEvent[] | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!open) return;
    let live = true;
    void read<Case & { history: CaseEvent[] }>(`/v1/cases/${encodeURIComponent(id)}`).then((r) => {
      if (!live) return;
      if (!r.ok) return r.status === 401 ? signedOut() : setError(t('loadFailed', { error: r.message }));
      setError('');
      setEvents(r.data.history);
    });
    return () => {
      live = false;
    };
  }, [open, version]);

  /** A status or owner as words: statuses translated, an owner by name, no owner as "unassigned". */
  const value = (e: CaseEvent, v: string | null) => (e.kind === 'status' && v ? t(v as CaseStatus) : e.kind === 'owner' ? (v === null ? t('unassigned') : nameOf(v)) : (v ?? ''));
  return (
    <details class="history" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary id={`${labelId}-history`}>{t('history')}</summary>
      {error && <p class="error">{error}</p>}
      {!events ? (
        <p>{t('loading')}</p>
      ) : (
        <ol aria-labelledby={`${labelId}-history`}>
          {events.map((e) => (
            <li>
              <time dateTime={e.at}>{fmt.dateTime(e.at)}</time> <strong>{t(`h_${e.kind}` as Key)}</strong>
              {(e.from !== null || e.to !== null) && e.kind !== 'opened' && ` ${value(e, e.from)} → ${value(e, e.to)}`}
              {e.note && <span class="text"> {e.note}</span>} <span class="n">· {e.author}</span>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
