// The OpenAPI 3.1 document of the collector's HTTP API, served at GET /v1/openapi.json. The request
// bodies are the protocol's JSON Schema, generated from the shared zod schemas, so the two cannot drift.
import { protocolJsonSchema } from 'aftercare/schema';
import { withConditional } from './openapi-conditional.ts';
import { FILTERS } from './openapi-filters.ts';
import { FOLLOWUP_PATHS, FOLLOWUP_SCHEMAS } from './openapi-followup.ts';
import { DELIVERY_GET, INVITATION_PATHS, INVITATION_SCHEMAS } from './openapi-invitations.ts';
import { LOOP, LOOP_PATHS, STORED_RESPONSE, WEBHOOK_EVENTS } from './openapi-loop.ts';
import { error, interval, json, limit, q, unauthorized } from './openapi-parts.ts';
import { THEME_PATHS, THEME_SCHEMAS } from './openapi-themes.ts';
import { TEAM_PATHS, TEAM_SCHEMAS, withAccess } from './openapi-team.ts';
import { TONE_PATHS, TONE_SCHEMAS } from './openapi-tone.ts';

const few = { type: 'boolean', description: 'fewer than 30 answers: the interval is wide' };
const counts = { type: 'object', additionalProperties: { type: 'integer' } };
const FIGURES = {
  Csat: {
    type: 'object',
    required: ['answers', 'score', 'mean', 'counts', 'ci', 'few'],
    properties: { answers: { type: 'integer' }, score: { type: ['number', 'null'], description: '% of 4–5' }, mean: { type: ['number', 'null'] }, counts, ci: { ...interval, description: `${interval.description}; Wilson score interval, percent` }, few },
  },
  Nps: {
    type: 'object',
    required: ['answers', 'score', 'promoters', 'passives', 'detractors', 'counts', 'ci', 'few'],
    properties: {
      answers: { type: 'integer' }, score: { type: ['number', 'null'], description: '% 9–10 − % 0–6' }, promoters: { type: 'integer' }, passives: { type: 'integer' }, detractors: { type: 'integer' }, counts,
      ci: { ...interval, description: `${interval.description}; adjusted-Wald (Rocks 2016), points, clipped to −100…100` }, few,
    },
  },
  Displays: {
    type: 'object',
    required: ['total', 'answered', 'dismissed', 'expired', 'later', 'responseRate', 'ci', 'few'],
    description: 'Displays follow the date range, `wave` and `channel` only (a display has no scores, meta or reasons).',
    properties: {
      total: { type: 'integer' }, answered: { type: 'integer' }, dismissed: { type: 'integer' }, expired: { type: 'integer' }, later: { type: 'integer' },
      responseRate: { type: ['number', 'null'], description: 'answered / total, %' }, ci: { ...interval, description: `${interval.description}; Wilson, percent` }, few,
    },
  },
  Figures: {
    type: 'object',
    required: ['responses', 'csat', 'nps'],
    properties: { responses: { type: 'integer' }, csat: { $ref: '#/components/schemas/Csat' }, nps: { $ref: '#/components/schemas/Nps' }, displays: { $ref: '#/components/schemas/Displays' } },
  },
  DriverFigures: {
    type: 'object',
    required: ['n', 'nps', 'csat'],
    properties: {
      n: { type: 'integer', description: 'answers' },
      nps: { type: ['number', 'null'], description: 'NPS, points (−100…100); null without NPS answers' },
      csat: { type: ['number', 'null'], description: 'CSAT, % of 4–5 (the summary\'s score); null without CSAT answers' },
    },
  },
  DriverPart: {
    type: 'object',
    required: ['named', 'of', 'share'],
    properties: { named: { type: 'integer' }, of: { type: 'integer' }, share: { type: ['number', 'null'], minimum: 0, maximum: 1, description: 'named / of, three decimals; null when of is 0' } },
  },
  Drivers: {
    type: 'object',
    required: ['total', 'drivers'],
    properties: {
      total: { $ref: '#/components/schemas/DriverFigures', description: 'every answer matching the filter' },
      path: { $ref: '#/components/schemas/CountPath' },
      pathWhy: { type: 'string', description: 'with `path: rows`: the filter the counts cannot serve' },
      drivers: {
        type: 'array',
        description: 'one per reason named, largest |impact.nps| first (|impact.csat| where there is no NPS impact); at most 500',
        items: {
          type: 'object',
          required: ['reason', 'n', 'detractors', 'promoters', 'without', 'impact', 'few'],
          additionalProperties: false,
          properties: {
            reason: { type: 'string' },
            n: { type: 'integer', description: 'answers naming it' },
            detractors: { $ref: '#/components/schemas/DriverPart', description: 'detractors (NPS 0–6) naming it, of all detractors' },
            promoters: { $ref: '#/components/schemas/DriverPart', description: 'promoters (NPS 9–10) naming it, of all promoters' },
            without: { $ref: '#/components/schemas/DriverFigures', description: 'the answers not naming it' },
            impact: {
              type: 'object',
              required: ['nps', 'csat'],
              description: 'total minus without, one decimal; null when either side has no such scores. Below zero: the reason pulls the score down.',
              properties: { nps: { type: ['number', 'null'] }, csat: { type: ['number', 'null'] } },
            },
            few: { type: 'boolean', description: 'n or without.n is under 30 (the summary\'s small-n rule): the impact is unsure' },
          },
        },
      },
    },
  },
  CountPath: {
    enum: ['aggregates', 'rows'],
    description:
      'how the figures were counted: `aggregates` from the counts kept per UTC day and hour (every answer; each meta key\'s values; the reasons), with the part-hours at the edges of a range from the rows; `rows` from the answers themselves. Both give the same figures.',
  },
  Summary: {
    allOf: [{ $ref: '#/components/schemas/Figures' }],
    type: 'object',
    required: ['timeZone', 'confidence', 'range', 'interval', 'displays', 'previous', 'metaKeys'],
    properties: {
      timeZone: { type: 'string' },
      confidence: { const: 0.95 },
      range: { type: 'object', properties: { from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] } } },
      interval: { enum: ['day', 'week', 'month', 'year', null], description: 'the interval of `series`: the one asked for, or the next coarser one when the range has more than 1,500 of those' },
      intervalAsked: { enum: ['day', 'week', 'month'], description: 'present when `interval` is coarser than the one asked for' },
      series: { type: 'array', items: { allOf: [{ $ref: '#/components/schemas/Figures' }], type: 'object', required: ['start', 'end', 'displays'], properties: { start: { type: 'string' }, end: { type: 'string' } } } },
      previous: { oneOf: [{ type: 'null' }, { allOf: [{ $ref: '#/components/schemas/Figures' }], type: 'object', required: ['from', 'to'] }] },
      segments: {
        type: 'array',
        description: '`by=meta.KEY`: one per value of KEY, worst first; `by=reason`: one per reason (the answers naming it), worst first; `by=wave`: one per wave, ascending; `by=channel`: one per channel, most answers first.',
        items: {
          allOf: [{ $ref: '#/components/schemas/Figures' }],
          type: 'object',
          required: ['key', 'value'],
          properties: { key: { type: 'string', description: 'the meta key, `reason`, `wave` or `channel`' }, value: { type: 'string', description: 'the meta value, the reason id, the wave as text ("0", "1", …) or the channel (`web` for the widget)' } },
        },
      },
      segmentsTotal: { type: 'integer' },
      metaKeys: { type: 'array', maxItems: 50, items: { type: 'string' }, description: 'the meta keys to offer, by name: all of them up to 50, else the 50 most answers carry (any other key can be asked for by name)' },
      metaKeysTotal: { type: 'integer', description: 'how many meta keys there are in all' },
      path: { $ref: '#/components/schemas/CountPath' },
      pathWhy: { type: 'string', description: 'with `path: rows`: the filter the counts cannot serve, e.g. "the text filter (q)" (see the HTTP API page, At scale, for the list)' },
      cases: { $ref: '#/components/schemas/CaseFigures' },
      collector: { type: 'object', description: 'this process\'s counters (and `webhooks`: attempts, delivered, retried, failed, disabled)' },
    },
  },
};

