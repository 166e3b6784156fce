/** Date/time formats in the engine's token syntax: compile once, match, validate the calendar, format as ISO 8601. */
import { EngineError } from '../errors.js';

/** Calendar fields of a parsed value. `offsetMinutes` is present only when the text carried a zone. */
export interface DateParts {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  offsetMinutes?: number;
}

/**
 * Candidate formats for detection. Order is the tie-break preference: specific before loose
 * (MM before M), and month-first before day-first for the slash and dash families. With no
 * evidence either way (every first and second field <= 12) we follow the default of pandas and
 * dateutil (dayfirst=False); parse-date still gives such values confidence 0.8, not 1.0.
 */
export const DATE_FORMATS: readonly string[] = [
  'YYYY-MM-DD',
  'YYYY-MM-DDTHH:mm:ss',
  'YYYY-MM-DDTHH:mm:ss.SSS',
  'YYYY-MM-DDTHH:mm:ssZ',
  'YYYY-MM-DDTHH:mm:ss.SSSZ',
  'YYYY-MM-DDTHH:mm',
  'YYYY-MM-DDTHH:mmZ',
  'YYYY-MM-DD HH:mm:ss',
  'YYYY-MM-DD HH:mm:ss.SSS',
  'YYYY-MM-DD HH:mm:ssZ',
  'YYYY-MM-DD HH:mm:ss.SSSZ',
  'YYYY-MM-DD HH:mm',
  'YYYY/MM/DD',
  'YYYY/MM/DD HH:mm:ss',
  'YYYY.MM.DD',
  'YYYYMMDD',
  'YYYY-M-D',
  'YYYY/M/D',
  'MM/DD/YYYY',
  'DD/MM/YYYY',
  'M/D/YYYY',
  'D/M/YYYY',
  'MM/DD/YYYY HH:mm',
  'MM/DD/YYYY HH:mm:ss',
  'DD/MM/YYYY HH:mm',
  'DD/MM/YYYY HH:mm:ss',
  'M/D/YYYY H:mm',
  'D/M/YYYY H:mm',
  'M/D/YYYY h:mm A',
  'M/D/YYYY h:mm:ss A',
  'MM-DD-YYYY',
  'DD-MM-YYYY',
  'DD.MM.YYYY',
  'D.M.YYYY',
  'DD.MM.YYYY HH:mm',
  'DD.MM.YYYY HH:mm:ss',
  'MM/DD/YY',
  'DD/MM/YY',
  'M/D/YY',
  'D/M/YY',
  'DD.MM.YY',
  'MMM D, YYYY',
  'MMMM D, YYYY',
  'MMM D YYYY',
  'MMMM D YYYY',
  'D MMM YYYY',
  'D MMMM YYYY',
  'D-MMM-YYYY',
  'D-MMM-YY',
];

type Field = 'y4' | 'y2' | 'm' | 'monthName' | 'monthAbbr' | 'd' | 'h24' | 'h12' | 'mi' | 's' | 'frac' | 'ampm' | 'tz';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_INDEX = new Map<string, number>();
MONTHS.forEach((name, i) => {
  MONTH_INDEX.set(name, i + 1);
  MONTH_INDEX.set(name.slice(0, 3), i + 1);
});
MONTH_INDEX.set('sept', 9);

/** Longest tokens first so 'MMMM' is not read as 'MM' + 'MM'. */
const TOKENS: readonly (readonly [string, string, Field])[] = [
  ['YYYY', '(\\d{4})', 'y4'],
  ['YY', '(\\d{2})', 'y2'],
  ['MMMM', `(${MONTHS.join('|')})`, 'monthName'],
  ['MMM', '(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)\\.?', 'monthAbbr'],
  ['MM', '(\\d{2})', 'm'],
  ['M', '(\\d{1,2})', 'm'],
  ['DD', '(\\d{2})', 'd'],
  ['D', '(\\d{1,2})', 'd'],
  ['HH', '(\\d{2})', 'h24'],
  ['H', '(\\d{1,2})', 'h24'],
  ['hh', '(\\d{2})', 'h12'],
  ['h', '(\\d{1,2})', 'h12'],
  ['mm', '(\\d{2})', 'mi'],
  ['ss', '(\\d{2})', 's'],
  ['SSS', '(\\d{1,9})', 'frac'],
  ['A', '([ap])\\.?m\\.?', 'ampm'],
  ['Z', '(z|[+-]\\d{2}(?::?\\d{2})?)', 'tz'],
];

