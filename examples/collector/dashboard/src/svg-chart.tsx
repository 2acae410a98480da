// A chart drawn as SVG by Preact (no canvas: a few bars or intervals need no uPlot), with what the
// uPlot charts have too: an accessible name (role="img" + aria-label) and the same numbers as a table
// in a <details>. It scales with its column (viewBox), and its colours come from the stylesheet's
// classes, so light and dark follow the system and no inline style is needed under the page's CSP.
import type { ComponentChildren } from 'preact';
import type { Translate } from './i18n.ts';
import { ChartTable, type ChartTableData } from './chart-table.tsx';

export interface SvgChartProps {
  label: string;
  /** The drawing's own units; the chart is as wide as its column, its height in proportion. */
  width: number;
  height: number;
  table: ChartTableData;
  t: Translate;
  children: ComponentChildren;
}

export function SvgChart({ label, width, height, table, t, children }: SvgChartProps) {
  return (
    <figure class="chart svg-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} preserveAspectRatio="xMinYMin meet">
        {children}
      </svg>
      <ChartTable table={table} t={t} />
    </figure>
  );
}
