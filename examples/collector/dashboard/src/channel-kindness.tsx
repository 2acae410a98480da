// Is one channel kinder than another? NPS and CSAT of the period's answers per channel with their
// 95 % intervals, each channel against the baseline with the collector's difference tests (CSAT: two
// proportions; NPS: the difference's own interval), "within the noise" said in words, from GET /v1/channels.
import type { ChannelFigures, ChannelsReply } from './channel-types.ts';
import { useApp } from './context.ts';
import { IntervalChart } from './interval-chart.tsx';
import { channelLabel } from './invite-words.ts';
import { signed } from './life.ts';
import { ScrollTable } from './scroll-table.tsx';

export function ChannelKindness({ c }: { c: ChannelsReply }) {
  const { t, fmt } = useApp();
  const baseline = c.baseline ? channelLabel(c.baseline, t) : t('dash');
  const p = (v: number) => (v < 0.001 ? t('pBelow') : new Intl.NumberFormat(fmt.lang, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(v));
  const verdict = (noise: boolean) => (noise ? t('withinNoise') : t('realDifference'));
  const versus = (x: ChannelFigures, figure: 'csat' | 'nps') => {
    if (!x.vsBaseline) return t('isBaseline');
    if (figure === 'csat') {
      const v = x.vsBaseline.csat;
      return v ? t('csatVs', { diff: signed(v.difference, 'points', fmt), p: p(v.p), verdict: verdict(v.withinNoise) }) : t('dash');
    }
    const v = x.vsBaseline.nps;
    return v ? t('npsVs', { diff: signed(v.difference, 'points', fmt), low: signed(v.ci[0], 'points', fmt), high: signed(v.ci[1], 'points', fmt), verdict: verdict(v.withinNoise) }) : t('dash');
  };
  const ci = (v: [number, number] | null | undefined, unit: 'percent' | 'points') => (v ? `${fmt.figure(v[0], unit)} – ${fmt.figure(v[1], unit)}` : t('dash'));
  return (
    <section class="panel kinder" aria-labelledby="kinder-h">
      <h2 id="kinder-h">{t('kinder')}</h2>
      <p class="help">{t('kinderHelp', { baseline })}</p>
      {!c.channels.length ? (
        <p class="empty">{t('noData')}</p>
      ) : (
        <>
          <ScrollTable label={t('kinderTable', { baseline })}>
            <thead>
              <tr>
                {[t('channel'), t('count'), t('csat'), `${t('csat')} · ${t('ci')}`, t('nps'), `${t('nps')} · ${t('ci')}`, t('csatVsHead', { baseline }), t('npsVsHead', { baseline })].map((h) => (
                  <th scope="col">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {c.channels.map((x) => {
                const few = x.csat.few || x.nps.few;
                return (
                  <tr data-channel={x.channel} class={few ? 'few-row' : undefined}>
                    <th scope="row">
                      {channelLabel(x.channel, t)} {few && <span class="tag">{t('small')}</span>}
                    </th>
                    <td>{fmt.count(x.responses)}</td>
                    <td>{fmt.figure(x.csat.score, 'percent')}</td>
                    <td>{ci(x.csat.ci, 'percent')}</td>
                    <td>{fmt.figure(x.nps.score, 'points')}</td>
                    <td>{ci(x.nps.ci, 'points')}</td>
                    <td class="wrap">{versus(x, 'csat')}</td>
                    <td class="wrap">{versus(x, 'nps')}</td>
                  </tr>
                );
              })}
            </tbody>
          </ScrollTable>
          <p class="n">{t('noiseNote')}</p>
          <div class="charts">
            {(['nps', 'csat'] as const).map((figure) => (
              <div>
                <h3>{t('kinderChart', { figure: t(figure) })}</h3>
                <IntervalChart figure={figure} channels={c.channels} baseline={c.baseline} fmt={fmt} t={t} />
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
