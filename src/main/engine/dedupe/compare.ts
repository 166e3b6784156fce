/** Field-aware comparison of two values: a similarity and a discrete comparison level for the Fellegi–Sunter model. */
import type { FieldColumn } from './columns.js';
import type { ComparatorKind } from './normalize.js';
import { isTransposition, jaroWinkler, levenshteinSimilarity, levenshteinWithin, softTfIdf } from './similarity.js';

/** Dictionaries up to this size memoise pair levels in a dense table (at most 4 MB per field). */
const LEVEL_CACHE_VALUES = 2048;
/** Larger dictionaries whose values repeat (names, postcodes, amounts) memoise in a bounded hash table. */
const MEMO_MAX_VALUES = 1 << 16;
const MEMO_MIN_REPEAT = 8;
const MEMO_SLOTS = 1 << 20;

/** Level code for a comparison where either value is missing: carries no weight either way. */
export const MISSING = 255;

/** Level names in order; a kind with L levels uses the first L−1 names and 'else' last. */
export type LevelName = 'exact' | 'high' | 'medium' | 'else' | 'missing';

/**
 * Similarity cut-offs below exact, per kind. A kind with cut-offs [h, m] has the levels
 * exact / ≥h / ≥m / else. The cut-offs only discretise; how much each level counts is learned (EM).
 */
const CUTOFFS: Record<ComparatorKind, readonly number[]> = {
  name: [0.92, 0.8],
  tokens: [0.8, 0.55],
  category: [0.9],
  number: [0.9, 0.75],
  date: [0.85, 0.7],
  email: [0.9],
  phone: [0.9],
  url: [],
  boolean: [],
  code: [0.8],
};

/** Levels for a kind (exact + cut-offs + else). */
export function levelCount(kind: ComparatorKind): number {
  return CUTOFFS[kind].length + 2;
}

export function levelName(kind: ComparatorKind, level: number): LevelName {
  if (level === MISSING) return 'missing';
  if (level === 0) return 'exact';
  if (level === levelCount(kind) - 1) return 'else';
  return level === 1 ? 'high' : 'medium';
}

/**
 * What comparing a field reads: a FieldColumn on the main thread, or the same arrays sent to a
 * worker that scores candidate pairs (ValueComparator.data / ValueComparator.fromData).
 */
export interface ComparedValues {
  readonly kind: ComparatorKind | null;
  /** Row → normalised value id, -1 when missing. */
  readonly codes: Int32Array;
  /** Rows with a value. */
  readonly nonMissing: number;
  readonly norm: readonly string[];
  readonly num: Float64Array;
  readonly spread: number;
  readonly tokStart: Int32Array;
  readonly tokIds: Int32Array;
  readonly tokens: readonly string[];
  readonly idf: Float32Array;
}

/** A comparator as plain data that survives structured clone (codes stay shared when they are). */
export interface ComparatorData {
  values: ComparedValues;
  numericIsCode: boolean;
}

/** Level cache value meaning "not computed yet". */
const UNKNOWN_LEVEL = 0xfe;

/** Per-field comparison state derived from the values once (fixed-width numeric codes, spreads). */
export class ValueComparator {
  readonly values: ComparedValues;
  readonly kind: ComparatorKind;
  readonly levels: number;
  private readonly cutoffs: readonly number[];
  /** Fixed-width, high-cardinality numbers (postcodes, account numbers) are codes: closeness means nothing. */
  readonly numericIsCode: boolean;
  /** Levels of value pairs for small dictionaries (states, cities, years), UNKNOWN_LEVEL = not yet computed. */
  private readonly levelCache: Uint8Array | null;
  /** Levels of value pairs met so far, for dictionaries too large for the dense table but repeating. */
  private readonly memo: PairMemo | null;
  /** Tokens kind: short values without spaces, per value id, made on first use ('' when too long to compare whole). */
  private readonly compact: (string | undefined)[] = [];

  constructor(values: ComparedValues, numericIsCode: boolean) {
    this.values = values;
    this.kind = values.kind as ComparatorKind;
    this.cutoffs = CUTOFFS[this.kind];
    this.levels = levelCount(this.kind);
    this.numericIsCode = numericIsCode;
    const d = values.norm.length;
    this.levelCache = d > 1 && d <= LEVEL_CACHE_VALUES ? new Uint8Array(d * d).fill(UNKNOWN_LEVEL) : null;
    this.memo = !this.levelCache && d > 1 && d <= MEMO_MAX_VALUES && values.nonMissing >= MEMO_MIN_REPEAT * d ? new PairMemo(MEMO_SLOTS) : null;
  }

  static fromData(d: ComparatorData): ValueComparator {
    return new ValueComparator(d.values, d.numericIsCode);
  }

