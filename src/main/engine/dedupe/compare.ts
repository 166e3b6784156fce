/** Field-aware comparison of two values: a similarity and a discrete comparison level for the Fellegi–Sunter model. */
import type { FieldColumn } from './columns.js';
import type { ComparatorKind } from './normalize.js';
import { isTransposition, jaroWinkler, levenshteinSimilarity, softTfIdf } from './similarity.js';

/** Dictionaries up to this size memoise pair levels (at most 4 MB per field). */
const LEVEL_CACHE_VALUES = 2048;

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

/** Per-field comparison state derived from the column once (fixed-width numeric codes, spreads). */
export class FieldComparator {
  readonly col: FieldColumn;
  readonly kind: ComparatorKind;
  readonly levels: number;
  private readonly cutoffs: readonly number[];
  /** Fixed-width, high-cardinality numbers (postcodes, account numbers) are codes: closeness means nothing. */
  private readonly numericIsCode: boolean;
  /** Levels of value pairs for small dictionaries (states, cities, years), 0xfe = not yet computed. */
  private readonly levelCache: Uint8Array | null;
  /** Tokens kind: short values without spaces, per value id (undefined when too long to compare whole). */
  private readonly compact: (string | undefined)[] = [];

  constructor(col: FieldColumn) {
    this.col = col;
    this.kind = col.kind as ComparatorKind;
    this.cutoffs = CUTOFFS[this.kind];
    this.levels = levelCount(this.kind);
    this.numericIsCode = this.kind === 'number' && fixedWidthCodes(col);
    const d = col.norm.length;
    this.levelCache = d > 1 && d <= LEVEL_CACHE_VALUES ? new Uint8Array(d * d).fill(0xfe) : null;
    if (this.kind === 'tokens') this.compact = col.norm.map((v) => (v.length <= 32 ? v.replace(/ /g, '') : undefined));
  }

  /** Similarity 0–1 of two normalised value ids (both ≥ 0). */
  similarity(a: number, b: number): number {
    if (a === b) return 1;
    const col = this.col;
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
        const cx = this.compact[a];
        const cy = this.compact[b];
        if (cx !== undefined && cy !== undefined) {
          const whole = jaroWinkler(cx, cy);
          if (whole >= 0.9) return Math.max(s, whole);
        }
        return s;
      }
      case 'number': {
        const str = digitSimilarity(x, y);
        if (this.numericIsCode) return str;
        return Math.max(str, closeness(col.num[a] as number, col.num[b] as number, col.spread));
      }
      case 'date': {
        const str = digitSimilarity(x, y);
        const da = col.num[a] as number;
        const db = col.num[b] as number;
        if (Number.isNaN(da) || Number.isNaN(db)) return str;
        const days = Math.abs(da - db);
        const near = days <= 1 ? 0.9 : days <= 31 ? 0.75 : 0;
        return Math.max(str, near, dayMonthSwapped(x, y) ? 0.9 : 0);
      }
      case 'email':
        return levenshteinSimilarity(x, y);
      case 'phone': {
        // Same subscriber number with or without country/trunk prefix.
        if (x.length >= 8 && y.length >= 8 && x.slice(-8) === y.slice(-8)) return 0.95;
        return levenshteinSimilarity(x, y);
      }
      case 'code':
        return digitSimilarity(x, y);
      case 'url':
      case 'boolean':
        return 0;
    }
  }

  /** Comparison level of two value ids, MISSING when either is -1. */
  level(a: number, b: number): number {
    if (a < 0 || b < 0) return MISSING;
    if (a === b) return 0;
    const cache = this.levelCache;
    const slot = a * this.col.norm.length + b;
    if (cache) {
      const hit = cache[slot] as number;
      if (hit !== 0xfe) return hit;
    }
    // Different values are never 'exact', even when a kernel scores them 1 (e.g. a lost space).
    const level = Math.max(1, this.levelOf(this.similarity(a, b)));
    if (cache) cache[slot] = level;
    return level;
  }

  levelOf(s: number): number {
    if (s >= 1) return 0;
    const c = this.cutoffs;
    for (let i = 0; i < c.length; i++) if (s >= (c[i] as number)) return i + 1;
    return c.length + 1;
  }
}

/** Edit similarity that counts one adjacent transposition as a single error. */
function digitSimilarity(x: string, y: string): number {
  const n = Math.max(x.length, y.length);
  if (isTransposition(x, y)) return 1 - 1 / n;
  return levenshteinSimilarity(x, y);
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
