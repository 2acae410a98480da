// One case in the queue, on about one line: a checkbox to select it, then a link that opens it beside
// the queue, holding its tier and next deadline in words, its scores, the first words of the comment
// (as text), the store and the owner. Parts are separated by commas that only a screen reader reads.
import { Scores } from './answer-parts.tsx';
import { firstWords, nextDeadline, storeOf, tierWords } from './case-words.ts';
import { useApp } from './context.ts';
import { formatRoute } from './route.ts';
import type { Case } from './types.ts';

const Sep = () => <span class="vh">, </span>;

export function CaseRow({ c, now, chosen, checked, onCheck, onOpen }: { c: Case; now: number; chosen: boolean; checked: boolean; onCheck: (on: boolean) => void; onOpen: () => void }) {
  const { t, fmt, route } = useApp();
  const next = nextDeadline(c, now, t, fmt);
  const store = storeOf(c);
  return (
    <li class={chosen ? 'chosen' : undefined}>
      <input type="checkbox" checked={checked} aria-label={t('selectCase', { time: fmt.dateTime(c.answeredAt) })} onChange={(e) => onCheck(e.currentTarget.checked)} />
      <a
        class="row-link"
        href={location.pathname + formatRoute({ ...route, caseId: c.id })}
        aria-current={chosen ? 'true' : undefined}
        onClick={(e) => {
          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
          e.preventDefault();
          onOpen();
        }}
      >
        <span class={`tag ${c.tier ?? ''}`}>{tierWords(c.tier, t)}</span>
        <Sep />
        <span class={next.late ? 'due late' : 'due'}>{next.text}</span>
        <Sep />
        <span class="row-scores">
          <Scores csat={c.csat} nps={c.nps} />
        </span>
        <Sep />
        <span class={c.comment ? 'snippet' : 'snippet none'}>{c.comment ? firstWords(c.comment) : t('noComment')}</span>
        {store && (
          <>
            <Sep />
            <span class="store">{store}</span>
          </>
        )}
        <Sep />
        <span class="who">{c.ownerName ?? (c.owner ? c.owner : t('unassigned'))}</span>
      </a>
    </li>
  );
}
