// One answer. Every string from the database (comment, ids, meta) is rendered as text by Preact,
// never as HTML: a comment "<b>Great</b>" shows those characters.
import { AnswerFacts, Scores } from './answer-parts.tsx';
import { useApp } from './context.ts';
import type { Answer } from './types.ts';

/** The collector's "detractors first" rule: an NPS detractor or a CSAT of 1–2. */
const unhappy = (a: Answer) => (a.nps !== null && a.nps <= 6) || (a.csat !== null && a.csat <= 2);

export function CommentCard({ answer: a }: { answer: Answer }) {
  const { t, fmt } = useApp();
  return (
    <li>
      <article class={`card${unhappy(a) ? ' unhappy' : ''}`} aria-label={`${t('answeredAt')} ${fmt.dateTime(a.answeredAt)}`}>
        <p class="scores">
          <Scores csat={a.csat} nps={a.nps} />
          {!a.complete && <span class="tag">{t('incomplete')}</span>}
          <time dateTime={a.answeredAt}>{fmt.dateTime(a.answeredAt)}</time>
        </p>
        {a.comment ? <p class="text" lang={a.locale || undefined}>{a.comment}</p> : <p class="text none">{t('noComment')}</p>}
        <dl>
          <AnswerFacts deliveryId={a.deliveryId} customerId={a.customerId} meta={a.meta} />
        </dl>
      </article>
    </li>
  );
}
