// The funnel per channel: for each channel, four bars on one scale: the period's deliveries, how often
// the channel asked (invitations sent; the widget's displays), the answers through it, and those with
// a comment. Drawn as SVG (svg-chart.tsx), its numbers as a table under it.
import type { ChannelRate } from './channel-types.ts';
import type { Format } from './format.ts';
import type { Translate } from './i18n.ts';
import { channelLabel } from './invite-words.ts';
import { SvgChart } from './svg-chart.tsx';

interface Props {
  deliveries: number;
  channels: ChannelRate[];
  fmt: Format;
  t: Translate;
}

const W = 480;
const LEFT = 120;
const RIGHT = 50;
const BAR = 14;
const GAP = 4;
const HEAD = 22;
const GROUP = HEAD + 4 * (BAR + GAP) + 12;

export function FunnelChart({ deliveries, channels, fmt, t }: Props) {
  const stages = [t('stDelivered'), t('stAsked'), t('stAnswered'), t('stCommented')];
  const values = (c: ChannelRate) => [deliveries, c.invited, c.answered, c.commented];
  const max = Math.max(1, deliveries, ...channels.flatMap((c) => values(c)));
  const scale = (v: number) => ((W - LEFT - RIGHT) * v) / max;
  const rows = channels.map((c) => [channelLabel(c.channel, t), ...values(c).map((v) => fmt.count(v))]);
  return (
    <SvgChart
      label={t('funnelChart')}
      width={W}
      height={Math.max(GROUP, GROUP * channels.length)}
      t={t}
      table={{ caption: t('funnelChart'), head: [t('channel'), ...stages], rows }}
    >
      {channels.map((c, i) => {
        const top = i * GROUP;
        return (
          <g>
            <text class="chart-head" x={0} y={top + 16}>
              {channelLabel(c.channel, t)}
            </text>
            {values(c).map((v, s) => {
              const y = top + HEAD + s * (BAR + GAP);
              return (
                <g>
                  <text class="chart-label" x={LEFT - 8} y={y + BAR - 3} text-anchor="end">
                    {stages[s]}
                  </text>
                  <rect class={`stage stage-${s}`} x={LEFT} y={y} width={Math.max(v ? 1 : 0, scale(v))} height={BAR} />
                  <text class="chart-label" x={LEFT + scale(v) + 6} y={y + BAR - 3}>
                    {fmt.count(v)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </SvgChart>
  );
}
