// What a case event becomes elsewhere: a Slack message (Block Kit) and a generic ticket. Pure functions
// of the event; each returns null for an event that is not forwarded there.

/**
 * Slack's control characters as entities. Customer text (comment, meta, ids) always goes through this:
 * an unescaped `<` would let a comment ping `<!channel>` or show a link under misleading text.
 */
export const escapeSlack = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const cut = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** `escapeSlack(s)` cut to at most `n` characters, never inside an entity (a section's text holds 3,000). */
function escapeCut(s, n) {
  let out = '';
  for (const ch of s) {
    const e = escapeSlack(ch);
    if (out.length + e.length > n - 1) return `${out}…`;
    out += e;
  }
  return out;
}

/** Slack's quote: `> ` before each line, at most 40 lines (so the prefixes keep the text under 3,000). */
function quote(escaped) {
  const lines = escaped.split('\n');
  return [...lines.slice(0, 40), ...(lines.length > 40 ? ['…'] : [])].map((l) => `> ${l}`).join('\n');
}

/** "NPS 2/10 · CSAT 1/5", the scores the answer has. */
export function scoresOf(c) {
  return [c.nps != null && `NPS ${c.nps}/10`, c.csat != null && `CSAT ${c.csat}/5`].filter(Boolean).join(' · ');
}

/** The meta entries worth showing (scalars), store and technician first. */
function metaOf(c) {
  const meta = c.meta && typeof c.meta === 'object' ? c.meta : {};
  const keys = ['store', 'technician', ...Object.keys(meta).filter((k) => k !== 'store' && k !== 'technician')];
  return keys.filter((k) => ['string', 'number', 'boolean'].includes(typeof meta[k])).map((k) => [k, String(meta[k])]);
}

/** "Berlin · Li Wei" from meta.store and meta.technician, or ''. */
const placeOf = (c) => metaOf(c).filter(([k]) => k === 'store' || k === 'technician').map(([, v]) => v).join(' · ');

/** A time Slack shows in each reader's own time zone, with the ISO text as the fallback. */
function slackTime(iso) {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? escapeSlack(iso) : `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${iso}>`;
}

/** True for a `case.updated` whose change was the resolution (later notes on a resolved case are not). */
export const justResolved = (c) => c.status === 'resolved' && c.resolvedAt != null && c.resolvedAt === c.updatedAt;

const capitalize = (k) => k.charAt(0).toUpperCase() + k.slice(1);
const mrkdwn = (text) => ({ type: 'mrkdwn', text });

/**
 * The Slack Incoming Webhook message for `case.opened`, and for a `case.updated` that resolved the case.
 * @example slackMessage({ type: 'case.opened', data }) // { text, blocks }
 * @returns {{ text: string, blocks: object[] } | null}
 */
export function slackMessage(event) {
  const c = event?.data;
  if (!c || typeof c !== 'object') return null;
  const opened = event.type === 'case.opened';
  if (!opened && !(event.type === 'case.updated' && justResolved(c))) return null;
  const title = opened ? 'New follow-up case' : 'Case resolved';
  const place = placeOf(c);
  const head = [scoresOf(c), cut(place, 200)].filter(Boolean).map(escapeSlack).join(' · ');
  const comment = typeof c.comment === 'string' && c.comment.trim() ? c.comment.trim() : '';
  const fields = metaOf(c).map(([k, v]) => mrkdwn(`*${escapeSlack(capitalize(k))}*\n${escapeSlack(cut(v, 200))}`));
  if (c.customerId) fields.push(mrkdwn(`*Customer*\n${escapeSlack(c.customerId)}`));
  if (opened && c.dueAt) fields.push(mrkdwn(`*Follow up by*\n${slackTime(c.dueAt)}`));
  if (!opened && c.owner) fields.push(mrkdwn(`*Owner*\n${escapeSlack(c.owner)}`));
  if (!opened) fields.push(mrkdwn(`*Resolved*\n${slackTime(c.resolvedAt)}`));
  const last = !opened && Array.isArray(c.notes) ? c.notes.at(-1) : undefined;
  const blocks = [
    { type: 'section', text: mrkdwn(`*${title}*${head ? ` · ${head}` : ''}`) },
    // The escaped comment has no `>` of its own left to break out of the quote.
    comment && { type: 'section', text: mrkdwn(quote(escapeCut(comment, 2_400))) },
    // A section holds at most 10 fields.
    fields.length && { type: 'section', fields: fields.slice(0, 10) },
    last?.text && { type: 'section', text: mrkdwn(`*Last note* (${escapeSlack(cut(String(last.author ?? ''), 100))}): ${escapeCut(String(last.text), 2_400)}`) },
    { type: 'context', elements: [mrkdwn(`Aftercare case ${escapeSlack(c.id ?? '')}${c.answeredAt ? ` · answered ${slackTime(c.answeredAt)}` : ''}`)] },
  ].filter(Boolean);
  // `text` is the notification and the fallback where blocks are not shown.
  const text = `${title}: ${head}${comment ? ` "${escapeSlack(cut(comment, 150))}"` : ''}`;
  return { text, blocks };
}

/**
 * The ticket for `case.opened`: a generic shape for a Zendesk, Jira or Freshdesk automation to map
 * (README: "Point it at a ticket system"). `priority` is "high" for the harshest answers (NPS 0–3 or
 * CSAT 1), else "normal".
 * @returns {{ subject: string, description: string, priority: 'high' | 'normal', externalId: string,
 *   requester: string | null, dueAt: string | null } | null}
 */
export function ticketOf(event) {
  const c = event?.data;
  if (event?.type !== 'case.opened' || !c || typeof c !== 'object') return null;
  const comment = typeof c.comment === 'string' ? c.comment.trim() : '';
  const place = placeOf(c);
  const subject = cut(`Follow up: ${scoresOf(c)}${place ? ` · ${place}` : ''}${comment ? ` · "${cut(comment, 60)}"` : ''}`, 150);
  const description = [
    `Score: ${scoresOf(c)}`,
    comment ? `Comment:\n${comment}\n` : 'No comment.',
    ...metaOf(c).map(([k, v]) => `${capitalize(k)}: ${v}`),
    c.customerId && `Customer: ${c.customerId}`,
    c.answeredAt && `Answered: ${c.answeredAt}`,
    c.dueAt && `Follow up by: ${c.dueAt}`,
    `Aftercare case ${c.id} (response ${c.responseId})`,
  ].filter(Boolean).join('\n');
  const harsh = (c.nps != null && c.nps <= 3) || c.csat === 1;
  return { subject, description, priority: harsh ? 'high' : 'normal', externalId: c.id, requester: c.customerId ?? null, dueAt: c.dueAt ?? null };
}
