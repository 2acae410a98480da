// The OpenAPI parts of invitations: deliveries (import, timeline, cancel), the invitation figures, the
// failed sends, the mail preview, the survey and unsubscribe links, and POST /v1/answered.
import { CHANNEL_PATHS, CHANNEL_RATES, CHANNEL_SCHEMAS } from './openapi-channels.ts';
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
    reason: { type: ['string', 'null'], description: 'why it was skipped, cancelled or failed (the SMTP server\'s reply), the last transient error while retrying, or for a text what its sender said (POST /v1/invitations/{id}/result)' },
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
      answers: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, wave: { type: 'integer' }, answeredAt: time, csat: { type: ['integer', 'null'] }, nps: { type: ['integer', 'null'] }, comment: { type: ['string', 'null'] }, channel, reasons: { type: 'array', items: { type: 'string' } }, recordedBy: { type: ['string', 'null'], description: 'who recorded it for the customer (a phone answer); null when the customer answered' } } } },
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
      ...CHANNEL_RATES,
    },
  },
  ...CHANNEL_SCHEMAS,
};

const code = { name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{22,32}$' } };
const page = (what: string) => ({ description: what, content: { 'text/html': { schema: { type: 'string' } } } });

export const INVITATION_PATHS = {
  ...CHANNEL_PATHS,
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
  '/v1/deliveries/{deliveryId}/card': {
    parameters: [{ name: 'deliveryId', in: 'path', required: true, schema: { type: 'string', maxLength: 200 } }],
    get: {
      summary: 'A printable QR card for this delivery: the merchant\'s name, a line in its locale, the QR code of its survey link for the current wave (channel qr) and the link (recorded in the audit log as delivery.card)',
      description: 'QR code at error correction level M with a quiet zone of 4 modules. The PDF uses the standard Helvetica: a name or line it cannot show (Chinese, Japanese, Korean, Arabic) is left out of the PDF; the SVG shows every language.',
      security: [{ admin: [] }],
      parameters: [q('format', 'svg (default) or pdf', { enum: ['svg', 'pdf'], default: 'svg' }), q('size', 'a6 (105 × 148 mm, default) or card (85 × 55 mm)', { enum: ['a6', 'card'], default: 'a6' })],
      responses: {
        200: {
          description: 'the card, `Content-Disposition: inline` with a file name',
          headers: { 'X-Aftercare-Link': { description: 'the survey link in the QR code', schema: { type: 'string', format: 'uri' } } },
          content: { 'image/svg+xml': { schema: { type: 'string' } }, 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
        },
        400: error('A bad format or size'),
        401: unauthorized,
        404: error('No such delivery'),
        409: error('AFTERCARE_PUBLIC_URL is not set: a QR code needs the address customers reach the survey at'),
      },
    },
  },
  '/v1/deliveries/{deliveryId}/answers': {
    parameters: [{ name: 'deliveryId', in: 'path', required: true, schema: { type: 'string', maxLength: 200 } }],
    post: {
      summary: 'Record a phone answer for this delivery (recorded in the audit log as delivery.answer)',
      description:
        'The answer a person took on the phone: channel `phone`, `recordedBy` the credential or dashboard session that sent it, the delivery\'s locale, customer and meta. It is the delivery\'s answer for that wave like any other: the invitations still scheduled for the wave are cancelled, POST /v1/answered reports it, and an answer matching AFTERCARE_ALERT opens a case. It never replaces an answer the wave already has (409).',
      security: [{ admin: [] }],
      requestBody: {
        required: true,
        ...json({
          type: 'object',
          additionalProperties: false,
          properties: {
            wave: { type: 'integer', minimum: 0, description: 'the delivery\'s current wave when absent' },
            csat: { type: 'integer', minimum: 1, maximum: 5 },
            nps: { type: 'integer', minimum: 0, maximum: 10 },
            reasons: { type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 40 } },
            comment: { type: 'string', maxLength: 5000 },
            answeredAt: { type: 'string', format: 'date-time', description: 'now when absent; from a day before the delivery to the collector\'s clock plus 5 minutes' },
          },
          anyOf: [{ required: ['csat'] }, { required: ['nps'] }],
        }),
      },
      responses: {
        201: { description: 'stored', ...json({ type: 'object', required: ['response', 'caseId'], properties: { response: { $ref: '#/components/schemas/StoredResponse' }, caseId: { type: ['string', 'null'], description: 'the case it opened, if it matched the alert rule' } } }) },
        400: error('A field out of the wire\'s limits, unknown, a wave the delivery\'s plan does not have, or no score; the error names the field'),
        401: unauthorized,
        404: error('No such delivery'),
        409: error('The delivery\'s wave already has an answer (named in the error and in `response`), or the customer or delivery was erased with suppression'),
        415: error('Not application/json'),
      },
    },
  },
  '/v1/invitations/summary': {
    get: {
      summary: 'The invitation figures of the deliveries delivered in the period, with each channel\'s response rate and the share of deliveries asked and answered at all',
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
  '/v1/invitations/{id}/result': {
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    post: {
      summary: 'What the sender made of an invitation handed over as invitation.due (recorded in the audit log as invitation.result)',
      description: 'The merchant\'s SMS gateway (or the webhook receiver for it) reports whether the text went out; the invitation\'s status and reason change, so the delivery\'s timeline shows it. Again later to correct it.',
      security: [{ admin: [] }],
      requestBody: {
        required: true,
        ...json({ type: 'object', required: ['status'], additionalProperties: false, properties: { status: { enum: ['sent', 'failed'] }, reason: { type: 'string', minLength: 1, maxLength: 500, description: 'the gateway\'s words, shown in the timeline' } } }),
      },
      responses: {
        200: { description: 'the invitation as the timeline shows it', ...json({ $ref: '#/components/schemas/Invitation' }) },
        400: error('A bad body; the error names the field'),
        401: unauthorized,
        404: error('No such invitation'),
        409: error('Not handed to a sender (an e-mail, or one still scheduled, skipped or cancelled)'),
        415: error('Not application/json'),
      },
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
