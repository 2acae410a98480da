export { createAftercare } from './create-aftercare.ts';
export { AftercareError } from '../src/errors.ts';
export { createPresenter, DEFAULT_DELAY_MS, type Presenter, type PresenterOptions, type Shown } from './presenter.ts';
export { summarize, type ScoreSummary } from '../src/scoring.ts';
export { dueState, dueList, policyFrom, windowOf, DEFAULT_POLICY, type DueState, type Policy, type PolicyOptions } from '../src/schedule.ts';
export type * from './types.ts';