  /** Similarity 0–1 of two normalised value ids (both ≥ 0). */
  similarity(a: number, b: number): number {
    if (a === b) return 1;
    const col = this.values;
    const x = col.norm[a] as string;
    const y = col.norm[b] as string;
    switch (this.kind) {
      case 'name':
      case 'category':
        return jaroWinkler(x, y);
      case 'tokens': {
        const s = softTfIdf(col.tokIds, col.tokStart[a] as number, col.tokStart[a + 1] as number,
          col.tokStart[b] as number, col.tokStart[b + 1] as number, col.idf, col.tokens, 0.85);
        // Short multi-word values (addresses) also lose or gain a space by typo: compared whole, a
        // near-equal string rescues the token score; anything less says nothing the tokens did not.
        const cx = this.compactOf(a);
        const cy = this.compactOf(b);
        if (cx !== '' && cy !== '') {
          const whole = jaroWinkler(cx, cy);
          if (whole >= 0.9) return Math.max(s, whole);
        }
        return s;
      }
      case 'number': {
        const str = transposed(x, y) ?? levenshteinSimilarity(x, y);
        if (this.numericIsCode) return str;
        return Math.max(str, closeness(col.num[a] as number, col.num[b] as number, col.spread));
      }
      case 'date': {
        const str = transposed(x, y) ?? levenshteinSimilarity(x, y);
        const da = col.num[a] as number;
        const db = col.num[b] as number;
        if (Number.isNaN(da) || Number.isNaN(db)) return str;
        const days = Math.abs(da - db);
        const near = days <= 1 ? 0.9 : days <= 31 ? 0.75 : 0;
        return Math.max(str, near, dayMonthSwapped(x, y) ? 0.9 : 0);
      }
      case 'email':
      case 'phone':
      case 'code':
        return this.editShortcut(x, y) ?? levenshteinSimilarity(x, y);
      case 'url':
      case 'boolean':
        return 0;
    }
  }

  private compactOf(id: number): string {
    let c = this.compact[id];
    if (c === undefined) {
      const v = this.values.norm[id] as string;
      c = v.length <= 32 ? v.replace(/ /g, '') : '';
      this.compact[id] = c;
    }
    return c;
  }

  /** Comparison level of two value ids, MISSING when either is -1. */
  level(a: number, b: number): number {
    if (a < 0 || b < 0) return MISSING;
    if (a === b) return 0;
    const cache = this.levelCache;
    if (cache) {
      const hit = cache[a * this.values.norm.length + b] as number;
      if (hit !== UNKNOWN_LEVEL) return hit;
    }
    const memo = this.memo;
    if (memo) {
      const hit = memo.get(a, b);
      if (hit !== UNKNOWN_LEVEL) return hit;
      const level = this.computeLevel(a, b);
      memo.set(a, b, level);
      return level;
    }
    return this.computeLevel(a, b);
  }

  /** True when levels of value pairs are memoised (small dictionaries): comparing is then cheap. */
  get memoised(): boolean {
    return this.levelCache !== null;
  }

  /**
   * The level of two different value ids (both ≥ 0), memoised when the dictionary is small. Equal to
   * levelOf(similarity) but cheaper where only the cut-offs matter: edit distances stop once they
   * pass the lowest cut-off, and Jaro–Winkler is skipped when the lengths alone rule the cut-offs out.
   */
  private computeLevel(a: number, b: number): number {
    // Different values are never 'exact', even when a kernel scores them 1 (e.g. a lost space).
    const level = Math.max(1, this.quickLevel(a, b));
    const cache = this.levelCache;
    if (cache) cache[a * this.values.norm.length + b] = level;
    return level;
  }

  private quickLevel(a: number, b: number): number {
    const x = this.values.norm[a] as string;
    const y = this.values.norm[b] as string;
    switch (this.kind) {
      case 'email':
      case 'phone':
      case 'code':
        return this.editOrShortcutLevel(x, y);
      case 'number':
        return this.numericIsCode ? this.editOrShortcutLevel(x, y) : this.levelOf(this.similarity(a, b));
      case 'name':
      case 'category':
        if (jaroWinklerCeiling(x.length, y.length) < (this.cutoffs[this.cutoffs.length - 1] ?? 1)) return this.cutoffs.length + 1;
        return this.levelOf(jaroWinkler(x, y));
      default:
        return this.levelOf(this.similarity(a, b));
    }
  }

  /**
   * For kinds scored by edit distance (email, phone, codes): a similarity a shortcut settles — the same
   * subscriber number with or without a prefix, one swapped pair of characters — else null.
   */
  private editShortcut(x: string, y: string): number | null {
    if (this.kind === 'phone') return x.length >= 8 && y.length >= 8 && x.slice(-8) === y.slice(-8) ? 0.95 : null;
    return this.kind === 'email' ? null : transposed(x, y);
  }

  private editOrShortcutLevel(x: string, y: string): number {
    const s = this.editShortcut(x, y);
    return s === null ? this.editLevel(x, y) : this.levelOf(s);
  }

