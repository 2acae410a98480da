// The read side of invitations: a delivery with its timeline, the deliveries list with each one's
// state, the failed sends, the invitation figures (the response rate per delivery invited, beside the
// widget's rate per display, each with its 95 % Wilson interval) and the mail preview.
import { sql, type Kysely } from 'kysely';
import { currentWave } from '../store/plan.ts';
import { planOf } from '../store/deliveries.ts';
import type { Database, DeliveriesTable, InvitationsTable } from '../store/schema.ts';
import { FilterError, parseTime } from './filters.ts';
import { wilson } from './stats.ts';

const iso = (ms: number | string | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
const CHUNK = 500;

/** x of n with its 95 % Wilson interval, as fractions; null without n. */
export function rateOf(x: number, n: number) {
  const ci = wilson(x, n);
  return ci ? { answered: x, of: n, share: x / n, low: ci[0], high: ci[1] } : null;
}

export const STATUSES = ['scheduled', 'invited', 'reminded', 'answered', 'unsubscribed', 'failed', 'skipped', 'cancelled', 'none'] as const;
export type DeliveryStatus = (typeof STATUSES)[number];

/** One delivery's state from its invitations and answers: the furthest it got. */
export function statusOf(invitations: Array<Pick<InvitationsTable, 'kind' | 'status' | 'reason'>>, answered: boolean): DeliveryStatus {
  if (answered) return 'answered';
  const has = (f: (i: (typeof invitations)[number]) => boolean) => invitations.some(f);
  if (has((i) => i.status === 'failed')) return 'failed';
  if (has((i) => i.reason === 'unsubscribed')) return 'unsubscribed';
  if (has((i) => i.kind === 'reminder' && i.status === 'sent')) return 'reminded';
  if (has((i) => i.status === 'sent')) return 'invited';
  if (has((i) => i.status === 'scheduled')) return 'scheduled';
  if (has((i) => i.status === 'skipped')) return 'skipped';
  if (has((i) => i.status === 'cancelled')) return 'cancelled';
  return 'none';
}

export const deliveryOut = (d: DeliveriesTable, unsubscribed: boolean) => ({
  id: d.id,
  deliveredAt: d.delivered_at,
  customerId: d.customer_id,
  email: d.email,
  phone: d.phone,
  locale: d.locale,
  timeZone: d.time_zone,
  survey: d.survey,
  resurvey: planOf(d),
  meta: d.meta ? (JSON.parse(d.meta) as Record<string, unknown>) : null,
  createdAt: iso(d.created_ms),
  updatedAt: iso(d.updated_ms),
  unsubscribed,
});

export const invitationOut = (i: InvitationsTable) => ({
  id: i.id, deliveryId: i.delivery_id, wave: Number(i.wave), channel: i.channel, kind: i.kind, status: i.status,
  dueAt: iso(i.due_ms), sentAt: iso(i.sent_ms), reason: i.reason, attempts: Number(i.attempts),
});

/** A delivery, its timeline, displays and answers; null for an unknown id. */
export async function deliveryDetail(db: Kysely<Database>, id: string, o: { now: number; isUnsubscribed: (d: DeliveriesTable) => Promise<boolean>; link: (d: DeliveriesTable, wave: number) => Promise<string | null> }) {
  const d = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!d) return null;
  const [timeline, displays, answers, unsubscribed] = await Promise.all([
    db.selectFrom('invitations').selectAll().where('delivery_id', '=', id).orderBy('wave').orderBy('due_ms').execute(),
    db.selectFrom('displays').select(['id', 'wave', 'shown_at', 'ended_at', 'outcome', 'channel']).where('delivery_id', '=', id).orderBy('shown_at').execute(),
    db.selectFrom('responses').select(['id', 'wave', 'answered_at', 'csat', 'nps', 'comment', 'channel', 'reasons', 'recorded_by']).where('delivery_id', '=', id).orderBy('answered_at').execute(),
    o.isUnsubscribed(d),
  ]);
  const wave = currentWave(Number(d.delivered_ms), planOf(d), o.now);
  return {
    delivery: deliveryOut(d, unsubscribed),
    wave,
    link: await o.link(d, wave),
    timeline: timeline.map(invitationOut),
    displays: displays.map((x) => ({ id: x.id, wave: Number(x.wave), shownAt: x.shown_at, endedAt: x.ended_at, outcome: x.outcome, channel: x.channel ?? 'web' })),
    answers: answers.map((r) => ({
      id: r.id, wave: Number(r.wave), answeredAt: r.answered_at, csat: r.csat, nps: r.nps, comment: r.comment, channel: r.channel ?? 'web',
      reasons: r.reasons ? (JSON.parse(r.reasons) as string[]) : [],
      recordedBy: r.recorded_by,
    })),
  };
}

