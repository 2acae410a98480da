// The Invitations' figures: the deliveries of the period and how asking them by e-mail went, then the
// response rate per delivery invited beside the widget's rate per display, each with its 95 % interval
// and in the same form as the overview's cards, so the two ways of asking can be compared.
import { useApp } from './context.ts';
import { FigureCard } from './figure-card.tsx';
import type { InvitationSummary, Rate } from './invitation-types.ts';
import { channelLabel } from './invite-words.ts';

/** Fewer than 30 asked: the interval is wide (the rule every figure of the dashboard follows). */
const isFew = (r: Rate | null) => !!r && r.of > 0 && r.of < 30;

export function InviteFigures({ s }: { s: InvitationSummary }) {
  const { t, fmt } = useApp();
  const byChannel = Object.entries(s.answeredBy)
    .filter(([, n]) => n > 0)
    .map(([channel, n]) => t('byChannel', { channel: channelLabel(channel, t), n: fmt.count(n) }));
  const counts: Array<[id: string, name: string, value: number, more: string[]]> = [
    ['deliveries', t('deliveriesKnown'), s.deliveries, []],
    ['invited', t('st_invited'), s.invited, []],
    ['reminded', t('st_reminded'), s.reminded, []],
    ['answered', t('st_answered'), s.answered, byChannel],
    ['unsubscribed', t('st_unsubscribed'), s.unsubscribed, []],
    ['failed', t('st_failed'), s.failed, []],
  ];
  // The API's shares are 0–1; the cards show percent like every other rate of the dashboard.
  const card = (id: string, title: string, r: Rate | null, base: string, fewNote: string) => (
    <FigureCard id={id} title={title} value={r ? r.share * 100 : null} unit="percent" ci={r ? [r.low * 100, r.high * 100] : null} base={base} few={isFew(r)} fewNote={fewNote} previous={undefined} compare={false} />
  );
  const of = (r: Rate | null, key: 'answeredOfInvited' | 'answeredOfDisplays') => t(key, { answered: fmt.count(r?.answered ?? 0), of: fmt.count(r?.of ?? 0) });
  return (
    <>
      <dl class="loop-figures invite-figures">
        {counts.map(([id, name, value, more]) => (
          <div data-invite={id}>
            <dt>{name}</dt>
            <dd class="value">{fmt.count(value)}</dd>
            {more.map((m) => (
              <dd class="n">{m}</dd>
            ))}
          </div>
        ))}
      </dl>
      <div class="figures">
        {card('invite-rate', t('inviteRate'), s.rate, of(s.rate, 'answeredOfInvited'), t('fewInvited'))}
        {card('widget-rate', t('widgetRate'), s.widget, of(s.widget, 'answeredOfDisplays'), t('fewDisplays'))}
      </div>
    </>
  );
}
