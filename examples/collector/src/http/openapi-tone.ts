// The OpenAPI parts of tone (http/tone.ts): the comments whose words contradict their score, and the
// naive Bayes model that judged them.
import { FILTERS } from './openapi-filters.ts';
import { error, json, limit, unauthorized } from './openapi-parts.ts';

const share = { type: ['number', 'null'], minimum: 0, maximum: 1 };

export const TONE_SCHEMAS = {
  ToneModel: {
    type: 'object',
    required: ['comments', 'unhappy', 'happy', 'terms', 'trainedAt', 'accuracy', 'auc', 'folds'],
    additionalProperties: false,
    description: 'What the model learnt from (the newest 50,000 scored comments at most, whatever the filter) and how well it does on comments it did not see',
    properties: {
      comments: { type: 'integer', description: 'scored comments with at least one term: unhappy + happy' },
      unhappy: { type: 'integer', description: 'with NPS 0–6, or CSAT 1–2 without NPS' },
      happy: { type: 'integer', description: 'with NPS 9–10, or CSAT 4–5 without NPS' },
      terms: { type: 'integer', description: 'distinct terms (words and two-word phrases) the model knows; 0 when untrained' },
      trainedAt: { type: 'string', format: 'date-time' },
      accuracy: { ...share, description: 'stratified k-fold cross-validated share judged right (P(unhappy) ≥ 0.5 means unhappy), mean of the folds, three decimals; null when untrained' },
      auc: { ...share, description: 'cross-validated ROC AUC (rank formula), mean of the folds: the chance an unhappy comment sounds unhappier than a happy one; null when untrained' },
      folds: { type: 'integer', const: 5 },
    },
  },
  ToneState: {
    type: 'object',
    required: ['trained', 'model'],
    properties: {
      trained: { type: 'boolean', description: 'false when there are too few scored comments (fewer than 50 unhappy or 50 happy): nothing is listed' },
      reason: { type: 'string', description: 'why there is no model' },
      model: { $ref: '#/components/schemas/ToneModel' },
    },
  },
  Tone: {
    allOf: [{ $ref: '#/components/schemas/ToneState' }],
    type: 'object',
    required: ['checked', 'checkThese'],
    properties: {
      checked: { type: 'integer', description: 'scored comments matching the filter that were read (the newest 10,000 at most)' },
      checkThese: {
        type: 'array',
        description: 'the surest first, then the newest; at most `limit`',
        items: {
          type: 'object',
          required: ['response', 'pUnhappy', 'direction', 'deliveryKnown'],
          additionalProperties: false,
          properties: {
            response: { $ref: '#/components/schemas/StoredResponse' },
            pUnhappy: { type: 'number', minimum: 0, maximum: 1, description: 'P(unhappy | the comment\'s terms), naive Bayes, three decimals' },
            direction: {
              enum: ['sounds-unhappy', 'sounds-happy'],
              description: 'sounds-unhappy: a happy score (NPS 9–10, or CSAT 4–5 without NPS) with P(unhappy) ≥ 0.8; sounds-happy: an unhappy score with P(unhappy) ≤ 0.2',
            },
            deliveryKnown: { type: 'boolean', description: 'the collector knows the answer\'s delivery (posted to /v1/deliveries): GET /v1/deliveries/{deliveryId} shows its timeline' },
          },
        },
      },
    },
  },
};

export const TONE_PATHS = {
  '/v1/themes/tone': {
    get: {
      summary: 'Check these: comments whose words contradict their score (sound unhappy with a high score, or happy with a low one), judged by a naive Bayes model learnt from the merchant\'s own scored comments; audited',
      description: 'The model is learnt on the first read and kept in memory for at most an hour (POST /v1/themes/tone/train learns it again now). The read filters choose the comments checked, not the ones learnt from. A comment with no term the model knows is not judged.',
      security: [{ admin: [] }],
      parameters: [...FILTERS, limit],
      responses: {
        200: { description: '{ trained, reason?, model, checked, checkThese }', ...json({ $ref: '#/components/schemas/Tone' }) },
        400: error('A bad filter; `error` names the parameter'),
        401: unauthorized,
      },
    },
  },
  '/v1/themes/tone/train': {
    post: {
      summary: 'Learn the tone model again now, from the newest scored comments; answers with its cross-validated figures; audited',
      security: [{ admin: [] }],
      responses: {
        200: { description: '{ trained, reason?, model }', ...json({ $ref: '#/components/schemas/ToneState' }) },
        401: unauthorized,
      },
    },
  },
};
