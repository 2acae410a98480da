import { DEFAULT_DB, DELIVERY, DISPLAY, OUTBOX, prefixRange, STORE } from '../src/keys.ts';
import { endedDisplays } from '../src/displays.ts';
import { dueList, policyFrom, type Policy, type PolicyOptions } from '../src/schedule.ts';
import type { DeliveryState, DisplayRecord } from '../src/types.ts';
import type { AftercareEvents } from '../sdk/index.ts';
import type { WidgetAftercare } from './boot.ts';
import { policyAttrs, surveyKinds } from './attrs.ts';
import { deliveryOfTag, sameDelivery } from './tag-delivery.ts';
import { quickFlush } from './quick-flush.ts';

/*
 * dist/aftercare.js, the one file a merchant's tag loads. Most page views have nothing to do: no
 * delivery on the tag, no survey due, nothing waiting to be sent. For those it reads IndexedDB once,
 * puts a stand-in on window.Aftercare and stops, a few kilobytes in all. Any real work fetches the
 * SDK (aftercare-sdk.js, beside this file) and hands over.
 */

type Boot = { boot(s: HTMLScriptElement | null): Promise<void>; attach(s: HTMLScriptElement): WidgetAftercare };

// Must be read synchronously: currentScript is null once this first run is over.
const script = document.currentScript as HTMLScriptElement | null;
const attr = (name: string) => script?.getAttribute(name)?.trim() || undefined;
const sdkChunk = (): Promise<Boot> => import(/* @vite-ignore */ new URL('aftercare-sdk.js', script!.src).href);
const full = () =>
  sdkChunk().then(
    (m) => m.boot(script),
    (e) => console.error('[aftercare] could not load aftercare-sdk.js (host it beside aftercare.js):', e),
  );

/**
 * The tag's timing policy, or undefined when an attribute is not a plain number (the SDK reports it).
 * Presentation attributes (position, theme…) do not change what is due and are checked by the SDK.
 */
function tagPolicy(): Policy | undefined {
  const o = policyAttrs(attr);
  const plain = Object.values(o).every((v) => (Array.isArray(v) ? v.length === 2 && v.every((x) => typeof x === 'number') : typeof v === 'number'));
  return plain ? policyFrom(o as PolicyOptions) : undefined;
}

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

/**
 * What IndexedDB holds for this page: a survey due, the tag's delivery still to `record`, answers
 * waiting, nothing (`false`), or `undefined` when it cannot tell.
 */
function hasWork(policy: Policy, tagged?: DeliveryState): Promise<'due' | 'record' | 'waiting' | false | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 3000); // Safari's first open sometimes never answers
    const done = (v: 'due' | 'record' | 'waiting' | false | undefined) => (clearTimeout(timer), resolve(v));
    let req: IDBOpenDBRequest;
    try {
      req = indexedDB.open(DEFAULT_DB);
    } catch {
      return done(undefined);
    }
    // No database yet: nothing recorded, nothing waiting. Abort rather than create it here.
    req.onupgradeneeded = () => {
      req.transaction!.abort();
      done(tagged && dueList([tagged], Date.now(), policy).length ? 'due' : tagged ? 'record' : false);
    };
    req.onerror = (e) => (e.preventDefault(), done(undefined));
    req.onsuccess = () => {
      const db = req.result;
      try {
        const store = db.transaction(STORE).objectStore(STORE);
        const deliveries = store.getAll(prefixRange(DELIVERY));
        const displays = store.getAll(prefixRange(DISPLAY));
        const pending = store.count(prefixRange(OUTBOX));
        pending.onsuccess = () => {
          db.close();
          const known = deliveries.result as DeliveryState[];
          // The tag's own delivery counts as recorded, unless IndexedDB already knows it (answered, dismissed…).
          const mine = tagged && known.find((d) => d.id === tagged.id);
          if (tagged && !mine) known.push(tagged);
          const waiting = pending.result > 0 || endedDisplays(displays.result as DisplayRecord[]).length > 0;
          done(dueList(known, Date.now(), policy).length ? 'due' : tagged && !(mine && sameDelivery(mine, tagged)) ? 'record' : waiting && 'waiting');
        };
        pending.onerror = () => (db.close(), done(undefined));
      } catch {
        db.close();
        done(undefined);
      }
    };
  });
}

