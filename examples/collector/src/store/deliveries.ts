// Deliveries and their invitation schedule, written in one transaction: the delivery rows (a repeat of
// an id updates its contact, locale, plan and meta; absent fields keep their stored value; its time
// never moves) and one scheduled invitation per wave and channel (the unique key (delivery, wave,
// kind, channel) means a repeat schedules nothing twice and never touches what was sent).
import { createHmac, randomBytes } from 'node:crypto';
import { type Kysely, type Transaction } from 'kysely';
import { writeLockFirst } from './open.ts';
import { inSendingHours, waveCount, waveWindow } from './plan.ts';
import type { Database, DeliveriesTable, InvitationsTable } from './schema.ts';

const CHUNK = 200;

/** A delivery as posted (ingest/deliveries.ts checks it). */
export interface DeliveryIn {
  id: string;
  deliveredAt: string;
  customerId?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  locale?: string | undefined;
  timeZone?: string | undefined;
  survey?: 'csat' | 'nps' | 'both' | undefined;
  resurvey?: { everyDays: number; untilDays: number } | undefined;
  meta?: Record<string, unknown> | undefined;
}

export interface ScheduleSettings {
  now: number;
  /** AFTERCARE_SEND_HOURS. */
  sendHours: readonly [number, number];
  /** AFTERCARE_TZ: the sending hours' zone for deliveries without their own. */
  timeZone: string;
  /** AFTERCARE_INVITE_CHANNELS: `email` (to the delivery's address) and `webhook` (a text to its phone, channel `sms`). */
  channels: readonly string[];
}

/** `inv_` and 96 random bits. */
export const invitationId = () => `inv_${randomBytes(12).toString('base64url')}`;

/** Whom the per-customer rules count as one person: the customer id, else the e-mail address. */
export const customerKey = (d: { customer_id: string | null; email: string | null }) => (d.customer_id ? `c:${d.customer_id}` : d.email ? `e:${d.email.toLowerCase()}` : null);

export const planOf = (d: Pick<DeliveriesTable, 'resurvey_every' | 'resurvey_until'>) =>
  d.resurvey_every && d.resurvey_until ? { everyDays: Number(d.resurvey_every), untilDays: Number(d.resurvey_until) } : null;

async function inChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/** The scheduled invitation rows of one delivery: one per wave, for each channel it can be reached by. */
export function scheduleOf(d: DeliveriesTable, s: ScheduleSettings): InvitationsTable[] {
  const channels = [...(d.email && s.channels.includes('email') ? ['email'] : []), ...(d.phone && s.channels.includes('webhook') ? ['sms'] : [])];
  const plan = planOf(d);
  const t = Number(d.delivered_ms);
  const rows: InvitationsTable[] = [];
  for (let wave = 0; channels.length && wave < waveCount(plan); wave++) {
    const due = inSendingHours(waveWindow(t, plan, wave).opens, d.time_zone ?? s.timeZone, s.sendHours);
    for (const channel of channels) {
      rows.push({
        id: invitationId(), delivery_id: d.id, wave, kind: 'invite', channel, status: 'scheduled', due_ms: due, next_ms: due,
        attempts: 0, lease_ms: null, claimed_by: null, sent_ms: null, reason: null, message_id: null, to_address: null, created_ms: s.now, updated_ms: s.now,
      });
    }
  }
  return rows;
}

/**
 * Stores deliveries and schedules their invitations; returns the indexes (into `list`) refused, with
 * why. One transaction: a crash leaves either the whole request or none of it.
 */
