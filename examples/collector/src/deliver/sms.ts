// The text of an `invitation.due` event: the locale's short line with the survey link, made to fit one
// SMS. A message is GSM-7 (160 septets; the extension characters ^ { } \ [ ~ ] | € take two) when
// every character is in the GSM 03.38 alphabet, else UCS-2 (70 UTF-16 code units); longer ones are
// sent in parts of 153 or 67. The alphabet is written out here rather than taken from a package: it is
// one fixed table (3GPP TS 23.038), smaller than any dependency's import, and gateways count by it.
import { fill, mailStrings, type Locale } from './strings.ts';

const GSM7 = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
const GSM7_EXT = new Set('\f^{}\\[~]|€');
/** Look-alikes a GSM-7 message spells the GSM way, so a curly apostrophe in a name does not make it UCS-2. */
const PLAIN: Record<string, string> = { '‘': "'", '’': "'", '‚': "'", '′': "'", '“': '"', '”': '"', '„': '"', '″': '"', '–': '-', '—': '-', '‒': '-', '−': '-', '…': '...' };

export type SmsEncoding = 'gsm7' | 'ucs2';
export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  /** The parts it is sent in: 1 up to 160 septets or 70 units, then 153 or 67 a part. */
  segments: number;
}

/** The septets of `text` if every character is GSM-7, else null. */
export function gsm7Units(text: string): number | null {
  let n = 0;
  for (const ch of text) {
    if (GSM7.has(ch)) n += 1;
    else if (GSM7_EXT.has(ch)) n += 2;
    else return null;
  }
  return n;
}

/**
 * How an SMS gateway counts `text`.
 * @example smsLength('Hi') // { encoding: 'gsm7', units: 2, segments: 1 }
 */
export function smsLength(text: string): SmsLength {
  const septets = gsm7Units(text);
  const [encoding, units, one, part] = septets === null ? (['ucs2', text.length, 70, 67] as const) : (['gsm7', septets, 160, 153] as const);
  return { encoding, units, segments: units <= one ? 1 : Math.ceil(units / part) };
}

/** A name spelt in GSM-7: look-alikes replaced, accents the alphabet lacks dropped (ó → o), other characters left out. */
export function toGsm7(name: string): string {
  let out = '';
  for (const ch of name) {
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
    out += gsm7Units(ch) !== null ? ch : (PLAIN[ch] ?? (gsm7Units(base) !== null ? base : /\s/.test(ch) ? ' ' : ''));
  }
  return out.replace(/\s+/g, ' ').trim();
}

/** The template without the brand and what frames it (`【…】`, `[…]`, `…:`), for a name with no room left. */
const withoutBrand = (template: string) => template.replace(/[【[]?\{brand\}[】\]]?\s*[:：]?\s*/, '');

export interface SmsText extends SmsLength {
  text: string;
}

/**
 * The SMS of an invitation in `locale`: its words, the merchant's name and the link. The name is
 * shortened (`Fahrradladen M.`, `【顺丰…】`) or left out when the whole would not fit one SMS; the link never
 * is. Where the words are GSM-7, the name is spelt in GSM-7 too, so it cannot turn a 160-character
 * message into a 70-character one. A link so long that nothing fits gives more than one segment.
 * @example smsText({ locale: 'en', brand: 'Shop', link: 'https://feedback.shop.example/s/…' }).text
 */
export function smsText(o: { locale: Locale; brand: string; link: string }): SmsText {
  const template = mailStrings(o.locale).sms;
  const make = (brand: string) => (brand ? fill(template, { brand, link: o.link }) : fill(withoutBrand(template), { link: o.link }));
  const gsm = gsm7Units(fill(template, { brand: '', link: o.link })) !== null;
  const brand = gsm ? toGsm7(o.brand) : o.brand.replace(/\s+/g, ' ').trim();
  const fits = (text: string) => smsLength(text).segments === 1;
  const measured = (text: string): SmsText => ({ text, ...smsLength(text) });
  if (fits(make(brand))) return measured(make(brand));
  // Cut by code points (never half a surrogate pair), marked as cut: `.` in GSM-7, `…` otherwise.
  const chars = Array.from(brand);
  for (let n = chars.length - 1; n >= 1; n--) {
    const text = make(`${chars.slice(0, n).join('').trimEnd()}${gsm ? '.' : '…'}`);
    if (fits(text)) return measured(text);
  }
  return measured(make(''));
}
