// One uPlot chart with what a canvas lacks: an accessible name (role="img" + aria-label on its
// container) and the same numbers as a table in a <details>, for screen readers and for copying.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import type { Translate } from './i18n.ts';
import { ChartTable, type ChartTableData } from './chart-table.tsx';
import { useScheme } from './use-scheme.ts';

/** The colours a chart draws with, read from the stylesheet's custom properties (light or dark). */
export interface Palette {
  text: string;
  grid: string;
  line: string;
  band: string;
  bar: string;
}

export interface ChartProps {
  label: string;
  /** Builds uPlot's options for a width and the current palette. */
  options: (width: number, palette: Palette) => uPlot.Options;
  data: uPlot.AlignedData;
  table: ChartTableData;
  t: Translate;
}

function palette(el: Element): Palette {
  const css = getComputedStyle(el);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return { text: v('--text'), grid: v('--grid'), line: v('--accent'), band: v('--band'), bar: v('--bar') };
}

export function Chart({ label, options, data, table, t }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const scheme = useScheme();
  useEffect(() => {
    const el = box.current!;
    const plot = new uPlot(options(el.clientWidth, palette(el)), data, el);
    // Charts follow their column's width (360 px phones to wide screens) without a reload.
    const resize = new ResizeObserver(() => {
      if (el.clientWidth && el.clientWidth !== plot.width) plot.setSize({ width: el.clientWidth, height: plot.height });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [options, data, scheme]);
  return (
    <figure class="chart">
      <div ref={box} class="plot" role="img" aria-label={label} />
      <ChartTable table={table} t={t} />
    </figure>
  );
}
