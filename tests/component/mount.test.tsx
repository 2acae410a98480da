import { waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { AftercareError } from '../../sdk/index.ts';
import { mountSurvey } from '../../widget/mount.tsx';
import { formatNumber, loadStrings } from '../../widget/strings.ts';
import { css } from '../../widget/styles.ts';
import { describedByText, fakeSdk, mounted, mountForTest, shadow } from './fake-sdk.ts';

const DELIVERY = { id: 'order-1042', surveys: ['csat' as const], deliveredAt: '2026-11-20T12:00:00Z' };
const CSAT_Q = 'How satisfied are you with our service?';

/** The survey's CSS text, from the adopted sheet or (jsdom) the `<style>` inside the shadow root. */
function sheetText(host: HTMLElement): string {
  const root = host.shadowRoot!;
  const adopted = 'adoptedStyleSheets' in root ? root.adoptedStyleSheets : [];
  if (adopted.length) return Array.from(adopted[0]!.cssRules, (r) => r.cssText).join('\n');
  return root.querySelector('style')!.textContent ?? '';
}

/** A button on the host page, focused, as if the customer was using the page. */
function focusedPageButton(): HTMLButtonElement {
  const b = document.createElement('button');
  b.textContent = 'Add to cart';
  document.body.appendChild(b);
  b.focus();
  expect(document.activeElement).toBe(b);
  return b;
}

let headBefore: string;
beforeEach(() => {
  headBefore = document.head.innerHTML;
});

afterEach(() => {
  for (const host of mounted) host.remove();
  mounted.clear();
  document.body.innerHTML = '';
  document.head.innerHTML = headBefore;
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('mountSurvey', () => {
  test('resolves with an <aftercare-survey> host with an open shadow root holding the dialog', async () => {
    const { sdk } = fakeSdk();
    const pending = mountSurvey(sdk, DELIVERY);
    expect(pending).toBeInstanceOf(Promise);
    const { host } = await pending;
    mounted.add(host);
    expect(host.tagName).toBe('AFTERCARE-SURVEY');
    expect(host.parentNode).toBe(document.body);
    expect(document.body.lastElementChild).toBe(host);
    expect(host.getAttribute('lang')).toBe('en');
    expect(host.getAttribute('dir')).toBe('ltr');
    const { root, q } = shadow(host);
    expect(root.mode).toBe('open');
    const dialog = q.getByRole('dialog', { name: CSAT_Q });
    expect(dialog.getAttribute('lang')).toBe('en');
    expect(q.getAllByRole('radio')).toHaveLength(5);
    // aria-describedby resolves inside the shadow root, where its target lives.
    expect(describedByText(q.getByRole('group', { name: CSAT_Q }))).toBe('1 Very dissatisfied – 5 Very satisfied');
    expect(q.getByText('Delivered on Nov 20, 2026')).toBeTruthy();
    // Nothing of the UI leaks into the light DOM.
    expect(host.children).toHaveLength(0);
    expect(document.querySelector('[role="dialog"]')).toBeNull();
  });

  test('styles live in the shadow root (adopted sheet or <style>), nothing is added to <head>, no style attribute', async () => {
    const { sdk } = fakeSdk();
    const { host } = await mountForTest(sdk, DELIVERY);
    const { root } = shadow(host);
    const adopted = 'adoptedStyleSheets' in root ? root.adoptedStyleSheets : [];
    const styleEls = Array.from(root.querySelectorAll('style'));
    // Exactly one of the two mechanisms carries the CSS.
    if (adopted.length > 0) {
      expect(adopted).toHaveLength(1);
      expect(styleEls).toHaveLength(0);
    } else {
      expect(styleEls).toHaveLength(1);
      expect(styleEls[0]!.textContent!.startsWith(css)).toBe(true);
    }
    expect(sheetText(host)).toContain(':host');
    expect(sheetText(host)).toContain('--ac-brand:#4338ca!important');
    // The dialog rendered alongside the styles (the <style> was not replaced by the render).
    expect(within(root as unknown as HTMLElement).getByRole('dialog')).toBeTruthy();
    expect(document.head.innerHTML).toBe(headBefore);
    expect(document.querySelectorAll('style, link[rel="stylesheet"], [style]')).toHaveLength(0);
  });

  test('calls sdk.markShown once with the delivery id', async () => {
    const { sdk, markShown, markHidden, answer, dismiss } = fakeSdk();
    await mountForTest(sdk, DELIVERY);
    expect(markShown.mock.calls).toEqual([['order-1042']]);
    expect(answer).not.toHaveBeenCalled();
    expect(dismiss).not.toHaveBeenCalled();
    expect(markHidden).not.toHaveBeenCalled();
  });

  test('a failing markShown is logged; the survey stays up', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { sdk, markShown } = fakeSdk();
    markShown.mockRejectedValueOnce(new Error('db closed'));
    const { host } = await mountForTest(sdk, DELIVERY);
    await waitFor(() => expect(error).toHaveBeenCalledWith('[aftercare] could not record the display:', expect.any(Error)));
    expect(host.isConnected).toBe(true);
    expect(shadow(host).q.getByRole('dialog', { name: CSAT_Q })).toBeTruthy();
  });

  test('opts.container receives the host instead of <body>', async () => {
    const container = document.createElement('section');
    document.body.appendChild(container);
    const { sdk } = fakeSdk();
    const { host } = await mountForTest(sdk, DELIVERY, { container });
    expect(host.parentNode).toBe(container);
    expect(Array.from(document.body.children)).toEqual([container]);
    expect(host.getAttribute('data-placement')).toBe('bottom-right');
  });

  test('"Close survey" inside the shadow root: dismiss, host removed, onClose("dismissed") once', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const { sdk, dismiss, markHidden } = fakeSdk();
    const { host, close } = await mountForTest(sdk, DELIVERY, { onClose });
    await user.click(shadow(host).q.getByRole('button', { name: 'Close survey' }));
    expect(dismiss.mock.calls).toEqual([['order-1042']]);
    expect(host.isConnected).toBe(false);
    expect(onClose.mock.calls).toEqual([['dismissed']]);
    close();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(markHidden).not.toHaveBeenCalled();
  });

  test.each(['bottom-right', 'center'] as const)('%s: Escape with focus in the survey closes and dismisses it', async (placement) => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const { sdk, dismiss } = fakeSdk();
    const { host } = await mountForTest(sdk, DELIVERY, { onClose, placement });
    // A centred survey takes focus itself; in a corner the customer has to go there.
    if (placement !== 'center') shadow(host).q.getByRole('button', { name: 'Remind me later' }).focus();
    await user.keyboard('{Escape}');
    expect(host.isConnected).toBe(false);
    expect(dismiss.mock.calls).toEqual([['order-1042']]);
    expect(onClose.mock.calls).toEqual([['dismissed']]);
  });

  test('"Remind me later": dismiss(id, { later: true }), host removed, onClose("later")', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const { sdk, dismiss, markHidden } = fakeSdk();
    const { host } = await mountForTest(sdk, DELIVERY, { onClose });
    await user.click(shadow(host).q.getByRole('button', { name: 'Remind me later' }));
    expect(dismiss.mock.calls).toEqual([['order-1042', { later: true }]]);
    expect(host.isConnected).toBe(false);
    expect(onClose.mock.calls).toEqual([['later']]);
    expect(markHidden).not.toHaveBeenCalled();
  });

  test('close() from outside before a score: markHidden, host removed, onClose("hidden") once; no dismissal', async () => {
    const onClose = vi.fn();
    const { sdk, dismiss, markHidden } = fakeSdk();
    const { host, close } = await mountForTest(sdk, DELIVERY, { onClose });
    close();
    expect(markHidden.mock.calls).toEqual([['order-1042']]);
    expect(host.isConnected).toBe(false);
    expect(document.querySelector('aftercare-survey')).toBeNull();
    expect(onClose.mock.calls).toEqual([['hidden']]);
    // The Preact tree was unmounted too.
    expect(host.shadowRoot!.querySelector('[role="dialog"]')).toBeNull();
    close();
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(markHidden).toHaveBeenCalledTimes(1);
    // Closing programmatically is not the customer dismissing the survey.
    expect(dismiss).not.toHaveBeenCalled();
  });

  test('close() from outside after a score: no markHidden, onClose("answered")', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const { sdk, markHidden, dismiss } = fakeSdk();
    const { host, close } = await mountForTest(sdk, DELIVERY, { onClose });
    await user.click(shadow(host).q.getByRole('radio', { name: '2 Dissatisfied' }));
    close();
    expect(markHidden).not.toHaveBeenCalled();
    expect(dismiss).not.toHaveBeenCalled();
    expect(onClose.mock.calls).toEqual([['answered']]);
  });

  test('a failing markHidden is logged', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { sdk, markHidden } = fakeSdk();
    markHidden.mockRejectedValueOnce(new Error('db closed'));
    const { close } = await mountForTest(sdk, DELIVERY);
    close();
    await waitFor(() => expect(error).toHaveBeenCalledWith('[aftercare] could not record the hiding:', expect.any(Error)));
  });

  test('a full answer through the shadow root, then Escape closes without dismissing', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const { sdk, answer, dismiss } = fakeSdk();
    const { host } = await mountForTest(sdk, { ...DELIVERY, id: 'd-7', surveys: ['csat', 'nps'] }, { onClose, subject: 'your washing machine repair' });
    const { root, q } = shadow(host);
    expect(q.getByRole('dialog', { name: 'How satisfied are you with your washing machine repair?' })).toBeTruthy();

    await user.click(q.getByRole('radio', { name: '4 Satisfied' }));
    const nps = await q.findByRole('group', { name: 'How likely are you to recommend your washing machine repair to a friend or colleague?' });
    await user.click(within(nps).getByRole('radio', { name: '8' }));
    await user.type(q.getByRole('textbox', { name: 'What could we do better? (optional)' }), 'Fine');
    const send = q.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    await waitFor(() => expect(send.getAttribute('aria-disabled')).toBeNull());
    await user.click(send);
    expect(answer.mock.calls.map((c) => c[0])).toEqual([
      { deliveryId: 'd-7', csat: 4, complete: false },
      { deliveryId: 'd-7', nps: 8, complete: false },
      { deliveryId: 'd-7', csat: 4, nps: 8, comment: 'Fine', complete: true },
    ]);
    expect(await q.findByRole('dialog', { name: 'Thank you for your feedback!' })).toBeTruthy();
    // Focus moved to the close button inside the shadow root (the document sees the host).
    expect(root.activeElement).toBe(q.getByRole('button', { name: 'Close survey' }));
    expect(document.activeElement).toBe(host);

    await user.keyboard('{Escape}');
    expect(host.isConnected).toBe(false);
    expect(onClose.mock.calls).toEqual([['answered']]);
    expect(dismiss).not.toHaveBeenCalled();
  });

  test('two surveys mounted at once keep separate radio groups and ids', async () => {
    const user = userEvent.setup();
    const { sdk, answer } = fakeSdk();
    const a = await mountForTest(sdk, { ...DELIVERY, id: 'a' });
    const b = await mountForTest(sdk, { ...DELIVERY, id: 'b' });
    await user.click(shadow(a.host).q.getByRole('radio', { name: '2 Dissatisfied' }));
    await user.click(shadow(b.host).q.getByRole('radio', { name: '5 Very satisfied' }));
    expect((shadow(a.host).q.getByRole('radio', { name: '2 Dissatisfied' }) as HTMLInputElement).checked).toBe(true);
    expect((shadow(b.host).q.getByRole('radio', { name: '5 Very satisfied' }) as HTMLInputElement).checked).toBe(true);
    expect(answer.mock.calls.map((c) => c[0])).toEqual([
      { deliveryId: 'a', csat: 2, complete: false },
      { deliveryId: 'b', csat: 5, complete: false },
    ]);
  });

  test('csatStyle reaches the survey', async () => {
    const { host } = await mountForTest(fakeSdk().sdk, DELIVERY, { csatStyle: 'faces' });
    const { q } = shadow(host);
    expect(q.getByRole('group', { name: CSAT_Q }).classList.contains('faces')).toBe(true);
    expect(q.getByRole('radio', { name: '1 Very dissatisfied' })).toBeTruthy();
  });
});

