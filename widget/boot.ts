import { AftercareError, createAftercare, createPresenter, type Aftercare, type Delivery, type Presenter } from '../sdk/index.ts';
import type { MountOptions, MountedSurvey } from './mount.tsx';
import { attributeFor, readTag, type TagConfig } from './tag.ts';
import type { Theme } from './theme.ts';

/** `window.Aftercare`: the SDK, plus `show()` / `hide()` for apps that decide when the survey appears. */
export interface WidgetAftercare extends Aftercare {
  /** Shows a due survey now (the given delivery, or the one closing first), taking focus; `false` when none is due. */
  show(deliveryId?: string): Promise<boolean>;
  /** Takes the survey away (its display ends as expired) and shows no more automatically on this page. */
  hide(): void;
}

declare global {
  interface Window {
    Aftercare?: WidgetAftercare;
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

const PLACEMENTS = ['bottom-right', 'bottom-left', 'center', 'inline'];
const CSAT_STYLES = ['buttons', 'stars', 'faces'];

/**
 * Checks the tag's presentation attributes up front, so a typo is reported on load, not when a survey
 * is due; but the theme, data-privacy-url and data-reasons, which mountSurvey checks anyway (the UI
 * chunk has to, for bundler users): one copy of those checks, reported under the attribute's name when
 * a survey is shown.
 */
function mountOptions(tag: TagConfig): Omit<MountOptions, 'container'> & { selector?: string } {
  const ui = tag.ui ?? {};
  const m: Omit<MountOptions, 'container'> & { selector?: string } = {};
  if (tag.subject) m.subject = tag.subject;
  if (tag.options.locale) m.locale = [tag.options.locale, ...navigator.languages];
  if (ui.placement !== undefined) {
    if (!PLACEMENTS.includes(ui.placement)) throw new AftercareError('data-position', `expected "bottom-right", "bottom-left", "center" or "inline", got "${ui.placement.slice(0, 40)}"`);
    m.placement = ui.placement as MountOptions['placement'];
  }
  if (m.placement === 'inline') {
    if (!ui.container) throw new AftercareError('data-container', 'expected a CSS selector of the element to show the survey in, e.g. data-container="#feedback"');
    try {
      document.querySelector(ui.container);
    } catch {
      throw new AftercareError('data-container', `expected a valid CSS selector, got "${ui.container.slice(0, 40)}"`);
    }
    m.selector = ui.container;
  }
  if (ui.csatStyle !== undefined) {
    if (!CSAT_STYLES.includes(ui.csatStyle)) throw new AftercareError('data-csat-style', `expected "buttons", "stars" or "faces", got "${ui.csatStyle.slice(0, 40)}"`);
    m.csatStyle = ui.csatStyle as MountOptions['csatStyle'];
  }
  if (ui.theme) m.theme = ui.theme as Theme;
  Object.assign(m, { privacyUrl: ui.privacyUrl, privacyText: ui.privacyText, offerForget: ui.offerForget, reasons: ui.reasons });
  if (ui.strings) {
    for (const [k, v] of Object.entries(ui.strings)) {
      const ok = k === 'csatLabels' ? Array.isArray(v) && v.length === 5 && v.every((x) => typeof x === 'string') : typeof v === 'string';
      if (!ok) throw new AftercareError(`data-strings`, `expected ${k === 'csatLabels' ? 'csatLabels to be 5 texts' : `"${k.slice(0, 40)}" to be a text`}`);
    }
    m.strings = ui.strings as MountOptions['strings'];
  }
  return m;
}

type Ui = { mountSurvey: (s: Aftercare, d: Delivery, o: MountOptions) => Promise<MountedSurvey> };

/** The presenter for the tag: the UI is fetched from beside the script only when a survey is shown. */
function presenterFor(sdk: Aftercare, script: HTMLScriptElement, tag: TagConfig): Presenter {
  const { selector, ...options } = mountOptions(tag);
  const delayMs = tag.ui?.delayMs;
  return createPresenter(sdk, {
    ...(delayMs === undefined ? {} : { delayMs }),
    async render(d, { explicit, done }) {
      const ui = (await import(/* @vite-ignore */ new URL('aftercare-ui.js', script.src).href)) as Ui;
      await domReady();
      const o: MountOptions = { ...options, onClose: done };
      if (explicit) o.focus = true;
      if (selector) {
        const el = document.querySelector(selector);
        if (!el) throw new AftercareError('data-container', `expected an element matching "${selector.slice(0, 40)}" on the page`);
        o.container = el;
      }
      return ui.mountSurvey(sdk, d, o).catch((e) => {
        // The UI chunk bundles its own copy of AftercareError: instanceof fails across the chunks.
        throw e?.name === 'AftercareError' ? new AftercareError(attributeFor(e.field), e.expected) : e;
      });
    },
  });
}

/** The SDK instance with the presenter's show() / hide() on it. */
function widgetFor(sdk: Aftercare, presenter: Presenter): WidgetAftercare {
  // Consent withdrawn: the survey on screen goes, and no other shows on this page. Granted: what was
  // written may be due now.
  sdk.on('consent', (c) => (c.consent === 'denied' ? presenter.hide() : presenter.start()));
  return Object.assign(sdk, {
    show: (id?: string) => presenter.show(id).catch((e) => (fail(e), false)),
    hide: () => presenter.hide(),
  });
}

/** Full start from the tag: validate, create the SDK as `window.Aftercare`, record the delivery, maybe ask. */
export async function boot(script: HTMLScriptElement | null): Promise<void> {
  try {
    const { sdk, adopt } = attach(script!);
    window.Aftercare = sdk;
    // Recording is issued (synchronously, inside adopt) before listeners hear of the SDK, so their
    // first call already sees this delivery (IndexedDB runs transactions in the order they were made).
    const started = adopt();
    // Synchronously, before storage opens: a listener added here hears every event, storage trouble included.
    document.dispatchEvent(new CustomEvent('aftercare:ready', { detail: sdk }));
    await started;
  } catch {
    // Reported by attach, once.
  }
}

/** The SDK behind the loader's stand-in, and how to take the page over from it. */
export interface Attached {
  sdk: WidgetAftercare;
  /**
   * What `boot` does after creating the SDK, for a page the loader hands over (a survey due, or
   * IndexedDB it could not use): records the tag's delivery (the loader may have already; again
   * changes nothing) and looks for a due survey now.
   */
  adopt(): Promise<void>;
}

/**
 * Creates the SDK from the tag, listening for route changes only: behind the loader's stand-in
 * (which already vouched for the tag's basics), and for `boot`, which then adopts the page. A bad
 * attribute is reported here, once, and thrown to the call that needed the SDK.
 */
export function attach(script: HTMLScriptElement): Attached {
  try {
    const tag = readTag(script);
    const sdk = createAftercare(tag.options);
    const presenter = presenterFor(sdk, script, tag);
    // Nothing was due when the page loaded; an SPA may record a delivery and call show(), or change
    // route, after which the presenter looks again.
    presenter.start(false);
    // Without consent the loader recorded nothing: this page keeps the tag's delivery in memory, for
    // its survey and for consent('granted') to write.
    if (tag.delivery && sdk.consentStatus !== 'granted') void sdk.recordDelivery(tag.delivery).catch(fail);
    return {
      sdk: widgetFor(sdk, presenter),
      async adopt() {
        try {
          if (tag.delivery) await sdk.recordDelivery(tag.delivery);
          await sdk.ready;
          presenter.start();
        } catch (e) {
          fail(e);
        }
      },
    };
  } catch (e) {
    fail(e);
    throw e;
  }
}
