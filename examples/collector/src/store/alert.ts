// The alert rule (AFTERCARE_ALERT): which answers need a person. A list of conditions, any one of which
// matches: `nps<=6,csat<=2` (the default), `nps<7`, `csat=1`, or `off`.

export interface Condition {
  field: 'nps' | 'csat';
  op: '<=' | '<' | '=' | '>=' | '>';
  value: number;
}

/** The rule: its conditions (empty when alerts are off) and its text as configured. */
export interface AlertRule {
  conditions: Condition[];
  text: string;
}

export const DEFAULT_ALERT = 'nps<=6,csat<=2';

const RANGE = { nps: [0, 10], csat: [1, 5] } as const;

/** Parses the rule; throws an Error saying what is expected (config.ts names the variable). */
export function parseAlert(raw: string | undefined): AlertRule {
  const text = (raw ?? '').trim() || DEFAULT_ALERT;
  if (text.toLowerCase() === 'off') return { conditions: [], text: 'off' };
  const conditions = text.split(',').map((part) => {
    const m = /^\s*(nps|csat)\s*(<=|>=|<|>|=)\s*(\d+)\s*$/i.exec(part);
    if (!m) throw new Error(`conditions such as nps<=6,csat<=2 (nps or csat, then <=, <, =, >= or >, then a score), or off; got "${part.trim()}"`);
    const field = m[1]!.toLowerCase() as Condition['field'];
    const value = Number(m[3]);
    const [lo, hi] = RANGE[field];
    if (value < lo || value > hi) throw new Error(`a ${field} score from ${lo} to ${hi} in "${part.trim()}"`);
    return { field, op: m[2] as Condition['op'], value };
  });
  return { conditions, text: conditions.map((c) => `${c.field}${c.op}${c.value}`).join(',') };
}

const holds = (x: number, c: Condition) =>
  c.op === '<=' ? x <= c.value : c.op === '<' ? x < c.value : c.op === '=' ? x === c.value : c.op === '>=' ? x >= c.value : x > c.value;

/** True when an answer with these scores needs a person. */
export function matchesAlert(rule: AlertRule, r: { nps: number | null; csat: number | null }): boolean {
  return rule.conditions.some((c) => {
    const x = r[c.field];
    return x !== null && x !== undefined && holds(Number(x), c);
  });
}