describe('placement', () => {
  test.each(['bottom-right', 'bottom-left'] as const)('%s: a non-modal dialog in <body>', async (placement) => {
    const { host } = await mountForTest(fakeSdk().sdk, DELIVERY, { placement });
    expect(host.getAttribute('data-placement')).toBe(placement);
    expect(host.parentNode).toBe(document.body);
    const dialog = shadow(host).q.getByRole('dialog', { name: CSAT_Q });
    expect(dialog.hasAttribute('aria-modal')).toBe(false);
    expect(host.shadowRoot!.querySelector('.bd')).toBeNull();
  });

  test('default placement is bottom-right', async () => {
    const { host } = await mountForTest(fakeSdk().sdk, DELIVERY);
    expect(host.getAttribute('data-placement')).toBe('bottom-right');
  });

  test('center: a modal dialog over a backdrop inside the shadow root', async () => {
    const { host } = await mountForTest(fakeSdk().sdk, DELIVERY, { placement: 'center' });
    expect(host.getAttribute('data-placement')).toBe('center');
    const { root, q } = shadow(host);
    expect(q.getByRole('dialog', { name: CSAT_Q }).getAttribute('aria-modal')).toBe('true');
    const backdrop = root.querySelector('.bd');
    expect(backdrop).not.toBeNull();
    expect(backdrop!.nextElementSibling).toBe(q.getByRole('dialog'));
    expect(document.querySelector('.bd')).toBeNull();
  });

  test('inline: in flow inside the container', async () => {
    const container = document.createElement('div');
    container.id = 'feedback';
    document.body.append(document.createElement('p'), container, document.createElement('footer'));
    const { host } = await mountForTest(fakeSdk().sdk, DELIVERY, { placement: 'inline', container });
    expect(host.parentNode).toBe(container);
    expect(host.getAttribute('data-placement')).toBe('inline');
    expect(shadow(host).q.getByRole('dialog', { name: CSAT_Q }).hasAttribute('aria-modal')).toBe(false);
    expect(css).toContain(':host([data-placement=inline]){position:relative!important');
  });

  test('inline without a container rejects with an AftercareError and mounts nothing', async () => {
    const { sdk, markShown } = fakeSdk();
    const err = await mountSurvey(sdk, DELIVERY, { placement: 'inline' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AftercareError);
    expect((err as AftercareError).message).toBe('[aftercare] placement: expected a container element for inline placement');
    expect((err as AftercareError).field).toBe('placement');
    expect(document.querySelector('aftercare-survey')).toBeNull();
    expect(markShown).not.toHaveBeenCalled();
  });
});

describe('focus', () => {
  test('bottom-right does not take focus from the page', async () => {
    const page = focusedPageButton();
    await mountForTest(fakeSdk().sdk, DELIVERY);
    expect(document.activeElement).toBe(page);
  });

  test('center moves focus to the first option, and gives it back when the survey closes', async () => {
    const user = userEvent.setup();
    const page = focusedPageButton();
    const { host } = await mountForTest(fakeSdk().sdk, DELIVERY, { placement: 'center' });
    const { root, q } = shadow(host);
    expect(document.activeElement).toBe(host);
    expect(root.activeElement).toBe(q.getByRole('radio', { name: '1 Very dissatisfied' }));
    await user.keyboard('{Escape}');
    expect(host.isConnected).toBe(false);
    expect(document.activeElement).toBe(page);
  });

  test('center with focus: false leaves focus alone', async () => {
    const page = focusedPageButton();
    await mountForTest(fakeSdk().sdk, DELIVERY, { placement: 'center', focus: false });
    expect(document.activeElement).toBe(page);
  });

  test('focus: true on a corner survey moves focus in; close() from outside returns it', async () => {
    const page = focusedPageButton();
    const { host, close } = await mountForTest(fakeSdk().sdk, DELIVERY, { focus: true });
    expect(document.activeElement).toBe(host);
    expect(host.shadowRoot!.activeElement).toBe(shadow(host).q.getByRole('radio', { name: '1 Very dissatisfied' }));
    close();
    expect(document.activeElement).toBe(page);
  });

  test('focus returns only when it was moved in', async () => {
    const user = userEvent.setup();
    const page = focusedPageButton();
    const other = document.createElement('input');
    document.body.appendChild(other);
    const { host } = await mountForTest(fakeSdk().sdk, DELIVERY);
    await user.click(shadow(host).q.getByRole('radio', { name: '3 Neutral' }));
    other.focus();
    await user.click(shadow(host).q.getByRole('button', { name: 'Close survey' }));
    expect(document.activeElement).not.toBe(page);
  });
});

describe('locale and direction', () => {
  test('the SDK locale by default, opts.locale overrides it; lang on the host and the dialog', async () => {
    const zh = fakeSdk('zh-CN');
    const a = await mountForTest(zh.sdk, DELIVERY);
    expect(a.host.getAttribute('lang')).toBe('zh-CN');
    const dialogA = shadow(a.host).q.getByRole('dialog', { name: '您对我们的服务的满意程度如何？' });
    expect(dialogA.getAttribute('lang')).toBe('zh-CN');
    expect(shadow(a.host).q.getByRole('button', { name: '关闭问卷' })).toBeTruthy();
    expect(shadow(a.host).q.getByRole('radio', { name: '5 非常满意' })).toBeTruthy();

    const b = await mountForTest(zh.sdk, DELIVERY, { locale: 'en-GB' });
    expect(b.host.getAttribute('lang')).toBe('en-GB');
    expect(shadow(b.host).q.getByRole('dialog', { name: CSAT_Q }).getAttribute('lang')).toBe('en-GB');
    // en-GB also gives British dates.
    expect(shadow(b.host).q.getByText('Delivered on 20 Nov 2026')).toBeTruthy();
  });

  test('a list of preferred tags is negotiated in order', async () => {
    const { host } = await mountForTest(fakeSdk('de-DE').sdk, DELIVERY, { locale: ['xx-XX', 'zh-Hant-HK', 'en'] });
    const zhTW = (await loadStrings('zh-TW')).strings;
    expect(host.getAttribute('lang')).toBe('zh-TW');
    expect(shadow(host).q.getByRole('dialog', { name: zhTW.csatQuestion.replace('{subject}', zhTW.subject) })).toBeTruthy();
  });

  test('the default preference is the SDK locale, then navigator.languages', async () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['zh-CN']);
    const { host } = await mountForTest(fakeSdk('').sdk, DELIVERY);
    const expected = (await loadStrings(['', 'zh-CN'])).locale;
    expect(host.getAttribute('lang')).toBe(expected);
  });

  // WCAG 3.1.2: lang names the language of the strings actually shown, not the one requested.
  test('lang matches the shown strings: English for an unsupported locale, the built-in locale for another region or a malformed tag', async () => {
    const { host } = await mountForTest(fakeSdk('xx-XX').sdk, DELIVERY);
    expect(shadow(host).q.getByRole('dialog', { name: CSAT_Q }).getAttribute('lang')).toBe('en');
    // Portuguese from Portugal gets the Brazilian strings: lang says pt-BR.
    const { host: pt } = await mountForTest(fakeSdk('pt-PT').sdk, DELIVERY);
    expect(pt.getAttribute('lang')).toBe('pt-BR');
    expect(shadow(pt).q.getByRole('dialog').getAttribute('lang')).toBe('pt-BR');
    const { host: bad } = await mountForTest(fakeSdk('zh_CN').sdk, DELIVERY);
    expect(bad.getAttribute('lang')).toBe('zh-CN');
    // A regional variant of a built-in language keeps its region (dates in its format).
    const { host: de } = await mountForTest(fakeSdk('de-AT').sdk, DELIVERY);
    expect(de.getAttribute('lang')).toBe('de-AT');
  });

  test('merchant-supplied strings keep the requested language tag', async () => {
    const { host } = await mountForTest(fakeSdk('de-DE').sdk, DELIVERY, { strings: { close: 'Schließen' } });
    expect(host.getAttribute('lang')).toBe('de-DE');
    expect(shadow(host).q.getByRole('dialog').getAttribute('lang')).toBe('de-DE');
    expect(shadow(host).q.getByRole('button', { name: 'Schließen' })).toBeTruthy();
  });

  test('opts.strings overrides built-in texts and opts.subject names the subject', async () => {
    const { host } = await mountForTest(fakeSdk().sdk, DELIVERY, { strings: { close: 'Not now' }, subject: 'your delivery' });
    const { q } = shadow(host);
    expect(q.getByRole('button', { name: 'Not now' })).toBeTruthy();
    expect(q.getByRole('dialog', { name: 'How satisfied are you with your delivery?' })).toBeTruthy();
  });

  test("locale 'ar': Arabic strings, dir=rtl and lang on the host and the dialog", async () => {
    const ar = (await loadStrings('ar')).strings;
    const { host } = await mountForTest(fakeSdk().sdk, DELIVERY, { locale: 'ar' });
    expect(host.getAttribute('dir')).toBe('rtl');
    expect(host.getAttribute('lang')).toBe('ar');
    const { q } = shadow(host);
    const dialog = q.getByRole('dialog', { name: 'ما مدى رضاك عن خدمتنا؟' });
    expect(dialog.getAttribute('dir')).toBe('rtl');
    expect(q.getByRole('button', { name: 'إغلاق الاستبيان' })).toBeTruthy();
    expect(q.getByRole('button', { name: 'ذكّرني لاحقًا' })).toBeTruthy();
    expect(q.getByRole('radio', { name: `${formatNumber(4, 'ar')} ${ar.csatLabels[3]}` })).toBeTruthy();
  });

  test("'ar-EG': Arabic-Indic digits in names and description; values and stored scores stay integers", async () => {
    const user = userEvent.setup();
    const ar = (await loadStrings('ar')).strings;
    const { sdk, answer } = fakeSdk();
    const { host } = await mountForTest(sdk, DELIVERY, { locale: ['ar-EG', 'en'] });
    expect(host.getAttribute('lang')).toBe('ar-EG');
    expect(host.getAttribute('dir')).toBe('rtl');
    const { q } = shadow(host);
    const four = q.getByRole('radio', { name: `٤ ${ar.csatLabels[3]}` }) as HTMLInputElement;
    expect(four.value).toBe('4');
    expect(describedByText(q.getByRole('group'))).toBe(`١ ${ar.csatLabels[0]} – ٥ ${ar.csatLabels[4]}`);
    await user.click(four);
    expect(answer).toHaveBeenCalledWith({ deliveryId: 'order-1042', csat: 4, complete: false });
  });

  test('the CSS mirrors for right-to-left with logical properties', () => {
    expect(css).toContain('inset-inline-end');
    expect(css).toContain('padding-inline-end');
    expect(css).toContain('text-align:start');
    expect(css).not.toMatch(/[{;](?:margin|padding)-(?:left|right)|[{;](?:left|right):|text-align:(?:left|right)/);
  });
});

describe('theme', () => {
  test('opts.theme goes into the shadow root\'s sheet as custom properties', async () => {
    const { host } = await mountForTest(fakeSdk().sdk, DELIVERY, { theme: { brand: '#ffff00', radius: 4 } });
    const text = sheetText(host);
    expect(text).toContain('--ac-brand:#ffff00!important');
    expect(text).toContain('--ac-on-brand:#111!important');
    expect(text).toContain('--ac-radius:4px!important');
  });

  test('an invalid opts.theme rejects with the field named', async () => {
    const err = await mountSurvey(fakeSdk().sdk, DELIVERY, { theme: { brand: 'red' } }).catch((e: unknown) => e);
    expect((err as Error).message).toBe('[aftercare] theme.brand: expected a hex colour such as #4338ca, got "red"');
    expect(document.querySelector('aftercare-survey')).toBeNull();
  });

  test('merchant CSS variables on the host theme the survey; opts.theme wins over them', async () => {
    const style = document.createElement('style');
    style.textContent = 'aftercare-survey { --aftercare-brand: #e11d48; --aftercare-bg: #0b1020; --aftercare-radius: 2px; --aftercare-font: "Inter", sans-serif }';
    document.head.appendChild(style);
    const { host: a } = await mountForTest(fakeSdk().sdk, DELIVERY);
    const textA = sheetText(a);
    expect(textA).toContain('--ac-brand:#e11d48!important');
    expect(textA).toContain('--ac-bg:#0b1020!important');
    expect(textA).toContain('--ac-radius:2px!important');
    expect(textA).toMatch(/--ac-font:"Inter", ?sans-serif!important/);
    // A background from the merchant turns automatic dark mode off.
    expect(textA).not.toContain('prefers-color-scheme');

    const { host: b } = await mountForTest(fakeSdk().sdk, DELIVERY, { theme: { brand: '#0f766e' } });
    const textB = sheetText(b);
    expect(textB).toContain('--ac-brand:#0f766e!important');
    expect(textB).not.toContain('#e11d48');
    expect(textB).toContain('--ac-bg:#0b1020!important');
  });

  test('an invalid merchant CSS variable is reported and ignored', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const style = document.createElement('style');
    style.textContent = 'aftercare-survey { --aftercare-brand: red }';
    document.head.appendChild(style);
    const { host } = await mountForTest(fakeSdk().sdk, DELIVERY);
    expect(error.mock.calls).toEqual([['[aftercare] --aftercare-brand: expected a hex colour such as #4338ca, got "red"']]);
    expect(sheetText(host)).toContain('--ac-brand:#4338ca!important');
  });
});

