import { cleanup, render, screen, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import type { SurveyKind } from '../../sdk/index.ts';
import { loadStrings, type Strings } from '../../widget/strings.ts';
import { Survey, type SurveyProps } from '../../widget/survey.tsx';
import { describedByText, fakeSdk } from './fake-sdk.ts';

const DELIVERY_ID = 'order-1042';
const CSAT_Q = 'How satisfied are you with our service?';
const NPS_Q = 'How likely are you to recommend our service to a friend or colleague?';
const CSAT_NAMES = ['1 Very dissatisfied', '2 Dissatisfied', '3 Neutral', '4 Satisfied', '5 Very satisfied'];
/** The comment prompt after a neutral, a low and a high score. */
const COMMENT = 'What could we do better? (optional)';
const NEGATIVE = 'We are sorry. What went wrong? (optional)';
const POSITIVE = 'Great! What did we do well? (optional)';
const THANKS = 'Thank you for your feedback!';
const SAVE_FAILED = 'Your answer could not be saved. Please try again.';
const LATER = 'Remind me later';

let EN: Strings;
let ZH: Strings;
beforeAll(async () => {
  EN = (await loadStrings('en')).strings;
  ZH = (await loadStrings('zh-CN')).strings;
});

interface Setup extends Partial<Omit<SurveyProps, 'sdk' | 'delivery' | 'onClose'>> {
  surveys?: SurveyKind[];
  id?: string;
  deliveredAt?: string;
}

function setup({ surveys = ['csat'], id = DELIVERY_ID, deliveredAt, strings = EN, lang = 'en', ...rest }: Setup = {}) {
  const fake = fakeSdk();
  const onClose = vi.fn();
  const user = userEvent.setup();
  const view = render(<Survey sdk={fake.sdk} delivery={{ id, surveys, deliveredAt }} strings={strings} lang={lang} onClose={onClose} {...rest} />);
  return { ...fake, onClose, user, view };
}

/** The Send button, once no final save is in flight. */
async function enabledSend(name = 'Send'): Promise<HTMLButtonElement> {
  const send = (await screen.findByRole('button', { name })) as HTMLButtonElement;
  await waitFor(() => expect(send.getAttribute('aria-disabled')).toBeNull());
  return send;
}

/** CSS.escape per https://drafts.csswg.org/cssom/#serialize-an-identifier. */
function cssEscape(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const ch = value.charAt(i);
    if (c === 0) out += '\uFFFD';
    else if ((c >= 0x1 && c <= 0x1f) || c === 0x7f || (i === 0 && c >= 0x30 && c <= 0x39) || (i === 1 && c >= 0x30 && c <= 0x39 && value.charCodeAt(0) === 0x2d))
      out += `\\${c.toString(16)} `;
    else if (i === 0 && value.length === 1 && c === 0x2d) out += `\\${ch}`;
    else if (c >= 0x80 || c === 0x2d || c === 0x5f || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) out += ch;
    else out += `\\${ch}`;
  }
  return out;
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('CSAT survey', () => {
  test('is a dialog named by its question, with five radios named by number and label', () => {
    setup();
    const dialog = screen.getByRole('dialog', { name: CSAT_Q });
    expect(dialog.getAttribute('lang')).toBe('en');

    const group = within(dialog).getByRole('group', { name: CSAT_Q });
    const radios = within(group).getAllByRole('radio') as HTMLInputElement[];
    expect(radios).toHaveLength(5);
    // getByRole with a string name matches the whole computed name exactly.
    CSAT_NAMES.forEach((name, i) => {
      expect(within(group).getByRole('radio', { name })).toBe(radios[i]);
    });
    expect(radios.every((r) => !r.checked)).toBe(true);
    // One native group: every radio shares one name.
    expect(new Set(radios.map((r) => r.name)).size).toBe(1);
  });

  test('the group is described by the two end labels', () => {
    setup();
    const group = screen.getByRole('group', { name: CSAT_Q });
    expect(describedByText(group)).toBe('1 Very dissatisfied – 5 Very satisfied');
  });

  test('no comment box, Send button, alert or thank-you before a score is chosen; "Remind me later" instead', () => {
    setup();
    expect(screen.getByRole('button', { name: LATER })).toBeTruthy();
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('');
  });

  test('score → stored incomplete; comment + Send → stored complete; thank-you names the dialog and takes focus', async () => {
    const { answer, dismiss, onClose, user } = setup();

    await user.click(screen.getByRole('radio', { name: '4 Satisfied' }));
    expect(answer).toHaveBeenCalledTimes(1);
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: DELIVERY_ID, csat: 4, complete: false });
    expect((screen.getByRole('radio', { name: '4 Satisfied' }) as HTMLInputElement).checked).toBe(true);

    const box = await screen.findByRole('textbox', { name: POSITIVE });
    expect(box.tagName).toBe('TEXTAREA');
    expect((box as HTMLTextAreaElement).maxLength).toBe(2000);
    // Once a score is given, snoozing is no longer offered.
    expect(screen.queryByRole('button', { name: LATER })).toBeNull();
    await user.type(box, 'Quick and tidy.');
    const send = await enabledSend();
    await user.click(send);

    expect(answer).toHaveBeenCalledTimes(2);
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: DELIVERY_ID, csat: 4, comment: 'Quick and tidy.', complete: true });

    const status = await screen.findByRole('status');
    await waitFor(() => expect(status.textContent).toBe(THANKS));
    expect(screen.getByRole('dialog', { name: THANKS })).toBeTruthy();
    // The form is gone, focus did not fall to <body>.
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close survey' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(dismiss).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
  });

  test('Send with an empty comment still sends the final revision', async () => {
    const { answer, user } = setup();
    await user.click(screen.getByRole('radio', { name: '2 Dissatisfied' }));
    await user.click(await enabledSend());
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: DELIVERY_ID, csat: 2, comment: '', complete: true });
    await screen.findByText(THANKS);
  });

  test('changing the score stores each choice', async () => {
    const { answer, user } = setup();
    await user.click(screen.getByRole('radio', { name: '2 Dissatisfied' }));
    await user.click(screen.getByRole('radio', { name: '5 Very satisfied' }));
    expect(answer.mock.calls.map((c) => c[0])).toEqual([
      { deliveryId: DELIVERY_ID, csat: 2, complete: false },
      { deliveryId: DELIVERY_ID, csat: 5, complete: false },
    ]);
    expect((screen.getByRole('radio', { name: '2 Dissatisfied' }) as HTMLInputElement).checked).toBe(false);
    expect((screen.getByRole('radio', { name: '5 Very satisfied' }) as HTMLInputElement).checked).toBe(true);
  });

  test('Send stays focusable while a score is saved; a second Send while sending is ignored', async () => {
    const { answer, user } = setup();
    let resolveScore!: () => void;
    answer.mockImplementationOnce((a) => new Promise((r) => (resolveScore = () => r({ ...a, responseId: 'r', revision: 1 }))));
    await user.click(screen.getByRole('radio', { name: '3 Neutral' }));
    const send = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(send.disabled).toBe(false);
    let resolveFinal!: () => void;
    answer.mockImplementationOnce((a) => new Promise((r) => (resolveFinal = () => r({ ...a, responseId: 'r', revision: 2 }))));
    await user.click(send); // queued behind the score's save by the SDK
    expect(answer).toHaveBeenCalledTimes(2);
    expect(send.getAttribute('aria-disabled')).toBe('true');
    await user.click(send);
    expect(answer).toHaveBeenCalledTimes(2);
    resolveScore();
    resolveFinal();
    await screen.findByText('Thank you for your feedback!');
  });

  test('the subject prop appears in the question', () => {
    setup({ subject: 'your washing machine repair' });
    expect(screen.getByRole('dialog', { name: 'How satisfied are you with your washing machine repair?' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'How satisfied are you with your washing machine repair?' })).toBeTruthy();
  });

  test('a hostile subject is rendered as text, never as markup', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const { view, user } = setup({ subject: hostile, surveys: ['csat', 'nps'] });
    expect(screen.getByRole('dialog', { name: `How satisfied are you with ${hostile}?` })).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: '4 Satisfied' }));
    expect(await screen.findByRole('group', { name: `How likely are you to recommend ${hostile} to a friend or colleague?` })).toBeTruthy();
    expect(view.container.querySelector('img')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('NPS survey', () => {
  test('eleven radios named 0..10, the question and both end labels', () => {
    setup({ surveys: ['nps'] });
    const dialog = screen.getByRole('dialog', { name: NPS_Q });
    const group = within(dialog).getByRole('group', { name: NPS_Q });
    const radios = within(group).getAllByRole('radio');
    expect(radios).toHaveLength(11);
    for (let n = 0; n <= 10; n++) expect(within(group).getByRole('radio', { name: String(n) })).toBe(radios[n]);
    // The visible end labels are aria-hidden; screen readers get them from the description.
    expect(within(group).getByText('Not at all likely')).toBeTruthy();
    expect(within(group).getByText('Extremely likely')).toBeTruthy();
    expect(describedByText(group)).toBe('0 Not at all likely – 10 Extremely likely');
    expect(screen.queryByRole('group', { name: CSAT_Q })).toBeNull();
  });

  test('choosing 0 stores nps: 0 (zero is a score, not "nothing")', async () => {
    const { answer, user } = setup({ surveys: ['nps'] });
    await user.click(screen.getByRole('radio', { name: '0' }));
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: DELIVERY_ID, nps: 0, complete: false });
    await user.click(await enabledSend());
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: DELIVERY_ID, nps: 0, comment: '', complete: true });
    await screen.findByText(THANKS);
  });

  test('CSAT + NPS: CSAT first, NPS appears after a CSAT score, both stored incomplete, then one complete revision', async () => {
    const { answer, user } = setup({ surveys: ['csat', 'nps'] });
    const dialog = screen.getByRole('dialog', { name: CSAT_Q });
    expect(within(dialog).getAllByRole('group')).toHaveLength(1);
    expect(screen.queryByRole('group', { name: NPS_Q })).toBeNull();
    expect(screen.getAllByRole('radio')).toHaveLength(5);

    await user.click(screen.getByRole('radio', { name: '5 Very satisfied' }));
    const nps = await screen.findByRole('group', { name: NPS_Q });
    expect(within(nps).getAllByRole('radio')).toHaveLength(11);
    // The dialog keeps its first question as its name.
    expect(screen.getByRole('dialog', { name: CSAT_Q })).toBe(dialog);

    await user.click(within(nps).getByRole('radio', { name: '9' }));
    expect(answer.mock.calls.map((c) => c[0])).toEqual([
      { deliveryId: DELIVERY_ID, csat: 5, complete: false },
      { deliveryId: DELIVERY_ID, nps: 9, complete: false },
    ]);
    // The two groups are separate radio groups: the CSAT choice survives the NPS choice.
    expect((screen.getByRole('radio', { name: '5 Very satisfied' }) as HTMLInputElement).checked).toBe(true);
    expect((within(nps).getByRole('radio', { name: '9' }) as HTMLInputElement).checked).toBe(true);

    await user.type(screen.getByRole('textbox', { name: POSITIVE }), 'ok');
    await user.click(await enabledSend());
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: DELIVERY_ID, csat: 5, nps: 9, comment: 'ok', complete: true });
    await screen.findByText(THANKS);
  });

  test('an empty surveys list falls back to CSAT', () => {
    setup({ surveys: [] });
    expect(screen.getByRole('dialog', { name: CSAT_Q })).toBeTruthy();
    expect(screen.getAllByRole('radio')).toHaveLength(5);
  });
});

