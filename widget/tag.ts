import { AftercareError, type AftercareOptions, type DeliveryInput } from '../sdk/index.ts';
import { DeliveryInputSchema } from '../src/schema.ts';
import { num, policyAttrs, POLICY_ATTRS, surveyKinds } from './attrs.ts';

export { POLICY_ATTRS };

/** How the tag wants the survey shown; raw values, checked by `checkTheme` and the UI. */
export interface TagUi {
  placement?: string;
  /** CSS selector of the element an inline survey goes into. */
  container?: string;
  csatStyle?: string;
  theme?: Record<string, string>;
  strings?: Record<string, unknown>;
  delayMs?: number;
  /** `data-privacy-url` (checked by mountSurvey: http or https) and `data-privacy-text`. */
  privacyUrl?: string;
  privacyText?: string;
  /** `data-forget="offer"`. */
  offerForget?: boolean;
  /** `data-reasons="speed staff solved"`, split (checked by mountSurvey, which also needs their labels). */
  reasons?: string[];
}

/** What a `<script data-…>` tag asks for. */
export interface TagConfig {
  options: AftercareOptions;
  delivery?: DeliveryInput;
  subject?: string;
  ui?: TagUi;
}

const THEME_ATTRS = {
  'data-theme': 'mode',
  'data-brand-color': 'brand',
  'data-background': 'background',
  'data-text-color': 'text',
  'data-radius': 'radius',
  'data-font': 'font',
} as const;


/** Presentation attributes taken as written (checked by the boot and the UI). */
const TEXT_ATTRS = {
  'data-position': 'placement',
  'data-container': 'container',
  'data-csat-style': 'csatStyle',
  'data-privacy-url': 'privacyUrl',
  'data-privacy-text': 'privacyText',
} as const;

const ATTR: Record<string, string> = {
  id: 'data-delivery-id',
  deliveredAt: 'data-delivered-at',
  customerId: 'data-customer-id',
  surveys: 'data-survey',
  token: 'data-delivery-token',
  resurvey: 'data-resurvey',
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

  const consent = attr('data-consent');
  if (consent !== undefined) options.consent = consent as AftercareOptions['consent']; // checked by createAftercare
  const gpc = flag(el, 'data-respect-gpc');
  if (gpc !== undefined) options.respectGpc = gpc as boolean; // checked by createAftercare, like the next
  const page = flag(el, 'data-collect-page');
  if (page !== undefined) options.collectPage = page as boolean;
  const redact = attr('data-redact');
  if (redact !== undefined) options.redact = redact.toLowerCase().split(/[\s,]+/) as AftercareOptions['redact'];

  const timing = policyAttrs(attr);
  const w = timing.windowDays;
  if (Array.isArray(w) && w.length !== 2) throw new AftercareError('data-window-days', `expected two numbers of days such as "3 7", got "${attr('data-window-days')!.slice(0, 40)}"`);
  Object.assign(options, timing);

  const surveyAttr = attr('data-survey') ?? 'csat';
  const surveys = surveyKinds(surveyAttr);
  if (!surveys) throw new AftercareError('data-survey', `expected "csat", "nps" or "csat nps", got "${surveyAttr.slice(0, 40)}"`);

  const id = attr('data-delivery-id');
  const deliveredAt = attr('data-delivered-at');
  const customerId = attr('data-customer-id');
  const token = attr('data-delivery-token');
  const resurvey = attr('data-resurvey');
  const config: TagConfig = { options };
  const subject = attr('data-subject');
  if (subject) config.subject = subject;
  const ui = readUi(attr);
  if (ui) config.ui = ui;
  if (id === undefined && deliveredAt === undefined) {
    // A token signs a delivery: alone it would be silently ignored, which hides a templating mistake.
    if (token !== undefined) throw new AftercareError('data-delivery-token', 'expected data-delivery-id and data-delivered-at alongside it (a token signs a delivery)');
    if (resurvey !== undefined) throw new AftercareError('data-resurvey', 'expected data-delivery-id and data-delivered-at alongside it (a plan re-surveys a delivery)');
    return config;
  }
  if (id === undefined) throw new AftercareError('data-delivery-id', 'expected a delivery id alongside data-delivered-at');
  if (deliveredAt === undefined) throw new AftercareError('data-delivered-at', 'expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z alongside data-delivery-id');
  const input: Record<string, unknown> = { id, deliveredAt, surveys };
  if (customerId) input.customerId = customerId;
  if (token) input.token = token;
  if (resurvey !== undefined) {
    const [everyDays, untilDays, more] = resurvey.split(/[\s,]+/).map(num);
    if (more !== undefined || untilDays === undefined) throw new AftercareError('data-resurvey', `expected two numbers of days such as "30 365" (every 30 days until day 365), got "${resurvey.slice(0, 40)}"`);
    input.resurvey = { everyDays, untilDays };
  }
  const r = DeliveryInputSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new AftercareError(ATTR[String(issue.path[0])] ?? 'data-delivery-id', issue.message);
  }
  config.delivery = r.data;
  return config;
}

