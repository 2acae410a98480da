/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
// Classic JSX (h): without preact/jsx-runtime the UI chunk is about 140 bytes (gzip) smaller.
import { Fragment, h, render } from 'preact';
import { AftercareError, type Aftercare, type Delivery } from '../sdk/index.ts';
import type { CsatStyle } from './scale.tsx';
import { loadStrings, reasonLabel, type ReasonLabels, type Strings } from './strings.ts';
import { checkPrivacyUrl } from './privacy-url.ts';
import { adoptStyles } from './styles.ts';
import { Survey, type CloseHow } from './survey.tsx';
import { checkTheme, hostTheme, themeCss, type Theme } from './theme.ts';

export type { CloseHow, CsatStyle, Theme };

/** Where the survey appears: a corner card, a modal dialog in the centre, or in flow inside `container`. */
export type Placement = 'bottom-right' | 'bottom-left' | 'center' | 'inline';

export interface MountOptions {
  /** BCP 47 tag(s) in order of preference; default `[sdk.locale, ...navigator.languages]`. */
  locale?: string | readonly string[];
  /** What the questions are about ("your washing machine repair"); default a neutral phrase per locale. */
  subject?: string;
  /** Replace any built-in text; label your own `reasons` here too (`'reason.parking': 'Parking'`). */
  strings?: Partial<Strings> & Partial<ReasonLabels>;
  /** Default `bottom-right`. `center` is a modal dialog; `inline` needs `container`. */
  placement?: Placement;
  /** Where to attach the survey's host element; default `document.body`. Required for `inline`. */
  container?: Element;
  /**
   * Colours, radius and font. Merchants may also set `--aftercare-brand`, `--aftercare-bg`,
   * `--aftercare-text`, `--aftercare-radius` and `--aftercare-font` on `aftercare-survey` in their CSS;
   * a field given here wins over its CSS variable (code is the more deliberate, more specific choice,
   * as an inline style beats a stylesheet).
   */
  theme?: Theme;
  /** How CSAT options look; default `buttons`. NPS is always 0–10 numbers. */
  csatStyle?: CsatStyle;
  /**
   * Move focus into the survey when it opens (and back where it was when it closes); default true
   * for `center` only: a survey that pops up by itself must not take the keyboard away.
   */
  focus?: boolean;
  /**
   * The merchant's privacy notice, linked under the questions ("How we use your answer", or
   * `privacyText`); an http(s) URL, absolute or relative to the page.
   */
  privacyUrl?: string;
  privacyText?: string;
  /** Offer "Delete my answer" on the thank-you step: calls `sdk.forget()`. */
  offerForget?: boolean;
  /**
   * "What mattered most?" after the score: up to 10 reason ids of 1–40 characters, offered as
   * checkboxes in this order. Built-in ids (`speed`, `staff`, `attitude`, `solved`, `communication`,
   * `price`, `quality`, `delivery`) are labelled in every locale; label your own in `strings`, as
   * `{ 'reason.parking': 'Parking' }`. Each choice is stored at once as `answer({ reasons })`.
   */
  reasons?: readonly string[];
  /** Called once after the survey was closed and removed, with how it went away. */
  onClose?: (how: CloseHow) => void;
  /**
   * A score the customer chose already (a score link in an invitation): its question comes first, the
   * score shows chosen and is stored at once, as if chosen here (`answer({ [kind]: value, complete: false })`).
   */
  score?: { kind: 'csat' | 'nps'; value: number };
  /** Start at the thank-you step and count no display: the delivery was answered already. */
  answered?: boolean;
  /**
   * Offer × (and Escape) and "Remind me later"; default true. `false` for a survey that is the page's
   * whole point (an invitation's survey page), where closing it would leave an empty page.
   */
  dismissible?: boolean;
}

export interface MountedSurvey {
  /** The `<aftercare-survey>` element; its open shadow root holds the UI. */
  host: HTMLElement;
  /** Takes the survey away (app `hide()`, route change); without a score or dismissal its display ends as expired. */
  close(): void;
}

const logError = (what: string) => (e: unknown) => console.error(`[aftercare] could not record the ${what}:`, e);

/**
 * Shows a delivery's survey in an open shadow root (host CSS cannot reach in, ours cannot leak out)
 * and counts the display with `markShown`. Resolves once the survey is on the page; rejects with an
 * `AftercareError` for bad options.
 * @example await mountSurvey(aftercare, (await aftercare.due())[0], { subject: 'your repair', placement: 'center' })
 */
