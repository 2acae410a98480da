/** @jsxRuntime classic */
/** @jsx h */
// Classic JSX (h): without preact/jsx-runtime the UI chunk is about 140 bytes (gzip) smaller.
import { h } from 'preact';
import { reasonLabel, type Strings } from './strings.ts';

/** Enter on a checkbox would submit the form (the browser's implicit submission); here it toggles, like Space. */
const enterToggles = (e: KeyboardEvent) => {
  if (e.key === 'Enter') e.preventDefault(), (e.currentTarget as HTMLInputElement).click();
};

/**
 * "What mattered most?" as native checkboxes in a fieldset named by its legend (`question`): Tab
 * moves, Space (or Enter) toggles, and screen readers announce the group and each reason's state.
 * `ids` are offered in the merchant's order, each labelled in `s` (`reasonLabel`); `chosen` are
 * checked, and a change passes `pick` the new list: `id` flipped, the others kept, in the offered
 * order whatever order they were tapped in. A render function rather than a component: no props
 * object to build and destructure (bytes, tests/unit/dist.test.ts).
 */
export const reasonsGroup = (ids: readonly string[], question: string, s: Strings, chosen: readonly string[], pick: (chosen: string[]) => void) => (
  <fieldset class="rs">
    <legend>{question}</legend>
    <div class="opts">
      {ids.map((id) => (
        <label class="opt">
          <input type="checkbox" checked={chosen.includes(id)} onChange={() => pick(ids.filter((r) => (r === id) !== chosen.includes(r)))} onKeyDown={enterToggles} />
          {reasonLabel(s, id)}
        </label>
      ))}
    </div>
  </fieldset>
);
