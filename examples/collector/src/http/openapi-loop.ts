// The closed loop's and privacy's part of the OpenAPI document (openapi.ts): cases, webhook
// deliveries, erasure, access, forget and the audit log with their schemas, and the bodies of the
// webhook events.
import { FILTERS } from './openapi-filters.ts';
import { error, interval, json, limit, nullableTime, q, score, time, unauthorized } from './openapi-parts.ts';

const Note = { type: 'object', required: ['author', 'at', 'text'], additionalProperties: false, properties: { author: { type: 'string' }, at: time, text: { type: 'string' } } };
const CASE_PROPS = {
  id: { type: 'string' }, responseId: { type: 'string' }, deliveryId: { type: 'string' }, customerId: { type: ['string', 'null'] },
  csat: score(1, 5), nps: score(0, 10), comment: { type: ['string', 'null'] }, meta: { type: ['object', 'null'] }, answeredAt: time,
  matches: { type: 'boolean', description: 'false once a later revision no longer matches the alert rule (the case stays as it is)' },
  status: { enum: ['open', 'contacted', 'pending', 'resolved'], description: 'pending: waiting on the customer (the clocks stop)' },
  owner: { type: ['string', 'null'], description: '`person:<id>`, `team:<name>`, or null' },
  tier: { enum: ['urgent', 'general', 'complex', null], description: 'from the tier rules (AFTERCARE_TIER_RULES or the owner\'s); null: opened before tiers' },
  responseDueAt: { ...time, description: 'the first-response deadline (= dueAt), in the business hours of the case\'s calendar' },
  resolutionDueAt: { ...nullableTime, description: 'the resolution deadline, in business hours' },
  resolutionOverdue: { type: 'boolean', description: 'not resolved, not waiting on the customer, past resolutionDueAt' },
  responseMet: { type: ['boolean', 'null'], description: 'true: responded by the deadline; false: missed; null: still running' },
  resolutionMet: { type: ['boolean', 'null'], description: 'true: resolved by the deadline; false: missed; null: still running (or waiting on the customer)' },
  pendingSince: nullableTime, pendingReason: { type: ['string', 'null'] }, calendarId: { type: ['string', 'null'] },
  escalatedAt: { type: 'object', properties: { response: nullableTime, resolution: nullableTime }, description: 'when each escalation step was taken' },
  reopened: { type: 'integer', minimum: 0, description: 'times reopened after being resolved' },
  ownerName: { type: ['string', 'null'], description: "the person's name or the team's" },
  openedAt: time, dueAt: { ...time, description: 'the first-response deadline: opened (or reopened) + the tier\'s response hours in business time (AFTERCARE_FOLLOWUP_HOURS, when set, for every tier)' },
  overdue: { type: 'boolean', description: 'open and past dueAt' }, firstContactAt: nullableTime, resolvedAt: nullableTime, updatedAt: time,
  notes: { type: 'array', items: Note },
};
const DELIVERY_PROPS = {
  eventId: { type: 'string', description: 'the webhook-id' }, endpointId: { type: 'string' },
  type: { enum: ['response.created', 'response.updated', 'case.opened', 'case.updated', 'case.overdue', 'invitation.due'] }, status: { enum: ['pending', 'delivered', 'failed'] },
  attempts: { type: 'integer' }, createdAt: time, nextAttemptAt: nullableTime, lastAttemptAt: nullableTime,
  lastCode: { type: ['integer', 'null'] }, lastError: { type: ['string', 'null'] }, deliveredAt: nullableTime,
};
const INVITATION_DUE_PROPS = {
  invitationId: { type: 'string', description: 'for POST /v1/invitations/{invitationId}/result' }, kind: { enum: ['invite', 'reminder'] },
  wave: { type: 'integer', minimum: 0 }, channel: { type: 'string', description: 'sms' },
  delivery: {
    type: 'object', required: ['id', 'deliveredAt', 'customerId', 'phone', 'locale', 'meta'],
    properties: { id: { type: 'string' }, deliveredAt: time, customerId: { type: ['string', 'null'] }, phone: { type: 'string', description: 'E.164' }, locale: { type: ['string', 'null'] }, meta: { type: ['object', 'null'] } },
  },
  link: { type: 'string', description: 'AFTERCARE_PUBLIC_URL/s/<code>: the survey of this delivery and wave; an answer through it has channel sms' },
  text: { type: 'string', description: 'the message in the delivery\'s language with the link; the merchant\'s name shortened so it fits one SMS' },
  segments: { type: 'integer', minimum: 1, description: 'SMS parts: 1 unless AFTERCARE_PUBLIC_URL is very long' },
  encoding: { enum: ['gsm7', 'ucs2'], description: 'gsm7: up to 160 characters (^ { } \\ [ ~ ] | € count 2); ucs2 (any other character): up to 70' },
};

