// One delivery's page (`view=delivery&id=…`): what the collector knows of it, the survey link its
// e-mails carry (to copy into a chat or a call note), its timeline, and *Cancel scheduled* for the
// sends still waiting, say after the customer called in to complain.
import { useRef, useState } from 'preact/hooks';
import { Outcome } from './answer-parts.tsx';
import { send } from './api.ts';
import { useApp } from './context.ts';
import { DeliveryFacts } from './delivery-facts.tsx';
import { DeliveryTimeline } from './delivery-timeline.tsx';
import { RecordAnswer } from './phone-answer.tsx';
import type { DeliveryDetail } from './invitation-types.ts';
import { QrCard } from './qr-card.tsx';
import { RouteLink } from './link.tsx';
import { usePoll } from './use-poll.ts';

export function DeliveryPage({ id }: { id: string }) {
  const { t, fmt, signedOut } = useApp();
  const detail = usePoll<DeliveryDetail>(`/v1/deliveries/${encodeURIComponent(id)}`, signedOut);
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const d = detail.data?.delivery.id === id ? detail.data : undefined;
  const scheduled = d?.timeline.filter((s) => s.status === 'scheduled').length ?? 0;

  const cancel = async () => {
    if (!confirm(t('cancelConfirm', { n: fmt.count(scheduled), id }))) return;
    setBusy(true);
    const r = await send<{ cancelled: number }>('POST', `/v1/deliveries/${encodeURIComponent(id)}/cancel`);
    setBusy(false);
    if (!r.ok) return r.status === 401 ? signedOut() : setMsg({ ok: false, text: t('actionFailed', { error: r.message }) });
    setMsg({ ok: true, text: t('cancelledN', { n: fmt.count(r.data.cancelled) }) });
    detail.reload();
    // The button goes away with what it cancelled: keep the keyboard's place on the page.
    heading.current?.focus();
  };

  return (
    <section class="panel delivery" aria-labelledby="delivery-h">
      <p>
        <RouteLink to={{ view: 'channels' }} current={false}>
          {t('backToInvitations')}
        </RouteLink>
      </p>
      <h2 id="delivery-h" tabIndex={-1} ref={heading}>
        {t('deliveryTitle', { id })}
      </h2>
      {detail.error && <p class="error">{t('loadFailed', { error: detail.error })}</p>}
      {!d ? (
        !detail.error && <p>{t('loading')}</p>
      ) : (
        <>
          <DeliveryFacts detail={d} />
          {d.link && <QrCard id={id} />}
          <div class="section-head">
            <h3>{t('timeline')}</h3>
            {scheduled > 0 && (
              <button type="button" disabled={busy} onClick={cancel}>
                {t('cancelScheduled', { n: fmt.count(scheduled) })}
              </button>
            )}
          </div>
          <Outcome msg={msg} />
          <DeliveryTimeline detail={d} />
          <RecordAnswer detail={d} onSaved={detail.reload} />
        </>
      )}
    </section>
  );
}
