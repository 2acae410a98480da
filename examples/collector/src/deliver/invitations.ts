// The invitation worker: claims due invitations, decides whether each may still go out (answered by
// any channel, window closed, suppressed, unsubscribed, the customer's cooldown, no address, outside
// the customer's sending hours), renders the message and hands it to the mailer (a text: writes an
// `invitation.due` event for the webhook endpoints, invitation-due.ts), and records the outcome.
// Several instances on one PostgreSQL share the schedule as they share the webhook outbox: a claim
// takes rows with `FOR UPDATE SKIP LOCKED` and leases them to this instance; a lease a killed
// instance held lapses and the invitation is attempted again (so a SIGKILL between the SMTP server's
// 250 and the commit sends that message twice, never more).
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DbKind } from '../store/open.ts';
import type { Database, DeliveriesTable, InvitationsTable } from '../store/schema.ts';
import { invitationId, linkCodes, planOf, unsubscribeKeys } from '../store/deliveries.ts';
import { subjectHashes, suppressedHashes } from '../store/erase.ts';
import { bumpChanges } from '../store/changes.ts';
import { enqueue, type NewEvent } from '../store/events.ts';
import { HANDED_OVER, invitationDue } from './invitation-due.ts';
import type { Mailer, SendResult } from './mailer.ts';
import { pollingLoop } from './loop.ts';
import { renderMessage } from './message.ts';
import { mailLocale } from './strings.ts';
import { DAY_MS, inSendingHours, waveWindow } from '../store/plan.ts';

/** The invitation settings (config.ts reads them from AFTERCARE_SMTP_URL, AFTERCARE_MAIL_* …; docs/invitations.md). */
export interface InvitationConfig {
  /** AFTERCARE_SMTP_URL: smtp:// (STARTTLS when offered) or smtps:// (implicit TLS); the password stays out of every log. */
  smtpUrl?: string | undefined;
  /** AFTERCARE_MAIL_PREVIEW=1: keep messages in the collector's mail preview instead of sending them (the demo). */
  preview: boolean;
  /** AFTERCARE_MAIL_FROM: the sender, `Shop <feedback@shop.example>` or a bare address. */
  from?: string | undefined;
  /** AFTERCARE_PUBLIC_URL: the collector's public origin, for every link in a message and the Message-ID domain. */
  publicUrl?: string | undefined;
  /**
   * AFTERCARE_INVITE_CHANNELS: `email` sends by SMTP; `webhook` hands a delivery with a phone number to
   * the webhook endpoints as `invitation.due` events (channel `sms`), for the merchant's SMS gateway.
   */
  channels: Array<'email' | 'webhook'>;
  /** AFTERCARE_SEND_HOURS: [from, to) local hours in which messages go out (default 9–20). */
  sendHours: [number, number];
  /** AFTERCARE_REMINDER_DAYS: days after the invitation for the one reminder (0: none; default 2). */
  reminderDays: number;
  /** AFTERCARE_INVITE_COOLDOWN_DAYS: no invitation to a customer invited about another delivery this recently (default 7; 0: none). */
  cooldownDays: number;
  /** AFTERCARE_BRAND_NAME and AFTERCARE_BRAND_COLOR: the merchant's name and colour in messages and survey pages. */
  brand: { name: string; color: string };
  /** AFTERCARE_MAIL_FOOTER: the merchant's postal identity, under every message. */
  footer: string;
  /** AFTERCARE_SURVEY_REASONS: the reason ids the survey page offers (the widget's data-reasons). */
  reasons: string[];
  /** AFTERCARE_PRIVACY_URL: the privacy notice linked from survey and unsubscribe pages. */
  privacyUrl?: string | undefined;
}

/** Waits after a transient failure (attempt 1, 2, …): 1 min, 5 min, 15 min, 1 h, then every 3 h. */
export const MAIL_RETRY_MS = [60_000, 300_000, 900_000, 3_600_000, 10_800_000];

export interface InvitationWorkerOptions {
  db: Kysely<Database>;
  kind: DbKind;
  config: InvitationConfig;
  /** AFTERCARE_TZ: the sending hours' zone for deliveries without their own. */
  timeZone: string;
  /** How messages leave; null: nothing is sent and due invitations are skipped, saying so. */
  mailer: Mailer | null;
  salt: string;
  /** The webhook endpoints' ids an `invitation.due` event goes to (none: texts are skipped, saying so). */
  endpoints?: () => readonly string[];
  /** A batch wrote `invitation.due` events: wake the webhook worker. */
  onEvents?: () => void;
  now?: () => number;
  pollMs?: number;
  /** Invitations claimed (and sent side by side) at a time. */
  batch?: number;
  /** How long a claim is held (default 10 minutes); past it another instance may attempt the invitation. */
  leaseMs?: number;
}

