/**
 * Personal-data detectors for profiling: email addresses, phone numbers, payment card numbers
 * (Luhn), national ids (US SSN, UK National Insurance number, Canadian SIN) and IBANs (mod-97).
 */
import { isEmail } from './email.js';
import { isPhone } from './phone.js';

export type PiiKind = 'email' | 'phone' | 'credit-card' | 'national-id' | 'iban';

export interface PiiShare {
  kind: PiiKind;
  /** Share of the non-blank sample values that hold this kind of data (0–1). */
  share: number;
}

/**
 * Kinds whose check can pass by chance on other data need this share of the values: one in ten
 * digit runs passes Luhn, so a column of 16-digit ids starting with 4 would reach 10%.
 */
export const PII_MIN_SHARE = 0.25;
/** Kinds validated so strictly that one value is enough to flag the column. */
const STRONG: ReadonlySet<PiiKind> = new Set<PiiKind>(['email', 'iban']);
const ORDER: readonly PiiKind[] = ['email', 'phone', 'credit-card', 'national-id', 'iban'];

/** Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const CARD_SHAPE = /^\d(?:[ -]?\d){12,18}$/;
const SAME_DIGIT = /^(\d)\1+$/;

/** Issuer prefixes and lengths of the major networks (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay). */
function knownIssuer(d: string): boolean {
  const n = d.length;
  const p2 = Number(d.slice(0, 2));
  const p4 = Number(d.slice(0, 4));
  if (d[0] === '4') return n === 13 || n === 16 || n === 19;
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16;
  if (p2 === 34 || p2 === 37) return n === 15;
  if (p4 === 6011 || p2 === 65 || (p4 >= 6440 && p4 <= 6499)) return n >= 16 && n <= 19;
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19;
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p4 >= 3000 && p4 <= 3059)) return n >= 14 && n <= 19;
  if (p2 === 62) return n >= 16 && n <= 19;
  return false;
}

/** A payment card number: 13–19 digits (spaces or dashes allowed), a known issuer prefix and a valid Luhn digit. */
export function isCreditCard(s: string): boolean {
  const t = s.trim();
  if (!CARD_SHAPE.test(t)) return false;
  const d = t.replace(/[ -]/g, '');
  return !SAME_DIGIT.test(d) && knownIssuer(d) && luhnValid(d);
}

const SSN = /^(\d{3})-(\d{2})-(\d{4})$/;
/** UK NINO: two prefix letters (not D, F, I, Q, U, V; second not O), six digits, suffix A–D. */
const NINO = /^([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?\d{2} ?\d{2} ?\d{2} ?[A-D]$/;
const NINO_NEVER = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);
const SIN = /^(\d{3})[ -](\d{3})[ -](\d{3})$/;

/**
 * A national identity number in its usual written form: a US Social Security number
 * (`ddd-dd-dddd`, never area 000, 666 or 9xx, group 00 or serial 0000), a UK National Insurance
 * number (`AB 12 34 56 C`), or a Canadian Social Insurance number (`ddd ddd ddd`, Luhn-valid).
 * Unformatted nine-digit runs are left alone: too many other ids look the same.
 */
export function isNationalId(s: string): boolean {
  const t = s.trim();
  const ssn = SSN.exec(t);
  if (ssn) {
    const area = Number(ssn[1]);
    return area !== 0 && area !== 666 && area < 900 && ssn[2] !== '00' && ssn[3] !== '0000';
  }
  const nino = NINO.exec(t.toUpperCase());
  if (nino) return !NINO_NEVER.has(nino[1] as string);
  const sin = SIN.exec(t);
  if (sin) {
    return luhnValid(`${sin[1]}${sin[2]}${sin[3]}`);
  }
  return false;
}

/** IBAN lengths by country (ISO 13616 registry). */
const IBAN_LENGTH: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28,
  HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29,
  RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22,
  VG: 24, XK: 20,
};
const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]+$/;

/** An IBAN (spaces allowed, any case): the country's length and a mod-97 remainder of 1. */
export function isIban(s: string): boolean {
  const t = s.replace(/ /g, '').toUpperCase();
  if (!IBAN_SHAPE.test(t) || IBAN_LENGTH[t.slice(0, 2)] !== t.length) return false;
  const moved = t.slice(4) + t.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < moved.length; i++) {
    const c = moved.charCodeAt(i);
    // Letters count as two digits (A = 10 … Z = 35).
    rem = c >= 65 ? (rem * 100 + (c - 55)) % 97 : (rem * 10 + (c - 48)) % 97;
  }
  return rem === 1;
}

const EMBEDDED_EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

/** The kind of personal data a whole value is, if any; text that merely contains an email address counts as 'email'. */
export function piiKindOf(value: string): PiiKind | null {
  const t = value.trim();
  if (t.length < 6 || t.length > 320) return null;
  if (t.includes('@')) return isEmail(t) || EMBEDDED_EMAIL.test(t) ? 'email' : null;
  const c = t.charCodeAt(0);
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
    if (isIban(t)) return 'iban';
    return isNationalId(t) ? 'national-id' : null;
  }
  if (isCreditCard(t)) return 'credit-card';
  if (isNationalId(t)) return 'national-id';
  return isPhone(t) ? 'phone' : null;
}

/**
 * Which kinds of personal data a column's sample holds, with their shares of the non-blank
 * values. Email and IBAN are reported from a single value; the others need PII_MIN_SHARE, since
 * their checks also pass by chance on some ordinary numbers.
 */
export function detectPii(values: readonly string[]): PiiShare[] {
  const counts = new Map<PiiKind, number>();
  let present = 0;
  for (const v of values) {
    if (v.trim().length === 0) continue;
    present++;
    const k = piiKindOf(v);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const out: PiiShare[] = [];
  for (const kind of ORDER) {
    const n = counts.get(kind) ?? 0;
    if (n === 0) continue;
    const share = n / present;
    if (STRONG.has(kind) || share >= PII_MIN_SHARE) out.push({ kind, share: Math.round(share * 10_000) / 10_000 });
  }
  return out;
}
