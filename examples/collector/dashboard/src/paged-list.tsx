// How a paged list shows: loading, empty, the cards with their count, an error, "Load more". `table`:
// the children are a table of the items rather than cards.
import type { ComponentChildren } from 'preact';
import { useApp } from './context.ts';

export function PagedList(p: { loaded: boolean; loadError: string | undefined; count: number; empty: string; error: string; more: boolean; onMore: () => void; table?: boolean; children: ComponentChildren }) {
  const { t, fmt } = useApp();
  return (
    <>
      {p.loadError && <p class="error">{t('loadFailed', { error: p.loadError })}</p>}
      {!p.loaded ? (
        <p>{t('loading')}</p>
      ) : !p.count ? (
        <p>{p.empty}</p>
      ) : (
        <>
          <p class="n">{t('shown', { n: fmt.count(p.count) })}</p>
          {p.table ? p.children : <ol class="cards">{p.children}</ol>}
        </>
      )}
      {p.error && <p class="error">{p.error}</p>}
      {p.more && (
        <button type="button" class="more" onClick={p.onMore}>
          {t('loadMore')}
        </button>
      )}
    </>
  );
}
