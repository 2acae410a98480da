// Follow-up: the cases the alert rule opened, in the server's order (overdue first, then open by
// deadline, contacted, resolved), a tab per status and an "overdue only" switch, both in the URL.
// The first page is polled like Comments; "Load more" pages stay below it. Cases change in place.
import { useEffect, useRef, useState } from 'preact/hooks';
import { read } from './api.ts';
import { CaseCard } from './case-card.tsx';
import { useApp } from './context.ts';
import { RouteLink } from './link.tsx';
import { apiQuery, CASE_TABS } from './route.ts';
import type { Case, CasePage } from './types.ts';
import { usePoll } from './use-poll.ts';

export function FollowUp() {
  const { t, fmt, route, go, signedOut, refresh } = useApp();
  const query = (cursor?: string) =>
    `/v1/cases${apiQuery(route.filters, { limit: '50', status: route.status === 'all' ? undefined : route.status, overdue: route.overdue ? 'true' : undefined, cursor })}`;
  const path = query();
  const first = usePoll<CasePage>(path, signedOut);
  const [more, setMore] = useState<{ cases: Case[]; cursor: string | null } | null>(null);
  // Cases saved here, newer than the page that listed them until the next read catches up.
  const [saved, setSaved] = useState<Record<string, Case>>({});
  const [error, setError] = useState('');
  useEffect(() => {
    setMore(null);
    setSaved({});
  }, [path]);

  const seen = new Set<string>();
  const cases = [...(first.data?.cases ?? []), ...(more?.cases ?? [])]
    .filter((c) => !seen.has(c.id) && !!seen.add(c.id))
    .map((c) => (saved[c.id] && saved[c.id]!.updatedAt >= c.updatedAt ? saved[c.id]! : c));
  // A case just saved may now sort onto a page not loaded (contacted after every open case): it stays
  // where the reader was working on it, as long as it still belongs in this tab.
  const shown = useRef<string[]>([]);
  for (const c of Object.values(saved)) {
    const fits = (route.status === 'all' || c.status === route.status) && (!route.overdue || c.overdue);
    if (seen.has(c.id) || !fits) continue;
    const at = shown.current.indexOf(c.id);
    cases.splice(at < 0 ? cases.length : Math.min(at, cases.length), 0, c);
  }
  shown.current = cases.map((c) => c.id);
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);
  const counts = first.data?.counts;
  const tabCount = (tab: (typeof CASE_TABS)[number]) =>
    counts && fmt.count(tab === 'all' ? counts.open + counts.contacted + counts.resolved : counts[tab]);

  const loadMore = async () => {
    if (!cursor) return;
    const r = await read<CasePage>(query(cursor));
    if (!r.ok) return r.status === 401 ? signedOut() : setError(t('loadFailed', { error: r.message }));
    setError('');
    setMore((m) => ({ cases: [...(m?.cases ?? []), ...r.data.cases], cursor: r.data.nextCursor }));
  };
  const onSaved = (c: Case) => {
    setSaved((s) => ({ ...s, [c.id]: c }));
    first.reload();
    refresh();
  };

  return (
    <section class="followup" aria-labelledby="followup-h">
      <div class="section-head">
        <h2 id="followup-h">{t('caseQueue')}</h2>
        <nav class="switch" aria-label={t('caseStatus')}>
          {CASE_TABS.map((tab) => (
            <RouteLink to={{ status: tab }} current={route.status === tab} kind="true">
              {t(tab)} {tabCount(tab)}
            </RouteLink>
          ))}
        </nav>
      </div>
      <label class="check">
        <input type="checkbox" name="overdue" checked={route.overdue} onChange={(e) => go({ overdue: e.currentTarget.checked })} />
        {t('overdueOnly')} {counts && `(${fmt.count(counts.overdue)})`}
      </label>
      {first.error && <p class="error">{t('loadFailed', { error: first.error })}</p>}
      {!first.data ? (
        <p>{t('loading')}</p>
      ) : !cases.length ? (
        <p>{t('noCases')}</p>
      ) : (
        <>
          <p class="n">{t('shown', { n: fmt.count(cases.length) })}</p>
          <ol class="cards">
            {cases.map((c) => (
              <CaseCard key={c.id} c={c} onSaved={onSaved} />
            ))}
          </ol>
        </>
      )}
      {error && <p class="error">{error}</p>}
      {cursor && (
        <button type="button" class="more" onClick={loadMore}>
          {t('loadMore')}
        </button>
      )}
    </section>
  );
}