describe('closing', () => {
  test('Escape inside the dialog before any score: dismiss(deliveryId) and onClose', async () => {
    const { answer, dismiss, onClose, user } = setup();
    await user.tab();
    expect(screen.getByRole('dialog').contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(dismiss).toHaveBeenCalledTimes(1);
    expect(dismiss).toHaveBeenCalledWith(DELIVERY_ID);
    expect(onClose.mock.calls).toEqual([['dismissed']]);
    expect(answer).not.toHaveBeenCalled();
  });

  test('Escape after a score: onClose but no dismiss (the answer is kept)', async () => {
    const { dismiss, onClose, user } = setup();
    await user.click(screen.getByRole('radio', { name: '4 Satisfied' }));
    expect(screen.getByRole('dialog').contains(document.activeElement)).toBe(true);
    await user.keyboard('{Escape}');
    expect(onClose.mock.calls).toEqual([['answered']]);
    expect(dismiss).not.toHaveBeenCalled();
  });

  test('Escape does not reach the page (stopPropagation)', async () => {
    const { onClose, user } = setup();
    const pageListener = vi.fn();
    document.addEventListener('keydown', pageListener);
    try {
      await user.click(screen.getByRole('radio', { name: '1 Very dissatisfied' }));
      await user.keyboard('{Escape}');
      expect(onClose).toHaveBeenCalledTimes(1);
      expect(pageListener.mock.calls.some(([e]) => (e as KeyboardEvent).key === 'Escape')).toBe(false);
    } finally {
      document.removeEventListener('keydown', pageListener);
    }
  });

  test('Escape with focus outside the dialog does nothing', async () => {
    const { dismiss, onClose, user } = setup();
    expect(document.activeElement).toBe(document.body);
    await user.keyboard('{Escape}');
    expect(onClose).not.toHaveBeenCalled();
    expect(dismiss).not.toHaveBeenCalled();
  });

  test('"Close survey" before any score: dismiss(deliveryId) and onClose', async () => {
    const { dismiss, onClose, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Close survey' }));
    expect(dismiss.mock.calls).toEqual([[DELIVERY_ID]]);
    expect(onClose.mock.calls).toEqual([['dismissed']]);
  });

  test('"Remind me later" before any score: dismiss(deliveryId, { later: true }) and onClose("later")', async () => {
    const { answer, dismiss, onClose, user } = setup();
    await user.click(screen.getByRole('button', { name: LATER }));
    expect(dismiss.mock.calls).toEqual([[DELIVERY_ID, { later: true }]]);
    expect(onClose.mock.calls).toEqual([['later']]);
    expect(answer).not.toHaveBeenCalled();
  });

  test('"Close survey" after a score: onClose but no dismiss', async () => {
    const { dismiss, onClose, user } = setup();
    await user.click(screen.getByRole('radio', { name: '1 Very dissatisfied' }));
    await user.click(screen.getByRole('button', { name: 'Close survey' }));
    expect(onClose.mock.calls).toEqual([['answered']]);
    expect(dismiss).not.toHaveBeenCalled();
  });

  test('"Close survey" on the thank-you: onClose but no dismiss', async () => {
    const { dismiss, onClose, user } = setup();
    await user.click(screen.getByRole('radio', { name: '5 Very satisfied' }));
    await user.click(await enabledSend());
    await screen.findByText(THANKS);
    await user.keyboard('{Enter}'); // focus is on the close button
    expect(onClose.mock.calls).toEqual([['answered']]);
    expect(dismiss).not.toHaveBeenCalled();
  });

  test('a failing dismiss is logged and the survey still closes', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { dismiss, onClose, user } = setup();
    dismiss.mockRejectedValueOnce(new Error('storage gone'));
    await user.click(screen.getByRole('button', { name: 'Close survey' }));
    expect(onClose).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(error).toHaveBeenCalledWith('[aftercare] could not record the dismissal:', expect.any(Error)));
  });
});

