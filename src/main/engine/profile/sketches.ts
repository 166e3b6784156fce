/** Mergeable per-column sketches over every row: counts, whitespace, numeric range/sum, distinct, top values, patterns. */
import type { ValueCount } from '../../../shared/profile.js';
import { murmur32 } from '../hash.js';
import { parseNumberLoose } from '../formats/numbers.js';
import type { Cell } from '../table.js';
import {
  TEXT_BLANK, TEXT_EDGE_SPACE, TEXT_INNER_SPACE, TEXT_INVISIBLE, TEXT_LINE_BREAK, TEXT_NON_ASCII,
  detach, maybeFormattedNumber, plainNumber, scanText,
} from './chars.js';
import { ExactSum } from './exactSum.js';
import { HashHeavyHitters } from './hashHeavy.js';
import { compareValueCounts } from './heavy.js';
import { hllAdd, hllEstimate, hllMerge, newRegisters } from './hll.js';
import { PatternCounter } from './patterns.js';

/** Distinct values counted exactly (and top values kept exactly) up to this many; HLL beyond. @default 1000 */
export const DEFAULT_VALUE_CAPACITY = 1000;

/** JSON-able state of a sketch, used for determinism and merge tests. */
export interface SketchSnapshot {
  count: number; nulls: number; blanks: number;
  types: { string: number; number: number; boolean: number };
  edgeSpace: number; innerSpace: number; lineBreaks: number; invisible: number; nonNfc: number;
  numeric: { count: number; integers: number; min: number | null; max: number | null; sum: number };
  length: { min: number | null; max: number | null; total: number };
  text: { min: string | null; max: string | null };
  distinct: number; distinctExact: boolean; hll: string | null;
  topExact: boolean; top: ValueCount[]; patterns: ValueCount[];
}

/** Structures a column switches to once it holds more than `capacity` distinct values. */
interface Big {
  hll: Uint8Array;
  top: HashHeavyHitters;
  patterns: PatternCounter;
}

/** What one distinct value contributes per occurrence; computed once while the column is exact. */
interface Entry {
  count: number;
  /** TEXT_* flags, plus NON_NFC. */
  flags: number;
  /** Parsed number, or NaN. */
  num: number;
}

const NON_NFC = 1 << 10;

/**
 * One column's sketch. Values are counted exactly in a map until more than `capacity` distinct
 * values are seen; then the column goes "big": distinct values go through HyperLogLog, top values
 * through a Misra–Gries table keyed by the same hash, and patterns are counted per cell (before
 * that they are derived from the exact value counts when read). While exact, a repeated value
 * costs one map lookup: its whitespace flags and parsed number are remembered with its count.
 */
export class ColumnSketch {
  count = 0;
  nulls = 0;
  blanks = 0;
  strings = 0;
  numbers = 0;
  booleans = 0;
  edgeSpace = 0;
  innerSpace = 0;
  lineBreaks = 0;
  invisible = 0;
  nonNfc = 0;
  numCount = 0;
  numIntegers = 0;
  numMin = Number.POSITIVE_INFINITY;
  numMax = Number.NEGATIVE_INFINITY;
  numSum = new ExactSum();
  lenMin = Number.POSITIVE_INFINITY;
  lenMax = 0;
  lenTotal = 0;
  textMin: string | null = null;
  textMax: string | null = null;
  /** Exact value counts; emptied when the column goes big. */
  private exact = new Map<string, Entry>();
  private big: Big | null = null;

  constructor(readonly seed: number, readonly capacity = DEFAULT_VALUE_CAPACITY) {}

  /**
   * Restores a sketch that crossed a thread boundary by structured clone (which keeps Maps, typed
   * arrays and shared references but drops prototypes): sharded profiling merges worker sketches.
   */
  static revive(o: ColumnSketch): ColumnSketch {
    const s = Object.setPrototypeOf(o, ColumnSketch.prototype) as ColumnSketch;
    ExactSum.revive(s.numSum);
    if (s.big !== null) {
      HashHeavyHitters.revive(s.big.top);
      PatternCounter.revive(s.big.patterns);
    }
    return s;
  }

  /** Drops scratch space before a transfer to another thread. */
  trim(): void {
    this.big?.top.trim();
  }

