// The OpenAPI parts of the numbers per channel: each channel's response rate (in the invitation
// figures), and GET /v1/channels, NPS and CSAT per channel with the difference tests against a baseline.
import { FILTERS } from './openapi-filters.ts';
import { error, json, q, unauthorized } from './openapi-parts.ts';

const channel = { type: 'string', pattern: '^[a-z0-9_-]{1,20}$', description: 'web (the widget in the merchant\'s page), email, sms, link, qr, phone, or the merchant\'s own id' };
const pointsCi = { type: 'array', minItems: 2, maxItems: 2, items: { type: 'number' } };

export const CHANNEL_SCHEMAS = {
  Rate: {
    type: ['object', 'null'],
    required: ['answered', 'of', 'share', 'low', 'high'],
    description: 'answered of `of`, with its 95 % Wilson interval (fractions 0–1); null when `of` is 0',
    properties: { answered: { type: 'integer' }, of: { type: 'integer' }, share: { type: 'number' }, low: { type: 'number' }, high: { type: 'number' } },
  },
  ChannelRate: {
    type: 'object',
    required: ['channel', 'invited', 'answered', 'commented', 'rate'],
    additionalProperties: false,
    properties: {
      channel,
      invited: { type: 'integer', description: 'how often it asked: invitations sent by it (one per delivery and wave; reminders not counted); for `web`, the widget\'s displays shown in the period; 0 for a channel that does not ask by itself (phone, a link shared by hand)' },
      answered: { type: 'integer', description: 'answers that came through it to the period\'s deliveries; for `web`, the displays answered' },
      commented: { type: 'integer', description: 'of `answered`, those with a comment' },
      rate: { $ref: '#/components/schemas/Rate', description: 'asks answered through this same channel of asks (for `web`: answered displays of displays); null without asks' },
    },
  },
  ChannelFigures: {
    allOf: [{ $ref: '#/components/schemas/Figures' }],
    type: 'object',
    required: ['channel', 'vsBaseline'],
    properties: {
      channel,
      vsBaseline: {
        type: ['object', 'null'],
        required: ['csat', 'nps'],
        description: 'this channel minus the baseline; null for the baseline itself',
        properties: {
          csat: {
            type: ['object', 'null'],
            required: ['difference', 'z', 'p', 'withinNoise'],
            description: 'two-proportion z-test (pooled) on the share of 4–5; null when either side has no CSAT answers',
            properties: { difference: { type: 'number', description: 'percentage points, one decimal' }, z: { type: 'number' }, p: { type: 'number', description: 'two-sided p-value, four decimals' }, withinNoise: { type: 'boolean', description: 'p ≥ 0.05' } },
          },
          nps: {
            type: ['object', 'null'],
            required: ['difference', 'ci', 'p', 'withinNoise'],
            description: 'the difference of the two NPS with its own 95 % interval (variance (p + d − (p − d)²)/n of each, summed); null when either side has no NPS answers',
            properties: { difference: { type: 'number', description: 'points, one decimal' }, ci: pointsCi, p: { type: 'number' }, withinNoise: { type: 'boolean', description: 'the interval holds 0' } },
          },
        },
      },
    },
  },
  Channels: {
    type: 'object',
    required: ['confidence', 'alpha', 'baseline', 'channels'],
    properties: {
      confidence: { const: 0.95 },
      alpha: { const: 0.05 },
      baseline: { type: ['string', 'null'], description: 'the channel the others are compared with: `baseline` when asked, else `web` when it has answers, else the channel with the most; null without answers' },
      channels: { type: 'array', description: 'the baseline first, then the most answers first', items: { $ref: '#/components/schemas/ChannelFigures' } },
      path: { $ref: '#/components/schemas/CountPath' },
      pathWhy: { type: 'string', description: 'with `path: rows`: the filter the counts cannot serve' },
    },
  },
};

/** The properties GET /v1/invitations/summary gains. */
export const CHANNEL_RATES = {
  channels: { type: 'array', items: { $ref: '#/components/schemas/ChannelRate' }, description: 'per channel, most asks first' },
  coverage: { $ref: '#/components/schemas/Rate', description: 'deliveries asked at all (an invitation sent by any channel, the survey shown, or an answer by any channel) of the period\'s deliveries' },
  answeredAny: { $ref: '#/components/schemas/Rate', description: 'deliveries answered at all (any channel, any wave) of the period\'s deliveries' },
};

export const CHANNEL_PATHS = {
  '/v1/channels': {
    get: {
      summary: 'Is one channel kinder than another? NPS and CSAT per channel with their 95 % intervals, each against a baseline channel with a difference test',
      security: [{ admin: [] }],
      parameters: [...FILTERS, q('baseline', 'the channel to compare with (default: web when it has answers, else the channel with the most)', { type: 'string', pattern: '^[a-z0-9_-]{1,20}$' })],
      responses: {
        200: { description: '{ confidence, alpha, baseline, channels }', ...json({ $ref: '#/components/schemas/Channels' }) },
        400: error('A bad filter or baseline; `error` names the parameter'),
        401: unauthorized,
      },
    },
  },
};
