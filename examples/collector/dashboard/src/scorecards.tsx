// Scorecards. Owners and managers: the technicians (by a meta key, `by=`, technician when there is one)
// and the case handlers, each a ranked table under the sentence saying how it is ranked, with its CSV
// and a Print button (the print stylesheet leaves the tables alone on the page). An agent: their own
// card (GET /v1/scorecards/me), no one's rank.
import { useApp } from './context.ts';
import { apiQuery } from './route.ts';
import { BoardTable, estimate, hoursOf, pctShare, points, rawShare, type Board, type HandlerCard, type Period, type TechnicianCard } from './scorecard-table.tsx';
import { usePoll } from './use-poll.ts';

interface Mine {
  period: Period;
  previousPeriod: Period | null;
  minAnswers: number;
  handler: HandlerCard & { method: string };
  technician: (TechnicianCard & { key: string; method: string }) | null;
}

/** The meta key naming technicians: `technician` when the answers have it. */
const TECHNICIAN = 'technician';

export function Scorecards({ metaKeys }: { metaKeys: string[] }) {
  const { t, can } = useApp();
  return (
    <section class="panel scorecards" aria-labelledby="scorecards-h">
      <div class="section-head">
        <h2 id="scorecards-h">{t(can('scorecards') ? 'scorecards' : 'myScorecard')}</h2>
        <button type="button" class="no-print" onClick={() => print()}>
          {t('print')}
        </button>
      </div>
      {can('scorecards') ? <Boards metaKeys={metaKeys} /> : <MyCard />}
    </section>
  );
}

/** "1 Mar 2026 – 31 Mar 2026, compared with …" (`to` is the exclusive end: the day before it is the last). */
function PeriodLine({ period, previous }: { period: Period; previous: Period | null }) {
  const { t, fmt } = useApp();
  const day = (iso: string | null, end = false) => (iso ? fmt.date(Date.parse(iso) - (end ? 1 : 0)) : t('dash'));
  if (!period.from && !period.to) return <p class="n">{t('scPeriodAll')}</p>;
  return <p class="n">{t('scPeriod', { from: day(period.from), to: day(period.to, true), pfrom: day(previous?.from ?? null), pto: day(previous?.to ?? null, true) })}</p>;
}

/** The server's sentence on how the table is ranked (English: marked so, for a screen reader on the Chinese page). */
const Method = ({ text }: { text: string }) => (
  <p class="help" lang="en">
    {text}
  </p>
);

function Boards({ metaKeys }: { metaKeys: string[] }) {
  const { t, route, go, signedOut } = useApp();
  const key = route.by ?? (metaKeys.includes(TECHNICIAN) ? TECHNICIAN : (metaKeys[0] ?? null));
  const path = (by: string) => apiQuery(route.filters, { by });
  const techs = usePoll<Board<TechnicianCard>>(key ? `/v1/scorecards${path(`meta.${key}`)}` : null, signedOut);
  const handlers = usePoll<Board<HandlerCard>>(`/v1/scorecards${path('handlers')}`, signedOut);
  const board = (kind: 'technicians' | 'handlers', b: Board<TechnicianCard> | Board<HandlerCard> | undefined, error: string | undefined, label: string, by: string) => (
    <>
      {error && <p class="error">{t('loadFailed', { error })}</p>}
      {!b ? (
        !error && <p>{t('loading')}</p>
      ) : (
        <>
          <Method text={b.method} />
          <PeriodLine period={b.period} previous={b.previousPeriod} />
          <BoardTable board={b} label={label} kind={kind} />
          <p class="no-print">
            <a href={`/v1/scorecards/export${apiQuery(route.filters, { by, format: 'csv' })}`} download>
              {t('exportCsv')}
            </a>
          </p>
        </>
      )}
    </>
  );
  return (
    <>
      <section aria-labelledby="technicians-h">
        <h3 id="technicians-h">{t('technicians')}</h3>
        {metaKeys.length > 0 && (
          <label class="by no-print">
            {t('technicianKey')}{' '}
            <select value={key ?? ''} onChange={(e) => go({ by: e.currentTarget.value })}>
              {metaKeys.map((k) => (
                <option value={k}>{k}</option>
              ))}
            </select>
          </label>
        )}
        {key ? board('technicians', techs.data, techs.error, `${t('technicians')}: ${key}`, `meta.${key}`) : <p>{t('scNone')}</p>}
      </section>
      <section aria-labelledby="handlers-h">
        <h3 id="handlers-h">{t('handlers')}</h3>
        {board('handlers', handlers.data, handlers.error, `${t('handlers')}: ${t('scResolved')}`, 'handlers')}
      </section>
    </>
  );
}

/** An agent's own card: the cases they own, and their technician card when the answers name them. */
function MyCard() {
  const { t, fmt, route, signedOut } = useApp();
  const mine = usePoll<Mine>(`/v1/scorecards/me${apiQuery(route.filters, { key: TECHNICIAN })}`, signedOut);
  const m = mine.data;
  if (mine.error) return <p class="error">{t('loadFailed', { error: mine.error })}</p>;
  if (!m) return <p>{t('loading')}</p>;
  const h = m.handler;
  const k = m.technician;
  const rows: Array<[string, string]> = [
    [t('scCases'), fmt.count(h.cases)],
    [t('scResolved'), pctShare(h.resolvedWithinDeadline, t, fmt)],
    [t('scEstimate'), estimate(h, fmt)],
    [t('scChange'), points(h.change?.resolvedWithinDeadline, t, fmt)],
    [t('scResponded'), pctShare(h.respondedWithinDeadline, t, fmt)],
    [t('scFirstResponse'), hoursOf(h.medianHoursToFirstResponse, t, fmt)],
    [t('scResolution'), hoursOf(h.medianHoursToResolution, t, fmt)],
    [t('scReopen'), fmt.figure(h.reopenRate.share, 'percent')],
  ];
  const techRows: Array<[string, string]> = k ? [[t('scAnswers'), fmt.count(k.n)], [t('scCsat'), rawShare(k, t, fmt)], [t('scEstimate'), estimate(k, fmt)], [t('scChange'), points(k.change?.csat?.difference, t, fmt, k.change?.csat?.p)]] : [];
  const facts = (list: Array<[string, string]>) => (
    <dl class="facts">
      {list.map(([dt, dd]) => (
        <div>
          <dt>{dt}</dt>
          <dd>{dd}</dd>
        </div>
      ))}
    </dl>
  );
  return (
    <>
      <p class="help">{t('scMineHelp')}</p>
      <PeriodLine period={m.period} previous={m.previousPeriod} />
      <section aria-labelledby="my-handler-h">
        <h3 id="my-handler-h">{t('handlers')}</h3>
        <Method text={h.method} />
        {facts(rows)}
      </section>
      {k && (
        <section aria-labelledby="my-technician-h">
          <h3 id="my-technician-h">{t('technicians')}</h3>
          <Method text={k.method} />
          {facts(techRows)}
        </section>
      )}
    </>
  );
}
