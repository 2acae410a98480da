// One business-hours calendar, added or edited: name, time zone, each weekday's hours as text
// ("09:00–18:00" or "09:00–12:00, 13:00–18:00"; empty: closed), holidays one date a line, and which
// answers (a meta key's value) or team it applies to. PUT /v1/calendars/:id; a 400 is shown next to
// the field it names (`hours.1.0: …` beside Monday).
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { send } from './api.ts';
import { Outcome } from './answer-parts.tsx';
import { useApp } from './context.ts';

/** A 400's `error` ("field: expected …"): the field it names. */
export const fieldOf = (message: string) => /^([\w.]+):/.exec(message)?.[1] ?? '';

export interface Calendar {
  id: string;
  name: string;
  timeZone: string;
  /** ISO weekday "1" (Monday) … "7" → [open, close] intervals. */
  hours: Record<string, Array<[string, string]>>;
  holidays: string[];
  match: { key: string; value: string } | null;
  team: string | null;
  position: number;
  usable?: boolean;
}

const DAYS = ['1', '2', '3', '4', '5', '6', '7'];
/** A weekday's name in `lang` (1 = Monday; 1 January 2024 was one). */
const dayName = (day: string, lang: string, weekday: 'long' | 'short') => new Intl.DateTimeFormat(lang, { weekday, timeZone: 'UTC' }).format(Date.UTC(2024, 0, Number(day)));
const dayText = (list: Array<[string, string]> | undefined) => (list ?? []).map(([a, b]) => `${a}–${b}`).join(', ');

/** "09:00–12:00, 13:00-18:00" → [["09:00", "12:00"], ["13:00", "18:00"]]; null when a part is not a span of times. */
export function parseDay(text: string): Array<[string, string]> | null {
  const parts = text.split(/[,，;；]/).map((p) => p.trim()).filter(Boolean);
  const out: Array<[string, string]> = [];
  for (const p of parts) {
    const m = /^(\d{1,2})[:：](\d{2})\s*(?:[-–—~至到]|to)\s*(\d{1,2})[:：](\d{2})$/.exec(p);
    if (!m) return null;
    out.push([`${m[1]!.padStart(2, '0')}:${m[2]}`, `${m[3]!.padStart(2, '0')}:${m[4]}`]);
  }
  return out;
}

/** A week in words: days with the same hours run together, "Mon–Fri 09:00–18:00; Sat 10:00–14:00". */
export function weekWords(hours: Calendar['hours'], lang: string): string {
  const runs: Array<{ from: string; to: string; text: string }> = [];
  for (const day of DAYS) {
    const text = dayText(hours[day]);
    const last = runs[runs.length - 1];
    if (last && last.text === text && Number(last.to) === Number(day) - 1) last.to = day;
    else runs.push({ from: day, to: day, text });
  }
  return runs
    .filter((r) => r.text)
    .map((r) => `${dayName(r.from, lang, 'short')}${r.to !== r.from ? `–${dayName(r.to, lang, 'short')}` : ''} ${r.text}`)
    .join('; ');
}

/** A URL-safe id for a new calendar from its name, not one of `taken`. */
function idFor(name: string, taken: string[]): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'calendar';
  let id = base;
  for (let i = 2; taken.includes(id); i++) id = `${base}-${i}`;
  return id;
}

