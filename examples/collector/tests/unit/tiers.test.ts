// Follow-up tiers (store/tiers.ts): the guide's defaults, word, meta and score rules, and every error
// message word for word.
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_TIER_HOURS,
  DEFAULT_TIER_RULES,
  parseTierHours,
  parseTierRules,
  TierHoursError,
  TierRuleError,
  tierOf,
  TIERS,
  type TierAnswer,
} from '../../src/store/tiers.ts';

const answer = (a: Partial<TierAnswer>): TierAnswer => ({ nps: null, csat: null, reasons: [], meta: null, comment: null, ...a });
const tier = (rules: string, a: Partial<TierAnswer>) => tierOf(parseTierRules(rules), answer(a));

describe('the guide\'s defaults', () => {
  const rules = parseTierRules(DEFAULT_TIER_RULES);

  test.each([
    ['nps 2', { nps: 2 }, 'urgent'],
    ['nps 3 (the edge)', { nps: 3 }, 'urgent'],
    ['csat 1', { csat: 1 }, 'urgent'],
    ['reason quality with nps 7', { nps: 7, reasons: ['quality'] }, 'complex'],
    ['nps 6, no reason', { nps: 6 }, 'general'],
    ['csat 2', { csat: 2 }, 'general'],
    ['nps 3 and reason quality: the first rule wins', { nps: 3, reasons: ['quality'] }, 'urgent'],
    ['no scores at all', {}, 'general'],
  ] as const)('%s → %s', (_, a, expected) => expect(tierOf(rules, answer(a))).toBe(expected));

  test('empty text is the default; the text comes back as written', () => {
    expect(parseTierRules('')).toEqual(rules);
    expect(parseTierRules(undefined)).toEqual(rules);
    expect(rules.text).toBe(DEFAULT_TIER_RULES);
    expect(rules.fallback).toBe('general');
    expect(rules.rules).toEqual([
      { anyOf: [[{ kind: 'score', field: 'nps', op: '<=', value: 3 }], [{ kind: 'score', field: 'csat', op: '=', value: 1 }]], tier: 'urgent' },
      { anyOf: [[{ kind: 'reason', id: 'quality' }]], tier: 'complex' },
    ]);
  });

  test('the tiers and their hours', () => {
    expect(TIERS).toEqual(['urgent', 'general', 'complex']);
    expect(DEFAULT_TIER_HOURS).toEqual({ urgent: { respond: 1, resolve: 2 }, general: { respond: 2, resolve: 4 }, complex: { respond: 4, resolve: 8 } });
  });
});

describe('word rules: whole words, case-insensitive, any script', () => {
  test.each([
    ['I want a Refund!', 'urgent'],
    ['REFUND', 'urgent'],
    ['refund', 'urgent'],
    ['ＲＥＦＵＮＤ please', 'urgent'], // full-width letters fold to plain ones (NFKC), as the q filter folds
    ['我要refund', 'urgent'], // next to Chinese: a word edge
    ['already refunded', 'general'], // another word
    ['nonrefundable', 'general'],
    ['', 'general'],
  ])('comment~refund: "%s" → %s', (comment, expected) => expect(tier('comment~refund -> urgent', { comment })).toBe(expected));

  test('no comment never matches', () => expect(tier('comment~refund -> urgent', { comment: null })).toBe('general'));

  test.each([
    ['我要退款，谢谢', 'urgent'],
    ['退款', 'urgent'],
    ['申请退款了吗', 'urgent'], // Chinese has no spaces: any substring
    ['我要退货', 'general'],
  ])('comment~退款: "%s" → %s', (comment, expected) => expect(tier('comment~退款 -> urgent', { comment })).toBe(expected));

  test('other scripts and phrases', () => {
    expect(tier('comment~rückerstattung -> urgent', { comment: 'Bitte RÜCKERSTATTUNG!' })).toBe('urgent');
    expect(tier('comment~rückerstattung -> urgent', { comment: 'Rückerstattungen' })).toBe('general');
    expect(tier('comment~возврат -> urgent', { comment: 'Хочу ВОЗВРАТ денег' })).toBe('urgent');
    expect(tier('comment~返品 -> urgent', { comment: '返品したいです' })).toBe('urgent');
    expect(tier('comment~"money back" -> urgent', { comment: 'I want my Money Back.' })).toBe('urgent');
    expect(tier('comment~"money back" -> urgent', { comment: 'money backing' })).toBe('general');
    // A later occurrence can be the whole word when the first is not.
    expect(tier('comment~refund -> urgent', { comment: 'refunded? no refund yet' })).toBe('urgent');
  });
});

