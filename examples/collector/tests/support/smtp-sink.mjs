// A real SMTP server for the invitation suites, as a process (`node smtp-sink.mjs`), built on the
// `smtp-server` package and listening on 127.0.0.1:SINK_PORT (0 for any). Plain SMTP on loopback:
// no STARTTLS offered, AUTH optional and allowed without TLS (any user and password; the user is
// logged, the password never). How it answers is SINK_MODE:
//   normal    accept every message
//   refuse    answer every RCPT TO with `550 5.1.1 mailbox unavailable` (SINK_REFUSE_AT=data: the
//             end of DATA instead, after the message arrived)
//   tempfail  answer RCPT TO with `451 4.3.0 try again later` until a recipient's SINK_ACCEPT_FROM-th
//             attempt (default 3), which is accepted
//   hang      accept the connection and never greet (the client waits for its greeting timeout)
// SINK_DELAY_MS delays each accepted message's 250 by that long (after it is logged): a slow server.
// SINK_BODIES=0 leaves text and html out of the log lines (thousands of messages).
// It prints `smtp sink listening on PORT`, then one NDJSON line per event on stdout:
//   {"event":"connect","at":ms}
//   {"event":"refused","at":ms,"to":address,"code":550|451,"reply":"…"}
//   {"event":"message","at":ms,"user":AUTH user|null,"envelope":{from,to},"from","to","subject","text","html",
//    "date","headers":{"message-id","list-unsubscribe","list-unsubscribe-post","content-language","date",…}}
// A message is logged before its 250 is sent: a client that got the 250 can count on the line.
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

const mode = process.env.SINK_MODE || 'normal';
if (!['normal', 'refuse', 'tempfail', 'hang'].includes(mode)) {
  process.stderr.write(`smtp sink: SINK_MODE: expected normal, refuse, tempfail or hang; got "${mode}"\n`);
  process.exit(2);
}
const refuseAt = process.env.SINK_REFUSE_AT === 'data' ? 'data' : 'rcpt';
const acceptFrom = Number(process.env.SINK_ACCEPT_FROM || 3);
const delayMs = Number(process.env.SINK_DELAY_MS || 0);
const bodies = process.env.SINK_BODIES !== '0';
const attempts = new Map();
const REFUSED = '550 5.1.1 mailbox unavailable';
const LATER = '451 4.3.0 try again later';

const log = (line) => process.stdout.write(`${JSON.stringify({ ...line, at: Date.now() })}\n`);
/** An SMTP reply as smtp-server sends it: the code, and the text after it. */
const reply = (words) => Object.assign(new Error(words.slice(4)), { responseCode: Number(words.slice(0, 3)) });

/** The header lines as sent (unfolded), by lower-case name; mailparser's own values are parsed into objects. */
function rawHeaders(lines) {
  const out = {};
  for (const { key, line } of lines) out[key] = line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
  return out;
}

const server = new SMTPServer({
  secure: false,
  disabledCommands: ['STARTTLS'],
  authOptional: true,
  allowInsecureAuth: true,
  // A reverse lookup of 127.0.0.1 would hold every greeting for up to 1.5 s.
  disableReverseLookup: true,
  logger: false,
  onConnect(session, callback) {
    log({ event: 'connect' });
    // hang: the callback is never called, so the greeting is never sent.
    if (mode !== 'hang') callback();
  },
  onAuth(auth, session, callback) {
    callback(null, { user: auth.username });
  },
  onRcptTo(address, session, callback) {
    const to = address.address.toLowerCase();
    if (mode === 'refuse' && refuseAt === 'rcpt') {
      log({ event: 'refused', to, code: 550, reply: REFUSED });
      return callback(reply(REFUSED));
    }
    if (mode === 'tempfail') {
      const n = (attempts.get(to) ?? 0) + 1;
      attempts.set(to, n);
      if (n < acceptFrom) {
        log({ event: 'refused', to, code: 451, reply: LATER, attempt: n });
        return callback(reply(LATER));
      }
    }
    callback();
  },
  onData(stream, session, callback) {
    simpleParser(stream).then(
      (m) => {
        if (mode === 'refuse') {
          for (const to of session.envelope.rcptTo) log({ event: 'refused', to: to.address.toLowerCase(), code: 550, reply: REFUSED });
          return callback(reply(REFUSED));
        }
        log({
          event: 'message',
          user: session.user ?? null,
          envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null, to: session.envelope.rcptTo.map((r) => r.address) },
          from: m.from?.text ?? null,
          to: Array.isArray(m.to) ? m.to.map((t) => t.text).join(', ') : (m.to?.text ?? null),
          subject: m.subject ?? null,
          text: bodies ? (m.text ?? null) : null,
          html: bodies ? (typeof m.html === 'string' ? m.html : null) : null,
          date: m.date ? m.date.toISOString() : null,
          headers: rawHeaders(m.headerLines),
        });
        if (delayMs > 0) setTimeout(() => callback(null, 'queued'), delayMs);
        else callback(null, 'queued');
      },
      (e) => callback(Object.assign(new Error(`could not parse the message: ${e.message}`), { responseCode: 554 })),
    );
  },
});
server.on('error', (e) => process.stderr.write(`smtp sink: ${e.message}\n`));
server.listen(Number(process.env.SINK_PORT || 0), '127.0.0.1', () => {
  process.stdout.write(`smtp sink listening on ${server.server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
