// `aftercare/schema`: what a collector needs — the wire schemas and the scoring rules.
export * from './schema.ts';
export { summarize, type ScoreSummary } from './scoring.ts';