export const LOOP = {
  InvitationDue: { type: 'object', required: Object.keys(INVITATION_DUE_PROPS), additionalProperties: false, properties: INVITATION_DUE_PROPS },
  Case: { type: 'object', required: Object.keys(CASE_PROPS).filter((k) => k !== 'ownerName'), additionalProperties: false, properties: CASE_PROPS },
  CaseOverdue: { type: 'object', required: ['step', 'case'], additionalProperties: false, properties: { step: { enum: ['response', 'resolution'] }, case: { $ref: '#/components/schemas/Case' } } },
  CaseWithHistory: {
    type: 'object',
    required: [...Object.keys(CASE_PROPS), 'history', 'now'],
    additionalProperties: false,
    properties: {
      ...CASE_PROPS,
      now: { ...time, description: 'the collector\'s clock that decided `overdue`' },
      history: {
        type: 'array',
        items: {
          type: 'object', required: ['at', 'author', 'kind', 'from', 'to', 'note'], additionalProperties: false,
          properties: {
            at: time, author: { type: 'string', description: 'a name, `admin`, or `collector` for what ingest did' },
            kind: { enum: ['opened', 'status', 'owner', 'note', 'comment', 'scores', 'unmatched', 'matched', 'tier'] },
            from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] }, note: { type: ['string', 'null'] },
          },
        },
      },
    },
  },
  CasePatch: {
    type: 'object', additionalProperties: false, minProperties: 1,
    properties: {
      status: { enum: ['open', 'contacted', 'pending', 'resolved'], description: 'open again = reopen: both clocks start again; pending: waiting on the customer (the clocks stop until it moves on)' },
      pendingReason: { type: 'string', minLength: 1, maxLength: 200, description: 'why it waits on the customer (with pending)' },
      tier: { enum: ['urgent', 'general', 'complex'], description: 'another tier: both deadlines counted again from the opening' },
      owner: { type: ['string', 'null'], pattern: '^(person:[A-Za-z0-9-]{1,64}|team:.{1,60})$', description: '`person:<id>` or `team:<name>` from GET /v1/assignees; null unassigns. An agent may assign only to themselves or their team.' },
      note: { type: 'string', minLength: 1, maxLength: 4000 }, author: { type: 'string', maxLength: 100, description: 'ignored: the author is the signed-in person or the key' },
    },
  },
  CaseFigures: {
    type: 'object',
    required: ['total', 'open', 'overdue', 'contacted', 'resolved', 'medianHoursToFirstContact', 'medianHoursToResolution', 'resolvedWithinDeadline'],
    description: 'The cases whose answers match the filter.',
    properties: {
      total: { type: 'integer' }, open: { type: 'integer' }, overdue: { type: 'integer' }, contacted: { type: 'integer' }, resolved: { type: 'integer' },
      medianHoursToFirstContact: { type: ['number', 'null'] }, medianHoursToResolution: { type: ['number', 'null'] },
      resolvedWithinDeadline: {
        type: 'object', required: ['share', 'resolved', 'of', 'ci'],
        description: 'Of the cases resolved or past their deadline, the share resolved by it (percent), with a 95 % Wilson interval.',
        properties: { share: { type: ['number', 'null'] }, resolved: { type: 'integer' }, of: { type: 'integer' }, ci: interval },
      },
    },
  },
  ErasedCounts: {
    type: 'object', required: ['responses', 'displays', 'cases', 'caseNotes', 'events'],
    properties: { responses: { type: 'integer' }, displays: { type: 'integer' }, cases: { type: 'integer' }, caseNotes: { type: 'integer' }, events: { type: 'integer' }, deliveries: { type: 'integer' }, invitations: { type: 'integer' } },
  },
  Erasure: {
    type: 'object', required: ['erased', 'suppressed'],
    properties: { customerId: { type: 'string' }, deliveryId: { type: 'string' }, erased: { $ref: '#/components/schemas/ErasedCounts' }, suppressed: { type: 'boolean' } },
  },
  Delivery: { type: 'object', required: Object.keys(DELIVERY_PROPS), additionalProperties: false, properties: DELIVERY_PROPS },
  Endpoint: {
    type: 'object', required: ['id', 'url', 'disabled', 'disabledAt', 'disabledReason', 'counts', 'deliveries'],
    properties: {
      id: { type: 'string' }, url: { type: 'string', description: 'scheme and host only: the path may carry a token' },
      disabled: { type: 'boolean', description: 'a 410 disabled it' }, disabledAt: nullableTime, disabledReason: { type: ['string', 'null'] },
      counts: { type: 'object', required: ['pending', 'delivered', 'failed'], properties: { pending: { type: 'integer' }, delivered: { type: 'integer' }, failed: { type: 'integer' } } },
      deliveries: { type: 'array', items: { $ref: '#/components/schemas/Delivery' } },
    },
  },
};

