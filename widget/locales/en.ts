import type { Strings } from '../strings.ts';

// English: always bundled with the survey, since it is also the fallback when a locale chunk fails to load.
const en: Strings = {
  subject: 'our service',
  csatQuestion: 'How satisfied are you with {subject}?',
  csatLabels: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
  npsQuestion: 'How likely are you to recommend {subject} to a friend or colleague?',
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  commentLabel: 'What could we do better? (optional)',
  commentNegative: 'We are sorry. What went wrong? (optional)',
  commentPositive: 'Great! What did we do well? (optional)',
  send: 'Send',
  close: 'Close survey',
  later: 'Remind me later',
  thanks: 'Thank you for your feedback!',
  saveFailed: 'Your answer could not be saved. Please try again.',
  deliveredOn: 'Delivered on {date}',
  privacy: 'How we use your answer',
  forget: 'Delete my answer',
  forgotten: 'Your answer was deleted.',
  forgetLocal: 'Deleted from this device only.',
};
export default en;
