// The answers of the themes suite (themes-suite.ts), whose themes are known: a small hand-worked table,
// the day before it, and a month with planted themes in English and Chinese.
import { response } from './harness.ts';

const id = (set: number, i: number) => `00000000-0000-4000-a00${set}-${String(i + 1).padStart(12, '0')}`;
const at = (day: string, i: number) => new Date(Date.parse(`${day}T08:00:00.000Z`) + i * 600_000).toISOString();

/**
 * HAND (meta.set=hand, 5 October 2026): 25 answers, each a comment of words parted by full stops (no
 * two-word phrases). NPS 3 with CSAT 2 (detractors), 8 with CSAT 3 (passives), 10 with CSAT 5 (promoters).
 * Every answer has a customer of its own, but for `cA` (two promoters) and `cD` (two passives).
 */
export const HAND_ROWS: Array<[nps: number, comment: string, customer?: string]> = [
  [3, 'late. rude'], [3, 'late. rude'], [3, 'late. rude'], [3, 'late. rude'], [3, 'late. rude'],
  [3, 'late. tidy'], [3, 'waited'], [3, 'waited'], [3, 'waited'], [3, 'waited'],
  [10, 'careful. tidy'], [10, 'careful. tidy'], [10, 'careful. tidy'], [10, 'careful. tidy'], [10, 'careful. late'],
  [10, 'careful'], [10, 'parcel', 'cA'], [10, 'parcel', 'cA'], [10, 'parcel', 'cB'], [10, 'parcel', 'cC'],
  [8, 'parcel. tidy', 'cD'], [8, 'parcel. tidy', 'cD'], [8, 'average'], [8, 'average'], [8, 'door'],
];
const csatOf = (nps: number) => (nps <= 6 ? 2 : nps <= 8 ? 3 : 5);
export const hand = HAND_ROWS.map(([nps, comment, customer], i) =>
  response({ id: id(1, i), answeredAt: at('2026-10-05', i), nps, csat: csatOf(nps), comment, customerId: customer ?? `hand-${i}`, meta: { set: 'hand' } }),
);
/** The day before (4 October): 25 passives' comments, 6 naming "careful" and 19 "door". */
export const before = Array.from({ length: 25 }, (_, i) =>
  response({ id: id(2, i), answeredAt: at('2026-10-04', i), nps: 8, csat: 3, comment: i < 6 ? 'careful' : 'door', customerId: `before-${i}`, meta: { set: 'hand' } }),
);

/**
 * PLANTED (meta.set=planted, September 2026), every answer naming the reason `visit`: 60 unhappy (NPS 2),
 * 60 happy (NPS 10), 20 passives (NPS 7, wave 1). Unhappy: 30 "The late delivery again", 15 "rude on
 * the phone", 10 "送货太慢了" (by e-mail, zh-CN), 2 "careful technician, thank you". Happy: 3 late
 * delivery, 2 rude, 25 careful technician, 12 "师傅很细心" (by e-mail, zh-CN). Every comment also names
 * one of three neutral phrases in turn.
 */
const FILLER = ['invoice arrived', 'parking was easy', 'price'];
function plantedComment(side: 'unhappy' | 'happy' | 'passive', i: number): [string, string] {
  const u = [[30, 'The late delivery again'], [45, 'rude on the phone'], [55, 'zh:送货太慢了'], [57, 'careful technician, thank you']] as const;
  const h = [[3, 'The late delivery again'], [5, 'rude on the phone'], [30, 'careful technician, thank you'], [42, 'zh:师傅很细心']] as const;
  const found = side === 'passive' ? undefined : (side === 'unhappy' ? u : h).find(([end]) => i < end)?.[1];
  return found ? (found.startsWith('zh:') ? [found.slice(3), 'zh-CN'] : [found, 'en']) : ['', 'en'];
}
export const planted = (['unhappy', 'happy', 'passive'] as const).flatMap((side, s) =>
  Array.from({ length: side === 'passive' ? 20 : 60 }, (_, i) => {
    const k = s * 60 + i;
    const [text, locale] = plantedComment(side, i);
    const filler = FILLER[k % 3]!;
    return response({
      id: id(3, k),
      answeredAt: new Date(Date.parse('2026-09-01T06:00:00.000Z') + k * 4 * 3_600_000).toISOString(),
      nps: side === 'unhappy' ? 2 : side === 'happy' ? 10 : 7,
      csat: undefined,
      comment: locale === 'zh-CN' ? `${text}。${filler}` : text ? `${text}. ${filler}` : filler,
      locale,
      ...(locale === 'zh-CN' ? { channel: 'email' } : {}),
      ...(side === 'passive' ? { wave: 1 } : {}),
      reasons: ['visit'],
      customerId: `planted-${k}`,
      meta: { set: 'planted' },
    });
  }),
);
