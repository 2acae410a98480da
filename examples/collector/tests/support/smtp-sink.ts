// Runs tests/support/smtp-sink.mjs (a real SMTP server) as a process and reads what it logged.
import { spawn } from 'node:child_process';

export interface SinkMessage {
  event: 'message';
  /** When it arrived, on the real clock (ms). */
  at: number;
  /** The AUTH user the client signed in as, if it did. */
  user: string | null;
  envelope: { from: string | null; to: string[] };
  from: string | null;
  to: string | null;
  subject: string | null;
  text: string | null;
  html: string | null;
  /** The Date header, as ISO 8601. */
  date: string | null;
  /** Every header as sent (unfolded), by lower-case name: message-id, list-unsubscribe, list-unsubscribe-post, content-language… */
  headers: Record<string, string>;
}
export interface SinkRefusal {
  event: 'refused';
  at: number;
  to: string;
  code: number;
  reply: string;
}
type SinkEvent = SinkMessage | SinkRefusal | { event: 'connect'; at: number };

export interface SmtpSinkOptions {
  mode?: 'normal' | 'refuse' | 'tempfail' | 'hang';
  /** refuse: at RCPT TO (default) or at the end of DATA. */
  refuseAt?: 'rcpt' | 'data';
  /** tempfail: the attempt (per recipient) that is accepted; default 3. */
  acceptFrom?: number;
  /** Holds each 250 after DATA this long. */
  delayMs?: number;
  /** false: no text and html in the log (for thousands of messages). */
  bodies?: boolean;
}

/** The invitation id a Message-ID (`<inv_….ATTEMPT@host>`) names: the part before the first dot. */
export const invitationOf = (m: SinkMessage) => (m.headers['message-id'] ?? '').replace(/^</, '').split('.')[0]!;

/** Starts the sink; resolves once it listens. */
export async function startSmtpSink(o: SmtpSinkOptions = {}) {
  const proc = spawn(process.execPath, ['examples/collector/tests/support/smtp-sink.mjs'], {
    env: {
      PATH: process.env.PATH ?? '', SINK_PORT: '0', SINK_MODE: o.mode ?? 'normal', SINK_REFUSE_AT: o.refuseAt ?? 'rcpt',
      SINK_ACCEPT_FROM: String(o.acceptFrom ?? 3), SINK_DELAY_MS: String(o.delayMs ?? 0), SINK_BODIES: o.bodies === false ? '0' : '1',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Parsed as the lines arrive (a suite may log thousands of messages and poll for them often).
  const events: SinkEvent[] = [];
  let partial = '';
  let banner = '';
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop()!;
    for (const l of lines) {
      if (l.startsWith('{')) events.push(JSON.parse(l) as SinkEvent);
      else if (l) banner += `${l}\n`;
    }
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`smtp sink did not start: ${banner}`)), 10_000);
    const check = () => {
      const m = /smtp sink listening on (\d+)/.exec(banner);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout!.off('data', check);
      resolve(Number(m[1]));
    };
    proc.stdout!.on('data', check);
    proc.once('exit', (code) => reject(new Error(`smtp sink exited with ${code}: ${banner}`)));
  });
  const messages = () => events.filter((e): e is SinkMessage => e.event === 'message');
  return {
    port,
    /** For AFTERCARE_SMTP_URL; `user` signs in with AUTH (any password is accepted). */
    url: (user?: string) => `smtp://${user ? `${user}:not-a-real-password@` : ''}127.0.0.1:${port}`,
    messages,
    refusals: () => events.filter((e): e is SinkRefusal => e.event === 'refused'),
    connections: () => events.filter((e) => e.event === 'connect').length,
    /** Resolves with the messages once `n` arrived (to `to`, when given); rejects after `ms`. */
    async waitFor(n: number, o: { to?: string; ms?: number } = {}) {
      const ms = o.ms ?? 10_000;
      const end = Date.now() + ms;
      const mine = () => messages().filter((m) => !o.to || m.envelope.to.includes(o.to));
      while (mine().length < n) {
        if (Date.now() > end) throw new Error(`smtp sink: ${mine().length} of ${n} messages${o.to ? ` to ${o.to}` : ''} after ${ms} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return mine();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}
export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;