/** A webhook event's body, for the document's `webhooks`. */
const event = (type: string, data: string, description: string) => ({
  post: {
    summary: type,
    description: `${description} Signed per Standard Webhooks: \`webhook-id\` (the same on every retry), \`webhook-timestamp\` (seconds, of the attempt), \`webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">\` with AFTERCARE_WEBHOOK_SECRET.`,
    requestBody: {
      required: true,
      ...json({ type: 'object', required: ['type', 'timestamp', 'data'], properties: { type: { const: type }, timestamp: time, data: { $ref: `#/components/schemas/${data}` } } }),
    },
    responses: {
      '2XX': { description: 'Delivered' },
      '410': { description: 'Disables the endpoint (the dashboard shows it; enable it there)' },
      '408': { description: 'Retried (as are 429, honouring Retry-After, 5xx, timeouts after 15 s and network errors): at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h, ±10 %' },
    },
  },
});

/** A stored response, as the read routes and the response.* events return it. */
export const STORED_RESPONSE = {
  type: 'object',
  description: 'A stored response as the read routes and the response.* events return it.',
  required: ['id', 'revision', 'deliveryId', 'deliveredAt', 'answeredAt', 'wave', 'csat', 'nps', 'comment', 'reasons', 'channel', 'recordedBy', 'complete', 'locale', 'customerId', 'meta', 'origin', 'path', 'signed', 'receivedAt', 'updatedAt'],
  properties: {
    id: { type: 'string' }, revision: { type: 'integer' }, deliveryId: { type: 'string' }, deliveredAt: time, answeredAt: time, csat: score(1, 5), nps: score(0, 10),
    wave: { type: 'integer', minimum: 0, description: 'the re-survey wave answered (0: the first survey of the delivery; answers from before waves are 0)' },
    reasons: { type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 40 }, description: 'the reason ids the answer names, deduplicated, as its latest revision says; [] for none' },
    channel: { type: 'string', pattern: '^[a-z0-9_-]{1,20}$', description: 'the channel it came by: web (the widget in the merchant\'s page), email, sms, link, qr, phone, or the merchant\'s own id' },
    recordedBy: { type: ['string', 'null'], description: 'who typed the answer in for the customer (a phone answer recorded in the dashboard: the credential or session that recorded it, as the audit log names it); null when the customer answered' },
    comment: { type: ['string', 'null'] }, complete: { type: 'boolean' }, locale: { type: 'string' }, customerId: { type: ['string', 'null'] }, meta: { type: ['object', 'null'] },
    origin: { type: ['string', 'null'] }, path: { type: ['string', 'null'] }, signed: { type: 'boolean' }, receivedAt: time, updatedAt: time,
  },
};

export const WEBHOOK_EVENTS = {
  'response.created': event('response.created', 'StoredResponse', 'A response stored for the first time (usually the score).'),
  'response.updated': event('response.updated', 'StoredResponse', 'A higher revision of a response (the comment usually arrives here).'),
  'case.opened': event('case.opened', 'Case', 'An answer matched AFTERCARE_ALERT: a case was opened for it.'),
  'case.updated': event('case.updated', 'Case', 'A case changed: status, tier, owner, a note, or a later revision of its answer.'),
  'case.overdue': event('case.overdue', 'CaseOverdue', 'An escalation step, once per case and step: `response` when the case is still unanswered at its first-response deadline (its assignee is e-mailed), `resolution` when it is unresolved at its resolution deadline (their team\'s manager is e-mailed).'),
  'invitation.due': event(
    'invitation.due',
    'InvitationDue',
    'An invitation by text is due (AFTERCARE_INVITE_CHANNELS includes webhook, the delivery has a phone number, and it passed the rules an e-mail passes): send `text` to `delivery.phone`, then answer POST /v1/invitations/{invitationId}/result.',
  ),
};

