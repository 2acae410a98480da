// A list read a page at a time: the first page is polled (new items appear on top), pages fetched with
// "Load more" stay below it, and an item on two pages shows once. Comments, Follow-up and the
// Invitations' deliveries use it.
import { useEffect, useState } from 'preact/hooks';
import { read } from './api.ts';
import { useApp } from './context.ts';
import { usePoll } from './use-poll.ts';

/**
 * `path(cursor)` is the API path of a page; `items` takes a page's list out of its body, `next` its
 * cursor for the page after it (`nextCursor` unless told).
 */
export function usePaged<P, T extends { id: string }>(
  path: (cursor?: string) => string,
  items: (page: P) => T[],
  next: (page: P) => string | null | undefined = (page) => (page as { nextCursor?: string | null }).nextCursor,
) {
  const { t, signedOut } = useApp();
  const firstPath = path();
  const first = usePoll<P>(firstPath, signedOut);
  const [more, setMore] = useState<{ items: T[]; cursor: string | null } | null>(null);
  const [error, setError] = useState('');
  useEffect(() => setMore(null), [firstPath]);

  const seen = new Set<string>();
  const list = [...(first.data ? items(first.data) : []), ...(more?.items ?? [])].filter((x) => !seen.has(x.id) && !!seen.add(x.id));
  const cursor = more ? more.cursor : ((first.data && next(first.data)) ?? null);

  const loadMore = async () => {
    if (!cursor) return;
    const r = await read<P>(path(cursor));
    if (!r.ok) return r.status === 401 ? signedOut() : setError(t('loadFailed', { error: r.message }));
    setError('');
    setMore((m) => ({ items: [...(m?.items ?? []), ...items(r.data)], cursor: next(r.data) ?? null }));
  };
  return { first, list, cursor, error, loadMore };
}
