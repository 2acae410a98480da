// POST /v1/invitations/:id/result: the merchant's sender (an SMS gateway behind the webhook receiver)
// says what became of an invitation handed to it as `invitation.due`, so the delivery's timeline shows
// the gateway's word instead of "handed to the webhook endpoint(s)". Admin credential, audited.
import type { Guards } from './access.ts';
import type { Hono, MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { invitationOut } from '../read/deliveries.ts';
import type { Database } from '../store/schema.ts';
import { noteAudit, type Auditor } from './audit.ts';
import { firstIssue } from './client.ts';
import { mediaType } from './limits.ts';

export const InvitationResultSchema = z.strictObject(
  {
    status: z.enum(['sent', 'failed'], { error: 'expected "sent" or "failed"' }),
    reason: z.string({ error: 'expected the sender\'s words (text of 1 to 500 characters)' }).trim().min(1, 'expected the sender\'s words (text of 1 to 500 characters)').max(500, 'expected at most 500 characters').optional(),
  },
  { error: (i) => (i.code === 'unrecognized_keys' ? `expected only status and reason; got ${i.keys.join(', ')}` : 'expected an object such as {"status": "sent"}') },
);

export interface InvitationResultOptions {
  db: Kysely<Database>;
  now: () => number;
  audit: Auditor;
  read: Guards;
}

export function invitationResultRoutes(app: Hono, o: InvitationResultOptions) {
  app.use('/v1/invitations/:id/result', o.audit.audited('invitation.result'));
  app.post('/v1/invitations/:id/result', ...o.read, async (c) => {
    const id = c.req.param('id');
    noteAudit(c, { target: `invitation ${id}` });
    if (mediaType(c) !== 'application/json') return c.json({ error: 'content-type: expected application/json such as {"status": "sent"}' }, 415);
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return c.json({ error: 'body: expected JSON such as {"status": "sent"}' }, 400);
    }
    const parsed = InvitationResultSchema.safeParse(raw);
    if (!parsed.success) return c.json(firstIssue(parsed.error.issues), 400);
    const { status, reason } = parsed.data;
    const found = await o.db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!found) return c.json({ error: `id: no invitation ${JSON.stringify(id)} is known` }, 404);
    // Only what the collector handed over (a text, sent_ms set): an e-mail's fate is the SMTP server's reply.
    if (found.channel === 'email' || found.sent_ms === null || (found.status !== 'sent' && found.status !== 'failed')) {
      return c.json({ error: `id: invitation ${id} was not handed to a sender (channel ${found.channel}, status ${found.status}); only an invitation.due one takes a result` }, 409);
    }
    const set = { status, reason: reason ?? (status === 'sent' ? 'sent (the sender confirmed)' : 'failed (the sender gave no reason)'), updated_ms: o.now() };
    await o.db.updateTable('invitations').set(set).where('id', '=', id).execute();
    noteAudit(c, { rows: 1, detail: { status } });
    return c.json(invitationOut({ ...found, ...set }));
  });
}
