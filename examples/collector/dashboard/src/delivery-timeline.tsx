// A delivery's timeline: its invitations and reminders (status, due, sent, the reason of a failure or
// a skip), the survey's displays and the answers, oldest first. A send not yet made stands at its due
// time, so what is scheduled reads as what comes next.
import { Scores } from './answer-parts.tsx';
import { useApp } from './context.ts';
import type { DeliveryDetail } from './invitation-types.ts';
import { channelLabel, kindLabel, outcomeLabel, stateLabel } from './invite-words.ts';
import { waveName } from './life.ts';

type Detail = DeliveryDetail;
export type Entry =
  | { type: 'send'; at: string; send: Detail['timeline'][number] }
  | { type: 'display'; at: string; display: Detail['displays'][number] }
  | { type: 'answer'; at: string; answer: Detail['answers'][number] };

const ORDER = { send: 0, display: 1, answer: 2 };

/** Every event of the delivery in the order it happened (or will: a scheduled send at its due time). */
export function timelineOf(d: Detail): Entry[] {
  const all: Entry[] = [
    ...d.timeline.map((send) => ({ type: 'send' as const, at: send.sentAt ?? send.dueAt, send })),
    ...d.displays.map((display) => ({ type: 'display' as const, at: display.shownAt, display })),
    ...d.answers.map((answer) => ({ type: 'answer' as const, at: answer.answeredAt, answer })),
  ];
  return all.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || ORDER[a.type] - ORDER[b.type]);
}

export function DeliveryTimeline({ detail }: { detail: Detail }) {
  const { t, fmt } = useApp();
  const entries = timelineOf(detail);
  const at = (iso: string | null) => (iso ? fmt.dateTime(iso) : t('dash'));
  const fact = (name: string, value: string) => (
    <div>
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
  if (!entries.length) return <p>{t('noTimeline')}</p>;
  return (
    <ol class="cards timeline">
      {entries.map((e) => (
        <li class={`card ${e.type}${e.type === 'send' ? ` ${e.send.status}` : ''}`}>
          <p class="scores">
            {e.type === 'send' && (
              <>
                <strong>
                  {kindLabel(e.send.kind, t)} · {channelLabel(e.send.channel, t)}
                </strong>
                <span class={`tag ${e.send.status}`}>{stateLabel(e.send.status, t)}</span>
              </>
            )}
            {e.type === 'display' && (
              <>
                <strong>
                  {t('surveyShown')}
                  {e.display.channel && ` · ${channelLabel(e.display.channel, t)}`}
                </strong>
                {e.display.outcome && <span class="tag">{outcomeLabel(e.display.outcome, t)}</span>}
              </>
            )}
            {e.type === 'answer' && (
              <>
                <strong>
                  {t('answer')}
                  {e.answer.channel && ` · ${channelLabel(e.answer.channel, t)}`}
                </strong>
                <Scores csat={e.answer.csat} nps={e.answer.nps} />
              </>
            )}
            <time dateTime={e.at}>{fmt.dateTime(e.at)}</time>
          </p>
          {e.type === 'answer' && e.answer.comment && <p class="text">{e.answer.comment}</p>}
          <dl>
            {fact(t('wave'), waveName(e.type === 'send' ? e.send.wave : e.type === 'display' ? e.display.wave : e.answer.wave, t, fmt))}
            {e.type === 'send' && fact(t('dueOn'), at(e.send.dueAt))}
            {e.type === 'send' && fact(t('sentAt'), at(e.send.sentAt))}
            {e.type === 'send' && e.send.reason && fact(t('sendReason'), e.send.reason)}
            {e.type === 'display' && fact(t('endedAt'), at(e.display.endedAt))}
            {e.type === 'answer' && e.answer.recordedBy && fact(t('recordedBy'), e.answer.recordedBy)}
          </dl>
        </li>
      ))}
    </ol>
  );
}
