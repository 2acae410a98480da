// What a comment card and a case card both show of an answer: its scores, and the facts about it
// (delivery, customer, meta) as rows of a <dl>. Every string is rendered as text.
import { useApp } from './context.ts';

/** NPS band of a score, for the card's colour and label. */
export const bandOf = (nps: number) => (nps <= 6 ? 'detractor' : nps <= 8 ? 'passive' : 'promoter');

/** The CSAT and NPS of an answer, each when given. */
export function Scores({ csat, nps }: { csat: number | null; nps: number | null }) {
  const { t, fmt } = useApp();
  return (
    <>
      {csat !== null && (
        <span class="score">
          {t('csat')} {fmt.count(csat)}
        </span>
      )}
      {csat !== null && nps !== null && ' '}
      {nps !== null && (
        <span class={`score ${bandOf(nps)}`}>
          {t('nps')} {fmt.count(nps)}
        </span>
      )}
    </>
  );
}

/** The delivery, the customer (when known) and every meta entry, as <dl> rows. */
export function AnswerFacts({ deliveryId, customerId, meta }: { deliveryId: string; customerId?: string | null | undefined; meta?: Record<string, unknown> | null | undefined }) {
  const { t } = useApp();
  return (
    <>
      <div>
        <dt>{t('delivery')}</dt>
        <dd>{deliveryId}</dd>
      </div>
      {customerId && (
        <div>
          <dt>{t('customer')}</dt>
          <dd>{customerId}</dd>
        </div>
      )}
      {Object.entries(meta ?? {}).map(([k, v]) => (
        <div>
          <dt>{k}</dt>
          <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
        </div>
      ))}
    </>
  );
}

/** The outcome of an action: a polite status when it went well, an alert when it did not. */
export function Outcome({ msg }: { msg: { ok: boolean; text: string } }) {
  return (
    <>
      <p role="status" class="saved">
        {msg.ok && msg.text}
      </p>
      <p role="alert" class="error">
        {!msg.ok && msg.text}
      </p>
    </>
  );
}
