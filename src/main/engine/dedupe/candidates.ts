/**
 * Candidate pairs: LSH band buckets (oversized buckets sub-blocked instead of paired out quadratically)
 * and sorted-neighbourhood passes, pruned to each record's closest by signature agreement.
 */
import type { FieldColumn } from './columns.js';
import { computeBandKeys, lshParams, type BandKeys, type LshParams } from './minhash.js';
import { neighbourhoodCandidates, neighbourhoodFields } from './neighbourhood.js';
import { contentOrder, type Records } from './records.js';
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
  /** Keeps the first `length` keys; after compact() and an in-order filter they are still sorted and distinct. */
  truncate(length: number): void {
    this.length = length;
    this.compacted = Math.min(this.compacted, length);
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
export async function lshCandidates(bk: BandKeys, n: number, opts: CandidateOptions, out: PairBuffer, signal?: AbortSignal, tieOrder?: Int32Array): Promise<void> {
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
        else subBlock(bucket, bk, b, n, opts.window, out, tieOrder);
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

function subBlock(members: number[], bk: BandKeys, band: number, n: number, window: number, out: PairBuffer, tieOrder?: Int32Array): void {
  const bands = bk.params.bands;
  members.sort((a, c) => {
    for (let o = 1; o < bands; o++) {
      const off = ((band + o) % bands) * n;
      const d = (bk.keys[off + a] as number) - (bk.keys[off + c] as number);
      if (d !== 0) return d;
    }
    // Members equal on every band: by content (contentOrder), so the pairs do not depend on the input order.
    return tieOrder ? (tieOrder[a] as number) - (tieOrder[c] as number) : a - c;
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

/*
 * LSH at a low threshold plus the neighbourhood passes reach nearly every duplicate, but the pairs they
 * bring grow faster than the rows (the more rows, the more share chance shingles or sort next to each
 * other), and every pair costs a field-by-field comparison. So each record keeps only its CLOSEST
 * candidates by estimated Jaccard similarity (signature agreement), plus any pair agreeing on at least
 * KEEP_AT of the signature, which keeps large groups of near-identical rows fully paired. A duplicate
 * is almost always among its record's closest; members of a larger group that are not each other's
 * closest are still joined through the others, and clustering scores every pair of a component
 * (cluster.ts). The bound is per record, so candidates grow linearly with the rows.
 */
const CLOSEST = 2;
const KEEP_AT = 0.6;

export interface CandidateStageOptions extends CandidateOptions {
  lshThreshold: number;
  maxHashes: number;
  maxShingleShare: number;
  neighbourhoodFields: number;
  neighbourhoodWindow: number;
  /** Each record keeps its topK closest candidates (0: keep all)... @default CLOSEST */
  topK?: number;
  /** ...and every candidate agreeing on at least this share of signature bins. @default KEEP_AT */
  keepAt?: number;
  /** When set, also return an evenly spread sample of at most this many candidates from before pruning (fitSample). */
  fitSample?: number;
}

export interface CandidateStage {
  params: LshParams;
  /**
   * Candidates before each record kept its closest, spread evenly (sorted keys), for fitting the model:
   * pruning keeps the non-matches most like matches, and a model fitted on those alone thinks agreement
   * is commoner among non-matches than it is (on DBLP-ACM recall 0.977 → 0.966 at the same precision).
   */
  fitSample: Float64Array | null;
}

/**
 * The candidate stage of the finder: LSH over the records' MinHash signatures on fields varied enough
 * to tell records apart, ∪ sorted-neighbourhood passes on the most distinct fields, then each record's
 * closest of those (keepClosest). Ties everywhere break by content, never by input position.
 */
export async function candidatePairs(
  compared: readonly FieldColumn[], records: Records, seed: number, o: CandidateStageOptions, out: PairBuffer, signal?: AbortSignal,
): Promise<CandidateStage> {
  const nRec = records.firstRow.length;
  const params = lshParams(o.lshThreshold, o.maxHashes);
  if (nRec < 2 || compared.length === 0) return { params, fitSample: o.fitSample ? new Float64Array(0) : null };
  // Fields with very few distinct values (state, year, a source flag) only make every pair look alike.
  const shingled = compared.filter((c) => c.kind !== 'boolean' && c.norm.length >= Math.sqrt(c.nonMissing));
  const bk = await computeBandKeys(shingled.length ? shingled : compared, records.firstRow, seed, params, o.maxShingleShare, signal);
  for (let r = 0; r < nRec; r++) if (records.blank[r] === 1) bk.hasSignature[r] = 0;
  const order = contentOrder(compared, records);
  await lshCandidates(bk, nRec, o, out, signal, order);
  const sortOn = o.neighbourhoodFields > 0 ? neighbourhoodFields(compared, o.neighbourhoodFields) : [];
  if (sortOn.length) await neighbourhoodCandidates(sortOn, records, o.neighbourhoodWindow, out, signal, order);
  const topK = o.topK ?? CLOSEST;
  out.compact();
  let fitSample: Float64Array | null = null;
  if (o.fitSample) {
    const raw = out.view();
    const stride = Math.max(1, Math.ceil(raw.length / o.fitSample));
    fitSample = new Float64Array(Math.ceil(raw.length / stride));
    for (let s = 0; s < fitSample.length; s++) fitSample[s] = raw[s * stride] as number;
  }
  if (topK > 0) {
    const k = params.bands * params.rows;
    // Records equal on one of the most distinct fields stay paired whatever their signatures say: with
    // few rows, dropping common shingles can leave a record too few to stand for it.
    const rows = records.firstRow;
    const equalOnSortField = (i: number, j: number): boolean => {
      const a = rows[i] as number;
      const b = rows[j] as number;
      for (const c of sortOn) if (c.codes[a] === c.codes[b] && (c.codes[a] as number) >= 0) return true;
      return false;
    };
    keepClosest(out, nRec, (i, j) => agreement(bk, k, i, j), topK, Math.ceil((o.keepAt ?? KEEP_AT) * k), equalOnSortField);
  }
  return { params, fitSample };
}

/**
 * Signature bins on which records i and j agree, an estimate of k × their Jaccard similarity (by 8-bit
 * fingerprint, so unequal bins agree 1 time in 256). 0 when either has no signature.
 */
export function agreement(bk: BandKeys, k: number, i: number, j: number): number {
  if (bk.hasSignature[i] !== 1 || bk.hasSignature[j] !== 1) return 0;
  const fp = bk.fingerprints;
  const words = bk.fingerprintWords;
  let differ = 0;
  for (let w = 0, a = i * words, b = j * words; w < words; w++) {
    // Four bytes at once: bit 7 of each byte of t is set where the bytes differ (x's byte is not 0).
    const x = ((fp[a + w] as number) ^ (fp[b + w] as number)) >>> 0;
    const t = (((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080;
    differ += Math.imul(t >>> 7, 0x01010101) >>> 24;
  }
  // Padding bytes are 0 in both, so they never differ.
  return k - differ;
}

/**
 * Keeps a pair when its score is among the topK best of either record's pairs (ties at the K-th score
 * all kept, so the result does not depend on the order of records), or at least keepAt, or `always` holds.
 */
export function keepClosest(
  out: PairBuffer, n: number, score: (i: number, j: number) => number, topK: number, keepAt: number, always: (i: number, j: number) => boolean,
): void {
  const v = out.view();
  const scores = new Uint16Array(v.length);
  // Per record its topK best scores, descending; 0 = none yet (scores are stored + 1).
  const best = new Uint16Array(n * topK);
  const offer = (r: number, s: number): void => {
    const base = r * topK;
    if (s <= (best[base + topK - 1] as number)) return;
    let at = base + topK - 1;
    while (at > base && (best[at - 1] as number) < s) {
      best[at] = best[at - 1] as number;
      at--;
    }
    best[at] = s;
  };
  for (let p = 0; p < v.length; p++) {
    const key = v[p] as number;
    const i = Math.floor(key / n);
    const j = key - i * n;
    const s = score(i, j) + 1;
    scores[p] = s;
    offer(i, s);
    offer(j, s);
  }
  let w = 0;
  for (let p = 0; p < v.length; p++) {
    const key = v[p] as number;
    const i = Math.floor(key / n);
    const j = key - i * n;
    const s = scores[p] as number;
    if (s - 1 >= keepAt || s >= (best[i * topK + topK - 1] as number) || s >= (best[j * topK + topK - 1] as number) || always(i, j)) v[w++] = key;
  }
  out.truncate(w);
}
