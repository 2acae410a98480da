// Segments: the figures per value of one meta key (store, technician…), worst first as the server
// sorts them (by the interval's lower bound), so the store that needs attention is on top.
import { useApp } from './context.ts';
import { ScrollTable } from './scroll-table.tsx';
import type { Segment } from './types.ts';

interface Props {
  metaKeys: string[];
  /** How many keys there are in all (the summary lists at most the 50 most used). */
  total?: number | undefined;
  by: string | null;
  segments: Segment[] | undefined;
}

export function Segments({ metaKeys, total, by, segments }: Props) {
  const { t, fmt, go } = useApp();
  if (!metaKeys.length) return <p>{t('noMetaKeys')}</p>;
  return (
    <section class="segments" aria-labelledby="seg-h">
      <h2 id="seg-h">{t('segments')}</h2>
      <label>
        {t('groupBy')}
        <select value={by ?? ''} onChange={(e) => go({ by: e.currentTarget.value })}>
          {(by && !metaKeys.includes(by) ? [...metaKeys, by] : metaKeys).map((k) => (
            <option value={k}>{k}</option>
          ))}
        </select>
      </label>
      {total !== undefined && total > metaKeys.length && (
        <form
          class="other-key"
          onSubmit={(e) => {
            e.preventDefault();
            const key = String(new FormData(e.currentTarget).get('key') ?? '').trim();
            if (key) go({ by: key });
          }}
        >
          <p>{t('keysShown', { n: fmt.count(metaKeys.length), total: fmt.count(total) })}</p>
          <label>
            {t('otherKey')}
            <input type="text" name="key" maxLength={64} />
          </label>
          <button type="submit">{t('groupBy')}</button>
        </form>
      )}
      {!segments ? (
        <p>{t('loading')}</p>
      ) : !segments.length ? (
        <p>{t('noData')}</p>
      ) : (
        <ScrollTable label={t('segmentTable', { key: by ?? '' })}>
          <thead>
            <tr>
              <th scope="col">{t('value')}</th>
              <th scope="col">{t('count')}</th>
              <th scope="col">{t('csat')}</th>
              <th scope="col">{t('csat')} · {t('ci')}</th>
              <th scope="col">{t('nps')}</th>
              <th scope="col">{t('nps')} · {t('ci')}</th>
            </tr>
          </thead>
          <tbody>
            {segments.map((s) => {
              const few = s.csat?.few || s.nps?.few;
              return (
                <tr class={few ? 'few-row' : undefined}>
                  <th scope="row">
                    {s.value} {few && <span class="tag">{t('small')}</span>}
                  </th>
                  <td>{fmt.count(s.responses)}</td>
                  <td>{fmt.figure(s.csat?.score, 'percent')}</td>
                  <td>{ciRange(s.csat?.ci, 'percent')}</td>
                  <td>{fmt.figure(s.nps?.score, 'points')}</td>
                  <td>{ciRange(s.nps?.ci, 'points')}</td>
                </tr>
              );
            })}
          </tbody>
        </ScrollTable>
      )}
    </section>
  );

  function ciRange(ci: [number, number] | null | undefined, unit: 'percent' | 'points') {
    return ci ? `${fmt.figure(ci[0], unit)} – ${fmt.figure(ci[1], unit)}` : t('dash');
  }
}
