import { deliveryRecord } from '../src/delivery-record.ts';
import { DEFAULT_DB } from '../src/keys.ts';
import { dueState, type Policy } from '../src/schedule.ts';
import type { AftercareEvents } from '../sdk/index.ts';
import type { Attached, WidgetAftercare } from './boot.ts';
import { surveyKinds } from './attrs.ts';
import { hasWork } from './has-work.ts';
import { tagPolicy } from './tag-policy.ts';
import { deliveryOfTag } from './tag-delivery.ts';
import { quickFlush } from './quick-flush.ts';

/*
 * dist/aftercare.js, the one file a merchant's tag loads. Most page views have nothing to do: no
 * survey due, nothing waiting to be sent, at most the tag's delivery to record, which this file
 * writes itself. For those it puts a stand-in on window.Aftercare at once, reads (and writes)
 * IndexedDB once and stops, a few kilobytes in all. Any real work fetches the SDK
 * (aftercare-sdk.js, beside this file) and hands over.
 */

type Boot = { boot(s: HTMLScriptElement | null): Promise<void>; attach(s: HTMLScriptElement): Attached };

// Must be read synchronously: currentScript is null once this first run is over.
const script = document.currentScript as HTMLScriptElement | null;
const attr = (name: string) => script?.getAttribute(name)?.trim() || undefined;
let chunk: Promise<Boot> | undefined;
/** The SDK module, fetched once; a failure to load it is reported once, here. */
const sdkChunk = (): Promise<Boot> =>
  (chunk ??= import(/* @vite-ignore */ new URL('aftercare-sdk.js', script!.src).href).catch((e) => {
    console.error('[aftercare] could not load aftercare-sdk.js (host it beside aftercare.js):', e);
    throw e;
  }));
// boot() reports its own errors; a failed fetch was reported by sdkChunk.
const full = () => sdkChunk().then((m) => m.boot(script), () => undefined);
// A survey is due: fetch the UI once the SDK module is in, while the SDK waits on IndexedDB, rather
// than when it renders. Not before: evaluating the UI first would hold up the SDK, which goes first.
const prefetchUi = () => void sdkChunk().then(() => import(/* @vite-ignore */ new URL('aftercare-ui.js', script!.src).href)).catch(() => undefined);

type SurveyKinds = ReturnType<typeof surveyKinds>;

