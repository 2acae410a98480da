// The case chosen in the queue, beside it (below it on a phone): the customer's answer (every string as
// text), both deadlines with whether they were met in words, its notes, the form and the history. Read
// from GET /v1/cases/:id, so a case the queue does not list (an escalation e-mail's link, another
// period, a closed tab) opens too; read again when the queue's copy of it changes.
import { useEffect, useState } from 'preact/hooks';
import { read } from './api.ts';
import { AnswerFacts, Scores } from './answer-parts.tsx';
import { CaseForm, statusKey } from './case-form.tsx';
import { CaseHistory } from './case-history.tsx';
import { collectorNow, deadlineWords, nextDeadline, tierWords } from './case-words.ts';
import { useApp } from './context.ts';
import type { ownersOf } from './owner-options.tsx';
import type { Case, CaseEvent } from './types.ts';

type Full = Case & { history: CaseEvent[]; now?: string };

export function CaseDetails(p: { id: string; listed: Case | undefined; now: number; owners: ReturnType<typeof ownersOf>; onSaved: (c: Case) => void; onClose: () => void }) {
  const { id, listed, owners } = p;
  const { t, fmt, signedOut } = useApp();
  const [data, setData] = useState<{ c: Full; at: number } | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    void read<Full>(`/v1/cases/${encodeURIComponent(id)}`).then((r) => {
      if (!live) return;
      if (!r.ok) return r.status === 401 ? signedOut() : setError(r.status === 404 ? t('noSuchCase') : t('loadFailed', { error: r.message }));
      setError('');
      setData((d) => (d && d.c.updatedAt > r.data.updatedAt ? d : { c: r.data, at: Date.now() }));
    });
    return () => {
      live = false;
    };
  }, [id, listed?.updatedAt]);

  // The queue's copy shows at once; the history comes with the case's own read.
  const c = data?.c ?? listed;
  const now = data ? collectorNow(data.c.now, data.at) : p.now;
  const nameOf = (v: string) => owners.all.find(([x]) => x === v)?.[1] ?? ((v === c?.owner && c?.ownerName) || v);
  const next = c && nextDeadline(c, now, t, fmt);
  return (
    <section class="case-pane" aria-labelledby="case-h">
      <div class="section-head">
        <h3 id="case-h" tabIndex={-1}>
          {c ? t('caseLabel', { time: fmt.dateTime(c.answeredAt) }) : t('loading')}
        </h3>
        <button type="button" onClick={p.onClose}>
          {t('closeCase')}
        </button>
      </div>
      {error && <p class="error">{error}</p>}
      {c && next && (
        <>
          <p class="actions">
            <Scores csat={c.csat} nps={c.nps} />
            <span class="tag">{t(statusKey(c.status))}</span>
            <span class={`tag ${c.tier ?? ''}`}>{tierWords(c.tier, t)}</span>
            <strong class={next.late ? 'late' : undefined}>{next.text}</strong>
          </p>
          {c.comment ? <p class="text">{c.comment}</p> : <p class="text none">{t('noComment')}</p>}
          {!c.matches && <p class="few">{t('unmatched')}</p>}
          <dl class="facts">
            <div>
              <dt>{t('responseDue')}</dt>
              <dd>{deadlineWords(c.responseDueAt ?? c.dueAt, c.responseMet, false, now, t, fmt)}</dd>
            </div>
            {c.resolutionDueAt && (
              <div>
                <dt>{t('resolutionDue')}</dt>
                <dd>{deadlineWords(c.resolutionDueAt, c.resolutionMet, c.status === 'pending', now, t, fmt)}</dd>
              </div>
            )}
            {c.status === 'pending' && c.pendingSince && (
              <div>
                <dt>{t('waitingSince')}</dt>
                <dd>
                  {fmt.dateTime(c.pendingSince)}
                  {c.pendingReason && `: ${c.pendingReason}`}
                </dd>
              </div>
            )}
            <div>
              <dt>{t('owner')}</dt>
              <dd>{c.owner ? nameOf(c.owner) : t('unassigned')}</dd>
            </div>
            <div>
              <dt>{t('openedAt')}</dt>
              <dd>{fmt.dateTime(c.openedAt)}</dd>
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
            {c.reopened > 0 && (
              <div>
                <dt>{t('reopenedN')}</dt>
                <dd>{fmt.count(c.reopened)}</dd>
              </div>
            )}
            <AnswerFacts deliveryId={c.deliveryId} customerId={c.customerId} meta={c.meta} />
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
          <CaseForm
            c={c}
            owners={owners}
            onSaved={(saved) => {
              setData({ c: saved as Full, at: Date.now() });
              p.onSaved(saved);
            }}
          />
          {data && <CaseHistory events={data.c.history} labelId={`case-${c.id}`} nameOf={nameOf} />}
        </>
      )}
      {!c && !error && <p>{t('loading')}</p>}
    </section>
  );
}
