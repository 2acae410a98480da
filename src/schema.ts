import * as z from 'zod/mini';
import { REDACT_KINDS } from './redact-kinds.ts';

/**
 * Wire protocol v1 and the option schemas, in `zod/mini`: about 10 KB gzip in the SDK chunk with the
 * library (its smallest schema alone, bundled, is 5.4 KB: see tests/unit/dist.test.ts).
 * Collectors import these from `aftercare/schema`; unknown fields are stripped, never an error
 * (protocol rule: collectors ignore fields they do not know).
 */

const text = (max: number, what: string) =>
  z.string(`expected ${what}`).check(z.minLength(1, `expected ${what}`), z.maxLength(max, `expected at most ${max} characters`));

/**
 * A JWT the merchant's server signed for one delivery (`recordDelivery({ token })`, `data-delivery-token`),
 * sent as `deliveryToken` with its responses and displays so a collector can tell a real delivery from a
 * forged one. Checked here for length only: verifying it is the collector's job.
 */
export const DeliveryTokenSchema = text(4096, 'a delivery token (a JWT) of 1–4096 characters');

const isoDateTime = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z' });

/** Survey kinds a delivery can ask, in the order they are asked. */
export const SurveyKindSchema = z.enum(['csat', 'nps'], 'expected "csat" or "nps"');

/** The most meta keys one record may carry: a record is about one delivery, not a data dump. */
export const MAX_META_KEYS = 20;

/** Merchant metadata: flat, small (at most 20 keys), JSON-safe. */
export const MetaSchema = z
  .record(
    z.string().check(z.maxLength(64, 'expected keys of at most 64 characters')),
    z.union([z.string().check(z.maxLength(500, 'expected at most 500 characters')), z.number(), z.boolean(), z.null()], 'expected a string, number, boolean or null'),
    'expected an object of strings, numbers and booleans',
  )
  .check(z.refine((m) => Object.keys(m).length <= MAX_META_KEYS, `expected at most ${MAX_META_KEYS} keys`));

/**
 * The largest count the protocol carries (a revision, a wave): PostgreSQL's `integer`, so every number
 * the schemas accept fits every store.
 */
export const MAX_COUNT = 2_147_483_647;


export const CsatSchema = z.int('expected an integer from 1 to 5').check(
  z.gte(1, 'expected an integer from 1 to 5'),
  z.lte(5, 'expected an integer from 1 to 5'),
);
export const NpsSchema = z.int('expected an integer from 0 to 10').check(
  z.gte(0, 'expected an integer from 0 to 10'),
  z.lte(10, 'expected an integer from 0 to 10'),
);
export const CommentSchema = z.string('expected text').check(z.maxLength(5000, 'expected at most 5000 characters'));

/**
 * Where the survey was taken: `web` (the widget in the merchant's page; what an absent `channel`
 * means), `email`, `sms`, `link`, `qr`, `phone`, or a merchant's own id, all spelt the same way.
 */
const CHANNEL = 'expected a channel id of 1–20 characters a–z, 0–9, "_" or "-", such as "email"';
/** What a channel id looks like (`ChannelSchema`; the JSON Schema's `pattern`). */
export const CHANNEL_PATTERN = /^[a-z0-9_-]{1,20}$/;
// A refinement rather than z.regex: 44 bytes less in the SDK (protocol-schema.ts writes the pattern back).
export const ChannelSchema = z.string(CHANNEL).check(z.refine((v) => CHANNEL_PATTERN.test(v), CHANNEL));

/** Which survey of a delivery's re-survey plan: 0 (or absent) is the first, k the k-th re-survey. */
export const WaveSchema = z.int('expected an integer from 0 to 2147483647').check(z.gte(0, 'expected an integer from 0 to 2147483647'), z.lte(MAX_COUNT, 'expected an integer from 0 to 2147483647'));

/** What mattered most: the reason ids the customer chose (built-in such as "speed", or the merchant's own). */
export const ReasonsSchema = z
  .array(text(40, 'a reason id of 1–40 characters'), 'expected a list of reason ids such as ["speed", "solved"]')
  .check(z.maxLength(10, 'expected at most 10 reasons'));

/** A re-survey plan: ask again every `everyDays` after delivery, for waves opening before `untilDays`. */
export const ResurveySchema = z.object(
  {
    everyDays: z.number('expected a number of days above 0').check(z.gt(0, 'expected a number of days above 0')),
    untilDays: z.number('expected a number of days above 0').check(z.gt(0, 'expected a number of days above 0')),
  },
  'expected { everyDays, untilDays } such as { everyDays: 30, untilDays: 365 }',
).check(z.refine((p) => p.untilDays > p.everyDays, { message: 'expected untilDays after everyDays, such as { everyDays: 30, untilDays: 365 }', path: ['untilDays'] }));

