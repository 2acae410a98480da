/**
 * The built-in reason ids for "What mattered most?", each with a label in every locale. A merchant
 * may ask others of their own (1–40 characters) and label them through `strings`.
 */
export const REASONS = ['speed', 'staff', 'attitude', 'solved', 'communication', 'price', 'quality', 'delivery'] as const;
export type Reason = (typeof REASONS)[number];
