import { AftercareError } from '../src/errors.ts';
import { DEFAULT_DB } from '../src/keys.ts';
import type { RedactKind } from '../src/redact-kinds.ts';
import { OptionsSchema, type Consent } from '../src/schema.ts';
import { policyFrom, type Policy } from '../src/schedule.ts';
import { DEFAULT_LIMITS, type Limits } from '../src/types.ts';
import type { AftercareOptions } from './types.ts';

/** Options after validation, with defaults applied and `endpoint` resolved to an absolute URL. */
export interface ResolvedOptions {
  endpoint: string;
  locale: string;
  policy: Policy;
  now: () => number;
  fetch: typeof fetch;
  batchSize: number;
  timeoutMs: number;
  limits: Limits;
  dbName: string;
  collectPage: boolean;
  autoSync: boolean;
  /** The consent in force at start: `pending` when `respectGpc` and the browser sends Global Privacy Control. */
  consent: Consent;
  redact: RedactKind[];
  /** Stamped on every response and display (absent: `web`, the merchant's page). */
  channel?: string;
}

const shown = (v: unknown) => {
  const s =
    typeof v === 'string' ? JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v) : typeof v === 'object' && v !== null ? JSON.stringify(v).slice(0, 80) : String(v);
  return `, got ${s}`;
};

/** Validates `createAftercare()` options; throws one `AftercareError` naming the first bad option. */
export function resolveOptions(input: AftercareOptions): ResolvedOptions {
  if (input === null || typeof input !== 'object') throw new AftercareError('options', 'expected an object such as { endpoint: "/v1/responses" }');
  const r = OptionsSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    const value = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], input);
    throw new AftercareError(field || 'options', issue.message + shown(value));
  }
  for (const f of ['now', 'fetch'] as const) {
    if (input[f] !== undefined && typeof input[f] !== 'function') throw new AftercareError(f, `expected a function${shown(input[f])}`);
  }
  let endpoint: URL;
  try {
    endpoint = new URL(input.endpoint, typeof location === 'undefined' ? undefined : location.href);
  } catch {
    throw new AftercareError('endpoint', `expected an http(s) URL, absolute or relative to the page${shown(input.endpoint)}`);
  }
  if (endpoint.protocol !== 'https:' && endpoint.protocol !== 'http:') {
    throw new AftercareError('endpoint', `expected an http(s) URL, absolute or relative to the page${shown(input.endpoint)}`);
  }
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  const consent = input.consent ?? 'granted';
  return {
    endpoint: endpoint.href,
    locale: input.locale ?? nav?.language ?? 'en',
    policy: policyFrom(input),
    now: input.now ?? Date.now,
    // Bound late so a page (or msw) replacing window.fetch after we load is respected.
    fetch: input.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a)),
    batchSize: input.batchSize ?? 100,
    timeoutMs: input.timeoutMs ?? 15_000,
    limits: { ...DEFAULT_LIMITS, ...input.limits },
    dbName: input.dbName ?? DEFAULT_DB,
    collectPage: input.collectPage ?? true,
    autoSync: input.autoSync ?? true,
    // Global Privacy Control is a request not to share or sell: honoured as "ask first", never as a grant.
    consent: consent === 'granted' && input.respectGpc && (nav as { globalPrivacyControl?: boolean } | undefined)?.globalPrivacyControl === true ? 'pending' : consent,
    redact: input.redact ?? [],
    channel: input.channel,
  };
}
