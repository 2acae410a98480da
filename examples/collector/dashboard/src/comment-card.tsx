// One answer. Every string from the database (comment, ids, meta) is rendered as text by Preact,
// never as HTML: a comment "<b>Great</b>" shows those characters. Filtered by a term (`term=`, from
// What customers say), the comment is cut into text pieces and the term's are wrapped in <mark>.
import { AnswerFacts, Scores } from './answer-parts.tsx';
import { useApp } from './context.ts';
import { splitTerm } from './highlight.ts';
import type { Answer } from './types.ts';

/** The comment as text, a term's occurrences marked. */
export function Marked({ text, term }: { text: string; term: string | null }) {
  return <>{splitTerm(text, term).map((p) => (p.match ? <mark>{p.text}</mark> : p.text))}</>;
}

/** The collector's "detractors first" rule: an NPS detractor or a CSAT of 1–2. */
const unhappy = (a: Answer) => (a.nps !== null && a.nps <= 6) || (a.csat !== null && a.csat <= 2);

export function CommentCard({ answer: a }: { answer: Answer }) {
  const { t, fmt, route } = useApp();
  return (
    <li>
      <article class={`card${unhappy(a) ? ' unhappy' : ''}`} aria-label={`${t('answeredAt')} ${fmt.dateTime(a.answeredAt)}`}>
        <p class="scores">
          <Scores csat={a.csat} nps={a.nps} />
          {!a.complete && <span class="tag">{t('incomplete')}</span>}
          <time dateTime={a.answeredAt}>{fmt.dateTime(a.answeredAt)}</time>
        </p>
        {a.comment ? (
          <p class="text" lang={a.locale || undefined}>
            <Marked text={a.comment} term={route.filters.get('term')} />
          </p>
        ) : <p class="text none">{t('noComment')}</p>}
        <dl>
          <AnswerFacts deliveryId={a.deliveryId} customerId={a.customerId} meta={a.meta} />
        </dl>
      </article>
    </li>
  );
}
