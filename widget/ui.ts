// The lazily loaded UI chunk of the script tag (dist/aftercare-ui.js): Preact and the survey, nothing else.
export { mountSurvey } from './mount.tsx';
