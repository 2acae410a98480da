import { describe, expect, test } from 'vitest';
import { AftercareError } from '../../sdk/index.ts';
import { checkTheme, contrast, onColor, themeCss, type Theme } from '../../widget/theme.ts';

/** The AftercareError `checkTheme` throws (fails the test if it throws nothing or something else). */
function themeError(input: unknown): AftercareError {
  try {
    checkTheme(input);
  } catch (e) {
    expect(e).toBeInstanceOf(AftercareError);
    return e as AftercareError;
  }
  throw new Error('expected checkTheme to throw an AftercareError');
}

/** The custom properties of the first `:host{…}` rule (light, or the only palette), or of the dark block. */
function vars(css: string, block: 'base' | 'dark' = 'base'): Record<string, string> {
  const body = block === 'base' ? /^:host\{([^}]*)\}/.exec(css)![1]! : /prefers-color-scheme:dark\)\{:host\{([^}]*)\}/.exec(css)![1]!;
  return Object.fromEntries(
    body
      .split(/;(?=--)/)
      .map((d) => /^(--ac-[\w-]+):(.*?)!important;?$/.exec(d)!)
      .map((m) => [m[1]!, m[2]!]),
  );
}

const HEX = 'expected a hex colour such as #4338ca';

describe('checkTheme', () => {
  test.each([
    [{ mode: 'dim' }, 'theme.mode', 'expected "auto", "light" or "dark", got "dim"'],
    [{ brand: 'red' }, 'theme.brand', `${HEX}, got "red"`],
    [{ brand: '#12345' }, 'theme.brand', `${HEX}, got "#12345"`],
    [{ brand: 'rgb(0,0,0)' }, 'theme.brand', `${HEX}, got "rgb(0,0,0)"`],
    [{ background: '#ggg' }, 'theme.background', `${HEX}, got "#ggg"`],
    [{ text: 4338 }, 'theme.text', `${HEX}, got 4338`],
    [{ radius: 40 }, 'theme.radius', 'expected a number of pixels from 0 to 32 or a CSS length such as 12px or 1rem, got 40'],
    [{ radius: -1 }, 'theme.radius', 'expected a number of pixels from 0 to 32 or a CSS length such as 12px or 1rem, got -1'],
    [{ radius: '3rem' }, 'theme.radius', 'expected a number of pixels from 0 to 32 or a CSS length such as 12px or 1rem, got "3rem"'],
    [{ radius: '12px;color:red' }, 'theme.radius', 'expected a number of pixels from 0 to 32 or a CSS length such as 12px or 1rem, got "12px;color:red"'],
    [{ font: 'Inter;}:host{display:none' }, 'theme.font', 'expected a font-family list such as "Inter", sans-serif (at most 200 characters, without ; { } < > / or \\), got "Inter;}:host{display:none"'],
    [{ font: '"Inter' }, 'theme.font', 'expected a font-family list such as "Inter", sans-serif (at most 200 characters, without ; { } < > / or \\), got ""Inter"'],
    [{ font: 'Inter /* x' }, 'theme.font', 'expected a font-family list such as "Inter", sans-serif (at most 200 characters, without ; { } < > / or \\), got "Inter /* x"'],
    [{ font: 'a'.repeat(201) }, 'theme.font', `expected a font-family list such as "Inter", sans-serif (at most 200 characters, without ; { } < > / or \\), got "${'a'.repeat(40)}"`],
    [{ font: '   ' }, 'theme.font', 'expected a font-family list such as "Inter", sans-serif (at most 200 characters, without ; { } < > / or \\), got "   "'],
    [{ brnad: '#fff' }, 'theme.brnad', 'expected one of the theme fields mode, brand, background, text, radius, font'],
    ['#4338ca', 'theme', 'expected an object such as { brand: "#4338ca" }, got "#4338ca"'],
    [null, 'theme', 'expected an object such as { brand: "#4338ca" }, got null'],
  ])('%j → %s: %s', (input, field, expected) => {
    const err = themeError(input);
    expect(err.field).toBe(field);
    expect(err.expected).toBe(expected);
    expect(err.message).toBe(`[aftercare] ${field}: ${expected}`);
  });

  test('valid values are normalised', () => {
    expect(checkTheme({})).toEqual({});
    expect(
      checkTheme({ mode: 'dark', brand: '#ABC', background: '#0B1020', text: '#fff', radius: 12, font: ' "Inter", \'Noto Sans\', sans-serif ' }),
    ).toEqual({ mode: 'dark', brand: '#aabbcc', background: '#0b1020', text: '#ffffff', radius: '12px', font: '"Inter", \'Noto Sans\', sans-serif' });
    // The script tag hands over text: data-radius="4".
    expect(checkTheme({ radius: '4' })).toEqual({ radius: '4px' });
    expect(checkTheme({ radius: '1rem' })).toEqual({ radius: '1rem' });
    expect(checkTheme({ radius: 0 })).toEqual({ radius: '0px' });
    expect(checkTheme({ radius: '32px' })).toEqual({ radius: '32px' });
    expect(checkTheme({ mode: 'auto', brand: undefined })).toEqual({ mode: 'auto' });
  });
});

