import { policyFrom, type Policy, type PolicyOptions } from '../src/schedule.ts';
import { policyAttrs } from './attrs.ts';

/**
 * The tag's timing policy as the loader may use it, or `undefined` when an attribute is not what the
 * SDK accepts (a plain number in its range, as OptionsSchema has it), so the SDK reports it.
 * Presentation attributes (position, theme…) do not change what is due and are checked by the SDK.
 * @example tagPolicy((n) => script.getAttribute(n)?.trim() || undefined)
 */
export function tagPolicy(attr: (name: string) => string | undefined): Policy | undefined {
  const o = policyAttrs(attr);
  const n = (v: unknown): v is number => typeof v === 'number' && v >= 0;
  // Text that is not a number stays a string (blank never reaches here): comparisons with it are
  // false, but "Infinity" would compare as a number, hence the typeof checks where there is no upper bound.
  const { windowDays: w, sampleRate: r = 0, maxPrompts: m = 1, remindAfterHours: h = 1, cooldownDays: c = 0, declineCooldownDays: d = 0 } = o as Record<string, never>;
  const plain = (!w || ((w as unknown[]).length === 2 && n(w[0]) && n(w[1]) && w[1] > w[0])) && r >= 0 && r <= 1 && Number.isInteger(m) && m >= 1 && m <= 10 && n(h) && h > 0 && n(c) && n(d);
  return plain ? policyFrom(o as PolicyOptions) : undefined;
}
