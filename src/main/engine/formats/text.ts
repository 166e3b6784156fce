/** Text keys and cleanups: OpenRefine fingerprints, whitespace, invisible characters, edit distance, title case, shapes. */

const MARKS = /\p{M}+/gu;
const PUNCT_CTRL = /[\p{P}\p{S}\p{Cc}\p{Cf}]+/gu;
const WS_RUN = /\s+/u;
const WS_ALL = /\s+/gu;

/** Lowercase, compatibility-decomposed, diacritics and punctuation removed. */
function fold(s: string): string {
  // NFKD first (it can yield uppercase, e.g. U+210C → "H"), then lowercase, then NFKD again
  // because lowercasing can yield decomposable text ("İ" → "i̇"); the marks then go.
  return s.normalize('NFKD').toLowerCase().normalize('NFKD').replace(MARKS, '').replace(PUNCT_CTRL, '');
}

/**
 * OpenRefine's fingerprint key: trim, lowercase, strip diacritics (NFKD), remove punctuation and
 * control characters, split on whitespace, de-duplicate, sort, join with one space. Idempotent.
 */
export function fingerprintKey(s: string): string {
  const t = fold(s).trim();
  if (t.length === 0) return '';
  const tokens = [...new Set(t.split(WS_RUN))];
  tokens.sort();
  return tokens.join(' ');
}

/**
 * OpenRefine's n-gram fingerprint: folded text without whitespace, its unique code-point n-grams
 * sorted and concatenated. Text shorter than n is its own key (OpenRefine would give '').
 */
export function ngramFingerprintKey(s: string, n = 2): string {
  const cps = Array.from(fold(s).replace(WS_ALL, ''));
  if (cps.length <= n) return cps.join('');
  const grams = new Set<string>();
  for (let i = 0; i + n <= cps.length; i++) grams.add(cps.slice(i, i + n).join(''));
  return [...grams].sort().join('');
}

const NEEDS_COLLAPSE = /\s{2,}|[^\S ]/;
/** Replaces each run of whitespace (any Unicode space, tab or newline) with one space. Does not trim. */
export function collapseWhitespace(s: string): string {
  return NEEDS_COLLAPSE.test(s) ? s.replace(WS_ALL, ' ') : s;
}

/**
 * C0/C1 controls except tab, LF and CR (multi-line text is legitimate); soft hyphen; zero-width
 * space/joiners, word joiner, invisible operators, BOM; and bidi marks/embeddings/isolates that
 * copy-paste smuggles in. Dropping ZWJ breaks emoji sequences and ZWNJ matters in Persian
 * script: an accepted cost, since in tabular keys they mostly make equal values differ.
 */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const HAS_INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

export function stripControlAndZeroWidth(s: string): string {
  return HAS_INVISIBLE.test(s) ? s.replace(INVISIBLE, '') : s;
}

// Reused DP rows: levenshtein runs in clustering loops, so it should not allocate per call.
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/**
 * Edit distance over UTF-16 code units. With `max`, stops as soon as the distance must exceed it
 * and returns `max + 1`, so callers test `d <= max`.
 */
export function levenshtein(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (a.length > b.length) [a, b] = [b, a];
  let la = a.length;
  let lb = b.length;
  let start = 0;
  while (start < la && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (la > start && a.charCodeAt(la - 1) === b.charCodeAt(lb - 1)) {
    la--;
    lb--;
  }
  const n = la - start;
  const m = lb - start;
  if (m - n > max) return max + 1;
  if (n === 0) return m;
  if (rowA.length < n + 1) {
    rowA = new Int32Array(n + 1);
    rowB = new Int32Array(n + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let i = 0; i <= n; i++) prev[i] = i;
  for (let j = 1; j <= m; j++) {
    const cb = b.charCodeAt(start + j - 1);
    cur[0] = j;
    let rowMin = j;
    for (let i = 1; i <= n; i++) {
      const sub = (prev[i - 1] as number) + (a.charCodeAt(start + i - 1) === cb ? 0 : 1);
      const del = (prev[i] as number) + 1;
      const ins = (cur[i - 1] as number) + 1;
      const v = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
      cur[i] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[n] as number;
  return d > max ? max + 1 : d;
}

const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const SPACE = /\s/u;
const UPPER = /[\p{Lu}\p{Lt}]/u;
const WORD_BOUNDARY = /[\s\-/("“[{]/u;

/**
 * Lowercases, then uppercases the first letter after the start, whitespace, a hyphen, slash or
 * opening bracket/quote ("mary-jane o'neil" → "Mary-Jane O'neil"; apostrophes are not
 * boundaries, so "don't" stays "Don't"). A letter whose uppercase would not lowercase back to it
 * (ß → SS, final sigma) stays lowercase, which keeps the function idempotent.
 */
export function titleCase(s: string): string {
  const lower = s.toLowerCase();
  let out = '';
  let boundary = true;
  for (const ch of lower) {
    if (boundary && LETTER.test(ch)) {
      const up = ch.toUpperCase();
      out += up.length === ch.length && up.toLowerCase() === ch ? up : ch;
      boundary = false;
    } else {
      out += ch;
      boundary = WORD_BOUNDARY.test(ch);
    }
  }
  return out;
}

/** Shapes are cut here (and end in '…'). */
export const MAX_PATTERN_LENGTH = 1000;

/**
 * Shape of a value: uppercase letters → 'A', other letters → 'a', digits → '9', whitespace → ' ',
 * anything else kept. With `collapse` (default) runs of the same class become one symbol, so
 * "John Smith 42" → "Aa Aa 9" and "AB-1234" → "A-9"; punctuation runs are kept as written.
 */
export function shapePattern(s: string, collapse = true): string {
  let out = '';
  let last = '';
  for (const ch of s) {
    // A shape this long says nothing more, and building it char by char for a huge cell costs gigabytes.
    if (out.length >= MAX_PATTERN_LENGTH) return `${out}…`;
    const c = ch.charCodeAt(0);
    let k: string;
    if (c >= 48 && c <= 57) k = '9';
    else if (c >= 65 && c <= 90) k = 'A';
    else if (c >= 97 && c <= 122) k = 'a';
    else if (c === 32 || c === 9 || c === 10 || c === 13) k = ' ';
    else if (c < 128) k = ch;
    else if (UPPER.test(ch)) k = 'A';
    else if (LETTER.test(ch)) k = 'a';
    else if (DIGIT.test(ch)) k = '9';
    else if (SPACE.test(ch)) k = ' ';
    else k = ch;
    if (collapse && k === last && (k === 'A' || k === 'a' || k === '9' || k === ' ')) continue;
    out += k;
    last = k;
  }
  return out;
}