describe('keyboard only', () => {
  // Arrow keys in a radio group are emulated by user-event (jsdom itself has no such behaviour), and
  // user-event's emulation calls window.CSS.escape, which jsdom does not provide. Install a
  // CSSOM-conformant CSS.escape for these tests only, and take it away again afterwards.
  // (user-event looks it up on the element's document's window, which is jsdom's own window object.)
  const win = document.defaultView as Window & { CSS?: { escape?: unknown } };
  const original = Object.getOwnPropertyDescriptor(win, 'CSS');
  const hadEscape = typeof win.CSS?.escape === 'function';
  beforeAll(() => {
    if (!hadEscape) Object.defineProperty(win, 'CSS', { configurable: true, writable: true, value: { ...win.CSS, escape: cssEscape } });
  });
  afterAll(() => {
    if (hadEscape) return;
    if (original) Object.defineProperty(win, 'CSS', original);
    else delete win.CSS;
  });

  test('Tab order: close button, then the first radio of the unanswered group', async () => {
    const { answer, user } = setup();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close survey' }));
    await user.tab();
    const first = screen.getByRole('radio', { name: '1 Very dissatisfied' }) as HTMLInputElement;
    expect(document.activeElement).toBe(first);
    // Focusing is not choosing.
    expect(first.checked).toBe(false);
    expect(answer).not.toHaveBeenCalled();
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close survey' }));
  });

  test('Space checks the focused radio and stores it; arrow keys move the choice', async () => {
    const { answer, user } = setup();
    await user.tab();
    await user.tab();
    const r1 = screen.getByRole('radio', { name: '1 Very dissatisfied' }) as HTMLInputElement;
    const r2 = screen.getByRole('radio', { name: '2 Dissatisfied' }) as HTMLInputElement;
    expect(document.activeElement).toBe(r1);

    await user.keyboard(' ');
    expect(r1.checked).toBe(true);
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: DELIVERY_ID, csat: 1, complete: false });

    // user-event emulates the browser's radio-group arrow keys (same `name` → same group).
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(r2);
    expect(r2.checked).toBe(true);
    expect(r1.checked).toBe(false);
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: DELIVERY_ID, csat: 2, complete: false });

    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(r1);
    expect(r1.checked).toBe(true);
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: DELIVERY_ID, csat: 1, complete: false });
    expect(answer).toHaveBeenCalledTimes(3);
  });

  test('Tab from the checked radio reaches the comment box, then Send; Enter on Send submits', async () => {
    const { answer, user } = setup();
    await user.tab();
    await user.tab();
    await user.keyboard(' ');
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}'); // 1 → 4
    expect((screen.getByRole('radio', { name: '4 Satisfied' }) as HTMLInputElement).checked).toBe(true);

    await user.tab();
    const box = screen.getByRole('textbox', { name: POSITIVE });
    expect(document.activeElement).toBe(box);
    await user.keyboard('Fast service');

    await user.tab();
    const send = await enabledSend();
    expect(document.activeElement).toBe(send);
    await user.keyboard('{Enter}');

    expect(answer).toHaveBeenLastCalledWith({ deliveryId: DELIVERY_ID, csat: 4, comment: 'Fast service', complete: true });
    await screen.findByText(THANKS);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close survey' }));
  });

  test('Enter on a radio chooses it, like Space, and does not submit', async () => {
    const { answer, user } = setup();
    const radio = screen.getByRole('radio', { name: '4 Satisfied' }) as HTMLInputElement;
    radio.focus();
    await user.keyboard('{Enter}');
    expect(radio.checked).toBe(true);
    expect(answer).toHaveBeenCalledTimes(1);
    expect(answer).toHaveBeenLastCalledWith(expect.objectContaining({ csat: 4, complete: false }));
    await user.keyboard('{Enter}');
    expect(answer).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status').textContent).toBe('');
  });

  test('Enter in the comment box adds a line instead of submitting', async () => {
    const { answer, user } = setup();
    await user.click(screen.getByRole('radio', { name: '3 Neutral' }));
    const box = screen.getByRole('textbox', { name: COMMENT }) as HTMLTextAreaElement;
    await user.click(box);
    await user.keyboard('a{Enter}b');
    expect(box.value).toBe('a\nb');
    expect(answer).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('status').textContent).toBe('');
  });
});

