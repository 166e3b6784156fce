/** Misra–Gries heavy hitters in an open-addressing table keyed by a precomputed hash: no allocation per value. */
import type { ValueCount } from '../../../shared/profile.js';
import { detach } from './chars.js';
import { compareValueCounts } from './heavy.js';

/**
 * The same batched Misra–Gries summary as HeavyHitters, for high-cardinality columns where a Map
 * would churn: slots live in typed arrays, probing starts at the value's 32-bit hash (the one the
 * HyperLogLog already computed) and identity is checked on the string itself.
 */
export class HashHeavyHitters {
  private mask: number;
  private hashes: Int32Array;
  private counts: Float64Array;
  private keys: (string | undefined)[];
  /** Second set of arrays, swapped in at each reduction so reducing allocates nothing. */
  private spare: { hashes: Int32Array; counts: Float64Array; keys: (string | undefined)[] } | null = null;
  private used = 0;
  private scratch: Float64Array | null = null;
  /** Total subtracted from every counter so far; 0 means all counts are exact. */
  error = 0;

  constructor(readonly capacity: number) {
    // Reduction keeps the load at or below 2·capacity / size = 1/2.
    let size = 8;
    while (size < 4 * capacity + 4) size *= 2;
    this.mask = size - 1;
    this.hashes = new Int32Array(size);
    this.counts = new Float64Array(size);
    this.keys = new Array<string | undefined>(size).fill(undefined);
  }

  get size(): number {
    return this.used;
  }

  /** Counters held densely while packed for a transfer (see trim). */
  private packed: { keys: string[]; hashes: Int32Array; counts: Float64Array } | null = null;

  /**
   * Restores a structured-cloned or trimmed instance: the prototype, and the table rebuilt from
   * the packed counters in their packed order, so the result is the same whether or not the
   * instance crossed a thread (see ColumnSketch.revive).
   */
  static revive(o: HashHeavyHitters): HashHeavyHitters {
    const h = Object.setPrototypeOf(o, HashHeavyHitters.prototype) as HashHeavyHitters;
    const p = h.packed;
    if (p === null) return h;
    h.packed = null;
    const size = h.mask + 1;
    h.keys = new Array<string | undefined>(size).fill(undefined);
    h.hashes = new Int32Array(size);
    h.counts = new Float64Array(size);
    h.used = 0;
    for (let i = 0; i < p.keys.length; i++) h.add(p.keys[i] as string, p.hashes[i] as number, p.counts[i] as number);
    return h;
  }

  /** Packs the counters densely and drops scratch space, so a transfer carries a fraction of the table; revive() unpacks. */
  trim(): void {
    this.spare = null;
    this.scratch = null;
    if (this.packed !== null) return;
    const n = this.used;
    const keys = new Array<string>(n);
    const hashes = new Int32Array(n);
    const counts = new Float64Array(n);
    let j = 0;
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i];
      if (k === undefined) continue;
      keys[j] = k;
      hashes[j] = this.hashes[i] as number;
      counts[j++] = this.counts[i] as number;
    }
    this.packed = { keys, hashes, counts };
    this.keys = [];
    this.hashes = new Int32Array(0);
    this.counts = new Float64Array(0);
  }

  add(key: string, hash: number, by = 1): void {
    const keys = this.keys;
    const mask = this.mask;
    let i = hash & mask;
    for (;;) {
      const k = keys[i];
      if (k === undefined) break;
      if ((this.hashes[i] as number) === (hash | 0) && k === key) {
        this.counts[i] = (this.counts[i] as number) + by;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    this.hashes[i] = hash;
    this.counts[i] = by;
    if (++this.used > 2 * this.capacity) this.reduce();
  }

  /** Calls `f` for every held counter. */
  forEach(f: (key: string, count: number, hash: number) => void): void {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      if (k !== undefined) f(k, this.counts[i] as number, this.hashes[i] as number);
    }
  }

  merge(other: HashHeavyHitters): void {
    this.error += other.error;
    other.forEach((k, c, h) => this.add(k, h, c));
  }

  top(limit: number): ValueCount[] {
    const all: ValueCount[] = [];
    this.forEach((value, count) => all.push({ value, count }));
    all.sort(compareValueCounts);
    return all.length > limit ? all.slice(0, limit) : all;
  }

  private reduce(): void {
    const cs = (this.scratch ??= new Float64Array(2 * this.capacity + 1));
    let n = 0;
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] !== undefined) cs[n++] = this.counts[i] as number;
    // The (capacity+1)-th largest count, found in linear time rather than by sorting.
    const cut = selectNth(cs.subarray(0, n), n - 1 - this.capacity);
    const oldKeys = this.keys;
    const oldHashes = this.hashes;
    const oldCounts = this.counts;
    const size = oldKeys.length;
    const spare = this.spare ?? { hashes: new Int32Array(size), counts: new Float64Array(size), keys: new Array<string | undefined>(size) };
    spare.keys.fill(undefined);
    this.keys = spare.keys;
    this.hashes = spare.hashes;
    this.counts = spare.counts;
    this.spare = { hashes: oldHashes, counts: oldCounts, keys: oldKeys };
    this.used = 0;
    this.error += cut;
    for (let i = 0; i < oldKeys.length; i++) {
      const k = oldKeys[i];
      const c = oldCounts[i] as number;
      // Survivors stay for a while: copy them off the reader's chunk (see detach).
      if (k !== undefined && c > cut) this.add(detach(k), oldHashes[i] as number, c - cut);
    }
    // Drop the string references held by the spare arrays so they can be collected.
    oldKeys.fill(undefined);
  }
}

/** The value that would sit at index `k` if `a` were sorted ascending (Hoare's quickselect; reorders `a`). */
export function selectNth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const pivot = a[(lo + hi) >>> 1] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] as number;
}
