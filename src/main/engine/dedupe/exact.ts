/** Exact duplicate keys after normalisation: a 64-bit-keyed open-addressing table in typed arrays. */
import { murmur32 } from '../hash.js';
import type { Cell } from '../table.js';

const EMPTY = 0;

/**
 * Maps a 64-bit key (two 32-bit halves) to the first row number that produced it.
 * Typed arrays keep 10M keys in ~200 MB instead of a Map's gigabytes. A false match needs a
 * 64-bit collision: about 3e-6 for 10M distinct rows, which we accept and document.
 */
export class KeyTable {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private val: Float64Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 1;
    while (cap < initialCapacity * 2) cap <<= 1;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = new Float64Array(cap);
    this.mask = cap - 1;
  }

  /** Returns the row already stored under the key, or stores `row` and returns 0. Rows are ≥ 1. */
  getOrInsert(h: number, l: number, row: number): number {
    if ((this.size + 1) * 2 > this.val.length) this.grow();
    let i = (h ^ Math.imul(l, 0x9e3779b1)) & this.mask;
    for (;;) {
      const v = this.val[i]!;
      if (v === EMPTY) {
        this.hi[i] = h;
        this.lo[i] = l;
        this.val[i] = row;
        this.size++;
        return 0;
      }
      if (this.hi[i] === h && this.lo[i] === l) return v;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const { hi, lo, val } = this;
    const cap = val.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = new Float64Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let i = 0; i < val.length; i++) if (val[i] !== EMPTY) this.getOrInsert(hi[i]!, lo[i]!, val[i]!);
  }
}

/** Builds the text that identifies a row for exact matching: type-tagged cells with separators. */
export function rowKeyText(columns: readonly Cell[][], keyCols: readonly number[], r: number): string {
  let s = '';
  for (let k = 0; k < keyCols.length; k++) {
    const v = columns[keyCols[k]!]![r] ?? null;
    // Tags keep 1 (number) apart from "1" (text) and null apart from "".
    if (v === null) s += '\u0000n';
    else if (typeof v === 'string') s += '\u0000s' + v;
    else if (typeof v === 'number') s += '\u0000d' + String(v);
    else s += v ? '\u0000t' : '\u0000f';
  }
  return s;
}

export function keyHash(text: string, seed: number): [number, number] {
  return [murmur32(text, seed ^ 0x2545f491), murmur32(text, seed ^ 0x68e31da4)];
}
