// The OpenAPI parts of the themes (issue 27): GET /v1/themes, what unhappy customers mention more than
// happy ones and the rising terms, and GET /v1/themes/series, one term's share of comments over time.
import { FILTERS } from './openapi-filters.ts';
import { error, json, nullableTime, q, time, unauthorized } from './openapi-parts.ts';

const count = { type: 'integer', minimum: 0 };
const fraction = { type: 'number', minimum: 0, maximum: 1 };
const nullableFraction = { type: ['number', 'null'], minimum: 0, maximum: 1 };
const points = { type: ['number', 'null'], description: 'one decimal; null when either side has no such answers' };
const range = { type: 'object', required: ['from', 'to'], properties: { from: nullableTime, to: nullableTime } };
const term = { type: 'string', minLength: 1, maxLength: 81, description: 'a word or two words joined by one space, NFKC and lower case' };

const Theme = {
  type: 'object',
  required: ['term', 'counts', 'customers', 'share', 'z', 'delta', 'impact'],
  additionalProperties: false,
  properties: {
    term,
    counts: {
      type: 'object',
      required: ['unhappy', 'happy', 'all'],
      description: 'comments naming the term: of the unhappy side, of the happy side, of all (passives, CSAT 3 and answers without the compared score included)',
      properties: { unhappy: count, happy: count, all: count },
    },
    customers: { type: 'integer', minimum: 5, description: 'different customers (else deliveries) naming it; a term named by fewer than 5 is never listed' },
    share: { ...fraction, description: 'all / the comments matching the filters, four decimals' },
    z: { type: 'number', description: 'the log-odds ratio over its standard error (Monroe, Colaresi & Quinn 2008, eq. 22): > 0 unhappy customers name it more, < 0 happy ones; |z| ≥ 1.96 is clear at 95 %. Two decimals' },
    delta: { type: 'number', description: 'the log-odds ratio δ itself, three decimals' },
    impact: {
      type: 'object',
      required: ['nps', 'csat'],
      description: 'as the drivers view: the figure of all matching answers minus that of the answers whose comment does not name the term (NPS in points, CSAT in % of 4–5)',
      properties: { nps: points, csat: points },
    },
  },
};

const Rising = {
  type: 'object',
  required: ['term', 'now', 'before', 'difference', 'z', 'p', 'q'],
  additionalProperties: false,
  properties: {
    term,
    now: { type: 'object', required: ['named', 'share'], properties: { named: count, share: fraction } },
    before: { type: 'object', required: ['named', 'share'], properties: { named: count, share: fraction } },
    difference: { type: 'number', description: 'share now minus share before, a fraction (four decimals)' },
    z: { type: 'number', description: 'the pooled two-proportion z-test' },
    p: { type: 'number', description: 'its two-sided p-value, four decimals' },
    q: { type: 'number', description: 'the Benjamini–Hochberg adjusted p-value over every term tested; listed when q < 0.05' },
  },
};

const SharePoint = {
  type: 'object',
  required: ['comments', 'named', 'share', 'low', 'high'],
  properties: {
    comments: count,
    named: count,
    share: nullableFraction,
    low: { ...nullableFraction, description: '95 % Wilson interval, four decimals; null without comments' },
    high: nullableFraction,
  },
};

