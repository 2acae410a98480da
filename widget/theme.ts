import { AftercareError } from '../sdk/index.ts';

/** The merchant's look for the survey. Colours are hex; anything left out keeps the default. */
export interface Theme {
  /** `auto` (default) follows the customer's light/dark setting, unless `background` or `text` is given. */
  mode?: 'auto' | 'light' | 'dark';
  /** Fill of the chosen option and the Send button, e.g. `#4338ca`; text on it is picked for contrast. */
  brand?: string;
  background?: string;
  text?: string;
  /** Corner radius of the card: px 0–32 as a number, or a CSS length such as `12px` or `1rem`. */
  radius?: number | string;
  /** A CSS font-family list, e.g. `"Inter", sans-serif`. */
  font?: string;
}

const HEX = /^#(?:[\da-f]{3}){1,2}$/i;
/** `#abc` → `#aabbcc`; undefined when not a hex colour. */
const colour = (v: unknown) => (typeof v === 'string' && HEX.test(v) ? (v.length < 5 ? v.replace(/\w/g, '$&$&') : v).toLowerCase() : undefined);
const COLOUR = 'expected a hex colour such as #4338ca';
/** What each field accepts, as a check returning the CSS value (undefined: refused) and the message. */
const FIELDS: Record<keyof Theme, [(v: unknown) => string | undefined, string]> = {
  mode: [(v) => (v === 'auto' || v === 'light' || v === 'dark' ? v : undefined), 'expected "auto", "light" or "dark"'],
  brand: [colour, COLOUR],
  background: [colour, COLOUR],
  text: [colour, COLOUR],
  radius: [
    (v) => {
      const m = /^(\d*\.?\d+)(px|r?em)?$/.exec(typeof v === 'number' || typeof v === 'string' ? `${v}`.trim() : '');
      // 32px, or 2rem / 2em (32px at the usual 16px root).
      return m && +m[1]! <= (m[2] && m[2] !== 'px' ? 2 : 32) ? m[1]! + (m[2] ?? 'px') : undefined;
    },
    'expected a number of pixels from 0 to 32 or a CSS length such as 12px or 1rem',
  ],
  font: [
    // The value goes into a stylesheet: nothing that could end the declaration or rule, start a comment
    // or leave a string open.
    (v) => (typeof v === 'string' && v.length <= 200 && !/[;{}<>/\\\0-\x1f]/.test(v) && !/["']/.test(v.replace(/"[^"]*"|'[^']*'/g, '')) && v.trim()) || undefined,
    'expected a font-family list such as "Inter", sans-serif (at most 200 characters, without ; { } < > / or \\)',
  ],
};

const got = (v: unknown) => (typeof v === 'string' ? `"${v.slice(0, 40)}"` : String(v));

function field(key: string, v: unknown, name: string): string {
  const rule = FIELDS[key as keyof Theme];
  if (!rule) throw new AftercareError(name, `expected one of the theme fields ${Object.keys(FIELDS).join(', ')}`);
  const css = rule[0](v);
  if (css === undefined) throw new AftercareError(name, `${rule[1]}, got ${got(v)}`);
  return css;
}

/**
 * Validates a theme (from code or the script tag) and normalises it (`#abc` → `#aabbcc`, `12` → `12px`).
 * Throws an `AftercareError` naming the field, e.g. `[aftercare] theme.brand: expected a hex colour such as #4338ca, got "red"`.
 */
export function checkTheme(input: unknown): Theme {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new AftercareError('theme', `expected an object such as { brand: "#4338ca" }, got ${got(input)}`);
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) if (v !== undefined) out[k] = field(k, v, `theme.${k}`);
  return out as Theme;
}

/** Host custom properties a merchant may set from their own CSS, and the theme field each feeds. */
const HOST_VARS = { brand: 'brand', bg: 'background', text: 'text', radius: 'radius', font: 'font' } as const;

/**
 * The theme a merchant set in their CSS on (or above) the host, e.g. `aftercare-survey { --aftercare-brand: #e11d48 }`.
 * Custom properties inherit into the shadow root and `all: initial` leaves them alone; they are read
 * once, when the survey opens, so the text colour on the brand can be picked for contrast. An invalid
 * value is reported and ignored: the merchant's stylesheet must never break the page.
 */
export function hostTheme(host: Element): Theme {
  const style = getComputedStyle(host);
  const out: Record<string, string> = {};
  for (const [name, key] of Object.entries(HOST_VARS)) {
    const v = style.getPropertyValue(`--aftercare-${name}`).trim();
    try {
      if (v) out[key] = field(key, v, `--aftercare-${name}`);
    } catch (e) {
      console.error((e as Error).message);
    }
  }
  return out as Theme;
}

const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(colour(hex)!.slice(i, i + 2), 16));
const lum = (hex: string) =>
  rgb(hex).reduce((sum, c, i) => ((c /= 255), sum + [0.2126, 0.7152, 0.0722][i]! * (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)), 0);

