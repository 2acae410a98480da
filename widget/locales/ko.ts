import type { Strings } from '../strings.ts';

// Korean, polite style (해요체 / 합니다체). 을(를): the subject may end in a vowel or a consonant.
const ko: Strings = {
  subject: '저희 서비스',
  csatQuestion: '{subject}에 얼마나 만족하셨나요?',
  csatLabels: ['매우 불만족', '불만족', '보통', '만족', '매우 만족'],
  npsQuestion: '{subject}을(를) 친구나 동료에게 추천할 가능성은 얼마나 되나요?',
  npsLow: '전혀 가능성 없음',
  npsHigh: '매우 가능성 높음',
  commentLabel: '더 개선할 점이 있을까요? (선택 사항)',
  commentNegative: '불편을 드려 죄송합니다. 어떤 문제가 있었나요? (선택 사항)',
  commentPositive: '감사합니다! 어떤 점이 좋았나요? (선택 사항)',
  send: '제출',
  close: '설문 닫기',
  later: '나중에 다시 알림',
  thanks: '소중한 의견 감사합니다!',
  saveFailed: '응답을 저장하지 못했습니다. 다시 시도해 주세요.',
  deliveredOn: '{date} 배송 완료',
  privacy: '응답 이용 방법',
  forget: '내 응답 삭제',
  forgotten: '응답이 삭제되었습니다.',
  forgetLocal: '이 기기에서만 삭제되었습니다.',
};
export default ko;
