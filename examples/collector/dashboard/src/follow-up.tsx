// Follow-up: the cases the alert rule opened, in the server's order (overdue first, then open by
// deadline, contacted, resolved), a tab per status and an "overdue only" switch, both in the URL.
// The first page is polled like Comments; "Load more" pages stay below it. Cases change in place.
// `mine`: My cases, the same queue narrowed to the cases assigned to me or my team (`owner=me`).
import { useEffect, useRef, useState } from 'preact/hooks';
import { CaseCard } from './case-card.tsx';
import { useApp } from './context.ts';
import { RouteLink } from './link.tsx';
import { PagedList } from './paged-list.tsx';
import { apiQuery, CASE_TABS } from './route.ts';
import { useAssignees } from './team-api.ts';
import type { Case, CasePage } from './types.ts';
import { usePaged } from './use-paged.ts';

export function FollowUp({ mine = false }: { mine?: boolean }) {
  const { t, fmt, route, go, refresh, me } = useApp();
  const query = (cursor?: string) =>
    `/v1/cases${apiQuery(route.filters, { limit: '50', owner: mine ? 'me' : undefined, status: route.status === 'all' ? undefined : route.status, overdue: route.overdue ? 'true' : undefined, cursor })}`;
  const assignees = useAssignees();
  const isMine = (c: Case) => !mine || (!!c.owner && (c.owner === `person:${me?.id}` || (!!me?.team && c.owner === `team:${me.team}`)));
  const path = query();
  const { first, list, cursor, error, loadMore } = usePaged(query, (page: CasePage) => page.cases);
  // Cases saved here, newer than the page that listed them until the next read catches up.
  const [saved, setSaved] = useState<Record<string, Case>>({});
  useEffect(() => setSaved({}), [path]);

  const seen = new Set(list.map((c) => c.id));
  const cases = list.map((c) => (saved[c.id] && saved[c.id]!.updatedAt >= c.updatedAt ? saved[c.id]! : c));
  // A case just saved may now sort onto a page not loaded (contacted after every open case): it stays
  // where the reader was working on it, as long as it still belongs in this tab.
  const shown = useRef<string[]>([]);
  for (const c of Object.values(saved)) {
    const fits = (route.status === 'all' || c.status === route.status) && (!route.overdue || c.overdue) && isMine(c);
    if (seen.has(c.id) || !fits) continue;
    const at = shown.current.indexOf(c.id);
    cases.splice(at < 0 ? cases.length : Math.min(at, cases.length), 0, c);
  }
  shown.current = cases.map((c) => c.id);
  const counts = first.data?.counts;
  const tabCount = (tab: (typeof CASE_TABS)[number]) =>
    counts && fmt.count(tab === 'all' ? counts.open + counts.contacted + counts.resolved : counts[tab]);

  const onSaved = (c: Case) => {
    setSaved((s) => ({ ...s, [c.id]: c }));
    first.reload();
    refresh();
  };

  return (
    <section class="followup" aria-labelledby="followup-h">
      <div class="section-head">
        <h2 id="followup-h">{t(mine ? 'mycases' : 'caseQueue')}</h2>
        <nav class="switch" aria-label={t('caseStatus')}>
          {CASE_TABS.map((tab) => (
            <RouteLink to={{ status: tab }} current={route.status === tab} kind="true">
              {t(tab)} {tabCount(tab)}
            </RouteLink>
          ))}
        </nav>
      </div>
      {mine && <p class="help">{t('mycasesHelp')}</p>}
      <label class="check">
        <input type="checkbox" name="overdue" checked={route.overdue} onChange={(e) => go({ overdue: e.currentTarget.checked })} />
        {t('overdueOnly')} {counts && `(${fmt.count(counts.overdue)})`}
      </label>
      <PagedList loaded={!!first.data} loadError={first.error} count={cases.length} empty={t('noCases')} error={error} more={!!cursor} onMore={loadMore}>
        {cases.map((c) => (
          <CaseCard key={c.id} c={c} onSaved={onSaved} assignees={assignees} />
        ))}
      </PagedList>
    </section>
  );
}