/**
 * WCAG 2 contrast ratio of two hex colours, 1–21.
 * @example contrast('#fff', '#000') // 21
 */
export function contrast(a: string, b: string): number {
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x! + 0.05) / (y! + 0.05);
}

/**
 * Text colour for a fill: `#fff` or `#111`, whichever contrasts more.
 * @example onColor('#ffff00') // '#111'
 */
export function onColor(fill: string): '#fff' | '#111' {
  return contrast(fill, '#fff') >= contrast(fill, '#111') ? '#fff' : '#111';
}

/** `a` blended into `b`, `t` of the way from b to a. */
const mix = (a: string, b: string, t: number) => `#${rgb(a).map((c, i) => Math.round(c * t + rgb(b)[i]! * (1 - t)).toString(16).padStart(2, '0')).join('')}`;

/** The first colour with at least `min`:1 contrast on `bg`, else the last. */
const first = (bg: string, min: number, ...cs: string[]) => cs.find((c) => contrast(c, bg) >= min) ?? cs[cs.length - 1]!;

/**
 * Every colour the CSS uses, derived so WCAG 2.2 AA holds whatever the merchant picked: muted text
 * 4.5:1, option borders 3:1 (1.4.11), and `ring` (focus outline, chosen-option border, filled star
 * outline) 3:1 against the card. A brand too pale or too dark for the card keeps its fills; the ring
 * then switches to black or white so the chosen state and focus stay visible.
 */
function palette(brand: string, bg: string, text: string): string {
  const muted = first(bg, 4.5, mix(text, bg, 0.75), text);
  const vars = {
    brand,
    'on-brand': onColor(brand),
    bg,
    text,
    muted,
    line: first(bg, 3, mix(text, bg, 0.55), muted),
    ring: first(bg, 3, brand, onColor(bg)),
    err: first(bg, 4.5, '#b91c1c', '#fca5a5', text),
  };
  // !important: in the cascade a page rule on <aftercare-survey> beats :host, unless :host's is important.
  return Object.entries(vars).map(([k, v]) => `--ac-${k}:${v}!important;`).join('');
}

const DARK_BG = '#18181b';
const DARK_TEXT = '#f4f4f5';
// system-ui carries CJK and Arabic glyphs on every current platform; the rest are for older ones.
const FONT = 'system-ui,-apple-system,"Segoe UI",Roboto,sans-serif';

/**
 * The theme as a `:host` rule of custom properties, appended to the survey's stylesheet. In `auto`
 * mode with the default colours, a `prefers-color-scheme: dark` block swaps in dark ones; a merchant
 * colour for the background or text turns that off (we would otherwise override their choice).
 * @example themeCss({ brand: '#0f766e', radius: '4px' })
 */
export function themeCss(t: Theme = {}): string {
  const brand = t.brand ?? '#4338ca';
  const dark = t.mode === 'dark';
  let css = `:host{${palette(brand, t.background ?? (dark ? DARK_BG : '#ffffff'), t.text ?? (dark ? DARK_TEXT : '#1f2937'))}--ac-radius:${t.radius ?? '12px'}!important;--ac-font:${t.font ?? FONT}!important}`;
  if ((t.mode ?? 'auto') === 'auto' && !t.background && !t.text) css += `@media (prefers-color-scheme:dark){:host{${palette(brand, DARK_BG, DARK_TEXT)}}}`;
  return css;
}

