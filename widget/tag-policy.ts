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
  // Text that is not a number stays a string (blank never reaches here), so every value must be a
  // number: "Infinity" would otherwise compare as one. Then the ranges of OptionsSchema.
  const { windowDays: w = [0, 1], sampleRate: r = 0, maxPrompts: m = 1, remindAfterHours: h = 1, cooldownDays: c = 0, declineCooldownDays: d = 0 } = o as Record<string, never>;
  const plain =
    [...(w as number[]), r, m, h, c, d].every((v) => typeof v === 'number' && v >= 0) &&
    (w as number[]).length === 2 &&
    w[1]! > w[0]! &&
    r <= 1 &&
    m % 1 === 0 &&
    m >= 1 &&
    m <= 10 &&
    h > 0;
  return plain ? policyFrom(o as PolicyOptions) : undefined;
}
