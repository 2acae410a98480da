import type { Strings } from '../strings.ts';

// Traditional Chinese, Taiwan usage (送出, 回饋, 儲存); also shown for Hong Kong and Macau.
const zhTW: Strings = {
  subject: '我們的服務',
  csatQuestion: '您對{subject}的滿意度如何？',
  csatLabels: ['非常不滿意', '不滿意', '普通', '滿意', '非常滿意'],
  npsQuestion: '您有多大可能向朋友或同事推薦{subject}？',
  npsLow: '完全不可能',
  npsHigh: '非常可能',
  commentLabel: '我們還有哪些地方可以做得更好？（選填）',
  commentNegative: '很抱歉。請問哪裡出了問題？（選填）',
  commentPositive: '太好了！我們哪些地方做得不錯？（選填）',
  send: '送出',
  close: '關閉問卷',
  later: '稍後提醒我',
  thanks: '感謝您的回饋！',
  saveFailed: '無法儲存您的回答，請再試一次。',
  deliveredOn: '已於{date}送達',
  privacy: '我們如何使用您的回答',
  forget: '刪除我的回答',
  forgotten: '您的回答已刪除。',
  forgetLocal: '僅已從此裝置刪除。',
};
export default zhTW;
