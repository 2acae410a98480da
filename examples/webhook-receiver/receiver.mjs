#!/usr/bin/env node
// A merchant's receiver for the collector's webhooks: verifies each event (Standard Webhooks), drops
// retries of one it already has, writes it to stdout as one NDJSON line, forwards cases to Slack
// and a ticket system, and texts an `invitation.due` through an SMS gateway.
// `node examples/webhook-receiver/receiver.mjs`; README.md lists the variables.
// stdout carries only the events (pipe it to jq, a file, a queue); everything else goes to stderr.
import { createServer } from 'node:http';
import { ConfigError, loadConfig } from './config.mjs';
import { forward } from './forward.mjs';
import { PATH, webhookHandler } from './handler.mjs';
import { slackMessage, ticketOf } from './messages.mjs';
import { seenIds } from './seen.mjs';
import { sendText } from './sms.mjs';

const log = (line) => process.stderr.write(`[aftercare receiver] ${line}\n`);
const fail = (line) => {
  process.stderr.write(`${line}\n`);
  process.exit(2);
};

let config;
try {
  config = loadConfig(process.env);
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  fail(e.message);
}

let seen;
try {
  seen = seenIds({ file: config.seenFile });
} catch (e) {
  fail(`[aftercare receiver] RECEIVER_SEEN_FILE: expected a file the receiver can read, write and replace; ${config.seenFile} gave ${e.code ?? e.message}`);
}

/** Forwards still running, so a shutdown can wait for them. */
const running = new Set();
const track = (p) => {
  const done = p.catch((e) => log(`a forward failed unexpectedly: ${e?.stack ?? e}`)).finally(() => running.delete(done));
  running.add(done);
};

/** Starts the forwards an event has (Slack, ticket, SMS gateway); resolves when they are done (they never reject). */
function forwardAll(entry) {
  const jobs = [];
  try {
    const slack = config.slackUrl && slackMessage(entry.event);
    if (slack) jobs.push(forward({ name: 'Slack', url: config.slackUrl, body: slack, log }));
    const ticket = config.ticketUrl && ticketOf(entry.event);
    const headers = config.ticketAuthorization ? { authorization: config.ticketAuthorization } : {};
    if (ticket) jobs.push(forward({ name: 'ticket', url: config.ticketUrl, body: ticket, headers, log }));
    if (config.smsGatewayUrl && entry.type === 'invitation.due') {
      const { smsGatewayUrl: gatewayUrl, smsGatewayAuthorization: gatewayAuthorization, collectorUrl, adminToken } = config;
      jobs.push(sendText({ event: entry.event, gatewayUrl, gatewayAuthorization, collectorUrl, adminToken, log }));
    }
  } catch (e) {
    // A message that cannot be built is a bug here, not in the event: logged, and the rest carries on.
    log(`${entry.id}: could not forward: ${e.stack ?? e}`);
  }
  return Promise.all(jobs);
}

/** One accepted event: its line now, before the answer; its forwards after the answer (they may take seconds). */
function accept(entry) {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
  track(new Promise((resolve) => setImmediate(resolve)).then(() => forwardAll(entry)));
}

const handle = webhookHandler({ secret: config.secret, seen, accept, log });
const server = createServer((req, res) => {
  handle(req, res).catch((e) => {
    log(`${req.method} ${req.url}: ${e.stack ?? e}`);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":"internal error"}');
  });
});
// A slow client cannot hold a connection open for long (the collector's own timeout is 15 s).
server.headersTimeout = 10_000;
server.requestTimeout = 30_000;

server.on('error', (e) => fail(`[aftercare receiver] RECEIVER_PORT: expected an address to listen on; ${config.host}:${config.port} gave ${e.code ?? e.message}`));
server.listen(config.port, config.host, () => {
  const { port } = server.address();
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const forwards = [config.slackUrl && 'Slack', config.ticketUrl && 'ticket'].filter(Boolean).join(' and ') || 'nothing (stdout only)';
  const texts = config.smsGatewayUrl ? `; texts to the SMS gateway (${new URL(config.smsGatewayUrl).host})${config.collectorUrl ? ', results to the collector' : ''}` : '';
  log(`forwarding cases to ${forwards}${texts}; ${config.seenFile ? `remembering webhook-ids in ${config.seenFile}` : 'remembering webhook-ids in memory only'}`);
  // Tests and scripts wait for this line (on stderr, as stdout is only events).
  process.stderr.write(`receiver listening on http://${host}:${port}${PATH}\n`);
});

/** Stops taking requests, gives running forwards up to 15 s to finish, then exits. */
function shutdown() {
  server.close();
  server.closeIdleConnections();
  const deadline = new Promise((resolve) => setTimeout(resolve, 15_000).unref());
  Promise.race([Promise.allSettled([...running]), deadline]).then(() => process.exit(0));
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
