import { DELIVERY, DISPLAY } from './keys.ts';
import type { Outcome, WireDisplay } from './schema.ts';
import type { Policy } from './schedule.ts';
import type { Kv } from './store.ts';
import type { DeliveryState, DisplayRecord, DisplayRef } from './types.ts';

/*
 * Survey displays, for the collector's response rate. A display opens when a survey is shown and
 * ends as answered, dismissed or expired; only ended displays are sent. The outcome only moves up
 * (expired < dismissed < answered), on the client as at the collector, so a display ended as expired
 * by another tab and then answered in the tab that still showed it is counted once, as answered.
 */

const RANK: Record<Outcome, number> = { expired: 1, dismissed: 2, answered: 3 };

/** What a display records about the page that showed it. */
export interface DisplayContext {
  now: number;
  /** This page view's id (see `createAftercare`). */
  view: string;
  locale: string;
  page?: { origin: string; path: string } | undefined;
  /** The SDK's timing policy, which says which re-survey wave a delivery is in (default: DEFAULT_POLICY). */
  policy?: Policy | undefined;
  /** Where the survey is taken (the `channel` option); absent on the wire means `web`. */
  channel?: string | undefined;
}

/** The display record for `d`'s current display, ended as `outcome` (or still open without one). */
function record(d: DeliveryState, ctx: DisplayContext, outcome?: Outcome, extra: { later?: boolean; responseId?: string } = {}): DisplayRecord {
  const ref = d.display!;
  const display: DisplayRecord['display'] = { id: ref.id, deliveryId: d.id, shownAt: ref.shownAt, locale: ctx.locale };
  if (outcome) {
    display.outcome = outcome;
    display.endedAt = new Date(ctx.now).toISOString();
  }
  if (ref.wave !== undefined) display.wave = ref.wave;
  if (extra.later) display.later = true;
  if (extra.responseId) display.responseId = extra.responseId;
  if (d.customerId !== undefined) display.customerId = d.customerId;
  if (d.token !== undefined) display.deliveryToken = d.token;
  if (ctx.channel) display.channel = ctx.channel;
  if (ctx.page) {
    display.origin = ctx.page.origin;
    display.path = ctx.page.path;
  }
  return { display, view: ref.view };
}

/**
 * Ends `d`'s current display as `outcome` unless it already ended as well or better. Returns the
 * delivery to store and the display record to write in the same transaction (none when nothing changes).
 */
export function endDisplay(
  d: DeliveryState,
  outcome: Outcome,
  ctx: DisplayContext,
  extra?: { later?: boolean; responseId?: string },
): { delivery: DeliveryState; put: Array<[string, unknown]> } {
  const ref = d.display;
  if (!ref || (ref.outcome && RANK[ref.outcome] >= RANK[outcome])) return { delivery: d, put: [] };
  const delivery: DeliveryState = { ...d, display: { ...ref, outcome } };
  return { delivery, put: [[DISPLAY + ref.id, record(delivery, ctx, outcome, extra)]] };
}

/** Opens a new display for `d` (ending a previous one still open as expired); returns what to write. */
export function openDisplay(d: DeliveryState, id: string, ctx: DisplayContext): { delivery: DeliveryState; put: Array<[string, unknown]> } {
  const prev = d.display && !d.display.outcome ? endDisplay(d, 'expired', ctx) : { delivery: d, put: [] };
  const display: DisplayRef = { id, shownAt: new Date(ctx.now).toISOString(), view: ctx.view };
  if (d.resurvey) display.wave = d.wave ?? 0;
  const delivery: DeliveryState = { ...prev.delivery, display };
  return { delivery, put: [...prev.put, [DISPLAY + id, record(delivery, ctx)]] };
}

/** The ended displays among `records`, oldest first: what goes to the collector. Shared with the loader. */
export function endedDisplays(records: Array<DisplayRecord | undefined>): WireDisplay[] {
  return records
    .map((r) => r?.display)
    .filter((x): x is WireDisplay => !!x && typeof x.outcome === 'string' && typeof x.endedAt === 'string')
    .sort((a, b) => (a.endedAt < b.endedAt ? -1 : a.endedAt > b.endedAt ? 1 : 0));
}

/** Ended displays waiting for the collector, oldest first. */
export async function listEndedDisplays(kv: Kv): Promise<WireDisplay[]> {
  return endedDisplays((await kv.list<DisplayRecord>(DISPLAY)).map(([, r]) => r));
}

/** After a 2xx (or a refusal, which cannot be fixed by resending): forgets the displays sent, unless one ended better meanwhile. */
export function forgetDisplays(kv: Kv, sent: WireDisplay[]): Promise<void> {
  return kv.mutate(
    sent.map((x) => DISPLAY + x.id),
    (values) => ({
      writes: { del: sent.filter((x, i) => (values[i] as DisplayRecord | undefined)?.display.outcome === x.outcome).map((x) => DISPLAY + x.id) },
      result: undefined,
    }),
  );
}

/**
 * Ends, as expired, displays left open by page views that are gone (closed, crashed, navigated away
 * before their last write landed). `alive(view)` says whether a page view still shows it.
 */
export async function expireOrphans(kv: Kv, alive: (r: DisplayRecord) => boolean, ctx: DisplayContext): Promise<number> {
  const open = (await kv.list<DisplayRecord>(DISPLAY)).filter(([, r]) => r?.display && !r.display.outcome && r.view !== ctx.view && !alive(r));
  let n = 0;
  for (const [, r] of open) {
    const id = r.display.deliveryId;
    n += await kv.mutate([DELIVERY + id, DISPLAY + r.display.id], ([raw, current]) => {
      const d = raw as DeliveryState | undefined;
      const still = current as DisplayRecord | undefined;
      if (!still || still.display.outcome) return { writes: {}, result: 0 };
      if (d?.display?.id === r.display.id) {
        // Written as the page view that showed it would have: its locale, page and channel, not ours.
        const { delivery, put } = endDisplay(d, 'expired', { ...ctx, locale: r.display.locale, page: pageOf(r.display), channel: r.display.channel });
        return { writes: { put: [[DELIVERY + id, delivery], ...put] }, result: 1 };
      }
      // The delivery moved on (or is gone): end the record on its own.
      const display = { ...still.display, outcome: 'expired' as const, endedAt: new Date(ctx.now).toISOString() };
      return { writes: { put: [[DISPLAY + r.display.id, { ...still, display }]] }, result: 1 };
    });
  }
  return n;
}

const pageOf = (x: DisplayRecord['display']) => (x.origin && x.path ? { origin: x.origin, path: x.path } : undefined);
