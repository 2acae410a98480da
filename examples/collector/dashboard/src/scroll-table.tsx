import type { ComponentChildren } from 'preact';

/**
 * A table that scrolls sideways in its own box, so a 360 px screen never scrolls the page. The box is
 * focusable (keyboard users can scroll it) and named, as a focusable region must be.
 */
export function ScrollTable({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label={label}>
      <table>
        <caption>{label}</caption>
        {children}
      </table>
    </div>
  );
}
