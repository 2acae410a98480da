// What customers say: the words and phrases unhappy customers mention more than happy ones and the
// reverse (two ranked lists side by side, English and Chinese terms in one list as the collector
// ranks them), the terms rising against the period before, one term's trend, and Check these: comments
// whose words contradict their score. Every read carries the shared filters; a term opens Comments
// filtered by it.
import { CheckThese } from './check-these.tsx';
import { useApp } from './context.ts';
import { RouteLink } from './link.tsx';
import { RisingTable } from './rising-table.tsx';
import { apiQuery } from './route.ts';
import { TermFilterNote } from './term-filter-note.tsx';
import { termLang, TermTable } from './term-table.tsx';
import { TermTrend } from './term-trend.tsx';
import type { Themes as ThemesReply, ThemeSeries, Tone } from './theme-types.ts';
import { usePoll } from './use-poll.ts';

const SIDES = ['unhappy', 'happy'] as const;

export function Themes() {
  const { t, fmt, route, go, signedOut, can } = useApp();
  const themes = usePoll<ThemesReply>(`/v1/themes${apiQuery(route.filters, { compare: route.compare })}`, signedOut);
  // Check these lists comments: not for a role that reads figures only.
  const tone = usePoll<Tone>(can('answers') ? `/v1/themes/tone${apiQuery(route.filters, { limit: '20' })}` : null, signedOut);
  const d = themes.data;
  // The trend's terms: both lists and the rising ones; the chosen one by default the top unhappy term.
  const choices = d ? [...new Set([...d.unhappy, ...d.happy, ...(d.rising?.terms ?? [])].map((x) => x.term))] : [];
  const trend = route.trend ?? choices[0] ?? null;
  const interval = route.interval === 'month' ? 'month' : 'week';
  // The series' own `term` replaces any term filter: its share is of all the comments the filters match.
  const series = usePoll<ThemeSeries>(trend ? `/v1/themes/series${apiQuery(route.filters, { term: trend, interval })}` : null, signedOut);
  const s = series.data?.term === trend ? series.data : undefined;
  const maxZ = d ? Math.max(0, ...[...d.unhappy, ...d.happy].map((x) => Math.abs(x.z ?? 0))) : 0;
  const busy = themes.stale || tone.stale || series.stale;

  return (
    <div class="themes" aria-busy={busy ? 'true' : undefined}>
      <section class="panel" aria-labelledby="themes-h">
        <div class="section-head">
          <h2 id="themes-h">{t('themes')}</h2>
          <nav class="switch" aria-label={t('compareBy')}>
            {(['nps', 'csat'] as const).map((c) => (
              <RouteLink to={{ compare: c }} current={route.compare === c} kind="true">
                {t(c === 'nps' ? 'compareNps' : 'compareCsat')}
              </RouteLink>
            ))}
          </nav>
        </div>
        <p class="help">{t('themesHelp')}</p>
        <TermFilterNote />
        {themes.error && <p class="error">{t('loadFailed', { error: themes.error })}</p>}
        {!d ? (
          !themes.error && <p>{t('loading')}</p>
        ) : (
          <>
            <p class="n">{t('themesN', { n: fmt.count(d.comments.all), unhappy: fmt.count(d.comments.unhappy), happy: fmt.count(d.comments.happy), min: fmt.count(d.minCustomers) })}</p>
            {!d.unhappy.length && !d.happy.length ? (
              <p class="empty">{t('noThemes', { min: fmt.count(d.minCustomers) })}</p>
            ) : (
              <div class="charts term-lists">
                {SIDES.map((side) => (
                  <div data-side={side}>
                    {d[side].length ? (
                      <TermTable side={side} terms={d[side]} maxZ={maxZ} compare={d.compare} route={route} fmt={fmt} t={t} />
                    ) : (
                      <p class="empty">
                        {t(side === 'unhappy' ? 'themesUnhappy' : 'themesHappy')}: {t('noSide')}
                      </p>
                    )}
                  </div>
                ))}
              </div>
            )}
            <p class="n">{t('zNote')}</p>
          </>
        )}
      </section>
      <section class="panel" aria-labelledby="rising-h">
        <h2 id="rising-h">{t('rising')}</h2>
        <p class="help">{t('risingHelp')}</p>
        {!d ? (
          <p>{t('loading')}</p>
        ) : !d.rising ? (
          <p class="empty">{t('noChange')}</p>
        ) : !d.rising.previous.comments ? (
          <p class="empty">{t('noPreviousComments')}</p>
        ) : !d.rising.terms.length ? (
          <p class="empty">{t('noRising')}</p>
        ) : (
          <RisingTable terms={d.rising.terms} route={route} fmt={fmt} t={t} />
        )}
      </section>
      <section class="panel" aria-labelledby="term-trend-h">
        <div class="section-head">
          <h2 id="term-trend-h">{t('termTrend')}</h2>
          <nav class="switch" aria-label={t('granularity')}>
            {(['week', 'month'] as const).map((g) => (
              <RouteLink to={{ interval: g }} current={interval === g} kind="true">
                {t(g)}
              </RouteLink>
            ))}
          </nav>
        </div>
        {choices.length > 0 && trend && (
          <div class="fields">
            <label>
              {t('trendOf')}
              <select name="trend" value={trend} onChange={(e) => go({ trend: e.currentTarget.value })}>
                {[...new Set([...choices, trend])].map((term) => (
                  <option value={term} lang={termLang(term)}>
                    {term}
                  </option>
                ))}
              </select>
            </label>
          </div>
        )}
        {series.error && <p class="error">{t('loadFailed', { error: series.error })}</p>}
        {!trend ? (
          <p class="empty">{d ? t('noThemes', { min: fmt.count(d.minCustomers) }) : t('loading')}</p>
        ) : !s ? (
          !series.error && <p>{t('loading')}</p>
        ) : !s.shown ? (
          <p class="empty">{t('termHidden', { min: fmt.count(d?.minCustomers ?? 5) })}</p>
        ) : (
          <>
            {s.intervalAsked && <p class="note">{t('coarser', { interval: t(`${s.interval}Unit`), asked: t(`${s.intervalAsked}Unit`) })}</p>}
            <TermTrend term={trend} series={s.series} interval={s.interval} fmt={fmt} t={t} />
          </>
        )}
      </section>
      {can('answers') && (
        <section class="panel" aria-labelledby="check-h">
          <h2 id="check-h">{t('checkThese')}</h2>
          <p class="help">{t('checkTheseHelp')}</p>
          {tone.error && <p class="error">{t('loadFailed', { error: tone.error })}</p>}
          {!tone.data ? !tone.error && <p>{t('loading')}</p> : <CheckThese tone={tone.data} />}
        </section>
      )}
    </div>
  );
}
