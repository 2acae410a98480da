// The receiver's configuration from the environment. One bad variable → one `[aftercare receiver]`
// line naming it and what is expected (never its value: secrets and webhook URLs carry credentials).

export class ConfigError extends Error {
  /** @param {string} variable @param {string} expected */
  constructor(variable, expected) {
    super(`[aftercare receiver] ${variable}: expected ${expected}`);
    this.variable = variable;
  }
}

/**
 * @typedef {object} ReceiverConfig
 * @property {string} secret The collector's AFTERCARE_WEBHOOK_SECRET, `whsec_` + base64.
 * @property {number} port
 * @property {string} host
 * @property {string | undefined} seenFile Where accepted webhook-ids are appended, so a restart still dedupes.
 * @property {string | undefined} slackUrl A Slack Incoming Webhook URL.
 * @property {string | undefined} ticketUrl Where `case.opened` is posted as a ticket.
 * @property {string | undefined} ticketAuthorization Sent as the ticket request's `Authorization` header.
 * @property {string | undefined} smsGatewayUrl Where `invitation.due` is posted as `{ to, text }`.
 * @property {string | undefined} smsGatewayAuthorization Sent as the gateway request's `Authorization` header.
 * @property {string | undefined} collectorUrl The collector's address, for POST /v1/invitations/:id/result.
 * @property {string | undefined} adminToken The collector's AFTERCARE_ADMIN_TOKEN, for that call.
 */

/** `whsec_` + standard base64 of 24 to 64 bytes: the collector's own rule, so one value works on both sides. */
export function validSecret(s) {
  const b64 = s.startsWith('whsec_') ? s.slice(6) : null;
  if (!b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || b64.length % 4 !== 0) return false;
  const bytes = Buffer.from(b64, 'base64').length;
  return bytes >= 24 && bytes <= 64;
}

const url = (name, raw) => {
  const v = raw?.trim();
  if (!v) return undefined;
  let u;
  try {
    u = new URL(v);
  } catch {
    // Reported below.
  }
  if (!u || (u.protocol !== 'https:' && u.protocol !== 'http:')) throw new ConfigError(name, 'an https:// URL (the value is not shown: it is a credential)');
  return v;
};

/**
 * Reads the configuration; throws a `ConfigError` for the first bad variable.
 * @example loadConfig({ AFTERCARE_WEBHOOK_SECRET: 'whsec_…', RECEIVER_PORT: '0' }).port // 0
 * @returns {ReceiverConfig}
 */
export function loadConfig(env = process.env) {
  const secret = env.AFTERCARE_WEBHOOK_SECRET?.trim() ?? '';
  if (!validSecret(secret)) {
    throw new ConfigError('AFTERCARE_WEBHOOK_SECRET', 'the collector\'s signing secret: whsec_ followed by 24 to 64 bytes in base64 (e.g. `echo whsec_$(openssl rand -base64 32)`, set on both sides)');
  }
  const rawPort = env.RECEIVER_PORT?.trim() || '8790';
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError('RECEIVER_PORT', `an integer from 0 to 65535, got "${rawPort}"`);
  const host = env.RECEIVER_HOST?.trim() || '127.0.0.1';
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) throw new ConfigError('RECEIVER_HOST', `a host name or IP address to listen on, got "${host}"`);
  const collectorUrl = url('AFTERCARE_COLLECTOR_URL', env.AFTERCARE_COLLECTOR_URL)?.replace(/\/+$/, '');
  const adminToken = env.AFTERCARE_ADMIN_TOKEN?.trim() || undefined;
  // The result call needs the token too (a token alone is ignored: a shell may export it for curl).
  if (collectorUrl && !adminToken) throw new ConfigError('AFTERCARE_ADMIN_TOKEN', 'the collector\'s admin token whenever AFTERCARE_COLLECTOR_URL is set (the SMS results are posted with it)');
  return {
    secret,
    port,
    host,
    seenFile: env.RECEIVER_SEEN_FILE?.trim() || undefined,
    slackUrl: url('SLACK_WEBHOOK_URL', env.SLACK_WEBHOOK_URL),
    ticketUrl: url('TICKET_WEBHOOK_URL', env.TICKET_WEBHOOK_URL),
    ticketAuthorization: env.TICKET_WEBHOOK_AUTHORIZATION?.trim() || undefined,
    smsGatewayUrl: url('SMS_GATEWAY_URL', env.SMS_GATEWAY_URL),
    smsGatewayAuthorization: env.SMS_GATEWAY_AUTHORIZATION?.trim() || undefined,
    collectorUrl,
    adminToken,
  };
}