describe('zh-CN', () => {
  test('every text in Simplified Chinese, lang="zh-CN" on the dialog', async () => {
    const { answer, user } = setup({ strings: ZH, lang: 'zh-CN' });
    const dialog = screen.getByRole('dialog', { name: '您对我们的服务的满意程度如何？' });
    expect(dialog.getAttribute('lang')).toBe('zh-CN');
    const names = ['1 非常不满意', '2 不满意', '3 一般', '4 满意', '5 非常满意'];
    const radios = screen.getAllByRole('radio');
    expect(radios).toHaveLength(5);
    names.forEach((name, i) => expect(screen.getByRole('radio', { name })).toBe(radios[i]));
    expect(describedByText(screen.getByRole('group', { name: '您对我们的服务的满意程度如何？' }))).toBe('1 非常不满意 – 5 非常满意');
    expect(screen.getByRole('button', { name: '关闭问卷' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '稍后提醒我' })).toBeTruthy();

    await user.click(screen.getByRole('radio', { name: '4 满意' }));
    await user.type(screen.getByRole('textbox', { name: '太好了！我们哪里做得好？（选填）' }), '很好');
    await user.click(await enabledSend('提交'));
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: DELIVERY_ID, csat: 4, comment: '很好', complete: true });
    await screen.findByText('感谢您的反馈！');
    expect(screen.getByRole('dialog', { name: '感谢您的反馈！' })).toBe(dialog);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: '关闭问卷' }));
  });

  test('NPS question and end labels in Chinese', () => {
    setup({ strings: ZH, lang: 'zh-CN', surveys: ['nps'] });
    const group = screen.getByRole('group', { name: '您有多大可能向朋友或同事推荐我们的服务？' });
    expect(describedByText(group)).toBe('0 完全不可能 – 10 极有可能');
  });
});

