import type { RedactKind } from './redact-kinds.ts';

// Type imports only: the SDK loads this file on demand (dist/aftercare-redact.js), and a runtime
// import would split what it shares with the SDK into a third file. REDACT_KINDS is in redact-kinds.ts.
export type { RedactKind };

/*
 * Minimisation: personal data a customer types into a comment ("call me on 138 1234 5678") is masked
 * before the answer is stored or sent, and a collector can apply the same rules again (AFTERCARE_REDACT).
 * Each rule is a pattern plus a check that keeps false positives down: an order number or a date must
 * come through as written. Numbers are taken whole: digits (or letters) right beside a match mean it
 * is part of something longer, such as an order number.
 */

const digits = (s: string) => s.replace(/\D/g, '');

/** PRC resident identity number: 17 digits, then a check character by ISO 7064 MOD 11-2; a plausible birth date. */
const idOk = (s: string) => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * ((2 ** (17 - i)) % 11);
  const birth = /^(18|19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(s.slice(6, 14));
  return birth && '10X98765432'[sum % 11] === s[17]!.toUpperCase();
};

/** Payment card number: 13–19 digits passing Luhn's check. */
const luhn = (s: string) => {
  const d = digits(s);
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = Number(d[d.length - 1 - i]);
    if (i % 2) n = n > 4 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return d.length >= 13 && d.length <= 19 && sum % 10 === 0;
};

/** International numbers have 8–15 digits with the country code (E.164). */
const phoneOk = (s: string) => digits(s).length >= 8 && digits(s).length <= 15;

const always = () => true;

// Order matters: an e-mail address may contain digits, an identity number would also pass for a card.
const RULES: Array<[RedactKind, RegExp, (m: string) => boolean]> = [
  ['email', /[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, always],
  ['id', /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, idOk],
  // Cards start with 2–6 (Mastercard's 2-series, Amex, Visa, Mastercard, Discover and UnionPay); groups by space or hyphen.
  ['card', /(?<![\dA-Za-z-])[2-6]\d(?:[ -]?\d){11,17}(?![\dA-Za-z])/g, luhn],
  ['phone', /\+[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,5}(?![\dA-Za-z])/g, phoneOk],
  // Mainland China mobile: 1[3-9]x xxxx xxxx, written whole or in 3-4-4 groups.
  ['phone', /(?<![\dA-Za-z+-])1[3-9]\d(?:[ -]?\d{4}){2}(?![\dA-Za-z])/g, always],
];

/**
 * `text` with the personal data of the given kinds masked by runs of `•` of the same length:
 * `email` (e-mail addresses), `phone` (international `+…` numbers and mainland China mobile numbers),
 * `id` (PRC resident identity numbers, check digit verified) and `card` (payment card numbers, Luhn).
 * Pure, no DOM: the SDK applies it to comments, a collector may apply it again.
 * @example redactText('Call me on +49 30 1234567', ['phone']) // 'Call me on ••••••••••••••'
 */
export function redactText(text: string, kinds: readonly RedactKind[]): string {
  for (const [kind, re, ok] of RULES) {
    if (kinds.includes(kind)) text = text.replace(re, (m) => (ok(m) ? '•'.repeat(m.length) : m));
  }
  return text;
}
