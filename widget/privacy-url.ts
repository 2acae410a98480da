import { AftercareError } from '../src/errors.ts';

/**
 * `url` resolved against the page when it is http(s); anything else (`javascript:`, `data:`) is an
 * `AftercareError` naming `field`.
 * @example checkPrivacyUrl('/privacy', 'data-privacy-url') // 'https://shop.example/privacy'
 */
export function checkPrivacyUrl(url: string, field: string): string {
  let u: URL | undefined;
  try {
    u = new URL(url, location.href);
  } catch {
    // Reported below like any other non-http(s) value.
  }
  if (u?.protocol !== 'https:' && u?.protocol !== 'http:') throw new AftercareError(field, `expected an http(s) URL, got "${url.slice(0, 40)}"`);
  return u.href;
}
