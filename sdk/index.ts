export { createAftercare } from './create-aftercare.ts';
export { AftercareError } from '../src/errors.ts';
export { createPresenter, DEFAULT_DELAY_MS, type Presenter, type PresenterOptions, type Shown } from './presenter.ts';
export { summarize, type ScoreSummary } from '../src/scoring.ts';
export { atWave, dueState, dueList, policyFrom, waveOf, windowOf, DEFAULT_POLICY, type DueState, type Policy, type PolicyOptions, type Wave } from '../src/schedule.ts';
export type * from './types.ts';
