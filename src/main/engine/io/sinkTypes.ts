/** Column type inference for typed sinks: which SinkColumnType every value of a column fits. */
import type { Cell } from '../table.js';
import type { SinkColumnType } from './types.js';

export const T_BIGINT = 1;
export const T_DOUBLE = 2;
export const T_BOOLEAN = 4;
export const T_DATE = 8;
export const T_TIMESTAMP = 16;
const ALL = T_BIGINT | T_DOUBLE | T_BOOLEAN | T_DATE | T_TIMESTAMP;

const TYPE_BIT: Record<SinkColumnType, number> = { BIGINT: T_BIGINT, DOUBLE: T_DOUBLE, BOOLEAN: T_BOOLEAN, DATE: T_DATE, TIMESTAMP: T_TIMESTAMP, VARCHAR: 0 };

const INT_TEXT_RE = /^[+-]?\d{1,19}$/;
const BIG_INT_RE = /^-?[1-9]\d{15,18}$/;
const DECIMAL_TEXT_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function validYmd(y: number, m: number, d: number): boolean {
  // digits() gives -1 for a non-digit, which every bound below rejects.
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return d <= days;
}

function inInt64(text: string): boolean {
  const v = BigInt(text);
  return v >= INT64_MIN && v <= INT64_MAX;
}

/** Value of `n` ASCII digits at `at`, or -1 if any is not a digit. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * DATE | TIMESTAMP bits for ISO `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS[.f{1,6}]` text DuckDB will
 * accept, else 0. Hand-rolled: this runs for every cell of every date-looking column.
 */
function temporalBits(s: string): number {
  // A trailing Z (UTC, as parse-date writes zoned values) is fine for TIMESTAMP; other offsets are not.
  const len = s.length > 19 && s.charCodeAt(s.length - 1) === 90 ? s.length - 1 : s.length;
  if (len !== 10 && (len < 19 || len > 26 || len === 20)) return 0;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return 0;
  if (!validYmd(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2))) return 0;
  if (len === 10) return T_DATE | T_TIMESTAMP;
  if (s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return 0;
  const h = digits(s, 11, 2);
  const m = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59) return 0;
  if (len > 19 && (s.charCodeAt(19) !== 46 || digits(s, 20, len - 20) < 0)) return 0;
  return T_TIMESTAMP;
}

/**
 * Per-column state. `strict` is what typed values prove (inference); `loose` also admits text
 * DuckDB can parse as the type (used to check caller-given types). Both are ANDed over values.
 */
export class ColumnTypeTracker {
  strict = ALL;
  loose = ALL;
  sawNumber = false;
  nonNull = 0;

  observe(v: Cell): void {
    if (v === null) return;
    this.nonNull++;
    if (typeof v === 'number') {
      this.sawNumber = true;
      const bits = Number.isSafeInteger(v) ? T_BIGINT | T_DOUBLE : T_DOUBLE;
      this.strict &= bits;
      this.loose &= bits;
    } else if (typeof v === 'boolean') {
      this.strict &= T_BOOLEAN;
      this.loose &= T_BOOLEAN;
    } else if ((this.strict | this.loose) !== 0) {
      this.observeText(v);
    }
  }

  private observeText(s: string): void {
    let strict = 0;
    // Integers beyond 2^53 travel as decimal strings (table.ts); they count as BIGINT next to numbers.
    if (this.strict & T_BIGINT && BIG_INT_RE.test(s) && inInt64(s)) strict |= T_BIGINT;
    if (this.loose & (T_DATE | T_TIMESTAMP)) strict |= temporalBits(s);
    let loose = strict;
    if (this.loose & (T_BIGINT | T_DOUBLE) && s.length > 0) {
      if (INT_TEXT_RE.test(s) && inInt64(s)) loose |= T_BIGINT | T_DOUBLE;
      else if (DECIMAL_TEXT_RE.test(s)) loose |= T_DOUBLE;
    }
    if (this.loose & T_BOOLEAN && (s.length === 4 || s.length === 5)) {
      const l = s.toLowerCase();
      if (l === 'true' || l === 'false') loose |= T_BOOLEAN;
    }
    this.strict &= strict;
    this.loose &= loose;
  }

  /** Folds in what another tracker saw (its plain fields suffice, so a structured clone from a worker works). */
  merge(o: Pick<ColumnTypeTracker, 'strict' | 'loose' | 'sawNumber' | 'nonNull'>): void {
    this.strict &= o.strict;
    this.loose &= o.loose;
    this.sawNumber ||= o.sawNumber;
    this.nonNull += o.nonNull;
  }

  /** The narrowest type every value proved; VARCHAR for mixed, text or all-null columns. */
  infer(): SinkColumnType {
    if (this.nonNull === 0) return 'VARCHAR';
    const s = this.strict;
    if (s & T_BOOLEAN) return 'BOOLEAN';
    if (s & T_BIGINT && this.sawNumber) return 'BIGINT';
    if (s & T_DOUBLE && this.sawNumber) return 'DOUBLE';
    if (s & T_DATE) return 'DATE';
    if (s & T_TIMESTAMP) return 'TIMESTAMP';
    return 'VARCHAR';
  }

  /** Whether every value seen can be stored as `type`. */
  accepts(type: SinkColumnType): boolean {
    const bit = TYPE_BIT[type];
    return bit === 0 || this.nonNull === 0 || (this.loose & bit) !== 0;
  }
}
