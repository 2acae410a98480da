// The demo's outbox: when the collector keeps the messages it would send instead of handing them to a
// mail server, they are listed here, and one opens as the customer would receive it.
import { useEffect, useState } from 'preact/hooks';
import { useApp } from './context.ts';
import type { MailList } from './invitation-types.ts';
import { kindLabel } from './invite-words.ts';
import { MailMessage } from './mail-message.tsx';
import { ScrollTable } from './scroll-table.tsx';
import { usePoll } from './use-poll.ts';

/** Nothing at all unless the collector keeps mail (`enabled`): a real deployment sends it. */
export function MailPreview({ version }: { version: number }) {
  const { t, fmt, signedOut } = useApp();
  const mail = usePoll<MailList>('/v1/mail', signedOut);
  useEffect(() => {
    if (version) mail.reload();
  }, [version]);
  const [open, setOpen] = useState<string | null>(null);
  if (!mail.data?.enabled) return null;
  const items = mail.data.items;
  return (
    <section class="panel" aria-labelledby="mail-h">
      <h2 id="mail-h">{t('mailPreview')}</h2>
      <p class="help">{t('mailHelp')}</p>
      {!items.length ? (
        <p>{t('noMail')}</p>
      ) : (
        <ScrollTable label={t('mailList')}>
          <thead>
            <tr>
              <th scope="col">{t('subject')}</th>
              <th scope="col">{t('mailTo')}</th>
              <th scope="col">{t('sendKind')}</th>
              <th scope="col">{t('mailTime')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id}>
                <th scope="row">
                  <button type="button" class="plain" aria-pressed={open === m.id} onClick={() => setOpen(m.id)}>
                    {m.subject}
                  </button>
                </th>
                <td>{m.to}</td>
                <td>{kindLabel(m.kind, t)}</td>
                <td>{fmt.dateTime(m.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      {open && <MailMessage id={open} />}
    </section>
  );
}
