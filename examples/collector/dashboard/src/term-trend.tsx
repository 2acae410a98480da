// A term's trend: its share of comments per week or month as a line with points, the 95 % interval of
// each share as a band around it (uPlot `bands`, like trend-chart.tsx), its numbers as a table.
import { useCallback, useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { Chart, type Palette } from './chart.tsx';
import type { Format } from './format.ts';
import type { Translate } from './i18n.ts';
import type { SharePoint } from './theme-types.ts';

interface Props {
  term: string;
  series: SharePoint[];
  interval: 'day' | 'week' | 'month' | 'year';
  fmt: Format;
  t: Translate;
}

const pct = (v: number | null) => (v === null ? null : v * 100);

export function TermTrend({ term, series, interval, fmt, t }: Props) {
  const data = useMemo<uPlot.AlignedData>(
    () => [series.map((p) => Date.parse(p.start) / 1000), series.map((p) => pct(p.share)), series.map((p) => pct(p.low)), series.map((p) => pct(p.high))],
    [series],
  );
  const label = useMemo(
    () => new Intl.DateTimeFormat(fmt.lang, { timeZone: fmt.timeZone, ...(interval === 'year' ? { year: 'numeric' } : interval === 'month' ? { year: 'numeric', month: 'short' } : { month: 'short', day: 'numeric' }) }),
    [fmt, interval],
  );
  // The scale ends a little above the highest interval, so a rare term's line is not flat on the floor.
  const top = Math.min(100, Math.max(5, ...series.map((p) => pct(p.high) ?? 0)) * 1.15);
  const options = useCallback(
    (width: number, c: Palette): uPlot.Options => ({
      width,
      height: 220,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), fmt.timeZone),
      legend: { show: false },
      cursor: { y: false },
      scales: {
        x: { time: true, range: (_u, min, max) => (min === max ? [min - 86_400, max + 86_400] : [min, max]) },
        y: { range: [0, top] },
      },
      series: [
        {},
        { label: term, stroke: c.line, width: 2, spanGaps: false, points: { show: true, size: 6, fill: c.line } },
        { label: t('low'), stroke: c.band, width: 1, points: { show: false } },
        { label: t('high'), stroke: c.band, width: 1, points: { show: false } },
      ],
      bands: [{ series: [3, 2], fill: c.band }],
      axes: [
        { stroke: c.text, grid: { stroke: c.grid }, ticks: { stroke: c.grid }, space: 80, values: (_u, splits) => splits.map((s) => label.format(new Date(s * 1000))) },
        { stroke: c.text, grid: { stroke: c.grid }, ticks: { stroke: c.grid }, size: 48, values: (_u, splits) => splits.map((s) => fmt.figure(s, 'percent')) },
      ],
    }),
    [term, top, fmt, label, t],
  );
  const rows = series.map((p) => [label.format(new Date(p.start)), fmt.figure(pct(p.share), 'percent'), fmt.figure(pct(p.low), 'percent'), fmt.figure(pct(p.high), 'percent'), fmt.count(p.named), fmt.count(p.comments)]);
  return (
    <Chart
      label={t('termTrendChart', { term, interval: t(`${interval}Unit`) })}
      options={options}
      data={data}
      t={t}
      table={{ caption: t('termTrendTable', { term }), head: [t('period'), t('ofComments'), t('low'), t('high'), t('naming'), t('commentsN')], rows }}
    />
  );
}
