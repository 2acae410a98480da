// One ranked list of What customers say: the terms unhappy (or happy) customers mention more, in the
// collector's order (strongest z first), each with its comments on both sides, its z drawn as a bar in
// its own cell (the chart is the table: every bar has its number beside it), its share of comments and
// its impact on the figure compared (NPS or CSAT; narrow enough for two lists side by side). A term is
// a link: the Comments view, filtered by it (`term=`).
import type { Format } from './format.ts';
import type { Translate } from './i18n.ts';
import { signed } from './life.ts';
import { RouteLink } from './link.tsx';
import type { Route } from './route.ts';
import { ScrollTable } from './scroll-table.tsx';
import type { Theme } from './theme-types.ts';

/** Chinese terms are marked as such, so a screen reader in the English UI reads them in Chinese (and the reverse). */
export const termLang = (term: string) => (/\p{Script=Han}/u.test(term) ? 'zh-CN' : 'en');

/** The route of the Comments view filtered by `term` (replacing any term chosen before), every other filter kept. */
export function commentsNaming(route: Route, term: string): Partial<Route> {
  const filters = new URLSearchParams(route.filters);
  filters.set('term', term);
  return { view: 'comments', filters };
}

/** A term as a link to the comments naming it. */
export function TermLink({ term, route }: { term: string; route: Route }) {
  return (
    <RouteLink to={commentsNaming(route, term)} current={false}>
      <span lang={termLang(term)}>{term}</span>
    </RouteLink>
  );
}

interface Props {
  side: 'unhappy' | 'happy';
  terms: Theme[];
  /** The largest |z| of both lists: the bars of the two lists share one scale. */
  maxZ: number;
  compare: 'nps' | 'csat';
  route: Route;
  fmt: Format;
  t: Translate;
}

const W = 100;
const H = 12;

export function TermTable({ side, terms, maxZ, compare, route, fmt, t }: Props) {
  const z = new Intl.NumberFormat(fmt.lang, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
  const pct = (v: number) => fmt.figure(v * 100, 'percent');
  return (
    <ScrollTable label={t(side === 'unhappy' ? 'themesUnhappy' : 'themesHappy')}>
      <thead>
        <tr>
          <th scope="col">{t('term')}</th>
          <th scope="col">{t(compare === 'nps' ? 'unhappyNps' : 'unhappyCsat')}</th>
          <th scope="col">{t(compare === 'nps' ? 'happyNps' : 'happyCsat')}</th>
          <th scope="col">{t('zScore')}</th>
          <th scope="col">{t('ofComments')}</th>
          <th scope="col">{t(compare === 'nps' ? 'npsImpact' : 'csatImpact')}</th>
        </tr>
      </thead>
      <tbody>
        {terms.map((x) => (
          <tr data-term={x.term}>
            <th scope="row">
              <TermLink term={x.term} route={route} />
            </th>
            <td>{fmt.count(x.counts.unhappy)}</td>
            <td>{fmt.count(x.counts.happy)}</td>
            <td>
              <span class="zcell">
                <svg class={`zbar ${side}`} viewBox={`0 0 ${W} ${H}`} aria-hidden="true" preserveAspectRatio="none">
                  <rect x={0} y={1} height={H - 2} width={maxZ > 0 && x.z !== null ? Math.max(2, (W * Math.abs(x.z)) / maxZ) : 0} />
                </svg>
                {x.z === null ? t('dash') : z.format(x.z).replace('-', '\u2212')}
              </span>
            </td>
            <td>{t('shareOf', { share: pct(x.share), n: fmt.count(x.counts.all) })}</td>
            <td>{compare === 'nps' ? signed(x.impact.nps, 'points', fmt, t('dash')) : signed(x.impact.csat, 'percent', fmt, t('dash'))}</td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
