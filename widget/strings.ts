/** Every text the survey shows or announces; merchants may override any of them. */
export interface Strings {
  /** What the questions are about when the merchant names nothing. */
  subject: string;
  csatQuestion: (subject: string) => string;
  csatLabels: [string, string, string, string, string];
  npsQuestion: (subject: string) => string;
  npsLow: string;
  npsHigh: string;
  commentLabel: string;
  send: string;
  close: string;
  thanks: string;
  saveFailed: string;
}

const en: Strings = {
  subject: 'our service',
  csatQuestion: (s) => `How satisfied are you with ${s}?`,
  csatLabels: ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'],
  npsQuestion: (s) => `How likely are you to recommend ${s} to a friend or colleague?`,
  npsLow: 'Not at all likely',
  npsHigh: 'Extremely likely',
  commentLabel: 'Anything you would like to add? (optional)',
  send: 'Send',
  close: 'Close survey',
  thanks: 'Thank you for your feedback!',
  saveFailed: 'Your answer could not be saved. Please try again.',
};

const zhCN: Strings = {
  subject: '我们的服务',
  csatQuestion: (s) => `您对${s}的满意程度如何？`,
  csatLabels: ['非常不满意', '不满意', '一般', '满意', '非常满意'],
  npsQuestion: (s) => `您有多大可能向朋友或同事推荐${s}？`,
  npsLow: '完全不可能',
  npsHigh: '极有可能',
  commentLabel: '还有什么想告诉我们的吗？（选填）',
  send: '提交',
  close: '关闭问卷',
  thanks: '感谢您的反馈！',
  saveFailed: '您的回答未能保存，请重试。',
};

export const LOCALES = { en, 'zh-CN': zhCN } as const;
export type UiLocale = keyof typeof LOCALES;

/**
 * Picks the built-in locale for a BCP 47 tag: any Chinese tag gets zh-CN (the only Chinese script
 * built in so far), everything else English.
 * @example resolveLocale('zh-Hans-SG') // 'zh-CN'
 */
export function resolveLocale(tag: string | undefined): UiLocale {
  // `zh_CN` is not BCP 47, but merchants type it; treat `_` like `-`.
  return /^zh(?:$|[-_])/i.test(tag ?? '') ? 'zh-CN' : 'en';
}

/** The strings for a locale with the merchant's overrides applied. */
export function stringsFor(tag: string | undefined, overrides: Partial<Strings> = {}): Strings {
  return { ...LOCALES[resolveLocale(tag)], ...overrides };
}
