// Headless mode: your own survey UI on the Aftercare SDK, no Preact and no widget. The SDK keeps the
// timing policy (3–7 day window, cooldowns, sampling, reminders), the delay before showing, route
// changes, the IndexedDB outbox and the sync; this file only draws and reports what the customer did.
import { createAftercare, createPresenter, type Delivery, type Shown } from '../../sdk/index.ts';

const config = document.querySelector<HTMLScriptElement>('script[data-headless]')!.dataset;
const aftercare = createAftercare({ endpoint: config.endpoint!, locale: navigator.language });
const region = document.getElementById('headless-survey')!;

/** Builds an element with text content only: whatever the strings hold, nothing is parsed as HTML. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e, props);
  e.append(...children);
  return e;
}

const LABELS = ['Very dissatisfied', 'Dissatisfied', 'Neutral', 'Satisfied', 'Very satisfied'];

function render(d: Delivery, { done }: { explicit: boolean; done: () => void }): Shown {
  let ended = false;
  const end = (how: 'answered' | 'dismissed' | 'later' | 'hidden') => {
    if (ended) return;
    ended = true;
    if (how === 'dismissed') void aftercare.dismiss(d.id);
    if (how === 'later') void aftercare.dismiss(d.id, { later: true });
    if (how === 'hidden') void aftercare.markHidden(d.id);
    section.remove();
    done();
  };
  const legend = el('legend', { id: 'hs-q' }, 'How satisfied are you with your order?');
  const radios = LABELS.map((label, i) => {
    const input = el('input', { type: 'radio', name: 'hs-csat', value: String(i + 1) });
    input.addEventListener('change', () => void aftercare.answer({ deliveryId: d.id, csat: i + 1, complete: false }));
    return el('label', { className: 'hs-opt' }, input, ` ${i + 1} ${label}`);
  });
  const comment = el('textarea', { id: 'hs-comment', maxLength: 2000 });
  const form = el(
    'form',
    {},
    el('fieldset', {}, legend, ...radios),
    el('label', { htmlFor: 'hs-comment' }, 'Anything to add? (optional)'),
    comment,
    el('button', { type: 'submit' }, 'Send'),
    el('button', { type: 'button', className: 'hs-later', onclick: () => end('later') }, 'Remind me later'),
    el('button', { type: 'button', className: 'hs-close', onclick: () => end('dismissed') }, 'No thanks'),
  );
  const status = el('p', { role: 'status' });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const picked = form.querySelector<HTMLInputElement>('input[name="hs-csat"]:checked');
    if (!picked) return void (status.textContent = 'Please choose a score first.');
    await aftercare.answer({ deliveryId: d.id, csat: Number(picked.value), comment: comment.value });
    form.remove();
    status.textContent = 'Thank you for your feedback!';
    ended = true;
    done();
  });
  const section = el('section', { className: 'headless-survey' }, form, status);
  section.setAttribute('aria-labelledby', 'hs-q');
  region.append(section);
  void aftercare.markShown(d.id);
  return { close: () => end('hidden') };
}

const presenter = createPresenter(aftercare, { render, delayMs: Number(config.delay ?? 1000) });
if (config.deliveryId && config.deliveredAt) {
  await aftercare.recordDelivery({ id: config.deliveryId, deliveredAt: config.deliveredAt });
}
presenter.start();
// For the page's own buttons and for tests: the app decides when, if it wants to.
Object.assign(window, { headless: { aftercare, presenter } });
