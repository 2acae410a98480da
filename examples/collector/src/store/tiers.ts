// Follow-up tiers: how soon an unhappy answer needs a person. Rules in one line of text (like the alert
// rule, store/alert.ts), first match wins:
//
//   nps<=3 or csat=1 -> urgent; reason=quality -> complex; else general
//
// "and" binds tighter than "or"; values with spaces are quoted ("New York"). Hours per tier come from
// a second line, `urgent=1/2, general=2/4, complex=4/8` (respond/resolve, business hours).
import { foldText, metaText } from './derived.ts';

export const TIERS = ['urgent', 'general', 'complex'] as const;
export type Tier = (typeof TIERS)[number];

export interface TierHours {
  respond: number;
  resolve: number;
}

/** The guide's defaults: respond/resolve hours. */
export const DEFAULT_TIER_HOURS: Record<Tier, TierHours> = {
  urgent: { respond: 1, resolve: 2 },
  general: { respond: 2, resolve: 4 },
  complex: { respond: 4, resolve: 8 },
};

export const DEFAULT_TIER_RULES = 'nps<=3 or csat=1 -> urgent; reason=quality -> complex; else general';

export type TierCondition =
  | { kind: 'score'; field: 'nps' | 'csat'; op: '<' | '<=' | '=' | '>=' | '>' | '!='; value: number }
  /** The answer names this reason id. */
  | { kind: 'reason'; id: string }
  /** The answer's meta value for `key` is exactly `value`. */
  | { kind: 'meta'; key: string; value: string }
  /** The comment contains the word or phrase (case-folded as `foldText` folds). */
  | { kind: 'word'; word: string };

export interface TierRule {
  /** Any of these groups, each of whose conditions must all hold ("a and b or c" is [[a, b], [c]]). */
  anyOf: TierCondition[][];
  tier: Tier;
}

export interface TierRules {
  rules: TierRule[];
  /** The tier when no rule matches ("else TIER"; general when absent). */
  fallback: Tier;
  /** The rules as written back (one spacing, the else spelt out): what the settings page shows. */
  text: string;
}

/** An answer as the rules see it. */
export interface TierAnswer {
  nps: number | null;
  csat: number | null;
  reasons: readonly string[];
  meta: Record<string, string> | null;
  comment: string | null;
}

/** A rule that does not parse: names the rule by number (from 1) and text, and the bad part. */
export class TierRuleError extends Error {
  constructor(readonly rule: number | null, ruleText: string, expected: string) {
    super(rule === null ? `tier rules: expected ${expected}` : `rule ${rule} ("${cut(ruleText)}"): expected ${expected}`);
  }
}

/** A tier-hours entry that does not parse: names the tier (null when the tier itself is the bad part). */
export class TierHoursError extends Error {
  constructor(readonly tier: Tier | null, expected: string) {
    super(`${tier ?? 'tier hours'}: expected ${expected}`);
  }
}

const MAX_TEXT = 2000;
const MAX_RULES = 20;
const MAX_CONDITIONS = 20;
/** Hours of one tier at most: 30 days round the clock; the business-hours walk looks 3 years ahead. */
const MAX_HOURS = 720;
const RANGE = { nps: [0, 10], csat: [1, 5] } as const;
const TIER_LIST = 'a tier (urgent, general or complex)';
const CONDITION_LIST = 'a condition (such as nps<=3, csat=1, reason=quality, meta.store=Berlin or comment~refund)';

const cut = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);

/**
 * Splits `s` at `sep`, ignoring separators inside "quotes". An unclosed quote runs to the end, so its
 * rule fails on the value, which names it.
 */
function splitOutside(s: string, sep: RegExp): string[] {
  let masked = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"') quoted = !quoted;
    masked += quoted && s[i] !== '"' ? 'x' : s[i]; // same length, so indexes carry over to `s`
  }
  const out: string[] = [];
  let at = 0;
  for (const m of masked.matchAll(new RegExp(sep.source, `${sep.flags}g`))) {
    out.push(s.slice(at, m.index));
    at = m.index + m[0].length;
  }
  out.push(s.slice(at));
  return out;
}

function tierNamed(raw: string, fail: (expected: string) => never): Tier {
  const t = raw.trim().toLowerCase();
  if (!(TIERS as readonly string[]).includes(t)) fail(`${TIER_LIST}, got "${raw.trim()}"`);
  return t as Tier;
}

// A value: "quoted" (anything but a quote mark) or bare (no spaces, quotes or semicolons).
const VALUE = String.raw`(?:"([^"]*)"|([^\s";]+))`;
const SCORE = /^(nps|csat)\s*(<=|>=|!=|<|>|=)\s*(\d+)$/i;
const REASON = new RegExp(String.raw`^reason\s*=\s*${VALUE}$`, 'i');
const META = new RegExp(String.raw`^meta\.([^\s=~"<>!;]{1,64})\s*=\s*${VALUE}$`, 'i');
const WORD = new RegExp(String.raw`^comment\s*~\s*${VALUE}$`, 'i');

