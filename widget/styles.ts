/**
 * The survey's CSS. `all: initial` keeps inherited host styles out; `!important` on the host element
 * because page rules targeting it would otherwise beat `:host`.
 * Applied through a constructable stylesheet on the shadow root, which CSP
 * `style-src 'self'` does not govern, so strict-CSP pages need no nonce and see no violation.
 */
export const css = `
:host{all:initial!important}
:host{display:block!important;position:fixed!important;z-index:2147483000!important;right:16px!important;bottom:16px!important;left:auto!important;top:auto!important;
 font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue","PingFang SC","Microsoft YaHei",sans-serif!important;color:#1f2937!important;
 --ac-brand:#4338ca;--ac-on-brand:#fff;--ac-bg:#fff;--ac-text:#1f2937;--ac-muted:#4b5563;--ac-line:#6b7280;--ac-focus:#1d4ed8;--ac-radius:12px}
@media (max-width:480px){:host{left:8px!important;right:8px!important;bottom:8px!important}}
*{box-sizing:border-box}
.card{position:relative;width:min(380px,calc(100vw - 16px));max-height:calc(100vh - 32px);overflow:auto;background:var(--ac-bg);color:var(--ac-text);
 border:1px solid var(--ac-line);border-radius:var(--ac-radius);box-shadow:0 8px 30px rgba(0,0,0,.18);padding:16px 16px 14px}
@media (max-width:480px){.card{width:100%}}
@media (prefers-reduced-motion:no-preference){.card{animation:ac-in .18s ease-out}}
@keyframes ac-in{from{opacity:0;transform:translateY(8px)}}
form{margin:0}
fieldset{border:0;margin:0 0 12px;padding:0;min-width:0}
legend{font-weight:600;padding:0 32px 8px 0;font-size:1em}
.opts{display:grid;gap:6px}
.csat .opts{grid-template-columns:repeat(5,1fr)}
.nps .opts{grid-template-columns:repeat(11,1fr);gap:3px}
.opt{position:relative;display:flex;flex-direction:column;align-items:center;justify-content:flex-start;min-height:44px;min-width:24px;padding:6px 2px;
 border:1px solid var(--ac-line);border-radius:8px;background:var(--ac-bg);cursor:pointer;text-align:center;user-select:none}
.opt input{position:absolute;inset:0;width:100%;height:100%;margin:0;opacity:0;cursor:pointer}
.n{font-weight:600;font-size:1.05em}
.l{font-size:.72em;line-height:1.2;color:var(--ac-muted);margin-top:2px}
.opt:hover{border-color:var(--ac-brand)}
.opt:has(input:checked){background:var(--ac-brand);border-color:var(--ac-brand);color:var(--ac-on-brand)}
.opt:has(input:checked) .l{color:var(--ac-on-brand)}
.opt:has(input:focus-visible),button:focus-visible,textarea:focus-visible{outline:3px solid var(--ac-focus);outline-offset:2px}
.ends{display:flex;justify-content:space-between;gap:8px;font-size:.8em;color:var(--ac-muted);margin:4px 0 0}
label.c{display:block;font-weight:600;margin:4px 0 6px}
textarea{display:block;width:100%;min-height:72px;resize:vertical;font:inherit;color:inherit;background:var(--ac-bg);border:1px solid var(--ac-line);border-radius:8px;padding:8px}
.send{margin-top:10px;min-height:44px;padding:0 20px;font:inherit;font-weight:600;border:0;border-radius:8px;background:var(--ac-brand);color:var(--ac-on-brand);cursor:pointer}
.send[aria-disabled=true]{opacity:.6;cursor:progress}
.x{position:absolute;top:6px;right:6px;width:36px;height:36px;border:0;border-radius:8px;background:transparent;color:var(--ac-muted);font:22px/1 system-ui,sans-serif;cursor:pointer}
.x:hover{background:rgba(0,0,0,.06)}
.thanks{font-weight:600;margin:4px 40px 4px 0}
.err{color:#b91c1c;margin:8px 0 0}
.sr{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
`;

/** Puts the CSS into a shadow root; falls back to a `<style>` inside the root where constructable sheets are missing. */
export function adoptStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = css;
  root.appendChild(style);
}