describe('meta, reason and score rules', () => {
  test('meta values match exactly; quoted values may hold spaces', () => {
    expect(tier('meta.store=Berlin -> complex', { meta: { store: 'Berlin' } })).toBe('complex');
    expect(tier('meta.store=Berlin -> complex', { meta: { store: 'berlin' } })).toBe('general');
    expect(tier('meta.store=Berlin -> complex', { meta: { region: 'Berlin' } })).toBe('general');
    expect(tier('meta.store=Berlin -> complex', { meta: null })).toBe('general');
    expect(tier('meta.store="New York" -> urgent', { meta: { store: 'New York' } })).toBe('urgent');
    expect(tier('meta.constructor=x -> urgent', { meta: {} })).toBe('general'); // never an inherited property
    // Numbers and booleans from the wire compare as the meta side table keeps them (JSON text).
    expect(tier('meta.floor=3 -> urgent', { meta: { floor: 3 } as unknown as Record<string, string> })).toBe('urgent');
    expect(tier('meta.vip=true -> urgent', { meta: { vip: true } as unknown as Record<string, string> })).toBe('urgent');
    const r = parseTierRules('meta.note="a or b; c -> d" -> urgent');
    expect(r.rules[0]!.anyOf).toEqual([[{ kind: 'meta', key: 'note', value: 'a or b; c -> d' }]]);
    expect(r.text).toBe('meta.note="a or b; c -> d" -> urgent; else general');
  });

  test('"and" binds tighter than "or"', () => {
    const rules = 'nps<=6 and meta.store=Berlin or csat=1 -> urgent; else complex';
    expect(parseTierRules(rules).rules[0]!.anyOf).toHaveLength(2);
    expect(tier(rules, { nps: 5, meta: { store: 'Berlin' } })).toBe('urgent');
    expect(tier(rules, { nps: 5, meta: { store: 'Munich' } })).toBe('complex');
    expect(tier(rules, { csat: 1, meta: { store: 'Munich' } })).toBe('urgent');
  });

  test('every operator; a missing score matches none of them, not even !=', () => {
    const cases: Array<[string, number, boolean]> = [
      ['nps<3', 2, true], ['nps<3', 3, false], ['nps<=3', 3, true], ['nps=3', 3, true], ['nps=3', 4, false],
      ['nps>=9', 9, true], ['nps>9', 9, false], ['nps>9', 10, true], ['nps!=10', 9, true], ['nps!=10', 10, false],
    ];
    for (const [c, nps, hit] of cases) expect(tier(`${c} -> urgent`, { nps })).toBe(hit ? 'urgent' : 'general');
    expect(tier('nps!=10 -> urgent', { csat: 1 })).toBe('general');
    expect(tier('csat!=5 and reason=delivery -> complex', { csat: 4, reasons: ['delivery', 'price'] })).toBe('complex');
    expect(tier('csat!=5 and reason=delivery -> complex', { csat: 4, reasons: ['price'] })).toBe('general');
  });

  test('keywords in any case, spaces and new lines, a trailing ";", no else: written back one way', () => {
    const r = parseTierRules('NPS <= 3 OR Csat = 1 -> URGENT;\n  Reason=quality\n-> complex ;');
    expect(r.text).toBe('nps<=3 or csat=1 -> urgent; reason=quality -> complex; else general');
    expect(parseTierRules(r.text)).toEqual(r);
    expect(parseTierRules('else urgent')).toEqual({ rules: [], fallback: 'urgent', text: 'else urgent' });
    expect(parseTierRules('comment~Refund -> urgent').text).toBe('comment~refund -> urgent; else general');
  });
});

