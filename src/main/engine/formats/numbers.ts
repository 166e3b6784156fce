/** Loose number recognition: thousands separators, currency, percent, accounting negatives, exponents. */

export interface ParsedNumber {
  value: number;
  percent: boolean;
}

/** What parseNumberDetailed learned besides the value; the profiler uses the flags to pick a type. */
export interface NumberDetail extends ParsedNumber {
  /** A plain JS numeric literal for the value (before any percent scaling), e.g. "-1234.5", "1.5e3". */
  literal: string;
  currency: boolean;
  grouped: boolean;
  fraction: boolean;
  exponent: boolean;
  /** Negative written in parentheses, as accountants do: (123.45). */
  accounting: boolean;
}

const CURRENCY_CODES = 'USD|EUR|GBP|JPY|CNY|RMB|INR|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|CZK|HUF|RUB|BRL|MXN|ZAR|KRW|SGD|HKD|TRY|ILS|AED|SAR|THB|IDR|MYR|PHP|VND|UAH|NGN|ARS|CLP|COP|PEN';
const SYMBOLS = '$€£¥₹₩₽₺₪฿₫₴₦₱¢';
/** "US$", "A$", "R$" as well as bare symbols and ISO codes. */
const CUR_PREFIX = new RegExp(`^(?:[A-Z]{1,2}\\$|[${SYMBOLS}]|(?:${CURRENCY_CODES})(?![A-Za-z]))\\s*`);
const CUR_SUFFIX = new RegExp(`\\s*(?:[${SYMBOLS}]|(?<![A-Za-z])(?:${CURRENCY_CODES}))$`);
const PERCENT_SUFFIX = /\s*%$/;

