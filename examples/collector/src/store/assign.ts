// Assignment rules: who a new case goes to, by rules on its answer like the tier rules (the same
// conditions, store/tiers.ts): "meta.store=Berlin -> team:Berlin; meta.technician=\"Kai Wu\" ->
// manager-of:meta.technician; reason=quality -> round-robin:Quality; else team:Service".
// Targets: `team:NAME` (the team), `person:E-MAIL` (a person), `round-robin:TEAM` (the team's agent
// whose last assignment is oldest; people share their team's calendar, so hours do not tell them
// apart: a closed team still takes its turns, and its clocks wait for the opening) and
// `manager-of:meta.KEY` (the manager of the team of the person the meta value names, by name or
// e-mail: the technician's manager). A rule whose target finds nobody falls through to the next.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';
import { matchesWhen, parseWhen, splitArrow, splitRules, writeWhen, type TierAnswer, type TierCondition } from './tiers.ts';

export type Target = { kind: 'team' | 'person' | 'round-robin'; name: string } | { kind: 'manager-of'; key: string };
export interface AssignRules {
  rules: Array<{ anyOf: TierCondition[][]; target: Target }>;
  fallback: Target | null;
  text: string;
}

/** A rule that does not parse: names the rule (1-based) and what was expected. */
export class AssignRuleError extends Error {
  constructor(readonly rule: number, text: string, expected: string) {
    super(`rule ${rule} ("${text.length > 80 ? `${text.slice(0, 80)}…` : text}"): expected ${expected}`);
  }
}

const TARGETS = 'a target: team:NAME, person:E-MAIL, round-robin:TEAM or manager-of:meta.KEY';
const written = (t: Target) => (t.kind === 'manager-of' ? `manager-of:meta.${t.key}` : `${t.kind}:${t.name}`);

function target(raw: string, fail: (expected: string) => never): Target {
  const m = /^(team|person|round-robin|manager-of):(.+)$/i.exec(raw.trim());
  if (!m) return fail(`${TARGETS}; got "${raw.trim()}"`);
  const kind = m[1]!.toLowerCase() as Target['kind'];
  const name = m[2]!.trim().replace(/^"(.*)"$/, '$1');
  if (kind === 'manager-of') {
    const key = /^meta\.([A-Za-z0-9_.-]{1,64})$/.exec(name)?.[1];
    return key ? { kind, key } : fail(`manager-of:meta.KEY (the meta key naming the person); got "${name}"`);
  }
  if (!name || name.length > 254) return fail(`${TARGETS}; got "${raw.trim()}"`);
  if (kind === 'person' && !/^[^\s@]+@[^\s@]+$/.test(name)) return fail(`person:E-MAIL; got "${name}"`);
  return { kind, name: kind === 'person' ? name.toLowerCase() : name };
}

/** Parses assignment rules ("CONDITIONS -> TARGET; …; else TARGET"); empty text: no rule (cases stay unassigned). */
export function parseAssignRules(raw: string | undefined): AssignRules {
  const text = (raw ?? '').trim();
  if (!text) return { rules: [], fallback: null, text: '' };
  const parts = splitRules(text);
  if (parts.length > 1 && parts.at(-1) === '') parts.pop();
  if (parts.length > 50) throw new AssignRuleError(51, '', 'at most 50 rules');
  const rules: AssignRules['rules'] = [];
  let fallback: Target | null = null;
  for (const [i, part] of parts.entries()) {
    const fail = (expected: string): never => {
      throw new AssignRuleError(i + 1, part, expected);
    };
    const otherwise = /^else\s+(.+)$/i.exec(part);
    if (otherwise) {
      if (i !== parts.length - 1) fail('"else TARGET" only as the last rule');
      fallback = target(otherwise[1]!, fail);
      continue;
    }
    const sides = splitArrow(part);
    if (sides.length !== 2) fail('CONDITIONS -> TARGET (such as meta.store=Berlin -> team:Berlin) or else TARGET');
    rules.push({ anyOf: parseWhen(sides[0]!, fail), target: target(sides[1]!, fail) });
  }
  return { rules, fallback, text: [...rules.map((r) => `${writeWhen(r.anyOf)} -> ${written(r.target)}`), ...(fallback ? [`else ${written(fallback)}`] : [])].join('; ') };
}

type Db = Kysely<Database> | Transaction<Database>;
type Person = { id: string; email: string | null; name: string; role: string; team: string | null };

/** The owner value (`person:<id>` or `team:<name>`) a target gives now, or null when it finds nobody. */
async function resolve(db: Db, t: Target, answer: TierAnswer, people: Person[]): Promise<string | null> {
  const workers = (team: string) => people.filter((p) => p.team === team && (p.role === 'agent' || p.role === 'manager'));
  switch (t.kind) {
    case 'team':
      return people.some((p) => p.team === t.name) ? `team:${t.name}` : null;
    case 'person': {
      const p = people.find((x) => x.email === t.name && x.role !== 'viewer');
      return p ? `person:${p.id}` : null;
    }
    case 'round-robin': {
      const pool = workers(t.name).filter((p) => p.role === 'agent').length ? workers(t.name).filter((p) => p.role === 'agent') : workers(t.name);
      if (!pool.length) return null;
      const owners = pool.map((p) => `person:${p.id}`);
      const last = await db.selectFrom('cases').select(['owner', (eb) => eb.fn.max('opened_ms').as('at')]).where('owner', 'in', owners).groupBy('owner').execute();
      const at = new Map(last.map((r) => [r.owner, Number(r.at)]));
      // The one whose last case is oldest (never: first); ties by id, so two instances agree.
      return [...owners].sort((a, b) => (at.get(a) ?? -1) - (at.get(b) ?? -1) || a.localeCompare(b))[0]!;
    }
    case 'manager-of': {
      const value = answer.meta?.[t.key];
      if (value === undefined || value === null) return null;
      const named = String(value).trim().toLowerCase();
      const p = people.find((x) => x.email === named || x.name.trim().toLowerCase() === named);
      if (!p?.team) return null;
      const manager = people.find((x) => x.role === 'manager' && x.team === p.team);
      return manager ? `person:${manager.id}` : `team:${p.team}`;
    }
  }
}

/** Who a new case goes to by the rules: the first rule that matches and finds someone, else the fallback's, else null. */
export async function assigneeOf(db: Db, rules: AssignRules, answer: TierAnswer): Promise<{ owner: string; rule: string } | null> {
  if (!rules.rules.length && !rules.fallback) return null;
  const people = (await db.selectFrom('people').select(['id', 'email', 'name', 'role', 'team']).execute()) as Person[];
  for (const [i, r] of rules.rules.entries()) {
    if (!matchesWhen(r.anyOf, answer)) continue;
    const owner = await resolve(db, r.target, answer, people);
    if (owner) return { owner, rule: `rule ${i + 1} (${written(r.target)})` };
  }
  const owner = rules.fallback ? await resolve(db, rules.fallback, answer, people) : null;
  return owner ? { owner, rule: `else (${written(rules.fallback!)})` } : null;
}
