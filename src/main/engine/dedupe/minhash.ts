/** MinHash signatures over field-prefixed character 3-grams, reduced to LSH band keys in one typed array. */
import { mix32 } from '../hash.js';
import type { FieldColumn } from './columns.js';
import { pause } from './pause.js';

export interface LshParams {
  bands: number;
  rows: number;
}

/**
 * Bands b and rows r with (1/b)^(1/r) ≈ target: the similarity at which a pair's chance of sharing a
 * band is about half. The largest r whose b·r fits the hash budget wins, since larger r makes the
 * S-curve steeper (fewer far pairs, fewer misses of close ones).
 */
export function lshParams(target: number, maxHashes: number): LshParams {
  const t = Math.min(0.95, Math.max(0.05, target));
  let best: LshParams = { bands: Math.max(1, Math.min(maxHashes, Math.round(1 / t))), rows: 1 };
  for (let r = 2; r <= 16; r++) {
    const b = Math.max(1, Math.round(Math.pow(1 / t, r)));
    if (b * r > maxHashes) break;
    best = { bands: b, rows: r };
  }
  return best;
}

/** Probability that a pair of Jaccard similarity s becomes a candidate under (b, r). */
export function candidateProbability(s: number, p: LshParams): number {
  return 1 - Math.pow(1 - Math.pow(s, p.rows), p.bands);
}

const COUNT_BITS = 20;
const COUNT_MASK = (1 << COUNT_BITS) - 1;
/** Fields with at most this many distinct values (and values repeating) get per-value signatures. */
const CACHE_MAX_VALUES = 1 << 16;