/** Stands in for the SDK until something calls it; then fetches the SDK and forwards, keeping listeners. */
function standIn(endpoint: string, policy: Policy, ready: Promise<void>): WidgetAftercare {
  let real: Promise<WidgetAftercare> | undefined;
  let sdk: WidgetAftercare | undefined;
  // Listening does not fetch the SDK: with nothing to do here, nothing would be emitted.
  type Listener = { type: keyof AftercareEvents; fn: (d: never) => void; off?: () => void };
  const listeners: Listener[] = [];
  const get = () =>
    (real ??= sdkChunk().then((m) => {
      sdk = m.attach(script!);
      for (const l of listeners) l.off = sdk.on(l.type, l.fn as (d: unknown) => void);
      return sdk;
    }));
  const call =
    (name: keyof WidgetAftercare) =>
    (...args: unknown[]) =>
      get().then((s) => (s[name] as (...a: unknown[]) => unknown)(...args));
  return {
    endpoint,
    locale: attr('data-locale') ?? navigator.language ?? 'en',
    get storage() {
      return sdk?.storage ?? 'indexeddb';
    },
    ready,
    policy,
    recordDelivery: call('recordDelivery'),
    due: call('due'),
    delivery: call('delivery'),
    markShown: call('markShown'),
    answer: call('answer'),
    dismiss: call('dismiss'),
    markHidden: call('markHidden'),
    show: call('show'),
    hide() {
      sdk?.hide();
    },
    flush: call('flush'),
    outbox: call('outbox'),
    on(type, fn) {
      if (sdk) return sdk.on(type, fn);
      const l: Listener = { type, fn: fn as (d: never) => void };
      listeners.push(l);
      return () => {
        const i = listeners.indexOf(l);
        if (i >= 0) listeners.splice(i, 1);
        l.off?.();
      };
    },
    destroy() {
      sdk?.destroy();
    },
  } as WidgetAftercare;
}

async function start(): Promise<void> {
  if (window.Aftercare) {
    console.error('[aftercare] script: aftercare.js is on this page twice; the second copy does nothing');
    return;
  }
  const policy = tagPolicy();
  const surveys = surveyKinds(attr('data-survey'));
  const endpoint = policy && plainTag(surveys);
  const tagged = deliveryOfTag(attr, surveys);
  // A tag this file cannot vouch for, or whose delivery is in its window (its survey is probably due),
  // needs the SDK: fetch it now, while IndexedDB is read (a first open can take tens of milliseconds).
  // A delivery outside its window waits for IndexedDB: once recorded, its page has nothing to do.
  const early = !endpoint || tagged === null || (tagged && dueList([tagged], Date.now(), policy!).length);
  const booted = early ? full() : undefined;
  const work = policy && tagged !== null && (endpoint || tagged) ? await hasWork(policy, tagged) : undefined;
  // A survey is due: fetch the UI once the SDK module is in, while the SDK waits on IndexedDB, rather
  // than when it renders. Not before: evaluating the UI first would hold up the SDK, which goes first.
  if (work === 'due') sdkChunk().then(() => import(/* @vite-ignore */ new URL('aftercare-ui.js', script!.src).href)).catch(() => undefined);
  if (booted) return booted;
  if (!endpoint || (work !== false && work !== 'waiting')) return full();
  // `ready` settles once waiting records were sent here or handed over to the SDK (its first flush done).
  let settle!: () => void;
  const sdk = standIn(endpoint, policy, new Promise<void>((r) => (settle = r)));
  window.Aftercare = sdk;
  document.dispatchEvent(new CustomEvent('aftercare:ready', { detail: sdk }));
  // Answers or ended displays waiting and nothing else: send them from here when the plain path
  // allows; otherwise the stand-in fetches the SDK, whose sync loop takes over.
  try {
    if (work === 'waiting' && !(await quickFlush(DEFAULT_DB, endpoint, `aftercare:${DEFAULT_DB}`))) await sdk.flush();
  } finally {
    settle();
  }
}

start().catch((e) => console.error('[aftercare] stopped after an unexpected error:', e));