function condition(raw: string, fail: (expected: string) => never): TierCondition {
  const c = raw.trim();
  let m = SCORE.exec(c);
  if (m) {
    const field = m[1]!.toLowerCase() as 'nps' | 'csat';
    const value = Number(m[3]);
    const [lo, hi] = RANGE[field];
    if (value < lo || value > hi) fail(`${field === 'nps' ? 'an NPS' : 'a CSAT'} score from ${lo} to ${hi}, got "${c}"`);
    return { kind: 'score', field, op: m[2] as '<', value };
  }
  if ((m = REASON.exec(c))) {
    const id = m[1] ?? m[2]!;
    if (!id || id.length > 40) fail(`a reason id of 1 to 40 characters, got "${c}"`);
    return { kind: 'reason', id };
  }
  if ((m = META.exec(c))) {
    const value = m[2] ?? m[3]!;
    if (value.length > 500) fail(`a meta value of at most 500 characters, got "${cut(c)}"`);
    return { kind: 'meta', key: m[1]!, value };
  }
  if ((m = WORD.exec(c))) {
    const word = foldText((m[1] ?? m[2]!).trim())!;
    if (!word || word.length > 100) fail(`a word or phrase of 1 to 100 characters, got "${cut(c)}"`);
    return { kind: 'word', word };
  }
  return fail(`${CONDITION_LIST}, got "${cut(c)}"`);
}