describe('contrast', () => {
  test('WCAG ratios', () => {
    expect(contrast('#fff', '#000')).toBe(21);
    expect(contrast('#000', '#ffffff')).toBe(21);
    expect(contrast('#777', '#777')).toBe(1);
    expect(contrast('#4338ca', '#ffffff')).toBeCloseTo(7.9, 1);
  });

  test('text on the brand: whichever of #fff and #111 contrasts more', () => {
    expect(onColor('#ffff00')).toBe('#111');
    expect(onColor('#4338ca')).toBe('#fff');
    expect(onColor('#e11d48')).toBe('#fff');
    expect(onColor('#fde68a')).toBe('#111');
  });
});

describe('themeCss', () => {
  test('defaults: every custom property, and a dark palette for prefers-color-scheme: dark', () => {
    const css = themeCss();
    expect(vars(css)).toEqual({
      '--ac-brand': '#4338ca',
      '--ac-on-brand': '#fff',
      '--ac-bg': '#ffffff',
      '--ac-text': '#1f2937',
      '--ac-muted': '#575f69',
      '--ac-line': '#848991',
      '--ac-ring': '#4338ca',
      '--ac-err': '#b91c1c',
      '--ac-radius': '12px',
      '--ac-font': 'system-ui,-apple-system,"Segoe UI",Roboto,sans-serif',
    });
    expect(css).toContain('@media (prefers-color-scheme:dark){:host{');
    const dark = vars(css, 'dark');
    expect(dark['--ac-bg']).toBe('#18181b');
    expect(dark['--ac-text']).toBe('#f4f4f5');
    // The default brand is too dark for the dark card: fills keep it, the ring turns white.
    expect(dark['--ac-brand']).toBe('#4338ca');
    expect(dark['--ac-ring']).toBe('#fff');
  });

  test('merchant brand, radius and font', () => {
    const v = vars(themeCss({ brand: '#0f766e', radius: '4px', font: '"Inter", sans-serif' }));
    expect(v['--ac-brand']).toBe('#0f766e');
    expect(v['--ac-on-brand']).toBe('#fff');
    expect(v['--ac-radius']).toBe('4px');
    expect(v['--ac-font']).toBe('"Inter", sans-serif');
  });

  test('a pale brand keeps its fill; chosen-state text and the focus ring switch to a dark colour', () => {
    const v = vars(themeCss({ brand: '#ffff00' }));
    expect(v['--ac-brand']).toBe('#ffff00');
    expect(v['--ac-on-brand']).toBe('#111');
    expect(v['--ac-ring']).toBe('#111');
    expect(contrast(v['--ac-ring']!, v['--ac-bg']!)).toBeGreaterThanOrEqual(3);
  });

  test('a background or text colour turns automatic dark mode off', () => {
    expect(themeCss({ background: '#fffbeb' })).not.toContain('prefers-color-scheme');
    expect(themeCss({ text: '#111111' })).not.toContain('prefers-color-scheme');
    expect(themeCss({ mode: 'light' })).not.toContain('prefers-color-scheme');
    expect(themeCss({ mode: 'dark' })).not.toContain('prefers-color-scheme');
    expect(themeCss({ mode: 'auto', brand: '#e11d48' })).toContain('prefers-color-scheme');
  });

  test('mode dark uses the dark palette always; merchant colours still win', () => {
    expect(vars(themeCss({ mode: 'dark' }))['--ac-bg']).toBe('#18181b');
    expect(vars(themeCss({ mode: 'dark', background: '#000000' }))['--ac-bg']).toBe('#000000');
  });

  test.each<Theme>([
    {},
    { brand: '#ffff00' },
    { brand: '#111111', background: '#000000', text: '#ffffff' },
    { brand: '#777777', background: '#777777', text: '#000000' },
    { brand: '#e11d48', background: '#fffbeb', text: '#7c2d12' },
    { mode: 'dark', brand: '#a5b4fc' },
  ])('derived colours meet WCAG AA on the card: %j', (theme) => {
    const css = themeCss(theme);
    for (const v of [vars(css), ...(css.includes('prefers-color-scheme') ? [vars(css, 'dark')] : [])]) {
      const bg = v['--ac-bg']!;
      // Focus ring and chosen-option border: 3:1 (WCAG 2.4.13 / 1.4.11); option borders 3:1; muted and error text 4.5:1.
      expect(contrast(v['--ac-ring']!, bg)).toBeGreaterThanOrEqual(3);
      expect(contrast(v['--ac-line']!, bg)).toBeGreaterThanOrEqual(3);
      expect(contrast(v['--ac-muted']!, bg)).toBeGreaterThanOrEqual(Math.min(4.5, contrast(v['--ac-text']!, bg)));
      expect(contrast(v['--ac-err']!, bg)).toBeGreaterThanOrEqual(Math.min(4.5, contrast(v['--ac-text']!, bg)));
      // Text on the brand is the better of the two candidates.
      const on = v['--ac-on-brand']!;
      expect(contrast(on, v['--ac-brand']!)).toBeGreaterThanOrEqual(contrast(on === '#fff' ? '#111' : '#fff', v['--ac-brand']!));
    }
  });
});
