/** Type inference for one column from its sample values (with all-rows facts from the sketch). */
import { PLACEHOLDER_TOKENS } from '../formats/nulls.js';
import type { InferredType, ValueCount } from '../../../shared/profile.js';
import { BooleanMatcher } from '../formats/booleans.js';
import { detectDateFormats, parseDateWith } from '../formats/dates.js';
import { isEmail } from '../formats/email.js';
import { detectDecimalSeparator, parseNumberDetailed } from '../formats/numbers.js';
import { isPhone, normalizePhone } from '../formats/phone.js';
import { isUrl } from '../formats/url.js';
import { examples, issue, share } from './issues.js';

/** Share of (non-placeholder) values that must conform before a column gets a typed inference. */
export const CONFORMANCE = 0.9;

export interface InferInput {
  name: string;
  /** Distinct trimmed, non-blank sample values with their sample counts. */
  values: readonly ValueCount[];
  /** All rows (for the density test of integer keys). */
  rows: number;
}

export interface Inference {
  inferred: InferredType;
  confidence: number;
  decimal: '.' | ',';
  dateFormats?: string[];
  /** Parsed numeric sample values, with multiplicity (integer/decimal columns only). */
  numbers?: Float64Array;
  /** True for identifiers that are unique keys (not codes such as postcodes). */
  key: boolean;
  /** Count of placeholder spellings of "missing" ('N/A', 'null', ...) in the sample of a typed column. */
  placeholders: number;
  issues: string[];
}

/** Spellings of "missing" that should not count against a typed column (compared lower-case). */
export const PLACEHOLDERS: ReadonlySet<string> = new Set(PLACEHOLDER_TOKENS);

/**
 * A code-like column is a row key when at least this share of its values are distinct: record ids
 * repeat only where a row was imported twice (5–10% of rows in dirty exports), and a row key says
 * nothing about whether two rows are duplicates.
 */
