import { AftercareError, createAftercare, type Aftercare } from '../sdk/index.ts';
import type { MountOptions, MountedSurvey } from './mount.tsx';
import { attributeFor, readTag } from './tag.ts';

declare global {
  interface Window {
    Aftercare?: Aftercare;
  }
}

/*
 * dist/aftercare-sdk.js: the SDK behind the script tag. The loader (dist/aftercare.js) fetches it
 * only when this page has work: a delivery on the tag, a survey due, answers waiting in the outbox,
 * a call on window.Aftercare, or a tag it could not vouch for (so this file reports the error).
 */

const fail = (e: unknown) => {
  // The host page must never see our exceptions: report once, then stay inert.
  if (e instanceof AftercareError) console.error(`[aftercare] ${attributeFor(e.field)}: ${e.expected}`);
  else console.error('[aftercare] stopped after an unexpected error:', e);
};

const domReady = () =>
  document.readyState === 'loading' ? new Promise((r) => document.addEventListener('DOMContentLoaded', r, { once: true })) : Promise.resolve();

/** One survey per page view: the one whose window closes first, with the UI fetched from beside the script. */
async function showNext(sdk: Aftercare, script: HTMLScriptElement, subject: string | undefined): Promise<void> {
  const [next] = await sdk.due();
  if (!next) return;
  const url = new URL('aftercare-ui.js', script.src).href;
  const ui = (await import(/* @vite-ignore */ url)) as { mountSurvey: (s: Aftercare, d: typeof next, o: MountOptions) => MountedSurvey };
  await domReady();
  const options: MountOptions = {};
  if (subject) options.subject = subject;
  ui.mountSurvey(sdk, next, options);
}

/** Full start from the tag: validate, create the SDK as `window.Aftercare`, record the delivery, maybe ask. */
export async function boot(script: HTMLScriptElement | null): Promise<void> {
  try {
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
    await showNext(sdk, script!, tag.subject);
  } catch (e) {
    fail(e);
  }
}

/** Creates the SDK behind the loader's stand-in, which already vouched for the tag. */
export function attach(script: HTMLScriptElement): Aftercare {
  return createAftercare(readTag(script).options);
}
