// The OpenAPI parts of invitations: deliveries (import, timeline, cancel), the invitation figures, the
// failed sends, the mail preview, the survey and unsubscribe links, and POST /v1/answered.
import { error, json, limit, nullableTime, q, time, unauthorized } from './openapi-parts.ts';

const channel = { type: 'string', pattern: '^[a-z0-9_-]{1,20}$', description: 'web (the widget in the merchant\'s page), email, sms, link, qr, phone, or the merchant\'s own id' };
const rate = {
  type: ['object', 'null'],
  required: ['answered', 'of', 'share', 'low', 'high'],
  description: 'answered of `of`, with its 95 % Wilson interval (fractions 0–1); null when `of` is 0',
  properties: { answered: { type: 'integer' }, of: { type: 'integer' }, share: { type: 'number' }, low: { type: 'number' }, high: { type: 'number' } },
};
const deliveryInput = {
  type: 'object',
  required: ['id', 'deliveredAt'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200 },
    deliveredAt: { type: 'string', format: 'date-time', description: 'between 2000-01-01 and the collector\'s clock plus 5 minutes; a repeat of an id must keep it' },
    customerId: { type: 'string', minLength: 1, maxLength: 200 },
    email: { type: 'string', format: 'email', maxLength: 254 },
    phone: { type: 'string', pattern: '^\\+[1-9]\\d{6,14}$', description: 'E.164' },
    locale: { type: 'string', description: 'BCP 47; the message and the survey page are in it (en when unknown)' },
    timeZone: { type: 'string', description: 'IANA; the sending hours are counted in it (AFTERCARE_TZ when absent)' },
    survey: { enum: ['csat', 'nps', 'both'], default: 'csat' },
    resurvey: { type: 'object', required: ['everyDays', 'untilDays'], properties: { everyDays: { type: 'integer', minimum: 7, maximum: 3650 }, untilDays: { type: 'integer', minimum: 8, maximum: 3650 } } },
    meta: { type: 'object', maxProperties: 20 },
  },
};
const invitation = {
  type: 'object',
  required: ['id', 'deliveryId', 'wave', 'channel', 'kind', 'status', 'dueAt', 'sentAt', 'reason', 'attempts'],
  properties: {
    id: { type: 'string' }, deliveryId: { type: 'string' }, wave: { type: 'integer', minimum: 0 }, channel, kind: { enum: ['invite', 'reminder'] },
    status: { enum: ['scheduled', 'sent', 'failed', 'cancelled', 'skipped'] }, dueAt: time, sentAt: nullableTime,
    reason: { type: ['string', 'null'], description: 'why it was skipped, cancelled or failed (the SMTP server\'s reply), or the last transient error while retrying' },
    attempts: { type: 'integer' },
  },
};
const delivery = {
  type: 'object',
  required: ['id', 'deliveredAt', 'customerId', 'email', 'phone', 'locale', 'timeZone', 'survey', 'resurvey', 'meta', 'createdAt', 'updatedAt', 'unsubscribed'],
  properties: {
    id: { type: 'string' }, deliveredAt: time, customerId: { type: ['string', 'null'] }, email: { type: ['string', 'null'] }, phone: { type: ['string', 'null'] },
    locale: { type: ['string', 'null'] }, timeZone: { type: ['string', 'null'] }, survey: { enum: ['csat', 'nps', 'both'] },
    resurvey: { type: ['object', 'null'] }, meta: { type: ['object', 'null'] }, createdAt: time, updatedAt: time, unsubscribed: { type: 'boolean' },
  },
};

