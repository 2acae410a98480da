// A case's deadlines in words, as a person scanning the queue reads them: what is due next and when
// ("respond within 40 min", "resolve by Mon 10:30"), how late ("⚠ 2 hr past response deadline"), or
// that it waits on the customer. Counted from the collector's clock (the page's `now`), so a laptop
// whose clock is off says what the collector decides.
import type { Format } from './format.ts';
import type { Key, Translate } from './i18n.ts';
import type { Case } from './types.ts';

const DAY = 86_400_000;

/** The next deadline of a case in words; `late` when it is past. */
export function nextDeadline(c: Case, now: number, t: Translate, fmt: Format): { text: string; late: boolean } {
  if (c.status === 'resolved') return { text: t('dlResolved', { time: c.resolvedAt ? fmt.when(c.resolvedAt, now) : '' }), late: false };
  if (c.status === 'pending') return { text: t('dlWaiting', { time: c.pendingSince ? fmt.when(c.pendingSince, now) : '' }), late: false };
  const respond = c.status === 'open';
  const due = respond ? (c.responseDueAt ?? c.dueAt) : c.resolutionDueAt;
  if (!due) return { text: t('dlNone'), late: false };
  const left = Date.parse(due) - now;
  if (left < 0) return { text: t(respond ? 'dlPastResponse' : 'dlPastResolution', { time: fmt.duration(-left) }), late: true };
  const key: Key = left < DAY ? (respond ? 'dlRespondIn' : 'dlResolveIn') : respond ? 'dlRespondBy' : 'dlResolveBy';
  return { text: t(key, { time: left < DAY ? fmt.duration(left) : fmt.when(due, now) }), late: false };
}

/** A deadline with whether it was met, in words: "Mon 10:30, met", "…, ⚠ missed", "…, still running". */
export function deadlineWords(due: string, met: boolean | null, paused: boolean, now: number, t: Translate, fmt: Format): string {
  const time = fmt.dateTime(due);
  if (met === true) return t('met', { time });
  if (met === false) return t('missed', { time });
  if (paused) return t('paused', { time });
  return t('running', { time, left: fmt.duration(Math.max(0, Date.parse(due) - now)) });
}

/** A tier in words ("No tier" for a case opened before tiers). */
export const tierWords = (tier: Case['tier'], t: Translate) => (tier ? t(`tier_${tier}`) : t('noTier'));

/** The store of a case's answer (its `store` meta value), when it has one. */
export const storeOf = (c: Case) => (typeof c.meta?.store === 'string' ? c.meta.store : '');

/** The first words of a comment, cut at a word near `max` characters. */
export function firstWords(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/**
 * The collector's clock now: its `now` when the page was read, plus the time since. Without it (an
 * older collector), this browser's clock.
 */
export const collectorNow = (serverNow: string | undefined, readAt: number | undefined) =>
  serverNow && readAt ? Date.parse(serverNow) + (Date.now() - readAt) : Date.now();