export async function storeDeliveries(db: Kysely<Database>, list: Array<{ index: number; d: DeliveryIn }>, s: ScheduleSettings): Promise<Array<{ index: number; error: string }>> {
  return db.transaction().execute(async (trx) => {
    await writeLockFirst(trx);
    const stored = new Map<string, DeliveriesTable>();
    await inChunks(list, async (chunk) => {
      for (const r of await trx.selectFrom('deliveries').selectAll().where('id', 'in', chunk.map((x) => x.d.id)).execute()) stored.set(r.id, r);
    });
    const refused: Array<{ index: number; error: string }> = [];
    const rows: DeliveriesTable[] = [];
    for (const { index, d } of list) {
      const old = stored.get(d.id);
      const ms = Date.parse(d.deliveredAt);
      if (old && Number(old.delivered_ms) !== ms) {
        refused.push({ index, error: `deliveries.${index}.deliveredAt: the stored delivery was delivered at ${old.delivered_at}; a delivery's time does not change (post it under a new id)` });
        continue;
      }
      const row: DeliveriesTable = {
        id: d.id,
        delivered_at: new Date(ms).toISOString(),
        delivered_ms: ms,
        customer_id: d.customerId ?? old?.customer_id ?? null,
        email: d.email ?? old?.email ?? null,
        phone: d.phone ?? old?.phone ?? null,
        locale: d.locale ?? old?.locale ?? null,
        time_zone: d.timeZone ?? old?.time_zone ?? null,
        survey: d.survey ?? old?.survey ?? 'csat',
        resurvey_every: d.resurvey ? d.resurvey.everyDays : (old?.resurvey_every ?? null),
        resurvey_until: d.resurvey ? d.resurvey.untilDays : (old?.resurvey_until ?? null),
        meta: d.meta ? JSON.stringify(d.meta) : (old?.meta ?? null),
        customer_key: null,
        created_ms: old ? Number(old.created_ms) : s.now,
        updated_ms: s.now,
      };
      row.customer_key = customerKey(row);
      rows.push(row);
    }
    await inChunks(rows, (chunk) =>
      trx
        .insertInto('deliveries')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            customer_id: eb.ref('excluded.customer_id'), email: eb.ref('excluded.email'), phone: eb.ref('excluded.phone'),
            locale: eb.ref('excluded.locale'), time_zone: eb.ref('excluded.time_zone'), survey: eb.ref('excluded.survey'),
            resurvey_every: eb.ref('excluded.resurvey_every'), resurvey_until: eb.ref('excluded.resurvey_until'),
            meta: eb.ref('excluded.meta'), customer_key: eb.ref('excluded.customer_key'), updated_ms: eb.ref('excluded.updated_ms'),
          })),
        )
        .execute(),
    );
    const invitations = rows.flatMap((r) => scheduleOf(r, s));
    await inChunks(invitations, (chunk) =>
      trx.insertInto('invitations').values(chunk).onConflict((oc) => oc.columns(['delivery_id', 'wave', 'kind', 'channel']).doNothing()).execute(),
    );
    // A plan that shrank: the waves it no longer has are not asked.
    for (const r of rows.filter((x) => stored.has(x.id))) {
      await trx
        .updateTable('invitations')
        .set({ status: 'cancelled', reason: 'the re-survey plan changed', updated_ms: s.now })
        .where('delivery_id', '=', r.id)
        .where('status', '=', 'scheduled')
        .where('wave', '>=', waveCount(planOf(r)))
        .execute();
    }
    // Answered before the delivery was posted (by the widget): nothing to ask.
    await inChunks(rows.map((r) => r.id), (chunk) =>
      trx
        .updateTable('invitations')
        .set({ status: 'cancelled', reason: 'answered', updated_ms: s.now })
        .where('status', '=', 'scheduled')
        .where('delivery_id', 'in', chunk)
        .where(({ exists, selectFrom }) =>
          exists(selectFrom('response_slots as s').select('s.wave').whereRef('s.delivery_id', '=', 'invitations.delivery_id').whereRef('s.wave', '=', 'invitations.wave')),
        )
        .execute(),
    );
    return refused;
  });
}

/** The salted hashes that stand for a delivery's customer and address in `unsubscribes` (never the ids themselves). */
export function unsubscribeKeys(salt: string, d: { customer_id: string | null; email: string | null }): string[] {
  const keys = [...(d.customer_id ? [`c:${d.customer_id}`] : []), ...(d.email ? [`e:${d.email.toLowerCase()}`] : [])];
  return keys.map((k) => createHmac('sha256', salt).update(`unsubscribe\u0000${k}`).digest('hex'));
}

