// The read filters every read route shares, as OpenAPI query parameters.
import { q } from './openapi-parts.ts';

export const FILTERS = [
  q('from', 'Inclusive start: a date (2026-11-20) or date-time (2026-11-20T18:00) in AFTERCARE_TZ, or an instant with Z or an offset.'),
  q('to', 'End: a date includes that whole day; a date-time is exclusive.'),
  q('survey', 'Only responses that have this score.', { enum: ['csat', 'nps'] }),
  { ...q('band', 'NPS band (repeatable): detractor 0–6, passive 7–8, promoter 9–10.', { type: 'array', items: { enum: ['detractor', 'passive', 'promoter'] } }), explode: true },
  { ...q('csat', 'CSAT score (repeatable).', { type: 'array', items: { type: 'integer', minimum: 1, maximum: 5 } }), explode: true },
  q('q', 'Text in the comment: case-insensitive substring, any script (NFKC + lower case).', { type: 'string', maxLength: 200 }),
  {
    name: 'meta',
    in: 'query',
    style: 'form',
    explode: true,
    description: '`meta.KEY=VALUE` (repeatable): responses whose meta KEY equals VALUE.',
    schema: { type: 'object', additionalProperties: { type: 'string' } },
  },
  q('complete', 'Complete answers only (true) or partial ones only (false).', { enum: ['true', 'false'] }),
  q('wave', 'The re-survey wave (0: the first survey of a delivery; answers from before waves are 0). Display figures follow it too.', { type: 'integer', minimum: 0 }),
  {
    ...q('reason', 'A reason id (repeatable): answers naming each of them. Display figures do not follow it (a display carries no reasons).', {
      type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 40 },
    }),
    explode: true,
  },
  {
    ...q('channel', 'The channel the answer came by (repeatable, any of them): `web` (the widget in the merchant\'s page), email, sms, link, qr, phone, or the merchant\'s own id. Display figures follow it too (a display carries its channel).', {
      type: 'array', maxItems: 10, items: { type: 'string', pattern: '^[a-z0-9_-]{1,20}$' },
    }),
    explode: true,
  },
  {
    ...q('term', 'A term of the comment (repeatable): answers whose comment names each of them, as the themes count terms (a word, or two words joined by one space; NFKC, lower case). Display figures do not follow it.', {
      type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 81 },
    }),
    explode: true,
  },
];
