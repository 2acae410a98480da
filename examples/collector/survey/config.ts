import * as z from 'zod/mini';
import { checkTheme } from '../../../widget/index.ts';
import { ChannelSchema, DeliveryInputSchema, describeIssue, REASONS, ReasonsSchema, SurveyKindSchema, WaveSchema, type Meta, type SurveyKind } from 'aftercare/schema';

/** Every message of the survey page starts with this. */
export const PREFIX = '[aftercare collector] survey page';

/**
 * What the collector puts in `<script type="application/json" id="aftercare-survey-config">`: the
 * delivery and wave the link is for, and how to ask.
 */
export interface SurveyPageConfig {
  /** Where answers go: `/v1/responses` on the collector's own origin. */
  collector: string;
  /** The delivery as `recordDelivery()` takes it; `meta` (the merchant's store, technician …) goes out with the answer. */
  delivery: { id: string; deliveredAt: string; customerId?: string; token?: string; resurvey?: { everyDays: number; untilDays: number }; meta?: Meta };
  /** The re-survey wave the link asks about (0: the first survey). */
  wave: number;
  /** The questions, in order (the e-mail asked the first). */
  survey: SurveyKind[];
  locale: string;
  /** Stamped on the answer and its display: `email`, `sms`, `link`, `qr`, … */
  channel: string;
  reasons?: string[];
  privacyUrl?: string;
  brandColor?: string;
  /** The score the link carried (`?score=N`): shown chosen (its question first), recorded once a person acts. */
  score?: { kind: SurveyKind; value: number };
}

const LOCALE = 'expected a BCP 47 language tag such as "en" or "zh-CN"';
const Required = z.object({
  collector: z.string('expected a collector URL such as "/v1/responses"').check(z.minLength(1, 'expected a collector URL such as "/v1/responses"')),
  delivery: DeliveryInputSchema,
  wave: WaveSchema,
  survey: z.array(SurveyKindSchema, 'expected a list of "csat" and/or "nps"').check(z.minLength(1, 'expected at least one of "csat", "nps"')),
  locale: z.string(LOCALE).check(z.minLength(1, LOCALE), z.maxLength(35, LOCALE)),
  channel: ChannelSchema,
}, 'expected an object such as {"collector": "/v1/responses", "delivery": {…}, …}');

const urlOf = (v: string) => {
  try {
    return new URL(v, location.href);
  } catch {
    return undefined; // not a URL: reported by the caller
  }
};

/**
 * Reads the page's config. A required field that is wrong throws an `Error` naming it
 * (`[aftercare collector] survey page: config.delivery.deliveredAt: expected …`): without it no
 * answer could be recorded right. An optional one that is wrong is left out with a warning naming
 * it, so the customer still gets the survey: a reason without a label (only the built-in reasons are
 * labelled here), a privacy link that is not http(s), a colour that is not hex, a score that is not
 * one of the questions'.
 */
export function readConfig(raw: unknown): SurveyPageConfig {
  const r = Required.safeParse(raw);
  if (!r.success) throw new Error(`${PREFIX}: ${describeIssue(r.error.issues[0]!, 'config')}`);
  const { collector, delivery: d, wave, survey, locale, channel } = r.data;
  if (wave > 0 && !d.resurvey) throw new Error(`${PREFIX}: config.wave: expected 0 for a delivery without a re-survey plan, got ${wave}`);
  const delivery: SurveyPageConfig['delivery'] = { id: d.id, deliveredAt: d.deliveredAt };
  if (d.customerId) delivery.customerId = d.customerId;
  if (d.token) delivery.token = d.token;
  if (d.resurvey) delivery.resurvey = d.resurvey;
  if (d.meta) delivery.meta = d.meta;
  const config: SurveyPageConfig = { collector, delivery, wave, survey: [...new Set(survey)], locale, channel };

  const o = raw as Record<string, unknown>;
  const skip = (field: string, expected: string) => console.warn(`${PREFIX}: config.${field}: ${expected}, got ${JSON.stringify(o[field])?.slice(0, 80)}; left out`);
  if (o.reasons !== undefined) {
    const reasons = ReasonsSchema.safeParse(o.reasons);
    if (reasons.success && reasons.data.every((id) => (REASONS as readonly string[]).includes(id))) config.reasons = reasons.data;
    else skip('reasons', `expected at most 10 of the built-in reason ids (${REASONS.join(', ')})`);
  }
  if (o.privacyUrl !== undefined) {
    if (typeof o.privacyUrl === 'string' && /^https?:$/.test(urlOf(o.privacyUrl)?.protocol ?? '')) config.privacyUrl = o.privacyUrl;
    else skip('privacyUrl', 'expected an http(s) URL, absolute or relative to the page');
  }
  if (o.brandColor !== undefined) {
    try {
      config.brandColor = checkTheme({ brand: o.brandColor }).brand!;
    } catch {
      skip('brandColor', 'expected a hex colour such as #4338ca');
    }
  }
  if (o.score !== undefined) {
    const s = o.score as { kind?: unknown; value?: unknown } | null;
    const [low, high] = s?.kind === 'nps' ? [0, 10] : [1, 5];
    const v = s?.value as number;
    if (config.survey.includes(s?.kind as SurveyKind) && Number.isInteger(v) && v >= low && v <= high) config.score = { kind: s!.kind as SurveyKind, value: v };
    else skip('score', `expected { "kind", "value" } of a question asked (${config.survey.join(', ')}): csat 1–5, nps 0–10`);
  }
  return config;
}
