import { render } from 'preact';
import type { Aftercare, Delivery } from '../sdk/index.ts';
import { resolveLocale, stringsFor, type Strings } from './strings.ts';
import { adoptStyles } from './styles.ts';
import { Survey } from './survey.tsx';

export interface MountOptions {
  /** BCP 47 tag; default the SDK's locale. */
  locale?: string;
  /** What the questions are about ("your washing machine repair"); default a neutral phrase per locale. */
  subject?: string;
  /** Replace any built-in text. */
  strings?: Partial<Strings>;
  /** Where to attach the survey's host element; default `document.body`. */
  container?: Element;
  /** Called after the survey was closed and removed. */
  onClose?: () => void;
}

export interface MountedSurvey {
  /** The `<aftercare-survey>` element; its open shadow root holds the UI. */
  host: HTMLElement;
  close(): void;
}

/**
 * Shows a delivery's survey in an open shadow root (host CSS cannot reach in, ours cannot leak out)
 * and counts the display with `markShown`.
 * @example mountSurvey(aftercare, (await aftercare.due())[0], { subject: 'your repair' })
 */
export function mountSurvey(sdk: Pick<Aftercare, 'answer' | 'dismiss' | 'markShown' | 'locale'>, delivery: Pick<Delivery, 'id' | 'surveys'>, options: MountOptions = {}): MountedSurvey {
  const host = document.createElement('aftercare-survey');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root);
  const locale = options.locale ?? sdk.locale;
  // Screen readers pick their voice from lang: name the language of the strings shown (built-in
  // strings fall back to English), unless the merchant supplied their own texts.
  const shown = resolveLocale(locale);
  const lang = options.strings || (shown === 'en' && /^en\b/i.test(locale)) ? locale : shown;
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    render(null, root);
    host.remove();
    options.onClose?.();
  };
  render(
    <Survey sdk={sdk} delivery={delivery} strings={stringsFor(locale, options.strings)} lang={lang} subject={options.subject} onClose={close} />,
    root,
  );
  (options.container ?? document.body).appendChild(host);
  void sdk.markShown(delivery.id).catch((e) => console.error('[aftercare] could not record the display:', e));
  return { host, close };
}