describe('on-screen keyboard', () => {
  /** A stand-in for window.visualViewport (jsdom has none). */
  function fakeViewport() {
    const vv = Object.assign(new EventTarget(), { height: window.innerHeight, offsetTop: 0 });
    vi.stubGlobal('visualViewport', vv);
    return vv;
  }

  test('the card is lifted above the keyboard through a custom property on the host; listeners go with the survey', async () => {
    const vv = fakeViewport();
    const remove = vi.spyOn(vv, 'removeEventListener');
    const { host, close } = await mountForTest(fakeSdk().sdk, DELIVERY);
    expect(host.style.getPropertyValue('--ac-kb')).toBe('');
    vv.height = window.innerHeight - 300;
    vv.dispatchEvent(new Event('resize'));
    expect(host.style.getPropertyValue('--ac-kb')).toBe('300px');
    vv.offsetTop = 40;
    vv.dispatchEvent(new Event('scroll'));
    expect(host.style.getPropertyValue('--ac-kb')).toBe('260px');
    vv.height = window.innerHeight;
    vv.offsetTop = 0;
    vv.dispatchEvent(new Event('resize'));
    expect(host.style.getPropertyValue('--ac-kb')).toBe('');

    close();
    expect(remove.mock.calls.map((c) => c[0]).sort()).toEqual(['resize', 'scroll']);
    vv.height = 100;
    vv.dispatchEvent(new Event('resize'));
    expect(host.style.getPropertyValue('--ac-kb')).toBe('');
  });

  test('an inline survey is in flow: no keyboard listener', async () => {
    const vv = fakeViewport();
    const add = vi.spyOn(vv, 'addEventListener');
    const container = document.body.appendChild(document.createElement('div'));
    await mountForTest(fakeSdk().sdk, DELIVERY, { placement: 'inline', container });
    expect(add).not.toHaveBeenCalled();
  });
});