export function CalendarForm(p: { calendar: Calendar | null; taken: string[]; position: number; teams: string[]; onDone: () => void; onCancel: () => void }) {
  const { t, fmt, signedOut } = useApp();
  const c = p.calendar;
  const [name, setName] = useState(c?.name ?? '');
  const [zone, setZone] = useState(c?.timeZone ?? fmt.timeZone);
  const [days, setDays] = useState<Record<string, string>>(() => Object.fromEntries(DAYS.map((d) => [d, c ? dayText(c.hours[d]) : Number(d) <= 5 ? '09:00–18:00' : ''])));
  const [holidays, setHolidays] = useState(c?.holidays.join('\n') ?? '');
  const [key, setKey] = useState(c?.match?.key ?? 'store');
  const [value, setValue] = useState(c?.match?.value ?? '');
  const [team, setTeam] = useState(c?.team ?? '');
  const [error, setError] = useState({ field: '', text: '' });
  const [msg, setMsg] = useState({ ok: true, text: '' });
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const zones = useState(() => (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [])[0];

  const save = async (e: Event) => {
    e.preventDefault();
    const hours: Calendar['hours'] = {};
    for (const d of DAYS) {
      const list = parseDay(days[d]!);
      if (!list) return setError({ field: `hours.${d}`, text: `${dayName(d, fmt.lang, 'long')}: ${t('badHours')}` });
      if (list.length) hours[d] = list;
    }
    const id = c?.id ?? idFor(name, p.taken);
    const body = {
      name: name.trim(),
      timeZone: zone.trim(),
      hours,
      holidays: holidays.split(/\s+/).filter(Boolean),
      match: value.trim() ? { key: key.trim() || 'store', value: value.trim() } : null,
      team: team.trim() || null,
      position: c?.position ?? p.position,
    };
    setBusy(true);
    const r = await send<Calendar>('PUT', `/v1/calendars/${encodeURIComponent(id)}`, body);
    setBusy(false);
    if (!r.ok) {
      if (r.status === 401) return signedOut();
      // `hours.1.0: …` is Monday's field; `match.value`, `holidays.3`… their field; the rest above the buttons.
      const path = fieldOf(r.message).split('.');
      const field = path[0] === 'hours' && path[1] ? `hours.${path[1]}` : path[0] === 'match' ? 'match' : (path[0] ?? '');
      setError({ field: FIELDS.includes(field) ? field : '', text: r.message });
      return setMsg(FIELDS.includes(field) ? { ok: true, text: '' } : { ok: false, text: t('saveFailed', { error: r.message }) });
    }
    p.onDone();
  };

  /** A field's label, input and, when the collector or the check above named it, its error beside it. */
  const field = (id: string, label: string, input: (a: object) => JSX.Element, help?: string) => {
    const bad = error.field === id;
    const ids = `${help ? `${id}-help ` : ''}${bad ? `${id}-error` : ''}`.trim();
    return (
      <div class="field">
        <label for={`cal-${id}`}>{label}</label>
        {input({ id: `cal-${id}`, 'aria-invalid': bad ? 'true' : undefined, 'aria-describedby': ids || undefined })}
        {help && (
          <p class="hint" id={`${id}-help`}>
            {help}
          </p>
        )}
        {bad && (
          <p class="error" id={`${id}-error`} role="alert">
            {error.text}
          </p>
        )}
      </div>
    );
  };
  return (
    <form class="calendar-form" onSubmit={save} aria-labelledby="calendar-form-h">
      <h3 id="calendar-form-h">{c ? t('editCalendar', { name: c.name }) : t('newCalendar')}</h3>
      {field('name', t('name'), (a) => <input {...a} ref={first} required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />)}
      {field('timeZone', t('timeZone'), (a) => <input {...a} list="zones" required value={zone} onInput={(e) => setZone(e.currentTarget.value)} />)}
      <datalist id="zones">
        {zones.map((z) => (
          <option value={z} />
        ))}
      </datalist>
      <fieldset aria-describedby="week-help">
        <legend>{t('weekHours')}</legend>
        <p class="hint" id="week-help">
          {t('weekHoursHelp')}
        </p>
        {DAYS.map((d) => field(`hours.${d}`, dayName(d, fmt.lang, 'long'), (a) => <input {...a} value={days[d]} onInput={(e) => setDays({ ...days, [d]: e.currentTarget.value })} />))}
        {error.field === 'hours' && <p class="error">{error.text}</p>}
      </fieldset>
      {field('holidays', t('holidays'), (a) => <textarea {...a} rows={3} value={holidays} onInput={(e) => setHolidays(e.currentTarget.value)} />)}
      <fieldset aria-describedby="match-help">
        <legend>{t('appliesTo')}</legend>
        <p class="hint" id="match-help">
          {t('matchHelp')}
        </p>
        {field('matchKey', t('matchKey'), (a) => <input {...a} maxLength={64} value={key} onInput={(e) => setKey(e.currentTarget.value)} />)}
        {field('match', t('matchValue'), (a) => <input {...a} maxLength={500} value={value} onInput={(e) => setValue(e.currentTarget.value)} />)}
        {field('team', t('team'), (a) => <input {...a} list="teams" maxLength={60} value={team} onInput={(e) => setTeam(e.currentTarget.value)} />)}
        <datalist id="teams">
          {p.teams.map((x) => (
            <option value={x} />
          ))}
        </datalist>
      </fieldset>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {t('save')}
        </button>
        <button type="button" onClick={p.onCancel}>
          {t('cancel')}
        </button>
      </div>
      <Outcome msg={msg} />
    </form>
  );
}

const FIELDS = ['name', 'timeZone', 'holidays', 'match', 'team', 'hours', ...DAYS.map((d) => `hours.${d}`)];