const quoted = (v: string) => (v === '' || /[\s";]|->/.test(v) ? `"${v}"` : v);
const written = (c: TierCondition) =>
  c.kind === 'score' ? `${c.field}${c.op}${c.value}` : c.kind === 'reason' ? `reason=${quoted(c.id)}` : c.kind === 'meta' ? `meta.${c.key}=${quoted(c.value)}` : `comment~${quoted(c.word)}`;

/**
 * The conditions of a rule ("nps<=3 or csat=1 and reason=quality": `and` binds tighter): any group may
 * hold, all of a group must. Shared with the assignment rules (store/assign.ts).
 */
export function parseWhen(text: string, fail: (expected: string) => never): TierCondition[][] {
  const anyOf = splitOutside(text, /\s+or\s+/i).map((group) => splitOutside(group, /\s+and\s+/i).map((c) => condition(c, fail)));
  if (anyOf.flat().length > MAX_CONDITIONS) fail(`at most ${MAX_CONDITIONS} conditions in a rule`);
  return anyOf;
}

/** The writing of parsed conditions, as parseTierRules normalises them. */
export const writeWhen = (anyOf: TierCondition[][]) => anyOf.map((g) => g.map(written).join(' and ')).join(' or ');

/** Splits rules text at the semicolons outside quotes. */
export const splitRules = (text: string) => splitOutside(text, /;/).map((p) => p.trim());
/** Splits a rule at its arrow outside quotes. */
export const splitArrow = (rule: string) => splitOutside(rule, /->/);

/**
 * Parses the tier rules ("CONDITIONS -> TIER; …; else TIER"); empty text gives DEFAULT_TIER_RULES.
 * Throws `TierRuleError` naming the rule and the bad part. Example: `parseTierRules('csat<=2 -> urgent')`.
 */
export function parseTierRules(raw: string | undefined): TierRules {
  const text = (raw ?? '').trim() || DEFAULT_TIER_RULES;
  if (text.length > MAX_TEXT) throw new TierRuleError(null, '', `at most ${MAX_TEXT} characters, got ${text.length}`);
  const parts = splitOutside(text, /;/).map((p) => p.trim());
  if (parts.length > 1 && parts.at(-1) === '') parts.pop(); // a trailing ";" is harmless
  if (parts.length > MAX_RULES) throw new TierRuleError(null, '', `at most ${MAX_RULES} rules, got ${parts.length}`);
  const rules: TierRule[] = [];
  let fallback: Tier = 'general';
  for (const [i, part] of parts.entries()) {
    const fail = (expected: string): never => {
      throw new TierRuleError(i + 1, part, expected);
    };
    if ((part.match(/"/g)?.length ?? 0) % 2) fail('a closing quote mark (")');
    const otherwise = /^else(?:\s+([^]*))?$/i.exec(part);
    if (otherwise) {
      if (i !== parts.length - 1) fail('"else TIER" only as the last rule');
      fallback = tierNamed(otherwise[1] ?? '', fail);
      continue;
    }
    const sides = splitOutside(part, /->/);
    if (sides.length !== 2) fail('CONDITIONS -> TIER (such as nps<=3 -> urgent) or else TIER');
    rules.push({ anyOf: parseWhen(sides[0]!, fail), tier: tierNamed(sides[1]!, fail) });
  }
  const lines = rules.map((r) => `${r.anyOf.map((g) => g.map(written).join(' and ')).join(' or ')} -> ${r.tier}`);
  return { rules, fallback, text: [...lines, `else ${fallback}`].join('; ') };
}

// Scripts written without spaces between words: there a word is any substring (退款 in 我要退款).
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORDISH = /[\p{L}\p{N}\p{M}]/u;

/** A word ends here: at the end of the text, at a space or punctuation, or next to a script written without spaces. */
const edge = (ch: string | undefined) => ch === undefined || !WORDISH.test(ch) || UNSPACED.test(ch);

/**
 * True when the folded comment contains the folded word as a whole word: "refund" matches "Refund,
 * please" and "我要refund" but not "refunded" (list both to catch both). Where the word itself starts
 * or ends in an unspaced script, that side needs no edge: 退款 matches 我要退款了.
 */
function hasWord(comment: string, word: string): boolean {
  // Whole code points, so a character outside the BMP (𠀀, an emoji) is judged as itself, not by a surrogate half.
  const first = /^./su.exec(word)?.[0] ?? '';
  const last = /.$/su.exec(word)?.[0] ?? '';
  for (let i = comment.indexOf(word); i >= 0; i = comment.indexOf(word, i + 1)) {
    const before = /.$/su.exec(comment.slice(0, i))?.[0];
    const after = /^./su.exec(comment.slice(i + word.length))?.[0];
    if ((UNSPACED.test(first) || edge(before)) && (UNSPACED.test(last) || edge(after))) return true;
  }
  return false;
}

function holds(c: TierCondition, a: TierAnswer, comment: () => string): boolean {
  switch (c.kind) {
    case 'score': {
      const x = a[c.field];
      if (x === null || x === undefined) return false; // not asked is not "not equal"
      const v = Number(x);
      return c.op === '<=' ? v <= c.value : c.op === '<' ? v < c.value : c.op === '=' ? v === c.value : c.op === '>=' ? v >= c.value : c.op === '>' ? v > c.value : v !== c.value;
    }
    case 'reason':
      return a.reasons.includes(c.id);
    case 'meta':
      // Meta from the wire may hold numbers or booleans: compared as the side table keeps them (JSON
      // text), so meta.floor=3 matches 3 as the meta.KEY filter does. Own keys only (not "constructor").
      return a.meta !== null && Object.hasOwn(a.meta, c.key) && metaText(a.meta[c.key]) === c.value;
    case 'word':
      return hasWord(comment(), c.word);
  }
}

/** True when any group of the conditions holds for the answer. */
export function matchesWhen(anyOf: TierCondition[][], answer: TierAnswer): boolean {
  let folded: string | undefined;
  const comment = () => (folded ??= foldText(answer.comment) ?? '');
  return anyOf.some((all) => all.every((c) => holds(c, answer, comment)));
}

/** The tier of an answer: the first rule that matches, else the fallback. */
export function tierOf(rules: TierRules, answer: TierAnswer): Tier {
  let folded: string | undefined;
  const comment = () => (folded ??= foldText(answer.comment) ?? '');
  for (const rule of rules.rules) {
    if (rule.anyOf.some((all) => all.every((c) => holds(c, answer, comment)))) return rule.tier;
  }
  return rules.fallback;
}

const HOURS = /^(\d{1,4}(?:\.\d{1,3})?)\s*\/\s*(\d{1,4}(?:\.\d{1,3})?)$/;

/**
 * Parses the hours per tier, `urgent=1/2, general=2/4, complex=4/8` (respond/resolve, hours, decimals
 * allowed); a tier left out keeps DEFAULT_TIER_HOURS. Throws `TierHoursError` naming the tier.
 */
export function parseTierHours(raw: string | undefined): Record<Tier, TierHours> {
  const out = structuredClone(DEFAULT_TIER_HOURS);
  const seen = new Set<Tier>();
  const text = (raw ?? '').trim();
  if (!text) return out;
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new TierHoursError(null, `TIER=RESPOND/RESOLVE such as urgent=1/2, got "${cut(part)}"`);
    const name = part.slice(0, eq).trim().toLowerCase();
    if (!(TIERS as readonly string[]).includes(name)) throw new TierHoursError(null, `${TIER_LIST}, got "${cut(part.slice(0, eq).trim())}"`);
    const tier = name as Tier;
    if (seen.has(tier)) throw new TierHoursError(tier, 'once, got it twice');
    seen.add(tier);
    const value = part.slice(eq + 1).trim();
    const m = HOURS.exec(value);
    const respond = Number(m?.[1]);
    const resolve = Number(m?.[2]);
    if (!m || !(respond > 0) || respond > resolve || resolve > MAX_HOURS) {
      throw new TierHoursError(tier, `respond/resolve hours such as 1/2 (above 0, at most ${MAX_HOURS}, respond no later than resolve), got "${cut(value)}"`);
    }
    out[tier] = { respond, resolve };
  }
  return out;
}
