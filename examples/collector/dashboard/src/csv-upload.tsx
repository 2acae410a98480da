// Deliveries from a spreadsheet: a CSV file with a header row, sent 1,000 rows at a time (the
// collector's limit per request), then how many were accepted and every refused row with its line in
// the file and what is wrong with it.
import { useState } from 'preact/hooks';
import { Outcome } from './answer-parts.tsx';
import { sendText } from './api.ts';
import { useApp } from './context.ts';
import { addUp, csvChunks } from './csv-chunks.ts';
import type { UploadResult } from './invitation-types.ts';
import { ScrollTable } from './scroll-table.tsx';

export function CsvUpload({ onDone }: { onDone: () => void }) {
  const { t, fmt, signedOut } = useApp();
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const [result, setResult] = useState<UploadResult | null>(null);

  const upload = async (e: Event) => {
    e.preventDefault();
    const file = ((e.currentTarget as HTMLFormElement).elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return setMsg({ ok: false, text: t('chooseFile') });
    setBusy(true);
    setResult(null);
    const chunks = csvChunks(await file.text());
    const replies: UploadResult[] = [];
    let failure = '';
    for (const chunk of chunks) {
      if (chunks.length > 1) setMsg({ ok: true, text: t('uploadingPart', { part: fmt.count(replies.length + 1), parts: fmt.count(chunks.length) }) });
      else setMsg({ ok: true, text: t('uploading') });
      const r = await sendText<UploadResult>('/v1/deliveries', chunk.text, 'text/csv');
      if (!r.ok) {
        if (r.status === 401) return signedOut();
        failure = r.message;
        break;
      }
      replies.push(r.data);
    }
    setBusy(false);
    const total = addUp(chunks, replies);
    setResult(total);
    if (failure) {
      // The parts before the refused one are in, the rest was not sent: say from which row on.
      const stopped = chunks[replies.length]!;
      setMsg({ ok: false, text: chunks.length > 1 ? t('uploadStopped', { error: failure, row: stopped.first + 2 }) : t('uploadFailed', { error: failure }) });
    } else setMsg({ ok: true, text: t('uploaded', { n: fmt.count(total.accepted), refused: fmt.count(total.rejected.length) }) });
    if (total.accepted) onDone();
  };

  return (
    <section class="panel" aria-labelledby="upload-h">
      <h2 id="upload-h">{t('uploadTitle')}</h2>
      <p class="help">{t('uploadHelp')}</p>
      <form class="fields" onSubmit={upload}>
        <label>
          {t('csvFile')}
          <input type="file" name="file" accept=".csv,text/csv" />
        </label>
        <button type="submit" disabled={busy}>
          {t('upload')}
        </button>
      </form>
      <Outcome msg={msg} />
      {result && result.rejected.length > 0 && (
        <ScrollTable label={t('refusedRows')}>
          <thead>
            <tr>
              <th scope="col">{t('row')}</th>
              <th scope="col">{t('rowError')}</th>
            </tr>
          </thead>
          <tbody>
            {result.rejected.map((r) => (
              <tr>
                <th scope="row">{r.row}</th>
                <td class="wrap">{r.error}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </section>
  );
}
