import * as z from 'zod/mini';
import { CHANNEL_PATTERN, ChannelSchema, DeliveryTokenSchema, DisplaySchema, MAX_META_KEYS, MetaSchema, ResponseSchema } from './schema.ts';

/** The published document's `$id`: a name, not a download address (the file ships in the package). */
export const PROTOCOL_SCHEMA_ID = 'urn:aftercare:protocol-v1';

const records = <T extends z.ZodMiniType>(item: T) => z.optional(z.array(item).check(z.maxLength(1000)));

/**
 * Wire protocol v1 as a JSON Schema (draft 2020-12), generated from the zod schemas: the body of
 * `POST {endpoint}` with `responses` and `displays` items as `$defs.Response` and `$defs.Display`.
 * Unknown fields are allowed everywhere (protocol rule: collectors ignore what they do not know).
 * `npm run build` writes it to dist/protocol-v1.schema.json (`aftercare/protocol-v1.schema.json`).
 * @example new Ajv2020().compile(protocolJsonSchema())
 */
export function protocolJsonSchema(): Record<string, unknown> {
  const meta = z.registry<Record<string, unknown>>();
  // toJSONSchema drops refinements; the four the protocol states are written back here as JSON Schema.
  meta.add(ResponseSchema, {
    id: 'Response',
    description: 'One survey response. Keep the highest revision per id.',
    anyOf: [{ required: ['csat'] }, { required: ['nps'] }],
  });
  meta.add(DisplaySchema, { id: 'Display', description: 'One survey display, sent once it ended. Keep one row per id; the outcome only moves up.' });
  meta.add(MetaSchema, { maxProperties: MAX_META_KEYS });
  meta.add(DeliveryTokenSchema, { description: "A JWT the merchant's server signed for this delivery; verify it or ignore it." });
  meta.add(ChannelSchema, {
    pattern: CHANNEL_PATTERN.source,
    description: "Where the survey was taken: web (also when absent), email, sms, link, qr, phone, or the merchant's own id.",
  });
  const batch = z.looseObject({ responses: records(ResponseSchema), displays: records(DisplaySchema) });
  meta.add(batch, {
    anyOf: [
      { required: ['responses'], properties: { responses: { type: 'array', minItems: 1 } } },
      { required: ['displays'], properties: { displays: { type: 'array', minItems: 1 } } },
    ],
  });
  // `input`: what a collector receives. (`output` would add `additionalProperties: false`, for zod's stripping.)
  const { $schema, ...rest } = z.toJSONSchema(batch, { target: 'draft-2020-12', io: 'input', metadata: meta, unrepresentable: 'throw' }) as Record<string, unknown>;
  return {
    $schema,
    $id: PROTOCOL_SCHEMA_ID,
    title: 'Aftercare wire protocol v1: the body of POST {endpoint}',
    description: 'Responses, displays or both (at least one record, at most 1000 of each). Unknown fields are ignored.',
    ...rest,
  };
}
