// The scorecards' shapes (GET /v1/scorecards, /v1/scorecards/me) and their tables: technicians ranked
// on the share of CSAT 4–5 answers, case handlers on the share resolved within the deadline, each with
// the raw share and its 95 % interval, the fair (shrunk) estimate that orders them, and the change from
// the period before; the people with too few to rank listed apart, not ranked.
import { useApp } from './context.ts';
import type { Format } from './format.ts';
import type { Translate } from './i18n.ts';
import { ScrollTable } from './scroll-table.tsx';
import type { CsatFigure, Interval, NpsFigure } from './types.ts';

/** A share in percent with its Wilson interval (percent). */
interface Share {
  share: number | null;
  met: number;
  of: number;
  ci: Interval | null;
}
interface Ranking {
  id: string;
  name: string;
  /** 1 = best; null for the people listed apart. */
  rank?: number | null;
  n: number;
  x: number;
  /** x / n and its interval, as fractions. */
  raw: number | null;
  ci: Interval | null;
  estimate: number;
}
export interface TechnicianCard extends Ranking {
  answers: number;
  csat: CsatFigure;
  nps: NpsFigure;
  change: { answers: number; csat: { difference: number; p: number } | null; nps: { difference: number; p: number } | null } | null;
}
export interface HandlerCard extends Ranking {
  cases: number;
  respondedWithinDeadline: Share;
  resolvedWithinDeadline: Share;
  medianHoursToFirstResponse: number | null;
  medianHoursToResolution: number | null;
  reopenRate: { share: number | null; reopened: number; of: number };
  change: { cases: number; respondedWithinDeadline: number | null; resolvedWithinDeadline: number | null } | null;
}
export interface Period {
  from: string | null;
  to: string | null;
}
export interface Board<C> {
  by: string;
  period: Period;
  previousPeriod: Period | null;
  minAnswers: number;
  ranked: C[];
  few: C[];
  method: string;
}

/** A fraction as a percent figure. */
const pct = (fmt: Format, v: number | null | undefined) => fmt.figure(v === null || v === undefined ? null : v * 100, 'percent');
/** The raw share (a fraction) and its interval: "82% (95 % interval 70% – 90%)". */
export const rawShare = (c: Ranking, t: Translate, fmt: Format) =>
  c.raw === null ? t('dash') : t('scShare', { share: pct(fmt, c.raw), ci: fmt.interval(c.ci && [c.ci[0] * 100, c.ci[1] * 100], 'percent') });
/** A share already in percent, with its interval. */
export const pctShare = (s: Share, t: Translate, fmt: Format) => (s.share === null ? t('dash') : t('scShare', { share: fmt.figure(s.share, 'percent'), ci: fmt.interval(s.ci, 'percent') }));
export const estimate = (c: Ranking, fmt: Format) => pct(fmt, c.estimate);
/** A change in percentage points, said to be maybe chance when its test's p is 0.05 or more. */
export const points = (v: number | null | undefined, t: Translate, fmt: Format, p?: number) =>
  v === null || v === undefined ? t('dash') : t(p !== undefined && p >= 0.05 ? 'scChance' : 'scPoints', { v: fmt.delta(v, 'points') });
export const hoursOf = (h: number | null, t: Translate, fmt: Format) => (h === null ? t('dash') : t('scHours', { n: fmt.figure(h, 'points') }));

/** One board's table, then the people listed apart. */
export function BoardTable({ board, label, kind }: { board: Board<TechnicianCard> | Board<HandlerCard>; label: string; kind: 'technicians' | 'handlers' }) {
  const { t, fmt } = useApp();
  const handlers = kind === 'handlers';
  const heads = handlers
    ? ['scRank', 'name', 'scCases', 'scResolved', 'scEstimate', 'scChange', 'scResponded', 'scFirstResponse', 'scResolution', 'scReopen']
    : ['scRank', 'name', 'scAnswers', 'scCsat', 'scEstimate', 'scChange'];
  const cells = (c: TechnicianCard | HandlerCard) => {
    if (!handlers) {
      const k = c as TechnicianCard;
      return [fmt.count(k.n), rawShare(k, t, fmt), estimate(k, fmt), points(k.change?.csat?.difference, t, fmt, k.change?.csat?.p)];
    }
    const h = c as HandlerCard;
    return [
      fmt.count(h.cases),
      pctShare(h.resolvedWithinDeadline, t, fmt),
      estimate(h, fmt),
      points(h.change?.resolvedWithinDeadline, t, fmt),
      pctShare(h.respondedWithinDeadline, t, fmt),
      hoursOf(h.medianHoursToFirstResponse, t, fmt),
      hoursOf(h.medianHoursToResolution, t, fmt),
      fmt.figure(h.reopenRate.share, 'percent'),
    ];
  };
  const ranked = board.ranked as Array<TechnicianCard | HandlerCard>;
  const few = board.few as Array<TechnicianCard | HandlerCard>;
  return (
    <>
      {!ranked.length ? (
        <p>{t('scNone')}</p>
      ) : (
        <ScrollTable label={label}>
          <thead>
            <tr>
              {heads.map((h) => (
                <th scope="col">{t(h as 'name')}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ranked.map((c) => (
              <tr>
                <td>{fmt.count(c.rank)}</td>
                <th scope="row">{c.name}</th>
                {cells(c).map((v) => (
                  <td>{v}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
      {few.length > 0 && (
        <div class="few-list">
          <p>
            <strong>{t(handlers ? 'scFewCases' : 'scFewAnswers', { n: fmt.count(board.minAnswers) })}</strong>
          </p>
          <ul>
            {few.map((c) => (
              <li>{t('scFewItem', { name: c.name, n: fmt.count(c.n), share: handlers ? pctShare((c as HandlerCard).resolvedWithinDeadline, t, fmt) : rawShare(c, t, fmt) })}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