// Group separators: comma, dot, apostrophes and the spaces used by fr-FR, de-CH and friends.
// The backreference keeps one separator per number ("1,234.567,890" is not a number).
const PLAIN_DOT = /^(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;
const PLAIN_COMMA = /^(\d*)(?:,(\d*))?(?:[eE]([+-]?\d{1,3}))?$/;
const GROUPED_DOT = /^(\d{1,3}([, \u00a0\u202f\u2009'’])\d{3}(?:\2\d{3})*)(?:\.(\d*))?$/;
const GROUPED_COMMA = /^(\d{1,3}([. \u00a0\u202f\u2009'’])\d{3}(?:\2\d{3})*)(?:,(\d*))?$/;
/** Indian lakh/crore grouping: 12,34,567.89. */
const GROUPED_INDIAN = /^(\d{1,2}(?:,\d{2})+,\d{3})(?:\.(\d*))?$/;
const NON_DIGIT = /\D/g;
const SIMPLE = /^[+-]?\d{1,15}(?:\.\d{1,15})?$/;

function stripSign(t: string): { t: string; neg: boolean; had: boolean } {
  const c = t[0];
  if (c === '-' || c === '+' || c === '\u2212') return { t: t.slice(1).trimStart(), neg: c !== '+', had: true };
  return { t, neg: false, had: false };
}

/**
 * Parses number-like text. `decimal` is the decimal separator; the other of '.'/',' is then only
 * accepted as a thousands separator in groups of three. Dates, phone numbers and other
 * digit-with-dash shapes are rejected because their dashes are neither sign nor separator.
 */
export function parseNumberDetailed(s: string, decimal: '.' | ','): NumberDetail | null {
  // Fast path for the common case: an optionally signed integer or dot-decimal with no decoration.
  if (SIMPLE.test(s) && (decimal === '.' || !s.includes('.'))) {
    const fraction = s.includes('.');
    let value = Number(s);
    if (value === 0) value = 0;
    const literal = s.charCodeAt(0) === 43 ? s.slice(1) : s;
    return { value, percent: false, literal, currency: false, grouped: false, fraction, exponent: false, accounting: false };
  }
  let t = s.trim();
  if (t.length === 0 || t.length > 100) return null;
  let neg = false;
  let paren = false;
  if (t.startsWith('(') && t.endsWith(')')) {
    paren = true;
    neg = true;
    t = t.slice(1, -1).trim();
  }
  let sign = stripSign(t);
  t = sign.t;
  let signed = sign.had;
  if (sign.neg) neg = !neg;
  let currency = false;
  const pre = CUR_PREFIX.exec(t);
  if (pre) {
    currency = true;
    t = t.slice(pre[0].length);
    if (!signed) {
      sign = stripSign(t);
      t = sign.t;
      signed = sign.had;
      if (sign.neg) neg = !neg;
    }
  }
  if (paren && signed) return null;
  let percent = false;
  const pct = PERCENT_SUFFIX.exec(t);
  if (pct) {
    percent = true;
    t = t.slice(0, pct.index);
  }
  if (!currency && !percent) {
    const suf = CUR_SUFFIX.exec(t);
    if (suf) {
      currency = true;
      t = t.slice(0, suf.index);
    }
  }
  if (currency && percent) return null;

  const body = splitBody(t, decimal);
  if (!body) return null;
  const { intPart, frac, exp, grouped } = body;
  if (intPart.length === 0 && (frac === undefined || frac.length === 0)) return null;
  let literal = `${neg ? '-' : ''}${intPart.length ? intPart : '0'}`;
  if (frac !== undefined && frac.length > 0) literal += `.${frac}`;
  if (exp !== undefined) literal += `e${exp}`;
  let value = Number(literal);
  if (!Number.isFinite(value)) return null;
  if (value === 0) value = 0; // no -0 in output
  return {
    value, percent, literal, currency, grouped, accounting: paren,
    fraction: frac !== undefined && frac.length > 0, exponent: exp !== undefined,
  };
}

interface Body { intPart: string; frac: string | undefined; exp: string | undefined; grouped: boolean }

function splitBody(t: string, decimal: '.' | ','): Body | null {
  const plain = (decimal === '.' ? PLAIN_DOT : PLAIN_COMMA).exec(t);
  if (plain) return { intPart: plain[1] as string, frac: plain[2], exp: plain[3], grouped: false };
  const g = (decimal === '.' ? GROUPED_DOT : GROUPED_COMMA).exec(t);
  if (g) return { intPart: (g[1] as string).replace(NON_DIGIT, ''), frac: g[3], exp: undefined, grouped: true };
  const ind = decimal === '.' ? GROUPED_INDIAN.exec(t) : null;
  if (ind) return { intPart: (ind[1] as string).replace(NON_DIGIT, ''), frac: ind[2], exp: undefined, grouped: true };
  return null;
}

/** parseNumberDetailed without the details. */
export function parseNumberLoose(s: string, decimal: '.' | ','): ParsedNumber | null {
  const d = parseNumberDetailed(s, decimal);
  return d ? { value: d.value, percent: d.percent } : null;
}

/** A plain integer: optional sign and thousands grouping, no currency, percent, fraction or exponent. */
export function looksInteger(s: string, decimal: '.' | ',' = '.'): boolean {
  const d = parseNumberDetailed(s, decimal);
  return d !== null && !d.currency && !d.percent && !d.fraction && !d.exponent && !d.accounting;
}

/** Anything parseNumberLoose accepts (so integers too); the profiler checks looksInteger first. */
export function looksDecimal(s: string, decimal: '.' | ',' = '.'): boolean {
  return parseNumberDetailed(s, decimal) !== null;
}

const BOTH = /^[^.,]*[.,][^.,]*[.,]/;
const LAST_SEP = /[.,](?=[^.,]*$)/;
const ONE_SEP_THREE = /^[^.,]*\d[.,]\d{3}(?!\d)[^.,]*$/;

/**
 * Guesses the decimal separator from sample values by vote. A value with both marks votes for
 * the last one; a single separator followed by exactly three digits ("1,234") is ambiguous and
 * does not vote; repeated identical separators are grouping. Ties go to '.'.
 */
export function detectDecimalSeparator(values: readonly string[]): '.' | ',' {
  let dot = 0;
  let comma = 0;
  for (const raw of values) {
    const v = raw.trim();
    const hasDot = v.includes('.');
    const hasComma = v.includes(',');
    if (!hasDot && !hasComma) continue;
    if (hasDot && hasComma) {
      const last = LAST_SEP.exec(v);
      if (last && last[0] === ',') comma++;
      else dot++;
      continue;
    }
    if (BOTH.test(v)) {
      // repeated one kind of mark: it is grouping, so the decimal is the other one
      if (hasDot) comma++;
      else dot++;
      continue;
    }
    if (ONE_SEP_THREE.test(v)) continue;
    if (hasDot) dot++;
    else comma++;
  }
  return comma > dot ? ',' : '.';
}
