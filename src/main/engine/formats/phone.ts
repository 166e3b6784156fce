/** Phone number recognition and normalisation to E.164-like `+<digits>` (no per-country numbering plans). */
import { parseNumberDetailed } from './numbers.js';

/** Extension suffix, including our own `;ext=` output so normalisation is idempotent. */
const EXT = /\s*(?:;ext=|(?:ext\.?|extension|x|#)\s*)(\d{1,6})$/i;
const ALLOWED = /^\+?[\d\s().\-/]+$/;
const TRUNK_IN_PARENS = /\(0\)/;
const NON_DIGIT = /\D/g;
const DATE_LIKE = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/;
const SEPARATOR = /[\s().\-/]/;

export interface PhoneDetail {
  /** `+<digits>` when the country code is known, else digits only; `;ext=N` appended. */
  normalized: string;
  /** Where the country code came from: the text ('+' or '00'), the default, or nowhere. */
  country: 'explicit' | 'default' | 'none';
}

function parensOk(t: string): boolean {
  const open = t.indexOf('(');
  const close = t.indexOf(')');
  if (open < 0 && close < 0) return true;
  return open >= 0 && close > open && t.indexOf('(', open + 1) < 0 && t.indexOf(')', close + 1) < 0;
}

/**
 * Normalises a phone number. A leading '+' or '00' carries the country code; otherwise
 * `defaultCountryCode` (digits) is prefixed after dropping the national trunk prefix: a single
 * leading '0', or for NANP (code 1) a leading '1' on an 11-digit number. Without either, the
 * result is digits only. Returns null for letters, dates, or fewer than 7 / more than 15 digits.
 */
export function normalizePhoneDetailed(s: string, defaultCountryCode?: string): PhoneDetail | null {
  let t = s.trim();
  if (t.length === 0 || t.length > 40) return null;
  let ext = '';
  const m = EXT.exec(t);
  if (m) {
    ext = `;ext=${m[1] as string}`;
    t = t.slice(0, m.index).trim();
  }
  if (!ALLOWED.test(t) || DATE_LIKE.test(t)) return null;
  const plus = t.startsWith('+');
  // "+44 (0)20 ..." writes the trunk prefix that international callers must skip.
  if (plus) t = t.replace(TRUNK_IN_PARENS, '');
  if (!parensOk(t)) return null;
  let digits = t.replace(NON_DIGIT, '');
  let country: PhoneDetail['country'] = 'none';
  if (plus) country = 'explicit';
  // On the digits, not the text: "(00 44 …" or "0-0…" dial the international prefix too, and a
  // digits-only result starting with 00 would read as one when normalised again.
  else if (digits.startsWith('00')) {
    digits = digits.slice(2);
    country = 'explicit';
  } else if (defaultCountryCode) {
    if (defaultCountryCode === '1' && digits.length === 11 && digits.startsWith('1')) digits = digits.slice(1);
    else if (digits.startsWith('0')) digits = digits.slice(1);
    digits = defaultCountryCode + digits;
    country = 'default';
  }
  if (digits.length < 7 || digits.length > 15) return null;
  if (country !== 'none' && digits.startsWith('0')) return null;
  return { normalized: `${country === 'none' ? '' : '+'}${digits}${ext}`, country };
}

export function normalizePhone(s: string, defaultCountryCode?: string): string | null {
  return normalizePhoneDetailed(s, defaultCountryCode)?.normalized ?? null;
}

/**
 * For profiling: normalisable, and written like a phone number (a '+'/'00' prefix or at least one
 * separator). Bare digit runs and anything that reads as a number ("1 234 567", "123.45") are left
 * to the numeric and identifier types.
 */
export function isPhone(s: string): boolean {
  const t = s.trim();
  if (normalizePhoneDetailed(t) === null) return false;
  if (parseNumberDetailed(t, '.') !== null) return false;
  return t.startsWith('+') || t.startsWith('00') || SEPARATOR.test(t);
}
