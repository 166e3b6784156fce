/** Exact duplicate keys after normalisation: a 64-bit-keyed open-addressing table in typed arrays. */
import { EngineError } from '../errors.js';
import { murmur32 } from '../hash.js';
import type { Cell } from '../table.js';

const EMPTY = 0;
/** Linear probing stays short up to this load. */
const MAX_LOAD = 0.75;
const MAX_ROW = 0xffffffff;

/**
 * Maps a 64-bit key (two 32-bit halves) to the first row number that produced it.
 * Typed arrays keep 10M keys in ~200 MB (12 bytes a slot) instead of a Map's gigabytes. A false
 * match needs a 64-bit collision: about 3e-6 for 10M distinct rows, which we accept and document.
 */
export class KeyTable {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private val: Uint32Array;
  private mask: number;
  private limit: number;
  size = 0;

  /** `initialCapacity`: keys expected; sizing for them up front avoids rehashing while the table grows. */
  constructor(initialCapacity = 1 << 16) {
    const cap = KeyTable.slotsFor(initialCapacity);
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = new Uint32Array(cap);
    this.mask = cap - 1;
    this.limit = Math.floor(cap * MAX_LOAD);
  }

  /** Slots (a power of two) a table holding `keys` keys uses. */
  static slotsFor(keys: number): number {
    let cap = 16;
    while (cap * MAX_LOAD < keys + 1) cap *= 2;
    return cap;
  }

  /** Bytes a table holding `keys` keys takes, growth included (old and new arrays live together briefly). */
  static bytesFor(keys: number): number {
    return KeyTable.slotsFor(keys) * 12 * 1.5;
  }

  /** Returns the row already stored under the key, or stores `row` and returns 0. Rows are 1 … 2^32−1. */
  getOrInsert(h: number, l: number, row: number): number {
    if (this.size >= this.limit) this.grow();
    const hi = this.hi;
    const lo = this.lo;
    const val = this.val;
    const mask = this.mask;
    let i = (h ^ Math.imul(l, 0x9e3779b1)) & mask;
    for (;;) {
      const v = val[i] as number;
      if (v === EMPTY) {
        if (row > MAX_ROW || row < 1) throw new EngineError('LIMIT_EXCEEDED', `exact-duplicate keys hold row numbers 1 to ${MAX_ROW}, got ${row}`);
        hi[i] = h;
        lo[i] = l;
        val[i] = row;
        this.size++;
        return 0;
      }
      if (hi[i] === h >>> 0 && lo[i] === l >>> 0) return v;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const { hi, lo, val } = this;
    const cap = val.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.val = new Uint32Array(cap);
    this.mask = cap - 1;
    this.limit = Math.floor(cap * MAX_LOAD);
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

// Streaming state of rowKeyHash: two MurmurHash3 lanes fed the same code units.
let H1 = 0;
let H2 = 0;
let PEND = -1;
let LEN = 0;

function mixPair(k0: number): void {
  let k = Math.imul(k0, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  let h = H1 ^ k;
  h = (h << 13) | (h >>> 19);
  H1 = (Math.imul(h, 5) + 0xe6546b64) | 0;
  h = H2 ^ k;
  h = (h << 13) | (h >>> 19);
  H2 = (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function feed(c: number): void {
  if (PEND < 0) PEND = c;
  else {
    mixPair((PEND & 0xffff) | ((c & 0xffff) << 16));
    PEND = -1;
  }
  LEN++;
}

function feedText(s: string): void {
  for (let i = 0; i < s.length; i++) feed(s.charCodeAt(i));
}

function finish(h0: number): number {
  let h = h0;
  if (PEND >= 0) {
    let k = Math.imul(PEND & 0xffff, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  h ^= LEN * 2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * keyHash(rowKeyText(columns, keyCols, r), seed) written to out[at], out[at + 1], without building
 * the key text: both hash lanes take the code units as they are read from the cells.
 */
export function rowKeyHash(columns: readonly Cell[][], keyCols: readonly number[], r: number, seed: number, out: Uint32Array, at: number): void {
  H1 = (seed ^ 0x2545f491) >>> 0;
  H2 = (seed ^ 0x68e31da4) >>> 0;
  PEND = -1;
  LEN = 0;
  for (let k = 0; k < keyCols.length; k++) {
    const v = columns[keyCols[k]!]![r] ?? null;
    feed(0);
    if (v === null) feed(110);
    else if (typeof v === 'string') {
      feed(115);
      feedText(v);
    } else if (typeof v === 'number') {
      feed(100);
      feedText(String(v));
    } else feed(v ? 116 : 102);
  }
  out[at] = finish(H1);
  out[at + 1] = finish(H2);
}
