// A figure per survey wave (the first survey, then each re-survey): the score as a line with points,
// its 95 % interval as a band, as on the trend charts (band.ts). The x axis is the wave, each tick with
// its n, so a wide band over few answers reads as such.
import { useCallback, useMemo } from 'preact/hooks';
import type uPlot from 'uplot';
import { bandCells, bandData, bandParts } from './band.ts';
import { Chart, type Palette } from './chart.tsx';
import type { Format } from './format.ts';
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
  const name = t(figure);
  const data = useMemo(() => bandData(waves.map((w) => w.wave), waves, figure), [waves, figure]);
  const options = useCallback(
    (width: number, c: Palette): uPlot.Options => {
      const byWave = new Map(waves.map((w) => [w.wave, w]));
      const last = waves.at(-1)?.wave ?? 0;
      const band = bandParts(figure, name, c, fmt, t);
      return {
        width,
        height: 220,
        legend: { show: false },
        cursor: { y: false },
        scales: {
          x: { time: false, range: [(waves[0]?.wave ?? 0) - 0.5, last + 0.5] },
          y: band.y,
        },
        series: [{}, ...band.series],
        bands: band.bands,
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
          band.yAxis,
        ],
      };
    },
    [waves, figure, fmt, name, t],
  );
  const rows = waves.map((w) => [waveName(w.wave, t, fmt), ...bandCells(w, figure, fmt), fmt.count(w[figure]?.answers ?? 0)]);
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
