// The queue's keys: j/k anywhere on the page but in a text field (as mail readers have them), ↓/↑ on the
// list, move the focus to the next or previous case's line (from the focused line, else from the case
// open beside the queue); Enter on a line opens it, as on any link. On a checkbox they move to the next
// line's checkbox, so selecting several cases is Space, j, Space….
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

/** Moves the focus `step` lines from the one holding `from` (else from the chosen line, else before the first). */
function move(list: HTMLElement, step: number, from: Element | null) {
  const rows = [...list.children] as HTMLElement[];
  let at = rows.findIndex((li) => !!from && li.contains(from));
  if (at < 0) at = rows.findIndex((li) => li.classList.contains('chosen'));
  const next = rows[at < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.max(0, Math.min(rows.length - 1, at + step))];
  const box = from instanceof HTMLInputElement && from.type === 'checkbox' && list.contains(from);
  next?.querySelector<HTMLElement>(box ? 'input' : 'a')?.focus();
}

/** ↓/↑ on the list's lines. */
export function moveIn(e: KeyboardEvent, list: HTMLElement | null) {
  if (!list || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
  e.preventDefault();
  move(list, e.key === 'ArrowDown' ? 1 : -1, e.target as Element);
}

/** j/k on the whole page while the queue is shown. */
export function useQueueKeys(list: RefObject<HTMLElement>) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.key !== 'j' && e.key !== 'k') || e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented || !list.current) return;
      const target = e.target as HTMLElement;
      if (target.closest('textarea, select, [contenteditable]') || (target instanceof HTMLInputElement && target.type !== 'checkbox')) return;
      e.preventDefault();
      move(list.current, e.key === 'j' ? 1 : -1, target);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
