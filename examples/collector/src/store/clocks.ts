// A case's tier and its two clocks, as the merchants' service guide sets them: the tier from rules on
// the answer (store/tiers.ts), the first-response and resolution deadlines from the tier's hours,
// counted in the business hours of the case's calendar (store/calendar.ts: the first calendar whose
// meta value the answer has, else its team's; none: wall-clock time). The rules and hours an owner set
// in the dashboard are collector settings (any instance reads them when it opens a case); without
// them, the configuration's (AFTERCARE_TIER_RULES, AFTERCARE_TIER_HOURS) or the guide's defaults.
import type { Kysely, Transaction } from 'kysely';
import { addBusinessTime, businessTimeBetween, parseCalendar, type Calendar } from './calendar.ts';
import { parseAssignRules, type AssignRules } from './assign.ts';
import type { Database } from './schema.ts';
import { DEFAULT_TIER_HOURS, DEFAULT_TIER_RULES, parseTierHours, parseTierRules, tierOf, type Tier } from './tiers.ts';

export const RULES_SETTING = 'followup_tier_rules';
export const HOURS_SETTING = 'followup_tier_hours';
export const ASSIGN_SETTING = 'followup_assign_rules';
const HOUR = 3_600_000;

/**
 * Business time added, or wall-clock time when the calendar has no opening within the walk's bound (a
 * calendar open a minute a week): opening a case must never fail on a calendar.
 */
function addSafely(from: number, ms: number, cal: Calendar | null): number {
  try {
    return addBusinessTime(from, ms, cal);
  } catch {
    return from + ms;
  }
}

/** The configured defaults (text, as the environment gives them; checked at start). */
export interface TierDefaults {
  rules: string;
  hours: string;
  /** AFTERCARE_FOLLOWUP_HOURS: one first-response deadline for every tier, in place of the tiers' own. */
  respondMs?: number | undefined;
  /** AFTERCARE_ASSIGN_RULES: who a new case goes to (store/assign.ts); empty: nobody. */
  assign?: string | undefined;
}
export const GUIDE_DEFAULTS: TierDefaults = {
  rules: DEFAULT_TIER_RULES,
  hours: Object.entries(DEFAULT_TIER_HOURS).map(([t, h]) => `${t}=${h.respond}/${h.resolve}`).join(', '),
};

export interface CalendarRow {
  calendar: Calendar;
  matchKey: string | null;
  matchValue: string | null;
  team: string | null;
}

export interface FollowupSetup {
  rules: ReturnType<typeof parseTierRules>;
  hours: ReturnType<typeof parseTierHours>;
  calendars: CalendarRow[];
  respondMs?: number | undefined;
  assign: AssignRules;
}

type Db = Kysely<Database> | Transaction<Database>;

/** The calendars, first match first. A stored calendar that no longer parses is skipped (and said once). */
export async function loadCalendars(db: Db): Promise<CalendarRow[]> {
  const rows = await db.selectFrom('calendars').selectAll().orderBy('position').orderBy('id').execute();
  const out: CalendarRow[] = [];
  for (const r of rows) {
    try {
      const calendar = parseCalendar({ id: r.id, name: r.name, timeZone: r.time_zone, hours: JSON.parse(r.hours), holidays: JSON.parse(r.holidays) });
      out.push({ calendar, matchKey: r.match_key, matchValue: r.match_value, team: r.team });
    } catch (e) {
      console.error(`[aftercare collector] calendar ${r.id} skipped: ${(e as Error).message}`);
    }
  }
  return out;
}

/** The rules, hours and calendars in force: the owner's settings, else the defaults. */
export async function loadSetup(db: Db, defaults: TierDefaults): Promise<FollowupSetup> {
  const settings = await db.selectFrom('collector_settings').select(['key', 'value']).where('key', 'in', [RULES_SETTING, HOURS_SETTING, ASSIGN_SETTING]).execute();
  const get = (k: string) => settings.find((s) => s.key === k)?.value;
  // Settings are checked when they are written; a bad one (written by another version) falls back.
  const safely = <T>(parse: () => T, fallback: () => T) => {
    try {
      return parse();
    } catch {
      return fallback();
    }
  };
  return {
    rules: safely(() => parseTierRules(get(RULES_SETTING) ?? defaults.rules), () => parseTierRules(defaults.rules)),
    hours: safely(() => parseTierHours(get(HOURS_SETTING) ?? defaults.hours), () => parseTierHours(defaults.hours)),
    calendars: await loadCalendars(db),
    respondMs: defaults.respondMs,
    assign: safely(() => parseAssignRules(get(ASSIGN_SETTING) ?? defaults.assign), () => parseAssignRules(defaults.assign)),
  };
}

/** The calendar a case counts in: by its answer's meta, else by the team it is assigned to; null: wall clock. */
export function calendarFor(setup: Pick<FollowupSetup, 'calendars'>, meta: Record<string, unknown> | null, owner: string | null): Calendar | null {
  for (const c of setup.calendars) {
    if (c.matchKey && meta && String(meta[c.matchKey] ?? '') === c.matchValue) return c.calendar;
  }
  const team = owner?.startsWith('team:') ? owner.slice(5) : null;
  return (team && setup.calendars.find((c) => c.team === team)?.calendar) || null;
}

export interface AnswerFacts {
  nps: number | null;
  csat: number | null;
  reasons: string[];
  meta: Record<string, unknown> | null;
  comment: string | null;
}

/** How long each clock of a tier runs, in business ms. */
export function tierSpans(setup: FollowupSetup, tier: Tier) {
  const h = setup.hours[tier];
  const respond = setup.respondMs ?? h.respond * HOUR;
  return { respond, resolve: Math.max(respond, h.resolve * HOUR) };
}

/** A new case's tier and clocks, started at `from`. */
export function clocksFor(setup: FollowupSetup, a: AnswerFacts, from: number, owner: string | null = null, tier?: Tier) {
  const t = tier ?? tierOf(setup.rules, { ...a, meta: a.meta as Record<string, string> | null });
  const cal = calendarFor(setup, a.meta, owner);
  const span = tierSpans(setup, t);
  return { tier: t, calendarId: cal?.id ?? null, responseDue: addSafely(from, span.respond, cal), resolutionDue: addSafely(from, span.resolve, cal) };
}

/** Business time between two instants in a calendar (by id; unknown or none: wall clock). */
export function pausedFor(setup: Pick<FollowupSetup, 'calendars'>, calendarId: string | null, from: number, to: number): number {
  const cal = setup.calendars.find((c) => c.calendar.id === calendarId)?.calendar ?? null;
  try {
    return businessTimeBetween(from, to, cal);
  } catch {
    return Math.max(0, to - from);
  }
}

/** A deadline moved on by `ms` of business time in the case's calendar. */
export function later(setup: Pick<FollowupSetup, 'calendars'>, calendarId: string | null, due: number, ms: number): number {
  const cal = setup.calendars.find((c) => c.calendar.id === calendarId)?.calendar ?? null;
  return addSafely(due, ms, cal);
}