export const INVITATION_SCHEMAS = {
  DeliveryInput: deliveryInput,
  Invitation: invitation,
  Delivery: delivery,
  DeliveryDetail: {
    type: 'object',
    required: ['delivery', 'wave', 'link', 'timeline', 'displays', 'answers'],
    properties: {
      delivery,
      wave: { type: 'integer', description: 'the wave current at the collector\'s clock' },
      link: { type: ['string', 'null'], description: 'the survey link of the current wave to share by hand (channel link); null without AFTERCARE_PUBLIC_URL' },
      timeline: { type: 'array', items: invitation },
      displays: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, wave: { type: 'integer' }, shownAt: time, endedAt: time, outcome: { type: 'string' }, channel } } },
      answers: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, wave: { type: 'integer' }, answeredAt: time, csat: { type: ['integer', 'null'] }, nps: { type: ['integer', 'null'] }, comment: { type: ['string', 'null'] }, channel, reasons: { type: 'array', items: { type: 'string' } } } } },
    },
  },
  DeliveriesAccepted: {
    type: 'object',
    required: ['accepted', 'rejected'],
    properties: {
      accepted: { type: 'integer' },
      rejected: { type: 'array', items: { type: 'object', required: ['index', 'error'], properties: { index: { type: 'integer' }, row: { type: 'integer', description: 'CSV: the line in the file (the header is line 1)' }, error: { type: 'string', description: 'the field path (JSON) or column (CSV), then what is expected' } } } },
    },
  },
  InvitationSummary: {
    type: 'object',
    required: ['deliveries', 'invited', 'reminded', 'answered', 'answeredBy', 'unsubscribed', 'failed', 'scheduled', 'skipped', 'cancelled', 'rate', 'widget'],
    properties: {
      from: nullableTime, to: nullableTime,
      deliveries: { type: 'integer', description: 'deliveries delivered in the period' },
      invited: { type: 'integer', description: 'invitations sent (a delivery and wave each)' },
      reminded: { type: 'integer' },
      answered: { type: 'integer', description: 'answers to those deliveries, by any channel' },
      answeredBy: { type: 'object', additionalProperties: { type: 'integer' }, description: 'answers per channel' },
      unsubscribed: { type: 'integer', description: 'deliveries whose invitations stopped because the customer unsubscribed' },
      failed: { type: 'integer' }, scheduled: { type: 'integer' }, skipped: { type: 'integer' }, cancelled: { type: 'integer' },
      rate: { ...rate, description: 'the response rate per delivery invited: invitations answered (by any channel) of invitations sent; Wilson 95 %' },
      widget: { ...rate, description: 'the widget\'s rate per display in the merchant\'s page (answered of shown); Wilson 95 %' },
    },
  },
};