export const LOOP_PATHS = {
  '/v1/cases': {
    get: {
      summary: 'The follow-up queue: overdue first, then open by deadline, contacted, resolved; the read filters apply to the answers',
      security: [{ admin: [] }],
      parameters: [
        ...FILTERS,
        { ...q('status', 'open, contacted, pending (waiting on the customer) or resolved (repeatable)', { type: 'array', items: { enum: ['open', 'contacted', 'pending', 'resolved'] } }), explode: true },
        q('owner', '`person:<id>`, `team:<name>`, `me` (assigned to me or my team), or `none` for unassigned cases. An agent only ever gets the cases assigned to them or their team.'),
        q('overdue', 'Only overdue cases (true) or none of them (false)', { enum: ['true', 'false'] }),
        limit,
        q('cursor', 'The nextCursor of the previous page (it keeps the first page\'s "now")'),
      ],
      responses: {
        200: {
          description: '{ cases, nextCursor, counts } — counts follow the read filters and owner, not status or overdue',
          ...json({
            type: 'object', required: ['now', 'cases', 'nextCursor', 'counts'],
            properties: {
              now: { ...time, description: 'the collector\'s clock that decided `overdue`' },
              cases: { type: 'array', items: { $ref: '#/components/schemas/Case' } }, nextCursor: { type: ['string', 'null'] },
              counts: { type: 'object', required: ['open', 'overdue', 'contacted', 'pending', 'resolved'], additionalProperties: { type: 'integer' } },
            },
          }),
        },
        400: error('A bad filter, status, overdue or cursor; `error` names the parameter'),
        401: unauthorized,
      },
    },
  },
  '/v1/cases/{id}': {
    parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
    get: {
      summary: 'One case with its whole history, oldest first',
      security: [{ admin: [] }],
      responses: { 200: { description: 'the case', ...json({ $ref: '#/components/schemas/CaseWithHistory' }) }, 401: unauthorized, 404: error('No such case') },
    },
    patch: {
      summary: 'Move a case along: status (open → contacted → resolved; reopening allowed), owner, a note. Writes its history and a case.updated event in one transaction.',
      security: [{ admin: [] }],
      requestBody: { required: true, ...json({ $ref: '#/components/schemas/CasePatch' }) },
      responses: {
        200: { description: 'the case after the change', ...json({ $ref: '#/components/schemas/CaseWithHistory' }) },
        400: error('A bad value; `error` names the field'),
        401: unauthorized,
        403: error('Another origin'),
        404: error('No such case'),
        415: error('Not JSON'),
      },
    },
  },
  '/v1/webhooks': {
    get: {
      summary: 'The configured endpoints, whether a 410 disabled one, their counts and latest deliveries',
      security: [{ admin: [] }],
      parameters: [{ ...limit, schema: { ...limit.schema, default: 20 } }],
      responses: { 200: { description: '{ endpoints }', ...json({ type: 'object', required: ['endpoints'], properties: { endpoints: { type: 'array', items: { $ref: '#/components/schemas/Endpoint' } } } }) }, 401: unauthorized },
    },
  },
  '/v1/webhooks/{endpoint}/deliveries/{event}/resend': {
    parameters: [{ name: 'endpoint', in: 'path', required: true, schema: { type: 'string' } }, { name: 'event', in: 'path', required: true, schema: { type: 'string' } }],
    post: {
      summary: 'Re-send one delivery now, with a fresh schedule and the same webhook-id',
      security: [{ admin: [] }],
      responses: { 200: { description: 'the delivery', ...json({ $ref: '#/components/schemas/Delivery' }) }, 401: unauthorized, 404: error('No such delivery') },
    },
  },
  '/v1/webhooks/{endpoint}/enable': {
    parameters: [{ name: 'endpoint', in: 'path', required: true, schema: { type: 'string' } }],
    post: {
      summary: 'Enable an endpoint a 410 disabled; its pending deliveries are due at once',
      security: [{ admin: [] }],
      responses: { 200: { description: '{ id, disabled: false }' }, 401: unauthorized, 404: error('Not a configured endpoint') },
    },
  },
  '/v1/customers/{customerId}': {
    parameters: [{ name: 'customerId', in: 'path', required: true, schema: { type: 'string', maxLength: 200 } }],
    delete: {
      summary: 'Erase every response, display, case, case note and webhook event of this customer, in one transaction (recorded in the audit log)',
      security: [{ admin: [] }],
      parameters: [q('suppress', 'true: also keep a salted hash of the id, so later posts for it are taken and dropped (listed in `rejected` with reason `suppressed`)', { enum: ['true', 'false'] })],
      responses: { 200: { description: '{ customerId, erased: counts per kind, suppressed }', ...json({ $ref: '#/components/schemas/Erasure' }) }, 400: error('A bad suppress value'), 401: unauthorized },
    },
  },
  '/v1/deliveries/{deliveryId}': {
    parameters: [{ name: 'deliveryId', in: 'path', required: true, schema: { type: 'string', maxLength: 200 } }],
    delete: {
      summary: 'Erase everything of this delivery, in one transaction (recorded in the audit log)',
      security: [{ admin: [] }],
      parameters: [q('suppress', 'true: later posts for this delivery are taken and dropped', { enum: ['true', 'false'] })],
      responses: { 200: { description: '{ deliveryId, erased, suppressed }', ...json({ $ref: '#/components/schemas/Erasure' }) }, 400: error('A bad suppress value'), 401: unauthorized },
    },
  },
  '/v1/customers/{customerId}/export': {
    parameters: [{ name: 'customerId', in: 'path', required: true, schema: { type: 'string' } }],
    get: {
      summary: 'Everything held about this customer (responses, displays, cases with their history): a copy for an access request (recorded in the audit log)',
      security: [{ admin: [] }],
      parameters: [q('format', 'json (default) or csv (a row per record, UTF-8 with BOM)', { enum: ['json', 'csv'] })],
      responses: {
        200: { description: 'the copy, as an attachment', content: { 'application/json': { schema: { type: 'object', required: ['customerId', 'exportedAt', 'responses', 'displays', 'cases'] } }, 'text/csv': { schema: { type: 'string' } } } },
        400: error('A bad format'),
        401: unauthorized,
      },
    },
  },
  '/v1/forget': {
    post: {
      summary: 'Public (CORS like posting answers, rate-limited): each valid delivery token erases its delivery\'s data; invalid tokens are listed, not fatal',
      description: 'A token\'s signature must verify with AFTERCARE_DELIVERY_SECRET; its exp is not checked (erasure does not expire). With AFTERCARE_FORGET_SCOPE=customer a token with cid erases that customer\'s data too. Every token\'s outcome is audited.',
      requestBody: { required: true, ...json({ type: 'object', required: ['tokens'], additionalProperties: false, properties: { tokens: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', maxLength: 4096 } } } }) },
      responses: {
        200: {
          description: '{ erased, results }',
          ...json({
            type: 'object', required: ['erased', 'results'],
            properties: {
              erased: { $ref: '#/components/schemas/ErasedCounts' },
              results: { type: 'array', items: { type: 'object', required: ['index', 'status'], properties: { index: { type: 'integer' }, status: { enum: ['erased', 'invalid'] }, deliveryId: { type: 'string' }, error: { type: 'string' } } } },
            },
          }),
        },
        400: error('A malformed body; `error` names the field'),
        403: error('Origin not in AFTERCARE_ORIGINS'),
        429: error('Rate limit'),
      },
    },
  },
  '/v1/audit': {
    get: {
      summary: 'The audit log, newest first: who read raw answers, exported, erased, changed a case or signed in, and every erasure and export request with its outcome',
      security: [{ admin: [] }],
      parameters: [q('action', 'e.g. erase.customer, export, signin, forget, retention.purge'), q('from', 'as the read filters'), q('to', 'as the read filters'), limit, q('cursor', 'the nextCursor of the previous page')],
      responses: {
        200: {
          description: '{ entries, nextCursor }',
          ...json({
            type: 'object', required: ['entries', 'nextCursor'],
            properties: {
              entries: {
                type: 'array',
                items: {
                  type: 'object', required: ['id', 'at', 'actor', 'action', 'target', 'rows', 'address', 'outcome', 'detail'],
                  properties: {
                    id: { type: 'string' }, at: time, actor: { type: 'string', description: "a person's e-mail, `key \"name\"`, `admin token`, `owner (admin token session)`, `delivery token` or `collector`" },
                    role: { type: ['string', 'null'], description: 'the role the actor acted with, or `key: <scopes>`' },
                    action: { type: 'string' }, target: { type: ['string', 'null'] }, rows: { type: ['integer', 'null'] }, address: { type: ['string', 'null'] },
                    outcome: { type: 'string', description: '`done`, or `refused: …` with the reason' }, detail: { type: ['object', 'null'] },
                  },
                },
              },
              nextCursor: { type: ['string', 'null'] },
            },
          }),
        },
        400: error('A bad action, period or cursor'),
        401: unauthorized,
      },
    },
  },
};
