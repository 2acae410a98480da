// Fault injection for the fault suite and the soak run. Mounted only with the explicit test flag
// (`testHooks` / `faultRate`), as the first middleware of `POST /v1/responses`: production requests
// never pass through it. Faults:
//   503           answer 503 before storing anything
//   429:N         answer 429 with `Retry-After: N` before storing anything
//   drop-before   destroy the connection before storing anything
//   drop-after    store the batch, then destroy the connection before replying
//   hang-before   never reply and store nothing (the client times out); the socket closes after 20 s
//   hang-after    store the batch, then never reply (the client times out); the socket closes after 20 s
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { IngestResult, Stats } from '../ingest/ingest.ts';
import { mediaType } from './limits.ts';

export const FAULTS = ['503', 'drop-before', 'drop-after', 'hang-before', 'hang-after'];

export interface LogEntry {
  at: string;
  origin: string | null;
  type: string;
  bytes: number;
  ids: string[];
  revisions: number[];
  displayIds: string[];
  fault: string | null;
}

type Socket = { destroy(): void };
const socketOf = (c: Context) => (c.env as { incoming?: { socket?: Socket } } | undefined)?.incoming?.socket;

/** `drop-*`: destroy the connection now; `hang-*`: never reply, and close the socket after 20 s. Never resolves. */
function cut(c: Context, fault: string): Promise<never> {
  if (fault.startsWith('drop')) socketOf(c)?.destroy();
  else setTimeout(() => socketOf(c)?.destroy(), 20_000).unref();
  return new Promise<never>(() => {});
}

/** The middleware and the `/__test/*` routes that script it. `resets` run on `POST /__test/reset-limits`. */
export function faultInjection({ faultRate = 0, stats, resets }: { faultRate?: number; stats: Stats; resets: Array<() => unknown> }) {
  const queue: string[] = [];
  const log: LogEntry[] = [];
  let rate = faultRate;
  let modes = FAULTS;
  const nextFault = () => queue.shift() ?? (rate > 0 && Math.random() < rate ? modes[Math.floor(Math.random() * modes.length)] : undefined);

  const middleware: MiddlewareHandler = async (c, next) => {
    const fault = nextFault();
    if (fault) stats.faults++;
    if (fault === '503') return c.json({ error: 'injected fault: 503' }, 503);
    if (fault?.startsWith('429')) {
      c.header('Retry-After', fault.split(':')[1] ?? '30');
      return c.json({ error: 'injected fault: 429' }, 429);
    }
    if (fault === 'drop-before' || fault === 'hang-before') return cut(c, fault);
    await next();
    const done = c.get('ingested' as never) as IngestResult | undefined;
    if (done?.status === 200) {
      log.push({
        at: new Date().toISOString(),
        origin: c.req.header('origin') ?? null,
        type: mediaType(c),
        bytes: (c.get('bodyBytes' as never) as number | undefined) ?? 0,
        ids: done.responseIds,
        revisions: done.revisions,
        displayIds: done.displayIds,
        fault: fault ?? null,
      });
    }
    if (fault === 'drop-after' || fault === 'hang-after') return cut(c, fault);
  };

  function routes(app: Hono) {
    app.get('/__test/log', (c) => c.json({ log, stats }));
    app.post('/__test/faults', async (c) => {
      const body = ((await c.req.json().catch(() => ({}))) ?? {}) as { queue?: string[]; rate?: number; modes?: string[] };
      queue.splice(0, queue.length, ...(body.queue ?? []));
      if (typeof body.rate === 'number') rate = body.rate;
      modes = Array.isArray(body.modes) && body.modes.length ? body.modes : FAULTS;
      return c.json({ queue, rate, modes });
    });
    // "A minute passed": the rate limit and the login throttle forget every address.
    app.post('/__test/reset-limits', async (c) => {
      await Promise.all(resets.map((r) => r()));
      return c.json({ ok: true });
    });
  }
  return { middleware, routes };
}

/** The collector's clock as the test hooks see it: now, and a way to move it. */
export interface TestClock {
  now: () => number;
  /** Moves it forward by `ms`. */
  advance: (ms: number) => void;
  /** Sets it to the instant `at` (a browser test's simulated clock; may go back). */
  set: (at: number) => void;
  /** The offset from the real clock, in ms. */
  offset: () => number;
}

/** A clock `now()` that the test hooks can move; without them it is `base` itself. */
export function testClock(base: () => number): TestClock {
  let offset = 0;
  return {
    now: () => base() + offset,
    advance: (ms) => void (offset += ms),
    set: (at) => void (offset = at - base()),
    offset: () => offset,
  };
}

/**
 * The test hooks' clock and purge routes (the `testHooks` flag only): "time passes" moves the clock
 * of cases, webhooks and the wire's time bounds forward (`advanceMs`) or to a browser test's simulated
 * clock (`at`); "a day passed" runs the retention purge now, on that clock.
 */
export function clockRoutes(app: Hono, o: { clock: TestClock; onMoved: () => void; purge: () => Promise<unknown> }) {
  app.post('/__test/clock', async (c) => {
    const body = ((await c.req.json().catch(() => ({}))) ?? {}) as { advanceMs?: number; at?: number };
    if (typeof body.advanceMs === 'number' && body.advanceMs >= 0) o.clock.advance(body.advanceMs);
    if (typeof body.at === 'number' && Number.isFinite(body.at)) o.clock.set(body.at);
    o.onMoved();
    return c.json({ now: new Date(o.clock.now()).toISOString(), offsetMs: o.clock.offset() });
  });
  app.post('/__test/purge', async (c) => c.json(await o.purge()));
}
