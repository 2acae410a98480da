export { createAftercare } from './create-aftercare.ts';
export { AftercareError } from '../src/errors.ts';
export { summarize, type ScoreSummary } from '../src/scoring.ts';
export { dueState, windowOf, DEFAULT_POLICY, type DueState, type Policy } from '../src/schedule.ts';
export type * from './types.ts';
