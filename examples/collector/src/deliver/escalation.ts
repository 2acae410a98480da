// Escalation, as the service guide asks: a case still unanswered at its first-response deadline
// notifies whoever it is assigned to; a case unresolved at its resolution deadline (and not waiting on
// the customer) notifies the manager of that person's team. Each step is taken once per case: a
// conditional UPDATE claims it (escalated_*_ms, from null), and in the same transaction the step
// writes its `case.overdue` webhook event and its e-mails into case_notifications, an outbox sent by
// this worker with leases like the invitations (a killed instance's claim lapses and another sends
// it; a sent row is never sent again). A reopened case starts its steps again.
import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DbKind } from '../store/open.ts';
import { bumpChanges } from '../store/changes.ts';
import { enqueue } from '../store/events.ts';
import type { CasesTable, Database } from '../store/schema.ts';
import { caseOf } from '../store/shapes.ts';
import { pollingLoop } from './loop.ts';

export type Step = 'response' | 'resolution';

export interface EscalationOptions {
  db: Kysely<Database>;
  kind: DbKind;
  now: () => number;
  endpoints: () => readonly string[];
  /** Sends one escalation e-mail; null when mail is not set up (then only the webhook and the dashboard say it). */
  send: ((to: string, m: { step: Step; caseId: string; tier: string | null; due: number; url: string; scores: string; store: string | null }) => Promise<{ ok: boolean; error?: string }>) | null;
  publicUrl: () => string | undefined;
  pollMs?: number | undefined;
  onEvents?: () => void;
  leaseMs?: number;
}

const RETRY_MS = [60_000, 300_000, 900_000, 3_600_000];
const BATCH = 50;

/** The people to tell at a step: the assignee (a person, or a team's people), or at resolution their team's managers. */
export async function recipientsOf(db: Kysely<Database> | Transaction<Database>, c: Pick<CasesTable, 'owner' | 'meta'>, step: Step): Promise<string[]> {
  const people = await db.selectFrom('people').select(['id', 'email', 'role', 'team', 'limit_key', 'limit_values']).where('email', 'is not', null).execute();
  const meta = c.meta ? (JSON.parse(c.meta) as Record<string, unknown>) : {};
  // A manager limited to some stores hears only of theirs.
  const sees = (p: (typeof people)[number]) => !p.limit_key || (JSON.parse(p.limit_values ?? '[]') as string[]).includes(String(meta[p.limit_key] ?? ''));
  const person = c.owner?.startsWith('person:') ? people.find((p) => p.id === c.owner!.slice(7)) : undefined;
  const team = c.owner?.startsWith('team:') ? c.owner.slice(5) : (person?.team ?? null);
  const managers = () => {
    const ofTeam = people.filter((p) => p.role === 'manager' && team !== null && p.team === team && sees(p));
    const any = people.filter((p) => p.role === 'manager' && sees(p));
    const owners = people.filter((p) => p.role === 'owner');
    return ofTeam.length ? ofTeam : any.length ? any : owners;
  };
  let to: typeof people;
  if (step === 'response') to = person ? [person] : team ? people.filter((p) => p.team === team && p.role !== 'viewer') : managers();
  else to = managers();
  return [...new Set(to.map((p) => p.email!))].sort();
}

