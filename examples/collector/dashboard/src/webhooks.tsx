// Webhooks: each configured endpoint (its URL masked: the path of a Slack or ticket URL is its secret),
// a plain notice when a 410 disabled it (with Enable), its counts and recent deliveries, each of which
// can be sent again.
import { useState } from 'preact/hooks';
import { send } from './api.ts';
import { useApp } from './context.ts';
import { ScrollTable } from './scroll-table.tsx';
import type { Endpoint } from './types.ts';
import { usePoll } from './use-poll.ts';
import { Outcome } from './answer-parts.tsx';

export function Webhooks() {
  const { t, fmt, signedOut } = useApp();
  const hooks = usePoll<{ endpoints: Endpoint[] }>('/v1/webhooks?limit=20', signedOut);
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const act = async (path: string, done: string) => {
    const r = await send('POST', path);
    if (!r.ok) return r.status === 401 ? signedOut() : setMsg({ ok: false, text: t('actionFailed', { error: r.message }) });
    setMsg({ ok: true, text: done });
    hooks.reload();
  };
  const at = (iso: string | null) => (iso ? fmt.dateTime(iso) : t('dash'));
  const endpoints = hooks.data?.endpoints;
  return (
    <section class="webhooks" aria-labelledby="hooks-h">
      <h2 id="hooks-h">{t('webhooks')}</h2>
      <Outcome msg={msg} />
      {hooks.error && <p class="error">{t('loadFailed', { error: hooks.error })}</p>}
      {!endpoints ? (
        <p>{t('loading')}</p>
      ) : !endpoints.length ? (
        <p>{t('noWebhooks')}</p>
      ) : (
        endpoints.map((e) => (
          <section class="endpoint" aria-labelledby={`ep-${e.id}`}>
            <h3 id={`ep-${e.id}`}>
              {e.url} <span class="n">{e.id}</span>
            </h3>
            {e.disabled ? (
              <div class="few">
                <p>⚠ {t('endpointDisabled', { reason: e.disabledReason ?? t('dash') })}</p>
                <button type="button" onClick={() => act(`/v1/webhooks/${encodeURIComponent(e.id)}/enable`, t('enabled'))}>
                  {t('enable')}
                </button>
              </div>
            ) : (
              <p>{t('active')}</p>
            )}
            <p class="n">
              {t('pending')} {fmt.count(e.counts.pending)} · {t('delivered')} {fmt.count(e.counts.delivered)} · {t('failed')} {fmt.count(e.counts.failed)}
            </p>
            {!e.deliveries.length ? (
              <p>{t('noDeliveries')}</p>
            ) : (
              <ScrollTable label={t('deliveries', { url: `${e.url} ${e.id}` })}>
                <thead>
                  <tr>
                    <th scope="col">{t('event')}</th>
                    <th scope="col">{t('created')}</th>
                    <th scope="col">{t('caseStatus')}</th>
                    <th scope="col">{t('attempts')}</th>
                    <th scope="col">{t('nextAttempt')}</th>
                    <th scope="col">{t('lastError')}</th>
                    <th scope="col">{t('resend')}</th>
                  </tr>
                </thead>
                <tbody>
                  {e.deliveries.map((d) => (
                    <tr class={d.status}>
                      <th scope="row">{d.type}</th>
                      <td>{at(d.createdAt)}</td>
                      <td>{t(d.status)}</td>
                      <td>{fmt.count(d.attempts)}</td>
                      <td>{at(d.nextAttemptAt)}</td>
                      <td class="wrap">{d.lastError ?? t('dash')}</td>
                      <td>
                        <button type="button" onClick={() => act(`/v1/webhooks/${encodeURIComponent(e.id)}/deliveries/${encodeURIComponent(d.eventId)}/resend`, t('resent', { type: d.type }))}>
                          {t('resend')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
            )}
          </section>
        ))
      )}
    </section>
  );
}
