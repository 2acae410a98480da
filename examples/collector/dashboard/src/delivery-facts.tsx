// What the collector knows of one delivery, every value as text, and the survey link its e-mails carry
// with a button that copies it.
import { useRef, useState } from 'preact/hooks';
import { Outcome } from './answer-parts.tsx';
import { useApp } from './context.ts';
import type { DeliveryDetail } from './invitation-types.ts';
import { waveName } from './life.ts';

export function DeliveryFacts({ detail }: { detail: DeliveryDetail }) {
  const { t, fmt } = useApp();
  const d = detail.delivery;
  const text = (v: string | null | undefined) => v || t('dash');
  const survey = (Array.isArray(d.survey) ? d.survey : (d.survey ?? '').split(/[\s,]+/).filter(Boolean)).map((s) => (s === 'csat' || s === 'nps' ? t(s) : s)).join(', ');
  const facts: Array<[string, string]> = [
    [t('deliveredAt'), fmt.dateTime(d.deliveredAt)],
    [t('customer'), text(d.customerId)],
    [t('email'), text(d.email)],
    [t('phone'), text(d.phone)],
    [t('deliveryLocale'), text(d.locale)],
    [t('timeZone'), text(d.timeZone)],
    [t('survey'), text(survey)],
    [t('resurvey'), d.resurvey ? t('resurveyEvery', { every: fmt.count(d.resurvey.everyDays), until: fmt.count(d.resurvey.untilDays) }) : t('dash')],
    [t('currentWave'), waveName(detail.wave, t, fmt)],
    [t('st_unsubscribed'), d.unsubscribed ? t('yes') : t('no')],
    [t('created'), fmt.dateTime(d.createdAt)],
    [t('updatedAt'), fmt.dateTime(d.updatedAt)],
    ...Object.entries(d.meta ?? {}).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  ];
  return (
    <>
      <dl class="facts">
        {facts.map(([name, value]) => (
          <div>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {detail.link && <SurveyLink link={detail.link} />}
    </>
  );
}

function SurveyLink({ link }: { link: string }) {
  const { t } = useApp();
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const code = useRef<HTMLElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setMsg({ ok: true, text: t('copied') });
    } catch {
      // No clipboard here (refused, or a plain-http address other than localhost): select the link so
      // Ctrl+C copies it, and say so.
      const range = document.createRange();
      range.selectNodeContents(code.current!);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      setMsg({ ok: false, text: t('copyByHand') });
    }
  };
  return (
    <div class="survey-link">
      <h3>{t('surveyLink')}</h3>
      <p>
        <code ref={code}>{link}</code>{' '}
        <button type="button" onClick={copy}>
          {t('copyLink')}
        </button>
      </p>
      <Outcome msg={msg} />
    </div>
  );
}
