// Comments: the answers themselves, newest first or detractors first, 50 at a time. The first page is
// polled (new answers appear on top); pages fetched with "Load more" stay below it, without duplicates.
import { CommentCard } from './comment-card.tsx';
import { useApp } from './context.ts';
import { RouteLink } from './link.tsx';
import { PagedList } from './paged-list.tsx';
import { apiQuery } from './route.ts';
import { TermFilterNote } from './term-filter-note.tsx';
import type { AnswerPage } from './types.ts';
import { usePaged } from './use-paged.ts';

export function Comments() {
  const { t, route } = useApp();
  const { first, list: answers, cursor, error, loadMore } = usePaged(
    (cursor?: string) => `/v1/responses${apiQuery(route.filters, { limit: '50', order: route.order, cursor })}`,
    (page: AnswerPage) => page.responses,
  );

  return (
    <section class="comments" aria-labelledby="comments-h">
      <div class="section-head">
        <h2 id="comments-h">{t('commentList')}</h2>
        <nav class="switch" aria-label={t('order')}>
          <RouteLink to={{ order: 'newest' }} current={route.order === 'newest'} kind="true">
            {t('newest')}
          </RouteLink>
          <RouteLink to={{ order: 'detractors' }} current={route.order === 'detractors'} kind="true">
            {t('detractorsFirst')}
          </RouteLink>
        </nav>
      </div>
      <TermFilterNote />
      <PagedList loaded={!!first.data} loadError={first.error} count={answers.length} empty={t('noData')} error={error} more={!!cursor} onMore={loadMore}>
        {answers.map((a) => (
          <CommentCard key={a.id} answer={a} />
        ))}
      </PagedList>
    </section>
  );
}
