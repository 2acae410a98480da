// How many answers gave each score: bars (uPlot.paths.bars) over 0–10 for NPS, 1–5 for CSAT.
import { useCallback, useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { Chart, type Palette } from './chart.tsx';
import type { Format } from './format.ts';
import type { Translate } from './i18n.ts';

interface Props {
  figure: 'nps' | 'csat';
  counts: Record<string, number> | undefined;
  fmt: Format;
  t: Translate;
}

const bars = uPlot.paths.bars!({ size: [0.7, 48] });

export function DistributionChart({ figure, counts, fmt, t }: Props) {
  const [min, max] = figure === 'nps' ? [0, 10] : [1, 5];
  const name = t(figure);
  const data = useMemo<uPlot.AlignedData>(() => {
    const xs = Array.from({ length: max - min + 1 }, (_, i) => min + i);
    return [xs, xs.map((x) => counts?.[String(x)] ?? 0)];
  }, [counts, min, max]);
  const options = useCallback(
    (width: number, c: Palette): uPlot.Options => ({
      width,
      height: 180,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: [min - 0.5, max + 0.5] },
        y: { range: (_u, _lo, hi) => [0, Math.max(1, Math.ceil(hi * 1.1))] },
      },
      series: [{}, { label: t('count'), fill: c.bar, width: 0, paths: bars, points: { show: false } }],
      axes: [
        // Every score gets its label, even eleven of them on a phone: a small minimum spacing.
        { stroke: c.text, grid: { show: false }, ticks: { stroke: c.grid }, incrs: [1], space: 14, values: (_u, splits) => splits.map((s) => fmt.count(s)) },
        { stroke: c.text, grid: { stroke: c.grid }, ticks: { stroke: c.grid }, size: 48, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000] },
      ],
    }),
    [min, max, fmt, t],
  );
  const rows = (data[0] as number[]).map((x, i) => [fmt.count(x), fmt.count((data[1] as number[])[i])]);
  return (
    <Chart
      label={t('distributionChart', { figure: name })}
      options={options}
      data={data}
      t={t}
      table={{ caption: t('distribution', { figure: name }), head: [t('score'), t('count')], rows }}
    />
  );
}
