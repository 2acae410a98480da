// Tone over HTTP (admin credential): GET /v1/themes/tone lists the comments whose words contradict
// their score ("Check these"), with the figures of the model that judged them; POST
// /v1/themes/tone/train learns the model again now (it is otherwise learnt on the first read and kept
// for an hour). The list carries answers' own text, so it is audited like GET /v1/responses.
import { metaLimitOf, type Guards } from './access.ts';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { parseFilter } from '../read/filters.ts';
import { limitOf } from '../read/lists.ts';
import { checkThese, toneCache, type Tone } from '../read/tone.ts';
import type { Database } from '../store/schema.ts';
import { noteAudit, type Auditor } from './audit.ts';

export interface ToneRouteOptions {
  db: Kysely<Database>;
  timeZone: string;
  now: () => number;
  audit: Auditor;
  read: Guards;
}

const state = (t: Tone) => ({ trained: t.model !== null, ...(t.reason ? { reason: t.reason } : {}), model: t.figures });

export function toneRoutes(app: Hono, o: ToneRouteOptions) {
  const tone = toneCache(o.db, o.now);
  const byMethod = (names: Record<string, string>) => (c: Context) => names[c.req.method] ?? null;
  app.use('/v1/themes/tone', o.audit.audited(byMethod({ GET: 'tone.read' })));
  app.use('/v1/themes/tone/train', o.audit.audited(byMethod({ POST: 'tone.train' })));
  app.get('/v1/themes/tone', ...o.read, async (c) => {
    const filter = parseFilter(c.req.queries(), o.timeZone, metaLimitOf(c));
    const limit = limitOf(c.req.query('limit'));
    const t = await tone.get();
    const found = t.model ? await checkThese(o.db, { ...t, model: t.model }, filter, limit) : { checked: 0, checkThese: [] };
    noteAudit(c, { rows: found.checkThese.length });
    return c.json({ ...state(t), ...found });
  });
  app.post('/v1/themes/tone/train', ...o.read, async (c) => {
    const t = await tone.retrain();
    noteAudit(c, { detail: { trained: t.model !== null, comments: t.figures.comments, accuracy: t.figures.accuracy, auc: t.figures.auc } });
    return c.json(state(t));
  });
}