/** One survey response as sent on the wire. `id` is stable across retries and revisions. */
export const ResponseSchema = z
  .object({
    id: z.uuid('expected a UUID'),
    revision: z.int('expected an integer from 1 to 2147483647').check(z.gte(1, 'expected an integer from 1 to 2147483647'), z.lte(MAX_COUNT, 'expected an integer from 1 to 2147483647')),
    deliveryId: text(200, 'a delivery id of 1–200 characters'),
    deliveredAt: isoDateTime,
    answeredAt: isoDateTime,
    csat: z.optional(CsatSchema),
    nps: z.optional(NpsSchema),
    comment: z.optional(CommentSchema),
    reasons: z.optional(ReasonsSchema),
    complete: z.boolean('expected true or false'),
    locale: text(35, 'a BCP 47 language tag such as "en" or "zh-CN"'),
    customerId: z.optional(text(200, 'a customer id of 1–200 characters')),
    meta: z.optional(MetaSchema),
    origin: z.optional(text(300, 'a page origin')),
    path: z.optional(text(2000, 'a page path')),
    /** The delivery's token, when the merchant gave one; collectors that do not verify tokens ignore it. */
    deliveryToken: z.optional(DeliveryTokenSchema),
    /** The re-survey wave answered (absent means 0); each wave of a delivery has its own response id. */
    wave: z.optional(WaveSchema),
    /** Where it was answered (absent means `web`). */
    channel: z.optional(ChannelSchema),
  }, 'expected a response object')
  .check(
    z.refine((r) => r.csat !== undefined || r.nps !== undefined, {
      message: 'expected a csat or nps score (a comment alone is not an answer)',
      path: ['csat'],
    }),
  );

/** How a survey display ended: a score was given, the customer closed it (or asked to be reminded later), or it went away unanswered. */
export const OutcomeSchema = z.enum(['answered', 'dismissed', 'expired'], 'expected "answered", "dismissed" or "expired"');

/**
 * One survey display as sent on the wire, once its outcome is known; the collector divides answered
 * displays by all displays for the response rate. `id` is stable: a resend, or a later and better
 * outcome (expired, then answered in a tab still showing it), updates the same row.
 */
export const DisplaySchema = z.object(
  {
    id: z.uuid('expected a UUID'),
    deliveryId: text(200, 'a delivery id of 1–200 characters'),
    shownAt: isoDateTime,
    endedAt: isoDateTime,
    outcome: OutcomeSchema,
    /** The customer chose "remind me later" (a dismissal that is not a decline). */
    later: z.optional(z.boolean('expected true or false')),
    /** The response this display produced, for `answered`. */
    responseId: z.optional(z.uuid('expected a UUID')),
    locale: text(35, 'a BCP 47 language tag such as "en" or "zh-CN"'),
    customerId: z.optional(text(200, 'a customer id of 1–200 characters')),
    origin: z.optional(text(300, 'a page origin')),
    path: z.optional(text(2000, 'a page path')),
    /** The delivery's token, as on its responses. */
    deliveryToken: z.optional(DeliveryTokenSchema),
    /** The re-survey wave shown (absent means 0). */
    wave: z.optional(WaveSchema),
    /** Where it was shown (absent means `web`). */
    channel: z.optional(ChannelSchema),
  },
  'expected a display object',
);

const records = (what: string) =>
  z.optional(z.array(z.unknown(), `expected an array of ${what}`).check(z.maxLength(1000, `expected at most 1000 ${what}`)));

/** The body of `POST {endpoint}`: responses, displays, or both (at least one record). */
export const BatchSchema = z
  .object(
    {
      responses: records('responses'),
      displays: records('displays'),
    },
    'expected an object such as {"responses": [...]}',
  )
  .check(
    z.refine((b) => (b.responses?.length ?? 0) + (b.displays?.length ?? 0) > 0, {
      message: 'expected at least one response or display',
      path: ['responses'],
    }),
  );

/** What a collector may answer with a 2xx: records it set aside. */
export const BatchReplySchema = z.object({
  rejected: z.optional(z.array(z.object({ id: z.string(), error: z.optional(z.string()) }))),
});

/** `recordDelivery()` input. */
export const DeliveryInputSchema = z.object({
  id: text(200, 'a delivery id of 1–200 characters'),
  deliveredAt: isoDateTime,
  customerId: z.optional(text(200, 'a customer id of 1–200 characters')),
  surveys: z.optional(
    z.array(SurveyKindSchema, 'expected a list of "csat" and/or "nps"').check(z.minLength(1, 'expected at least one of "csat", "nps"')),
  ),
  meta: z.optional(MetaSchema),
  /** Sent as `deliveryToken` with every response and display of this delivery. */
  token: z.optional(DeliveryTokenSchema),
  /** Ask again over the product's life; a later recordDelivery() with a new plan replaces it. */
  resurvey: z.optional(ResurveySchema),
});

/** `answer()` input. */
export const AnswerInputSchema = z.object({
  deliveryId: text(200, 'a delivery id of 1–200 characters'),
  csat: z.optional(CsatSchema),
  nps: z.optional(NpsSchema),
  comment: z.optional(CommentSchema),
  reasons: z.optional(ReasonsSchema),
  complete: z.optional(z.boolean('expected true or false')),
});

const positive = (what: string) => z.number(what).check(z.gte(0, what));