export async function mountSurvey(
  sdk: Pick<Aftercare, 'answer' | 'dismiss' | 'markShown' | 'markHidden' | 'locale'> & Partial<Pick<Aftercare, 'forget'>>,
  delivery: Pick<Delivery, 'id' | 'surveys' | 'deliveredAt'>,
  options: MountOptions = {},
): Promise<MountedSurvey> {
  const { placement = 'bottom-right', container, csatStyle, focus = placement === 'center', score } = options;
  if (placement === 'inline' && !container) throw new AftercareError('placement', 'expected a container element for inline placement');
  const theme = checkTheme(options.theme ?? {});
  const privacyUrl = options.privacyUrl && checkPrivacyUrl(options.privacyUrl, 'privacyUrl');
  if (options.offerForget && !sdk.forget) throw new AftercareError('offerForget', 'expected sdk.forget()');
  if (score) {
    const kinds = delivery.surveys.length ? delivery.surveys : ['csat' as const];
    // Its value is checked as any answer is, when it is stored.
    if (!kinds.includes(score.kind)) throw new AftercareError('score', `expected the kind of a question the delivery asks, got "${score.kind}"`);
    // The question answered already comes first.
    delivery = { ...delivery, surveys: [score.kind, ...kinds.filter((k) => k !== score.kind)] };
  }
  const preferred = options.locale ?? [sdk.locale, ...navigator.languages];
  const { locale, dir, strings } = await loadStrings(preferred, options.strings);
  const reasons = options.reasons && checkReasons(options.reasons, strings);
  const lang = langFor(typeof preferred === 'string' ? preferred : preferred[0], locale, !!options.strings);

  const host = document.createElement('aftercare-survey');
  host.lang = lang;
  host.dir = dir;
  host.dataset.placement = placement;
  const root = host.attachShadow({ mode: 'open' });
  (container ?? document.body).appendChild(host);
  // In the document now, so the merchant's --aftercare-* properties can be read. opts.theme wins
  // field by field: code is the more deliberate choice, as an inline style beats a stylesheet.
  adoptStyles(root, themeCss({ ...hostTheme(host), ...theme }));

  const before = focus ? document.activeElement : null;
  let open = true;
  let scored = !!options.answered;
  const vv = placement === 'inline' ? null : window.visualViewport;
  // The on-screen keyboard shrinks the visual viewport, not the layout viewport our fixed card sits
  // in: lift the card by the part of the layout viewport below the visible area.
  const fit = () => {
    const kb = Math.max(0, Math.round(innerHeight - vv!.height - vv!.offsetTop));
    if (kb) host.style.setProperty('--ac-kb', `${kb}px`);
    else host.style.removeProperty('--ac-kb');
  };
  if (vv) {
    fit();
    vv.addEventListener('resize', fit);
    vv.addEventListener('scroll', fit);
  }

  const close = (how: CloseHow) => {
    if (!open) return;
    open = false;
    vv?.removeEventListener('resize', fit);
    vv?.removeEventListener('scroll', fit);
    render(null, root);
    host.remove();
    if (before?.isConnected) (before as HTMLElement).focus?.();
    options.onClose?.(how);
  };
  const ui = {
    answer: (a: Parameters<Aftercare['answer']>[0]) => ((scored = true), sdk.answer(a)),
    dismiss: sdk.dismiss.bind(sdk),
  };
  render(
    <>
      {placement === 'center' ? <div class="bd" onMouseDown={(e) => e.preventDefault()} /> : null}
      <Survey
        sdk={ui}
        delivery={delivery}
        strings={strings}
        lang={lang}
        dir={dir}
        subject={options.subject}
        csatStyle={csatStyle}
        modal={placement === 'center'}
        autoFocus={focus}
        onClose={close}
        privacyUrl={privacyUrl}
        privacyText={options.privacyText}
        onForget={options.offerForget ? () => sdk.forget!().then((r) => r.collector.status === 'confirmed') : undefined}
        reasons={reasons}
        score={score}
        done={options.answered}
        dismissible={options.dismissible !== false}
      />
    </>,
    root,
  );
  // Nothing is asked on a thank-you step: no display to count.
  if (!options.answered) void sdk.markShown(delivery.id).catch(logError('display'));
  return {
    host,
    close() {
      // Taken away by the app: not the customer declining. A display without a score ends as expired.
      if (open && !scored) void sdk.markHidden(delivery.id).catch(logError('hiding'));
      close(scored ? 'answered' : 'hidden');
    },
  };
}

/**
 * `ids` deduplicated, by the protocol's rules (src/schema.ts `ReasonsSchema`: at most 10 ids of 1–40
 * characters), each with a label in `s`; else an `AftercareError` naming `reasons` and the id at fault.
 * A reason without a label is an error rather than its bare id on screen: customers must never read
 * "parking_lot_2", and as the merchant's labels apply to every locale, the first look at the page shows
 * the mistake.
 */
function checkReasons(ids: readonly unknown[], s: Strings): string[] {
  // One message for every mistake (bytes): too many ids, one too long or empty, one without a label.
  // `!(length <= 40)` also refuses what is not a string; '' has no label.
  const bad = Array.isArray(ids) && ids.length <= 10 ? ids.filter((id) => !(id?.length <= 40 && reasonLabel(s, id))) : [ids];
  if (bad.length) throw new AftercareError('reasons', `expected at most 10 ids of 1–40 characters, each labelled "reason.<id>" in the strings, got "${bad[0]}"`);
  return [...new Set(ids as string[])];
}

/**
 * The `lang` for the host: screen readers pick their voice from it, so it names the language of the
 * strings shown. The requested tag is kept when it only adds detail to that language (`en-GB` for
 * `en`, which also gives British dates) or when the merchant supplied their own texts.
 */
function langFor(requested: string | undefined, shown: string, own: boolean): string {
  try {
    const [tag] = Intl.getCanonicalLocales(requested ?? []);
    if (tag && (own || tag.split('-')[0] === shown)) return tag;
  } catch {
    // A malformed tag ("zh_CN"): Intl would throw on it later, and the shown locale's tag is right anyway.
  }
  return shown;
}
