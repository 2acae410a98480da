export { mountSurvey, type MountOptions, type MountedSurvey } from './mount.tsx';
export { Survey, type SurveyProps } from './survey.tsx';
export {
  fill,
  formatDate,
  formatNumber,
  loadStrings,
  LOCALES,
  negotiateLocale,
  resolveLocale,
  stringsFor,
  type Dir,
  type LoadedStrings,
  type Strings,
  type UiLocale,
} from './strings.ts';
