// Shared fakes for the component tests (not a test file itself: no `.test.` in the name).
import { within } from '@testing-library/preact';
import { expect, vi } from 'vitest';
import type { MountOptions } from '../../widget/mount.tsx';
import { mountSurvey } from '../../widget/mount.tsx';
import type { SurveyProps } from '../../widget/survey.tsx';

export interface AnswerArg {
  deliveryId: string;
  csat?: number;
  nps?: number;
  comment?: string;
  reasons?: string[];
  complete?: boolean;
}

/** A fake SDK: every method is a vi.fn that resolves; `sdk` is typed as what the widget asks for. */
export function fakeSdk(locale = 'en') {
  const answer = vi.fn(async (a: AnswerArg) => ({ ...a, responseId: 'r-1', revision: 1 }));
  const dismiss = vi.fn(async (_deliveryId: string, _options?: { later?: boolean }) => ({}));
  const markShown = vi.fn(async (_deliveryId: string) => ({}));
  const markHidden = vi.fn(async (_deliveryId: string) => ({}));
  // The fakes return partial objects; the widget never reads the resolved values.
  const sdk = { answer, dismiss, markShown, markHidden, locale } as unknown as Parameters<typeof mountSurvey>[0] & SurveyProps['sdk'];
  return { sdk, answer, dismiss, markShown, markHidden };
}

/**
 * The text of the element(s) `el` names with aria-describedby, resolved in el's own tree (document
 * or shadow root), whitespace-normalised. Fails the test if the attribute or a target is missing, so
 * the check cannot pass vacuously. (jest-dom's toHaveAccessibleDescription is not installed.)
 */
export function describedByText(el: Element): string {
  const ids = (el.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
  expect(ids.length, 'aria-describedby names at least one element').toBeGreaterThan(0);
  const root = el.getRootNode() as Document | ShadowRoot;
  return ids
    .map((id) => {
      const target = root.getElementById(id);
      expect(target, `aria-describedby target #${id} exists`).not.toBeNull();
      return (target!.textContent ?? '').replace(/\s+/g, ' ').trim();
    })
    .join(' ');
}

/** Hosts mounted by a test, removed afterwards even when the test failed half-way. */
export const mounted = new Set<HTMLElement>();

export async function mountForTest(...args: [Parameters<typeof mountSurvey>[0], Parameters<typeof mountSurvey>[1], MountOptions?]) {
  const m = await mountSurvey(...args);
  mounted.add(m.host);
  return m;
}

/** Queries inside the host's shadow root (fails if the root is missing or closed). */
export function shadow(host: HTMLElement) {
  const root = host.shadowRoot;
  expect(root, 'an open shadow root').not.toBeNull();
  return { root: root!, q: within(root as unknown as HTMLElement) };
}
