import { AftercareError, type AftercareOptions, type DeliveryInput, type SurveyKind } from '../sdk/index.ts';
import { DeliveryInputSchema } from '../src/schema.ts';

/** What a `<script data-…>` tag asks for. */
export interface TagConfig {
  options: AftercareOptions;
  delivery?: DeliveryInput;
  subject?: string;
}

const ATTR: Record<string, string> = {
  id: 'data-delivery-id',
  deliveredAt: 'data-delivered-at',
  customerId: 'data-customer-id',
  surveys: 'data-survey',
};

/**
 * Reads and validates the script tag's attributes. Throws an `AftercareError` naming the attribute.
 * @example readTag(document.currentScript)
 */
export function readTag(el: Element | null): TagConfig {
  if (!el) throw new AftercareError('script', 'load aftercare.js with a <script src> tag (document.currentScript was empty)');
  const attr = (name: string) => {
    const v = el.getAttribute(name);
    return v === null || v.trim() === '' ? undefined : v.trim();
  };
  const endpoint = attr('data-endpoint');
  if (!endpoint) throw new AftercareError('data-endpoint', 'expected the collector URL, e.g. data-endpoint="https://feedback.example.com/v1/responses"');
  const options: AftercareOptions = { endpoint };
  const locale = attr('data-locale');
  if (locale) options.locale = locale;

  const surveyAttr = attr('data-survey') ?? 'csat';
  const words = surveyAttr.toLowerCase().split(/[\s,]+/).filter(Boolean);
  const bad = words.find((w) => w !== 'csat' && w !== 'nps');
  if (bad !== undefined) throw new AftercareError('data-survey', `expected "csat", "nps" or "csat nps", got "${surveyAttr.slice(0, 40)}"`);
  // Protocol rule: with both, CSAT is asked first whatever the attribute's order.
  const surveys = (['csat', 'nps'] as SurveyKind[]).filter((k) => words.includes(k));

  const id = attr('data-delivery-id');
  const deliveredAt = attr('data-delivered-at');
  const customerId = attr('data-customer-id');
  const config: TagConfig = { options };
  const subject = attr('data-subject');
  if (subject) config.subject = subject;
  if (id === undefined && deliveredAt === undefined) return config;
  if (id === undefined) throw new AftercareError('data-delivery-id', 'expected a delivery id alongside data-delivered-at');
  if (deliveredAt === undefined) throw new AftercareError('data-delivered-at', 'expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z alongside data-delivery-id');
  const input: Record<string, unknown> = { id, deliveredAt, surveys };
  if (customerId) input.customerId = customerId;
  const r = DeliveryInputSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new AftercareError(ATTR[String(issue.path[0])] ?? 'data-delivery-id', issue.message);
  }
  config.delivery = r.data;
  return config;
}

/** The SDK's option names as the script tag spells them, for error messages. */
export function attributeFor(option: string): string {
  return option === 'endpoint' ? 'data-endpoint' : option === 'locale' ? 'data-locale' : option;
}
