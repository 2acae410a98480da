// The dashboard: session, language and route at the top; the chosen view below the shared filters.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { signOut } from './api.ts';
import { Channels } from './channels.tsx';
import { Comments } from './comments.tsx';
import { AppContext, type Ctx } from './context.ts';
import { DeliveryPage } from './delivery-page.tsx';
import { ExportView } from './export-view.tsx';
import { FilterBar } from './filter-bar.tsx';
import { FollowUp } from './follow-up.tsx';
import { formatter } from './format.ts';
import { LANGUAGES, pickLanguage, translator } from './i18n.ts';
import { RouteLink } from './link.tsx';
import { Overview } from './overview.tsx';
import { ProductLife } from './product-life.tsx';
import { daysBefore } from './filter-bar.tsx';
import { apiQuery, ASK_VIEWS, DEFAULT_DAYS, formatRoute, LOOP_VIEWS, needsDefaultRange, parseRoute, VIEWS, type Route } from './route.ts';
import { Segments } from './segments.tsx';
import { checkSession, startSession, type SessionState } from './session.ts';
import { SignIn } from './sign-in.tsx';
import { Themes } from './themes-view.tsx';
import type { Summary } from './types.ts';
import { usePoll } from './use-poll.ts';
import { Webhooks } from './webhooks.tsx';

export function App() {
  const [route, setRoute] = useState(() => parseRoute(location.search));
  const current = useRef(route);
  current.current = route;
  const lang = pickLanguage(route.lang, navigator.languages);
  const t = useMemo(() => translator(lang), [lang]);
  const [session, setSession] = useState<SessionState>({ state: 'checking' });
  const signedIn = session.state === 'in';

  useEffect(() => {
    void startSession(t).then(setSession);
    const onPop = () => setRoute(parseRoute(location.search));
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t('title')} · Aftercare`;
  }, [lang]);

  const go = useCallback((next: Partial<Route>, replace = false) => {
    const r = { ...current.current, ...next };
    history[replace ? 'replaceState' : 'pushState'](null, '', location.pathname + formatRoute(r));
    setRoute(r);
  }, []);
  // A read answered 401: the session expired or was ended in another tab. Say so above the form.
  const tRef = useRef(t);
  tRef.current = t;
  const signedOut = useCallback(() => setSession({ state: 'out', error: tRef.current('sessionEnded') }), []);

  // No period in the URL: nothing is read until the effect below has put the default one there.
  const defaulting = needsDefaultRange(route);
  const reading = signedIn && !defaulting;

  const summary = usePoll<Summary>(reading ? `/v1/summary${apiQuery(route.filters, { interval: route.interval })}` : null, signedOut);
  const metaKeys = summary.data?.metaKeys ?? [];
  const by = route.by ?? metaKeys[0] ?? null;
  const segments = usePoll<Summary>(reading && route.view === 'segments' && by ? `/v1/summary${apiQuery(route.filters, { by: `meta.${by}` })}` : null, signedOut);

  const zone = (session.state === 'in' && session.timeZone) || summary.data?.timeZone || 'UTC';
  const fmt = useMemo(() => formatter(lang, zone, t), [lang, zone, t]);
  // The last 90 days, in the collector's time zone (the session names it once signed in).
  useEffect(() => {
    if (!signedIn || !defaulting) return;
    const today = fmt.today();
    const filters = new URLSearchParams(route.filters);
    filters.set('from', daysBefore(today, DEFAULT_DAYS - 1));
    filters.set('to', today);
    go({ filters }, true);
  }, [signedIn, defaulting]);
  const ctx: Ctx = { t, fmt, route, go, signedOut, refresh: summary.reload };
  // Overdue cases for the current filters, in the nav of every view (the summary is polled anyway).
  const overdue = summary.data?.cases?.overdue ?? 0;

  return (
    <AppContext.Provider value={ctx}>
      <header>
        <span class="brand">Aftercare</span>
        <nav class="langs" aria-label={t('language')}>
          {LANGUAGES.map((l) => (
            <RouteLink to={{ lang: l.tag }} current={l.tag === lang} lang={l.tag}>
              {l.name}
            </RouteLink>
          ))}
        </nav>
        {signedIn && (
          <button
            type="button"
            onClick={async () => {
              await signOut();
              setSession({ state: 'out', error: '' });
            }}
          >
            {t('signOut')}
          </button>
        )}
      </header>
      <main>
        <h1>{t('title')}</h1>
        {session.state === 'checking' && <p>{t('loading')}</p>}
        {session.state === 'out' && <SignIn t={t} error={session.error} onSignedIn={() => void checkSession(t).then(setSession)} />}
        {signedIn && (
          <>
            <div class="tabs">
              <nav aria-label={t('views')}>
                {VIEWS.map((v) => (
                  <RouteLink to={{ view: v }} current={route.view === v}>
                    {t(v)}
                  </RouteLink>
                ))}
              </nav>
              <nav aria-label={t('askViews')}>
                {ASK_VIEWS.map((v) => (
                  <RouteLink to={{ view: v }} current={route.view === v}>
                    {t(v)}
                  </RouteLink>
                ))}
              </nav>
              <nav aria-label={t('loopViews')}>
                {LOOP_VIEWS.map((v) => (
                  <RouteLink to={{ view: v }} current={route.view === v} label={v === 'followup' && overdue ? t('followupNav', { n: fmt.count(overdue) }) : undefined}>
                    {t(v)}
                    {v === 'followup' && overdue > 0 && <span class="late"> · {t('overdueN', { n: fmt.count(overdue) })}</span>}
                  </RouteLink>
                ))}
              </nav>
            </div>
            {/* A delivery's page is one delivery: no period, no filter. */}
            {route.view !== 'delivery' && <FilterBar metaKeys={metaKeys} periodOnly={route.view === 'channels'} />}
            {summary.error && <p class="error">{t('loadFailed', { error: summary.error })}</p>}
            {/* The previous figures stay up while new ones load, marked busy for assistive technology. */}
            <div class="view" aria-busy={(route.view === 'segments' ? segments.stale : summary.stale) ? 'true' : undefined}>
              {route.view === 'overview' && (summary.data ? <Overview summary={summary.data} /> : <p>{t('loading')}</p>)}
              {route.view === 'segments' && <Segments metaKeys={metaKeys} total={summary.data?.metaKeysTotal} by={by} segments={segments.data?.segments} />}
              {route.view === 'life' && reading && <ProductLife />}
              {route.view === 'themes' && reading && <Themes />}
              {route.view === 'comments' && reading && <Comments />}
              {route.view === 'export' && <ExportView summary={summary.data} />}
              {route.view === 'channels' && reading && <Channels />}
              {route.view === 'delivery' && reading && route.id && <DeliveryPage id={route.id} />}
              {route.view === 'followup' && reading && <FollowUp />}
              {route.view === 'webhooks' && reading && <Webhooks />}
            </div>
            {summary.at && <p class="updated">{t('updated', { time: fmt.dateTime(new Date(summary.at).toISOString()) })}</p>}
          </>
        )}
      </main>
    </AppContext.Provider>
  );
}
