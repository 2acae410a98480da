import type { Strings } from '../strings.ts';

// Simplified Chinese (mainland China, Singapore).
const zhCN: Strings = {
  subject: '我们的服务',
  csatQuestion: '您对{subject}的满意程度如何？',
  csatLabels: ['非常不满意', '不满意', '一般', '满意', '非常满意'],
  npsQuestion: '您有多大可能向朋友或同事推荐{subject}？',
  npsLow: '完全不可能',
  npsHigh: '极有可能',
  commentLabel: '我们还能做得更好吗？（选填）',
  commentNegative: '很抱歉。哪里出了问题？（选填）',
  commentPositive: '太好了！我们哪里做得好？（选填）',
  send: '提交',
  close: '关闭问卷',
  later: '稍后提醒我',
  thanks: '感谢您的反馈！',
  saveFailed: '您的回答未能保存，请重试。',
  deliveredOn: '送达于 {date}',
  privacy: '我们如何使用您的回答',
  forget: '删除我的回答',
  forgotten: '您的回答已删除。',
  forgetLocal: '仅已从此设备删除。',
};
export default zhCN;
