// No imports: the loader reads these without pulling in the SDK.
/** Timing attributes → SDK options; numbers are parsed here and validated by `createAftercare`. */
export const POLICY_ATTRS = {
  'data-sample-rate': 'sampleRate',
  'data-cooldown-days': 'cooldownDays',
  'data-decline-cooldown-days': 'declineCooldownDays',
  'data-remind-after-hours': 'remindAfterHours',
  'data-max-prompts': 'maxPrompts',
} as const;


/** An attribute's number, or its text when it is not one (so the error quotes what the merchant wrote). */
export const num = (v: string): number | string => (v !== '' && Number.isFinite(Number(v)) ? Number(v) : v);

/**
 * The tag's timing attributes as SDK options: numbers where they read as numbers, the text as written
 * otherwise; `windowDays` as its parts ("3 7"). Shared by the loader (which only trusts plain numbers)
 * and `readTag` (which leaves the checking to `createAftercare`).
 */
export function policyAttrs(attr: (name: string) => string | undefined): Record<string, number | string | Array<number | string>> {
  const o: Record<string, number | string | Array<number | string>> = {};
  for (const [name, option] of Object.entries(POLICY_ATTRS)) {
    const v = attr(name);
    if (v !== undefined) o[option] = num(v);
  }
  const w = attr('data-window-days');
  if (w !== undefined) o.windowDays = w.split(/[\s,]+/).map(num);
  return o;
}

/**
 * `data-survey` as the kinds it asks, CSAT first whatever the attribute's order (protocol rule);
 * `undefined` when a word is neither "csat" nor "nps". Shared by the loader and `readTag`.
 */
export function surveyKinds(v = 'csat'): Array<'csat' | 'nps'> | undefined {
  const words = v.toLowerCase().split(/[\s,]+/).filter(Boolean);
  if (!words.every((w) => w === 'csat' || w === 'nps')) return undefined;
  return (['csat', 'nps'] as const).filter((k) => words.includes(k));
}