describe('save failures', () => {
  let error: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    error = vi.spyOn(console, 'error').mockImplementation(() => {});
  });

  test('a rejected score save shows an alert and no thank-you', async () => {
    const { answer, user } = setup();
    answer.mockRejectedValue(new Error('QuotaExceededError'));
    await user.click(screen.getByRole('radio', { name: '4 Satisfied' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(SAVE_FAILED);
    expect(screen.getByRole('dialog').contains(alert)).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('');
    expect(screen.queryByText(THANKS)).toBeNull();
    expect(error).toHaveBeenCalledWith('[aftercare] could not save the answer:', expect.any(Error));
  });

  test('a rejected final save keeps the form, and a retry that succeeds clears the alert and thanks', async () => {
    const { answer, user } = setup();
    await user.click(screen.getByRole('radio', { name: '4 Satisfied' }));
    await user.type(screen.getByRole('textbox', { name: POSITIVE }), 'keep me');

    answer.mockRejectedValueOnce(new Error('boom'));
    await user.click(await enabledSend());
    expect((await screen.findByRole('alert')).textContent).toBe(SAVE_FAILED);
    expect(screen.queryByText(THANKS)).toBeNull();
    expect((screen.getByRole('textbox', { name: POSITIVE }) as HTMLTextAreaElement).value).toBe('keep me');
    expect(error).toHaveBeenCalledTimes(1);

    await user.click(await enabledSend());
    await screen.findByText(THANKS);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(answer).toHaveBeenCalledTimes(3);
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: DELIVERY_ID, csat: 4, comment: 'keep me', complete: true });
  });
});

