// Invitations and reminders the mail server refused, with its reply as it gave it (a wrong address, a
// full mailbox, a refused relay): what to fix before asking that customer again.
import { useEffect } from 'preact/hooks';
import { useApp } from './context.ts';
import type { FailedSend } from './invitation-types.ts';
import { channelLabel, kindLabel } from './invite-words.ts';
import { waveName } from './life.ts';
import { RouteLink } from './link.tsx';
import { ScrollTable } from './scroll-table.tsx';
import { usePoll } from './use-poll.ts';

export function FailedSends({ version }: { version: number }) {
  const { t, fmt, signedOut } = useApp();
  const failed = usePoll<{ items: FailedSend[] }>('/v1/invitations?status=failed&limit=50', signedOut);
  useEffect(() => {
    if (version) failed.reload();
  }, [version]);
  const items = failed.data?.items;
  return (
    <section class="panel" aria-labelledby="failed-h">
      <h2 id="failed-h">{t('failedSends')}</h2>
      {failed.error && <p class="error">{t('loadFailed', { error: failed.error })}</p>}
      {!items ? (
        <p>{t('loading')}</p>
      ) : !items.length ? (
        <p>{t('noFailedSends')}</p>
      ) : (
        <ScrollTable label={t('failedTable')}>
          <thead>
            <tr>
              <th scope="col">{t('delivery')}</th>
              <th scope="col">{t('sendKind')}</th>
              <th scope="col">{t('wave')}</th>
              <th scope="col">{t('channel')}</th>
              <th scope="col">{t('dueOn')}</th>
              <th scope="col">{t('attempts')}</th>
              <th scope="col">{t('serverReply')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((f) => (
              <tr key={f.id}>
                <th scope="row">
                  <RouteLink to={{ view: 'delivery', id: f.deliveryId }} current={false}>
                    {f.deliveryId}
                  </RouteLink>
                </th>
                <td>{kindLabel(f.kind, t)}</td>
                <td>{waveName(f.wave, t, fmt)}</td>
                <td>{channelLabel(f.channel, t)}</td>
                <td>{fmt.dateTime(f.dueAt)}</td>
                <td>{fmt.count(f.attempts)}</td>
                <td class="wrap reply">{f.reason ?? t('dash')}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </section>
  );
}
