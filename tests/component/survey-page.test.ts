// The survey page an invitation's link opens (examples/collector/survey/): the real survey inline,
// the link's score shown chosen, and the scanner guard: nothing recorded (no delivery, no answer, no
// display, no request) until a person acts. jsdom's events are never trusted (isTrusted is false for
// every event a script makes), which is the scanner's case; a test that plays the person passes its
// own trust predicate.
import { fireEvent, waitFor, within } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { readConfig, type SurveyPageConfig } from '../../examples/collector/survey/config.ts';
import { personGate, PERSON_EVENTS } from '../../examples/collector/survey/guard.ts';
import { startSurveyPage } from '../../examples/collector/survey/page.ts';
import { pinnedPolicy } from '../../examples/collector/survey/wave.ts';
import { waveOf, type Aftercare } from '../../sdk/index.ts';
import { idbKv } from '../../src/store.ts';
import type { WireDisplay, WireResponse } from '../../src/schema.ts';

const DAY = 86_400_000;
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcmQtMSJ9.c2ln';
const config = (over: Record<string, unknown> = {}) => ({
  collector: 'https://collector.test/v1/responses',
  delivery: { id: 'ord-1', deliveredAt: new Date(Date.now() - 4 * DAY).toISOString(), customerId: 'c-1', token: TOKEN },
  wave: 0,
  survey: ['csat', 'nps'],
  locale: 'en',
  channel: 'email',
  reasons: ['speed', 'staff'],
  privacyUrl: 'https://shop.example/privacy',
  brandColor: '#0a7',
  score: { kind: 'csat', value: 4 },
  ...over,
});

let n = 0;
const opened: Aftercare[] = [];

/** The page on a fresh database with a recording fetch; `trusted` plays the person (default: the browser's word, never true in jsdom). */
async function page(over: Record<string, unknown> = {}, trusted?: (e: Event) => boolean, dbName = `survey-page-${++n}-${Math.random()}`) {
  const root = document.createElement('div');
  root.id = 'aftercare-survey';
  document.body.appendChild(root);
  const posts: Array<{ responses?: WireResponse[]; displays?: WireDisplay[] }> = [];
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body));
    posts.push(body);
    return Response.json({ accepted: (body.responses ?? body.displays).length, rejected: [] });
  });
  const { aftercare, survey } = await startSurveyPage({ root, config: config(over), sdk: { fetch: fetch as typeof globalThis.fetch, dbName }, ...(trusted ? { trusted } : {}) });
  opened.push(aftercare);
  const q = within(survey.host.shadowRoot as unknown as HTMLElement);
  /** What this browser recorded: the delivery, waiting answers and display records. */
  const recorded = async () => ({
    delivery: await aftercare.delivery('ord-1'),
    pending: (await aftercare.outbox()).pending,
    displays: await idbKv(dbName).list('s:'),
  });
  return { root, aftercare, survey, q, fetch, posts, recorded, dbName };
}

