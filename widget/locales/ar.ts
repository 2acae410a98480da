import type { Strings } from '../strings.ts';

// Modern Standard Arabic, shown right to left. ترشّح takes {subject} as a direct object, so no
// preposition has to join onto the merchant's text (as بـ would).
const ar: Strings = {
  subject: 'خدمتنا',
  csatQuestion: 'ما مدى رضاك عن {subject}؟',
  csatLabels: ['غير راضٍ على الإطلاق', 'غير راضٍ', 'محايد', 'راضٍ', 'راضٍ جدًا'],
  npsQuestion: 'ما مدى احتمال أن ترشّح {subject} لصديق أو زميل؟',
  npsLow: 'غير محتمل على الإطلاق',
  npsHigh: 'محتمل للغاية',
  commentLabel: 'ما الذي يمكننا تحسينه؟ (اختياري)',
  commentNegative: 'نأسف لذلك. ما الذي لم يكن على ما يرام؟ (اختياري)',
  commentPositive: 'رائع! ما الذي أعجبك؟ (اختياري)',
  commentMore: 'هل هناك شيء آخر تود إخبارنا به؟ (اختياري)',
  send: 'إرسال',
  close: 'إغلاق الاستبيان',
  later: 'ذكّرني لاحقًا',
  thanks: 'شكرًا لك على ملاحظاتك!',
  saveFailed: 'تعذّر حفظ إجابتك. يُرجى المحاولة مرة أخرى.',
  deliveredOn: 'تم التسليم في {date}',
  privacy: 'كيف نستخدم إجابتك',
  forget: 'حذف إجابتي',
  forgotten: 'تم حذف إجابتك.',
  forgetLocal: 'حُذفت من هذا الجهاز فقط.',
  reasonsLabel: 'ما الأهم بالنسبة إليك؟',
  reasonsNegative: 'ما الذي لم يكن على ما يرام؟',
  reasonsPositive: 'ما الذي أعجبك؟',
  'reason.speed': 'سرعة الاستجابة',
  'reason.staff': 'احترافية الموظفين',
  'reason.attitude': 'أسلوب التعامل',
  'reason.solved': 'حل المشكلة',
  'reason.communication': 'التواصل',
  'reason.price': 'السعر',
  'reason.quality': 'جودة المنتج',
  'reason.delivery': 'التوصيل',
};
export default ar;
