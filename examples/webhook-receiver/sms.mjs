// Texts: an `invitation.due` event becomes one JSON POST `{ to, text }` to an SMS gateway's HTTP API,
// and what the gateway answered goes back to the collector (POST /v1/invitations/:id/result), so the
// delivery's timeline says "sent" or "failed" in the gateway's words. The collector made the text fit
// one SMS already (`segments`, `encoding`); most gateways take it as it is. For a gateway with another
// shape (Twilio's form fields `To` and `Body`, a provider's `mobile` and `content`), change `smsOf`.
import { forwardOutcome } from './forward.mjs';

/**
 * The gateway's request for an event, or null when it is not a text to send.
 * @example smsOf({ type: 'invitation.due', data: { delivery: { phone: '+4915112345678' }, text: 'Shop: How did we do? …' } })
 *   // { to: '+4915112345678', text: 'Shop: How did we do? …' }
 * @returns {{ to: string, text: string } | null}
 */
export function smsOf(event) {
  const d = event?.data;
  if (event?.type !== 'invitation.due' || typeof d?.delivery?.phone !== 'string' || typeof d.text !== 'string') return null;
  return { to: d.delivery.phone, text: d.text };
}

/**
 * Sends an accepted `invitation.due` through the gateway (retried as any forward), then reports the
 * outcome to the collector when `collectorUrl` and `adminToken` are set. Never rejects; failures are
 * stderr lines via `log`. Resolves with the result it reported (or would have), for the tests.
 * @param {{ event: object, gatewayUrl: string, gatewayAuthorization?: string, collectorUrl?: string, adminToken?: string,
 *   log: (line: string) => void, delays?: number[] }} o
 */
export async function sendText({ event, gatewayUrl, gatewayAuthorization, collectorUrl, adminToken, log, delays }) {
  const sms = smsOf(event);
  if (!sms) return null;
  const host = new URL(gatewayUrl).host;
  const headers = gatewayAuthorization ? { authorization: gatewayAuthorization } : {};
  const sent = await forwardOutcome({ name: 'SMS gateway', url: gatewayUrl, body: sms, headers, log, ...(delays ? { delays } : {}) });
  const result = sent.ok ? { status: 'sent', reason: `accepted by the SMS gateway (${host})` } : { status: 'failed', reason: `the SMS gateway (${host}) refused it: ${sent.error}`.slice(0, 500) };
  if (collectorUrl && adminToken) {
    const url = `${collectorUrl}/v1/invitations/${encodeURIComponent(event.data.invitationId)}/result`;
    await forwardOutcome({ name: 'collector', url, body: result, headers: { authorization: `Bearer ${adminToken}` }, log, ...(delays ? { delays } : {}) });
  }
  return result;
}