afterEach(() => {
  for (const a of opened.splice(0)) a.destroy();
  document.body.innerHTML = '';
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the survey page', () => {
  test('shows the real survey inline in #aftercare-survey: the link score chosen, no × or "Remind me later", privacy link, reasons', async () => {
    const { root, survey, q } = await page();
    expect(survey.host.parentElement).toBe(root);
    expect(survey.host.dataset.placement).toBe('inline');
    expect(q.getByRole('dialog', { name: 'How satisfied are you with our service?' })).toBeTruthy();
    expect((q.getByRole('radio', { name: '4 Satisfied' }) as HTMLInputElement).checked).toBe(true);
    expect(q.getByRole('group', { name: 'How likely are you to recommend our service to a friend or colleague?' })).toBeTruthy();
    expect(q.getByRole('group', { name: 'What did we do well?' })).toBeTruthy();
    expect(q.getByRole('checkbox', { name: 'Response speed' })).toBeTruthy();
    expect(q.getByRole('link', { name: 'How we use your answer' }).getAttribute('href')).toBe('https://shop.example/privacy');
    expect(q.getByRole('button', { name: 'Send' })).toBeTruthy();
    expect(q.queryByRole('button', { name: 'Close survey' })).toBeNull();
    expect(q.queryByRole('button', { name: 'Remind me later' })).toBeNull();
  });

  test('in the locale of the config, loaded from its own chunk', async () => {
    const { survey, q } = await page({ locale: 'zh-CN' });
    expect(survey.host.lang).toBe('zh-CN');
    expect(q.getByRole('button', { name: '提交' })).toBeTruthy();
  });

  test('a scanner: the page loaded, script-made input, 11 s later: nothing recorded, nothing sent', async () => {
    const user = userEvent.setup();
    const { root, q, fetch, recorded } = await page();
    // What a scanner's script can do: synthetic events, clicks and keys (never trusted).
    await user.click(q.getByRole('radio', { name: '5 Very satisfied' }));
    await user.type(q.getByRole('textbox'), 'hello');
    for (const type of PERSON_EVENTS) fireEvent(root, new Event(type, { bubbles: true, composed: true }));
    await user.click(q.getByRole('button', { name: 'Send' }));
    vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'] });
    await vi.advanceTimersByTimeAsync(11_000);
    vi.useRealTimers();
    expect(await recorded()).toEqual({ delivery: undefined, pending: [], displays: [] });
    expect(fetch).not.toHaveBeenCalled();
  });

  test('a person presses Send: the link score is recorded as if chosen, with channel, token and wave; the display counts from then', async () => {
    const user = userEvent.setup();
    const { q, posts, recorded } = await page({ delivery: { ...config().delivery, meta: { store: 'Berlin' } } }, () => true);
    expect(await recorded()).toEqual({ delivery: undefined, pending: [], displays: [] });
    await user.click(q.getByRole('button', { name: 'Send' }));
    await q.findByText('Thank you for your feedback!');
    await waitFor(() => expect(posts.flatMap((p) => p.displays ?? [])).toHaveLength(1));
    const responses = posts.flatMap((p) => p.responses ?? []);
    const last = responses.at(-1)!;
    expect(last).toEqual(
      expect.objectContaining({ deliveryId: 'ord-1', csat: 4, complete: true, channel: 'email', deliveryToken: TOKEN, customerId: 'c-1', locale: 'en', meta: { store: 'Berlin' } }),
    );
    // Not the page's path: it holds the link's code.
    expect(last.path).toBeUndefined();
    expect(last.origin).toBeUndefined();
    expect(last.wave).toBeUndefined(); // no re-survey plan: wave 0
    const [display] = posts.flatMap((p) => p.displays ?? []);
    expect(display).toEqual(expect.objectContaining({ deliveryId: 'ord-1', outcome: 'answered', responseId: last.id, channel: 'email', deliveryToken: TOKEN }));
    const { delivery } = await recorded();
    expect(delivery?.prompts).toBe(1);
  });

  test('a person first presses a key: the link score is stored at once (complete: false) and the display opened', async () => {
    const { root, recorded, posts } = await page({}, (e) => e.type === 'keydown');
    fireEvent.pointerDown(root); // not trusted by this predicate: nothing yet
    await new Promise((r) => setTimeout(r, 50));
    expect((await recorded()).delivery).toBeUndefined();
    fireEvent.keyDown(root, { key: 'Tab' });
    await waitFor(async () => expect((await recorded()).delivery?.response).toEqual(expect.objectContaining({ csat: 4, complete: false, revision: 1, channel: 'email' })));
    const { delivery, displays } = await recorded();
    expect(delivery?.prompts).toBe(1);
    // Open: sent once it ends (answered, or expired when the page goes).
    expect(displays).toHaveLength(1);
    await waitFor(() => expect(posts.flatMap((p) => p.responses ?? []).map((r) => r.csat)).toEqual([4]));
  });

  test('a person picks another score: that one stands', async () => {
    const user = userEvent.setup();
    const { q, recorded } = await page({}, () => true);
    await user.click(q.getByRole('radio', { name: '2 Dissatisfied' }));
    await waitFor(async () => expect((await recorded()).delivery?.response?.csat).toBe(2));
    expect((q.getByRole('radio', { name: '2 Dissatisfied' }) as HTMLInputElement).checked).toBe(true);
  });

  test('without a score nothing is chosen, and a person must pick one; still nothing before they act', async () => {
    const { q, recorded } = await page({ score: undefined });
    expect(q.queryAllByRole('radio', { checked: true })).toEqual([]);
    expect(q.queryByRole('button', { name: 'Send' })).toBeNull();
    expect(await recorded()).toEqual({ delivery: undefined, pending: [], displays: [] });
  });

  test('an answer this browser holds for the delivery and wave: the thank-you step, and nothing recorded even when a person acts', async () => {
    const user = userEvent.setup();
    const dbName = `survey-page-answered-${Math.random()}`;
    const first = await page({}, () => true, dbName);
    await user.click(first.q.getByRole('button', { name: 'Send' }));
    await first.q.findByText('Thank you for your feedback!');
    const before = await first.recorded();
    document.body.innerHTML = '';
    const again = await page({}, () => true, dbName);
    expect(again.q.getByRole('status').textContent).toBe('Thank you for your feedback!');
    expect(again.q.queryAllByRole('radio')).toEqual([]);
    fireEvent.keyDown(again.root, { key: 'Tab' });
    await new Promise((r) => setTimeout(r, 50));
    expect((await again.recorded()).delivery).toEqual(before.delivery);
  });

  test('a re-survey wave: the answer is filed under the config wave', async () => {
    const user = userEvent.setup();
    // Wave 1 opened 3 days and a few minutes ago by the collector's clock.
    const deliveredAt = new Date(Date.now() - 93 * DAY - 5 * 60_000).toISOString();
    const { q, posts } = await page({ delivery: { id: 'ord-1', deliveredAt, resurvey: { everyDays: 90, untilDays: 720 } }, wave: 1 }, () => true);
    await user.click(q.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(posts.flatMap((p) => p.responses ?? []).at(-1)).toEqual(expect.objectContaining({ wave: 1, complete: true })));
  });

  test('a broken config: an error naming the field, nothing shown', async () => {
    const root = document.createElement('div');
    await expect(startSurveyPage({ root, config: config({ channel: 'E-mail' }) })).rejects.toThrow(
      '[aftercare collector] survey page: config.channel: expected a channel id of 1–20 characters a–z, 0–9, "_" or "-", such as "email"',
    );
    expect(root.childNodes).toHaveLength(0);
  });
});