describe('rule errors name the rule and the bad part', () => {
  const tooMany = Array.from({ length: 21 }, () => 'nps<=3 -> urgent').join('; ');
  const manyConditions = `${Array.from({ length: 21 }, (_, i) => `meta.k${i}=v`).join(' or ')} -> urgent`;
  test.each([
    ['nps<=3 or csat=1 -> urgent; reason=quality -> complicated', 'rule 2 ("reason=quality -> complicated"): expected a tier (urgent, general or complex), got "complicated"'],
    ['nps<=11 -> urgent', 'rule 1 ("nps<=11 -> urgent"): expected an NPS score from 0 to 10, got "nps<=11"'],
    ['csat=0 -> urgent', 'rule 1 ("csat=0 -> urgent"): expected a CSAT score from 1 to 5, got "csat=0"'],
    ['nps=>3 -> urgent', 'rule 1 ("nps=>3 -> urgent"): expected a condition (such as nps<=3, csat=1, reason=quality, meta.store=Berlin or comment~refund), got "nps=>3"'],
    ['stars<=2 -> urgent', 'rule 1 ("stars<=2 -> urgent"): expected a condition (such as nps<=3, csat=1, reason=quality, meta.store=Berlin or comment~refund), got "stars<=2"'],
    ['-> urgent', 'rule 1 ("-> urgent"): expected a condition (such as nps<=3, csat=1, reason=quality, meta.store=Berlin or comment~refund), got ""'],
    ['nps<=3 or -> urgent', 'rule 1 ("nps<=3 or -> urgent"): expected a condition (such as nps<=3, csat=1, reason=quality, meta.store=Berlin or comment~refund), got ""'],
    ['reason= -> urgent', 'rule 1 ("reason= -> urgent"): expected a condition (such as nps<=3, csat=1, reason=quality, meta.store=Berlin or comment~refund), got "reason="'],
    ['nps<=3 urgent', 'rule 1 ("nps<=3 urgent"): expected CONDITIONS -> TIER (such as nps<=3 -> urgent) or else TIER'],
    ['nps<=3 -> urgent -> complex', 'rule 1 ("nps<=3 -> urgent -> complex"): expected CONDITIONS -> TIER (such as nps<=3 -> urgent) or else TIER'],
    ['nps<=3 -> urgent;; else general', 'rule 2 (""): expected CONDITIONS -> TIER (such as nps<=3 -> urgent) or else TIER'],
    ['else general; nps<=3 -> urgent', 'rule 1 ("else general"): expected "else TIER" only as the last rule'],
    ['nps<=3 -> urgent; else', 'rule 2 ("else"): expected a tier (urgent, general or complex), got ""'],
    ['nps<=3 -> urgent; else soon', 'rule 2 ("else soon"): expected a tier (urgent, general or complex), got "soon"'],
    ['meta.store="Berlin -> urgent', 'rule 1 ("meta.store="Berlin -> urgent"): expected a closing quote mark (")'],
    ['reason="" -> urgent', 'rule 1 ("reason="" -> urgent"): expected a reason id of 1 to 40 characters, got "reason="""'],
    [`reason=${'r'.repeat(41)} -> urgent`, `rule 1 ("reason=${'r'.repeat(41)} -> urgent"): expected a reason id of 1 to 40 characters, got "reason=${'r'.repeat(41)}"`],
    ['comment~"" -> urgent', 'rule 1 ("comment~"" -> urgent"): expected a word or phrase of 1 to 100 characters, got "comment~"""'],
    ['meta.=Berlin -> urgent', 'rule 1 ("meta.=Berlin -> urgent"): expected a condition (such as nps<=3, csat=1, reason=quality, meta.store=Berlin or comment~refund), got "meta.=Berlin"'],
    [manyConditions, `rule 1 ("${manyConditions.slice(0, 80)}…"): expected at most 20 conditions in a rule`],
    [tooMany, 'tier rules: expected at most 20 rules, got 21'],
    ['x'.repeat(2001), 'tier rules: expected at most 2000 characters, got 2001'],
  ])('%s', (text, message) => {
    let error: unknown;
    try {
      parseTierRules(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TierRuleError);
    expect((error as Error).message).toBe(message);
  });

  test('the error carries the rule number', () => {
    try {
      parseTierRules('nps<=3 -> urgent; csat=9 -> urgent');
      expect.unreachable();
    } catch (e) {
      expect((e as TierRuleError).rule).toBe(2);
    }
  });
});

describe('parseTierHours', () => {
  test('the guide\'s table, empty text, and one tier changed (the others keep their defaults)', () => {
    expect(parseTierHours('urgent=1/2, general=2/4, complex=4/8')).toEqual(DEFAULT_TIER_HOURS);
    expect(parseTierHours('')).toEqual(DEFAULT_TIER_HOURS);
    expect(parseTierHours(undefined)).toEqual(DEFAULT_TIER_HOURS);
    expect(parseTierHours(' Urgent = 0.5 / 1.5 ,')).toEqual({ ...DEFAULT_TIER_HOURS, urgent: { respond: 0.5, resolve: 1.5 } });
    expect(parseTierHours('complex=8/8')).toEqual({ ...DEFAULT_TIER_HOURS, complex: { respond: 8, resolve: 8 } });
    // The defaults are never changed by a parse.
    expect(DEFAULT_TIER_HOURS.urgent).toEqual({ respond: 1, resolve: 2 });
  });

  const hoursError = (tier: string, got: string) =>
    `${tier}: expected respond/resolve hours such as 1/2 (above 0, at most 720, respond no later than resolve), got "${got}"`;
  test.each([
    ['urgent=2/1', hoursError('urgent', '2/1')],
    ['general=0/4', hoursError('general', '0/4')],
    ['complex=4', hoursError('complex', '4')],
    ['complex=4/1000', hoursError('complex', '4/1000')],
    ['urgent=-1/2', hoursError('urgent', '-1/2')],
    ['urgent=1h/2h', hoursError('urgent', '1h/2h')],
    ['urgent=1,5/2', hoursError('urgent', '1')],
    ['vip=1/2', 'tier hours: expected a tier (urgent, general or complex), got "vip"'],
    ['urgent 1/2', 'tier hours: expected TIER=RESPOND/RESOLVE such as urgent=1/2, got "urgent 1/2"'],
    ['urgent=1/2, urgent=2/3', 'urgent: expected once, got it twice'],
  ])('%s', (text, message) => {
    let error: unknown;
    try {
      parseTierHours(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TierHoursError);
    expect((error as Error).message).toBe(message);
  });
});