export interface InvitationStats {
  claimed: number;
  sent: number;
  failed: number;
  retried: number;
  skipped: number;
  cancelled: number;
}

type Claimed = InvitationsTable;
type Outcome = { r: Claimed; set: Partial<InvitationsTable>; reminder?: InvitationsTable; event?: NewEvent };

export function invitationWorker(o: InvitationWorkerOptions) {
  const now = o.now ?? Date.now;
  const instance = randomBytes(8).toString('hex');
  // A batch is recorded once all its sends ended: the lease outlasts a batch against a server that
  // hangs (every message waits out the mailer's timeouts), so a live instance's claim never lapses.
  const leaseMs = o.leaseMs ?? 600_000;
  const stats: InvitationStats = { claimed: 0, sent: 0, failed: 0, retried: 0, skipped: 0, cancelled: 0 };

  async function claim(limit: number): Promise<Claimed[]> {
    const t = now();
    const lock = o.kind === 'postgres' ? sql`for update skip locked` : sql``;
    const { rows } = await sql<Claimed>`
      update invitations set lease_ms = ${t + leaseMs}, claimed_by = ${instance}, attempts = attempts + 1
      where id in (
        select id from invitations
        where status = 'scheduled' and next_ms <= ${t} and (lease_ms is null or lease_ms < ${t})
        order by next_ms limit ${limit} ${lock})
      returning *`.execute(o.db);
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts), wave: Number(r.wave) }));
  }

  /** What a claimed batch needs to decide: its deliveries, answers, suppressions, unsubscribes and the customers' last invitations. */
  async function contextOf(claimed: Claimed[], t: number) {
    const ids = [...new Set(claimed.map((r) => r.delivery_id))];
    const deliveries = new Map((await o.db.selectFrom('deliveries').selectAll().where('id', 'in', ids).execute()).map((d) => [d.id, d]));
    const answered = new Set((await o.db.selectFrom('response_slots').select(['delivery_id', 'wave']).where('delivery_id', 'in', ids).execute()).map((s) => `${s.delivery_id}\u0000${Number(s.wave)}`));
    const all = [...deliveries.values()];
    const hashes = all.flatMap((d) => subjectHashes(o.salt, d.id, d.customer_id));
    const suppressed = await suppressedHashes(o.db, hashes);
    const keys = all.flatMap((d) => unsubscribeKeys(o.salt, d));
    const unsubscribedKeys = new Set(keys.length ? (await o.db.selectFrom('unsubscribes').select('key_hash').where('key_hash', 'in', keys).execute()).map((u) => u.key_hash) : []);
    const customers = [...new Set(all.map((d) => d.customer_key).filter((k): k is string => !!k))];
    const recent =
      o.config.cooldownDays > 0 && customers.length
        ? await o.db
            .selectFrom('invitations as i')
            .innerJoin('deliveries as e', 'e.id', 'i.delivery_id')
            .select(['e.customer_key', 'i.delivery_id', 'i.sent_ms'])
            .where('e.customer_key', 'in', customers)
            .where('i.kind', '=', 'invite')
            .where('i.status', '=', 'sent')
            .where('i.sent_ms', '>', t - o.config.cooldownDays * DAY_MS)
            .execute()
        : [];
    return { deliveries, answered, suppressed, unsubscribedKeys, recent };
  }
  type Context = Awaited<ReturnType<typeof contextOf>>;

  /** Why `r` must not go out now (`cancelled`/`skipped` with the reason, or `later` with when), or null. */
  function verdict(r: Claimed, d: DeliveriesTable | undefined, t: number, ctx: Context, invitedNow: Map<string, { at: number; deliveryId: string }>): { status: 'cancelled' | 'skipped'; reason: string } | { later: number } | null {
    if (!d) return { status: 'cancelled', reason: 'the delivery is gone' };
    if (ctx.answered.has(`${d.id}\u0000${r.wave}`)) return { status: 'cancelled', reason: 'answered' };
    if (t >= waveWindow(Number(d.delivered_ms), planOf(d), r.wave).closes) return { status: 'skipped', reason: 'window closed' };
    if (subjectHashes(o.salt, d.id, d.customer_id).some((h) => ctx.suppressed.has(h))) return { status: 'skipped', reason: 'suppressed (erased on request)' };
    if (unsubscribeKeys(o.salt, d).some((k) => ctx.unsubscribedKeys.has(k))) return { status: 'skipped', reason: 'unsubscribed' };
    const text = r.channel === 'sms';
    if (text ? !d.phone : !d.email) return { status: 'skipped', reason: text ? 'no phone number' : 'no e-mail address' };
    if (r.kind === 'invite' && o.config.cooldownDays > 0 && d.customer_key) {
      // Sent before, or chosen earlier in this very batch.
      const before = ctx.recent.filter((x) => x.customer_key === d.customer_key && x.delivery_id !== d.id).map((x) => Number(x.sent_ms));
      const inBatch = invitedNow.get(d.customer_key);
      const last = Math.max(-Infinity, ...before, ...(inBatch && inBatch.deliveryId !== d.id ? [inBatch.at] : []));
      if (last > -Infinity) return { status: 'skipped', reason: `cooldown: invited about another delivery on ${new Date(last).toISOString().slice(0, 10)}` };
    }
    if (text && (!o.config.channels.includes('webhook') || !o.endpoints?.().length)) return { status: 'skipped', reason: 'texts are not configured (AFTERCARE_INVITE_CHANNELS with webhook, and AFTERCARE_WEBHOOK_URLS)' };
    if (text && !o.config.publicUrl) return { status: 'skipped', reason: 'texts are not configured (AFTERCARE_PUBLIC_URL)' };
    if (!text && !o.mailer) return { status: 'skipped', reason: 'e-mail is not configured (AFTERCARE_SMTP_URL)' };
    if (!text && (!o.config.publicUrl || !o.config.from)) return { status: 'skipped', reason: 'e-mail is not configured (AFTERCARE_PUBLIC_URL and AFTERCARE_MAIL_FROM)' };
    const inHours = inSendingHours(t, d.time_zone ?? o.timeZone, o.config.sendHours);
    if (inHours > t) return { later: inHours };
    return null;
  }

  /**
   * One pass: claims what is due, decides each, renders and sends what may go out side by side, and
   * records every outcome in one transaction (a few commits per batch, not per message). Resolves with
   * how many were claimed.
   */
  async function runOnce(): Promise<number> {
    const claimed = await claim(o.batch ?? 32);
    if (!claimed.length) return 0;
    stats.claimed += claimed.length;
    const t = now();
    const ctx = await contextOf(claimed, t);
    const invitedNow = new Map<string, { at: number; deliveryId: string }>();
    const outcomes: Outcome[] = [];
    const go: Array<{ r: Claimed; d: DeliveriesTable }> = [];
    for (const r of claimed) {
      const d = ctx.deliveries.get(r.delivery_id);
      const v = verdict(r, d, t, ctx, invitedNow);
      // Outside the customer's sending hours: back in the queue for the next morning, the attempt not counted.
      if (v && 'later' in v) outcomes.push({ r, set: { next_ms: v.later, attempts: Math.max(0, r.attempts - 1) } });
      else if (v) {
        stats[v.status === 'cancelled' ? 'cancelled' : 'skipped']++;
        outcomes.push({ r, set: { status: v.status, reason: v.reason } });
      } else {
        go.push({ r, d: d! });
        if (r.kind === 'invite' && d!.customer_key && !invitedNow.has(d!.customer_key)) invitedNow.set(d!.customer_key, { at: t, deliveryId: d!.id });
      }
    }
    const codes = go.length ? await linkCodes(o.db, go.map(({ r }) => ({ delivery_id: r.delivery_id, wave: r.wave, channel: r.channel })), t) : new Map<string, string>();
    const base = o.config.publicUrl!;
    /** The one reminder a sent invitation calls for, in the customer's sending hours. */
    const reminderOf = (r: Claimed, d: DeliveriesTable, at: number): InvitationsTable | undefined => {
      if (r.kind !== 'invite' || o.config.reminderDays <= 0) return undefined;
      const due = inSendingHours(at + o.config.reminderDays * DAY_MS, d.time_zone ?? o.timeZone, o.config.sendHours);
      return {
        id: invitationId(), delivery_id: d.id, wave: r.wave, kind: 'reminder', channel: r.channel, status: 'scheduled', due_ms: due, next_ms: due,
        attempts: 0, lease_ms: null, claimed_by: null, sent_ms: null, reason: null, message_id: null, to_address: null, created_ms: at, updated_ms: at,
      };
    };
    await Promise.all(
      go.map(async ({ r, d }) => {
        const code = codes.get(`${r.delivery_id}\u0000${r.wave}\u0000${r.channel}`)!;
        if (r.channel === 'sms') {
          // Handed over: the event is written with this outcome (settle), and the sender may answer later.
          const at = now();
          const reminder = reminderOf(r, d, at);
          stats.sent++;
          outcomes.push({ r, set: { status: 'sent', sent_ms: at, reason: HANDED_OVER, to_address: d.phone }, event: invitationDue(r, d, `${base}/s/${code}`, o.config.brand.name), ...(reminder ? { reminder } : {}) });
          return;
        }
        const rendered = renderMessage({
          locale: d.locale ?? 'en', survey: d.survey, kind: r.kind, brand: o.config.brand, footer: o.config.footer,
          surveyUrl: `${base}/s/${code}`, unsubscribeUrl: `${base}/u/${code}`, ...(o.config.privacyUrl ? { privacyUrl: o.config.privacyUrl } : {}),
        });
        const messageId = `<${r.id}.${r.attempts}@${new URL(base).hostname}>`;
        const result: SendResult = await o.mailer!.send({
          invitationId: r.id, deliveryId: d.id, kind: r.kind, from: o.config.from!, to: d.email!, messageId, ...rendered,
          headers: { 'List-Unsubscribe': `<${base}/u/${code}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'Content-Language': mailLocale(d.locale ?? 'en') },
        }).catch((e: Error) => ({ kind: 'transient' as const, error: e.message }));
        const at = now();
        if (result.kind === 'sent') {
          stats.sent++;
          const reminder = reminderOf(r, d, at);
          outcomes.push({ r, set: { status: 'sent', sent_ms: at, reason: null, message_id: messageId, to_address: d.email }, ...(reminder ? { reminder } : {}) });
          return;
        }
        const closes = waveWindow(Number(d.delivered_ms), planOf(d), r.wave).closes;
        const next = at + (MAIL_RETRY_MS[r.attempts - 1] ?? MAIL_RETRY_MS.at(-1)!);
        if (result.kind === 'permanent' || next >= closes) {
          stats.failed++;
          outcomes.push({ r, set: { status: 'failed', reason: result.kind === 'permanent' ? result.error : `${result.error} (no retry left before the window closed)`, to_address: d.email } });
        } else {
          stats.retried++;
          outcomes.push({ r, set: { next_ms: next, reason: `retrying: ${result.error}` } });
        }
      }),
    );
    await settle(outcomes);
    return claimed.length;
  }

  /**
   * Records the batch's outcomes, the reminders the sent invitations call for and the `invitation.due`
   * events of the texts handed over, in one transaction, where this instance still holds the claim (an
   * event only for a claim still held, so a lapsed one never hands a text over twice from here).
   */
  async function settle(outcomes: Outcome[]) {
    const at = now();
    const written = await o.db.transaction().execute(async (trx) => {
      const events: NewEvent[] = [];
      for (const { r, set, event } of outcomes) {
        const u = await trx.updateTable('invitations').set({ lease_ms: null, claimed_by: null, updated_ms: at, ...set }).where('id', '=', r.id).where('claimed_by', '=', instance).executeTakeFirst();
        if (event && Number(u.numUpdatedRows ?? 0) > 0) events.push(event);
      }
      let reminders = outcomes.flatMap((x) => (x.reminder ? [x.reminder] : []));
      if (reminders.length) {
        // A customer may unsubscribe between the message leaving and this record (the link is in it):
        // then the reminder is written cancelled, as the unsubscribe would have cancelled it.
        const ds = await trx.selectFrom('deliveries').selectAll().where('id', 'in', [...new Set(reminders.map((x) => x.delivery_id))]).execute();
        const keys = ds.flatMap((d) => unsubscribeKeys(o.salt, d).map((k) => [d.id, k] as const));
        const found = keys.length ? new Set((await trx.selectFrom('unsubscribes').select('key_hash').where('key_hash', 'in', keys.map(([, k]) => k)).execute()).map((u) => u.key_hash)) : new Set<string>();
        const gone = new Set(keys.filter(([, k]) => found.has(k)).map(([id]) => id));
        reminders = reminders.map((x) => (gone.has(x.delivery_id) ? { ...x, status: 'cancelled' as const, reason: 'unsubscribed' } : x));
        await trx.insertInto('invitations').values(reminders).onConflict((oc) => oc.columns(['delivery_id', 'wave', 'kind', 'channel']).doNothing()).execute();
      }
      const enqueued = await enqueue(trx, events, o.endpoints?.() ?? [], at);
      // Invitations, their reminders and the mail preview's messages are on the read routes.
      if (outcomes.length) await bumpChanges(trx);
      return enqueued;
    });
    if (written) o.onEvents?.();
  }

  const poll = pollingLoop(runOnce, { pollMs: o.pollMs ?? 5_000, name: 'invitation worker' });

  return {
    instance,
    stats,
    runOnce,
    start: poll.start,
    /** New invitations may be due (an import, a moved test clock): look now. */
    wake: poll.wake,
    // The mail pool is closed before the pass in flight is awaited: messages still queued for a pooled
    // connection fail at once (transient, so retried later), else a hanging server holds the stop for a
    // timeout per message in the batch.
    stop: () => poll.stop(() => o.mailer?.close()),
  };
}
export type InvitationWorker = ReturnType<typeof invitationWorker>;
