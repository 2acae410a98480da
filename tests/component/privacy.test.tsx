// Issue 13 in the widget: the tag's privacy attributes, the notice link and the forget offer.
import { cleanup, render, screen } from '@testing-library/preact';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { AftercareError, createAftercare } from '../../sdk/index.ts';
import { LOCALES, loadStrings } from '../../widget/strings.ts';
import { Survey } from '../../widget/survey.tsx';
import { attributeFor, readTag } from '../../widget/tag.ts';
import { checkPrivacyUrl } from '../../widget/privacy-url.ts';

afterEach(cleanup);

const ENDPOINT = 'https://feedback.example.com/v1/responses';
function script(attrs: Record<string, string>): HTMLScriptElement {
  const el = document.createElement('script');
  el.src = 'https://cdn.example.com/aftercare.js';
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  return el;
}
const tagError = (attrs: Record<string, string>) => {
  try {
    const tag = readTag(script({ 'data-endpoint': ENDPOINT, ...attrs }));
    createAftercare(tag.options);
  } catch (e) {
    expect(e).toBeInstanceOf(AftercareError);
    const err = e as AftercareError;
    return `[aftercare] ${attributeFor(err.field)}: ${err.expected}`;
  }
  throw new Error('expected an AftercareError');
};

describe('readTag: privacy attributes', () => {
  test('consent, GPC, redact, page collection, the notice and the forget offer', () => {
    const tag = readTag(
      script({
        'data-endpoint': ENDPOINT,
        'data-consent': 'pending',
        'data-respect-gpc': '',
        'data-redact': 'email phone id card',
        'data-collect-page': 'false',
        'data-privacy-url': 'https://shop.example/privacy',
        'data-privacy-text': 'Privacy <b>notice</b>',
        'data-forget': 'offer',
      }),
    );
    expect(tag.options).toMatchObject({ consent: 'pending', respectGpc: true, redact: ['email', 'phone', 'id', 'card'], collectPage: false });
    expect(tag.ui).toMatchObject({ privacyUrl: 'https://shop.example/privacy', privacyText: 'Privacy <b>notice</b>', offerForget: true });
    expect(createAftercare(tag.options).consentStatus).toBe('pending');
    expect(readTag(script({ 'data-endpoint': ENDPOINT })).options.consent).toBeUndefined();
  });

  test.each<[Record<string, string>, string]>([
    [{ 'data-consent': 'maybe' }, '[aftercare] data-consent: expected "granted", "pending" or "denied", got "maybe"'],
    [{ 'data-redact': 'email phones' }, '[aftercare] data-redact: expected "email", "phone", "id" or "card", got "phones"'],
    [{ 'data-respect-gpc': 'yes' }, '[aftercare] data-respect-gpc: expected true or false, got "yes"'],
    [{ 'data-collect-page': 'no' }, '[aftercare] data-collect-page: expected true or false, got "no"'],
    [{ 'data-forget': 'always' }, '[aftercare] data-forget: expected "offer", got "always"'],
  ])('%o → one error naming the attribute', (attrs, message) => {
    expect(tagError(attrs)).toBe(message);
  });

  test('data-privacy-url must be http(s)', () => {
    expect(checkPrivacyUrl('/privacy', 'data-privacy-url')).toBe(new URL('/privacy', location.href).href);
    expect(() => checkPrivacyUrl('javascript:alert(1)', 'data-privacy-url')).toThrow('[aftercare] data-privacy-url: expected an http(s) URL, got "javascript:alert(1)"');
  });
});

describe('Survey: notice at collection and forget offer', () => {
  const sdk = () => ({ answer: vi.fn(async () => ({}) as never), dismiss: vi.fn(async () => ({}) as never) });

  test('the privacy link is text, opens the notice, and names itself from the strings or privacyText', async () => {
    const { strings } = await loadStrings('en');
    render(<Survey sdk={sdk()} delivery={{ id: 'o1', surveys: ['csat'] }} strings={strings} lang="en" onClose={() => undefined} privacyUrl="https://shop.example/privacy" />);
    const link = screen.getByRole('link', { name: 'How we use your answer' });
    expect(link.getAttribute('href')).toBe('https://shop.example/privacy');
    expect(link.getAttribute('rel')).toBe('noreferrer'); // implies noopener (HTML: rel=noreferrer)
    cleanup();
    render(<Survey sdk={sdk()} delivery={{ id: 'o1', surveys: ['csat'] }} strings={strings} lang="en" onClose={() => undefined} privacyUrl="https://x.example/p" privacyText="<i>Privacy</i>" />);
    expect(screen.getByRole('link', { name: '<i>Privacy</i>' })).toBeTruthy();
  });

  test.each([true, false])('after Send, "Delete my answer" forgets and says so (confirmed: %s)', async (confirmed) => {
    const { strings } = await loadStrings('en');
    const onForget = vi.fn(async () => confirmed);
    render(<Survey sdk={sdk()} delivery={{ id: 'o1', surveys: ['csat'] }} strings={strings} lang="en" onClose={() => undefined} onForget={onForget} />);
    expect(screen.queryByRole('button', { name: 'Delete my answer' })).toBeNull();
    await userEvent.click(screen.getByRole('radio', { name: /4/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Delete my answer' }));
    expect(onForget).toHaveBeenCalledOnce();
    expect((await screen.findByRole('status')).textContent).toBe(confirmed ? 'Your answer was deleted.' : 'Deleted from this device only.');
    expect(screen.queryByRole('button', { name: 'Delete my answer' })).toBeNull();
  });

  test.each(LOCALES)('%s has the privacy texts', async (l) => {
    const { strings } = await loadStrings(l);
    for (const k of ['privacy', 'forget', 'forgotten', 'forgetLocal'] as const) expect(strings[k], k).toMatch(/\S/);
    if (l !== 'en') expect(strings.privacy).not.toBe((await loadStrings('en')).strings.privacy);
  });
});