describe('hostile text', () => {
  const IMG = '<img src=x onerror=alert(1)>';
  const JS = 'javascript:alert(1)';
  const RLO = '\u202E';

  test('subject, string overrides and delivery id render as literal text; no element is created', async () => {
    const user = userEvent.setup();
    const { sdk, answer, markShown } = fakeSdk();
    const { host } = await mountForTest(sdk, { ...DELIVERY, id: IMG, surveys: ['csat', 'nps'] }, {
      subject: `${IMG}${RLO}`,
      strings: { later: JS, npsLow: IMG, thanks: JS, csatLabels: [IMG, JS, RLO, 'x', 'y'] },
    });
    const { root, q } = shadow(host);
    expect(q.getByRole('dialog', { name: `How satisfied are you with ${IMG}${RLO}?` })).toBeTruthy();
    expect(q.getByRole('button', { name: JS })).toBeTruthy();
    expect(q.getByRole('radio', { name: `1 ${IMG}` })).toBeTruthy();
    expect(q.getByRole('radio', { name: `3 ${RLO}` })).toBeTruthy();
    await user.click(q.getByRole('radio', { name: `2 ${JS}` }));
    expect(describedByText(q.getByRole('group', { name: `How likely are you to recommend ${IMG}${RLO} to a friend or colleague?` }))).toBe(
      `0 ${IMG} – 10 Extremely likely`,
    );
    expect(markShown).toHaveBeenCalledWith(IMG);
    expect(answer).toHaveBeenCalledWith({ deliveryId: IMG, csat: 2, complete: false });
    expect(root.querySelectorAll('img, a, script')).toHaveLength(0);
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect(host.attributes).toHaveLength(3); // lang, dir, data-placement
  });
});

