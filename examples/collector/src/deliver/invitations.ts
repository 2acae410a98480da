// The invitation worker: claims due invitations, decides whether each may still go out (answered by
// any channel, window closed, suppressed, unsubscribed, the customer's cooldown, no address, outside
// the customer's sending hours), renders the message and hands it to the mailer, and records the
// outcome. Several instances on one PostgreSQL share the schedule as they share the webhook outbox: a
// claim takes rows with `FOR UPDATE SKIP LOCKED` and leases them to this instance; a lease a killed
// instance held lapses and the invitation is attempted again (so a SIGKILL between the SMTP server's
// 250 and the commit sends that message twice, never more).
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DbKind } from '../store/open.ts';
import type { Database, DeliveriesTable, InvitationsTable } from '../store/schema.ts';
import { invitationId, linkCode, planOf, unsubscribed } from '../store/deliveries.ts';
import { suppressedHashes, suppressionHash } from '../store/erase.ts';
import type { Mailer, SendResult } from './mailer.ts';
import { renderMessage } from './message.ts';
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
  now?: () => number;
  pollMs?: number;
  /** Invitations claimed (and sent side by side) at a time. */
  batch?: number;
  /** How long a claim is held; past it another instance may attempt the invitation. */
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

export function invitationWorker(o: InvitationWorkerOptions) {
  const now = o.now ?? Date.now;
  const instance = randomBytes(8).toString('hex');
  const leaseMs = o.leaseMs ?? 90_000;
  const stats: InvitationStats = { claimed: 0, sent: 0, failed: 0, retried: 0, skipped: 0, cancelled: 0 };
  let stopped = false;
  let running: Promise<void> | null = null;
  let wakeUp: (() => void) | null = null;
  let woken = false;

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

  /** Writes an outcome, if this instance still holds the claim. */
  async function settle(r: Claimed, set: Partial<InvitationsTable>) {
    await o.db
      .updateTable('invitations')
      .set({ lease_ms: null, claimed_by: null, updated_ms: now(), ...set })
      .where('id', '=', r.id)
      .where('claimed_by', '=', instance)
      .execute();
  }

  /** Why `r` must not go out now (`cancel`/`skip` with the reason, or `later` with when), or null. */
  async function verdict(r: Claimed, d: DeliveriesTable | undefined, t: number): Promise<{ status: 'cancelled' | 'skipped'; reason: string } | { later: number } | null> {
    if (!d) return { status: 'cancelled', reason: 'the delivery is gone' };
    const slot = await o.db.selectFrom('response_slots').select('response_id').where('delivery_id', '=', d.id).where('wave', '=', r.wave).executeTakeFirst();
    if (slot) return { status: 'cancelled', reason: 'answered' };
    if (t >= waveWindow(Number(d.delivered_ms), planOf(d), r.wave).closes) return { status: 'skipped', reason: 'window closed' };
    const hashes = [suppressionHash(o.salt, 'delivery', d.id), ...(d.customer_id ? [suppressionHash(o.salt, 'customer', d.customer_id)] : [])];
    if ((await suppressedHashes(o.db, hashes)).size) return { status: 'skipped', reason: 'suppressed (erased on request)' };
    if (await unsubscribed(o.db, o.salt, d)) return { status: 'skipped', reason: 'unsubscribed' };
    if (!d.email) return { status: 'skipped', reason: 'no e-mail address' };
    if (r.kind === 'invite' && o.config.cooldownDays > 0 && d.customer_key) {
      const recent = await o.db
        .selectFrom('invitations as i')
        .innerJoin('deliveries as e', 'e.id', 'i.delivery_id')
        .select(['i.delivery_id', 'i.sent_ms'])
        .where('e.customer_key', '=', d.customer_key)
        .where('i.delivery_id', '!=', d.id)
        .where('i.kind', '=', 'invite')
        .where('i.status', '=', 'sent')
        .where('i.sent_ms', '>', t - o.config.cooldownDays * DAY_MS)
        .orderBy('i.sent_ms', 'desc')
        .executeTakeFirst();
      if (recent) return { status: 'skipped', reason: `cooldown: invited about another delivery on ${new Date(Number(recent.sent_ms)).toISOString().slice(0, 10)}` };
    }
    if (!o.mailer) return { status: 'skipped', reason: 'e-mail is not configured (AFTERCARE_SMTP_URL)' };
    if (!o.config.publicUrl || !o.config.from) return { status: 'skipped', reason: 'e-mail is not configured (AFTERCARE_PUBLIC_URL and AFTERCARE_MAIL_FROM)' };
    const inHours = inSendingHours(t, d.time_zone ?? o.timeZone, o.config.sendHours);
    if (inHours > t) return { later: inHours };
    return null;
  }

  async function attempt(r: Claimed, d: DeliveriesTable | undefined) {
    const t = now();
    const v = await verdict(r, d, t);
    if (v && 'later' in v) {
      // Outside the customer's sending hours: back in the queue for the next morning, the attempt not counted.
      await settle(r, { next_ms: v.later, attempts: Math.max(0, r.attempts - 1) });
      return;
    }
    if (v) {
      stats[v.status === 'cancelled' ? 'cancelled' : 'skipped']++;
      await settle(r, { status: v.status, reason: v.reason });
      return;
    }
    const delivery = d!;
    const code = await linkCode(o.db, delivery.id, r.wave, 'email', t);
    const base = o.config.publicUrl!;
    const rendered = renderMessage({
      locale: delivery.locale ?? 'en', survey: delivery.survey, kind: r.kind, brand: o.config.brand, footer: o.config.footer,
      surveyUrl: `${base}/s/${code}`, unsubscribeUrl: `${base}/u/${code}`, ...(o.config.privacyUrl ? { privacyUrl: o.config.privacyUrl } : {}),
    });
    const messageId = `<${r.id}.${r.attempts}@${new URL(base).hostname}>`;
    const result: SendResult = await o.mailer!.send({
      invitationId: r.id, deliveryId: delivery.id, kind: r.kind, from: o.config.from!, to: delivery.email!, messageId, ...rendered,
      headers: { 'List-Unsubscribe': `<${base}/u/${code}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    const at = now();
    if (result.kind === 'sent') {
      stats.sent++;
      await settle(r, { status: 'sent', sent_ms: at, reason: null, message_id: messageId, to_address: delivery.email });
      if (r.kind === 'invite' && o.config.reminderDays > 0) {
        const due = inSendingHours(at + o.config.reminderDays * DAY_MS, delivery.time_zone ?? o.timeZone, o.config.sendHours);
        await o.db
          .insertInto('invitations')
          .values({
            id: invitationId(), delivery_id: delivery.id, wave: r.wave, kind: 'reminder', channel: r.channel, status: 'scheduled', due_ms: due, next_ms: due,
            attempts: 0, lease_ms: null, claimed_by: null, sent_ms: null, reason: null, message_id: null, to_address: null, created_ms: at, updated_ms: at,
          })
          .onConflict((oc) => oc.columns(['delivery_id', 'wave', 'kind', 'channel']).doNothing())
          .execute();
      }
      return;
    }
    const closes = waveWindow(Number(delivery.delivered_ms), planOf(delivery), r.wave).closes;
    const next = at + (MAIL_RETRY_MS[r.attempts - 1] ?? MAIL_RETRY_MS.at(-1)!);
    if (result.kind === 'permanent' || next >= closes) {
      stats.failed++;
      await settle(r, { status: 'failed', reason: result.kind === 'permanent' ? result.error : `${result.error} (no retry left before the window closed)`, to_address: delivery.email });
    } else {
      stats.retried++;
      await settle(r, { next_ms: next, reason: `retrying: ${result.error}` });
    }
  }

  /** One pass: claims what is due and attempts it; resolves with how many were claimed. */
  async function runOnce(): Promise<number> {
    const claimed = await claim(o.batch ?? 16);
    if (!claimed.length) return 0;
    stats.claimed += claimed.length;
    const ids = [...new Set(claimed.map((r) => r.delivery_id))];
    const deliveries = new Map((await o.db.selectFrom('deliveries').selectAll().where('id', 'in', ids).execute()).map((d) => [d.id, d]));
    await Promise.all(
      claimed.map((r) =>
        attempt(r, deliveries.get(r.delivery_id)).catch(async (e: Error) => {
          // A store or rendering error: logged without the message's contents; the lease lapses and it is tried again.
          console.error('[aftercare collector] invitation worker:', e.message);
        }),
      ),
    );
    return claimed.length;
  }

  async function loop() {
    while (!stopped) {
      let n = 0;
      try {
        n = await runOnce();
      } catch (e) {
        if (!stopped) console.error('[aftercare collector] invitation worker:', (e as Error).message);
      }
      if (n > 0 || stopped) continue;
      if (woken) {
        woken = false;
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, o.pollMs ?? 5_000);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = null;
    }
  }

  return {
    instance,
    stats,
    runOnce,
    start() {
      if (!running) running = loop();
    },
    /** New invitations may be due (an import, a moved test clock): look now. */
    wake() {
      woken = true;
      wakeUp?.();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await running;
      o.mailer?.close();
    },
  };
}
export type InvitationWorker = ReturnType<typeof invitationWorker>;