/** `createAftercare()` options (functions are checked by hand: zod/mini has no cheap function schema). */
const yesNo = z.optional(z.boolean('expected true or false'));

export const OptionsSchema = z.object({
  endpoint: z.string('expected a collector URL').check(z.minLength(1, 'expected a collector URL')),
  locale: z.optional(text(35, 'a BCP 47 language tag such as "en" or "zh-CN"')),
  windowDays: z.optional(
    z
      .tuple([positive('expected a number of days'), positive('expected a number of days')], 'expected [openDay, closeDay] such as [3, 7]')
      .check(z.refine(([a, b]) => b > a, 'expected the window to close after it opens, such as [3, 7]')),
  ),
  remindAfterHours: z.optional(z.number('expected a number of hours').check(z.gt(0, 'expected a number of hours above 0'))),
  maxPrompts: z.optional(z.int('expected an integer from 1 to 10').check(z.gte(1, 'expected an integer from 1 to 10'), z.lte(10, 'expected an integer from 1 to 10'))),
  cooldownDays: z.optional(positive('expected a number of days (0 for none)')),
  declineCooldownDays: z.optional(positive('expected a number of days (0 for none)')),
  sampleRate: z.optional(z.number('expected a share from 0 to 1, such as 0.25').check(z.gte(0, 'expected a share from 0 to 1, such as 0.25'), z.lte(1, 'expected a share from 0 to 1, such as 0.25'))),
  batchSize: z.optional(z.int('expected an integer from 1 to 1000').check(z.gte(1, 'expected an integer from 1 to 1000'), z.lte(1000, 'expected an integer from 1 to 1000'))),
  timeoutMs: z.optional(z.int('expected milliseconds from 100 to 120000').check(z.gte(100, 'expected milliseconds from 100 to 120000'), z.lte(120_000, 'expected milliseconds from 100 to 120000'))),
  limits: z.optional(
    z.object({
      maxPending: z.optional(z.int('expected an integer of at least 1').check(z.gte(1, 'expected an integer of at least 1'))),
      maxAgeDays: z.optional(z.number('expected a number of days').check(z.gt(0, 'expected a number of days above 0'))),
      setAsideDays: z.optional(z.number('expected a number of days').check(z.gt(0, 'expected a number of days above 0'))),
      maxAutoRetries: z.optional(z.int('expected an integer of at least 1').check(z.gte(1, 'expected an integer of at least 1'))),
    }, 'expected an object such as { maxPending: 5000 }'),
  ),
  dbName: z.optional(text(100, 'an IndexedDB database name')),
  collectPage: yesNo,
  autoSync: yesNo,
  consent: z.optional(z.enum(['granted', 'pending', 'denied'], 'expected "granted", "pending" or "denied"')),
  respectGpc: yesNo,
  channel: z.optional(ChannelSchema),
  redact: z.optional(z.array(z.enum(REDACT_KINDS, 'expected "email", "phone", "id" or "card"'), 'expected a list such as ["email", "phone"]')),
});

export type SurveyKind = z.infer<typeof SurveyKindSchema>;
export type Meta = z.infer<typeof MetaSchema>;
export type DeliveryToken = z.infer<typeof DeliveryTokenSchema>;
export type WireResponse = z.infer<typeof ResponseSchema>;
export type WireDisplay = z.infer<typeof DisplaySchema>;
export type Outcome = z.infer<typeof OutcomeSchema>;
export type Batch = { responses?: WireResponse[]; displays?: WireDisplay[] };
export type Resurvey = z.infer<typeof ResurveySchema>;
export type Channel = z.infer<typeof ChannelSchema>;
export type DeliveryInput = z.infer<typeof DeliveryInputSchema>;
export type AnswerInput = z.infer<typeof AnswerInputSchema>;
/** `consent` option and `data-consent`: store as usual, keep all but answers in memory, or store and collect nothing. */
export type Consent = 'granted' | 'pending' | 'denied';

/** The dotted field an issue is about, under `prefix`: `responses.3.csat`, `answer.nps`. */
export function fieldOf(issue: { path: PropertyKey[] }, prefix = ''): string {
  return [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)';
}

/** One readable line per issue: `field.path: message`. */
export function describeIssue(issue: { path: PropertyKey[]; message: string }, prefix = ''): string {
  return `${fieldOf(issue, prefix)}: ${issue.message}`;
}

/** Validates one wire response: `{ success: true, data }` or `{ success: false, error: "csat: expected …" }`. */
export function checkResponse(value: unknown): { success: true; data: WireResponse } | { success: false; error: string } {
  const r = ResponseSchema.safeParse(value);
  return r.success ? { success: true, data: r.data } : { success: false, error: describeIssue(r.error.issues[0]!) };
}

/** Validates one wire display, like `checkResponse`. */
export function checkDisplay(value: unknown): { success: true; data: WireDisplay } | { success: false; error: string } {
  const r = DisplaySchema.safeParse(value);
  return r.success ? { success: true, data: r.data } : { success: false, error: describeIssue(r.error.issues[0]!) };
}
