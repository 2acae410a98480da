// Export: the current filters as a file. Plain links: the browser downloads with the session cookie,
// and the collector streams the rows (CSV with a BOM so spreadsheets read UTF-8).
import { useApp } from './context.ts';
import { apiQuery } from './route.ts';
import type { Summary } from './types.ts';

export function ExportView({ summary }: { summary: Summary | undefined }) {
  const { t, fmt, route } = useApp();
  const href = (format: string) => `/v1/export${apiQuery(route.filters, { format })}`;
  return (
    <section class="export" aria-labelledby="export-h">
      <h2 id="export-h">{t('export')}</h2>
      <p>{t('exportHelp')}</p>
      <p class="n">{t('summaryOf', { n: summary ? fmt.count(summary.responses) : t('dash') })}</p>
      <p class="downloads">
        <a class="button" href={href('csv')} download>
          {t('exportCsv')}
        </a>
        <a class="button" href={href('ndjson')} download>
          {t('exportNdjson')}
        </a>
      </p>
    </section>
  );
}
