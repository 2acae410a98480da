import type { Strings } from '../strings.ts';

// French, "vous". A no-break space (U+00A0) before ? and ! keeps them off the start of a line.
const fr: Strings = {
  subject: 'notre service',
  csatQuestion: 'Quel est votre niveau de satisfaction concernant {subject}\u00a0?',
  csatLabels: ['Très insatisfait', 'Insatisfait', 'Neutre', 'Satisfait', 'Très satisfait'],
  npsQuestion: 'Quelle est la probabilité que vous recommandiez {subject} à un ami ou à un collègue\u00a0?',
  npsLow: 'Pas du tout probable',
  npsHigh: 'Extrêmement probable',
  commentLabel: 'Que pourrions-nous améliorer\u00a0? (facultatif)',
  commentNegative: 'Nous en sommes désolés. Qu’est-ce qui s’est mal passé\u00a0? (facultatif)',
  commentPositive: 'Super\u00a0! Qu’avez-vous apprécié\u00a0? (facultatif)',
  send: 'Envoyer',
  close: 'Fermer le questionnaire',
  later: 'Me le rappeler plus tard',
  thanks: 'Merci pour votre avis\u00a0!',
  saveFailed: 'Votre réponse n’a pas pu être enregistrée. Veuillez réessayer.',
  deliveredOn: 'Livré le {date}',
  privacy: 'Comment nous utilisons votre réponse',
  forget: 'Supprimer ma réponse',
  forgotten: 'Votre réponse a été supprimée.',
  forgetLocal: 'Supprimée de cet appareil uniquement.',
};
export default fr;