describe('readConfig', () => {
  test('the documented example', () => {
    const raw = {
      collector: '/v1/responses',
      delivery: { id: 'ord-1', deliveredAt: '2026-12-01T10:00:00.000Z', customerId: 'c-1', token: TOKEN, resurvey: { everyDays: 90, untilDays: 720 }, meta: { store: 'Berlin' } },
      wave: 0,
      survey: ['csat', 'nps'],
      locale: 'zh-CN',
      channel: 'email',
      reasons: ['speed', 'staff'],
      privacyUrl: 'https://shop.example/privacy',
      brandColor: '#0a7',
      score: { kind: 'nps', value: 9 },
    };
    expect(readConfig(raw)).toEqual<SurveyPageConfig>({ ...raw, brandColor: '#00aa77', survey: ['csat', 'nps'], score: { kind: 'nps', value: 9 } });
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['no collector', { collector: undefined }, 'config.collector: expected a collector URL such as "/v1/responses"'],
    ['no delivery id', { delivery: { deliveredAt: '2026-12-01T10:00:00Z' } }, 'config.delivery.id: expected a delivery id of 1–200 characters'],
    ['a bad deliveredAt', { delivery: { id: 'x', deliveredAt: 'yesterday' } }, 'config.delivery.deliveredAt: expected an ISO 8601 date-time such as 2026-11-20T10:00:00Z'],
    ['a negative wave', { wave: -1 }, 'config.wave: expected an integer from 0 to 2147483647'],
    ['meta that is not flat', { delivery: { id: 'x', deliveredAt: '2026-12-01T10:00:00Z', meta: { a: { b: 1 } } } }, 'config.delivery.meta.a: expected a string, number, boolean or null'],
    ['wave 1 without a plan', { wave: 1 }, 'config.wave: expected 0 for a delivery without a re-survey plan, got 1'],
    ['no survey', { survey: [] }, 'config.survey: expected at least one of "csat", "nps"'],
    ['a bad channel', { channel: 'SMS!' }, 'config.channel: expected a channel id of 1–20 characters a–z, 0–9, "_" or "-", such as "email"'],
  ])('%s: throws naming the field', (_, over, message) => {
    expect(() => readConfig(config(over))).toThrow(`[aftercare collector] survey page: ${message}`);
  });

  test('not an object: throws', () => {
    expect(() => readConfig(undefined)).toThrow('[aftercare collector] survey page: config: expected an object such as {"collector": "/v1/responses", "delivery": {…}, …}');
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['reasons', { reasons: ['parking'] }, 'config.reasons: expected at most 10 of the built-in reason ids (speed, staff, attitude, solved, communication, price, quality, delivery), got ["parking"]; left out'],
    ['privacyUrl', { privacyUrl: 'javascript:alert(1)' }, 'config.privacyUrl: expected an http(s) URL, absolute or relative to the page, got "javascript:alert(1)"; left out'],
    ['brandColor', { brandColor: 'teal' }, 'config.brandColor: expected a hex colour such as #4338ca, got "teal"; left out'],
    ['score', { score: { kind: 'csat', value: 6 } }, 'config.score: expected { "kind", "value" } of a question asked (csat, nps): csat 1–5, nps 0–10, got {"kind":"csat","value":6}; left out'],
  ])('a bad optional %s is left out with a warning naming it', (field, over, message) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const c = readConfig(config(over));
    expect(c).not.toHaveProperty(field);
    expect(warn).toHaveBeenCalledWith(`[aftercare collector] survey page: ${message}`);
  });
});

