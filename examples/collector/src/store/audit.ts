// The audit trail: every admin action that reads raw answers, exports, erases, changes a case or signs
// in, and every erasure or export request from anyone, with its outcome (PIPL Art. 50 and 56; GDPR
// Art. 5(2), accountability). Written by the edge (http/audit.ts); read by GET /v1/audit.
import type { Kysely } from 'kysely';
import { sortableId } from './derived.ts';
import type { Database } from './schema.ts';

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null | undefined;
  rows?: number | null | undefined;
  address?: string | null | undefined;
  outcome: string;
  detail?: Record<string, unknown> | null | undefined;
}

/** Appends one entry (its id sorts by time). */
export async function writeAudit(db: Kysely<Database>, at: number, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: sortableId(at), at_ms: at, actor: e.actor, action: e.action, target: e.target ?? null, rows: e.rows ?? null,
      address: e.address ?? null, outcome: e.outcome.slice(0, 500), detail: e.detail ? JSON.stringify(e.detail).slice(0, 4000) : null,
    })
    .execute();
}
