// Drivers: the reasons customers named, in the collector's order (largest |impact| first): how many
// named each, the share of detractors and of promoters who did, and how much NPS and CSAT would move
// without those answers. A reason is a link that filters every view by it.
import { useApp } from './context.ts';
import { reasonLabel, signed } from './life.ts';
import { RouteLink } from './link.tsx';
import { ScrollTable } from './scroll-table.tsx';
import type { Driver } from './types.ts';

export function DriversTable({ drivers }: { drivers: Driver[] }) {
  const { t, fmt, route } = useApp();
  const chosen = route.filters.getAll('reason');
  const share = (g: Driver['detractors']) => (g.of ? t('namedOf', { share: fmt.figure(g.share === null ? null : g.share * 100, 'percent'), named: fmt.count(g.named), of: fmt.count(g.of) }) : t('dash'));
  // One reason replaces any chosen before: "answers naming speed", not "naming speed or price".
  const filterBy = (reason: string) => {
    const filters = new URLSearchParams(route.filters);
    filters.set('reason', reason);
    return filters;
  };
  return (
    <ScrollTable label={t('driverTable')}>
      <thead>
        <tr>
          <th scope="col">{t('reason')}</th>
          <th scope="col">{t('named')}</th>
          <th scope="col">{t('ofDetractors')}</th>
          <th scope="col">{t('ofPromoters')}</th>
          <th scope="col">{t('npsImpact')}</th>
          <th scope="col">{t('csatImpact')}</th>
        </tr>
      </thead>
      <tbody>
        {drivers.map((d) => (
            <tr class={d.few ? 'few-row' : undefined} data-reason={d.reason}>
              <th scope="row">
                <RouteLink to={{ filters: filterBy(d.reason) }} current={chosen.length === 1 && chosen[0] === d.reason} kind="true">
                  {reasonLabel(d.reason, t)}
                </RouteLink>
                {d.few && ' '}
                {d.few && <span class="tag">{t('small')}</span>}
              </th>
              <td>{fmt.count(d.n)}</td>
              <td>{share(d.detractors)}</td>
              <td>{share(d.promoters)}</td>
              <td>{signed(d.impact?.nps, 'points', fmt, t('dash'))}</td>
              <td>{signed(d.impact?.csat, 'percent', fmt, t('dash'))}</td>
            </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