/** Builds the document; `version` is the collector package's. */
export function openApiDocument(version: string) {
  const protocol = protocolJsonSchema() as { $defs?: Record<string, object> } & Record<string, unknown>;
  const { $defs = {}, $schema: _drop, $id: _id, ...batch } = protocol;
  // Rewrite the protocol's internal references ("#/$defs/X") to where they live in this document.
  const rebase = (o: unknown): unknown => JSON.parse(JSON.stringify(o).replaceAll('"#/$defs/', '"#/components/schemas/'));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Aftercare collector',
      version,
      description:
        'Receives survey answers and displays (protocol v1) and serves them to the merchant. Every route but POST /v1/responses, OPTIONS, GET /health and /dashboard needs `Authorization: Bearer <AFTERCARE_ADMIN_TOKEN>` or, from the dashboard\'s own origin, its session cookie. Every interval is a 95 % interval.',
    },
    components: {
      securitySchemes: { admin: { type: 'http', scheme: 'bearer', description: 'AFTERCARE_ADMIN_TOKEN or an API key (ak_…); the dashboard sends its session cookie instead' } },
      schemas: {
        ...(rebase($defs) as Record<string, object>),
        Batch: rebase(batch),
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string', description: 'field path: what is expected' } } },
        Rejected: {
          type: 'object',
          required: ['id', 'error'],
          properties: { id: { type: ['string', 'null'] }, error: { type: 'string' } },
        },
        ...FIGURES,
        ...LOOP,
        ...INVITATION_SCHEMAS,
        ...TONE_SCHEMAS,
        ...THEME_SCHEMAS,
        ...TEAM_SCHEMAS,
        ...FOLLOWUP_SCHEMAS,
        StoredResponse: STORED_RESPONSE,
        Accepted: {
          type: 'object',
          required: ['accepted', 'rejected'],
          properties: {
            accepted: { type: 'integer', description: 'records stored now, or already stored at an equal or higher revision (or outcome): accepted + rejected = records sent' },
            rejected: { type: 'array', items: { $ref: '#/components/schemas/Rejected' } } },
        },
      },
    },
    webhooks: WEBHOOK_EVENTS,
    paths: withConditional(withAccess({
      '/v1/responses': {
        post: {
          summary: 'Store a batch of responses and/or displays (idempotent: highest revision / best outcome wins)',
          description:
            'A 2xx is sent only once the batch is committed to disk. With AFTERCARE_DELIVERY_SECRET set, every record needs a valid `deliveryToken`; others are listed in `rejected`. One response per delivery and wave: a record under another id for a delivery and wave that already has a response is refused naming `id`. Times must lie between 2000-01-01 and the collector\'s clock plus 5 minutes (`answeredAt` no more than a day before `deliveredAt`), `revision` and `wave` at most 2,147,483,647, `meta` at most 20 keys; each refusal names its field and the good records are kept.',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Batch' } },
              'text/plain': { schema: { $ref: '#/components/schemas/Batch' }, description: 'the same JSON, as beacons send it' },
            },
          },
          responses: {
            200: { description: 'Committed; bad records listed in `rejected`', ...json({ $ref: '#/components/schemas/Accepted' }) },
            400: error('Malformed body or no good record; `error` names the field path'),
            403: error('Origin not in AFTERCARE_ORIGINS'),
            413: error('Body over 1 MB'),
            415: error('Content type other than application/json or text/plain'),
            429: { ...error('Rate limit (AFTERCARE_RATE_LIMIT per minute per address)'), headers: { 'Retry-After': { schema: { type: 'integer' } } } },
          },
        },
        get: {
          summary: 'Matching responses, a page at a time: newest answer first, or unhappy (NPS 0–6 or CSAT 1–2) first',
          security: [{ admin: [] }],
          parameters: [
            ...FILTERS,
            limit,
            q('cursor', 'The nextCursor of the previous page (keyset pagination: no row repeats or is skipped when answers arrive in between).'),
            q('order', 'newest (default) or unhappy', { enum: ['newest', 'unhappy'] }),
          ],
          responses: {
            200: { description: '{ responses, nextCursor }', ...json({ type: 'object', required: ['responses', 'nextCursor'], properties: { responses: { type: 'array' }, nextCursor: { type: ['string', 'null'] } } }) },
            400: error('A bad filter, cursor or order; `error` names the parameter'),
            401: unauthorized,
          },
        },
      },
      '/v1/displays': {
        get: {
          summary: 'Recent displays, newest first',
          security: [{ admin: [] }],
          parameters: [limit],
          responses: { 200: { description: '{ displays }', ...json({ type: 'object' }) }, 401: unauthorized },
        },
      },
      '/v1/summary': {
        get: {
          summary: 'Figures with 95 % intervals: totals, a series per interval (empty intervals present), the previous period, segments by a meta key, by reason, by re-survey wave or by channel',
          security: [{ admin: [] }],
          parameters: [
            ...FILTERS,
            q('interval', 'A series point per day, ISO week (Monday), month or year in AFTERCARE_TZ; when the range holds more than 1,500 of them, the next coarser interval (the answer\'s `interval` says which).', { enum: ['day', 'week', 'month', 'year'] }),
            q('by', '`meta.KEY`: segments by that meta key, worst first by the lower bound of the interval; `reason`: one segment per reason (the answers naming it), ordered the same; `wave`: one per re-survey wave, ascending (satisfaction over the product\'s life); `channel`: one per channel the answers came by (`web` for the widget), most answers first.'),
            q('sort', 'The figure segments are sorted by (default nps, or csat with survey=csat).', { enum: ['nps', 'csat'] }),
          ],
          responses: {
            200: { description: 'the summary', ...json({ $ref: '#/components/schemas/Summary' }) },
            400: error('A bad filter, interval, by or sort; `error` names the parameter'),
            401: unauthorized,
          },
        },
      },
      '/v1/drivers': {
        get: {
          summary: 'Driver analysis: per reason, the answers naming it, the share of detractors and promoters naming it, the figures without it and the impact (all answers minus those not naming it)',
          security: [{ admin: [] }],
          parameters: [...FILTERS],
          responses: {
            200: { description: '{ total, drivers }', ...json({ $ref: '#/components/schemas/Drivers' }) },
            400: error('A bad filter; `error` names the parameter'),
            401: unauthorized,
          },
        },
      },
      '/v1/export': {
        get: {
          summary: 'Every matching response (not one page), streamed as CSV (RFC 4180, UTF-8 with BOM, one column per meta key, formulas neutralised) or NDJSON',
          security: [{ admin: [] }],
          parameters: [...FILTERS, q('format', 'csv (default) or ndjson', { enum: ['csv', 'ndjson'] })],
          responses: {
            200: { description: 'the export, as an attachment', content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } } } },
            400: error('A bad filter or format'),
            401: unauthorized,
          },
        },
      },
      ...LOOP_PATHS,
      '/v1/deliveries/{deliveryId}': { ...LOOP_PATHS['/v1/deliveries/{deliveryId}'], get: DELIVERY_GET },
      ...INVITATION_PATHS,
      ...TONE_PATHS,
      ...THEME_PATHS,
      ...TEAM_PATHS,
      ...FOLLOWUP_PATHS,
      '/v1/openapi.json': {
        get: { summary: 'This document', security: [{ admin: [] }], responses: { 200: { description: 'OpenAPI 3.1' }, 401: unauthorized } },
      },
      '/health': {
        get: {
          summary: 'Liveness and database check (public)',
          responses: {
            200: { description: 'the database answers', ...json({ type: 'object', properties: { ok: { const: true }, db: { enum: ['sqlite', 'postgres'] } } }) },
            503: { description: 'the database does not answer' },
          },
        },
      },
    })),
  };
}
