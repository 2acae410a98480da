// "What mattered most?" (issue 14): the reasons question after the score, as a user and a screen
// reader meet it: a group of native checkboxes named by a question that follows the score, each
// choice stored at once through answer({ reasons }); labels in every locale and from the merchant's
// strings; data-reasons and the reasons option checked with exact messages.
import { cleanup, render, screen, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { AftercareError, type SurveyKind } from '../../sdk/index.ts';
import { REASONS } from '../../src/reasons.ts';
import { mountSurvey, type MountOptions } from '../../widget/mount.tsx';
import { attributeFor, readTag } from '../../widget/tag.ts';
import { loadStrings, LOCALES, reasonLabel, type Strings } from '../../widget/strings.ts';
import { Survey, type SurveyProps } from '../../widget/survey.tsx';
import { fakeSdk, mounted, mountForTest, shadow } from './fake-sdk.ts';

const ID = 'order-1042';
const WRONG = 'What went wrong?';
const WELL = 'What did we do well?';
const MATTERED = 'What mattered most?';
const LABELS = {
  speed: 'Response speed',
  staff: 'Staff professionalism',
  attitude: 'Attitude',
  solved: 'Problem solved',
  communication: 'Communication',
  price: 'Price',
  quality: 'Product quality',
  delivery: 'Delivery',
};
const BAD = (got: string) => `expected at most 10 ids of 1–40 characters, each labelled "reason.<id>" in the strings, got "${got}"`;

let EN: Strings;
beforeAll(async () => {
  EN = (await loadStrings('en')).strings;
});

afterEach(() => {
  cleanup();
  for (const host of mounted) host.remove();
  mounted.clear();
  vi.restoreAllMocks();
});

interface Setup extends Partial<Omit<SurveyProps, 'sdk' | 'delivery' | 'onClose'>> {
  surveys?: SurveyKind[];
}

/** The Survey with `reasons` (by default speed, staff, solved; `reasons: undefined` means none configured). */
function setup(opts: Setup = {}) {
  const { surveys = ['csat'], strings = EN, lang = 'en', ...rest } = opts;
  const reasons = 'reasons' in opts ? opts.reasons : ['speed', 'staff', 'solved'];
  const fake = fakeSdk();
  const user = userEvent.setup();
  render(<Survey sdk={fake.sdk} delivery={{ id: ID, surveys }} strings={strings} lang={lang} onClose={() => undefined} reasons={reasons} {...rest} />);
  return { ...fake, user };
}

const group = (name: string) => screen.getByRole('group', { name });
const box = (name: string) => screen.getByRole('checkbox', { name }) as HTMLInputElement;
/** The checkboxes' labels in a group, in order. */
const labels = (g: HTMLElement) => within(g).getAllByRole('checkbox').map((c) => c.closest('label')!.textContent);

describe('the question follows the score', () => {
  test('nothing before a score; then a group of checkboxes in the merchant’s order, none checked, above the comment', async () => {
    const { user } = setup({ reasons: ['solved', 'speed', 'price'] });
    expect(screen.queryAllByRole('checkbox')).toEqual([]);
    await user.click(screen.getByRole('radio', { name: '2 Dissatisfied' }));
    const g = group(WRONG);
    expect(labels(g)).toEqual(['Problem solved', 'Response speed', 'Price']);
    expect(within(g).getAllByRole('checkbox').every((c) => !(c as HTMLInputElement).checked)).toBe(true);
    // Reasons first, then the comment box, in document (and Tab) order.
    const comment = screen.getByRole('textbox');
    expect(g.compareDocumentPosition(comment) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  test.each([
    [1, WRONG],
    [2, WRONG],
    [3, MATTERED],
    [4, WELL],
    [5, WELL],
  ])('CSAT %i → "%s"', async (v, question) => {
    const { user } = setup();
    await user.click(screen.getByRole('radio', { name: new RegExp(`^${v} `) }));
    expect(labels(group(question))).toEqual(['Response speed', 'Staff professionalism', 'Problem solved']);
  });

  test.each([
    [0, WRONG],
    [6, WRONG],
    [7, MATTERED],
    [8, MATTERED],
    [9, WELL],
    [10, WELL],
  ])('NPS %i → "%s"', async (v, question) => {
    const { user } = setup({ surveys: ['nps'] });
    await user.click(screen.getByRole('radio', { name: String(v) }));
    expect(group(question)).toBeTruthy();
  });

  test('CSAT and NPS: CSAT decides until NPS is given, then NPS does (and the wording changes in place)', async () => {
    const { user } = setup({ surveys: ['csat', 'nps'] });
    await user.click(screen.getByRole('radio', { name: '5 Very satisfied' }));
    await user.click(box('Response speed'));
    expect(group(WELL)).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: '3' }));
    expect(screen.queryByRole('group', { name: WELL })).toBeNull();
    // The same checkboxes, still checked: only the question changed.
    expect(within(group(WRONG)).getByRole('checkbox', { name: 'Response speed' })).toHaveProperty('checked', true);
    await user.click(screen.getByRole('radio', { name: '8' }));
    expect(group(MATTERED)).toBeTruthy();
  });
});

describe('choosing stores at once', () => {
  test('each toggle writes the next revision with the whole list, in the offered order; [] when all are taken back', async () => {
    const { user, answer } = setup({ reasons: ['speed', 'staff', 'solved'] });
    await user.click(screen.getByRole('radio', { name: '1 Very dissatisfied' }));
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: ID, csat: 1, complete: false });

    await user.click(box('Problem solved'));
    expect(box('Problem solved').checked).toBe(true);
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: ID, reasons: ['solved'], complete: false });
    await user.click(box('Response speed'));
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: ID, reasons: ['speed', 'solved'], complete: false });
    await user.click(box('Problem solved'));
    expect(box('Problem solved').checked).toBe(false);
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: ID, reasons: ['speed'], complete: false });
    await user.click(box('Response speed'));
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: ID, reasons: [], complete: false });
    expect(answer).toHaveBeenCalledTimes(5);
  });

  test('the comment step works as before: Send stores the final revision (the SDK keeps the reasons), then thanks', async () => {
    const { user, answer } = setup();
    await user.click(screen.getByRole('radio', { name: '4 Satisfied' }));
    await user.click(box('Staff professionalism'));
    // Under "What did we do well?" the comment asks for more rather than the same question again.
    expect(screen.queryByRole('textbox', { name: 'Great! What did we do well? (optional)' })).toBeNull();
    await user.type(screen.getByRole('textbox', { name: 'Anything else you would like to tell us? (optional)' }), 'Kind and quick');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: ID, csat: 4, comment: 'Kind and quick', complete: true });
    await screen.findByText('Thank you for your feedback!');
    expect(screen.queryByRole('group')).toBeNull();
  });

  test('keyboard only: Tab reaches each checkbox, Space toggles, Enter toggles too and never submits', async () => {
    const { user, answer } = setup({ reasons: ['speed', 'staff'] });
    await user.tab(); // ×
    await user.tab(); // the CSAT group's first radio
    await user.keyboard(' ');
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: ID, csat: 1, complete: false });
    await user.tab();
    expect(document.activeElement).toBe(box('Response speed'));
    await user.keyboard(' ');
    expect(box('Response speed').checked).toBe(true);
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: ID, reasons: ['speed'], complete: false });
    await user.tab();
    expect(document.activeElement).toBe(box('Staff professionalism'));
    await user.keyboard('{Enter}');
    expect(box('Staff professionalism').checked).toBe(true);
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: ID, reasons: ['speed', 'staff'], complete: false });
    await user.keyboard(' ');
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: ID, reasons: ['speed'], complete: false });
    expect(answer.mock.calls.every(([a]) => a.complete === false)).toBe(true);
    expect(screen.getByRole('status').textContent).toBe('');
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Anything else you would like to tell us? (optional)' }));
  });
});

