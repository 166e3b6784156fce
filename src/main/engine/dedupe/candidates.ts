/** Candidate pairs from LSH band buckets, with oversized buckets sub-blocked instead of paired out quadratically. */
import type { BandKeys } from './minhash.js';
import { pause } from './pause.js';

/** Growable Float64Array of pair keys i·n + j (i < j), exact as long as n² < 2^53. */
export class PairBuffer {
  data = new Float64Array(1 << 16);
  length = 0;
  private compacted = 0;
  push(key: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = key;
  }
  /** Compacts once the buffer has grown by half since the last compaction, so repeated calls stay near-linear. */
  maybeCompact(): void {
    if (this.length > 1.5 * this.compacted + 65_536) this.compact();
  }
  /** Sorts and removes repeats in place. */
  compact(): void {
    const v = this.data.subarray(0, this.length).sort();
    let w = 0;
    for (let r = 0; r < v.length; r++) if (r === 0 || v[r] !== v[r - 1]) v[w++] = v[r] as number;
    this.length = w;
    this.compacted = w;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

export interface CandidateOptions {
  /** Buckets up to this size are paired out in full. */
  maxBucket: number;
  /** In larger buckets each member pairs only with this many neighbours in signature order. */
  window: number;
}

/**
 * All pairs that share a band key. A bucket larger than maxBucket usually comes from a value most rows
 * share (a default, a placeholder): pairing it out would be quadratic, so its members are ordered by
 * their other band keys (similar signatures sort together) and each pairs with its next `window`
 * members, a sorted-neighbourhood pass inside the bucket.
 */
export async function lshCandidates(bk: BandKeys, n: number, opts: CandidateOptions, out: PairBuffer, signal?: AbortSignal): Promise<void> {
  const { bands } = bk.params;
  const idxBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const keyBits = Math.min(32, 52 - idxBits);
  const keyScale = 2 ** idxBits;
  const keyMask = keyBits >= 32 ? 0xffffffff : 2 ** keyBits - 1;
  const sorted = new Float64Array(n);
  let bucket: number[] = [];
  for (let b = 0; b < bands; b++) {
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (bk.hasSignature[i] !== 1) continue;
      const key = (bk.keys[b * n + i] as number) & keyMask;
      sorted[m++] = (key >>> 0) * keyScale + i;
    }
    const v = sorted.subarray(0, m).sort();
    let start = 0;
    while (start < m) {
      const key = Math.floor((v[start] as number) / keyScale);
      let end = start + 1;
      while (end < m && Math.floor((v[end] as number) / keyScale) === key) end++;
      const size = end - start;
      if (size >= 2) {
        bucket = [];
        for (let p = start; p < end; p++) bucket.push((v[p] as number) - key * keyScale);
        if (size <= opts.maxBucket) pairAll(bucket, n, out);
        else subBlock(bucket, bk, b, n, opts.window, out);
      }
      start = end;
    }
    out.maybeCompact();
    await pause(signal);
  }
}

function pairAll(members: number[], n: number, out: PairBuffer): void {
  // members are ascending (sorted by key then index), so i < j holds.
  for (let x = 0; x < members.length; x++) {
    const i = members[x] as number;
    for (let y = x + 1; y < members.length; y++) out.push(i * n + (members[y] as number));
  }
}

function subBlock(members: number[], bk: BandKeys, band: number, n: number, window: number, out: PairBuffer): void {
  const bands = bk.params.bands;
  members.sort((a, c) => {
    for (let o = 1; o < bands; o++) {
      const off = ((band + o) % bands) * n;
      const d = (bk.keys[off + a] as number) - (bk.keys[off + c] as number);
      if (d !== 0) return d;
    }
    return a - c;
  });
  for (let x = 0; x < members.length; x++) {
    const i = members[x] as number;
    const last = Math.min(members.length, x + 1 + window);
    for (let y = x + 1; y < last; y++) {
      const j = members[y] as number;
      out.push(i < j ? i * n + j : j * n + i);
    }
  }
}