const code = { name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{22,32}$' } };
const page = (what: string) => ({ description: what, content: { 'text/html': { schema: { type: 'string' } } } });

export const INVITATION_PATHS = {
  '/v1/deliveries': {
    post: {
      summary: 'Import deliveries (at most 1,000 a request; idempotent by id) and schedule their invitations',
      description:
        'A repeat of an id updates its contact, locale, survey, plan and meta (absent fields keep their stored value) and never sends an invitation already sent again; its deliveredAt must not change. Each bad delivery is listed with its field path; the good ones are kept. `text/csv` takes the same columns (id, deliveredAt, customerId, email, phone, locale, timeZone, survey, resurveyEveryDays, resurveyUntilDays, meta.KEY) with a header row; errors then carry the row.',
      security: [{ admin: [] }],
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { type: 'object', required: ['deliveries'], properties: { deliveries: { type: 'array', minItems: 1, maxItems: 1000, items: { $ref: '#/components/schemas/DeliveryInput' } } } } },
          'text/csv': { schema: { type: 'string' } },
        },
      },
      responses: {
        200: { description: 'accepted + rejected = deliveries sent', ...json({ $ref: '#/components/schemas/DeliveriesAccepted' }) },
        400: error('The body is not such a list (or a CSV with a bad header); one bad delivery is listed in `rejected` of a 200, never a 400'),
        401: unauthorized,
        413: error('More than 2 MB'),
        415: error('Neither application/json nor text/csv'),
      },
    },
    get: {
      summary: 'Deliveries, newest delivered first, each with its state (recorded in the audit log)',
      security: [{ admin: [] }],
      parameters: [
        q('status', 'only deliveries in this state', { enum: ['scheduled', 'invited', 'reminded', 'answered', 'unsubscribed', 'failed', 'skipped', 'cancelled', 'none'] }),
        q('q', 'a prefix of the delivery id, customer id or e-mail address'),
        q('cursor', 'the `next` of the previous page'),
        limit,
      ],
      responses: { 200: { description: '{ items, next }' }, 400: error('A bad status or cursor'), 401: unauthorized },
    },
  },
  '/v1/deliveries/{deliveryId}/cancel': {
    parameters: [{ name: 'deliveryId', in: 'path', required: true, schema: { type: 'string', maxLength: 200 } }],
    post: { summary: 'Cancel what is still scheduled for this delivery (recorded in the audit log)', security: [{ admin: [] }], responses: { 200: { description: '{ cancelled }' }, 401: unauthorized, 404: error('No such delivery') } },
  },
  '/v1/invitations/summary': {
    get: {
      summary: 'The invitation figures of the deliveries delivered in the period',
      security: [{ admin: [] }],
      parameters: [q('from', 'ISO 8601, inclusive', { type: 'string', format: 'date-time' }), q('to', 'ISO 8601, exclusive', { type: 'string', format: 'date-time' })],
      responses: { 200: { description: 'the figures', ...json({ $ref: '#/components/schemas/InvitationSummary' }) }, 400: error('A bad from or to'), 401: unauthorized },
    },
  },
  '/v1/invitations': {
    get: {
      summary: 'Invitations in one status, newest change first (default: failed, with the SMTP server\'s reply)',
      security: [{ admin: [] }],
      parameters: [q('status', 'default failed', { enum: ['scheduled', 'sent', 'failed', 'cancelled', 'skipped'] }), limit],
      responses: { 200: { description: '{ items }', ...json({ type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Invitation' } } } }) }, 400: error('A bad status'), 401: unauthorized },
    },
  },
  '/v1/mail': {
    get: { summary: 'The mail preview (AFTERCARE_MAIL_PREVIEW=1): messages kept instead of sent, newest first', security: [{ admin: [] }], parameters: [limit], responses: { 200: { description: '{ enabled, items }' }, 401: unauthorized } },
  },
  '/v1/mail/{id}': {
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    get: { summary: 'One previewed message: its headers and plain text', security: [{ admin: [] }], responses: { 200: { description: '{ id, to, from, subject, text, headers, createdAt }' }, 401: unauthorized, 404: error('No such message') } },
  },
  '/v1/mail/{id}/html': {
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    get: { summary: 'One previewed message\'s HTML, for a sandboxed frame of the dashboard', security: [{ admin: [] }], responses: { 200: page('the HTML part, under `sandbox` CSP'), 401: unauthorized, 404: error('No such message') } },
  },
  '/v1/answered': {
    post: {
      summary: 'Which of these deliveries and waves are already answered, by any channel (public; the widget asks before it shows a survey)',
      description: 'With AFTERCARE_DELIVERY_SECRET only deliveries whose `deliveryToken` verifies are answered about. Same origins, CORS and rate limit as POST /v1/responses.',
      requestBody: { required: true, ...json({ type: 'object', required: ['deliveries'], properties: { deliveries: { type: 'array', maxItems: 50, items: { type: 'object', required: ['deliveryId'], properties: { deliveryId: { type: 'string' }, wave: { type: 'integer', default: 0 }, deliveryToken: { type: 'string' } } } } } }) },
      responses: { 200: { description: '{ answered: [{ deliveryId, wave }] }' }, 400: error('A malformed list'), 403: error('Another, unlisted origin'), 429: error('Rate limited') },
    },
  },
  '/s/{code}': {
    parameters: [code, q('score', 'preselects this score on the page (the message\'s first question); nothing is recorded until the person acts')],
    get: { summary: 'The survey page of an invitation (public): the widget inline, or why not (not open yet, closed, already answered). GET and HEAD never change anything', responses: { 200: page('the page'), 404: page('an unknown link') } },
  },
  '/s/{code}/comment': {
    parameters: [code],
    post: { summary: 'Adds a comment to the answer already given for this delivery and wave (a form post from the page)', requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { comment: { type: 'string', maxLength: 2000 } } } } } }, responses: { 303: { description: 'back to the page' }, 404: page('an unknown link') } },
  },
  '/u/{code}': {
    parameters: [code],
    get: { summary: 'The unsubscribe page (public): asks, changes nothing', responses: { 200: page('the confirmation'), 404: page('an unknown link') } },
    post: { summary: 'Unsubscribe (also RFC 8058 one-click): no more invitations to this customer or address; answers are kept; audited', responses: { 200: page('done'), 404: page('an unknown link') } },
  },
};

/** GET for the path that also carries the erasure (DELETE). */
export const DELIVERY_GET = {
  summary: 'A delivery, its survey link for the current wave and its timeline: every invitation and reminder, the displays and the answers (recorded in the audit log)',
  security: [{ admin: [] }],
  responses: { 200: { description: 'the delivery', ...json({ $ref: '#/components/schemas/DeliveryDetail' }) }, 401: unauthorized, 404: error('No such delivery') },
};
