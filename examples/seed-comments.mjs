// The sample answers' comments (seed.mjs), written so the dashboard's *What customers say* view tells a
// story at a glance. Unhappy customers write about a late visit (late, 迟到), a rude call (rude,
// 态度差) and a mess left behind (mess, 一地); happy ones about a careful technician (careful, 细心),
// a fix that held the first time (fixed, 一次修好), arriving on time (准时) and friendly staff
// (friendly, 热情). Several phrasings per theme, English for the
// German stores, Chinese for the Chinese ones, where some customers write English too. In the last
// month a new booking app (app, 小程序) fails some customers, so it rises against the month before. A
// few comments contradict their score (a 10 that says the technician broke the tap), for *Check these*.

const BAD_EN = [
  'Two hours late.',
  'Late again, we waited all morning.',
  'The technician was late and never said sorry.',
  'Delivery was three days late.',
  'Came late and rushed the job.',
  'Late, and nobody told us why.',
  'The call centre was rude.',
  'Rude on the phone, hung up on me.',
  'A very rude call.',
  'The agent was rude and unhelpful.',
  'Rude driver.',
  'Rude when I asked about the date.',
  'Left a mess in the kitchen.',
  'Left a mess behind, dust everywhere.',
  'What a mess after the repair.',
  'Mud on the carpet, a real mess.',
  'He left a mess.',
  'Late and rude.',
  'Rude, and left a mess.',
  'Late, and left a mess.',
];

const BAD_ZH = [
  '师傅迟到了。',
  '又迟到了，白等一上午。',
  '送货迟到好几天。',
  '迟到还不道歉。',
  '迟到太久，活也干得很急。',
  '约好上午，下午才到，迟到太多。',
  '客服态度差。',
  '电话里态度差，还挂电话。',
  '态度差，问什么都不知道。',
  '司机态度差。',
  '师傅态度差，很不耐烦。',
  '打电话问进度，态度差。',
  '修完一地垃圾。',
  '走的时候留下一地灰。',
  '地上一地泥，也不收拾。',
  '迟到，态度差。',
];

const GOOD_EN = [
  'The technician was careful and tidy.',
  'Very careful with our floor.',
  'A careful technician.',
  'Careful work, checked everything.',
  'Fixed first time.',
  'Fixed it the first time, no second visit.',
  'Fixed first time, thank you!',
  'Fixed first time in under an hour.',
  'Right on time.',
  'Arrived on time and called ahead.',
  'On time and quick.',
  'Friendly and quick, thank you!',
  'Very friendly.',
  'Friendly and helpful.',
  'Friendly staff.',
  'Friendly, on time and fixed first time.',
  'Careful and friendly.',
  'On time and careful.',
];

const GOOD_ZH = [
  '师傅细心。',
  '师傅很细心，还帮忙拖地。',
  '师傅细心又专业。',
  '安装师傅细心。',
  '一次修好，非常满意。',
  '一次就修好了。',
  '师傅专业，一次修好。',
  '一次修好，点赞。',
  '准时上门。',
  '师傅准时，很细心。',
  '准时到达。',
  '客服很热情。',
  '师傅热情又细心。',
  '热情周到，一次修好。',
];

/** The new booking app, since a month ago: unhappy customers only. */
const APP = {
  en: ['The booking app kept crashing.', 'Could not book in the app, it crashed twice.', 'The new app lost my booking.'],
  zh: ['预约小程序一直打不开。', '小程序预约失败了两次。', '新的小程序把我的预约弄丢了。'],
};

/** Comments whose words say the opposite of their score: a high score that sounds unhappy (`good`), and the reverse. */
const CONTRARY = {
  good: {
    en: ['The technician broke the tap and left a mess.', 'Came late and was rude on the phone.', 'Late again and the call centre was rude.'],
    zh: ['师傅迟到，地上一地泥。', '态度差，迟到一个小时。', '一地垃圾，客服态度差。'],
  },
  bad: {
    en: ['Careful technician, fixed first time. The price was too high for me.', 'Friendly and on time, but far too expensive.'],
    zh: ['师傅细心，一次修好，就是太贵了。', '热情准时，可惜价格太高。'],
  },
};

/** Comments by mood and language: `good` for happy scores, `bad` for unhappy ones. */
export const COMMENTS = {
  good: { en: GOOD_EN, zh: GOOD_ZH },
  bad: { en: BAD_EN, zh: BAD_ZH },
};

/**
 * A sample comment: `roll` (0–1, one draw of the seeded generator, so the draws after it stay the
 * same whatever the lists hold) picks from the mood's list in the customer's language: the store's,
 * or English for three in ten customers of a Chinese store. `contrary`: words that say the opposite of
 * the score; `recent` (the last 30 days): some unhappy comments are about the new booking app.
 * @example commentFor(true, 'zh-CN', 0.5) === '一次修好，点赞。'
 */
export function commentFor(happy, locale, roll, { contrary = false, recent = false } = {}) {
  // A second number, spread over 0–1 like the first and as good as independent of the pick below.
  const u = (roll * 7919) % 1;
  const lang = locale.startsWith('zh') && u >= 0.3 ? 'zh' : 'en';
  const list = recent && !happy && !contrary && u >= 0.3 && u < 0.6 ? APP[lang] : (contrary ? CONTRARY : COMMENTS)[happy ? 'good' : 'bad'][lang];
  return list[Math.floor(roll * list.length)];
}