/** Which calendar slot each field fills; two fields with one slot is a format error. */
const SLOT: Record<Field, string> = {
  y4: 'year', y2: 'year', m: 'month', monthName: 'month', monthAbbr: 'month', d: 'day',
  h24: 'hour', h12: 'hour', mi: 'minute', s: 'second', frac: 'fraction', ampm: 'meridiem', tz: 'zone',
};

export interface CompiledDateFormat {
  readonly format: string;
  readonly re: RegExp;
  readonly fields: readonly Field[];
  /**
   * Day and month are both numeric and the year does not lead, so a value with day <= 12 could be
   * read the other way round (04/03/2020).
   */
  readonly numericDayMonth: boolean;
}

function escapeRe(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

/** Returns a message describing why `format` is not a usable format, or null when it is. */
export function dateFormatError(format: string): string | null {
  const r = build(format);
  return typeof r === 'string' ? r : null;
}

function build(format: string): CompiledDateFormat | string {
  if (format.length === 0) return 'empty format';
  if (format.length > 100) return 'format is longer than 100 characters';
  const fields: Field[] = [];
  const slots = new Set<string>();
  let src = '^';
  let i = 0;
  let prevLiteral = '';
  while (i < format.length) {
    const ch = format[i] as string;
    if (ch === '[') {
      const end = format.indexOf(']', i + 1);
      if (end < 0) return `unclosed "[" at position ${i + 1}`;
      for (const c of format.slice(i + 1, end)) src += escapeRe(c);
      prevLiteral = format[end - 1] ?? '';
      i = end + 1;
      continue;
    }
    const tok = TOKENS.find(([t]) => format.startsWith(t, i));
    if (tok) {
      const [t, re, field] = tok;
      const slot = SLOT[field];
      if (slots.has(slot)) return `"${t}" repeats the ${slot}`;
      slots.add(slot);
      fields.push(field);
      src += re;
      prevLiteral = '';
      i += t.length;
      continue;
    }
    if (/[a-zA-Z]/.test(ch) && ch !== 'T') return `unknown token "${ch}" at position ${i + 1} (put literal text in [brackets])`;
    // A space after a comma or before AM/PM may be absent ("Jan 5,2020", "1:05PM").
    if (ch === ' ') src += prevLiteral === ',' || format.startsWith('A', i + 1) ? '\\s*' : '\\s+';
    else src += escapeRe(ch);
    prevLiteral = ch;
    i += 1;
  }
  src += '$';
  for (const need of ['year', 'month', 'day']) if (!slots.has(need)) return `format has no ${need}`;
  if (slots.has('minute') && !slots.has('hour')) return 'format has minutes but no hour';
  if (slots.has('second') && !slots.has('minute')) return 'format has seconds but no minutes';
  if (slots.has('fraction') && !slots.has('second')) return 'format has fractional seconds but no seconds';
  if (fields.includes('h12') !== fields.includes('ampm')) return '12-hour "h"/"hh" and "A" (AM/PM) go together';
  // Year-first formats (YYYY-MM-DD, YYYYMMDD) are read month-before-day by universal convention.
  const yearFirst = fields[0] === 'y4' || fields[0] === 'y2';
  const numericDayMonth = !yearFirst && fields.includes('d') && fields.includes('m');
  return { format, re: new RegExp(src, 'i'), fields, numericDayMonth };
}

const cache = new Map<string, CompiledDateFormat>();

/** Compiles (and caches) a format. Throws EngineError INVALID_ARGUMENT for an unusable format. */
export function compileDateFormat(format: string): CompiledDateFormat {
  const hit = cache.get(format);
  if (hit) return hit;
  const r = build(format);
  if (typeof r === 'string') throw new EngineError('INVALID_ARGUMENT', `invalid date format "${format}": ${r}`);
  cache.set(format, r);
  return r;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : (DAYS[m - 1] ?? 0);
}

function parseOffset(z: string): number {
  if (z === 'z' || z === 'Z') return 0;
  const sign = z[0] === '-' ? -1 : 1;
  const digits = z.slice(1).replace(':', '');
  const hh = Number(digits.slice(0, 2));
  const mm = digits.length > 2 ? Number(digits.slice(2)) : 0;
  if (hh > 14 || mm > 59) return Number.NaN;
  return sign * (hh * 60 + mm);
}

/** Matches `s` (trimmed) against a compiled format; null unless it matches and is a real calendar date/time. */
export function matchDate(f: CompiledDateFormat, s: string): DateParts | null {
  const mt = f.re.exec(s.trim());
  if (!mt) return null;
  let y = 0, m = 0, d = 0, h = 0, mi = 0, sec = 0, ms = 0;
  let pm = -1;
  let offset: number | undefined;
  for (let k = 0; k < f.fields.length; k++) {
    const g = mt[k + 1] as string;
    switch (f.fields[k]) {
      case 'y4': y = Number(g); break;
      // POSIX pivot (as strptime %y): 69-99 are 1900s, 00-68 are 2000s.
      case 'y2': { const v = Number(g); y = v >= 69 ? 1900 + v : 2000 + v; break; }
      case 'm': m = Number(g); break;
      case 'monthName': case 'monthAbbr': m = MONTH_INDEX.get(g.toLowerCase()) ?? 0; break;
      case 'd': d = Number(g); break;
      case 'h24': h = Number(g); break;
      case 'h12': h = Number(g); if (h < 1 || h > 12) return null; break;
      case 'mi': mi = Number(g); break;
      case 's': sec = Number(g); break;
      // Truncate to milliseconds: rounding could carry into the seconds.
      case 'frac': ms = Number(g.slice(0, 3).padEnd(3, '0')); break;
      case 'ampm': pm = g.toLowerCase() === 'p' ? 1 : 0; break;
      case 'tz': offset = parseOffset(g); if (Number.isNaN(offset)) return null; break;
      default: break;
    }
  }
  if (pm >= 0) h = (h % 12) + (pm === 1 ? 12 : 0);
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  if (h > 23 || mi > 59 || sec > 59) return null;
  const parts: DateParts = { y, m, d, h, mi, s: sec, ms };
  if (offset !== undefined) parts.offsetMinutes = offset;
  return parts;
}

/** Parses `s` with one format (compiled once and cached). Throws EngineError for an unusable format. */
export function parseDateWith(s: string, format: string): DateParts | null {
  return matchDate(compileDateFormat(format), s);
}

/** True when a parse with this format could also be read with day and month swapped. */
export function isAmbiguousDayMonth(f: CompiledDateFormat, p: DateParts): boolean {
  return f.numericDayMonth && p.d <= 12 && p.d !== p.m;
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, '0');
}

