// A case's history, as GET /v1/cases/:id (and each PATCH) returns it: who did what, when. Folded away
// until asked for, so the case beside the queue stays short.
import { statusKey } from './case-form.tsx';
import { tierWords } from './case-words.ts';
import { useApp } from './context.ts';
import type { Key } from './i18n.ts';
import type { CaseEvent, CaseStatus, Tier } from './types.ts';

export function CaseHistory({ events, labelId, nameOf }: { events: CaseEvent[]; labelId: string; nameOf: (owner: string) => string }) {
  const { t, fmt } = useApp();
  /** A status, tier or owner as words: statuses and tiers translated, an owner by name, no owner as "unassigned". */
  const value = (e: CaseEvent, v: string | null) =>
    e.kind === 'status' && v ? t(statusKey(v as CaseStatus)) : e.kind === 'tier' ? tierWords(v as Tier | null, t) : e.kind === 'owner' ? (v === null ? t('unassigned') : nameOf(v)) : (v ?? '');
  return (
    <details class="history">
      <summary id={`${labelId}-history`}>{t('history')}</summary>
      <ol aria-labelledby={`${labelId}-history`}>
        {events.map((e) => (
          <li>
            <time dateTime={e.at}>{fmt.dateTime(e.at)}</time> <strong>{t(`h_${e.kind}` as Key)}</strong>
            {(e.from !== null || e.to !== null) && e.kind !== 'opened' && ` ${value(e, e.from)} → ${value(e, e.to)}`}
            {e.note && <span class="text"> {e.note}</span>} <span class="n">· {e.author}</span>
          </li>
        ))}
      </ol>
    </details>
  );
}
