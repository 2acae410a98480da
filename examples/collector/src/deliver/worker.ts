// The webhook worker: claims due delivery rows, signs each event per Standard Webhooks (the
// `standardwebhooks` package signs "id.timestamp.body" with HMAC-SHA256), posts it, and records the
// outcome. Several instances on one PostgreSQL share the queue: a claim takes rows with
// `FOR UPDATE SKIP LOCKED` and marks them leased to this instance, so one event is attempted by one
// instance at a time; a lease a crashed instance held lapses and the row is attempted again (an
// ambiguous failure: the receiver may see that webhook-id twice, and deduplicates by it).
import { createHash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { bumpChanges } from '../store/changes.ts';
import type { DbKind } from '../store/open.ts';
import type { Database } from '../store/schema.ts';
import { nextAttemptAt, ATTEMPT_TIMEOUT_MS, type Outcome } from './schedule.ts';
import { pollingLoop } from './loop.ts';
import { send } from './send.ts';

/** An endpoint's id: a hash of its URL (the URL itself may carry a token and is not shown whole). */
export const endpointId = (url: string) => `ep_${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;

export interface WorkerOptions {
  db: Kysely<Database>;
  kind: DbKind;
  urls: readonly string[];
  secret: string;
  allowPrivate: boolean;
  now?: () => number;
  /** How often the queue is looked at when idle (a commit with events wakes the worker at once). */
  pollMs?: number;
  timeoutMs?: number;
  /** Rows claimed (and attempted side by side) at a time. */
  batch?: number;
  random?: () => number;
}

export interface WorkerStats {
  attempts: number;
  delivered: number;
  retried: number;
  failed: number;
  disabled: number;
}

/** Registers the configured endpoints (a new URL starts enabled; a known one keeps its state). */
export async function registerEndpoints(db: Kysely<Database>, urls: readonly string[], now: number) {
  for (const url of urls) {
    await db
      .insertInto('webhook_endpoints')
      .values({ id: endpointId(url), url, created_ms: now, disabled_ms: null, disabled_reason: null })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  return urls.map(endpointId);
}

export function webhookWorker(o: WorkerOptions) {
  const now = o.now ?? Date.now;
  const instance = randomBytes(8).toString('hex');
  const signer = new Webhook(o.secret);
  const timeoutMs = o.timeoutMs ?? ATTEMPT_TIMEOUT_MS;
  // The lease outlasts an attempt's timeout, so a live instance's claim never lapses mid-attempt.
  const leaseMs = timeoutMs + 15_000;
  const urls = new Map(o.urls.map((u) => [endpointId(u), u]));
  const stats: WorkerStats = { attempts: 0, delivered: 0, retried: 0, failed: 0, disabled: 0 };

  /** Claims up to `batch` due rows for this instance; returns them with their bodies. */
  async function claim(limit: number) {
    const t = now();
    const ids = [...urls.keys()];
    if (!ids.length) return [];
    const lock = o.kind === 'postgres' ? sql`for update of d skip locked` : sql``;
    const { rows } = await sql<{ event_id: string; endpoint_id: string; attempts: number }>`
      update webhook_deliveries set lease_ms = ${t + leaseMs}, claimed_by = ${instance}, attempts = attempts + 1
      where (event_id, endpoint_id) in (
        select d.event_id, d.endpoint_id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
        where d.status = 'pending' and d.next_ms <= ${t} and (d.lease_ms is null or d.lease_ms < ${t})
          and e.disabled_ms is null and d.endpoint_id in (${sql.join(ids)})
        order by d.next_ms limit ${limit} ${lock})
      returning event_id, endpoint_id, attempts`.execute(o.db);
    if (!rows.length) return [];
    const bodies = new Map(
      (await o.db.selectFrom('webhook_events').select(['id', 'body']).where('id', 'in', [...new Set(rows.map((r) => r.event_id))]).execute()).map((e) => [e.id, e.body]),
    );
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts), body: bodies.get(r.event_id) }));
  }

  /** Records an attempt's outcome, if this instance still holds the claim. */
  async function record(r: { event_id: string; endpoint_id: string; attempts: number }, out: Outcome) {
    const t = now();
    const mine = (q: any) => q.where('event_id', '=', r.event_id).where('endpoint_id', '=', r.endpoint_id).where('claimed_by', '=', instance);
    const base = { lease_ms: null, claimed_by: null, last_code: out.code, last_attempt_ms: t };
    if (out.kind === 'delivered') {
      stats.delivered++;
      await mine(o.db.updateTable('webhook_deliveries').set({ ...base, status: 'delivered', delivered_ms: t, last_error: null })).execute();
    } else if (out.kind === 'gone') {
      // 410: the endpoint is disabled (the dashboard says so); this event stays pending for it, due
      // again if someone enables it.
      stats.disabled++;
      await o.db.transaction().execute(async (trx) => {
        await mine(trx.updateTable('webhook_deliveries').set({ ...base, status: 'pending', next_ms: t, last_error: out.error })).execute();
        await trx
          .updateTable('webhook_endpoints')
          .set({ disabled_ms: t, disabled_reason: `410 Gone on ${new Date(t).toISOString()}` })
          .where('id', '=', r.endpoint_id)
          .where('disabled_ms', 'is', null)
          .execute();
      });
    } else {
      const next = out.kind === 'retry' ? nextAttemptAt(r.attempts, t, out.retryAfterMs, o.random) : null;
      if (next === null) stats.failed++;
      else stats.retried++;
      await mine(
        o.db
          .updateTable('webhook_deliveries')
          .set(next === null ? { ...base, status: 'failed', last_error: out.error } : { ...base, status: 'pending', next_ms: next, last_error: out.error }),
      ).execute();
    }
  }

  async function attempt(r: { event_id: string; endpoint_id: string; attempts: number; body: string | undefined }) {
    const url = urls.get(r.endpoint_id);
    stats.attempts++;
    if (!url || r.body === undefined) return record(r, { kind: 'failed', code: null, error: 'the event or its endpoint is gone' });
    const at = new Date(now());
    const headers = {
      'webhook-id': r.event_id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      // Signed per attempt: the timestamp is the attempt's, so a receiver's 5-minute staleness check
      // accepts a retry made hours later; the id and the body are the event's, unchanged.
      'webhook-signature': signer.sign(r.event_id, at, r.body),
    };
    const out = await send(url, r.body, headers, { allowPrivate: o.allowPrivate, timeoutMs, now: now() });
    await record(r, out);
  }

  /** One pass: claims what is due and attempts it; resolves with how many were attempted. */
  async function runOnce(): Promise<number> {
    const claimed = await claim(o.batch ?? 8);
    try {
      await Promise.all(claimed.map(attempt));
    } finally {
      // Once per batch, after its outcomes are recorded (some, if one attempt failed): GET /v1/webhooks shows them.
      if (claimed.length) await bumpChanges(o.db);
    }
    return claimed.length;
  }

  const poll = pollingLoop(runOnce, { pollMs: o.pollMs ?? 1_000, name: 'webhook worker' });

  return {
    instance,
    stats,
    endpointIds: [...urls.keys()],
    runOnce,
    start() {
      if (urls.size) poll.start();
    },
    /** A commit wrote events: look at the queue now rather than at the next poll. */
    wake: poll.wake,
    /** Stops claiming; resolves once the attempts in flight are recorded. */
    stop: () => poll.stop(),
  };
}
export type WebhookWorker = ReturnType<typeof webhookWorker>;
