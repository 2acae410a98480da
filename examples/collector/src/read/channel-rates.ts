// Which channel works: for the deliveries delivered in a period, how often each channel asked, how
// many answers came through it (and how many of them with a comment), and its response rate with the
// 95 % Wilson interval; then the share of deliveries asked at all, and answered at all, whatever the
// channel. Part of GET /v1/invitations/summary.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { rateOf } from './deliveries.ts';

type Period = { from: number; to: number };
const n = (v: unknown) => Number(v ?? 0);

/**
 * Per channel (`web`: the widget in the merchant's pages):
 * - `invited`: how often it asked: invitations sent by it (one per delivery and wave; reminders are not
 *   asks of their own) to the period's deliveries; for `web`, the widget's displays shown in the period;
 *   0 for a channel that does not ask by itself (an answer taken on the phone, a link shared by hand);
 * - `answered`: answers that came through it to the period's deliveries; for `web`, the displays
 *   answered; `commented`: of those, the ones with a comment;
 * - `rate`: asks answered through that same channel of asks (invitations whose delivery and wave was
 *   answered by it; for `web`, answered displays of displays), null without asks.
 * `coverage`: deliveries asked at all (an invitation sent by any channel, the survey shown, or an
 * answer by any channel) of the period's deliveries; `answeredAny`: deliveries with an answer by any
 * channel (any wave) of the period's deliveries. Each rate with its Wilson interval.
 */
export async function channelRates(db: Kysely<Database>, p: Period) {
  const inPeriod = sql`d.delivered_ms >= ${p.from} and d.delivered_ms < ${p.to}`;
  const [asks, answers, widget, reach] = await Promise.all([
    sql<{ channel: string; invited: unknown; answered: unknown }>`
      select i.channel, count(*) as invited,
        sum(case when exists (select 1 from responses r where r.delivery_id = i.delivery_id and r.wave = i.wave and r.channel = i.channel) then 1 else 0 end) as answered
      from invitations i join deliveries d on d.id = i.delivery_id
      where ${inPeriod} and i.kind = 'invite' and i.status = 'sent' group by i.channel`.execute(db),
    sql<{ channel: string | null; answered: unknown; commented: unknown }>`
      select r.channel, count(*) as answered, sum(case when r.comment is not null and r.comment <> '' then 1 else 0 end) as commented
      from responses r join deliveries d on d.id = r.delivery_id where ${inPeriod} group by r.channel`.execute(db),
    // The widget's displays are counted by when they were shown, as the summary's response rate is: a
    // page may show the survey of a delivery the merchant never posted.
    sql<{ total: unknown; answered: unknown; commented: unknown }>`
      select count(*) as total, sum(case when x.outcome = 'answered' then 1 else 0 end) as answered,
        sum(case when x.outcome = 'answered' and exists (select 1 from responses r where r.delivery_id = x.delivery_id and r.wave = x.wave
          and r.channel is null and r.comment is not null and r.comment <> '') then 1 else 0 end) as commented
      from displays x where x.channel is null and x.shown_ms >= ${p.from} and x.shown_ms < ${p.to}`.execute(db),
    sql<{ deliveries: unknown; asked: unknown; answered: unknown }>`
      select count(*) as deliveries,
        sum(case when exists (select 1 from response_slots s where s.delivery_id = d.id)
          or exists (select 1 from invitations i where i.delivery_id = d.id and i.status = 'sent')
          or exists (select 1 from displays x where x.delivery_id = d.id) then 1 else 0 end) as asked,
        sum(case when exists (select 1 from response_slots s where s.delivery_id = d.id) then 1 else 0 end) as answered
      from deliveries d where ${inPeriod}`.execute(db),
  ]);
  const per = new Map<string, { channel: string; invited: number; answered: number; commented: number; asked: number }>();
  const row = (channel: string) => per.get(channel) ?? per.set(channel, { channel, invited: 0, answered: 0, commented: 0, asked: 0 }).get(channel)!;
  for (const a of asks.rows) Object.assign(row(a.channel), { invited: n(a.invited), asked: n(a.answered) });
  for (const a of answers.rows) {
    const c = row(a.channel ?? 'web');
    Object.assign(c, { answered: c.answered + n(a.answered), commented: c.commented + n(a.commented) });
  }
  // The widget's row is its displays' (without displays in the period, its answers as any channel's).
  const w = widget.rows[0];
  if (n(w?.total) > 0) Object.assign(row('web'), { invited: n(w!.total), answered: n(w!.answered), commented: n(w!.commented), asked: n(w!.answered) });
  const channels = [...per.values()]
    .filter((c) => c.invited > 0 || c.answered > 0)
    .sort((a, b) => b.invited - a.invited || b.answered - a.answered || (a.channel < b.channel ? -1 : 1))
    .map(({ asked, ...c }) => ({ ...c, rate: rateOf(asked, c.invited) }));
  const r = reach.rows[0];
  return { channels, coverage: rateOf(n(r?.asked), n(r?.deliveries)), answeredAny: rateOf(n(r?.answered), n(r?.deliveries)) };
}
