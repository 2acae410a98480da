import { waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { css } from '../../widget/styles.ts';
import { describedByText, fakeSdk, mounted, mountForTest } from './fake-sdk.ts';

const DELIVERY = { id: 'order-1042', surveys: ['csat' as const] };
const CSAT_Q = 'How satisfied are you with our service?';

/** Queries inside the host's shadow root (fails if the root is missing or closed). */
function shadow(host: HTMLElement) {
  const root = host.shadowRoot;
  expect(root, 'an open shadow root').not.toBeNull();
  return { root: root!, q: within(root as unknown as HTMLElement) };
}

let headBefore: string;
beforeEach(() => {
  headBefore = document.head.innerHTML;
});

afterEach(() => {
  for (const host of mounted) host.remove();
  mounted.clear();
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('mountSurvey', () => {
  test('appends an <aftercare-survey> host with an open shadow root holding the dialog', () => {
    const { sdk } = fakeSdk();
    const { host } = mountForTest(sdk, DELIVERY);
    expect(host.tagName).toBe('AFTERCARE-SURVEY');
    expect(host.parentNode).toBe(document.body);
    expect(document.body.lastElementChild).toBe(host);
    const { root, q } = shadow(host);
    expect(root.mode).toBe('open');
    const dialog = q.getByRole('dialog', { name: CSAT_Q });
    expect(dialog.getAttribute('lang')).toBe('en');
    expect(q.getAllByRole('radio')).toHaveLength(5);
    // aria-describedby resolves inside the shadow root, where its target lives.
    expect(describedByText(q.getByRole('group', { name: CSAT_Q }))).toBe('1 Very dissatisfied – 5 Very satisfied');
    // Nothing of the UI leaks into the light DOM.
    expect(host.children).toHaveLength(0);
    expect(document.querySelector('[role="dialog"]')).toBeNull();
  });

  test('styles live in the shadow root (adopted sheet or <style>), nothing is added to <head>', () => {
    const { sdk } = fakeSdk();
    const { host } = mountForTest(sdk, DELIVERY);
    const { root } = shadow(host);
    const adopted = 'adoptedStyleSheets' in root ? root.adoptedStyleSheets : [];
    const styleEls = Array.from(root.querySelectorAll('style'));
    // Exactly one of the two mechanisms carries the CSS.
    if (adopted.length > 0) {
      expect(adopted).toHaveLength(1);
      const text = Array.from(adopted[0]!.cssRules, (r) => r.cssText).join('\n');
      expect(text).toContain(':host');
      expect(styleEls).toHaveLength(0);
    } else {
      expect(styleEls).toHaveLength(1);
      expect(styleEls[0]!.textContent).toBe(css);
    }
    // The dialog rendered alongside the styles (the <style> was not replaced by the render).
    expect(within(root as unknown as HTMLElement).getByRole('dialog')).toBeTruthy();
    expect(document.head.innerHTML).toBe(headBefore);
    expect(document.querySelectorAll('style, link[rel="stylesheet"]')).toHaveLength(0);
  });

  test('calls sdk.markShown once with the delivery id', () => {
    const { sdk, markShown, answer, dismiss } = fakeSdk();
    mountForTest(sdk, DELIVERY);
    expect(markShown).toHaveBeenCalledTimes(1);
    expect(markShown).toHaveBeenCalledWith('order-1042');
    expect(answer).not.toHaveBeenCalled();
    expect(dismiss).not.toHaveBeenCalled();
  });

  test('a failing markShown is logged; the survey stays up', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { sdk, markShown } = fakeSdk();
    markShown.mockRejectedValueOnce(new Error('db closed'));
    const { host } = mountForTest(sdk, DELIVERY);
    await waitFor(() => expect(error).toHaveBeenCalledWith('[aftercare] could not record the display:', expect.any(Error)));
    expect(host.isConnected).toBe(true);
    expect(shadow(host).q.getByRole('dialog', { name: CSAT_Q })).toBeTruthy();
  });

  test('opts.container receives the host instead of <body>', () => {
    const container = document.createElement('section');
    document.body.appendChild(container);
    const { sdk } = fakeSdk();
    const { host } = mountForTest(sdk, DELIVERY, { container });
    expect(host.parentNode).toBe(container);
    expect(Array.from(document.body.children)).toEqual([container]);
  });

  test('close() removes the host and calls onClose once; a second close() is a no-op', () => {
    const onClose = vi.fn();
    const { sdk, dismiss } = fakeSdk();
    const { host, close } = mountForTest(sdk, DELIVERY, { onClose });
    close();
    expect(host.isConnected).toBe(false);
    expect(document.querySelector('aftercare-survey')).toBeNull();
    expect(onClose).toHaveBeenCalledTimes(1);
    // The Preact tree was unmounted too.
    expect(host.shadowRoot!.querySelector('[role="dialog"]')).toBeNull();
    close();
    expect(onClose).toHaveBeenCalledTimes(1);
    // Closing programmatically is not the customer dismissing the survey.
    expect(dismiss).not.toHaveBeenCalled();
  });

  test('"Close survey" inside the shadow root: dismiss, host removed, onClose once', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const { sdk, dismiss } = fakeSdk();
    const { host, close } = mountForTest(sdk, DELIVERY, { onClose });
    await user.click(shadow(host).q.getByRole('button', { name: 'Close survey' }));
    expect(dismiss).toHaveBeenCalledTimes(1);
    expect(dismiss).toHaveBeenCalledWith('order-1042');
    expect(host.isConnected).toBe(false);
    expect(onClose).toHaveBeenCalledTimes(1);
    close();
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  test('a full answer through the shadow root, then Escape closes without dismissing', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const { sdk, answer, dismiss } = fakeSdk();
    const { host } = mountForTest(sdk, { id: 'd-7', surveys: ['csat', 'nps'] }, { onClose, subject: 'your washing machine repair' });
    const { root, q } = shadow(host);
    expect(q.getByRole('dialog', { name: 'How satisfied are you with your washing machine repair?' })).toBeTruthy();

    await user.click(q.getByRole('radio', { name: '4 Satisfied' }));
    const nps = await q.findByRole('group', { name: 'How likely are you to recommend your washing machine repair to a friend or colleague?' });
    await user.click(within(nps).getByRole('radio', { name: '8' }));
    await user.type(q.getByRole('textbox', { name: 'Anything you would like to add? (optional)' }), 'Fine');
    const send = q.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    await waitFor(() => expect(send.disabled).toBe(false));
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
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(dismiss).not.toHaveBeenCalled();
  });

  test('locale: the SDK locale by default, opts.locale overrides it; lang is set on the dialog', () => {
    const zh = fakeSdk('zh-CN');
    const a = mountForTest(zh.sdk, DELIVERY);
    const dialogA = shadow(a.host).q.getByRole('dialog', { name: '您对我们的服务的满意程度如何？' });
    expect(dialogA.getAttribute('lang')).toBe('zh-CN');
    expect(shadow(a.host).q.getByRole('button', { name: '关闭问卷' })).toBeTruthy();
    expect(shadow(a.host).q.getByRole('radio', { name: '5 非常满意' })).toBeTruthy();

    const b = mountForTest(zh.sdk, DELIVERY, { locale: 'en-GB' });
    expect(shadow(b.host).q.getByRole('dialog', { name: CSAT_Q }).getAttribute('lang')).toBe('en-GB');
  });

  test('an unsupported locale shows the English strings', () => {
    const { sdk } = fakeSdk('de-DE');
    const { host } = mountForTest(sdk, DELIVERY);
    expect(shadow(host).q.getByRole('dialog', { name: CSAT_Q })).toBeTruthy();
  });

  // WCAG 3.1.2: lang names the language of the strings actually shown, not the one requested.
  test('lang matches the language of the shown strings: English for an unsupported locale, zh-CN for zh-TW', () => {
    const { host } = mountForTest(fakeSdk('de-DE').sdk, DELIVERY);
    expect(shadow(host).q.getByRole('dialog', { name: CSAT_Q }).getAttribute('lang')).toBe('en');
    const { host: zh } = mountForTest(fakeSdk('zh-TW').sdk, DELIVERY);
    expect(shadow(zh).q.getByRole('dialog').getAttribute('lang')).toBe('zh-CN');
  });

  test('merchant-supplied strings keep the requested language tag', () => {
    const { host } = mountForTest(fakeSdk('de-DE').sdk, DELIVERY, { strings: { close: 'Schließen' } });
    expect(shadow(host).q.getByRole('dialog').getAttribute('lang')).toBe('de-DE');
  });

  test('opts.strings overrides built-in texts and opts.subject names the subject', () => {
    const { sdk } = fakeSdk();
    const { host } = mountForTest(sdk, DELIVERY, { strings: { close: 'Not now' }, subject: 'your delivery' });
    const { q } = shadow(host);
    expect(q.getByRole('button', { name: 'Not now' })).toBeTruthy();
    expect(q.getByRole('dialog', { name: 'How satisfied are you with your delivery?' })).toBeTruthy();
  });

  test('two surveys mounted at once keep separate radio groups and ids', async () => {
    const user = userEvent.setup();
    const { sdk, answer } = fakeSdk();
    const a = mountForTest(sdk, { id: 'a', surveys: ['csat'] });
    const b = mountForTest(sdk, { id: 'b', surveys: ['csat'] });
    await user.click(shadow(a.host).q.getByRole('radio', { name: '2 Dissatisfied' }));
    await user.click(shadow(b.host).q.getByRole('radio', { name: '5 Very satisfied' }));
    expect((shadow(a.host).q.getByRole('radio', { name: '2 Dissatisfied' }) as HTMLInputElement).checked).toBe(true);
    expect((shadow(b.host).q.getByRole('radio', { name: '5 Very satisfied' }) as HTMLInputElement).checked).toBe(true);
    expect(answer.mock.calls.map((c) => c[0])).toEqual([
      { deliveryId: 'a', csat: 2, complete: false },
      { deliveryId: 'b', csat: 5, complete: false },
    ]);
  });
});