/** Records an unsubscribe (customer and address) and cancels every invitation still scheduled for them; returns how many. */
export async function unsubscribe(db: Kysely<Database>, salt: string, d: DeliveriesTable, now: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    for (const key_hash of unsubscribeKeys(salt, d)) {
      await trx.insertInto('unsubscribes').values({ key_hash, created_ms: now }).onConflict((oc) => oc.column('key_hash').doNothing()).execute();
    }
    const theirs = trx.selectFrom('deliveries').select('id').where((eb) =>
      eb.or([...(d.customer_key ? [eb('customer_key', '=', d.customer_key)] : []), ...(d.email ? [eb('email', '=', d.email)] : []), eb('id', '=', d.id)]),
    );
    const r = await trx
      .updateTable('invitations')
      .set({ status: 'cancelled', reason: 'unsubscribed', updated_ms: now })
      .where('status', '=', 'scheduled')
      .where('delivery_id', 'in', theirs)
      .executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  });
}

/** True when the customer or the address of `d` unsubscribed. */
export async function unsubscribed(db: Kysely<Database>, salt: string, d: { customer_id: string | null; email: string | null }): Promise<boolean> {
  const keys = unsubscribeKeys(salt, d);
  if (!keys.length) return false;
  return !!(await db.selectFrom('unsubscribes').select('key_hash').where('key_hash', 'in', keys).executeTakeFirst());
}

/** An answer for these deliveries and waves arrived (any channel): what is still scheduled for them is cancelled. */
export async function cancelAnswered(db: Kysely<Database> | Transaction<Database>, answered: Array<{ delivery_id: string; wave: number; channel: string | null }>, now: number): Promise<number> {
  let n = 0;
  const byWave = new Map<string, string[]>();
  for (const a of answered) {
    const key = `${a.wave}\u0000${a.channel ?? 'web'}`;
    byWave.set(key, [...(byWave.get(key) ?? []), a.delivery_id]);
  }
  for (const [key, ids] of byWave) {
    const [wave, channel] = key.split('\u0000') as [string, string];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const r = await db
        .updateTable('invitations')
        .set({ status: 'cancelled', reason: `answered (${channel})`, updated_ms: now })
        .where('status', '=', 'scheduled')
        .where('wave', '=', Number(wave))
        .where('delivery_id', 'in', ids.slice(i, i + CHUNK))
        .executeTakeFirst();
      n += Number(r.numUpdatedRows ?? 0);
    }
  }
  return n;
}

/** Cancels what is still scheduled for a delivery (POST /v1/deliveries/:id/cancel); returns how many. */
export async function cancelDelivery(db: Kysely<Database>, id: string, now: number, reason = 'cancelled by the merchant'): Promise<number> {
  const r = await db.updateTable('invitations').set({ status: 'cancelled', reason, updated_ms: now }).where('delivery_id', '=', id).where('status', '=', 'scheduled').executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0);
}

/** The codes of many links at once (one insert, one read): keyed `delivery\0wave\0channel`. */
export async function linkCodes(db: Kysely<Database>, links: Array<{ delivery_id: string; wave: number; channel: string }>, now: number): Promise<Map<string, string>> {
  const key = (l: { delivery_id: string; wave: number | string; channel: string }) => `${l.delivery_id}\u0000${Number(l.wave)}\u0000${l.channel}`;
  const unique = [...new Map(links.map((l) => [key(l), l])).values()];
  await inChunks(unique, (chunk) =>
    db
      .insertInto('survey_links')
      .values(chunk.map((l) => ({ code: randomBytes(16).toString('base64url'), ...l, created_ms: now })))
      .onConflict((oc) => oc.columns(['delivery_id', 'wave', 'channel']).doNothing())
      .execute(),
  );
  const out = new Map<string, string>();
  await inChunks(unique, async (chunk) => {
    for (const r of await db.selectFrom('survey_links').selectAll().where('delivery_id', 'in', [...new Set(chunk.map((l) => l.delivery_id))]).execute()) out.set(key(r), r.code);
  });
  return out;
}

/** The code of a delivery's survey link for a wave and channel, made on first use (128 random bits, 22 characters). */
export async function linkCode(db: Kysely<Database>, deliveryId: string, wave: number, channel: string, now: number): Promise<string> {
  return (await linkCodes(db, [{ delivery_id: deliveryId, wave, channel }], now)).get(`${deliveryId}\u0000${wave}\u0000${channel}`)!;
}
