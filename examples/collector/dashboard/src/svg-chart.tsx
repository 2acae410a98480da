// A chart drawn as SVG by Preact (no canvas: a few bars or intervals need no uPlot), with what the
// uPlot charts have too: an accessible name (role="img" + aria-label) and the same numbers as a table
// in a <details>. It scales with its column (viewBox), and its colours come from the stylesheet's
// classes, so light and dark follow the system and no inline style is needed under the page's CSP.
import type { ComponentChildren } from 'preact';
import type { Translate } from './i18n.ts';
import { ScrollTable } from './scroll-table.tsx';

export interface SvgChartProps {
  label: string;
  /** The drawing's own units; the chart is as wide as its column, its height in proportion. */
  width: number;
  height: number;
  table: { caption: string; head: string[]; rows: string[][] };
  t: Translate;
  children: ComponentChildren;
}

export function SvgChart({ label, width, height, table, t, children }: SvgChartProps) {
  return (
    <figure class="chart svg-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} preserveAspectRatio="xMinYMin meet">
        {children}
      </svg>
      <details>
        <summary>{t('tableOf')}</summary>
        <ScrollTable label={table.caption}>
          <thead>
            <tr>
              {table.head.map((h) => (
                <th scope="col">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr>
                {r.map((c, i) => (i === 0 ? <th scope="row">{c}</th> : <td>{c}</td>))}
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      </details>
    </figure>
  );
}