describe('an invitation link: score, answered, dismissible', () => {
  const BOTH = { ...DELIVERY, surveys: ['csat' as const, 'nps' as const] };
  const NPS_Q = 'How likely are you to recommend our service to a friend or colleague?';

  test('score: its question first, shown chosen, stored at once as if chosen here; Send is offered', async () => {
    const { sdk, answer, markShown } = fakeSdk();
    const { host } = await mountForTest(sdk, BOTH, { score: { kind: 'nps', value: 9 } });
    const { q } = shadow(host);
    expect(q.getByRole('dialog', { name: NPS_Q })).toBeTruthy();
    expect((q.getByRole('radio', { name: '9' }) as HTMLInputElement).checked).toBe(true);
    expect(q.getAllByRole('radio', { checked: true })).toHaveLength(1);
    expect(q.getByRole('button', { name: 'Send' })).toBeTruthy();
    // The next question follows, as after a score chosen here.
    expect(q.getByRole('group', { name: CSAT_Q })).toBeTruthy();
    expect(markShown).toHaveBeenCalledWith('order-1042');
    await waitFor(() => expect(answer).toHaveBeenCalledWith({ deliveryId: 'order-1042', nps: 9, complete: false }));
  });

  test('a score of a question the delivery does not ask is refused naming score', async () => {
    const { sdk } = fakeSdk();
    await expect(mountSurvey(sdk, DELIVERY, { score: { kind: 'nps', value: 9 } })).rejects.toThrow('[aftercare] score: expected the kind of a question the delivery asks, got "nps"');
  });

  test('answered: the thank-you step at once, no display counted, nothing stored', async () => {
    const { sdk, answer, markShown } = fakeSdk();
    const { host, close } = await mountForTest(sdk, DELIVERY, { answered: true, placement: 'inline', container: document.body, dismissible: false });
    const { q } = shadow(host);
    expect(q.getByRole('status').textContent).toBe('Thank you for your feedback!');
    expect(q.getByRole('dialog', { name: 'Thank you for your feedback!' })).toBeTruthy();
    expect(q.queryAllByRole('radio')).toEqual([]);
    expect(q.queryAllByRole('button')).toEqual([]);
    close();
    expect(markShown).not.toHaveBeenCalled();
    expect(answer).not.toHaveBeenCalled();
  });

  test('dismissible: false: no ×, no "Remind me later", Escape leaves it; after Send focus stays on the card', async () => {
    const user = userEvent.setup();
    const { sdk, dismiss } = fakeSdk();
    const onClose = vi.fn();
    const { host } = await mountForTest(sdk, DELIVERY, { placement: 'inline', container: document.body, dismissible: false, onClose });
    const { q } = shadow(host);
    expect(q.queryByRole('button', { name: 'Close survey' })).toBeNull();
    expect(q.queryByRole('button', { name: 'Remind me later' })).toBeNull();
    await user.click(q.getByRole('radio', { name: '4 Satisfied' }));
    await user.keyboard('{Escape}');
    expect(host.isConnected).toBe(true);
    expect(dismiss).not.toHaveBeenCalled();
    await user.click(q.getByRole('button', { name: 'Send' }));
    await q.findByText('Thank you for your feedback!');
    const card = q.getByRole('dialog');
    expect(host.shadowRoot!.activeElement).toBe(card);
    expect(card.getAttribute('tabindex')).toBe('-1');
    expect(onClose).not.toHaveBeenCalled();
  });
});
