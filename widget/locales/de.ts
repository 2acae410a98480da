import type { Strings } from '../strings.ts';

// German, "Sie". Both questions take {subject} in the accusative ("im Hinblick auf …", "… empfehlen"),
// so one form of a merchant's subject fits both; "mit …" would need the dative.
const de: Strings = {
  subject: 'unseren Service',
  csatQuestion: 'Wie zufrieden sind Sie im Hinblick auf {subject}?',
  csatLabels: ['Sehr unzufrieden', 'Unzufrieden', 'Neutral', 'Zufrieden', 'Sehr zufrieden'],
  npsQuestion: 'Wie wahrscheinlich ist es, dass Sie {subject} einem Freund oder Kollegen empfehlen?',
  npsLow: 'Überhaupt nicht wahrscheinlich',
  npsHigh: 'Äußerst wahrscheinlich',
  commentLabel: 'Was könnten wir besser machen? (optional)',
  commentNegative: 'Das tut uns leid. Was ist schiefgelaufen? (optional)',
  commentPositive: 'Schön! Was hat Ihnen gefallen? (optional)',
  send: 'Senden',
  close: 'Umfrage schließen',
  later: 'Später erinnern',
  thanks: 'Vielen Dank für Ihr Feedback!',
  saveFailed: 'Ihre Antwort konnte nicht gespeichert werden. Bitte versuchen Sie es erneut.',
  deliveredOn: 'Geliefert am {date}',
  privacy: 'Wie wir Ihre Antwort verwenden',
  forget: 'Meine Antwort löschen',
  forgotten: 'Ihre Antwort wurde gelöscht.',
  forgetLocal: 'Nur auf diesem Gerät gelöscht.',
};
export default de;
