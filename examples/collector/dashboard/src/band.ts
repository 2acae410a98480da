// What the charts of a score with its 95 % interval share (the trend per period, the figure per
// survey wave): the data (x, score, low, high), the line with its band between the low and high
// series (uPlot `bands`), the y scale and axis in the figure's unit, and the table's figure cells.
// Empty intervals are gaps, not zeros.
import type uPlot from 'uplot';
import type { Palette } from './chart.tsx';
import type { Format, Unit } from './format.ts';
import type { Translate } from './i18n.ts';
import type { Figure } from './types.ts';

export type Scored = Record<'nps' | 'csat', Figure>;

/** uPlot's data: `xs`, then the score, the interval's low and its high of each point. */
export const bandData = (xs: number[], points: Scored[], figure: 'nps' | 'csat'): uPlot.AlignedData => [
  xs,
  points.map((p) => p[figure]?.score ?? null),
  points.map((p) => p[figure]?.ci?.[0] ?? null),
  points.map((p) => p[figure]?.ci?.[1] ?? null),
];

/** The y scale, the series after x (the line with points, low, high), the band and the y axis. */
export function bandParts(figure: 'nps' | 'csat', name: string, c: Palette, fmt: Format, t: Translate) {
  const unit: Unit = figure === 'nps' ? 'points' : 'percent';
  return {
    y: { range: figure === 'nps' ? [-100, 100] : [0, 100] } as uPlot.Scale,
    series: [
      { label: name, stroke: c.line, width: 2, spanGaps: false, points: { show: true, size: 6, fill: c.line } },
      { label: t('low'), stroke: c.band, width: 1, points: { show: false } },
      { label: t('high'), stroke: c.band, width: 1, points: { show: false } },
    ] as uPlot.Series[],
    bands: [{ series: [3, 2], fill: c.band }] as uPlot.Band[],
    yAxis: { stroke: c.text, grid: { stroke: c.grid }, ticks: { stroke: c.grid }, size: 48, values: (_u, splits) => splits.map((s) => fmt.figure(s, unit)) } as uPlot.Axis,
  };
}

/** A table row's score, low and high, in the figure's unit. */
export function bandCells(p: Scored, figure: 'nps' | 'csat', fmt: Format): string[] {
  const unit: Unit = figure === 'nps' ? 'points' : 'percent';
  return [fmt.figure(p[figure]?.score, unit), fmt.figure(p[figure]?.ci?.[0], unit), fmt.figure(p[figure]?.ci?.[1], unit)];
}
