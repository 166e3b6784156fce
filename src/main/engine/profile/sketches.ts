/** Mergeable per-column sketches over every row: counts, whitespace, numeric range/sum, distinct, top values, patterns. */
import type { ValueCount } from '../../../shared/profile.js';
import { murmur32 } from '../hash.js';
import { parseNumberLoose } from '../formats/numbers.js';
import { shapePattern } from '../formats/text.js';
import type { Cell } from '../table.js';
import {
  TEXT_BLANK, TEXT_EDGE_SPACE, TEXT_INNER_SPACE, TEXT_INVISIBLE, TEXT_LINE_BREAK, TEXT_NON_ASCII,
  maybeFormattedNumber, plainNumber, scanText,
} from './chars.js';
import { ExactSum } from './exactSum.js';
import { HeavyHitters } from './heavy.js';
import { hllAdd, hllEstimate, hllMerge, newRegisters } from './hll.js';

/** Distinct values counted exactly (and top values kept exactly) up to this many; HLL beyond. @default 1000 */
export const DEFAULT_VALUE_CAPACITY = 1000;
/** Bounded number of shape patterns kept per column. @default 100 */
export const PATTERN_CAPACITY = 100;

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

/**
 * One column's sketch. Values are counted exactly in a heavy-hitters map until it holds more than
 * `capacity` distinct values; from then on distinct values go through HyperLogLog and patterns are
 * counted per cell (before that they are derived from the exact value counts at read time, which
 * keeps the hot loop cheap for low-cardinality columns and gives the same numbers).
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
  values: HeavyHitters;
  /** Non-null once the column outgrew exact counting. */
  hll: Uint8Array | null = null;
  /** Counted per cell only once `hll` is on; derived from `values` before. */
  private patternHH: HeavyHitters | null = null;

  constructor(readonly seed: number, readonly capacity = DEFAULT_VALUE_CAPACITY) {
    this.values = new HeavyHitters(capacity);
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
        const f = scanText(v);
        if (f & TEXT_BLANK) {
          this.blanks++;
          continue;
        }
        if (f & TEXT_EDGE_SPACE) this.edgeSpace++;
        if (f & TEXT_INNER_SPACE) this.innerSpace++;
        if (f & TEXT_LINE_BREAK) this.lineBreaks++;
        if (f & TEXT_INVISIBLE) this.invisible++;
        if (f & TEXT_NON_ASCII && v.normalize('NFC') !== v) this.nonNfc++;
        s = v;
        let num = plainNumber(v);
        if (num === null && maybeFormattedNumber(v)) num = parseNumberLoose(v, '.')?.value ?? null;
        if (num !== null) this.addNumber(num);
      } else if (typeof v === 'number') {
        this.numbers++;
        s = String(v);
        this.addNumber(v);
      } else {
        this.booleans++;
        s = v ? 'true' : 'false';
      }
      this.addText(s);
    }
  }

  private addNumber(x: number): void {
    if (!Number.isFinite(x)) return;
    this.numCount++;
    if (Number.isInteger(x)) this.numIntegers++;
    if (x < this.numMin) this.numMin = x;
    if (x > this.numMax) this.numMax = x;
    this.numSum.add(x);
  }

  private addText(s: string): void {
    const len = s.length;
    if (len < this.lenMin) this.lenMin = len;
    if (len > this.lenMax) this.lenMax = len;
    this.lenTotal += len;
    if (this.textMin === null || s < this.textMin) this.textMin = s;
    if (this.textMax === null || s > this.textMax) this.textMax = s;
    const hh = this.values;
    hh.add(s);
    if (this.hll !== null) {
      hllAdd(this.hll, murmur32(s, this.seed));
      (this.patternHH as HeavyHitters).add(shapePattern(s));
    } else if (hh.counts.size > this.capacity) {
      this.goBig();
    }
  }

  /** Switches to HLL + per-cell patterns, seeding both from the exact counts held so far. */
  private goBig(): void {
    this.hll = newRegisters();
    this.patternHH = this.derivedPatterns();
    for (const k of this.values.counts.keys()) hllAdd(this.hll, murmur32(k, this.seed));
  }

  private derivedPatterns(): HeavyHitters {
    const p = new HeavyHitters(PATTERN_CAPACITY);
    for (const [k, c] of this.values.counts) p.add(shapePattern(k), c);
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
    // Patterns and HLL must be combined before the value counts, which merging may reduce.
    if (this.hll !== null || o.hll !== null || this.unionExceeds(o)) {
      const mine = this.hll ?? this.keysToHll(this.values);
      const theirs = o.hll ?? o.keysToHll(o.values);
      hllMerge(mine, theirs);
      const pats = this.patternHH ?? this.derivedPatterns();
      pats.merge(o.patternHH ?? o.derivedPatterns());
      this.hll = mine;
      this.patternHH = pats;
    }
    this.values.merge(o.values);
  }

  private unionExceeds(o: ColumnSketch): boolean {
    let n = this.values.counts.size;
    for (const k of o.values.counts.keys()) if (!this.values.counts.has(k) && ++n > this.capacity) return true;
    return n > this.capacity;
  }

  private keysToHll(hh: HeavyHitters): Uint8Array {
    const reg = newRegisters();
    for (const k of hh.counts.keys()) hllAdd(reg, murmur32(k, this.seed));
    return reg;
  }

  /** Non-null, non-blank values. */
  get present(): number {
    return this.count - this.nulls - this.blanks;
  }

  get distinctExact(): boolean {
    return this.hll === null;
  }

  distinct(): number {
    return this.hll === null ? this.values.counts.size : hllEstimate(this.hll);
  }

  top(limit: number): ValueCount[] {
    return this.values.top(limit);
  }

  patterns(limit: number): ValueCount[] {
    return (this.patternHH ?? this.derivedPatterns()).top(limit);
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
      distinct: this.distinct(), distinctExact: this.distinctExact,
      hll: this.hll === null ? null : Buffer.from(this.hll).toString('base64'),
      topExact: this.values.exact, top: this.values.top(limit), patterns: this.patterns(limit),
    };
  }
}
