// The `term=` filter, said where it narrows what is shown (Comments, What customers say): "Comments
// naming “late”", with a link that shows every comment again. The filter bar has no field for it: a
// term is chosen by clicking it in What customers say.
import { useApp } from './context.ts';
import { RouteLink } from './link.tsx';
import { termLang } from './term-table.tsx';

export function TermFilterNote() {
  const { t, route } = useApp();
  const term = route.filters.get('term');
  if (!term) return null;
  const without = new URLSearchParams(route.filters);
  without.delete('term');
  // The term inside the sentence wherever the language puts it ("Comments naming {term}", "提及{term}的评论").
  const [before = '', after = ''] = t('namingTerm').split('{term}');
  return (
    <p class="term-filter">
      {before}
      <mark lang={termLang(term)}>{term}</mark>
      {after}{' '}
      <RouteLink to={{ filters: without }} current={false}>
        {t('allComments')}
      </RouteLink>
    </p>
  );
}
