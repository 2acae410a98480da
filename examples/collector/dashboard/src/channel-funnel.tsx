// Which channel gets answers: the deliveries of the period asked at all and answered at all, each
// channel's response rate with its 95 % interval, and its funnel (delivered → asked → answered → with
// a comment), from GET /v1/invitations/summary.
import type { ChannelRate } from './channel-types.ts';
import { useApp } from './context.ts';
import { FigureCard } from './figure-card.tsx';
import { FunnelChart } from './funnel-chart.tsx';
import type { InvitationSummary, Rate } from './invitation-types.ts';
import { channelLabel } from './invite-words.ts';
import { ScrollTable } from './scroll-table.tsx';

const isFew = (r: Rate | null) => !!r && r.of > 0 && r.of < 30;

export function ChannelFunnel({ s }: { s: InvitationSummary }) {
  const { t, fmt } = useApp();
  const pct = (v: number | undefined) => fmt.figure(v === undefined ? null : v * 100, 'percent');
  const card = (id: string, title: string, r: Rate | null, base: 'coverageOf' | 'answeredAnyOf') => (
    <FigureCard
      id={id} title={title} value={r ? r.share * 100 : null} unit="percent" ci={r ? [r.low * 100, r.high * 100] : null}
      base={t(base, { answered: fmt.count(r?.answered ?? 0), of: fmt.count(r?.of ?? 0) })} few={isFew(r)} fewNote={t('fewDeliveries')} previous={undefined} compare={false}
    />
  );
  const rateCells = (c: ChannelRate) => (c.rate ? [pct(c.rate.share), `${pct(c.rate.low)} – ${pct(c.rate.high)}`] : [t('dash'), t('dash')]);
  return (
    <section class="panel" aria-labelledby="funnel-h">
      <h2 id="funnel-h">{t('funnel')}</h2>
      <p class="help">{t('funnelHelp')}</p>
      <div class="figures">
        {card('coverage', t('coverage'), s.coverage, 'coverageOf')}
        {card('answered-any', t('answeredAny'), s.answeredAny, 'answeredAnyOf')}
      </div>
      {!s.channels.length ? (
        <p class="empty">{t('noChannels')}</p>
      ) : (
        <>
          <ScrollTable label={t('funnelTable')}>
            <thead>
              <tr>
                {[t('channel'), t('stAsked'), t('stAnswered'), t('stCommented'), t('responseRate'), t('ci')].map((h) => (
                  <th scope="col">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {s.channels.map((c) => (
                <tr data-channel={c.channel} class={isFew(c.rate) ? 'few-row' : undefined}>
                  <th scope="row">
                    {channelLabel(c.channel, t)} {isFew(c.rate) && <span class="tag">{t('small')}</span>}
                  </th>
                  <td>{c.invited ? fmt.count(c.invited) : t('dash')}</td>
                  <td>{fmt.count(c.answered)}</td>
                  <td>{fmt.count(c.commented)}</td>
                  {rateCells(c).map((v) => (
                    <td>{v}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </ScrollTable>
          <p class="n">{t('askedMeans')}</p>
          <FunnelChart deliveries={s.deliveries} channels={s.channels} fmt={fmt} t={t} />
        </>
      )}
    </section>
  );
}
