// How a rendered invitation leaves the collector: through any SMTP server with nodemailer (a pooled
// transport; STARTTLS when the server offers it on smtp://, implicit TLS on smtps://), or into the
// mail preview table (the demo: the dashboard shows each message as it would arrive). Failures are
// classified for the schedule: a 5xx reply is permanent (the invitation fails with the server's
// words), a 4xx reply or a connection problem is transient (retried with backoff inside the window).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import type { Database } from '../store/schema.ts';

export interface OutgoingMail {
  invitationId: string;
  deliveryId: string;
  kind: 'invite' | 'reminder';
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

export type SendResult = { kind: 'sent'; reply: string } | { kind: 'transient'; error: string } | { kind: 'permanent'; error: string };

export interface Mailer {
  send(m: OutgoingMail): Promise<SendResult>;
  close(): void;
}

/** The SMTP commands whose 5xx reply is about this message (its sender, recipient or content), not the connection. */
const MESSAGE_COMMANDS = new Set(['MAIL FROM', 'RCPT TO', 'DATA']);

/**
 * An SMTP error's class: nodemailer puts the server's reply code on `responseCode` and the command on
 * `command`. A 5xx to the message's own commands is permanent (the mailbox does not exist, the message
 * is refused): the invitation fails with the server's words. A 5xx at connect, TLS or login (a wrong
 * password, STARTTLS required but not offered) says the collector's setup is wrong, not the message:
 * like a 4xx or a connection error, it is retried, and the timeline shows the reply meanwhile.
 */
export function classify(e: { responseCode?: number; code?: string; command?: string; response?: string; message?: string }): SendResult {
  const words = (e.response ?? e.message ?? String(e)).slice(0, 500);
  const aboutMessage = e.code === 'EENVELOPE' || e.code === 'EMESSAGE' || MESSAGE_COMMANDS.has((e.command ?? '').toUpperCase());
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && aboutMessage) return { kind: 'permanent', error: words };
  // An address nodemailer cannot put on the envelope is not going to get better either.
  if (e.code === 'EENVELOPE' && e.responseCode === undefined) return { kind: 'permanent', error: words };
  return { kind: 'transient', error: e.responseCode ? words : `${e.code ?? 'error'}: ${words}` };
}

/** Sends through `url` (smtp:// or smtps://). Timeouts bound a server that accepts and then hangs. */
export function smtpMailer(url: string, o: { timeoutMs?: number; maxConnections?: number } = {}): Mailer {
  const timeout = o.timeoutMs ?? 20_000;
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: o.maxConnections ?? 4,
    maxMessages: 500,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // Never nodemailer's own logging: its debug output would carry the AUTH exchange.
    logger: false,
    debug: false,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(m) {
      try {
        const info = await transport.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html, messageId: m.messageId, headers: m.headers });
        return { kind: 'sent', reply: String(info.response ?? '').slice(0, 500) };
      } catch (e) {
        return classify(e as Parameters<typeof classify>[0]);
      }
    },
    close: () => transport.close(),
  };
}

/** Keeps each message in `mail_preview` instead of sending it (AFTERCARE_MAIL_PREVIEW=1). */
export function previewMailer(db: Kysely<Database>, now: () => number): Mailer {
  return {
    async send(m) {
      await db
        .insertInto('mail_preview')
        .values({
          id: `mail_${randomBytes(12).toString('base64url')}`, invitation_id: m.invitationId, delivery_id: m.deliveryId, kind: m.kind,
          to_address: m.to, from_address: m.from, subject: m.subject, text: m.text, html: m.html,
          headers: JSON.stringify({ 'Message-ID': m.messageId, ...m.headers }), created_ms: now(),
        })
        .execute();
      return { kind: 'sent', reply: 'kept in the mail preview (AFTERCARE_MAIL_PREVIEW=1)' };
    },
    close() {},
  };
}
