// The whole view lives in the query string, so a view can be bookmarked or shared and back/forward
// work (Plausible's habit). Filter parameters carry the read API's own names (`from`, `band`,
// `meta.store`…), so the API query is the page's query minus the view's own keys.
import type { Granularity } from './types.ts';

export type View = 'overview' | 'segments' | 'life' | 'themes' | 'comments' | 'export' | 'channels' | 'delivery' | 'followup' | 'mycases' | 'scorecards' | 'webhooks' | 'people' | 'settings' | 'account';
/** The views that read answers. */
export const VIEWS: View[] = ['overview', 'segments', 'life', 'themes', 'comments', 'export'];
/** Asking: every channel with its numbers and the invitations, and one delivery's timeline (`view=delivery&id=…`, reached from there). */
export const ASK_VIEWS: View[] = ['channels'];
/** The closed loop's views: the people following up (every case, or mine), their scorecards and the webhooks telling other systems. */
export const LOOP_VIEWS: View[] = ['followup', 'mycases', 'scorecards', 'webhooks'];
/** The team and the follow-up settings (owners), and my own account (reached from the header). */
export const TEAM_VIEWS: View[] = ['people', 'settings'];
const ALL_VIEWS: View[] = [...VIEWS, ...ASK_VIEWS, 'delivery', ...LOOP_VIEWS, ...TEAM_VIEWS, 'account'];

/** The Follow-up queue's tabs: one status (`pending`: waiting on the customer), or every case. */
export type CaseTab = 'all' | 'open' | 'contacted' | 'pending' | 'resolved';
export const CASE_TABS: CaseTab[] = ['all', 'open', 'contacted', 'pending', 'resolved'];

/** A delivery's invitation status, as `GET /v1/deliveries?status=` filters by it (`none`: never invited, e.g. no address). */
export type DeliveryState = 'scheduled' | 'invited' | 'reminded' | 'answered' | 'unsubscribed' | 'failed' | 'skipped' | 'cancelled' | 'none';
export const DELIVERY_STATES: DeliveryState[] = ['scheduled', 'invited', 'reminded', 'answered', 'unsubscribed', 'failed', 'skipped', 'cancelled', 'none'];

/** Query keys that choose how to show the data, not which data: never sent to the API as filters. */
const VIEW_KEYS = new Set(['view', 'lang', 'interval', 'by', 'order', 'range', 'status', 'overdue', 'state', 'search', 'id', 'compare', 'trend', 'case']);

export interface Route {
  view: View;
  lang: string | null;
  interval: Granularity;
  /** The meta key the Segments view groups by. */
  by: string | null;
  order: 'newest' | 'detractors';
  /**
   * `range=all`: every answer ever. Without it and without from/to, the dashboard shows the last 90
   * days (DEFAULT_DAYS): what a merchant looks at first, and a bounded read on a large database.
   */
  all: boolean;
  /** The Follow-up queue's tab (`status=`) and its "overdue only" switch (`overdue=true`). */
  status: CaseTab;
  overdue: boolean;
  /** The case open beside the queue (`case=`, also what escalation e-mails link to). */
  caseId: string | null;
  /** The Channels view's deliveries: one status (`state=`) and an id, customer or e-mail prefix (`search=`). */
  state: DeliveryState | null;
  search: string;
  /** The delivery whose timeline `view=delivery` shows (`id=`, only in that view's address). */
  id: string | null;
  /** What customers say: unhappy against happy by NPS (detractors, promoters) or CSAT (1–2, 4–5) (`compare=`). */
  compare: 'nps' | 'csat';
  /** The term whose trend that view draws (`trend=`); the `term=` filter is another thing: it narrows every read. */
  trend: string | null;
  /** The filters, in the API's own parameter names; repeatable ones (band, csat) appear more than once. */
  filters: URLSearchParams;
}

/** Reads a route from a query string such as `location.search`. */
export function parseRoute(search: string): Route {
  const q = new URLSearchParams(search);
  // `view=invitations` is the Channels view's earlier name: links and bookmarks made before keep working.
  const view = q.get('view') === 'invitations' ? 'channels' : q.get('view');
  const interval = q.get('interval');
  const status = q.get('status') as CaseTab;
  const state = q.get('state') as DeliveryState;
  const filters = new URLSearchParams();
  for (const [k, v] of q) if (!VIEW_KEYS.has(k) && v !== '') filters.append(k, v);
  return {
    view: ALL_VIEWS.includes(view as View) && (view !== 'delivery' || !!q.get('id')) ? (view as View) : 'overview',
    lang: q.get('lang'),
    interval: interval === 'day' || interval === 'month' ? interval : 'week',
    by: q.get('by'),
    order: q.get('order') === 'detractors' ? 'detractors' : 'newest',
    all: q.get('range') === 'all',
    status: CASE_TABS.includes(status) ? status : 'all',
    overdue: q.get('overdue') === 'true',
    caseId: q.get('case') || null,
    state: DELIVERY_STATES.includes(state) ? state : null,
    search: q.get('search') ?? '',
    id: q.get('id') || null,
    compare: q.get('compare') === 'csat' ? 'csat' : 'nps',
    trend: q.get('trend') || null,
    filters,
  };
}

/** The query string for a route (defaults left out, so shared links stay short). */
export function formatRoute(r: Route): string {
  const q = new URLSearchParams();
  if (r.view !== 'overview') q.set('view', r.view);
  if (r.lang) q.set('lang', r.lang);
  if (r.interval !== 'week') q.set('interval', r.interval);
  if (r.by) q.set('by', r.by);
  if (r.order !== 'newest') q.set('order', r.order);
  if (r.all) q.set('range', 'all');
  if (r.status !== 'all') q.set('status', r.status);
  if (r.overdue) q.set('overdue', 'true');
  if (r.caseId && (r.view === 'followup' || r.view === 'mycases')) q.set('case', r.caseId);
  if (r.state) q.set('state', r.state);
  if (r.search) q.set('search', r.search);
  if (r.view === 'delivery' && r.id) q.set('id', r.id);
  if (r.compare !== 'nps') q.set('compare', r.compare);
  if (r.trend) q.set('trend', r.trend);
  for (const [k, v] of r.filters) q.append(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Days the dashboard shows when the URL names no period (today and the 89 days before). */
export const DEFAULT_DAYS = 90;

/** True when the route names no period: the app puts the default one in the URL before reading anything. */
export const needsDefaultRange = (r: Route) => !r.all && !r.filters.has('from') && !r.filters.has('to');

/** `filters` plus extra API parameters, as a query string for /v1/…. */
export function apiQuery(filters: URLSearchParams, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams(filters);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The one meta filter the filter bar edits: the first `meta.KEY=VALUE` in the filters. */
export function metaFilter(filters: URLSearchParams): { key: string; value: string } {
  for (const [k, v] of filters) if (k.startsWith('meta.')) return { key: k.slice(5), value: v };
  return { key: '', value: '' };
}