/** A page of deliveries, newest delivered first, each with its state; `status` and `q` narrow it. */
export async function listDeliveries(db: Kysely<Database>, o: { status?: string | undefined; q?: string | undefined; cursor?: string | undefined; limit: number }) {
  if (o.status !== undefined && !(STATUSES as readonly string[]).includes(o.status)) throw new FilterError('status', `one of ${STATUSES.join(', ')}; got "${o.status}"`);
  let after: [number, string] | null = null;
  if (o.cursor) {
    const m = /^(\d+):(.+)$/.exec(Buffer.from(o.cursor, 'base64url').toString());
    if (!m) throw new FilterError('cursor', 'the next value of a previous page');
    after = [Number(m[1]), m[2]!];
  }
  const items: ReturnType<typeof itemOf>[] = [];
  let last: DeliveriesTable | undefined;
  let more = true;
  // The state is worked out per page (it needs the invitations and answers); a status filter reads
  // pages until it has `limit` matches or the deliveries run out.
  while (items.length < o.limit && more) {
    let q = db.selectFrom('deliveries').selectAll().orderBy('delivered_ms', 'desc').orderBy('id', 'desc').limit(CHUNK);
    if (o.q) {
      const like = `${o.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // ESCAPE, so `_` and `%` in what was typed match themselves on both stores; addresses compared case-folded.
      const lower = like.toLowerCase();
      q = q.where((eb) => eb.or([sql<boolean>`id like ${like} escape '\\'`, sql<boolean>`customer_id like ${like} escape '\\'`, sql<boolean>`lower(email) like ${lower} escape '\\'`]));
    }
    const from = after ?? (last ? [Number(last.delivered_ms), last.id] : null);
    if (from) q = q.where((eb) => eb.or([eb('delivered_ms', '<', from[0]), eb.and([eb('delivered_ms', '=', from[0]), eb('id', '<', from[1])])]));
    after = null;
    const page = await q.execute();
    more = page.length === CHUNK;
    if (!page.length) break;
    const ids = page.map((d) => d.id);
    const [inv, answered] = await Promise.all([
      db.selectFrom('invitations').select(['delivery_id', 'kind', 'status', 'reason', 'sent_ms']).where('delivery_id', 'in', ids).execute(),
      db.selectFrom('responses').select(['delivery_id', 'answered_at', 'channel']).where('delivery_id', 'in', ids).orderBy('answered_at').execute(),
    ]);
    for (const d of page) {
      last = d;
      const mine = inv.filter((i) => i.delivery_id === d.id);
      const answer = answered.find((r) => r.delivery_id === d.id);
      const item = itemOf(d, mine, answer);
      if (!o.status || item.status === o.status) items.push(item);
      if (items.length >= o.limit) break;
    }
  }
  const next = items.length >= o.limit && last ? Buffer.from(`${Number(last.delivered_ms)}:${last.id}`).toString('base64url') : null;
  return { items, next };
}

function itemOf(d: DeliveriesTable, inv: Array<Pick<InvitationsTable, 'kind' | 'status' | 'reason' | 'sent_ms'>>, answer: { answered_at: string; channel: string | null } | undefined) {
  const sent = (kind: string) => inv.filter((i) => i.kind === kind && i.status === 'sent').map((i) => Number(i.sent_ms)).sort((a, b) => a - b)[0] ?? null;
  return {
    id: d.id, deliveredAt: d.delivered_at, customerId: d.customer_id, email: d.email, locale: d.locale,
    status: statusOf(inv, !!answer), invitedAt: iso(sent('invite')), remindedAt: iso(sent('reminder')),
    answeredAt: answer?.answered_at ?? null, answerChannel: answer ? (answer.channel ?? 'web') : null,
  };
}

/** Invitations in one status (the failed sends, with the server's reply), newest first. */
export async function listInvitations(db: Kysely<Database>, o: { status: string; limit: number }) {
  if (!['scheduled', 'sent', 'failed', 'cancelled', 'skipped'].includes(o.status)) throw new FilterError('status', `scheduled, sent, failed, cancelled or skipped; got "${o.status}"`);
  const rows = await db.selectFrom('invitations').selectAll().where('status', '=', o.status as InvitationsTable['status']).orderBy('updated_ms', 'desc').limit(o.limit).execute();
  return { items: rows.map(invitationOut) };
}

/** A period on the delivery time from `from`/`to` (dates in the collector's time zone, `to` taking its whole day, or date-times), as the other read routes read them. */
export function periodOf(from: string | undefined, to: string | undefined, tz: string): { from: number; to: number } {
  return { from: from ? parseTime('from', from, tz) : 0, to: to ? parseTime('to', to, tz) : 8.64e15 };
}

/** The invitation figures of the deliveries delivered in [from, to). */
export async function invitationSummary(db: Kysely<Database>, p: { from: number; to: number }) {
  const inPeriod = (alias: string) => sql`${sql.ref(`${alias}.delivered_ms`)} >= ${p.from} and ${sql.ref(`${alias}.delivered_ms`)} < ${p.to}`;
  const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(db)).rows[0]!;
  const [counts, byStatus, byChannel, widget] = await Promise.all([
    one(sql<{ deliveries: number; invited: number; reminded: number; answered_invited: number }>`
      select
        (select count(*) from deliveries d where ${inPeriod('d')}) as deliveries,
        (select count(*) from invitations i join deliveries d on d.id = i.delivery_id where ${inPeriod('d')} and i.kind = 'invite' and i.status = 'sent') as invited,
        (select count(*) from invitations i join deliveries d on d.id = i.delivery_id where ${inPeriod('d')} and i.kind = 'reminder' and i.status = 'sent') as reminded,
        (select count(*) from invitations i join deliveries d on d.id = i.delivery_id
           where ${inPeriod('d')} and i.kind = 'invite' and i.status = 'sent'
             and exists (select 1 from response_slots s where s.delivery_id = i.delivery_id and s.wave = i.wave)) as answered_invited`),
    sql<{ status: string; unsub: number; n: number }>`
      select i.status, case when i.reason = 'unsubscribed' then 1 else 0 end as unsub, count(distinct i.delivery_id) as n
      from invitations i join deliveries d on d.id = i.delivery_id where ${inPeriod('d')} group by i.status, case when i.reason = 'unsubscribed' then 1 else 0 end`.execute(db),
    sql<{ channel: string | null; n: number }>`
      select r.channel, count(*) as n from responses r join deliveries d on d.id = r.delivery_id where ${inPeriod('d')} group by r.channel`.execute(db),
    one(sql<{ total: number; answered: number }>`
      select count(*) as total, coalesce(sum(case when x.outcome = 'answered' then 1 else 0 end), 0) as answered
      from displays x where x.channel is null and x.shown_ms >= ${p.from} and x.shown_ms < ${p.to}`),
  ]);
  const status = (s: string, unsub = 0) => byStatus.rows.filter((r) => r.status === s && Number(r.unsub) === unsub).reduce((a, r) => a + Number(r.n), 0);
  const answeredBy: Record<string, number> = {};
  for (const r of byChannel.rows) answeredBy[r.channel ?? 'web'] = (answeredBy[r.channel ?? 'web'] ?? 0) + Number(r.n);
  const invited = Number(counts.invited);
  return {
    from: p.from > 0 ? iso(p.from) : null,
    to: p.to < 8.64e15 ? iso(p.to) : null,
    deliveries: Number(counts.deliveries),
    invited,
    reminded: Number(counts.reminded),
    answered: Object.values(answeredBy).reduce((a, b) => a + b, 0),
    answeredBy,
    unsubscribed: status('cancelled', 1) + status('skipped', 1),
    failed: status('failed'),
    scheduled: status('scheduled'),
    skipped: status('skipped'),
    cancelled: status('cancelled'),
    rate: rateOf(Number(counts.answered_invited), invited),
    widget: rateOf(Number(widget.answered), Number(widget.total)),
  };
}

/** The mail preview: newest first. */
export async function listMail(db: Kysely<Database>, limit: number) {
  const rows = await db.selectFrom('mail_preview').select(['id', 'to_address', 'subject', 'kind', 'delivery_id', 'created_ms']).orderBy('created_ms', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((m) => ({ id: m.id, to: m.to_address, subject: m.subject, kind: m.kind, deliveryId: m.delivery_id, createdAt: iso(m.created_ms) }));
}

export async function getMail(db: Kysely<Database>, id: string) {
  const m = await db.selectFrom('mail_preview').selectAll().where('id', '=', id).executeTakeFirst();
  return m ? { id: m.id, to: m.to_address, from: m.from_address, subject: m.subject, text: m.text, html: m.html, headers: JSON.parse(m.headers) as Record<string, string>, kind: m.kind, deliveryId: m.delivery_id, createdAt: iso(m.created_ms) } : null;
}