  /** Counts `n` rows where the column was absent (JSON schema drift). */
  addNulls(n: number): void {
    this.count += n;
    this.nulls += n;
  }

  /** Hot loop: one column of one batch. */
  addColumn(col: readonly Cell[], length: number): void {
    this.count += length;
    for (let r = 0; r < length; r++) {
      const v = col[r];
      if (v === null || v === undefined) {
        this.nulls++;
        continue;
      }
      let s: string;
      if (typeof v === 'string') {
        this.strings++;
        if (this.big === null) {
          const e = this.exact.get(v);
          if (e !== undefined) {
            e.count++;
            this.repeat(e, v.length);
            continue;
          }
        }
        const f = scanText(v);
        if (f & TEXT_BLANK) {
          this.blanks++;
          continue;
        }
        this.addFlags(f);
        let num = plainNumber(v);
        if (num === null && maybeFormattedNumber(v)) num = parseNumberLoose(v, '.')?.value ?? null;
        this.addValue(v, f, num ?? Number.NaN);
        continue;
      }
      if (typeof v === 'number') {
        this.numbers++;
        s = String(v);
      } else {
        this.booleans++;
        s = v ? 'true' : 'false';
      }
      if (this.big === null) {
        const e = this.exact.get(s);
        if (e !== undefined) {
          e.count++;
          this.repeat(e, s.length);
          continue;
        }
      }
      this.addValue(s, 0, typeof v === 'number' ? v : Number.NaN);
    }
  }

  /** A value already in the exact map: min/max text and lengths cannot change, counters can. */
  private repeat(e: Entry, len: number): void {
    this.lenTotal += len;
    if (e.flags !== 0) this.addFlags(e.flags);
    if (e.num === e.num) this.addNumber(e.num);
  }

  private addFlags(f: number): void {
    if (f & TEXT_EDGE_SPACE) this.edgeSpace++;
    if (f & TEXT_INNER_SPACE) this.innerSpace++;
    if (f & TEXT_LINE_BREAK) this.lineBreaks++;
    if (f & TEXT_INVISIBLE) this.invisible++;
    if (f & NON_NFC) this.nonNfc++;
  }

  private addNumber(x: number): void {
    if (!Number.isFinite(x)) return;
    this.numCount++;
    if (Number.isInteger(x)) this.numIntegers++;
    if (x < this.numMin) this.numMin = x;
    if (x > this.numMax) this.numMax = x;
    this.numSum.add(x);
  }

  /** First occurrence (or any occurrence once big) of a non-blank value; `flags` already counted. */
  private addValue(s: string, scanned: number, num: number): void {
    let flags = scanned;
    if (flags & TEXT_NON_ASCII && s.normalize('NFC') !== s) {
      flags |= NON_NFC;
      this.nonNfc++;
    }
    if (num === num) this.addNumber(num);
    const len = s.length;
    if (len < this.lenMin) this.lenMin = len;
    if (len > this.lenMax) this.lenMax = len;
    this.lenTotal += len;
    if (this.textMin === null || s < this.textMin) this.textMin = s;
    if (this.textMax === null || s > this.textMax) this.textMax = s;
    const big = this.big;
    if (big !== null) {
      const h = murmur32(s, this.seed);
      hllAdd(big.hll, h);
      big.top.add(s, h);
      big.patterns.add(s);
      return;
    }
    this.exact.set(detach(s), { count: 1, flags: flags & ~TEXT_NON_ASCII, num });
    if (this.exact.size > this.capacity) this.goBig();
  }

  private goBig(): void {
    this.big = this.bigFromExact();
    this.exact = new Map();
  }

  /** Big structures holding exactly what the exact counts hold (the switch loses nothing). */
  private bigFromExact(): Big {
    const b: Big = { hll: newRegisters(), top: new HashHeavyHitters(this.capacity), patterns: this.derivedPatterns() };
    for (const [k, e] of this.exact) {
      const h = murmur32(k, this.seed);
      hllAdd(b.hll, h);
      b.top.add(k, h, e.count);
    }
    return b;
  }

