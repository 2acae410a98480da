// Comments whose themes are known, for What customers say: in the last 80 days unhappy customers
// (NPS 0–4) write about a late visit, a rude call and a mess, in English and Chinese (迟到, 态度差);
// happy ones (NPS 9–10) about a careful technician and a fix that held the first time (细心, 一次修好).
// Three to six months ago, before the dashboard's period, the unhappy ones wrote about the price
// instead, so "late" and 迟到 rise. Every answer is another customer's. One promoter's words
// contradict the score (for Check these), and one detractor's comment holds HTML that must stay text.
import { randomUUID } from 'node:crypto';
import { DAY } from './harness.ts';

// Several phrasings per theme, each used a few times: the words around a theme stay under the five
// customers a term needs to be shown, the theme's own words are well above.
export const UNHAPPY_NOW = [
  'The technician came two hours late.',
  'Late again, we waited all morning.',
  'Arrived late, no apology.',
  'Delivery was three days late.',
  '师傅迟到了两个小时。',
  '又迟到了，白等一上午。',
  '送货迟到三天。',
  '迟到还不道歉。',
  'The call centre was rude to me.',
  'Rude on the phone and hung up.',
  'A rude driver.',
  'The agent was rude.',
  '客服态度差。',
  '司机态度差。',
  '电话里态度差。',
  'Left a mess in the kitchen.',
  'He left a mess behind.',
  'What a mess after the repair.',
  'Late and rude.',
  '迟到，态度差。',
];
export const HAPPY = [
  'A careful technician, thank you.',
  'Very careful with our floor.',
  'Careful and tidy.',
  'The technician was careful.',
  'Fixed first time.',
  'Fixed it the first time.',
  'Fixed first time, great.',
  'Careful and fixed first time.',
  '师傅细心。',
  '师傅很细心。',
  '安装师傅细心。',
  '一次修好，非常满意。',
  '一次就修好了。',
  '师傅细心，一次修好。',
];
const UNHAPPY_BEFORE = ['Far too expensive.', 'The price was too high.', 'Expensive for what it was.', '价格太贵了。'];

/** A promoter whose words sound unhappy: Check these lists it. */
export const CONTRARY = 'Late and rude, and he left a mess.';
/** A detractor's comment naming "late" with HTML in it: the Comments view shows it as these characters. */
export const HTML_LATE = '<b>Late</b> again & <i>rude</i>';

const NOW_UNHAPPY = 60;
const NOW_HAPPY = 60;
const BEFORE = 40;

export interface ThemeAnswer {
  comment: string;
  nps: number;
  csat: number;
  daysAgo: number;
}

/** The answers, as the test reasons about them. */
export function themeAnswers(): ThemeAnswer[] {
  const out: ThemeAnswer[] = [];
  for (let i = 0; i < NOW_UNHAPPY; i++) out.push({ comment: i === 0 ? HTML_LATE : UNHAPPY_NOW[i % UNHAPPY_NOW.length]!, nps: i % 5, csat: 1 + (i % 2), daysAgo: 1 + ((i * 7) % 78) });
  for (let i = 0; i < NOW_HAPPY; i++) out.push({ comment: i === 0 ? CONTRARY : HAPPY[i % HAPPY.length]!, nps: 9 + (i % 2), csat: 5, daysAgo: 1 + ((i * 11) % 78) });
  for (let i = 0; i < BEFORE; i++) {
    out.push({ comment: UNHAPPY_BEFORE[i % UNHAPPY_BEFORE.length]!, nps: i % 5, csat: 1 + (i % 2), daysAgo: 95 + ((i * 13) % 80) });
    out.push({ comment: HAPPY[i % HAPPY.length]!, nps: 9 + (i % 2), csat: 5, daysAgo: 95 + ((i * 17) % 80) });
  }
  return out;
}

/** The answers as POST /v1/responses takes them, in batches of 50. */
export function themeBatches(now = Date.now()): object[][] {
  const responses = themeAnswers().map((a, i) => {
    const answered = now - a.daysAgo * DAY + 3_600_000;
    return {
      id: randomUUID(),
      revision: 2,
      deliveryId: `theme-${i}`,
      deliveredAt: new Date(answered - 4 * DAY).toISOString(),
      answeredAt: new Date(answered).toISOString(),
      nps: a.nps,
      csat: a.csat,
      comment: a.comment,
      complete: true,
      locale: /\p{Script=Han}/u.test(a.comment) ? 'zh-CN' : 'en-GB',
      customerId: `theme-customer-${i}`,
      meta: { store: i % 2 ? 'Berlin' : 'Shanghai' },
    };
  });
  const batches: object[][] = [];
  for (let i = 0; i < responses.length; i += 50) batches.push(responses.slice(i, i + 50));
  return batches;
}
