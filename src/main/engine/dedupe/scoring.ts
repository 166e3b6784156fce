/** Comparing candidate pairs: full level vectors for a sample (to fit the model), early-exit scores for all. */
import { MISSING, ValueComparator, type ComparatorData, type FieldComparator } from './compare.js';
import { throwIfAborted } from '../errors.js';
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

/** What a worker thread needs to score candidate pairs exactly as the main thread would. */
export interface ScoringJob {
  fields: ComparatorData[];
  weights: Float64Array[];
  priorWeight: number;
  /** Value ids of the compared fields, record-major (recordCodes). */
  recCodes: Int32Array;
  records: number;
  /** Pairs cannot reach the review band below this many bits of evidence. */
  floorBits: number;
}

/**
 * The compared fields' value ids, record-major: codes[record · k + field]. Scoring reads both
 * records of a pair; field-major columns would cost a cache miss per field and record at a million
 * rows, this costs about one per record. Shared memory, so worker threads read it without a copy.
 */
export function recordCodes(comparators: readonly ValueComparator[], firstRow: Int32Array): Int32Array {
  const k = comparators.length;
  const n = firstRow.length;
  const out = new Int32Array(new SharedArrayBuffer(Math.max(1, n * k) * 4));
  for (let f = 0; f < k; f++) {
    const codes = (comparators[f] as ValueComparator).values.codes;
    for (let r = 0; r < n; r++) out[r * k + f] = codes[firstRow[r] as number] as number;
  }
  return out;
}

/**
 * Worker threads that score slices of the candidate keys (the run's segment workers, idle while the
 * finder works). Every lane gets the job once; slices are scored independently, so the result is
 * the same whichever lane scored what.
 */
export interface ScoringPool {
  readonly lanes: number;
  start(job: ScoringJob): Promise<void>;
  score(lane: number, keys: Float64Array): Promise<Float64Array>;
  end(): Promise<void>;
}

/**
 * Match probabilities of candidate pairs, with two shortcuts that never change a decision:
 *  - first, every field whose values are equal or missing is counted, and each other field is
 *    assumed at its best non-exact weight, since its values differ; if even that cannot reach
 *    `floorBits`, the pair is done;
 *  - then the differing fields are compared, those with memoised levels (small dictionaries) first,
 *    then the costly ones, each group in order of how much it can swing the score; the pair stops as
 *    soon as it cannot reach the floor.
 * A pair that stops stores that upper bound, still below the floor, so every decision (merge, review,
 * conflict) is the same as with the exact score; explain() always compares every field. Where a pair
 * stops depends only on its levels, never on what was memoised before, so scores do not depend on how
 * the pairs were split between threads.
 */
export class PairScorer {
  private readonly k: number;
  /** Fields with memoised levels first, then by swing among non-exact levels (best − worst), largest first. */
  private readonly order: Int32Array;
  private readonly exact: Float64Array;
  private readonly bestOther: Float64Array;
  private readonly pendingField: Int32Array;
  private readonly pendingA: Int32Array;
  private readonly pendingB: Int32Array;

  constructor(
    private readonly comparators: readonly ValueComparator[], private readonly weights: readonly Float64Array[],
    private readonly priorWeight: number, private readonly recCodes: Int32Array, private readonly records: number,
    private readonly floorBits: number,
  ) {
    const k = comparators.length;
    this.k = k;
    this.exact = Float64Array.from(weights, (w) => w[0] as number);
    this.bestOther = Float64Array.from(weights, (w) => Math.max(...Array.from(w).slice(1)));
    const worstOther = weights.map((w) => Math.min(...Array.from(w).slice(1)));
    const memo = comparators.map((c) => (c.memoised ? 1 : 0));
    this.order = Int32Array.from(Array.from({ length: k }, (_, f) => f)
      .sort((x, y) => (memo[y] as number) - (memo[x] as number)
        || ((this.bestOther[y] as number) - (worstOther[y] as number)) - ((this.bestOther[x] as number) - (worstOther[x] as number)) || x - y));
    this.pendingField = new Int32Array(k);
    this.pendingA = new Int32Array(k);
    this.pendingB = new Int32Array(k);
  }

  static fromJob(job: ScoringJob): PairScorer {
    return new PairScorer(job.fields.map((d) => ValueComparator.fromData(d)), job.weights, job.priorWeight, job.recCodes, job.records, job.floorBits);
  }

  /** Scores keys[from, to) into out[from − shift, to − shift); keys are i·n + j over n records. */
  score(keys: Float64Array, from: number, to: number, out: Float64Array, shift = 0): void {
    const { k, order, comparators, weights, exact, bestOther, pendingField, pendingA, pendingB, recCodes, floorBits } = this;
    const n = this.records;
    for (let p = from; p < to; p++) {
      const key = keys[p] as number;
      const i = Math.floor(key / n);
      const a = i * k;
      const b = (key - i * n) * k;
      let bits = this.priorWeight;
      let pending = 0;
      for (let x = 0; x < k; x++) {
        const f = order[x] as number;
        const ca = recCodes[a + f] as number;
        const cb = recCodes[b + f] as number;
        if (ca < 0 || cb < 0) continue;
        if (ca === cb) {
          bits += exact[f] as number;
          continue;
        }
        bits += bestOther[f] as number;
        pendingField[pending] = f;
        pendingA[pending] = ca;
        pendingB[pending++] = cb;
      }
      for (let q = 0; q < pending && bits >= floorBits; q++) {
        const f = pendingField[q] as number;
        const l = (comparators[f] as ValueComparator).level(pendingA[q] as number, pendingB[q] as number);
        bits += ((weights[f] as Float64Array)[l] as number) - (bestOther[f] as number);
      }
      out[p - shift] = probabilityFromBits(bits);
    }
  }
}

/** Candidates per slice handed to a scoring lane, and between cancellation checks inline. */
const SLICE = 1 << 16;

/** Match probability of every candidate (PairScorer), on the pool's threads when one is given. */
export async function scorePairs(
  comparators: readonly FieldComparator[], model: FsModel, records: Records, keys: Float64Array, floorBits: number,
  signal?: AbortSignal, pool?: ScoringPool, slice = SLICE,
): Promise<Float64Array> {
  const probs = new Float64Array(keys.length);
  // Below a few slices the threads' start-up (copying the dictionaries) costs more than it saves.
  if (pool && pool.lanes > 1 && keys.length > 4 * slice) {
    await pool.start({ fields: comparators.map((c) => c.data()), weights: model.weights, priorWeight: model.priorWeight, recCodes: recordCodes(comparators, records.firstRow), records: records.firstRow.length, floorBits });
    try {
      // Each lane keeps two slices in flight; results land at their slice's offset, so order is kept.
      let next = 0;
      const lane = async (l: number): Promise<void> => {
        while (next < keys.length) {
          throwIfAborted(signal);
          const from = next;
          next = Math.min(keys.length, next + slice);
          probs.set(await pool.score(l, keys.slice(from, next)), from);
        }
      };
      await Promise.all(Array.from({ length: 2 * pool.lanes }, (_, i) => lane(i % pool.lanes)));
    } finally {
      await pool.end();
    }
    return probs;
  }
  const scorer = new PairScorer(comparators, model.weights, model.priorWeight, recordCodes(comparators, records.firstRow), records.firstRow.length, floorBits);
  for (let from = 0; from < keys.length; from += slice) {
    scorer.score(keys, from, Math.min(keys.length, from + slice), probs);
    await pause(signal);
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