  private derivedPatterns(): PatternCounter {
    const p = new PatternCounter();
    for (const [k, e] of this.exact) p.add(k, e.count);
    return p;
  }

  merge(o: ColumnSketch): void {
    this.count += o.count;
    this.nulls += o.nulls;
    this.blanks += o.blanks;
    this.strings += o.strings;
    this.numbers += o.numbers;
    this.booleans += o.booleans;
    this.edgeSpace += o.edgeSpace;
    this.innerSpace += o.innerSpace;
    this.lineBreaks += o.lineBreaks;
    this.invisible += o.invisible;
    this.nonNfc += o.nonNfc;
    this.numCount += o.numCount;
    this.numIntegers += o.numIntegers;
    if (o.numMin < this.numMin) this.numMin = o.numMin;
    if (o.numMax > this.numMax) this.numMax = o.numMax;
    this.numSum.merge(o.numSum);
    if (o.lenMin < this.lenMin) this.lenMin = o.lenMin;
    if (o.lenMax > this.lenMax) this.lenMax = o.lenMax;
    this.lenTotal += o.lenTotal;
    if (o.textMin !== null && (this.textMin === null || o.textMin < this.textMin)) this.textMin = o.textMin;
    if (o.textMax !== null && (this.textMax === null || o.textMax > this.textMax)) this.textMax = o.textMax;
    if (this.big === null && o.big === null && !this.unionExceeds(o)) {
      for (const [k, e] of o.exact) {
        const mine = this.exact.get(k);
        if (mine) mine.count += e.count;
        else this.exact.set(k, { ...e });
      }
      return;
    }
    if (this.big === null) this.goBig();
    const mine = this.big as Big;
    const theirs = o.big ?? o.bigFromExact();
    hllMerge(mine.hll, theirs.hll);
    mine.top.merge(theirs.top);
    mine.patterns.merge(theirs.patterns);
  }

  private unionExceeds(o: ColumnSketch): boolean {
    let n = this.exact.size;
    for (const k of o.exact.keys()) if (!this.exact.has(k) && ++n > this.capacity) return true;
    return false;
  }

  /** Non-null, non-blank values. */
  get present(): number {
    return this.count - this.nulls - this.blanks;
  }

  /** True while every distinct value is counted exactly (so distinct() and top() are exact). */
  get isExact(): boolean {
    return this.big === null;
  }

  /** True when top() counts are exact: always before going big, and after while nothing was evicted. */
  get topExact(): boolean {
    return this.big === null || this.big.top.error === 0;
  }

  distinct(): number {
    return this.big === null ? this.exact.size : hllEstimate(this.big.hll);
  }

  /** The most frequent values, count descending then value ascending. */
  top(limit: number): ValueCount[] {
    if (this.big !== null) return this.big.top.top(limit);
    const all: ValueCount[] = [];
    for (const [value, e] of this.exact) all.push({ value, count: e.count });
    all.sort(compareValueCounts);
    return all.length > limit ? all.slice(0, limit) : all;
  }

  patterns(limit: number): ValueCount[] {
    return (this.big?.patterns ?? this.derivedPatterns()).top(limit);
  }

  snapshot(limit = Number.POSITIVE_INFINITY): SketchSnapshot {
    const fin = (x: number): number | null => (Number.isFinite(x) ? x : null);
    return {
      count: this.count, nulls: this.nulls, blanks: this.blanks,
      types: { string: this.strings, number: this.numbers, boolean: this.booleans },
      edgeSpace: this.edgeSpace, innerSpace: this.innerSpace, lineBreaks: this.lineBreaks, invisible: this.invisible, nonNfc: this.nonNfc,
      numeric: { count: this.numCount, integers: this.numIntegers, min: fin(this.numMin), max: fin(this.numMax), sum: this.numSum.value() },
      length: { min: fin(this.lenMin), max: Number.isFinite(this.lenMin) ? this.lenMax : null, total: this.lenTotal },
      text: { min: this.textMin, max: this.textMax },
      distinct: this.distinct(), distinctExact: this.isExact,
      hll: this.big === null ? null : Buffer.from(this.big.hll).toString('base64'),
      topExact: this.topExact, top: this.top(limit), patterns: this.patterns(limit),
    };
  }
}
