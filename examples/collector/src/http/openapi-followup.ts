// The follow-up's part of the OpenAPI document (openapi.ts): the tier rules, hours and assignment rules
// an owner keeps (http/followup-settings.ts), the business-hours calendars, and the staff scorecards
// (http/scorecards.ts, read/scorecards.ts). Who may call each route is added by `withAccess`.
import { FILTERS } from './openapi-filters.ts';
import { error, json, nullableTime, q, unauthorized } from './openapi-parts.ts';
import { forbidden } from './openapi-team.ts';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const closed = (props: Record<string, object>, description?: string) => ({ type: 'object', required: Object.keys(props), additionalProperties: false, properties: props, ...(description ? { description } : {}) });
const body = (schema: object) => ({ required: true, ...json(schema) });
const v1 = { security: [{ admin: [] }] };
const notJson = error('Not application/json');
const int0 = { type: 'integer', minimum: 0 };
/** A fraction 0–1 with 6 decimals (the ranking's figures). */
const fraction = { type: 'number', minimum: 0, maximum: 1 };
const percent = { type: ['number', 'null'], minimum: 0, maximum: 100, description: 'percent, one decimal; null when `of` is 0' };
const percentCi = { type: ['array', 'null'], minItems: 2, maxItems: 2, items: { type: 'number' }, description: '95 % Wilson interval [low, high], percent, one decimal; null when `of` is 0' };
const calendarId = { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' };
const hhmm = { type: 'string', pattern: '^\\d{2}:\\d{2}$' };
const weekHours = {
  type: 'object',
  propertyNames: { pattern: '^[1-7]$' },
  additionalProperties: { type: 'array', maxItems: 4, items: { type: 'array', minItems: 2, maxItems: 2, items: hhmm } },
  description: 'per ISO weekday "1" (Monday) … "7" (Sunday): up to 4 [open, close) intervals "HH:MM" in the calendar\'s zone, sorted and not overlapping (close may be "24:00"); a day left out or [] is closed; at least one interval in the week',
  example: { 1: [['09:00', '18:00']], 2: [['09:00', '18:00']], 3: [['09:00', '18:00']], 4: [['09:00', '18:00']], 5: [['09:00', '18:00']], 6: [['10:00', '14:00']], 7: [] },
};
const holidays = { type: 'array', maxItems: 200, items: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, description: 'local dates YYYY-MM-DD closed all day' };
const match = {
  oneOf: [{ type: 'null' }, closed({ key: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' }, value: { type: 'string', minLength: 1, maxLength: 500 } })],
  description: 'a case whose answer has meta `key` = `value` counts in this calendar (the first such calendar by position, then id); null: none',
};
const team = { type: ['string', 'null'], minLength: 1, maxLength: 60, description: 'a case assigned to this team (`team:<name>`) counts in this calendar when no meta match applies: from its opening when the assignment rules give it to the team, else from the next recount (reopening, a tier change)' };
const CALENDAR_PROPS = {
  id: calendarId,
  name: { type: 'string', minLength: 1, maxLength: 100 },
  timeZone: { type: 'string', description: 'an IANA time zone (Europe/Berlin, Asia/Shanghai): the hours and holidays are wall times there, daylight saving included' },
  hours: weekHours,
  holidays,
  match,
  team,
  position: { type: 'integer', minimum: 0, maximum: 1000, description: 'lower first when several calendars match' },
};

const period = closed({ from: nullableTime, to: nullableTime }, 'the answers\' dates the cards cover; null where the query gave none');
const previousPeriod = { oneOf: [{ type: 'null' }, period], description: 'the period of the same length just before `from`, which `change` compares with; null without `from`' };
const minAnswers = { type: 'integer', minimum: 0, description: 'fewer than this many (CSAT answers, or cases decided) are listed under `few`, not ranked' };
const method = { type: 'string', description: 'why the list is in this order, in one sentence (the dashboard shows it under the table)' };

/** The ranking part of a card (read/scorecards.ts `ranking`), without `rank`. */
const RANKING_PROPS = {
  n: { ...int0, description: 'technicians: CSAT answers; handlers: cases resolved or past their resolution deadline (not waiting on the customer)' },
  x: { ...int0, description: 'technicians: CSAT answers of 4 or 5; handlers: cases resolved by their resolution deadline' },
  raw: { type: ['number', 'null'], minimum: 0, maximum: 1, description: 'x / n, a fraction, 6 decimals; null when n is 0' },
  ci: { type: ['array', 'null'], minItems: 2, maxItems: 2, items: fraction, description: '95 % Wilson interval of `raw`, fractions; null when n is 0' },
  estimate: { ...fraction, description: 'the shrunk share (x + α) / (n + α + β) with the board\'s `prior`: what the list is ordered by' },
};
const rank = { type: ['integer', 'null'], minimum: 1, description: '1 = best; null for the people under `few`' };

const TECHNICIAN_PROPS = {
  id: { type: 'string', description: 'the meta value (the technician as the answers name them)' },
  name: { type: 'string', description: 'the same as id' },
  answers: { ...int0, description: 'answers with this value in the period' },
  csat: ref('Csat'),
  nps: ref('Nps'),
  promoterEstimate: { type: ['number', 'null'], minimum: 0, maximum: 1, description: 'the promoter share shrunk towards the team\'s (npsPrior.promoters); null without NPS answers' },
  detractorEstimate: { type: ['number', 'null'], minimum: 0, maximum: 1, description: 'the detractor share shrunk towards the team\'s (npsPrior.detractors); null without NPS answers' },
  npsEstimate: { type: ['number', 'null'], minimum: -100, maximum: 100, description: '100 × (promoterEstimate − detractorEstimate), one decimal; null without NPS answers' },
  change: {
    oneOf: [
      { type: 'null' },
      closed({
        answers: { ...int0, description: 'answers in the previous period' },
        csat: { oneOf: [{ type: 'null' }, closed({ difference: { type: 'number' }, p: { type: 'number', minimum: 0, maximum: 1 } })], description: 'share of 4–5 now minus then, percentage points, one decimal, with the two-proportion z-test\'s p; null when either period has no CSAT answers' },
        nps: { oneOf: [{ type: 'null' }, closed({ difference: { type: 'number' }, p: { type: 'number', minimum: 0, maximum: 1 } })], description: 'NPS now minus then, points, one decimal, with its test\'s p; null when either period has no NPS answers' },
      }),
    ],
    description: 'against the previous period; null without `from`',
  },
  ...RANKING_PROPS,
};

const deadlineShare = (what: string) =>
  closed({ share: percent, met: { ...int0, description: `cases ${what} by the deadline` }, of: { ...int0, description: 'cases decided: done, or past the deadline undone' }, ci: percentCi });
const HANDLER_PROPS = {
  id: { type: 'string', description: 'the person\'s id' },
  owner: { type: 'string', pattern: '^person:', description: '`person:<id>`: the cases counted are those assigned to this person (a team\'s cases count for nobody)' },
  name: { type: 'string', description: 'the person\'s name; `removed person` for someone no longer on the team' },
  cases: { ...int0, description: 'their cases whose answers match the filter' },
  respondedWithinDeadline: deadlineShare('first responded to'),
  resolvedWithinDeadline: { ...deadlineShare('resolved'), description: 'a case waiting on the customer is not yet decided' },
  medianHoursToFirstResponse: { type: ['number', 'null'], description: 'from opening to first contact, wall-clock hours, one decimal' },
  medianHoursToResolution: { type: ['number', 'null'], description: 'from opening to resolution, wall-clock hours, one decimal' },
  reopenRate: closed({ share: percent, reopened: { ...int0, description: 'cases reopened at least once' }, of: int0 }),
  csat: { ...ref('Csat'), description: 'the answers behind their cases (unhappy by construction: it says which customers they were given, and does not rank them)' },
  nps: ref('Nps'),
  change: {
    oneOf: [
      { type: 'null' },
      closed({
        cases: { ...int0, description: 'their cases in the previous period' },
        respondedWithinDeadline: { type: ['number', 'null'], description: 'percentage points, now minus then; null when either is null' },
        resolvedWithinDeadline: { type: ['number', 'null'], description: 'percentage points, now minus then; null when either is null' },
      }),
    ],
    description: 'against the previous period; null without `from`',
  },
  ...RANKING_PROPS,
};

const prior = ref('BetaPrior');
const npsPrior = closed({ promoters: prior, detractors: prior }, 'the two Beta priors NPS is shrunk with: one for the promoter share, one for the detractor share');
const total = closed({ ranked: int0, few: int0 }, 'how many there are in all (each list holds at most 1,000)');
const boardHead = { period, previousPeriod, minAnswers, prior, total, method };

export const FOLLOWUP_SCHEMAS = {
  TierSettings: closed({
    rules: { type: 'string', description: 'the tier rules in force: the owner\'s, else `configured.rules`' },
    hours: { type: 'string', description: 'each tier\'s respond/resolve hours in force: the owner\'s, else `configured.hours`' },
    assign: { type: 'string', description: 'the assignment rules in force (who a new case goes to): the owner\'s, else `configured.assign`; empty: new cases stay unassigned' },
    configured: closed(
      {
        rules: { type: 'string', description: 'AFTERCARE_TIER_RULES, else the guide\'s default' },
        hours: { type: 'string', description: 'AFTERCARE_TIER_HOURS, else the guide\'s default' },
        assign: { type: 'string', description: 'AFTERCARE_ASSIGN_RULES, else empty' },
      },
      'what the configuration gives: what `null` in PUT goes back to',
    ),
    followupHours: { type: ['number', 'null'], description: 'AFTERCARE_FOLLOWUP_HOURS: one first-response deadline for every tier, in place of the tiers\' respond hours; null when unset' },
  }),
  TierSettingsInput: {
    type: 'object',
    additionalProperties: false,
    properties: {
      rules: {
        type: ['string', 'null'], maxLength: 4000,
        description: 'rules such as `nps<=3 or csat=1 -> urgent; reason=quality -> complex; else general` (first match wins; conditions nps/csat with <, <=, =, >=, >, !=; reason=ID; meta.KEY=VALUE; comment~WORD); null: back to the configured rules; absent: unchanged',
      },
      hours: { type: ['string', 'null'], maxLength: 200, description: 'respond/resolve hours such as `urgent=1/2, general=2/4, complex=4/8` (a tier left out keeps the guide\'s); null: back to the configured hours; absent: unchanged' },
      assign: {
        type: ['string', 'null'], maxLength: 4000,
        description: 'assignment rules such as `meta.store=Berlin -> round-robin:Berlin; reason=quality -> team:Quality; else team:Service` (the tier rules\' conditions; targets team:NAME, person:E-MAIL, round-robin:TEAM, manager-of:meta.KEY; the first rule whose target finds someone wins; empty: nobody); null: back to the configured rules; absent: unchanged',
      },
    },
  },
  Calendar: closed(CALENDAR_PROPS, 'A business-hours calendar: the deadlines of the cases that count in it advance only while it is open.'),
  CalendarListed: closed({
    ...CALENDAR_PROPS,
    usable: { type: 'boolean', description: 'false: the stored calendar no longer checks out (e.g. a time zone this Node does not know) and is skipped; its cases count in wall-clock time' },
  }),
  CalendarInput: {
    type: 'object',
    required: ['name', 'timeZone', 'hours'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1, maxLength: 100 },
      timeZone: CALENDAR_PROPS.timeZone,
      hours: weekHours,
      holidays: { ...holidays, default: [] },
      match: { ...match, default: null },
      team: { ...team, default: null },
      position: { ...CALENDAR_PROPS.position, default: 0 },
    },
  },
  BetaPrior: closed(
    {
      alpha: { type: 'number', minimum: 0 },
      beta: { type: 'number', minimum: 0 },
      method: { enum: ['moments', 'fallback'], description: 'moments: fitted to the spread between people (method of moments with the binomial correction, α + β in [2, 1000]); fallback: no spread beyond chance, α + β = 10 centred on the team\'s share' },
    },
    'The team\'s Beta(α, β) prior every share is shrunk towards; α / (α + β) is the team\'s share. 6 decimals.',
  ),
  TechnicianCard: closed({ ...TECHNICIAN_PROPS, rank }),
  HandlerCard: closed({ ...HANDLER_PROPS, rank }),
  TechnicianBoard: closed({
    by: { type: 'string', pattern: '^meta\\.', description: '`meta.KEY`, as asked' },
    ...boardHead,
    npsPrior,
    ranked: { type: 'array', items: ref('TechnicianCard'), description: 'best first, by `estimate` (ties: more answers, then id)' },
    few: { type: 'array', items: ref('TechnicianCard'), description: 'fewer than `minAnswers` CSAT answers: not ranked, most answers first; their estimate is on the same prior' },
  }),
  HandlerBoard: closed({
    by: { const: 'handlers' },
    ...boardHead,
    ranked: { type: 'array', items: ref('HandlerCard'), description: 'best first, by `estimate` of the share resolved within the deadline' },
    few: { type: 'array', items: ref('HandlerCard'), description: 'fewer than `minAnswers` cases decided: not ranked' },
  }),
  MyScorecard: closed({
    person: closed({ id: { type: 'string' }, name: { type: 'string' } }),
    period,
    previousPeriod,
    minAnswers,
    handler: closed(
      { ...HANDLER_PROPS, prior, method },
      'my handler card, without a rank (it would tell others\' standing); with no case of my own, zeros and an estimate at the team\'s share',
    ),
    technician: {
      oneOf: [{ type: 'null' }, closed({ key: { type: 'string', description: 'the meta key asked for' }, ...TECHNICIAN_PROPS, prior, npsPrior, method })],
      description: 'with `key`: the technician card whose value is my name or e-mail (case-insensitive), without a rank; null without `key` or without such a value',
    },
  }),
};

const scorecardParams = [
  q('by', '`meta.KEY` (such as meta.technician): one card per value of that meta key, ranked on the share of CSAT answers of 4–5; `handlers`: one card per person owning cases, ranked on the share resolved within the deadline.', { type: 'string' }),
  ...FILTERS,
  q('minAnswers', 'Below this many CSAT answers (technicians) or decided cases (handlers), listed under `few` instead of ranked (default 5).', { type: 'integer', minimum: 0, maximum: 999999, default: 5 }),
];
const badScorecard = error('A bad `by`, `minAnswers` or filter; `error` names the parameter (`by: expected meta.KEY (such as meta.technician) or handlers; got ""`)');

export const FOLLOWUP_PATHS = {
  '/v1/followup/rules': {
    get: {
      summary: 'The tier rules, each tier\'s respond/resolve hours and the assignment rules in force, and what the configuration gives',
      ...v1,
      responses: { 200: { description: 'the settings', ...json(ref('TierSettings')) }, 401: unauthorized, 403: forbidden },
    },
    put: {
      summary: 'Change the tier rules, hours and/or assignment rules for the cases opened from now on (followup.rules in the audit log); null goes back to the configured ones',
      description: 'Stored as collector settings, so every instance opens cases by them. Cases already open keep their deadlines until they are reopened or change tier.',
      ...v1,
      requestBody: body(ref('TierSettingsInput')),
      responses: {
        200: { description: 'the settings after the change', ...json(ref('TierSettings')) },
        400: error('Rules or hours that do not parse, naming the setting and the rule or tier (`rules: rule 2 ("reason=quality -> vip"): expected a tier (urgent, general or complex), got "vip"`); nothing is stored then. Or an unknown field'),
        401: unauthorized,
        403: forbidden,
        415: notJson,
      },
    },
  },
  '/v1/calendars': {
    get: {
      summary: 'The business-hours calendars, first match first (by position, then id)',
      ...v1,
      responses: { 200: { description: '{ calendars }', ...json(closed({ calendars: { type: 'array', items: ref('CalendarListed') } })) }, 401: unauthorized, 403: forbidden },
    },
  },
  '/v1/calendars/{id}': {
    parameters: [{ name: 'id', in: 'path', required: true, description: 'the calendar\'s id: 1–64 letters, digits, _ or -', schema: { type: 'string', maxLength: 200 } }],
    put: {
      summary: 'Create or replace a calendar (calendar.save in the audit log); it counts for the cases opened, reopened or re-tiered from now on',
      ...v1,
      requestBody: body(ref('CalendarInput')),
      responses: {
        200: { description: 'the calendar as stored', ...json(ref('Calendar')) },
        400: error('A bad id or field, named with its path (`hours.1.0: expected "HH:MM" from 00:00 to 24:00, open before close; got ["18:00","09:00"]`, `timeZone: expected an IANA time zone such as Europe/Berlin; got "CET+1"`)'),
        401: unauthorized,
        403: forbidden,
        415: notJson,
      },
    },
    delete: {
      summary: 'Remove a calendar (calendar.remove in the audit log); cases already open keep their deadlines',
      ...v1,
      responses: { 204: { description: 'removed' }, 401: unauthorized, 403: forbidden, 404: error('No such calendar') },
    },
  },
  '/v1/scorecards': {
    get: {
      summary: 'Staff scorecards: one card per technician (a meta key) or per person owning cases, fairly ranked (empirical Bayes: small numbers pulled towards the team\'s share), those with few answers listed apart',
      ...v1,
      parameters: scorecardParams,
      responses: {
        200: { description: 'the board: `by=meta.KEY` gives technician cards, `by=handlers` handler cards', ...json({ oneOf: [ref('TechnicianBoard'), ref('HandlerBoard')] }) },
        400: badScorecard,
        401: unauthorized,
        403: forbidden,
      },
    },
  },
  '/v1/scorecards/export': {
    get: {
      summary: 'The same board as CSV for the monthly review: one row per person, the ranked first, then the few (scorecards.export in the audit log, every time, refusals too)',
      ...v1,
      parameters: [...scorecardParams, q('format', 'csv (the default and only format)', { enum: ['csv'] })],
      responses: {
        200: {
          description:
            'An attachment `aftercare-scorecards-<handlers | technicians-KEY>-<date>.csv`: UTF-8 with a byte-order mark, CRLF, formulas neutralised. Columns rank, id, name, n, x, raw, ci_low, ci_high, estimate, then for technicians answers, csat_score, csat_mean, nps_answers, nps_score, nps_estimate; for handlers cases, responded_within_deadline_pct, responded_of, resolved_within_deadline_pct, resolved_of, median_hours_first_response, median_hours_resolution, reopen_rate_pct, csat_score, nps_score. An empty cell is null.',
          content: { 'text/csv': { schema: { type: 'string' } } },
        },
        400: error('A bad `by`, `minAnswers`, `format` or filter; `error` names the parameter'),
        401: unauthorized,
        403: forbidden,
      },
    },
  },
  '/v1/scorecards/me': {
    get: {
      summary: 'My own scorecard: my handler card and, with `key`, my technician card (the value that is my name or e-mail); no rank, nobody else\'s figures',
      ...v1,
      parameters: [
        q('key', 'A meta key naming technicians (such as technician): adds my technician card.', { type: 'string', minLength: 1, maxLength: 64 }),
        ...FILTERS,
        q('minAnswers', 'As for GET /v1/scorecards (default 5).', { type: 'integer', minimum: 0, maximum: 999999, default: 5 }),
      ],
      responses: {
        200: { description: 'my cards', ...json(ref('MyScorecard')) },
        400: error('A bad `key`, `minAnswers` or filter; `error` names the parameter'),
        401: unauthorized,
        403: error('Another origin'),
        404: error('An API key has no scorecard of its own (GET /v1/scorecards lists everyone\'s)'),
      },
    },
  },
};
