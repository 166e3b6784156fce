/** Per-character scans for the profile sketches: whitespace the trim op would fix, invisible characters. */

/** The characters JavaScript's `\s` and String.prototype.trim treat as whitespace. */
export function isWhitespaceCode(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Mirrors stripControlAndZeroWidth in formats/text.ts: controls (but tab/LF/CR), soft hyphen, zero-width, bidi, BOM. */
export function isInvisibleCode(c: number): boolean {
  if (c < 32) return c !== 9 && c !== 10 && c !== 13;
  if (c < 127) return false;
  if (c <= 0x9f) return true;
  return c === 0xad || c === 0x180e || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff;
}

/** Bit flags returned by scanText. */
export const TEXT_BLANK = 1;
/** Leading or trailing whitespace. */
export const TEXT_EDGE_SPACE = 2;
/** Inner whitespace that collapseWhitespace would rewrite: a run of two or more, or a tab/NBSP (line breaks aside). */
export const TEXT_INNER_SPACE = 4;
export const TEXT_INVISIBLE = 8;
/** Contains a non-ASCII code unit (so Unicode normalisation may matter). */
export const TEXT_NON_ASCII = 16;
/** A line break between non-space characters (multi-line text; collapse would join the lines). */
export const TEXT_LINE_BREAK = 32;

/** One pass over `s`, reporting what the unicode/trim operations would change. */
export function scanText(s: string): number {
  const n = s.length;
  let flags = 0;
  let prevWs = false;
  let seenNonWs = false;
  let pendingWs = 0;
  let pendingOdd = false;
  let pendingBreak = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    // Fast path: printable ASCII other than space, the bulk of real text.
    if (c > 32 && c < 127) {
      if (pendingWs > 0 && seenNonWs) {
        if (pendingBreak) flags |= TEXT_LINE_BREAK;
        else if (pendingWs > 1 || pendingOdd) flags |= TEXT_INNER_SPACE;
      }
      seenNonWs = true;
      pendingWs = 0;
      pendingOdd = false;
      pendingBreak = false;
      prevWs = false;
      continue;
    }
    if (c >= 128) flags |= TEXT_NON_ASCII;
    if (isInvisibleCode(c)) flags |= TEXT_INVISIBLE;
    if (isWhitespaceCode(c)) {
      if (!seenNonWs) flags |= TEXT_EDGE_SPACE;
      pendingWs++;
      if (c === 10 || c === 13) pendingBreak = true;
      else if (c !== 32) pendingOdd = true;
      prevWs = true;
    } else {
      // A whitespace run between non-space characters is interior: collapse would rewrite it if odd.
      if (seenNonWs && pendingWs > 0) {
        if (pendingBreak) flags |= TEXT_LINE_BREAK;
        else if (pendingWs > 1 || pendingOdd) flags |= TEXT_INNER_SPACE;
      }
      seenNonWs = true;
      pendingWs = 0;
      pendingOdd = false;
      pendingBreak = false;
      prevWs = false;
    }
  }
  if (!seenNonWs) return flags | TEXT_BLANK;
  if (prevWs) flags |= TEXT_EDGE_SPACE;
  return flags;
}

/** Plain decimal literal (sign, digits, one dot, exponent): the fast path before the loose number parser. */
export function plainNumber(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 30) return null;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 45 || c === 43) {
    i = 1;
    if (n === 1) return null;
  }
  let digits = 0;
  let dot = false;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else if ((c === 101 || c === 69) && digits > 0) return Number.isFinite(Number(s)) ? Number(s) : null;
    else return null;
  }
  return digits > 0 ? Number(s) : null;
}

/**
 * Could `s` be a formatted number (currency, grouping, percent, parentheses)? A cheap gate before
 * the loose parser: only digits, separators, signs, brackets, percent, spaces, up to three ASCII
 * letters (a currency code) and non-ASCII symbols, with no dash or slash after a digit (dates, phones).
 */
export function maybeFormattedNumber(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 100) return false;
  let letters = 0;
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 45 || c === 47) {
      if (digits > 0) return false;
    } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
      if (++letters > 3) return false;
    } else if (c < 128 && !(c === 32 || c === 9 || c === 44 || c === 46 || c === 39 || c === 43 || c === 40 || c === 41 || c === 37 || c === 36)) {
      return false;
    }
  }
  return digits > 0;
}

/**
 * A hash of what formats/text.ts shapePattern(s) would return, computed without building the
 * string; -1 when `s` has non-ASCII characters (their classes need Unicode regexes). Equal
 * patterns always give equal signatures; the caller maps a signature to the real pattern once.
 */
export function shapeSignature(s: string): number {
  let h = 0x811c9dc5;
  let last = -1;
  let len = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let k: number;
    if (c >= 48 && c <= 57) k = 57;
    else if (c >= 65 && c <= 90) k = 65;
    else if (c >= 97 && c <= 122) k = 97;
    else if (c === 32 || c === 9 || c === 10 || c === 13) k = 32;
    else if (c < 128) k = c;
    else return -1;
    if (k === last && (k === 65 || k === 97 || k === 57 || k === 32)) continue;
    h = Math.imul(h ^ k, 0x01000193);
    last = k;
    len++;
  }
  // Small-integer range keeps Map keys unboxed.
  return (h ^ Math.imul(len, 0x9e3779b1)) & 0x3fffffff;
}

/**
 * A copy of `s` that does not pin a larger string. Readers cut fields out of big chunks with
 * slice(), and V8 keeps the whole chunk alive for every slice of 13+ characters; values kept for
 * the whole pass (sample cells, counter keys) are copied so memory follows the sketch, not the file.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