export const THEME_SCHEMAS = {
  Theme,
  RisingTerm: Rising,
  Themes: {
    type: 'object',
    required: ['compare', 'confidence', 'range', 'comments', 'prior', 'minCustomers', 'total', 'termsTested', 'unhappy', 'happy', 'rising'],
    properties: {
      compare: { enum: ['nps', 'csat'], description: 'nps: detractors (0–6) against promoters (9–10); csat: 1–2 against 4–5' },
      confidence: { const: 0.95 },
      range,
      comments: { type: 'object', required: ['all', 'unhappy', 'happy'], description: 'the comments matching the filters, and those of each side', properties: { all: count, unhappy: count, happy: count } },
      prior: { type: 'object', required: ['alpha0'], properties: { alpha0: { ...count, description: 'the prior\'s pseudo-comments per side: the number of comments; each term\'s α is its own count over all of them' } } },
      minCustomers: { const: 5 },
      total: { type: 'object', required: ['n', 'nps', 'csat'], description: 'every matching answer, as the drivers view', properties: { n: count, nps: { type: ['number', 'null'] }, csat: { type: ['number', 'null'] } } },
      termsTested: { ...count, description: 'terms named in at least 5 comments, each tested; a term is listed only when at least 5 different customers name it' },
      unhappy: { type: 'array', items: { $ref: '#/components/schemas/Theme' }, description: 'z > 0, largest first, at most `limit`' },
      happy: { type: 'array', items: { $ref: '#/components/schemas/Theme' }, description: 'z < 0, most negative first, at most `limit`' },
      rising: {
        type: ['object', 'null'],
        required: ['previous', 'fdr', 'terms'],
        description: 'null without `from`',
        properties: {
          previous: { type: 'object', required: ['from', 'to', 'comments'], description: 'the period of equal length just before', properties: { from: time, to: time, comments: count } },
          fdr: { const: 0.05 },
          terms: { type: 'array', items: { $ref: '#/components/schemas/RisingTerm' }, description: 'up with q < 0.05, largest z first, at most `limit`' },
        },
      },
    },
  },
  ThemeSeries: {
    type: 'object',
    required: ['term', 'timeZone', 'confidence', 'minCustomers', 'shown', 'interval', 'range', 'total', 'series'],
    properties: {
      term,
      timeZone: { type: 'string' },
      confidence: { const: 0.95 },
      minCustomers: { const: 5 },
      shown: { type: 'boolean', description: 'false when fewer than 5 different customers name the term in the range: then no counts' },
      interval: { enum: ['day', 'week', 'month', 'year'] },
      intervalAsked: { enum: ['day', 'week', 'month', 'year'], description: 'present when the range held more than 1,500 of them' },
      range,
      customers: count,
      total: { oneOf: [{ $ref: '#/components/schemas/SharePoint' }, { type: 'null' }] },
      series: { type: 'array', items: { allOf: [{ $ref: '#/components/schemas/SharePoint' }], type: 'object', required: ['start', 'end'], properties: { start: time, end: time } } },
    },
  },
  SharePoint,
};

const FILTERED = FILTERS.filter((p) => p.name !== 'term');

export const THEME_PATHS = {
  '/v1/themes': {
    get: {
      summary: 'What unhappy customers mention more than happy ones (and the reverse): per term, counted per comment, the log-odds ratio with an informative Dirichlet prior and its z; the impact on NPS and CSAT; and the terms rising against the period before',
      security: [{ admin: [] }],
      parameters: [
        ...FILTERS,
        q('compare', 'nps (default; csat with survey=csat): detractors 0–6 against promoters 9–10; csat: 1–2 against 4–5', { enum: ['nps', 'csat'] }),
        q('limit', 'terms per list', { type: 'integer', minimum: 1, maximum: 100, default: 20 }),
      ],
      responses: {
        200: { description: 'the two lists and the rising terms', ...json({ $ref: '#/components/schemas/Themes' }) },
        400: error('A bad filter, compare or limit; `error` names the parameter'),
        401: unauthorized,
      },
    },
  },
  '/v1/themes/series': {
    get: {
      summary: "One term's share of the comments matching the filters per interval in AFTERCARE_TZ, with its 95 % Wilson interval",
      security: [{ admin: [] }],
      parameters: [
        { ...q('term', 'the word or two-word phrase (normalised as the terms are)', term), required: true },
        ...FILTERED,
        q('interval', 'day, week (default, ISO weeks from Monday), month or year; more than 1,500 of them: the next coarser', { enum: ['day', 'week', 'month', 'year'] }),
      ],
      responses: {
        200: { description: 'the series', ...json({ $ref: '#/components/schemas/ThemeSeries' }) },
        400: error('No term or more than one, a bad filter or interval; `error` names the parameter'),
        401: unauthorized,
      },
    },
  },
};
