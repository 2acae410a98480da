// The deliveries the collector knows, newest first, 50 at a time like the other lists: a status to
// show and an id, customer or e-mail prefix to look for, both in the URL (`state=`, `search=`). Each id
// opens the delivery's timeline.
import { useEffect, useState } from 'preact/hooks';
import { useApp } from './context.ts';
import type { DeliveryPage } from './invitation-types.ts';
import { channelLabel, stateLabel } from './invite-words.ts';
import { RouteLink } from './link.tsx';
import { PagedList } from './paged-list.tsx';
import { apiQuery, DELIVERY_STATES, type DeliveryState } from './route.ts';
import { ScrollTable } from './scroll-table.tsx';
import { usePaged } from './use-paged.ts';

/** `version` changes after an upload: the first page is read again at once. */
export function DeliveryTable({ version }: { version: number }) {
  const { t, fmt, route, go } = useApp();
  const query = (cursor?: string) => `/v1/deliveries${apiQuery(new URLSearchParams(), { status: route.state ?? undefined, q: route.search || undefined, limit: '50', cursor })}`;
  const { first, list, cursor, error, loadMore } = usePaged(query, (page: DeliveryPage) => page.items, (page) => page.next);
  useEffect(() => {
    if (version) first.reload();
  }, [version]);
  // Free text applies on Enter or when the field is left, as in the filter bar.
  const [search, setSearch] = useState(route.search);
  useEffect(() => setSearch(route.search), [route.search]);
  const at = (iso: string | null) => (iso ? fmt.dateTime(iso) : t('dash'));

  return (
    <section class="panel" aria-labelledby="deliveries-h">
      <h2 id="deliveries-h">{t('deliveryList')}</h2>
      <form
        class="fields"
        role="search"
        aria-label={t('findDeliveries')}
        onSubmit={(e) => {
          e.preventDefault();
          go({ search: search.trim() });
        }}
      >
        <label>
          {t('caseStatus')}
          <select name="state" value={route.state ?? ''} onChange={(e) => go({ state: (e.currentTarget.value || null) as DeliveryState | null })}>
            <option value="">{t('any')}</option>
            {DELIVERY_STATES.map((s) => (
              <option value={s}>{stateLabel(s, t)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('deliverySearch')}
          <input type="search" name="search" value={search} autocomplete="off" onInput={(e) => setSearch(e.currentTarget.value)} onChange={() => go({ search: search.trim() })} />
        </label>
      </form>
      <PagedList table loaded={!!first.data} loadError={first.error} count={list.length} empty={t('noDeliveryRows')} error={error} more={!!cursor} onMore={loadMore}>
        <ScrollTable label={t('deliveryTable')}>
          <thead>
            <tr>
              <th scope="col">{t('delivery')}</th>
              <th scope="col">{t('deliveredAt')}</th>
              <th scope="col">{t('customer')}</th>
              <th scope="col">{t('email')}</th>
              <th scope="col">{t('caseStatus')}</th>
              <th scope="col">{t('invitedAt')}</th>
              <th scope="col">{t('remindedAt')}</th>
              <th scope="col">{t('answeredAt')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((d) => (
              <tr key={d.id}>
                <th scope="row">
                  <RouteLink to={{ view: 'delivery', id: d.id }} current={false}>
                    {d.id}
                  </RouteLink>
                </th>
                <td>{at(d.deliveredAt)}</td>
                <td>{d.customerId ?? t('dash')}</td>
                <td>{d.email ?? t('dash')}</td>
                <td>
                  <span class={`tag ${d.status}`}>{stateLabel(d.status, t)}</span>
                </td>
                <td>{at(d.invitedAt)}</td>
                <td>{at(d.remindedAt)}</td>
                <td>{d.answeredAt ? `${fmt.dateTime(d.answeredAt)}${d.answerChannel ? ` · ${channelLabel(d.answerChannel, t)}` : ''}` : t('dash')}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </PagedList>
    </section>
  );
}