/**
 * ISO 8601 text. 'date' is YYYY-MM-DD (time and zone dropped: the wall-clock date as written).
 * 'datetime' is YYYY-MM-DDTHH:mm:ss, with .SSS only when ms > 0. A value written with a zone is
 * converted to UTC and marked Z, because typed outputs (Parquet TIMESTAMP) hold one instant per
 * value and would otherwise silently drop the offset; values without a zone stay as written.
 */
export function formatIsoDate(p: DateParts, output: 'date' | 'datetime'): string {
  const date = `${pad(p.y, 4)}-${pad(p.m, 2)}-${pad(p.d, 2)}`;
  if (output === 'date') return date;
  if (p.offsetMinutes !== undefined && p.offsetMinutes !== 0) {
    // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
    const t = new Date(0);
    t.setUTCFullYear(p.y, p.m - 1, p.d);
    t.setUTCHours(p.h, p.mi - p.offsetMinutes, p.s, p.ms);
    if (t.getUTCFullYear() >= 0 && t.getUTCFullYear() <= 9999) {
      return formatIsoDate({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(), h: t.getUTCHours(), mi: t.getUTCMinutes(), s: t.getUTCSeconds(), ms: t.getUTCMilliseconds(), offsetMinutes: 0 }, 'datetime');
    }
  }
  let out = `${date}T${pad(p.h, 2)}:${pad(p.mi, 2)}:${pad(p.s, 2)}`;
  if (p.ms > 0) out += `.${pad(p.ms, 3)}`;
  if (p.offsetMinutes === 0) out += 'Z';
  return out;
}