describe('labels', () => {
  test('every built-in id has its label in English', async () => {
    const { user } = setup({ reasons: [...REASONS] });
    await user.click(screen.getByRole('radio', { name: '5 Very satisfied' }));
    expect(labels(group(WELL))).toEqual(Object.values(LABELS));
    expect(Object.keys(LABELS)).toEqual([...REASONS]);
  });

  test.each(LOCALES)('%s: the three questions and every built-in label, distinct and non-empty', async (tag) => {
    const { strings } = await loadStrings(tag);
    const texts = [strings.reasonsLabel, strings.reasonsNegative, strings.reasonsPositive, ...REASONS.map((id) => reasonLabel(strings, id))];
    for (const t of texts) expect(typeof t === 'string' && t.trim() !== '', `${tag}: ${t}`).toBe(true);
    expect(new Set(texts).size).toBe(texts.length);
    // Translated, not English left behind: only French spells two of them as English does.
    const same = tag === 'en' ? [...REASONS] : tag === 'fr' ? ['attitude', 'communication'] : [];
    expect(REASONS.filter((id) => reasonLabel(strings, id) === reasonLabel(EN, id))).toEqual(same);
  });

  test('zh-CN: the question and the labels in Simplified Chinese', async () => {
    const { strings } = await loadStrings('zh-CN');
    const { user } = setup({ strings, lang: 'zh-CN', reasons: ['speed', 'staff', 'attitude', 'solved', 'quality', 'delivery'] });
    await user.click(screen.getByRole('radio', { name: '1 非常不满意' }));
    const g = group('哪里出了问题？');
    expect(labels(g)).toEqual(['响应速度', '员工专业度', '服务态度', '问题解决', '产品质量', '配送']);
    await user.click(within(g).getByRole('checkbox', { name: '服务态度' }));
    expect(within(g).getByRole('checkbox', { name: '服务态度' })).toHaveProperty('checked', true);
  });

  test('the merchant’s own reason, labelled through strings, beside built-in ones (and a built-in label replaced)', async () => {
    const strings = { ...EN, 'reason.parking': 'Parking', 'reason.speed': 'How fast we came' } as Strings;
    const { user, answer } = setup({ strings, reasons: ['parking', 'speed'] });
    await user.click(screen.getByRole('radio', { name: '3 Neutral' }));
    await user.click(within(group(MATTERED)).getByRole('checkbox', { name: 'Parking' }));
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: ID, reasons: ['parking'], complete: false });
    expect(box('How fast we came')).toBeTruthy();
  });

  test('labels are text, never HTML', async () => {
    const strings = { ...EN, 'reason.x': '<img src=x onerror=alert(1)>' } as Strings;
    const { user } = setup({ strings, reasons: ['x'] });
    await user.click(screen.getByRole('radio', { name: '3 Neutral' }));
    expect(box('<img src=x onerror=alert(1)>')).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('no reasons configured', () => {
  test.each([[undefined], [[]]])('reasons %j → no group, exactly as before', async (reasons) => {
    const { user, answer } = setup({ reasons });
    await user.click(screen.getByRole('radio', { name: '2 Dissatisfied' }));
    expect(screen.queryAllByRole('checkbox')).toEqual([]);
    expect(screen.getAllByRole('group')).toHaveLength(1); // the CSAT question only
    expect(screen.getByRole('textbox', { name: 'We are sorry. What went wrong? (optional)' })).toBeTruthy();
    expect(answer).toHaveBeenCalledTimes(1);
  });
});

describe('mountSurvey({ reasons })', () => {
  const DELIVERY = { id: ID, surveys: ['nps' as const], deliveredAt: '2026-11-20T12:00:00Z' };

  test('shows the group in the shadow root, with the merchant’s label from strings; duplicates once', async () => {
    const { sdk, answer } = fakeSdk();
    const user = userEvent.setup();
    const { host } = await mountForTest(sdk, DELIVERY, { reasons: ['parking', 'speed', 'parking'], strings: { 'reason.parking': 'Parking' } });
    const { q } = shadow(host);
    await user.click(q.getByRole('radio', { name: '10' }));
    const g = q.getByRole('group', { name: WELL });
    expect(within(g).getAllByRole('checkbox')).toHaveLength(2);
    await user.click(within(g).getByRole('checkbox', { name: 'Parking' }));
    expect(answer).toHaveBeenLastCalledWith({ deliveryId: ID, reasons: ['parking'], complete: false });
  });

  test('in the chosen locale: ar, right to left', async () => {
    const { sdk } = fakeSdk();
    const user = userEvent.setup();
    const { host } = await mountForTest(sdk, DELIVERY, { locale: 'ar', reasons: ['speed', 'price'] });
    const { q } = shadow(host);
    expect(q.getByRole('dialog').getAttribute('dir')).toBe('rtl');
    await user.click(q.getAllByRole('radio')[0]!); // NPS 0, whatever digits the locale uses
    expect(labels(q.getByRole('group', { name: 'ما الذي لم يكن على ما يرام؟' }))).toEqual(['سرعة الاستجابة', 'السعر']);
  });

  test.each([
    ['an id without a label anywhere', ['speed', 'parking'], 'parking'],
    ['more than 10 ids', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'], 'a,b,c,d,e,f,g,h,i,j,k'],
    ['an id over 40 characters (even labelled)', ['x'.repeat(41)], 'x'.repeat(41)],
    ['an empty id', [''], ''],
    ['not a list', 'speed staff', 'speed staff'],
  ])('%s → an AftercareError naming reasons and the id, and no survey', async (_, reasons, got) => {
    const { sdk, markShown } = fakeSdk();
    const strings = { 'reason.parking2': 'P', [`reason.${'x'.repeat(41)}`]: 'Long' };
    const err = await mountSurvey(sdk, DELIVERY, { reasons: reasons as string[], strings }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AftercareError);
    expect((err as AftercareError).message).toBe(`[aftercare] reasons: ${BAD(got)}`);
    expect(document.querySelector('aftercare-survey')).toBeNull();
    expect(markShown).not.toHaveBeenCalled();
  });
});

describe('data-reasons on the script tag', () => {
  const tag = (attrs: Record<string, string>) => {
    const el = document.createElement('script');
    el.src = 'https://cdn.example.com/aftercare.js';
    for (const [k, v] of Object.entries({ 'data-endpoint': 'https://feedback.example.com/v1/responses', ...attrs })) el.setAttribute(k, v);
    return readTag(el);
  };

  test.each([
    ['speed staff attitude solved communication price', ['speed', 'staff', 'attitude', 'solved', 'communication', 'price']],
    ['speed,staff, solved', ['speed', 'staff', 'solved']],
    ['  parking  ,speed,', ['parking', 'speed']],
  ])('"%s" → %j', (value, reasons) => {
    expect(tag({ 'data-reasons': value }).ui).toEqual({ reasons });
  });

  test('absent or empty → no reasons', () => {
    expect(tag({}).ui).toBeUndefined();
    expect(tag({ 'data-reasons': ' ' }).ui).toBeUndefined();
  });

  test('a bad value is reported under the attribute’s name, with the exact text', async () => {
    expect(attributeFor('reasons')).toBe('data-reasons');
    const ui = tag({ 'data-reasons': 'speed parking', 'data-strings': '{"reason.parkin": "Parking"}' }).ui!;
    const { sdk } = fakeSdk();
    const err = (await mountSurvey(sdk, { id: ID, surveys: ['csat'], deliveredAt: '2026-11-20T12:00:00Z' }, { reasons: ui.reasons!, strings: ui.strings as MountOptions['strings'] }).catch((e: unknown) => e)) as AftercareError;
    // What boot.ts logs: the field as the tag spells it.
    expect(`[aftercare] ${attributeFor(err.field)}: ${err.expected}`).toBe(`[aftercare] data-reasons: ${BAD('parking')}`);
  });
});
