// Invitations: asking by e-mail. The figures of the period (on the delivery date), the deliveries with
// their status, a CSV upload, the sends the mail server refused and, in the demo, the kept messages.
// An upload reads the lists again at once rather than at the next poll.
import { useState } from 'preact/hooks';
import { useApp } from './context.ts';
import { CsvUpload } from './csv-upload.tsx';
import { DeliveryTable } from './delivery-table.tsx';
import { FailedSends } from './failed-sends.tsx';
import type { InvitationSummary } from './invitation-types.ts';
import { InviteFigures } from './invite-figures.tsx';
import { MailPreview } from './mail-preview.tsx';
import { apiQuery } from './route.ts';
import { usePoll } from './use-poll.ts';

export function Invitations() {
  const { t, route, signedOut } = useApp();
  // The period alone: the answer filters of the other views say nothing about invitations.
  const period = apiQuery(new URLSearchParams(), { from: route.filters.get('from') ?? undefined, to: route.filters.get('to') ?? undefined });
  const summary = usePoll<InvitationSummary>(`/v1/invitations/summary${period}`, signedOut);
  const [version, setVersion] = useState(0);
  const uploaded = () => {
    setVersion((v) => v + 1);
    summary.reload();
  };
  return (
    <div class="invitations">
      <section class="panel" aria-labelledby="invitations-h" aria-busy={summary.stale && summary.data ? 'true' : undefined}>
        <h2 id="invitations-h">{t('invitations')}</h2>
        <p class="help">{t('invitationsHelp')}</p>
        {summary.error && <p class="error">{t('loadFailed', { error: summary.error })}</p>}
        {summary.data ? <InviteFigures s={summary.data} /> : !summary.error && <p>{t('loading')}</p>}
      </section>
      <DeliveryTable version={version} />
      <CsvUpload onDone={uploaded} />
      <FailedSends version={version} />
      <MailPreview version={version} />
    </div>
  );
}