/** The tag's endpoint when its basics are valid; anything else gets the full SDK (and its errors). A delivery on it is read by `deliveryOfTag`. */
function plainTag(surveys: SurveyKinds): string | undefined {
  const endpoint = attr('data-endpoint');
  if (!endpoint || !script?.src) return undefined;
  if (!surveys?.length || (attr('data-locale')?.length ?? 0) > 35) return undefined;
  try {
    const url = new URL(endpoint, location.href);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The SDK methods the stand-in forwards once the SDK is in (fetching it on the first call). */
const FORWARDED = ['recordDelivery', 'due', 'delivery', 'checkAnswered', 'markShown', 'answer', 'dismiss', 'markHidden', 'show', 'flush', 'outbox', 'consent', 'forget'] as const;

/**
 * The tag's consent (`data-consent`, `pending` for Global Privacy Control with `data-respect-gpc`), or
 * `undefined` when an attribute is not what the SDK accepts (the SDK reports it).
 */
function consentOf(): string | undefined {
  const c = attr('data-consent') ?? 'granted';
  const gpc = script?.getAttribute('data-respect-gpc')?.trim().toLowerCase() ?? 'false';
  if (/^(|true|false)$/.test(gpc) && /^(granted|pending|denied)$/.test(c))
    return c == 'granted' && gpc != 'false' && (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl ? 'pending' : c;
}

/**
 * Stands in for the SDK until something calls it or `handOver()` is called; then fetches the SDK and
 * forwards, keeping listeners. `handOver()` also does what a full start does: records the tag's
 * delivery and looks for a due survey.
 */
function standIn(endpoint: string, policy: Policy, ready: Promise<void>, consent: string): { api: WidgetAftercare; handOver(): Promise<void> } {
  let real: Promise<Attached> | undefined;
  let sdk: WidgetAftercare | undefined;
  // Listening does not fetch the SDK: with nothing to do here, nothing would be emitted.
  type Listener = { type: keyof AftercareEvents; fn: (d: never) => void; off?: () => void };
  const listeners: Listener[] = [];
  // hide() or destroy() before the SDK is in still apply once it is: a handover may be on its way.
  const deferred: Array<'hide' | 'destroy'> = [];
  const get = () =>
    (real ??= sdkChunk().then((m) => {
      const a = m.attach(script!);
      sdk = a.sdk;
      for (const l of listeners) l.off = sdk.on(l.type, l.fn as (d: unknown) => void);
      for (const name of deferred) sdk[name]();
      return a;
    }));
  const call =
    (name: keyof WidgetAftercare) =>
    (...args: unknown[]) =>
      get().then((a) => (a.sdk[name] as (...x: unknown[]) => unknown)(...args));
  const later = (name: 'hide' | 'destroy') => () => void (sdk ? sdk[name]() : deferred.push(name));
  const api = {
    endpoint,
    locale: attr('data-locale') ?? navigator.language ?? 'en',
    get storage() {
      return sdk?.storage ?? 'indexeddb';
    },
    get consentStatus() {
      return sdk?.consentStatus ?? consent;
    },
    ready,
    policy,
    ...Object.fromEntries(FORWARDED.map((name) => [name, call(name)])),
    hide: later('hide'),
    on(type: keyof AftercareEvents, fn: (d: never) => void) {
      if (sdk) return sdk.on(type, fn as (d: unknown) => void);
      const l: Listener = { type, fn };
      listeners.push(l);
      return () => {
        const i = listeners.indexOf(l);
        if (i >= 0) listeners.splice(i, 1);
        l.off?.();
      };
    },
    destroy: later('destroy'),
  } as unknown as WidgetAftercare;
  // A failure here was reported where it happened (sdkChunk, or attach naming the attribute).
  return { api, handOver: () => get().then((a) => a.adopt(), () => undefined) };
}

async function start(): Promise<void> {
  if (window.Aftercare) {
    console.error('[aftercare] script: aftercare.js is on this page twice; the second copy does nothing');
    return;
  }
  const now = Date.now();
  const policy = tagPolicy(attr);
  const surveys = surveyKinds(attr('data-survey'));
  const endpoint = policy && plainTag(surveys);
  const tagged = deliveryOfTag(attr, surveys);
  const consent = consentOf();
  // A tag this file cannot vouch for: the SDK reports what is wrong with it.
  if (!endpoint || tagged === null || !consent) return full();
  const inWindow = tagged && dueState(deliveryRecord(undefined, tagged, now, () => 0), now, policy!) == 'due';
  if (consent != 'granted') {
    // Before consent nothing is read or written here, and under `denied` what is stored must go: a
    // database that exists (or may: no databases() to ask) or a survey to show is the SDK's.
    let stored = true;
    try {
      stored = (await indexedDB.databases()).some((d) => d.name == DEFAULT_DB);
    } catch {
      // No indexedDB.databases() (or no indexedDB): the SDK looks without creating anything.
    }
    if (stored || (inWindow && consent == 'pending')) return full();
  } else if (inWindow) {
    // The tag's delivery is in its window, its survey probably due: fetch the SDK now, while
    // IndexedDB is read and the delivery recorded (the SDK records it again, which changes nothing).
    const booted = full();
    if ((await hasWork(DEFAULT_DB, policy!, tagged, now)) === 'due') prefetchUi();
    return booted;
  }
  // Probably nothing to do: the stand-in goes up at once, whatever IndexedDB does. `ready` settles
  // once waiting records were sent here or the SDK took over (its first flush, or its start, done).
  let settle!: () => void;
  const { api, handOver } = standIn(endpoint, policy!, new Promise<void>((r) => (settle = r)), consent);
  window.Aftercare = api;
  document.dispatchEvent(new CustomEvent('aftercare:ready', { detail: api }));
  // Without consent, nothing stored and nothing to show: nothing more to do here.
  const work = consent == 'granted' && (await hasWork(DEFAULT_DB, policy!, tagged, now));
  try {
    // Answers or ended displays waiting and nothing else: send them from here when the plain path
    // allows; otherwise the SDK's sync loop takes over.
    if (work === 'waiting') {
      if (!(await quickFlush(DEFAULT_DB, endpoint, `aftercare:${DEFAULT_DB}`))) await api.flush();
    } else if (work !== false) {
      // A survey due, or IndexedDB unreadable (throwing, failing, silent for 3 s, refusing the
      // write): the SDK decides, recording the tag's delivery itself (in memory if need be).
      if (work === 'due') prefetchUi();
      await handOver();
    }
  } finally {
    settle();
  }
}

start().catch((e) => console.error('[aftercare] stopped after an unexpected error:', e));