/** Writes the 3-gram hashes of one value into out from position at; returns the new end. */
export function shingles(s: string, fieldSeed: number, out: Uint32Array, at: number): number {
  const n = s.length;
  if (n < 3) {
    let h = fieldSeed ^ n;
    for (let i = 0; i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    out[at] = mix32(h, fieldSeed);
    return at + 1;
  }
  let end = at;
  for (let i = 0; i + 3 <= n; i++) {
    const g = Math.imul(s.charCodeAt(i), 0x9e3779b1) ^ Math.imul(s.charCodeAt(i + 1), 0x85ebca77) ^ Math.imul(s.charCodeAt(i + 2), 0xc2b2ae3d);
    out[end++] = mix32(g, fieldSeed);
  }
  return end;
}

export interface BandKeys {
  params: LshParams;
  /** Band-major: keys[band * n + i] for representative i. */
  keys: Uint32Array;
  /** 1 where representative i had at least one shingle; others take no part in LSH. */
  hasSignature: Uint8Array;
  /**
   * 8 bits of each of the k = bands·rows signature values, four to a word, record-major:
   * value q of record i is byte q of the words [i·fingerprintWords, (i+1)·fingerprintWords); padding bytes are 0.
   */
  fingerprints: Uint32Array;
  fingerprintWords: number;
}

/** Marks an empty bin of a one-permutation signature. */
const EMPTY = 0xffffffff;

/**
 * Band keys for the given rows. Shingles present in more than `maxShingleShare` of rows are
 * dropped first (like stop words): they are what random pairs share, so keeping them only
 * adds false candidates, while rare shingles carry the evidence that two records match.
 *
 * Signatures are one-permutation MinHash (Li, Owen & Zhang 2012) with optimal densification
 * (Shrivastava 2017): each shingle is hashed once and lowers the one bin its hash falls in, instead
 * of being hashed once per bin; an empty bin borrows the value of a bin chosen by a seeded probe
 * sequence. Two rows still agree on a bin with probability equal to their Jaccard similarity, at
 * 1/(bands·rows) of the hashing cost, which was most of candidate generation.
 */
export async function computeBandKeys(
  columns: readonly FieldColumn[], reps: Int32Array, seed: number, params: LshParams, maxShingleShare: number,
  signal?: AbortSignal,
): Promise<BandKeys> {
  const n = reps.length;
  const k = params.bands * params.rows;
  const fieldSeeds = columns.map((_, f) => mix32(f + 1, seed ^ 0x3c6ef372));
  const hashSeed = mix32(1, seed ^ 0x7f4a7c15);
  const probeSeed = mix32(2, seed ^ 0x7f4a7c15);
  let maxLen = 16;
  for (const c of columns) for (const s of c.norm) maxLen = Math.max(maxLen, s.length + 2);
  const buf = new Uint32Array(maxLen * columns.length);
  // Document frequency of shingles in a fixed-size table, each slot counted at most once per row
  // (a stamp per slot instead of sorting each row's shingles); collisions only over-count.
  const counts = new Uint32Array(1 << COUNT_BITS);
  const stamp = new Int32Array(1 << COUNT_BITS).fill(-1);
  for (let i = 0; i < n; i++) {
    const end = rowShingles(columns, reps[i] as number, fieldSeeds, buf);
    for (let j = 0; j < end; j++) {
      const slot = (buf[j] as number) & COUNT_MASK;
      if (stamp[slot] === i) continue;
      stamp[slot] = i;
      counts[slot] = (counts[slot] as number) + 1;
    }
  }
  const maxCount = Math.max(2, Math.floor(maxShingleShare * n));
  const keys = new Uint32Array(params.bands * n);
  const hasSignature = new Uint8Array(n);
  const fingerprintWords = Math.ceil(k / 4);
  const fingerprints = new Uint32Array(n * fingerprintWords);
  const fingerprintBytes = new Uint8Array(fingerprints.buffer);
  const sig = new Uint32Array(k);
  const dense = new Uint32Array(k);
  // Fields whose values repeat get one signature per distinct value; a row's signature is then the
  // binwise min over its fields (the signature of the union), which skips re-hashing common values.
  const cached = columns.map((c) => c.norm.length <= CACHE_MAX_VALUES && c.norm.length * 2 <= c.nonMissing);
  const valueSigs = columns.map((c, f) => (cached[f] ? new Uint32Array(c.norm.length * k).fill(EMPTY) : null));
  const valueKept = columns.map((c, f) => (cached[f] ? new Int32Array(c.norm.length) : null));
  columns.forEach((c, f) => {
    const vs = valueSigs[f];
    const vk = valueKept[f];
    if (!vs || !vk) return;
    for (let id = 0; id < c.norm.length; id++) {
      const end = shingles(c.norm[id] as string, fieldSeeds[f] as number, buf, 0);
      vk[id] = minInto(vs, id * k, k, buf, end, counts, maxCount, hashSeed);
    }
  });
  for (let i = 0; i < n; i++) {
    const row = reps[i] as number;
    sig.fill(EMPTY);
    let kept = 0;
    let any = false;
    for (let f = 0; f < columns.length; f++) {
      const col = columns[f] as FieldColumn;
      const code = col.codes[row] as number;
      if (code < 0) continue;
      any = true;
      const vs = valueSigs[f];
      if (vs) {
        kept += (valueKept[f] as Int32Array)[code] as number;
        const base = code * k;
        for (let q = 0; q < k; q++) {
          const v = vs[base + q] as number;
          if (v < (sig[q] as number)) sig[q] = v;
        }
      } else {
        const end = shingles(col.norm[code] as string, fieldSeeds[f] as number, buf, 0);
        kept += minInto(sig, 0, k, buf, end, counts, maxCount, hashSeed);
      }
    }
    if (!any) continue;
    hasSignature[i] = 1;
    if (kept === 0) {
      // Every shingle is common: keep them all, so such rows still get a signature.
      const end = rowShingles(columns, row, fieldSeeds, buf);
      minInto(sig, 0, k, buf, end, counts, EMPTY, hashSeed);
    }
    densify(sig, dense, probeSeed);
    for (let q = 0, at = i * fingerprintWords * 4; q < k; q++) fingerprintBytes[at + q] = mix32(dense[q] as number, q + 1) & 0xff;
    for (let b = 0; b < params.bands; b++) {
      let h = 0x811c9dc5 ^ b;
      const base = b * params.rows;
      for (let q = 0; q < params.rows; q++) h = mix32((h ^ (dense[base + q] as number)) >>> 0, 0x27d4eb2f);
      keys[b * n + i] = h;
    }
    if ((i & 0x3fff) === 0x3fff) await pause(signal);
  }
  return { params, keys, hasSignature, fingerprints, fingerprintWords };
}

/**
 * One-permutation step: each shingle not more common than maxCount is hashed once; the hash's top
 * bits pick one of the k bins of sig[at..at+k) and its value lowers that bin. Returns how many shingles were used.
 */
function minInto(sig: Uint32Array, at: number, k: number, shingleHashes: Uint32Array, end: number, counts: Uint32Array, maxCount: number, hashSeed: number): number {
  let kept = 0;
  for (let j = 0; j < end; j++) {
    const h = shingleHashes[j] as number;
    if ((counts[h & COUNT_MASK] as number) > maxCount) continue;
    kept++;
    const v = mix32(h, hashSeed);
    // Bin from the high bits (v·k / 2^32), value from the whole hash: the min within a bin is still a uniform pick.
    const at2 = at + Math.floor((v / 4294967296) * k);
    if (v < (sig[at2] as number)) sig[at2] = v;
  }
  return kept;
}

/**
 * Optimal densification: an empty bin q takes the value of the first non-empty bin met by the
 * probe sequence mix32(q, attempt), the same sequence for every row, so two rows with equal
 * non-empty bins fill their empty bins alike. Leaves `out` equal to `sig` when no bin is empty.
 */
function densify(sig: Uint32Array, out: Uint32Array, probeSeed: number): void {
  const k = sig.length;
  let empty = 0;
  for (let q = 0; q < k; q++) if (sig[q] === EMPTY) empty++;
  if (empty === 0 || empty === k) {
    out.set(sig);
    return;
  }
  for (let q = 0; q < k; q++) {
    const v = sig[q] as number;
    if (v !== EMPTY) {
      out[q] = v;
      continue;
    }
    for (let attempt = 1; ; attempt++) {
      const j = Math.floor((mix32(Math.imul(q + 1, 0x9e3779b1) ^ attempt, probeSeed) / 4294967296) * k);
      const w = sig[j] as number;
      if (w !== EMPTY) {
        // Mixed with the bin, so a borrowed value never equals the lender's in a band by construction.
        out[q] = mix32(w, q + 1);
        break;
      }
    }
  }
}

function rowShingles(columns: readonly FieldColumn[], row: number, fieldSeeds: readonly number[], out: Uint32Array): number {
  let end = 0;
  for (let f = 0; f < columns.length; f++) {
    const col = columns[f] as FieldColumn;
    const code = col.codes[row] as number;
    if (code < 0) continue;
    end = shingles(col.norm[code] as string, fieldSeeds[f] as number, out, end);
  }
  return end;
}
