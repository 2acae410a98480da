// Check these: comments whose words contradict their score, as the collector's tone model judges them
// (GET /v1/themes/tone): a 5-star answer saying "the technician broke the tap" needs a person as much
// as a 1. Each with its scores, which way its words lean and how surely, and its delivery (a link to
// the delivery's page when the collector knows the delivery). Nothing is judged
// until there are enough scored comments to learn from: the view says so, with the collector's reason.
import { AnswerFacts, Scores } from './answer-parts.tsx';
import { useApp } from './context.ts';
import { RouteLink } from './link.tsx';
import type { Tone } from './theme-types.ts';

export function CheckThese({ tone }: { tone: Tone }) {
  const { t, fmt } = useApp();
  const m = tone.model;
  const share = (v: number | null | undefined) => fmt.figure(v === null || v === undefined ? null : v * 100, 'percent');
  return (
    <>
      {!tone.trained ? (
        <>
          <p class="empty">{t('toneUntrained', { unhappy: fmt.count(m.unhappy), happy: fmt.count(m.happy) })}</p>
          {tone.reason && (
            <p class="n" lang="en">
              {tone.reason}
            </p>
          )}
        </>
      ) : (
        <>
          <p class="n">
            {t('toneModel', { n: fmt.count(m.comments), unhappy: fmt.count(m.unhappy), happy: fmt.count(m.happy), accuracy: share(m.accuracy), auc: m.auc === null ? t('dash') : new Intl.NumberFormat(fmt.lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(m.auc) })}
          </p>
          {!tone.checkThese.length ? (
            <p class="empty">{t('noContrary')}</p>
          ) : (
            <ol class="cards">
              {tone.checkThese.map(({ response: a, pUnhappy, direction, deliveryKnown }) => (
                <li>
                  <article class={`card contrary ${direction}`} aria-label={`${t(direction === 'sounds-unhappy' ? 'soundsUnhappy' : 'soundsHappy')} · ${fmt.dateTime(a.answeredAt)}`}>
                    <p class="scores">
                      <Scores csat={a.csat} nps={a.nps} />
                      <span class="tag">{t(direction === 'sounds-unhappy' ? 'soundsUnhappy' : 'soundsHappy')}</span>
                      <span class="n">{t('pUnhappy', { p: share(pUnhappy) })}</span>
                      <time dateTime={a.answeredAt}>{fmt.dateTime(a.answeredAt)}</time>
                    </p>
                    <p class="text" lang={a.locale || undefined}>
                      {a.comment}
                    </p>
                    <dl>
                      <AnswerFacts deliveryId={a.deliveryId} customerId={a.customerId} meta={a.meta} />
                    </dl>
                    {deliveryKnown && (
                      <p class="links">
                        <RouteLink to={{ view: 'delivery', id: a.deliveryId }} current={false}>
                          {t('openDelivery', { id: a.deliveryId })}
                        </RouteLink>
                      </p>
                    )}
                  </article>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </>
  );
}
