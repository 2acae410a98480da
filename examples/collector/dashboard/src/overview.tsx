// Overview: NPS, CSAT and response rate, their trends with the 95 % interval as a band, and how the
// scores are spread.
import { useApp } from './context.ts';
import { DistributionChart } from './distribution-chart.tsx';
import { FigureCard } from './figure-card.tsx';
import { RouteLink } from './link.tsx';
import { LoopFigures } from './loop-figures.tsx';
import { TrendChart } from './trend-chart.tsx';
import type { Figure, Granularity, Summary } from './types.ts';

const GRANULARITIES: Granularity[] = ['day', 'week', 'month'];

/** `few` as the server says; before the read API sends it, the same rule (fewer than 30) here. */
const isFew = (f: { answers?: number; total?: number; few?: boolean } | undefined) => f?.few ?? ((f?.answers ?? f?.total ?? 0) > 0 && (f?.answers ?? f?.total ?? 0) < 30);

/** The previous period's score: undefined when there is no previous period at all. */
const before = (s: Summary, pick: (p: NonNullable<Summary['previous']>) => number | null | undefined) => (s.previous ? (pick(s.previous) ?? null) : undefined);

export function Overview({ summary }: { summary: Summary }) {
  const { t, fmt, route } = useApp();
  const d = summary.displays;
  const answers = (f: Figure | undefined) => t('answers', { n: fmt.count(f?.answers ?? 0) });
  return (
    <div class="overview">
      <div class="figures">
        <FigureCard id="nps" title={t('nps')} value={summary.nps?.score} unit="points" ci={summary.nps?.ci} base={answers(summary.nps)} few={isFew(summary.nps)} fewNote={t('few')} previous={before(summary, (p) => p.nps?.score)} />
        <FigureCard id="csat" title={t('csatLong')} value={summary.csat?.score} unit="percent" ci={summary.csat?.ci} base={answers(summary.csat)} few={isFew(summary.csat)} fewNote={t('few')} previous={before(summary, (p) => p.csat?.score)} />
        <FigureCard id="rate" title={t('responseRate')} value={d?.responseRate} unit="percent" ci={d?.ci} base={t('displaysN', { n: fmt.count(d?.total ?? 0) })} few={isFew(d)} fewNote={t('fewDisplays')} previous={before(summary, (p) => p.displays?.responseRate)} />
      </div>
      {summary.cases && <LoopFigures cases={summary.cases} />}
      <section aria-labelledby="trend-h">
        <div class="section-head">
          <h2 id="trend-h">{t('trend', { figure: `${t('nps')} · ${t('csat')}` })}</h2>
          <nav class="switch" aria-label={t('granularity')}>
            {GRANULARITIES.map((g) => (
              <RouteLink to={{ interval: g }} current={route.interval === g} kind="true">
                {t(g)}
              </RouteLink>
            ))}
          </nav>
        </div>
        {summary.intervalAsked && summary.interval && (
          <p class="note" role="note">
            {t('coarser', { interval: t(`${summary.interval}Unit` as const), asked: t(`${summary.intervalAsked}Unit` as const) })}
          </p>
        )}
        {summary.series ? (
          <div class="charts">
            <div>
              <h3>{t('trend', { figure: t('nps') })}</h3>
              <TrendChart figure="nps" series={summary.series} granularity={summary.interval ?? route.interval} fmt={fmt} t={t} />
            </div>
            <div>
              <h3>{t('trend', { figure: t('csat') })}</h3>
              <TrendChart figure="csat" series={summary.series} granularity={summary.interval ?? route.interval} fmt={fmt} t={t} />
            </div>
          </div>
        ) : (
          <p>{t('dash')}</p>
        )}
      </section>
      <section aria-labelledby="dist-h">
        <h2 id="dist-h">{t('distribution', { figure: `${t('nps')} · ${t('csat')}` })}</h2>
        <div class="charts">
          <div>
            <h3>{t('distribution', { figure: t('nps') })}</h3>
            <DistributionChart figure="nps" counts={summary.nps?.counts} fmt={fmt} t={t} />
          </div>
          <div>
            <h3>{t('distribution', { figure: t('csat') })}</h3>
            <DistributionChart figure="csat" counts={summary.csat?.counts} fmt={fmt} t={t} />
          </div>
        </div>
      </section>
    </div>
  );
}
