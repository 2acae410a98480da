import type { Strings } from '../strings.ts';

// Spanish for Spain and Latin America alike: "usted", and a question that does not need satisfecho/a.
const es: Strings = {
  subject: 'nuestro servicio',
  csatQuestion: '¿Cuál es su grado de satisfacción con {subject}?',
  csatLabels: ['Muy insatisfecho', 'Insatisfecho', 'Neutral', 'Satisfecho', 'Muy satisfecho'],
  npsQuestion: '¿Qué probabilidad hay de que recomiende {subject} a un amigo o colega?',
  npsLow: 'Nada probable',
  npsHigh: 'Extremadamente probable',
  commentLabel: '¿Qué podríamos mejorar? (opcional)',
  commentNegative: 'Lo sentimos. ¿Qué salió mal? (opcional)',
  commentPositive: '¡Genial! ¿Qué hicimos bien? (opcional)',
  send: 'Enviar',
  close: 'Cerrar encuesta',
  later: 'Recordármelo más tarde',
  thanks: '¡Gracias por su opinión!',
  saveFailed: 'No se pudo guardar su respuesta. Inténtelo de nuevo.',
  deliveredOn: 'Entregado el {date}',
  privacy: 'Cómo usamos su respuesta',
  forget: 'Eliminar mi respuesta',
  forgotten: 'Su respuesta se ha eliminado.',
  forgetLocal: 'Eliminada solo de este dispositivo.',
};
export default es;