  /** levelOf(levenshteinSimilarity(x, y)), with the distance bounded just past the lowest cut-off. */
  private editLevel(x: string, y: string): number {
    const n = Math.max(x.length, y.length);
    if (n === 0) return 0;
    const lowest = this.cutoffs[this.cutoffs.length - 1];
    if (lowest === undefined) return this.levelOf(levenshteinSimilarity(x, y));
    // A distance above maxD gives 1 − d/n < lowest, so the level is 'else' whatever it is exactly.
    const maxD = Math.floor((1 - lowest) * n) + 1;
    const d = levenshteinWithin(x, y, maxD);
    return d > maxD ? this.cutoffs.length + 1 : this.levelOf(1 - d / n);
  }

  levelOf(s: number): number {
    if (s >= 1) return 0;
    const c = this.cutoffs;
    for (let i = 0; i < c.length; i++) if (s >= (c[i] as number)) return i + 1;
    return c.length + 1;
  }

  /** The comparator's state as data for a worker thread. */
  data(): ComparatorData {
    const v = this.values;
    return {
      values: {
        kind: v.kind, codes: v.codes, nonMissing: v.nonMissing, norm: v.norm, num: v.num, spread: v.spread,
        tokStart: v.tokStart, tokIds: v.tokIds, tokens: v.tokens, idf: v.idf,
      },
      numericIsCode: this.numericIsCode,
    };
  }
}

/** A main-thread comparator over a FieldColumn (raw values, frequencies and names for explain and the model). */
export class FieldComparator extends ValueComparator {
  readonly col: FieldColumn;

  constructor(col: FieldColumn) {
    super(col, col.kind === 'number' && fixedWidthCodes(col));
    this.col = col;
  }
}

/**
 * Open-addressing table of (value id, value id) → level with a fixed number of slots; once 70% full
 * it stops taking new pairs (the levels it holds stay valid: a level is a function of the two values).
 */
class PairMemo {
  private readonly a: Int32Array;
  private readonly b: Int32Array;
  private readonly level: Uint8Array;
  private readonly mask: number;
  private size = 0;
  private readonly limit: number;

  constructor(slots: number) {
    this.a = new Int32Array(slots).fill(-1);
    this.b = new Int32Array(slots);
    this.level = new Uint8Array(slots);
    this.mask = slots - 1;
    this.limit = Math.floor(slots * 0.7);
  }

  private slot(a: number, b: number): number {
    return ((Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) >>> 0) & this.mask;
  }

  get(a: number, b: number): number {
    for (let s = this.slot(a, b); ; s = (s + 1) & this.mask) {
      const x = this.a[s] as number;
      if (x < 0) return UNKNOWN_LEVEL;
      if (x === a && this.b[s] === b) return this.level[s] as number;
    }
  }

  set(a: number, b: number, level: number): void {
    if (this.size >= this.limit) return;
    let s = this.slot(a, b);
    while ((this.a[s] as number) >= 0) s = (s + 1) & this.mask;
    this.a[s] = a;
    this.b[s] = b;
    this.level[s] = level;
    this.size++;
  }
}

/**
 * The highest Jaro–Winkler two strings of these lengths can reach: every character of the shorter
 * one matched, none transposed, and the longest common prefix the bonus allows.
 */
function jaroWinklerCeiling(la: number, lb: number): number {
  if (la === 0 || lb === 0) return 0;
  const m = Math.min(la, lb);
  const j = (m / la + m / lb + 1) / 3;
  return j <= 0.7 ? j : j + Math.min(4, m) * 0.1 * (1 - j);
}

/** 1 − 1/length when y is x with one adjacent pair swapped (counted as a single error), else null. */
function transposed(x: string, y: string): number | null {
  return isTransposition(x, y) ? 1 - 1 / x.length : null;
}

/** YYYYMMDD strings equal up to day and month swapped (a US/EU entry mix-up). */
function dayMonthSwapped(x: string, y: string): boolean {
  if (x.length !== 8 || y.length !== 8) return false;
  for (let i = 0; i < 4; i++) if (x.charCodeAt(i) !== y.charCodeAt(i)) return false;
  return x.charCodeAt(4) === y.charCodeAt(6) && x.charCodeAt(5) === y.charCodeAt(7)
    && x.charCodeAt(6) === y.charCodeAt(4) && x.charCodeAt(7) === y.charCodeAt(5);
}

function closeness(a: number, b: number, spread: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return 0;
  if (a === b) return 1;
  if (spread <= 0) return 0;
  return Math.max(0, 1 - Math.abs(a - b) / spread);
}

function fixedWidthCodes(col: FieldColumn): boolean {
  if (col.norm.length < 50) return false;
  const byLength = new Map<number, number>();
  for (let id = 0; id < col.norm.length; id++) {
    const len = (col.norm[id] as string).length;
    byLength.set(len, (byLength.get(len) ?? 0) + (col.freq[id] as number));
  }
  let best = 0;
  let bestLen = 0;
  for (const [len, count] of byLength) if (count > best) [best, bestLen] = [count, len];
  return bestLen >= 3 && best >= 0.9 * col.nonMissing;
}
