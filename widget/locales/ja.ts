import type { Strings } from '../strings.ts';

// Japanese, polite form (です・ます, ご〜いただく).
const ja: Strings = {
  subject: '当社のサービス',
  csatQuestion: '{subject}にどの程度ご満足いただけましたか？',
  csatLabels: ['非常に不満', '不満', 'どちらともいえない', '満足', '非常に満足'],
  npsQuestion: '{subject}を友人や同僚に薦める可能性はどのくらいありますか？',
  npsLow: 'まったく可能性はない',
  npsHigh: '非常に可能性が高い',
  commentLabel: '改善すべき点があればお聞かせください（任意）',
  commentNegative: 'ご不便をおかけして申し訳ございません。どのような問題がありましたか？（任意）',
  commentPositive: 'ありがとうございます！良かった点をお聞かせください（任意）',
  send: '送信',
  close: 'アンケートを閉じる',
  later: 'あとで回答する',
  thanks: 'ご意見をお寄せいただき、ありがとうございました！',
  saveFailed: '回答を保存できませんでした。もう一度お試しください。',
  deliveredOn: 'お届け日：{date}',
  privacy: '回答の利用方法',
  forget: '回答を削除',
  forgotten: '回答を削除しました。',
  forgetLocal: 'この端末からのみ削除しました。',
};
export default ja;