export const ROW_KEY_DISTINCT_SHARE = 0.9;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Key-like token: letters/digits joined by - _ / . : # with at least one digit and no spaces ('rec-12-org', 'conf/vldb/X96'). */
const CODE_TOKEN = /^(?=[^\s]*\d)[A-Za-z0-9]+(?:[-_/.:#][A-Za-z0-9]+)*$/;
const HAS_DIGIT = /\d/;
const ALL_DIGITS = /^\d+$/;
const TIME_TOKEN = /[Hh]/;
/** Column-name tokens that mark a digit column as a code: never summed, imputed or outlier-checked. */
const CODE_LAST = new Set(['id', 'code', 'zip', 'zipcode', 'postcode', 'postal', 'plz', 'ssn', 'number', 'no', 'nr', 'num', 'phone', 'tel', 'fax', 'mobile', 'iban', 'isbn', 'sku', 'ean', 'upc']);
const CODE_ANY = new Set(['zip', 'zipcode', 'postcode', 'postal', 'ssn', 'phone', 'tel', 'fax', 'mobile', 'iban', 'isbn', 'sku', 'ean', 'upc']);
const PHONE_WORDS = new Set(['phone', 'tel', 'telephone', 'mobile', 'cell', 'fax']);
const bools = new BooleanMatcher();

function nameTokens(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** Name hint: 'phone', 'mobile_no', 'faxNumber' ... (bare digit runs are phones only with such a name). */
export function isPhoneName(name: string): boolean {
  return nameTokens(name).some((t) => PHONE_WORDS.has(t));
}

/** Name hint: 'postcode', 'soc_sec_id', 'street_number', 'customerId', 'zip' ... */
export function isCodeName(name: string): boolean {
  const tokens = nameTokens(name);
  const last = tokens[tokens.length - 1];
  if (last !== undefined && CODE_LAST.has(last)) return true;
  if (tokens.some((t) => CODE_ANY.has(t))) return true;
  return tokens.includes('soc') && tokens.includes('sec');
}

interface Tally {
  n: number; placeholders: number; digits: number; leadingZero: number; digitWidths: Set<number>;
  num: number; frac: number; formatted: number;
  bool: number; boolWord: number; email: number; url: number; phone: number; uuid: number; code: number;
  withDigit: number; eightDigit: number; unique: boolean; totalLen: number;
}

function tally(values: readonly ValueCount[], decimal: '.' | ','): { t: Tally; numbers: number[] } {
  const t: Tally = {
    n: 0, placeholders: 0, digits: 0, leadingZero: 0, digitWidths: new Set(), num: 0, frac: 0, formatted: 0,
    bool: 0, boolWord: 0, email: 0, url: 0, phone: 0, uuid: 0, code: 0, withDigit: 0, eightDigit: 0,
    unique: true, totalLen: 0,
  };
  const numbers: number[] = [];
  for (const { value: v, count: c } of values) {
    t.n += c;
    t.totalLen += v.length * c;
    if (c > 1) t.unique = false;
    if (PLACEHOLDERS.has(v.toLowerCase())) {
      t.placeholders += c;
      continue;
    }
    const digit = HAS_DIGIT.test(v);
    if (digit) t.withDigit += c;
    if (ALL_DIGITS.test(v)) {
      t.digits += c;
      t.digitWidths.add(v.length);
      if (v.length > 1 && v.charCodeAt(0) === 48) t.leadingZero += c;
      if (v.length === 8) t.eightDigit += c;
    }
    const d = digit ? parseNumberDetailed(v, decimal) : null;
    if (d) {
      t.num += c;
      if (d.fraction || d.exponent) t.frac += c;
      if (d.currency || d.grouped || d.percent || d.accounting) t.formatted += c;
      for (let i = 0; i < c; i++) numbers.push(d.value);
    }
    const b = bools.match(v);
    if (b !== null) {
      t.bool += c;
      if (v !== '0' && v !== '1') t.boolWord += c;
    }
    if (v.includes('@') && isEmail(v)) t.email += c;
    if ((v.includes('.') || v.includes(':')) && isUrl(v)) t.url += c;
    if (digit && !d && isPhone(v)) t.phone += c;
    if (UUID.test(v)) t.uuid += c;
    if (v.length <= 64 && CODE_TOKEN.test(v)) t.code += c;
  }
  return { t, numbers };
}

interface DateResult { formats: string[]; ok: number; perFormat: number[]; output: 'date' | 'datetime'; bad: string[] }

function inferDates(values: readonly ValueCount[], t: Tally): DateResult | null {
  const typed = t.n - t.placeholders;
  if (typed === 0 || t.withDigit < CONFORMANCE * typed) return null;
  // YYYYMMDD is the only digits-only format: plain integers of other widths cannot be dates.
  if (t.digits >= CONFORMANCE * typed && t.eightDigit < CONFORMANCE * typed) return null;
  const byCount = [...values].sort((a, b) => b.count - a.count).slice(0, 2000).map((v) => v.value);
  const { formats } = detectDateFormats(byCount);
  if (formats.length === 0) return null;
  const perFormat = formats.map(() => 0);
  let ok = 0;
  const bad: string[] = [];
  for (const { value, count } of values) {
    if (PLACEHOLDERS.has(value.toLowerCase())) continue;
    const f = formats.findIndex((fmt) => parseDateWith(value, fmt) !== null);
    if (f >= 0) {
      ok += count;
      perFormat[f] = (perFormat[f] as number) + count;
    } else if (bad.length < 3) bad.push(value);
  }
  // Keep only formats that explain something, most common first.
  const order = formats.map((f, i) => ({ f, c: perFormat[i] as number })).filter((x) => x.c > 0).sort((a, b) => b.c - a.c);
  const output = order.some((x) => TIME_TOKEN.test(x.f)) ? 'datetime' : 'date';
  return { formats: order.map((x) => x.f), ok, perFormat: order.map((x) => x.c), output, bad };
}

function nonconforming(values: readonly ValueCount[], ok: (v: string) => boolean): string[] {
  const out: string[] = [];
  for (const { value } of values) {
    if (out.length >= 3) break;
    if (!PLACEHOLDERS.has(value.toLowerCase()) && !ok(value)) out.push(value);
  }
  return out;
}

/**
 * Picks the column's type. Order: boolean (needs a word like 'yes', so 0/1 stays integer), date
 * (before numbers: YYYYMMDD is all digits), numbers (digit codes with leading zeros or a code-like
 * name become identifiers; unique dense or fixed-width integers become keys), email, URL, phone,
 * string keys, then categorical or free text by cardinality. A typed choice needs 90% of the
 * non-placeholder sample values to conform; confidence is that share.
 */
export function inferType(input: InferInput): Inference {
  const { values } = input;
  const decimal = detectDecimalSeparator(values.map((v) => v.value));
  const { t, numbers } = tally(values, decimal);
  const typed = t.n - t.placeholders;
  const base = { decimal, key: false, placeholders: 0, issues: [] as string[] };
  if (t.n === 0) return { ...base, inferred: 'empty', confidence: 1 };
  const conf = (ok: number): number => (typed > 0 ? ok / typed : 0);
  const typedResult = (inferred: InferredType, ok: number, test: (v: string) => boolean, label: string): Inference => {
    const r: Inference = { ...base, inferred, confidence: conf(ok), placeholders: t.placeholders, issues: [] };
    if (t.placeholders > 0) r.issues.push(issue('placeholder-nulls', `${share(t.placeholders, t.n)} sampled values are placeholders for missing data (e.g. ${examples(values.filter((v) => PLACEHOLDERS.has(v.value.toLowerCase())).map((v) => v.value))})`));
    if (ok < typed) r.issues.push(issue('nonconforming', `${share(typed - ok, typed)} sampled values are not ${label} (e.g. ${examples(nonconforming(values, test))})`));
    return r;
  };

  if (typed > 0 && t.boolWord > 0 && t.bool >= CONFORMANCE * typed) {
    return typedResult('boolean', t.bool, (v) => bools.match(v) !== null, 'boolean');
  }
  const dates = inferDates(values, t);
  if (dates && dates.ok >= CONFORMANCE * typed) {
    const r = typedResult(dates.output, dates.ok, (v) => dates.formats.some((f) => parseDateWith(v, f) !== null), `dates in ${dates.formats.join(' or ')}`);
    r.dateFormats = dates.formats;
    if (dates.formats.length > 1) {
      const parts = dates.formats.map((f, i) => `${f} (${dates.perFormat[i] as number})`);
      r.issues.push(issue('mixed-formats', `${dates.formats.length} date formats in the sample: ${parts.join(', ')}`));
    }
    return r;
  }
  if (typed > 0 && t.num >= CONFORMANCE * typed) return inferNumeric(input, t, numbers, decimal, typedResult);
  if (typed > 0 && t.email >= CONFORMANCE * typed) return typedResult('email', t.email, isEmail, 'email addresses');
  if (typed > 0 && t.url >= CONFORMANCE * typed) return typedResult('url', t.url, isUrl, 'URLs');
  if (typed > 0 && t.phone >= CONFORMANCE * typed) return typedResult('phone', t.phone, isPhone, 'phone numbers');

  const distinct = values.length;
  const uniqueEnough = t.unique || (t.n >= 50 && distinct >= ROW_KEY_DISTINCT_SHARE * t.n);
  if (uniqueEnough && t.n >= 2 && (t.uuid >= CONFORMANCE * t.n || t.code >= CONFORMANCE * t.n)) {
    return { ...base, inferred: 'identifier', confidence: distinct / t.n, key: true };
  }
  const avgLen = t.totalLen / t.n;
  const categorical = distinct <= 1000 && avgLen <= 60 && ((distinct <= 50 && distinct <= t.n / 2) || distinct <= 0.1 * t.n);
  return { ...base, inferred: categorical ? 'categorical' : 'text', confidence: 1 };
}

type TypedResult = (inferred: InferredType, ok: number, test: (v: string) => boolean, label: string) => Inference;

function inferNumeric(input: InferInput, t: Tally, numbers: number[], decimalSep: '.' | ',', typedResult: TypedResult): Inference {
  const { values, name, rows } = input;
  const typed = t.n - t.placeholders;
  const isNum = (v: string): boolean => parseNumberDetailed(v, decimalSep) !== null;
  const digitCodes = t.digits >= CONFORMANCE * t.num;
  if (digitCodes && isPhoneName(name)) {
    let ok = 0;
    for (const { value, count } of values) if (normalizePhone(value) !== null) ok += count;
    if (ok >= CONFORMANCE * typed) return typedResult('phone', ok, (v) => normalizePhone(v) !== null, 'phone numbers');
  }
  const zeroPadded = t.leadingZero >= Math.max(1, 0.001 * typed);
  if (digitCodes && (zeroPadded || isCodeName(name))) {
    const r = typedResult('identifier', t.digits, (v) => ALL_DIGITS.test(v), 'digit codes');
    r.key = t.unique && typed === t.n;
    if (t.leadingZero > 0) {
      r.issues.push(issue('leading-zeros', `${share(t.leadingZero, typed)} sampled values start with 0 (e.g. ${examples(values.filter((v) => ALL_DIGITS.test(v.value) && v.value.startsWith('0')).map((v) => v.value))}): a code, kept as text`));
    }
    return r;
  }
  const integer = t.frac === 0;
  if (integer && digitCodes && t.unique && typed === t.n && typed >= 10) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const x of numbers) {
      if (x < min) min = x;
      if (x > max) max = x;
    }
    const dense = max - min + 1 <= 2 * Math.max(rows, typed);
    const fixedWidth = t.digitWidths.size === 1 && (t.digitWidths.values().next().value as number) >= 5;
    if (dense || fixedWidth) return { ...typedResult('identifier', t.digits, isNum, 'integers'), key: true };
  }
  const r = typedResult(integer ? 'integer' : 'decimal', t.num, isNum, integer ? 'integers' : 'numbers');
  r.numbers = Float64Array.from(numbers);
  const parts: string[] = [];
  if (t.formatted > 0) {
    const ex = values.filter((v) => {
      const d = parseNumberDetailed(v.value, decimalSep);
      return d !== null && (d.currency || d.grouped || d.percent || d.accounting);
    }).map((v) => v.value);
    parts.push(`${share(t.formatted, typed)} sampled values are written with currency symbols, thousands separators, percent signs or parentheses (e.g. ${examples(ex)})`);
  }
  if (decimalSep === ',') parts.push('the decimal separator is a comma');
  if (parts.length > 0) r.issues.push(issue('number-format', parts.join('; ')));
  return r;
}
