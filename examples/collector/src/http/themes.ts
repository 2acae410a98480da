// Themes over HTTP (admin credential or a dashboard session): what unhappy customers mention more than
// happy ones, the rising terms, and one term's trend. Aggregates of terms at least five different
// customers name (no answer's own text or ids), so not audited, like the summary and the drivers.
import { metaLimitOf, type Guards } from './access.ts';
import type { Hono, MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { FilterError, parseFilter, parseInterval, type Query } from '../read/filters.ts';
import { readThemeSeries } from '../read/theme-series.ts';
import { MAX_THEMES, readThemes, THEMES_LIMIT, type Compare } from '../read/themes.ts';
import type { Database } from '../store/schema.ts';

export interface ThemeRouteOptions {
  db: Kysely<Database>;
  timeZone: string;
  now: () => number;
  read: Guards;
}

const one = (q: Query, name: string) => {
  const all = q[name] ?? [];
  if (all.length > 1) throw new FilterError(name, 'one value');
  return all[0] || undefined;
};

/** `compare`: nps or csat; by default csat under `survey=csat`, else nps. */
function parseCompare(q: Query): Compare {
  const v = one(q, 'compare') ?? (one(q, 'survey') === 'csat' ? 'csat' : 'nps');
  if (v !== 'nps' && v !== 'csat') throw new FilterError('compare', `"nps" (detractors 0–6 against promoters 9–10) or "csat" (1–2 against 4–5); got "${v}"`);
  return v;
}

/** `limit`: terms per list, 1–100 (default 20). */
function parseLimit(q: Query): number {
  const v = one(q, 'limit');
  if (v === undefined) return THEMES_LIMIT;
  if (!/^\d{1,3}$/.test(v) || +v < 1 || +v > MAX_THEMES) throw new FilterError('limit', `an integer from 1 to ${MAX_THEMES}; got "${v}"`);
  return +v;
}

export function themeRoutes(app: Hono, o: ThemeRouteOptions) {
  app.get('/v1/themes', ...o.read, async (c) => {
    const q = c.req.queries();
    const filter = parseFilter(q, o.timeZone, metaLimitOf(c));
    return c.json(await readThemes(o.db, filter, { compare: parseCompare(q), limit: parseLimit(q), now: o.now() }));
  });
  app.get('/v1/themes/series', ...o.read, async (c) => {
    const q = c.req.queries();
    // `term` names the series' term here, not a filter: the share is of all the comments the other filters match.
    const filter = parseFilter(q, o.timeZone, metaLimitOf(c));
    const [term, ...more] = filter.terms ?? [];
    if (term === undefined) throw new FilterError('term', 'the word or two-word phrase whose trend to show');
    if (more.length) throw new FilterError('term', 'one value');
    const interval = parseInterval(q) ?? 'week';
    return c.json(await readThemeSeries(o.db, { ...filter, terms: [] }, term, { interval, timeZone: o.timeZone, now: o.now() }));
  });
}
