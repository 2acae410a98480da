/**
 * The survey's CSS; colours, radius and font come from `themeCss()` as `--ac-*` properties.
 * `all: initial` keeps inherited host styles out; `!important` on the host element because page rules
 * targeting it would otherwise beat `:host`. `--ac-kb` (height of the on-screen keyboard) is set on the
 * host by mount.tsx through the CSSOM.
 * Applied through a constructable stylesheet on the shadow root, which CSP `style-src 'self'` does not
 * govern, so strict-CSP pages need no nonce and see no violation. Logical properties (inline-start/end)
 * mirror the card for right-to-left languages.
 * Targets are 44 px high and at least 24 px wide. On a narrow card (a 320 px screen, 400 % zoom) a
 * container query puts NPS in two rows and moves the CSAT labels to the ends row (the radios' names
 * keep them). The card scrolls inside itself below the viewport's height, and moves up by `--ac-kb`.
 * Text breaks anywhere rather than overflow: a merchant's subject or texts may be a URL or a long word.
 */
export const css = `:host{all:initial!important}
:host{display:block!important;position:fixed!important;z-index:2147483000!important;inset:auto 16px calc(16px + var(--ac-kb,0px)) auto!important;font:15px/1.45 var(--ac-font)!important;color:var(--ac-text)!important}
:host([data-placement=bottom-left]){inset:auto auto calc(16px + var(--ac-kb,0px)) 16px!important}
:host([data-placement=center]){inset:0 0 var(--ac-kb,0px)!important;display:grid!important;place-items:center!important;padding:16px!important}
:host([data-placement=inline]){position:relative!important;inset:auto!important;z-index:auto!important}
@media (max-width:480px){:host([data-placement^=bottom]){inset:auto 8px calc(8px + var(--ac-kb,0px))!important}}
*{box-sizing:border-box}
.bd{position:fixed;inset:0;background:#0009}
.card{position:relative;width:min(380px,100vw - 32px);max-height:calc(100dvh - 32px - var(--ac-kb,0px));overflow:auto;overscroll-behavior:contain;container-type:inline-size;text-align:start;overflow-wrap:anywhere;background:var(--ac-bg);border:1px solid var(--ac-line);border-radius:var(--ac-radius);box-shadow:0 8px 30px #0004;padding:16px}
@media (max-width:480px){.card{width:100%}}
:host([data-placement=center]) .card{width:min(440px,100%)}
:host([data-placement=inline]) .card{width:100%;max-height:none;box-shadow:none}
@media (prefers-reduced-motion:no-preference){.card{animation:ac-in .18s ease-out}}
@keyframes ac-in{from{opacity:0;transform:translateY(8px)}}
fieldset{border:0;margin:0 0 12px;padding:0;min-width:0}
legend{font-weight:600;padding:0 0 8px;padding-inline-end:40px}
.d,.ends,.pv{font-size:.8em}
.d,.ends,.l{color:var(--ac-muted)}
.d{margin:-4px 0 8px}
.opts{display:grid;gap:4px;grid-template-columns:repeat(5,minmax(0,1fr))}
.nps .opts{grid-template-columns:repeat(11,minmax(0,1fr));gap:3px}
.rs .opts{display:flex;flex-wrap:wrap}
.rs .opt{padding:10px 12px}
.opt{position:relative;display:flex;flex-direction:column;align-items:center;min-height:44px;min-width:24px;padding:6px 0;border:1px solid var(--ac-line);background:var(--ac-bg);cursor:pointer;text-align:center}
.opt,textarea,.row button{border-radius:min(8px,var(--ac-radius));font:inherit;color:inherit}
.opt input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
.n{font-weight:600}
.l{font-size:.72em;line-height:1.2;margin-top:2px;overflow-wrap:anywhere;hyphens:auto}
.buttons .ends{display:none}
.opt:hover{border-color:var(--ac-ring)}
.opt:has(:checked){background:var(--ac-brand);border-color:var(--ac-ring);box-shadow:0 0 0 1px var(--ac-ring);color:var(--ac-on-brand)}
.opt:has(:checked) .l{color:inherit}
.ic{width:30px;height:30px;fill:none;stroke:currentColor;stroke-width:1.6;stroke-linecap:round}
.stars .opt{border-color:#0000;background:none;box-shadow:none;color:var(--ac-muted)}
.stars .on .ic,.stars .opts:hover .ic{fill:var(--ac-brand);stroke:var(--ac-ring)}
.stars .opt:hover~.opt .ic{fill:none;stroke:currentColor}
.opt:has(:focus-visible),button:focus-visible,textarea:focus-visible,a:focus-visible{outline:3px solid var(--ac-ring);outline-offset:2px}
.ends{display:flex;justify-content:space-between;margin:4px 0 0}
@container (max-width:340px){.nps .opts{grid-template-columns:repeat(6,minmax(0,1fr));gap:6px}.buttons .l{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}.buttons .ends{display:flex}}
.c{display:block;font-weight:600;margin:4px 0 6px}
textarea{display:block;width:100%;min-height:72px;resize:vertical;background:var(--ac-bg);border:1px solid var(--ac-line);padding:8px}
.row{display:flex;gap:8px;margin-top:10px}
.row button{min-height:44px;padding:0 16px;font-weight:600;border:1px solid var(--ac-line);background:none;cursor:pointer}
.row .send{border-color:var(--ac-ring);background:var(--ac-brand);color:var(--ac-on-brand)}
[aria-disabled=true]{opacity:.6;cursor:progress}
.x{position:absolute;top:4px;inset-inline-end:4px;width:44px;height:44px;border:0;border-radius:8px;background:none;color:var(--ac-muted);font:24px/1 system-ui,sans-serif;cursor:pointer}
.x:hover{background:#8883}
.thanks{font-weight:600;margin:4px 0;margin-inline-end:40px}
.err{color:var(--ac-err)}
.err,.pv{margin:8px 0 0}
.pv a,.lk{display:inline-block;min-height:24px;color:inherit;text-decoration:underline;font:inherit;background:none;border:0;padding:0;cursor:pointer}
.sr{position:absolute!important;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
`;

// One sheet per theme, shared by every survey that uses it.
const sheets = new Map<string, CSSStyleSheet>();

/**
 * Puts the CSS plus a theme's rule (`themeCss()`) into a shadow root; falls back to a `<style>` inside
 * the root where constructable sheets are missing.
 */
export function adoptStyles(root: ShadowRoot, theme = ''): void {
  const text = css + theme;
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    let sheet = sheets.get(text);
    if (!sheet) sheets.set(text, (sheet = new CSSStyleSheet())), sheet.replaceSync(text);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = text;
  root.appendChild(style);
}
