// A figure per channel with its 95 % interval: a dot on a line from the interval's low to its high,
// one row per channel on the figure's scale (NPS −100…100, CSAT 0…100), the baseline's row marked.
// Drawn as SVG (svg-chart.tsx), its numbers as a table under it.
import type { ChannelFigures } from './channel-types.ts';
import type { Format, Unit } from './format.ts';
import type { Translate } from './i18n.ts';
import { channelLabel } from './invite-words.ts';
import { SvgChart } from './svg-chart.tsx';

interface Props {
  figure: 'nps' | 'csat';
  channels: ChannelFigures[];
  baseline: string | null;
  fmt: Format;
  t: Translate;
}

const W = 480;
const LEFT = 175;
const RIGHT = 16;
const ROW = 30;
const AXIS = 26;

export function IntervalChart({ figure, channels, baseline, fmt, t }: Props) {
  const unit: Unit = figure === 'nps' ? 'points' : 'percent';
  const [min, max] = figure === 'nps' ? [-100, 100] : [0, 100];
  const x = (v: number) => LEFT + ((W - LEFT - RIGHT) * (v - min)) / (max - min);
  const ticks = figure === 'nps' ? [-100, -50, 0, 50, 100] : [0, 25, 50, 75, 100];
  const height = channels.length * ROW + AXIS;
  const name = (c: ChannelFigures) => (c.channel === baseline ? t('baselineMark', { channel: channelLabel(c.channel, t) }) : channelLabel(c.channel, t));
  const rows = channels.map((c) => [name(c), fmt.figure(c[figure].score, unit), fmt.figure(c[figure].ci?.[0], unit), fmt.figure(c[figure].ci?.[1], unit), fmt.count(c[figure].answers)]);
  return (
    <SvgChart
      label={t('kinderChart', { figure: t(figure) })}
      width={W}
      height={height}
      t={t}
      table={{ caption: t('kinderChart', { figure: t(figure) }), head: [t('channel'), t('score'), t('low'), t('high'), t('count')], rows }}
    >
      {ticks.map((v) => (
        <g>
          <line class={v === 0 && figure === 'nps' ? 'chart-zero' : 'chart-grid'} x1={x(v)} x2={x(v)} y1={0} y2={height - AXIS} />
          <text class="chart-label" x={x(v)} y={height - 8} text-anchor="middle">
            {fmt.figure(v, unit)}
          </text>
        </g>
      ))}
      {channels.map((c, i) => {
        const y = i * ROW + ROW / 2;
        const f = c[figure];
        return (
          <g>
            <text class={c.channel === baseline ? 'chart-head' : 'chart-label'} x={LEFT - 8} y={y + 4} text-anchor="end">
              {name(c)}
            </text>
            {f.ci && <line class="chart-ci" x1={x(f.ci[0])} x2={x(f.ci[1])} y1={y} y2={y} />}
            {f.score !== null && <circle class="chart-dot" cx={x(f.score)} cy={y} r={5} />}
          </g>
        );
      })}
    </SvgChart>
  );
}