export function escalationWorker(o: EscalationOptions) {
  const leaseMs = o.leaseMs ?? 600_000;
  const stats = { escalated: 0, sent: 0, failed: 0 };

  /** Takes every step now due, each in its own transaction; the number taken. */
  async function escalate(t: number): Promise<number> {
    const due = await o.db
      .selectFrom('cases')
      .select(['id'])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'open'), eb('due_ms', '<', t), eb('escalated_response_ms', 'is', null)]),
          eb.and([eb('status', '!=', 'resolved'), eb('pending_since_ms', 'is', null), eb('resolution_due_ms', '<', t), eb('escalated_resolution_ms', 'is', null)]),
        ]),
      )
      .limit(BATCH)
      .execute();
    let n = 0;
    for (const { id } of due) n += await o.db.transaction().execute(async (trx) => {
      let taken = 0;
      for (const step of ['response', 'resolution'] as const) {
        const col = step === 'response' ? 'escalated_response_ms' : 'escalated_resolution_ms';
        let q = trx.updateTable('cases').set({ [col]: t }).where('id', '=', id).where(col, 'is', null);
        q = step === 'response' ? q.where('status', '=', 'open').where('due_ms', '<', t) : q.where('status', '!=', 'resolved').where('pending_since_ms', 'is', null).where('resolution_due_ms', '<', t);
        const row = await q.returningAll().executeTakeFirst();
        if (!row) continue;
        taken++;
        const shaped = caseOf(row, [], t);
        await enqueue(trx, [{ type: 'case.overdue', data: { step, case: shaped }, subject: { responseId: row.response_id, deliveryId: row.delivery_id, customerId: row.customer_id } }], o.endpoints(), t);
        if (o.send) {
          // In the transaction: SQLite has one connection, and a query beside the transaction would wait for it forever.
          const to = await recipientsOf(trx, row, step);
          const rows = to.map((address) => ({ id: randomUUID(), case_id: id, step, to_address: address, status: 'pending' as const, attempts: 0, next_ms: t, lease_ms: null, error: null, created_ms: t, sent_ms: null }));
          if (rows.length) await trx.insertInto('case_notifications').values(rows).onConflict((oc) => oc.columns(['case_id', 'step', 'to_address']).doNothing()).execute();
        }
      }
      // Last in the transaction: the counter's row is held only until the commit.
      if (taken) await bumpChanges(trx);
      return taken;
    });
    stats.escalated += n;
    return n;
  }

  /** Sends the due e-mails of the outbox under a lease. */
  async function sendDue(t: number): Promise<number> {
    if (!o.send) return 0;
    const lock = o.kind === 'postgres' ? sql`for update skip locked` : sql``;
    const { rows } = await sql<Database['case_notifications']>`
      update case_notifications set lease_ms = ${t + leaseMs}, attempts = attempts + 1
      where id in (select id from case_notifications where status = 'pending' and next_ms <= ${t} and (lease_ms is null or lease_ms < ${t}) order by next_ms limit ${BATCH} ${lock})
      returning *`.execute(o.db);
    for (const r of rows) {
      const c = await o.db.selectFrom('cases').selectAll().where('id', '=', r.case_id).executeTakeFirst();
      if (!c) {
        await o.db.updateTable('case_notifications').set({ status: 'failed', error: 'the case is gone', lease_ms: null }).where('id', '=', r.id).execute();
        continue;
      }
      const meta = c.meta ? (JSON.parse(c.meta) as Record<string, unknown>) : {};
      const scores = [c.nps !== null ? `NPS ${c.nps}` : null, c.csat !== null ? `CSAT ${c.csat}` : null].filter(Boolean).join(', ');
      const base = o.publicUrl() ?? 'http://localhost';
      const res = await o.send(r.to_address, {
        step: r.step, caseId: c.id, tier: c.tier ?? null, due: Number(r.step === 'response' ? c.due_ms : c.resolution_due_ms), scores,
        store: typeof meta.store === 'string' ? meta.store : null, url: `${base}/dashboard/?view=followup&case=${encodeURIComponent(c.id)}`,
      });
      const attempts = Number(r.attempts);
      if (res.ok) {
        stats.sent++;
        await o.db.updateTable('case_notifications').set({ status: 'sent', sent_ms: o.now(), lease_ms: null, error: null }).where('id', '=', r.id).execute();
      } else if (attempts >= RETRY_MS.length + 1) {
        stats.failed++;
        await o.db.updateTable('case_notifications').set({ status: 'failed', lease_ms: null, error: (res.error ?? 'not sent').slice(0, 500) }).where('id', '=', r.id).execute();
      } else {
        await o.db.updateTable('case_notifications').set({ next_ms: o.now() + RETRY_MS[attempts - 1]!, lease_ms: null, error: (res.error ?? 'not sent').slice(0, 500) }).where('id', '=', r.id).execute();
      }
    }
    return rows.length;
  }

  async function runOnce(): Promise<number> {
    const t = o.now();
    const n = await escalate(t);
    if (n && o.endpoints().length) o.onEvents?.();
    return n + (await sendDue(t));
  }
  const loop = pollingLoop(runOnce, { pollMs: o.pollMs ?? 30_000, name: 'escalation' });
  return { ...loop, runOnce, stats };
}
export type EscalationWorker = ReturnType<typeof escalationWorker>;
