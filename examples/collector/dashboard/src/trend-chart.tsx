// A figure over time: the score as a line with points, its 95 % interval as a filled band (band.ts).
import { useCallback, useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { bandCells, bandData, bandParts } from './band.ts';
import { Chart, type Palette } from './chart.tsx';
import type { Format } from './format.ts';
import type { Translate } from './i18n.ts';
import type { Granularity, SeriesPoint } from './types.ts';

interface Props {
  figure: 'nps' | 'csat';
  series: SeriesPoint[];
  granularity: Granularity;
  fmt: Format;
  t: Translate;
}

export function TrendChart({ figure, series, granularity, fmt, t }: Props) {
  const name = t(figure);
  const data = useMemo(() => bandData(series.map((p) => Date.parse(p.start) / 1000), series, figure), [series, figure]);
  const label = useMemo(
    () => new Intl.DateTimeFormat(fmt.lang, { timeZone: fmt.timeZone, ...(granularity === 'year' ? { year: 'numeric' } : granularity === 'month' ? { year: 'numeric', month: 'short' } : { month: 'short', day: 'numeric' }) }),
    [fmt, granularity],
  );
  const options = useCallback(
    (width: number, c: Palette): uPlot.Options => {
      const band = bandParts(figure, name, c, fmt, t);
      return {
        width,
        height: 220,
        // Splits and ticks in the collector's zone, so a week starts on the merchant's Monday.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), fmt.timeZone),
        legend: { show: false },
        cursor: { y: false },
        scales: {
          x: { time: true, range: (_u, min, max) => (min === max ? [min - 86_400, max + 86_400] : [min, max]) },
          y: band.y,
        },
        series: [{}, ...band.series],
        bands: band.bands,
        axes: [
          // 80 px between date ticks: "10月29日" and "Sep 14" both need room at 360 px and on wide screens.
          { stroke: c.text, grid: { stroke: c.grid }, ticks: { stroke: c.grid }, space: 80, values: (_u, splits) => splits.map((s) => label.format(new Date(s * 1000))) },
          band.yAxis,
        ],
      };
    },
    [figure, fmt, label, name, t],
  );
  const rows = series.map((p) => [label.format(new Date(p.start)), ...bandCells(p, figure, fmt), fmt.count(p[figure]?.answers)]);
  return (
    <Chart
      label={t('trendChart', { figure: name, interval: t(`${granularity}Unit`) })}
      options={options}
      data={data}
      t={t}
      table={{ caption: t('trend', { figure: name }), head: [t('period'), t('score'), t('low'), t('high'), t('count')], rows }}
    />
  );
}
