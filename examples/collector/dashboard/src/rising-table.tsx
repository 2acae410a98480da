// The rising terms: named in a larger share of comments this period than in the period of equal
// length just before, by more than chance explains (the collector's two-proportion test, adjusted for
// testing every term). Each with both shares and their counts, the change in points, and q.
import type { Format } from './format.ts';
import type { Translate } from './i18n.ts';
import type { Route } from './route.ts';
import { ScrollTable } from './scroll-table.tsx';
import { TermLink } from './term-table.tsx';
import type { RisingTerm } from './theme-types.ts';

export function RisingTable({ terms, route, fmt, t }: { terms: RisingTerm[]; route: Route; fmt: Format; t: Translate }) {
  const share = (x: { named: number; share: number }) => t('shareOf', { share: fmt.figure(x.share * 100, 'percent'), n: fmt.count(x.named) });
  const q = (v: number) => (v < 0.001 ? t('pBelow') : new Intl.NumberFormat(fmt.lang, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(v));
  return (
    <ScrollTable label={t('risingTable')}>
      <thead>
        <tr>
          <th scope="col">{t('term')}</th>
          <th scope="col">{t('thisPeriod')}</th>
          <th scope="col">{t('periodBefore')}</th>
          <th scope="col">{t('risingBy')}</th>
          <th scope="col">{t('qValue')}</th>
        </tr>
      </thead>
      <tbody>
        {terms.map((x) => (
          <tr data-term={x.term}>
            <th scope="row">
              <TermLink term={x.term} route={route} />
            </th>
            <td>{share(x.now)}</td>
            <td>{share(x.before)}</td>
            <td>{t('pointsUp', { n: new Intl.NumberFormat(fmt.lang, { maximumFractionDigits: 1, signDisplay: 'always' }).format(x.difference * 100) })}</td>
            <td>{q(x.q)}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
