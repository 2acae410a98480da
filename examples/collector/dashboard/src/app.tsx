// The dashboard: session, language and route at the top; the chosen view below the shared filters.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AccountView } from './account-view.tsx';
import { signOut } from './api.ts';
import { Channels } from './channels.tsx';
import { Comments } from './comments.tsx';
import { AppContext, type Ctx } from './context.ts';
import { DeliveryPage } from './delivery-page.tsx';
import { ExportView } from './export-view.tsx';
import { FilterBar } from './filter-bar.tsx';
import { FollowUp } from './follow-up.tsx';
import { JoinPage, LinkSignIn } from './join-page.tsx';
import { PeopleView } from './people-view.tsx';
import { formatter } from './format.ts';
import { LANGUAGES, pickLanguage, translator } from './i18n.ts';
import { RouteLink } from './link.tsx';
import { Overview } from './overview.tsx';
import { ProductLife } from './product-life.tsx';
import { daysBefore } from './filter-bar.tsx';
import { apiQuery, ASK_VIEWS, DEFAULT_DAYS, formatRoute, LOOP_VIEWS, needsDefaultRange, parseRoute, TEAM_VIEWS, VIEWS, type Route } from './route.ts';
import { Scorecards } from './scorecards.tsx';
import { Segments } from './segments.tsx';
import { checkSession, startSession, type SessionState } from './session.ts';
import { SettingsView } from './settings-view.tsx';
import { SignIn } from './sign-in.tsx';
import { canOf, homeOf, mayView } from './team-api.ts';
import { Themes } from './themes-view.tsx';
import type { Summary } from './types.ts';
import { usePoll } from './use-poll.ts';
import { Webhooks } from './webhooks.tsx';
import { SignedInAs } from './who-am-i.tsx';

export function App() {
  const [route, setRoute] = useState(() => parseRoute(location.search));
  const current = useRef(route);
  current.current = route;
  const lang = pickLanguage(route.lang, navigator.languages);
  const t = useMemo(() => translator(lang), [lang]);
  const [session, setSession] = useState<SessionState>({ state: 'checking' });
  const signedIn = session.state === 'in';
  const me = session.state === 'in' ? session.person : undefined;
  const can = useMemo(() => canOf(me?.role), [me?.role]);
  // A view this role may not use (a bookmark, a link from a colleague) gives way to the role's home.
  const allowed = mayView(me?.role, route.view);

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
    // Kept at once, so two moves in one effect pass (the default period, a role's home view) add up.
    const r = (current.current = { ...current.current, ...next });
    history[replace ? 'replaceState' : 'pushState'](null, '', location.pathname + formatRoute(r));
    setRoute(r);
  }, []);
  // A read answered 401: the session expired or was ended in another tab. Say so above the form.
  const tRef = useRef(t);
  tRef.current = t;
  const signedOut = useCallback(() => setSession({ state: 'out', error: tRef.current('sessionEnded') }), []);

  const signedInAgain = () => void checkSession(t).then(setSession);
  const gone = (error: string) => setSession({ state: 'out', error });
  useEffect(() => {
    if (signedIn && !allowed) go({ view: homeOf(me?.role) }, true);
  }, [signedIn, allowed]);

  // No period in the URL: nothing is read until the effect below has put the default one there.
  const defaulting = needsDefaultRange(route);
  const reading = signedIn && !defaulting && allowed;

  // The summary (figures, meta keys, the overdue count) for the roles that read figures.
  const summary = usePoll<Summary>(reading && can('figures') ? `/v1/summary${apiQuery(route.filters, { interval: route.interval })}` : null, signedOut);
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
  const ctx: Ctx = { t, fmt, route, go, signedOut, refresh: summary.reload, me, can };
  /** The views of a group this role may use; a group left empty is not shown. */
  const navOf = (views: typeof VIEWS) => views.filter((v) => mayView(me?.role, v));
  const groups = [
    ['views', VIEWS],
    ['askViews', ASK_VIEWS],
    ['loopViews', LOOP_VIEWS],
    ['teamViews', TEAM_VIEWS],
  ] as const;
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
          <>
            {me && <SignedInAs me={me} />}
            <button
              type="button"
              onClick={async () => {
                await signOut();
                setSession(await checkSession(t));
              }}
            >
              {t('signOut')}
            </button>
          </>
        )}
      </header>
      <main>
        <h1>{t('title')}</h1>
        {session.state === 'checking' && <p>{t('loading')}</p>}
        {session.state === 'out' && <SignIn key={session.error} t={t} error={session.error} signIn={session.signIn} onSignedIn={signedInAgain} />}
        {session.state === 'join' && <JoinPage code={session.code} onSignedIn={signedInAgain} onGone={gone} />}
        {session.state === 'link' && <LinkSignIn code={session.code} onSignedIn={signedInAgain} onGone={gone} />}
        {signedIn && allowed && (
          <>
            <div class="tabs">
              {groups.map(
                ([label, views]) =>
                  navOf(views).length > 0 && (
                    <nav aria-label={t(label)}>
                      {navOf(views).map((v) => (
                        <RouteLink to={{ view: v, caseId: null }} current={route.view === v} label={v === 'followup' && overdue ? t('followupNav', { n: fmt.count(overdue) }) : undefined}>
                          {t(v === 'scorecards' && !can('scorecards') ? 'myScorecard' : v)}
                          {v === 'followup' && overdue > 0 && <span class="late"> · {t('overdueN', { n: fmt.count(overdue) })}</span>}
                        </RouteLink>
                      ))}
                    </nav>
                  ),
              )}
            </div>
            {me?.limit && <p class="few limited">{t('limitedTo', { key: me.limit.key, values: me.limit.values.join(', ') })}</p>}
            {/* A delivery's page is one delivery, People, the settings and My account are no data: no period, no filter. */}
            {!['delivery', 'people', 'settings', 'account'].includes(route.view) && <FilterBar metaKeys={metaKeys} periodOnly={route.view === 'channels' || route.view === 'scorecards'} />}
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
              {route.view === 'mycases' && reading && <FollowUp mine />}
              {route.view === 'scorecards' && reading && <Scorecards metaKeys={metaKeys} />}
              {route.view === 'webhooks' && reading && <Webhooks />}
              {route.view === 'people' && signedIn && <PeopleView />}
              {route.view === 'settings' && signedIn && <SettingsView />}
              {route.view === 'account' && signedIn && <AccountView />}
            </div>
            {summary.at && <p class="updated">{t('updated', { time: fmt.dateTime(new Date(summary.at).toISOString()) })}</p>}
          </>
        )}
      </main>
    </AppContext.Provider>
  );
}
