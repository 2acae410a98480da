export { mountSurvey, type MountOptions, type MountedSurvey } from './mount.tsx';
export { Survey, type SurveyProps } from './survey.tsx';
export { LOCALES, resolveLocale, stringsFor, type Strings, type UiLocale } from './strings.ts';
