/** Comparing candidate pairs: full level vectors for a sample (to fit the model), early-exit scores for all. */
import { MISSING, type FieldComparator } from './compare.js';
import type { Scored } from './explain.js';
import { probabilityFromBits, type FsModel } from './fellegiSunter.js';
import type { Records } from './records.js';
import { pause } from './pause.js';

/** Every stride-th candidate (stride = ⌈pairs / maxSample⌉), deterministic and spread over all of them. */
export function sampleStride(pairs: number, maxSample: number): number {
  return Math.max(1, Math.ceil(pairs / maxSample));
}

/** Level vectors (pairs × fields, MISSING for missing) of the sampled candidates. */
export async function sampleLevels(
  comparators: readonly FieldComparator[], records: Records, keys: Float64Array, stride: number, signal?: AbortSignal,
): Promise<{ matrix: Uint8Array; pairs: number }> {
  const k = comparators.length;
  const n = records.firstRow.length;
  const pairs = Math.ceil(keys.length / stride);
  const matrix = new Uint8Array(pairs * k);
  for (let s = 0; s < pairs; s++) {
    const key = keys[s * stride] as number;
    const a = records.firstRow[Math.floor(key / n)] as number;
    const b = records.firstRow[key % n] as number;
    for (let f = 0; f < k; f++) {
      const c = comparators[f] as FieldComparator;
      matrix[s * k + f] = c.level(c.col.codes[a] as number, c.col.codes[b] as number);
    }
    if ((s & 0xffff) === 0xffff) await pause(signal);
  }
  return { matrix, pairs };
}

/**
 * Match probability of every candidate. Fields are compared in order of how much they can swing the
 * score; once the evidence so far plus the most the remaining fields could add stays below
 * `floorBits`, the pair cannot reach the review band and the rest is skipped. Such a pair stores that
 * upper bound, which is still below the floor, so every decision (merge, review, conflict) is the
 * same as with the exact score; explain() always compares every field.
 */
export async function scorePairs(
  comparators: readonly FieldComparator[], model: FsModel, records: Records, keys: Float64Array, floorBits: number,
  signal?: AbortSignal,
): Promise<Float64Array> {
  const k = comparators.length;
  const n = records.firstRow.length;
  const best = model.weights.map((w) => Math.max(0, ...w));
  const worst = model.weights.map((w) => Math.min(0, ...w));
  const order = Array.from({ length: k }, (_, f) => f).sort((x, y) => ((best[y] as number) - (worst[y] as number)) - ((best[x] as number) - (worst[x] as number)) || x - y);
  const headroom = new Float64Array(k + 1);
  for (let i = k - 1; i >= 0; i--) headroom[i] = (headroom[i + 1] as number) + (best[order[i] as number] as number);
  const probs = new Float64Array(keys.length);
  for (let p = 0; p < keys.length; p++) {
    const key = keys[p] as number;
    const a = records.firstRow[Math.floor(key / n)] as number;
    const b = records.firstRow[key % n] as number;
    let bits = model.priorWeight;
    let i = 0;
    for (; i < k; i++) {
      if (bits + (headroom[i] as number) < floorBits) break;
      const f = order[i] as number;
      const c = comparators[f] as FieldComparator;
      const l = c.level(c.col.codes[a] as number, c.col.codes[b] as number);
      if (l !== MISSING) bits += (model.weights[f] as Float64Array)[l] as number;
    }
    probs[p] = probabilityFromBits(bits + (headroom[i] as number));
    if ((p & 0xffff) === 0xffff) await pause(signal);
  }
  return probs;
}

/** Probability → evidence in bits (inverse of probabilityFromBits). */
export function bitsFromProbability(p: number): number {
  return Math.log2(p / (1 - p));
}

/** Total evidence in bits for two row positions, every field compared. */
export function recordBits(comparators: readonly FieldComparator[], model: FsModel, a: number, b: number): number {
  let bits = model.priorWeight;
  for (let f = 0; f < comparators.length; f++) {
    const c = comparators[f] as FieldComparator;
    const l = c.level(c.col.codes[a] as number, c.col.codes[b] as number);
    if (l !== MISSING) bits += (model.weights[f] as Float64Array)[l] as number;
  }
  return bits;
}

/** Candidate scores merged with the pairs scored while completing components, as one sorted list. */
export function mergeScored(keys: Float64Array, probs: Float64Array, extraKeys: number[], extraProbs: number[]): Scored {
  if (extraKeys.length === 0) return { keys, probs };
  const order = extraKeys.map((_, i) => i).sort((x, y) => (extraKeys[x] as number) - (extraKeys[y] as number));
  const outK = new Float64Array(keys.length + extraKeys.length);
  const outP = new Float64Array(outK.length);
  let i = 0;
  let j = 0;
  let w = 0;
  while (i < keys.length || j < order.length) {
    const takeExtra = i >= keys.length || (j < order.length && (extraKeys[order[j] as number] as number) < (keys[i] as number));
    if (takeExtra) {
      const x = order[j++] as number;
      outK[w] = extraKeys[x] as number;
      outP[w++] = extraProbs[x] as number;
    } else {
      outK[w] = keys[i] as number;
      outP[w++] = probs[i++] as number;
    }
  }
  return { keys: outK, probs: outP };
}
