// Follow-up: the queue of the cases the alert rule opened, a line each, in the server's order (past a
// deadline first, then by the next deadline), a tab per status and an "overdue only" switch, both in
// the URL. The chosen case (`case=`) opens beside the queue (below it on a phone: CSS grid). j/k (and
// ↓/↑ in the list) move between cases, Enter opens one. Selected cases can be given to someone or moved
// to a status at once. The first page is polled like Comments; "Load more" pages stay below it.
// `mine`: My cases, the same queue narrowed to the cases assigned to me or my team (`owner=me`).
import { useEffect, useRef, useState } from 'preact/hooks';
import { BulkBar } from './bulk-bar.tsx';
import { CaseDetails } from './case-card.tsx';
import { CaseRow } from './case-row.tsx';
import { collectorNow } from './case-words.ts';
import { useApp } from './context.ts';
import { RouteLink } from './link.tsx';
import { ownersOf } from './owner-options.tsx';
import { PagedList } from './paged-list.tsx';
import { apiQuery, CASE_TABS } from './route.ts';
import { useAssignees } from './team-api.ts';
import type { Case, CasePage } from './types.ts';
import { usePaged } from './use-paged.ts';
import { moveIn, useQueueKeys } from './use-queue-keys.ts';

export function FollowUp({ mine = false }: { mine?: boolean }) {
  const { t, fmt, route, go, refresh, me } = useApp();
  const query = (cursor?: string) =>
    `/v1/cases${apiQuery(route.filters, { limit: '50', owner: mine ? 'me' : undefined, status: route.status === 'all' ? undefined : route.status, overdue: route.overdue ? 'true' : undefined, cursor })}`;
  const owners = ownersOf(useAssignees(), t);
  const isMine = (c: Case) => !mine || (!!c.owner && (c.owner === `person:${me?.id}` || (!!me?.team && c.owner === `team:${me.team}`)));
  const path = query();
  const { first, list, cursor, error, loadMore } = usePaged(query, (page: CasePage) => page.cases);
  // Cases saved here, newer than the page that listed them until the next read catches up.
  const [saved, setSaved] = useState<Record<string, Case>>({});
  const [selected, setSelected] = useState<string[]>([]);
  // Another tab or filter: what was saved or selected in the one before is not this one's.
  useEffect(() => {
    setSaved({});
    setSelected([]);
  }, [path]);

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
    counts && fmt.count(tab === 'all' ? counts.open + counts.contacted + (counts.pending ?? 0) + counts.resolved : counts[tab]);
  const now = collectorNow(first.data?.now, first.at);
  const chosen = route.caseId;
  const listRef = useRef<HTMLOListElement>(null);
  useQueueKeys(listRef);

  const onSaved = (...done: Case[]) => {
    setSaved((s) => ({ ...s, ...Object.fromEntries(done.map((c) => [c.id, c])) }));
    first.reload();
    refresh();
  };
  /** Opens a case beside the queue, its heading focused (on a phone, scrolled to below the list). */
  const open = (id: string) => {
    go({ caseId: id });
    setTimeout(() => document.getElementById('case-h')?.focus());
  };
  /** Closes the case; the focus goes back to its line. */
  const close = () => {
    go({ caseId: null });
    setTimeout(() => listRef.current?.querySelector<HTMLElement>(`a[href*="case=${CSS.escape(encodeURIComponent(chosen ?? ''))}"]`)?.focus());
  };

  return (
    <section class="followup" aria-labelledby="followup-h">
      <div class="section-head">
        <h2 id="followup-h">{t(mine ? 'mycases' : 'caseQueue')}</h2>
        <nav class="switch" aria-label={t('caseStatus')}>
          {CASE_TABS.map((tab) => (
            <RouteLink to={{ status: tab }} current={route.status === tab} kind="true">
              {t(tab === 'pending' ? 'waiting' : tab)} {tabCount(tab)}
            </RouteLink>
          ))}
        </nav>
      </div>
      <p class="help">
        {mine && `${t('mycasesHelp')} `}
        {t('queueKeys')}
      </p>
      <label class="check">
        <input type="checkbox" name="overdue" checked={route.overdue} onChange={(e) => go({ overdue: e.currentTarget.checked })} />
        {t('overdueOnly')} {counts && `(${fmt.count(counts.overdue)})`}
      </label>
      <div class={chosen ? 'queue with-case' : 'queue'}>
        <div class="queue-list">
          <PagedList loaded={!!first.data} loadError={first.error} count={cases.length} empty={t('noCases')} error={error} more={!!cursor} onMore={loadMore} table>
            <BulkBar
              cases={cases}
              selected={selected}
              owners={owners}
              onAll={(on) => setSelected(on ? cases.map((c) => c.id) : [])}
              onDone={(done) => {
                setSelected((s) => s.filter((id) => !done.some((c) => c.id === id)));
                onSaved(...done);
              }}
            />
            <ol class="rows" ref={listRef} aria-label={t('caseList')} onKeyDown={(e) => moveIn(e, listRef.current)}>
              {cases.map((c) => (
                <CaseRow
                  key={c.id}
                  c={c}
                  now={now}
                  chosen={c.id === chosen}
                  checked={selected.includes(c.id)}
                  onCheck={(on) => setSelected((s) => (on ? [...s, c.id] : s.filter((x) => x !== c.id)))}
                  onOpen={() => open(c.id)}
                />
              ))}
            </ol>
          </PagedList>
        </div>
        {chosen && <CaseDetails key={chosen} id={chosen} listed={cases.find((c) => c.id === chosen)} now={now} owners={owners} onSaved={onSaved} onClose={close} />}
      </div>
    </section>
  );
}
