// The pieces the OpenAPI document is built from (openapi.ts and its parts).

export const json = (schema: object) => ({ content: { 'application/json': { schema } } });
export const error = (description: string) => ({ description, ...json({ $ref: '#/components/schemas/Error' }) });
export const unauthorized = {
  description: 'No or a wrong admin credential (`WWW-Authenticate: Bearer`); more than 10 wrong ones a minute get 429.',
  ...json({ $ref: '#/components/schemas/Error' }),
};
export const limit = { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 } };
export const q = (name: string, description: string, schema: object = { type: 'string' }) => ({ name, in: 'query', description, schema });
export const interval = { type: ['array', 'null'], minItems: 2, maxItems: 2, items: { type: 'number' }, description: '95 % interval [low, high], one decimal; null without answers' };
export const time = { type: 'string', format: 'date-time' };
export const nullableTime = { type: ['string', 'null'], format: 'date-time' };
export const score = (min: number, max: number) => ({ type: ['integer', 'null'], minimum: min, maximum: max });