describe('comment prompt follows the score', () => {
  test.each([
    [['csat'], '1 Very dissatisfied', NEGATIVE],
    [['csat'], '2 Dissatisfied', NEGATIVE],
    [['csat'], '3 Neutral', COMMENT],
    [['csat'], '4 Satisfied', POSITIVE],
    [['csat'], '5 Very satisfied', POSITIVE],
    [['nps'], '0', NEGATIVE],
    [['nps'], '6', NEGATIVE],
    [['nps'], '7', COMMENT],
    [['nps'], '8', COMMENT],
    [['nps'], '9', POSITIVE],
    [['nps'], '10', POSITIVE],
  ] as const)('%j %s → %s', async (surveys, radio, prompt) => {
    const { user } = setup({ surveys: [...surveys] });
    await user.click(screen.getByRole('radio', { name: radio }));
    expect(screen.getByRole('textbox', { name: prompt })).toBeTruthy();
  });

  test('with both surveys the NPS score decides once given, and the prompt changes with the score', async () => {
    const { user } = setup({ surveys: ['csat', 'nps'] });
    await user.click(screen.getByRole('radio', { name: '5 Very satisfied' }));
    const box = screen.getByRole('textbox', { name: POSITIVE });
    await user.type(box, 'kept');
    const nps = screen.getByRole('group', { name: NPS_Q });
    await user.click(within(nps).getByRole('radio', { name: '3' }));
    // The same box, relabelled; what was typed stays.
    expect(screen.getByRole('textbox', { name: NEGATIVE })).toBe(box);
    expect((box as HTMLTextAreaElement).value).toBe('kept');
    await user.click(within(nps).getByRole('radio', { name: '7' }));
    expect(screen.getByRole('textbox', { name: COMMENT })).toBe(box);
  });
});

