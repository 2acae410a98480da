// A figure per survey wave (the first survey, then each re-survey): the score as a line with points,
// its 95 % interval as a band, as on the trend charts. The x axis is the wave, each tick with its n, so
// a wide band over few answers reads as such.
import { useCallback, useMemo } from 'preact/hooks';
import uPlot from 'uplot';
import { Chart, type Palette } from './chart.tsx';
import type { Format, Unit } from './format.ts';
import type { Translate } from './i18n.ts';
import { waveName, waveTick } from './life.ts';
import type { Segment } from './types.ts';

interface Props {
  figure: 'nps' | 'csat';
  waves: Array<Segment & { wave: number }>;
  fmt: Format;
  t: Translate;
}

export function WaveChart({ figure, waves, fmt, t }: Props) {
  const unit: Unit = figure === 'nps' ? 'points' : 'percent';
  const name = t(figure);
  const data = useMemo<uPlot.AlignedData>(
    () => [waves.map((w) => w.wave), waves.map((w) => w[figure]?.score ?? null), waves.map((w) => w[figure]?.ci?.[0] ?? null), waves.map((w) => w[figure]?.ci?.[1] ?? null)],
    [waves, figure],
  );
  const options = useCallback(
    (width: number, c: Palette): uPlot.Options => {
      const byWave = new Map(waves.map((w) => [w.wave, w]));
      const last = waves.at(-1)?.wave ?? 0;
      return {
        width,
        height: 220,
        legend: { show: false },
        cursor: { y: false },
        scales: {
          x: { time: false, range: [(waves[0]?.wave ?? 0) - 0.5, last + 0.5] },
          y: { range: figure === 'nps' ? [-100, 100] : [0, 100] },
        },
        series: [
          {},
          { label: name, stroke: c.line, width: 2, points: { show: true, size: 6, fill: c.line } },
          { label: t('low'), stroke: c.band, width: 1, points: { show: false } },
          { label: t('high'), stroke: c.band, width: 1, points: { show: false } },
        ],
        bands: [{ series: [3, 2], fill: c.band }],
        axes: [
          {
            label: t('wave'),
            labelSize: 22,
            stroke: c.text,
            grid: { show: false },
            ticks: { stroke: c.grid },
            incrs: [1, 2, 3, 4, 6, 12, 24],
            space: 44,
            size: 52,
            // Two lines per tick: the wave, then its n (a wave without answers has no tick).
            values: (_u, splits) =>
              splits.map((s) => {
                const w = byWave.get(s);
                return w ? `${waveTick(s, t, fmt)}\n${t('answers', { n: fmt.count(w[figure]?.answers ?? 0) })}` : '';
              }),
          },
          { stroke: c.text, grid: { stroke: c.grid }, ticks: { stroke: c.grid }, size: 48, values: (_u, splits) => splits.map((s) => fmt.figure(s, unit)) },
        ],
      };
    },
    [waves, figure, fmt, name, unit, t],
  );
  const rows = waves.map((w) => [waveName(w.wave, t, fmt), fmt.figure(w[figure]?.score, unit), fmt.figure(w[figure]?.ci?.[0], unit), fmt.figure(w[figure]?.ci?.[1], unit), fmt.count(w[figure]?.answers ?? 0)]);
  return (
    <Chart
      label={t('waveChart', { figure: name })}
      options={options}
      data={data}
      t={t}
      table={{ caption: t('waveTable', { figure: name }), head: [t('wave'), t('score'), t('low'), t('high'), t('count')], rows }}
    />
  );
}
