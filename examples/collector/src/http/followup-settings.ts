// The follow-up settings an owner keeps in the dashboard: the tier rules and each tier's two clocks
// (stored as collector settings, so every instance opens cases by the same rules; removing them goes
// back to the configuration's), and the business-hours calendars of stores and teams. Each is checked
// before it is stored, with the error naming the field.
import type { Hono } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { CalendarError, parseCalendar } from '../store/calendar.ts';
import { ASSIGN_SETTING, HOURS_SETTING, loadCalendars, RULES_SETTING, type TierDefaults } from '../store/clocks.ts';
import { parseAssignRules } from '../store/assign.ts';
import type { Database } from '../store/schema.ts';
import { dropSetting, getSetting, putSetting } from '../store/settings.ts';
import { parseTierHours, parseTierRules } from '../store/tiers.ts';
import type { Guards } from './access.ts';
import { noteAudit } from './audit.ts';
import { cookieCsrf } from './client.ts';
import { parsed } from './people.ts';

// Empty text is the same as null: back to the configured rules (never an empty rule set by accident).
const orNull = (v: string | null | undefined) => (typeof v === 'string' && !v.trim() ? null : v);
const RulesBody = z.strictObject({
  rules: z.string({ error: 'expected tier rules as text, or null for the configured ones' }).max(2000, 'expected at most 2000 characters').nullable().optional(),
  hours: z.string({ error: 'expected tier hours as text, or null for the configured ones' }).max(200, 'expected at most 200 characters').nullable().optional(),
  assign: z.string({ error: 'expected assignment rules as text, or null for the configured ones' }).max(4000, 'expected at most 4000 characters').nullable().optional(),
});
const CalendarBody = z.strictObject({
  name: z.string({ error: 'expected a name' }).trim().min(1, 'expected a name').max(100, 'expected a name of at most 100 characters'),
  timeZone: z.string({ error: 'expected an IANA time zone' }),
  hours: z.record(z.string(), z.unknown(), { error: 'expected the weekly hours, e.g. {"1": [["09:00", "18:00"]]}' }),
  holidays: z.array(z.string(), { error: 'expected a list of dates (YYYY-MM-DD)' }).default([]),
  match: z.strictObject({ key: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'expected a meta key'), value: z.string().min(1).max(500) }, { error: 'expected {"key": "store", "value": "Berlin"} or null' }).nullable().default(null),
  team: z.string().trim().min(1).max(60).nullable().default(null),
  position: z.number().int().min(0).max(1000).default(0),
});

export function followupSettingsRoutes(app: Hono, o: { db: Kysely<Database>; now: () => number; read: Guards; defaults: TierDefaults }) {
  const { db } = o;
  const change = [...o.read, cookieCsrf] as const;

  const rulesNow = async () => ({
    rules: (await getSetting(db, RULES_SETTING)) ?? o.defaults.rules,
    hours: (await getSetting(db, HOURS_SETTING)) ?? o.defaults.hours,
    assign: (await getSetting(db, ASSIGN_SETTING)) ?? o.defaults.assign ?? '',
    configured: { rules: o.defaults.rules, hours: o.defaults.hours, assign: o.defaults.assign ?? '' },
    followupHours: o.defaults.respondMs === undefined ? null : o.defaults.respondMs / 3_600_000,
  });
  app.get('/v1/followup/rules', ...o.read, async (c) => c.json(await rulesNow()));
  app.put('/v1/followup/rules', ...change, async (c) => {
    const given = await parsed(c, RulesBody);
    if (given instanceof Response) return given;
    const body = { rules: orNull(given.rules), hours: orNull(given.hours), assign: given.assign };
    noteAudit(c, { detail: body });
    try {
      if (typeof body.rules === 'string') parseTierRules(body.rules);
    } catch (e) {
      return c.json({ error: `rules: ${(e as Error).message}` }, 400);
    }
    try {
      if (typeof body.hours === 'string') parseTierHours(body.hours);
    } catch (e) {
      return c.json({ error: `hours: ${(e as Error).message}` }, 400);
    }
    try {
      if (typeof body.assign === 'string') parseAssignRules(body.assign);
    } catch (e) {
      return c.json({ error: `assign: ${(e as Error).message}` }, 400);
    }
    if (body.assign === null) await dropSetting(db, ASSIGN_SETTING);
    else if (body.assign !== undefined) await putSetting(db, ASSIGN_SETTING, body.assign.trim());
    if (body.rules === null) await dropSetting(db, RULES_SETTING);
    else if (body.rules !== undefined) await putSetting(db, RULES_SETTING, body.rules.trim());
    if (body.hours === null) await dropSetting(db, HOURS_SETTING);
    else if (body.hours !== undefined) await putSetting(db, HOURS_SETTING, body.hours.trim());
    return c.json(await rulesNow());
  });

  const calendarJson = (r: Database['calendars']) => ({
    id: r.id, name: r.name, timeZone: r.time_zone, hours: JSON.parse(r.hours) as unknown, holidays: JSON.parse(r.holidays) as unknown,
    match: r.match_key ? { key: r.match_key, value: r.match_value } : null, team: r.team, position: Number(r.position),
  });
  app.get('/v1/calendars', ...o.read, async (c) => {
    const rows = await db.selectFrom('calendars').selectAll().orderBy('position').orderBy('id').execute();
    const usable = new Set((await loadCalendars(db)).map((x) => x.calendar.id));
    return c.json({ calendars: rows.map((r) => ({ ...calendarJson(r), usable: usable.has(r.id) })) });
  });
  app.put('/v1/calendars/:id', ...change, async (c) => {
    const id = c.req.param('id');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) return c.json({ error: 'id: expected 1–64 letters, digits, _ or -' }, 400);
    const body = await parsed(c, CalendarBody);
    if (body instanceof Response) return body;
    noteAudit(c, { target: `calendar ${id}` });
    try {
      parseCalendar({ id, name: body.name, timeZone: body.timeZone, hours: body.hours, holidays: body.holidays });
    } catch (e) {
      if (e instanceof CalendarError) return c.json({ error: e.message }, 400);
      throw e;
    }
    const row = {
      id, name: body.name, time_zone: body.timeZone, hours: JSON.stringify(body.hours), holidays: JSON.stringify(body.holidays),
      match_key: body.match?.key ?? null, match_value: body.match?.value ?? null, team: body.team, position: body.position, updated_ms: o.now(),
    };
    await db.insertInto('calendars').values(row).onConflict((oc) => oc.column('id').doUpdateSet({ ...row })).execute();
    return c.json(calendarJson(row));
  });
  app.delete('/v1/calendars/:id', ...change, async (c) => {
    noteAudit(c, { target: `calendar ${c.req.param('id')}` });
    const n = await db.deleteFrom('calendars').where('id', '=', c.req.param('id')).executeTakeFirst();
    return Number(n.numDeletedRows) ? c.body(null, 204) : c.json({ error: `id: no calendar ${c.req.param('id')}` }, 404);
  });
}
