import type { Strings } from '../strings.ts';

// Brazilian Portuguese, "você"; also shown for pt-PT and plain pt (the only Portuguese built in).
const ptBR: Strings = {
  subject: 'nosso serviço',
  csatQuestion: 'Qual é o seu nível de satisfação com {subject}?',
  csatLabels: ['Muito insatisfeito', 'Insatisfeito', 'Neutro', 'Satisfeito', 'Muito satisfeito'],
  npsQuestion: 'Qual é a probabilidade de você recomendar {subject} a um amigo ou colega?',
  npsLow: 'Nada provável',
  npsHigh: 'Extremamente provável',
  commentLabel: 'O que poderíamos melhorar? (opcional)',
  commentNegative: 'Sentimos muito. O que deu errado? (opcional)',
  commentPositive: 'Que ótimo! O que fizemos bem? (opcional)',
  send: 'Enviar',
  close: 'Fechar pesquisa',
  later: 'Lembrar mais tarde',
  thanks: 'Obrigado pelo seu feedback!',
  saveFailed: 'Não foi possível salvar sua resposta. Tente novamente.',
  deliveredOn: 'Entregue em {date}',
  privacy: 'Como usamos sua resposta',
  forget: 'Excluir minha resposta',
  forgotten: 'Sua resposta foi excluída.',
  forgetLocal: 'Excluída apenas deste dispositivo.',
};
export default ptBR;