const CANONICAL_DATE = compileDateFormat('YYYY-MM-DD');
const CANONICAL_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?(?:Z|[+-]\d{2}:\d{2})?$/;
const DATETIME_READERS = ['YYYY-MM-DDTHH:mm:ss', 'YYYY-MM-DDTHH:mm:ss.SSS', 'YYYY-MM-DDTHH:mm:ssZ', 'YYYY-MM-DDTHH:mm:ss.SSSZ'].map(compileDateFormat);

/** True when `s` is exactly what formatIsoDate would produce for `output` (so parse-date leaves it alone). */
export function isCanonicalIsoDate(s: string, output: 'date' | 'datetime'): boolean {
  if (output === 'date') return s.length === 10 && matchDate(CANONICAL_DATE, s) !== null;
  if (!CANONICAL_DATETIME.test(s)) return false;
  for (const f of DATETIME_READERS) {
    const p = matchDate(f, s);
    if (p) return formatIsoDate(p, 'datetime') === s;
  }
  return false;
}

const COMPILED_CANDIDATES: readonly CompiledDateFormat[] = DATE_FORMATS.map(compileDateFormat);
const HAS_DIGIT = /\d/;

/**
 * Which candidate formats explain `values`. Greedy cover: repeatedly take the format matching the
 * most values not yet explained (ties go to the earlier entry of DATE_FORMATS), so a DD/MM column
 * with one value like "13/04/2020" picks DD/MM/YYYY and drops MM/DD/YYYY. Blank values are
 * ignored; `matched` counts the non-blank values explained by the returned formats.
 */
export function detectDateFormats(values: readonly string[]): { formats: string[]; matched: number } {
  const nf = COMPILED_CANDIDATES.length;
  const hits: number[][] = [];
  for (const raw of values) {
    const v = raw.trim();
    if (v.length === 0 || v.length > 40 || !HAS_DIGIT.test(v)) continue;
    let row: number[] | undefined;
    for (let f = 0; f < nf; f++) {
      if (matchDate(COMPILED_CANDIDATES[f] as CompiledDateFormat, v)) (row ??= []).push(f);
    }
    if (row) hits.push(row);
  }
  const covered = new Uint8Array(hits.length);
  const counts = new Int32Array(nf);
  const formats: string[] = [];
  let matched = 0;
  for (;;) {
    counts.fill(0);
    for (let r = 0; r < hits.length; r++) if (!covered[r]) for (const f of hits[r] as number[]) counts[f] = (counts[f] as number) + 1;
    let best = -1;
    for (let f = 0; f < nf; f++) if ((counts[f] as number) > 0 && (best < 0 || (counts[f] as number) > (counts[best] as number))) best = f;
    if (best < 0) break;
    formats.push(DATE_FORMATS[best] as string);
    for (let r = 0; r < hits.length; r++) {
      if (!covered[r] && (hits[r] as number[]).includes(best)) {
        covered[r] = 1;
        matched++;
      }
    }
  }
  return { formats, matched };
}