describe('personGate', () => {
  const fakeSdk = () => {
    const calls: string[] = [];
    const fn = (name: string) => vi.fn(async (...a: unknown[]) => void calls.push(`${name} ${JSON.stringify(a)}`));
    return { calls, sdk: { locale: 'en', answer: fn('answer'), dismiss: fn('dismiss'), markShown: fn('markShown'), markHidden: fn('markHidden') } as never };
  };

  test('holds every write until a trusted event inside the root; then first(), then the held calls in order', async () => {
    const root = document.createElement('div');
    const inner = root.appendChild(document.createElement('button'));
    const outside = document.body.appendChild(document.createElement('button'));
    document.body.appendChild(root);
    const { calls, sdk } = fakeSdk();
    const gate = personGate(root, sdk, async () => void calls.push('first'), (e) => e.type !== 'click' || (e as MouseEvent).detail === 7);
    void gate.sdk.markShown('ord-1');
    void gate.sdk.answer({ deliveryId: 'ord-1', csat: 4, complete: false });
    fireEvent.click(outside, { detail: 7 }); // trusted, but not in the survey
    fireEvent.click(inner); // in the survey, not trusted
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual([]);
    fireEvent.click(inner, { detail: 7 });
    await gate.acted;
    const after = gate.sdk.answer({ deliveryId: 'ord-1', csat: 2 });
    await after;
    expect(calls).toEqual(['first', 'markShown ["ord-1"]', 'answer [{"deliveryId":"ord-1","csat":4,"complete":false}]', 'answer [{"deliveryId":"ord-1","csat":2}]']);
  });

  test('the default trust is the browser\'s: a script-made event releases nothing', async () => {
    const root = document.body.appendChild(document.createElement('div'));
    const { calls, sdk } = fakeSdk();
    const gate = personGate(root, sdk, async () => void calls.push('first'));
    void gate.sdk.markShown('ord-1');
    for (const type of PERSON_EVENTS) root.dispatchEvent(new Event(type, { bubbles: true }));
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual([]);
  });
});

describe('pinnedPolicy', () => {
  const plan = { everyDays: 90, untilDays: 720 };
  const t = Date.parse('2026-01-01T00:00:00Z');
  test.each([
    ['wave 0 at its opening', 0, 3],
    ['wave 1 a minute before it opens by this clock (the collector\'s ran ahead)', 1, 93 - 1 / 1440],
    ['wave 1 at its close', 1, 97],
    ['wave 1 long after its close', 1, 130],
    ['wave 7 (the last before day 720)', 7, 633],
  ])('%s: the SDK counts the collector\'s wave, and still does half a period later', (_, wave, days) => {
    const d = { deliveredAt: new Date(t).toISOString(), resurvey: plan };
    const now = t + days * DAY;
    const policy = pinnedPolicy(d, wave, now)!;
    expect(waveOf(d, now, policy).wave).toBe(wave);
    expect(waveOf(d, now + 44 * DAY, policy).wave).toBe(wave);
  });

  test('without a plan: the default policy (every answer is wave 0)', () => {
    expect(pinnedPolicy({ deliveredAt: new Date(t).toISOString() }, 0, t + 4 * DAY)?.windowDays).toEqual([3, 7]);
  });

  test('a clock days off (before the wave\'s period): undefined', () => {
    expect(pinnedPolicy({ deliveredAt: new Date(t).toISOString(), resurvey: plan }, 2, t + 100 * DAY)).toBeUndefined();
  });
});
