// Comments: the answers themselves, newest first or detractors first, 50 at a time. The first page is
// polled (new answers appear on top); pages fetched with "Load more" stay below it, without duplicates.
import { useEffect, useState } from 'preact/hooks';
import { read } from './api.ts';
import { CommentCard } from './comment-card.tsx';
import { useApp } from './context.ts';
import { RouteLink } from './link.tsx';
import { apiQuery } from './route.ts';
import type { Answer, AnswerPage } from './types.ts';
import { usePoll } from './use-poll.ts';

export function Comments() {
  const { t, fmt, route, signedOut } = useApp();
  const path = `/v1/responses${apiQuery(route.filters, { limit: '50', order: route.order })}`;
  const first = usePoll<AnswerPage>(path, signedOut);
  const [more, setMore] = useState<{ answers: Answer[]; cursor: string | null } | null>(null);
  const [error, setError] = useState('');
  useEffect(() => setMore(null), [path]);

  const seen = new Set<string>();
  const answers = [...(first.data?.responses ?? []), ...(more?.answers ?? [])].filter((a) => !seen.has(a.id) && !!seen.add(a.id));
  const cursor = more ? more.cursor : (first.data?.nextCursor ?? null);

  const loadMore = async () => {
    if (!cursor) return;
    const r = await read<AnswerPage>(`/v1/responses${apiQuery(route.filters, { limit: '50', order: route.order, cursor })}`);
    if (!r.ok) return r.status === 401 ? signedOut() : setError(t('loadFailed', { error: r.message }));
    setError('');
    setMore((m) => ({ answers: [...(m?.answers ?? []), ...r.data.responses], cursor: r.data.nextCursor ?? null }));
  };

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
      {first.error && <p class="error">{t('loadFailed', { error: first.error })}</p>}
      {!first.data ? (
        <p>{t('loading')}</p>
      ) : !answers.length ? (
        <p>{t('noData')}</p>
      ) : (
        <>
          <p class="n">{t('shown', { n: fmt.count(answers.length) })}</p>
          <ol class="cards">
            {answers.map((a) => (
              <CommentCard key={a.id} answer={a} />
            ))}
          </ol>
        </>
      )}
      {error && <p class="error">{error}</p>}
      {cursor && (
        <button type="button" class="more" onClick={loadMore}>
          {t('loadMore')}
        </button>
      )}
    </section>
  );
}
