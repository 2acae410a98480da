import { AftercareError, createAftercare, type Aftercare } from '../sdk/index.ts';
import { attributeFor, readTag } from './tag.ts';
import type { MountOptions, MountedSurvey } from './mount.tsx';

declare global {
  interface Window {
    Aftercare?: Aftercare;
  }
}

// Must be read synchronously: currentScript is null once this first run is over.
const script = document.currentScript as HTMLScriptElement | null;

const fail = (e: unknown) => {
  // The host page must never see our exceptions: report once, then stay inert.
  if (e instanceof AftercareError) console.error(`[aftercare] ${attributeFor(e.field)}: ${e.expected}`);
  else console.error('[aftercare] stopped after an unexpected error:', e);
};

const domReady = () =>
  document.readyState === 'loading' ? new Promise((r) => document.addEventListener('DOMContentLoaded', r, { once: true })) : Promise.resolve();

async function boot(): Promise<void> {
  if (window.Aftercare) {
    console.error('[aftercare] script: aftercare.js is on this page twice; the second copy does nothing');
    return;
  }
  const tag = readTag(script);
  const sdk = createAftercare(tag.options);
  window.Aftercare = sdk;
  // Issued before listeners hear of the SDK, so their first call already sees this delivery
  // (IndexedDB runs transactions in the order they were made).
  const recorded = tag.delivery ? sdk.recordDelivery(tag.delivery) : undefined;
  // Synchronously, before storage opens: a listener added here hears every event, storage trouble included.
  document.dispatchEvent(new CustomEvent('aftercare:ready', { detail: sdk }));
  await recorded;
  await sdk.ready;

  // One survey per page view: the one whose window closes first.
  const [next] = await sdk.due();
  if (!next) return;
  // The UI (Preact + survey) is a separate file beside this one, fetched only when a survey is due.
  const url = new URL('aftercare-ui.js', script!.src).href;
  const ui = (await import(/* @vite-ignore */ url)) as { mountSurvey: (s: Aftercare, d: typeof next, o: MountOptions) => MountedSurvey };
  await domReady();
  const options: MountOptions = {};
  if (tag.subject) options.subject = tag.subject;
  ui.mountSurvey(sdk, next, options);
}

boot().catch(fail);
