// The OpenAPI 3.1 document of the collector's HTTP API, served at GET /v1/openapi.json. The request
// bodies are the protocol's JSON Schema, generated from the shared zod schemas, so the two cannot drift.
import { protocolJsonSchema } from 'aftercare/schema';

const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...json({ $ref: '#/components/schemas/Error' }) });
const unauthorized = {
  description: 'No or a wrong admin credential (`WWW-Authenticate: Bearer`); more than 10 wrong ones a minute get 429.',
  ...json({ $ref: '#/components/schemas/Error' }),
};
const limit = { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } };

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
        'Receives survey answers and displays (protocol v1) and serves them to the merchant. Every route but POST /v1/responses, OPTIONS and GET /health needs `Authorization: Bearer <AFTERCARE_ADMIN_TOKEN>`.',
    },
    components: {
      securitySchemes: { admin: { type: 'http', scheme: 'bearer', description: 'AFTERCARE_ADMIN_TOKEN' } },
      schemas: {
        ...(rebase($defs) as Record<string, object>),
        Batch: rebase(batch),
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string', description: 'field path: what is expected' } } },
        Rejected: {
          type: 'object',
          required: ['id', 'error'],
          properties: { id: { type: ['string', 'null'] }, error: { type: 'string' } },
        },
        Accepted: {
          type: 'object',
          required: ['accepted', 'rejected'],
          properties: { accepted: { type: 'integer' }, rejected: { type: 'array', items: { $ref: '#/components/schemas/Rejected' } } },
        },
      },
    },
    paths: {
      '/v1/responses': {
        post: {
          summary: 'Store a batch of responses and/or displays (idempotent: highest revision / best outcome wins)',
          description:
            'A 2xx is sent only once the batch is committed to disk. With AFTERCARE_DELIVERY_SECRET set, every record needs a valid `deliveryToken`; others are listed in `rejected`.',
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
          summary: 'Recent responses, newest answer first',
          security: [{ admin: [] }],
          parameters: [limit],
          responses: { 200: { description: '{ responses }', ...json({ type: 'object' }) }, 401: unauthorized },
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
          summary: 'Score figures (CSAT, NPS, counts), display figures and response rate, the process counters',
          security: [{ admin: [] }],
          responses: { 200: { description: 'the summary', ...json({ type: 'object' }) }, 401: unauthorized },
        },
      },
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
    },
  };
}
