// The read routes: answers, displays, the summary, drivers and the export, behind the admin credential
// (or a dashboard session) and never across origins. Reads of raw answers are audited (http/audit.ts);
// the summary and drivers are aggregates (no answer's own text or ids), so they are not.
import { metaLimitOf, type Guards } from './access.ts';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { stream } from 'hono/streaming';
import type { Kysely } from 'kysely';
import { caseFigures } from '../read/cases.ts';
import { readDrivers } from '../read/drivers.ts';
import { exportResponses } from '../read/export.ts';
import { FilterError, parseBy, parseFilter, parseInterval } from '../read/filters.ts';
import { limitOf, listResponses, parseOrder, recentDisplays } from '../read/lists.ts';
import { readSummary } from '../read/summary.ts';
import type { Database } from '../store/schema.ts';
import { noteAudit, type Auditor } from './audit.ts';

export interface ReadRouteOptions {
  db: Kysely<Database>;
  timeZone: string;
  now: () => number;
  audit: Auditor;
  /** The read guards: this origin only, then the credential. */
  read: Guards;
  /** This process's counters, reported by the summary under `collector`. */
  counters: () => Record<string, unknown>;
}

export function readRoutes(app: Hono, o: ReadRouteOptions) {
  const { db, read } = o;
  const filterOf = (c: Context) => parseFilter(c.req.queries(), o.timeZone, metaLimitOf(c));
  app.get('/v1/responses', ...read, async (c) => {
    const page = await listResponses(db, filterOf(c), { limit: limitOf(c.req.query('limit')), cursor: c.req.query('cursor') || undefined, order: parseOrder(c.req.query('order')) });
    noteAudit(c, { rows: page.responses.length });
    return c.json(page);
  });
  app.get('/v1/displays', ...read, async (c) => {
    const displays = await recentDisplays(db, limitOf(c.req.query('limit')));
    noteAudit(c, { rows: displays.length });
    return c.json({ displays });
  });
  app.get('/v1/summary', ...read, async (c) => {
    const q = c.req.queries();
    const sort = c.req.query('sort') || undefined;
    if (sort !== undefined && sort !== 'nps' && sort !== 'csat') throw new FilterError('sort', `"nps" or "csat"; got "${sort}"`);
    const filter = filterOf(c);
    const [summary, cases] = await Promise.all([readSummary(db, filter, { interval: parseInterval(q), by: parseBy(q), sort, timeZone: o.timeZone, now: o.now() }), caseFigures(db, filter, o.now())]);
    return c.json({ ...summary, cases, collector: o.counters() });
  });
  app.get('/v1/drivers', ...read, async (c) => c.json(await readDrivers(db, filterOf(c))));
  app.get('/v1/export', ...read, async (c) => {
    const format = c.req.query('format') || 'csv';
    if (format !== 'csv' && format !== 'ndjson') throw new FilterError('format', `"csv" or "ndjson"; got "${format}"`);
    const filter = filterOf(c);
    const day = new Date().toISOString().slice(0, 10);
    c.header('content-type', format === 'csv' ? 'text/csv; charset=utf-8; header=present' : 'application/x-ndjson; charset=utf-8');
    c.header('content-disposition', `attachment; filename="aftercare-responses-${day}.${format === 'csv' ? 'csv' : 'ndjson'}"`);
    // Recorded once the stream ends, with the rows it carried (or how far it got).
    noteAudit(c, { done: true });
    const counted = { rows: 0 };
    const query = new URL(c.req.url).search.slice(1);
    return stream(c, async (out) => {
      let outcome = 'done';
      try {
        for await (const chunk of exportResponses(db, filter, format, counted)) await out.write(chunk);
      } catch (e) {
        outcome = `refused: the export stopped (${(e as Error).message})`;
        throw e;
      } finally {
        await o.audit.record(c, { action: 'export', rows: counted.rows, outcome, detail: { format, ...(query ? { query } : {}) } });
      }
    });
  });
}
