export { mountSurvey, type MountOptions, type MountedSurvey, type Placement, type CsatStyle, type CloseHow } from './mount.tsx';
export { checkTheme, type Theme } from './theme.ts';
export { Survey, type SurveyProps } from './survey.tsx';
export {
  fill,
  formatDate,
  formatNumber,
  loadStrings,
  LOCALES,
  negotiateLocale,
  reasonLabel,
  resolveLocale,
  stringsFor,
  type Dir,
  type LoadedStrings,
  type ReasonLabels,
  type Strings,
  type UiLocale,
} from './strings.ts';