describe('CSAT styles', () => {
  test.each(['stars', 'faces'] as const)('%s: native radios keep the names "1 Very dissatisfied"…, the description stays, icons are hidden', async (csatStyle) => {
    const { answer, user, view } = setup({ csatStyle });
    const group = screen.getByRole('group', { name: CSAT_Q });
    expect(group.classList.contains(csatStyle)).toBe(true);
    const radios = within(group).getAllByRole('radio') as HTMLInputElement[];
    expect(radios).toHaveLength(5);
    CSAT_NAMES.forEach((name, i) => {
      expect(within(group).getByRole('radio', { name })).toBe(radios[i]);
      expect(radios[i]!.type).toBe('radio');
      expect(radios[i]!.value).toBe(String(i + 1));
    });
    expect(describedByText(group)).toBe('1 Very dissatisfied – 5 Very satisfied');
    // One inline SVG per option, hidden from assistive technology; no emoji or font glyphs.
    const svgs = view.container.querySelectorAll('svg');
    expect(svgs).toHaveLength(5);
    svgs.forEach((svg) => expect(svg.getAttribute('aria-hidden')).toBe('true'));
    // The visible end labels (aria-hidden; the description carries them for screen readers).
    expect(within(group).getByText('Very dissatisfied', { selector: '.ends span' })).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: '4 Satisfied' }));
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: DELIVERY_ID, csat: 4, complete: false });
  });

  test('stars are filled up to the chosen value', async () => {
    const { user, view } = setup({ csatStyle: 'stars' });
    const filled = () => Array.from(view.container.querySelectorAll('.opt'), (o) => o.classList.contains('on'));
    expect(filled()).toEqual([false, false, false, false, false]);
    await user.click(screen.getByRole('radio', { name: '3 Neutral' }));
    expect(filled()).toEqual([true, true, true, false, false]);
    await user.click(screen.getByRole('radio', { name: '1 Very dissatisfied' }));
    expect(filled()).toEqual([true, false, false, false, false]);
  });

  test('faces go from a frown to a smile', () => {
    const { view } = setup({ csatStyle: 'faces' });
    // The mouth's control point is below its corners for a smile (SVG y grows downwards).
    const bend = Array.from(view.container.querySelectorAll('svg path'), (p) => {
      const [, corner, control] = /M7\.5 ([\d.]+)Q12 ([\d.]+)/.exec(p.getAttribute('d') ?? '') ?? [];
      return Number(control) - Number(corner);
    });
    expect(bend).toEqual([-5, -2.5, 0, 2.5, 5]);
  });

  test('NPS stays 0–10 numbers whatever the CSAT style', async () => {
    const { user, view } = setup({ csatStyle: 'stars', surveys: ['csat', 'nps'] });
    await user.click(screen.getByRole('radio', { name: '5 Very satisfied' }));
    const nps = screen.getByRole('group', { name: NPS_Q });
    for (let n = 0; n <= 10; n++) expect(within(nps).getByRole('radio', { name: String(n) })).toBeTruthy();
    expect(nps.querySelectorAll('svg')).toHaveLength(0);
    expect(view.container.querySelectorAll('svg')).toHaveLength(5);
  });
});

describe('locale formats', () => {
  test('"Delivered on {date}" under the first question, in the locale\'s date format', () => {
    const { view: us } = setup({ deliveredAt: '2026-11-20T12:00:00Z', surveys: ['csat', 'nps'] });
    const note = within(us.container as HTMLElement).getByText('Delivered on Nov 20, 2026');
    expect(note.previousElementSibling).toBe(within(us.container as HTMLElement).getByText(CSAT_Q, { selector: 'legend' }));
    const { view } = setup({ deliveredAt: '2026-11-20T12:00:00Z', lang: 'en-GB' });
    expect(within(view.container as HTMLElement).getByText('Delivered on 20 Nov 2026')).toBeTruthy();
  });

  test('no date line without a valid deliveredAt', () => {
    const { view } = setup({ deliveredAt: 'not a date' });
    expect(view.container.textContent).not.toContain('Delivered on');
  });

  test('numbers in the locale\'s digits; radio values and stored scores stay integers', async () => {
    const { answer, user } = setup({ lang: 'ar-EG', surveys: ['csat', 'nps'], deliveredAt: '2026-11-20T12:00:00Z' });
    const four = screen.getByRole('radio', { name: '٤ Satisfied' }) as HTMLInputElement;
    expect(four.value).toBe('4');
    expect(describedByText(screen.getByRole('group', { name: CSAT_Q }))).toBe('١ Very dissatisfied – ٥ Very satisfied');
    expect(screen.getByText(`Delivered on ${new Intl.DateTimeFormat('ar-EG', { dateStyle: 'medium' }).format(new Date('2026-11-20T12:00:00Z'))}`)).toBeTruthy();
    await user.click(four);
    const ten = screen.getByRole('radio', { name: '١٠' }) as HTMLInputElement;
    expect(ten.value).toBe('10');
    await user.click(ten);
    expect(answer.mock.calls.map((c) => c[0])).toEqual([
      { deliveryId: DELIVERY_ID, csat: 4, complete: false },
      { deliveryId: DELIVERY_ID, nps: 10, complete: false },
    ]);
  });

  test('dir is set on the dialog', () => {
    setup({ dir: 'rtl' });
    expect(screen.getByRole('dialog').getAttribute('dir')).toBe('rtl');
  });
});

