// No imports: the loader reads these without pulling in the SDK.
/** Timing attributes → SDK options; numbers are parsed here and validated by `createAftercare`. */
export const POLICY_ATTRS = {
  'data-sample-rate': 'sampleRate',
  'data-cooldown-days': 'cooldownDays',
  'data-decline-cooldown-days': 'declineCooldownDays',
  'data-remind-after-hours': 'remindAfterHours',
  'data-max-prompts': 'maxPrompts',
} as const;

