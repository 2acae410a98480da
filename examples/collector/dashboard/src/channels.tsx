// Channels: every way of asking side by side, for the period. Which channel gets answers (each one's
// funnel and response rate, the deliveries asked and answered at all), whether one is kinder than
// another (NPS and CSAT per channel with the difference tests), then asking by e-mail as before: its
// figures, the deliveries with their status, a CSV upload, the failed sends and, in the demo, the kept
// messages. An upload reads the lists again at once rather than at the next poll. A role that reads
// figures only (viewer) sees the figures, not the deliveries.
import { useState } from 'preact/hooks';
import { ChannelFunnel } from './channel-funnel.tsx';
import { ChannelKindness } from './channel-kindness.tsx';
import type { ChannelsReply } from './channel-types.ts';
import { useApp } from './context.ts';
import { CsvUpload } from './csv-upload.tsx';
import { DeliveryTable } from './delivery-table.tsx';
import { FailedSends } from './failed-sends.tsx';
import type { InvitationSummary } from './invitation-types.ts';
import { InviteFigures } from './invite-figures.tsx';
import { MailPreview } from './mail-preview.tsx';
import { apiQuery } from './route.ts';
import { usePoll } from './use-poll.ts';

export function Channels() {
  const { t, route, signedOut, can } = useApp();
  // The period alone: the answer filters of the other views say nothing about invitations. The funnel
  // reads it as the deliveries' delivery date, the comparison as the answers' date.
  const period = apiQuery(new URLSearchParams(), { from: route.filters.get('from') ?? undefined, to: route.filters.get('to') ?? undefined });
  const summary = usePoll<InvitationSummary>(`/v1/invitations/summary${period}`, signedOut);
  const kinder = usePoll<ChannelsReply>(`/v1/channels${period}`, signedOut);
  const [version, setVersion] = useState(0);
  const uploaded = () => {
    setVersion((v) => v + 1);
    summary.reload();
  };
  const failed = summary.error ?? kinder.error;
  return (
    <div class="invitations channels" aria-busy={(summary.stale && summary.data) || (kinder.stale && kinder.data) ? 'true' : undefined}>
      <p class="help">{t('channelsHelp')}</p>
      {failed && <p class="error">{t('loadFailed', { error: failed })}</p>}
      {summary.data ? <ChannelFunnel s={summary.data} /> : !failed && <p>{t('loading')}</p>}
      {kinder.data && <ChannelKindness c={kinder.data} />}
      <section class="panel" aria-labelledby="invitations-h">
        <h2 id="invitations-h">{t('invitations')}</h2>
        <p class="help">{t('invitationsHelp')}</p>
        {summary.data && <InviteFigures s={summary.data} />}
      </section>
      {can('answers') && <DeliveryTable version={version} />}
      {can('deliveries') && <CsvUpload onDone={uploaded} />}
      {can('answers') && <FailedSends version={version} />}
      {can('answers') && <MailPreview version={version} />}
    </div>
  );
}
