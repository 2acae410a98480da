// `aftercare/schema`: what a collector needs — the wire schemas and the scoring rules.
export * from './schema.ts';
export { summarize, summarizeCounts, type ScoreCounts, type ScoreSummary } from './scoring.ts';
export { protocolJsonSchema, PROTOCOL_SCHEMA_ID } from './protocol-schema.ts';
export { redactText } from './redact.ts';
export { REDACT_KINDS, type RedactKind } from './redact-kinds.ts';
export { REASONS, type Reason } from './reasons.ts';
