// A chart's numbers as a table in a <details>, for screen readers and for copying: shared by the uPlot
// charts (chart.tsx) and the SVG ones (svg-chart.tsx). The first cell of a row heads it.
import type { Translate } from './i18n.ts';
import { ScrollTable } from './scroll-table.tsx';

export interface ChartTableData {
  caption: string;
  head: string[];
  rows: string[][];
}

export function ChartTable({ table, t }: { table: ChartTableData; t: Translate }) {
  return (
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
  );
}