/**
 * A yes/no attribute: present without a value, or `"true"`, is true; `"false"` is false; absent is
 * undefined. Anything else is returned as written, for `createAftercare` to report.
 */
function flag(el: Element, name: string): boolean | string | undefined {
  const v = el.getAttribute(name)?.trim().toLowerCase();
  return v === '' || v === 'true' ? true : v === 'false' ? false : v;
}

/** Presentation attributes, or undefined when the tag has none. */
function readUi(attr: (name: string) => string | undefined): TagUi | undefined {
  const ui: TagUi = {};
  for (const [name, key] of Object.entries(TEXT_ATTRS)) {
    const v = attr(name);
    if (v) ui[key] = v;
  }
  const delay = attr('data-delay');
  if (delay !== undefined) {
    const ms = Number(delay);
    if (!Number.isInteger(ms) || ms < 0 || ms > 600_000) throw new AftercareError('data-delay', `expected milliseconds from 0 to 600000, got "${delay.slice(0, 40)}"`);
    ui.delayMs = ms;
  }
  for (const [name, key] of Object.entries(THEME_ATTRS)) {
    const v = attr(name);
    if (v !== undefined) (ui.theme ??= {})[key] = v;
  }
  const forget = attr('data-forget');
  if (forget !== undefined) {
    if (forget !== 'offer') throw new AftercareError('data-forget', `expected "offer", got "${forget.slice(0, 40)}"`);
    ui.offerForget = true;
  }
  const reasons = attr('data-reasons');
  if (reasons) ui.reasons = reasons.split(/[\s,]+/).filter(Boolean);
  const strings = attr('data-strings');
  if (strings !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(strings);
    } catch {
      parsed = undefined;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new AftercareError('data-strings', 'expected a JSON object of texts such as {"send": "Submit"}');
    }
    ui.strings = parsed as Record<string, unknown>;
  }
  return Object.keys(ui).length ? ui : undefined;
}

const ATTR_OF: Record<string, string> = {
  endpoint: 'data-endpoint',
  locale: 'data-locale',
  windowDays: 'data-window-days',
  consent: 'data-consent',
  respectGpc: 'data-respect-gpc',
  collectPage: 'data-collect-page',
  redact: 'data-redact',
  privacyUrl: 'data-privacy-url',
  reasons: 'data-reasons',
  ...Object.fromEntries(Object.entries(POLICY_ATTRS).map(([a, o]) => [o, a])),
  ...Object.fromEntries(Object.entries(THEME_ATTRS).map(([a, k]) => [`theme.${k}`, a])),
};

/** The SDK's option names as the script tag spells them, for error messages. */
export function attributeFor(option: string): string {
  return ATTR_OF[option] ?? ATTR_OF[option.split('.')[0]!] ?? option;
}