describe('modal and focus', () => {
  test('not modal by default: no aria-modal, focus stays where it was', () => {
    setup();
    expect(screen.getByRole('dialog').hasAttribute('aria-modal')).toBe(false);
    expect(document.activeElement).toBe(document.body);
  });

  test('autoFocus puts focus on the first option without choosing it', () => {
    const { answer } = setup({ autoFocus: true });
    const first = screen.getByRole('radio', { name: '1 Very dissatisfied' }) as HTMLInputElement;
    expect(document.activeElement).toBe(first);
    expect(first.checked).toBe(false);
    expect(answer).not.toHaveBeenCalled();
  });

  test('modal: aria-modal="true" and Tab / Shift+Tab wrap around inside the dialog', async () => {
    const { user } = setup({ modal: true, autoFocus: true });
    expect(screen.getByRole('dialog').getAttribute('aria-modal')).toBe('true');
    const close = screen.getByRole('button', { name: 'Close survey' });
    const later = screen.getByRole('button', { name: LATER });
    later.focus();
    await user.keyboard('{Tab}');
    expect(document.activeElement).toBe(close);
    await user.keyboard('{Shift>}{Tab}{/Shift}');
    expect(document.activeElement).toBe(later);

    // After a score the last button is Send.
    await user.click(screen.getByRole('radio', { name: '2 Dissatisfied' }));
    const send = screen.getByRole('button', { name: 'Send' });
    send.focus();
    await user.keyboard('{Tab}');
    expect(document.activeElement).toBe(close);
    await user.keyboard('{Shift>}{Tab}{/Shift}');
    expect(document.activeElement).toBe(send);
  });

  test('modal thank-you: Tab stays on the only button', async () => {
    const { user } = setup({ modal: true });
    await user.click(screen.getByRole('radio', { name: '5 Very satisfied' }));
    await user.click(await enabledSend());
    await screen.findByText(THANKS);
    const close = screen.getByRole('button', { name: 'Close survey' });
    expect(document.activeElement).toBe(close);
    await user.keyboard('{Tab}');
    expect(document.activeElement).toBe(close);
  });

  test('focusing the comment box scrolls it into view (the on-screen keyboard may cover it)', async () => {
    const scroll = vi.fn();
    const proto = HTMLElement.prototype as unknown as { scrollIntoView?: unknown };
    const had = Object.getOwnPropertyDescriptor(proto, 'scrollIntoView');
    proto.scrollIntoView = scroll;
    try {
      const { user } = setup();
      await user.click(screen.getByRole('radio', { name: '3 Neutral' }));
      await user.click(screen.getByRole('textbox', { name: COMMENT }));
      expect(scroll).toHaveBeenCalledWith({ block: 'nearest' });
    } finally {
      if (had) Object.defineProperty(proto, 'scrollIntoView', had);
      else delete proto.scrollIntoView;
    }
  });
});

describe('hostile text is rendered as text', () => {
  const IMG = '<img src=x onerror=alert(1)>';
  const JS = 'javascript:alert(1)';
  const RLO = '\u202Egnp.exe';

  test('in strings overrides, subject and delivery id: literal text, no element created', async () => {
    const strings: Strings = {
      ...EN,
      csatQuestion: `${IMG} {subject}?`,
      csatLabels: [IMG, JS, RLO, 'Four', 'Five'],
      later: JS,
      close: RLO,
      deliveredOn: `${IMG} {date}`,
      commentNegative: IMG,
      send: JS,
      thanks: `${IMG}${RLO}`,
    };
    const { answer, user, view } = setup({ strings, subject: `${RLO}${JS}`, id: IMG, deliveredAt: '2026-11-20T12:00:00Z' });
    expect(screen.getByRole('dialog', { name: `${IMG} ${RLO}${JS}?` })).toBeTruthy();
    expect(screen.getByRole('radio', { name: `1 ${IMG}` })).toBeTruthy();
    expect(screen.getByRole('radio', { name: `2 ${JS}` })).toBeTruthy();
    expect(screen.getByRole('radio', { name: `3 ${RLO}` })).toBeTruthy();
    expect(screen.getByRole('button', { name: JS })).toBeTruthy();
    expect(screen.getByRole('button', { name: RLO })).toBeTruthy();
    expect(screen.getByText(`${IMG} Nov 20, 2026`)).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: `1 ${IMG}` }));
    expect(screen.getByRole('textbox', { name: IMG })).toBeTruthy();
    await user.click(await enabledSend(JS));
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: IMG, csat: 1, comment: '', complete: true });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`${IMG}${RLO}`));
    expect(view.container.querySelector('img, a, script')).toBeNull();
    expect(document.querySelector('img')).toBeNull();
  });
});
