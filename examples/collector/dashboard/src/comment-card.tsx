// One answer. Every string from the database (comment, ids, meta) is rendered as text by Preact,
// never as HTML: a comment "<b>Great</b>" shows those characters.
import { useApp } from './context.ts';
import type { Answer } from './types.ts';

/** NPS band of a score, for the card's colour and label. */
export const bandOf = (nps: number) => (nps <= 6 ? 'detractor' : nps <= 8 ? 'passive' : 'promoter');

/** The collector's "detractors first" rule: an NPS detractor or a CSAT of 1–2. */
const unhappy = (a: Answer) => (a.nps !== null && a.nps <= 6) || (a.csat !== null && a.csat <= 2);

export function CommentCard({ answer: a }: { answer: Answer }) {
  const { t, fmt } = useApp();
  const meta = a.meta ? Object.entries(a.meta) : [];
  return (
    <li>
      <article class={`card${unhappy(a) ? ' unhappy' : ''}`} aria-label={`${t('answeredAt')} ${fmt.dateTime(a.answeredAt)}`}>
        <p class="scores">
          {a.csat !== null && (
            <span class="score">
              {t('csat')} {fmt.count(a.csat)}
            </span>
          )}
          {a.nps !== null && (
            <span class={`score ${bandOf(a.nps)}`}>
              {t('nps')} {fmt.count(a.nps)}
            </span>
          )}
          {!a.complete && <span class="tag">{t('incomplete')}</span>}
          <time dateTime={a.answeredAt}>{fmt.dateTime(a.answeredAt)}</time>
        </p>
        {a.comment ? <p class="text" lang={a.locale || undefined}>{a.comment}</p> : <p class="text none">{t('noComment')}</p>}
        <dl>
          <div>
            <dt>{t('delivery')}</dt>
            <dd>{a.deliveryId}</dd>
          </div>
          {a.customerId && (
            <div>
              <dt>{t('customer')}</dt>
              <dd>{a.customerId}</dd>
            </div>
          )}
          {meta.map(([k, v]) => (
            <div>
              <dt>{k}</dt>
              <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
            </div>
          ))}
        </dl>
      </article>
    </li>
  );
}
