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

/** The comparators as a worker thread receives them, with the records' value ids. */
export interface PairJob {
  fields: ComparatorData[];
  /** Value ids of the compared fields, record-major (recordCodes). */
  recCodes: Int32Array;
  records: number;
}

/** The fitted model as scoring needs it. */
export interface ScoreModel {
  weights: Float64Array[];
  priorWeight: number;
  /** Pairs cannot reach the review band below this many bits of evidence. */
  floorBits: number;
}

/**
 * Worker threads that compare slices of the candidate keys (the run's segment workers, idle while
 * the finder works). Every lane gets the job once; slices are compared independently, so results
 * are the same whichever lane compared what.
 */
export interface ScoringPool {
  readonly lanes: number;
  start(job: PairJob): Promise<void>;
  levels(lane: number, keys: Float64Array): Promise<Uint8Array>;
  score(lane: number, keys: Float64Array, model: ScoreModel): Promise<Float64Array>;
  end(): Promise<void>;
}

/**
 * The compared fields' value ids, record-major: codes[record · k + field]. Comparing reads both
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

/** Compares record pairs given as keys i·n + j: the same code on the main thread and in workers. */
export class PairComparer {
  readonly k: number;

  constructor(readonly comparators: readonly ValueComparator[], readonly recCodes: Int32Array, readonly records: number) {
    this.k = comparators.length;
  }

  static fromJob(job: PairJob): PairComparer {
    return new PairComparer(job.fields.map((d) => ValueComparator.fromData(d)), job.recCodes, job.records);
  }

  /** Level vectors of keys[from, to) into out[p · k + field] (MISSING where a value is missing). */
  levels(keys: Float64Array, from: number, to: number, out: Uint8Array): void {
    const { k, comparators, recCodes, records: n } = this;
    for (let p = from; p < to; p++) {
      const key = keys[p] as number;
      const i = Math.floor(key / n);
      const a = i * k;
      const b = (key - i * n) * k;
      for (let f = 0; f < k; f++) out[p * k + f] = (comparators[f] as ValueComparator).level(recCodes[a + f] as number, recCodes[b + f] as number);
    }
  }
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
  /** Fields with memoised levels first, then by swing among non-exact levels (best − worst), largest first. */
  private readonly order: Int32Array;
  private readonly exact: Float64Array;
  private readonly bestOther: Float64Array;
  private readonly pendingField: Int32Array;
  private readonly pendingA: Int32Array;
  private readonly pendingB: Int32Array;

  constructor(private readonly pairs: PairComparer, private readonly model: ScoreModel) {
    const { k, comparators } = pairs;
    const weights = model.weights;
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

  /** Scores keys[from, to) into out[from, to). */
  score(keys: Float64Array, from: number, to: number, out: Float64Array): void {
    const { order, exact, bestOther, pendingField, pendingA, pendingB } = this;
    const { k, comparators, recCodes, records: n } = this.pairs;
    const { weights, priorWeight, floorBits } = this.model;
    for (let p = from; p < to; p++) {
      const key = keys[p] as number;
      const i = Math.floor(key / n);
      const a = i * k;
      const b = (key - i * n) * k;
      let bits = priorWeight;
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
      out[p] = probabilityFromBits(bits);
    }
  }
}

/** Candidates per slice handed to a lane, and between cancellation checks on the main thread. */
const SLICE = 1 << 16;

/**
 * Comparing candidate pairs in bulk: on the pool's threads when there is one and enough pairs to
 * pay for sending the dictionaries (sent once, on first use), else on this thread, yielding between
 * slices so cancellation is seen. Results are the same either way. close() releases the threads' copy.
 */
export class PairWork {
  private started = false;

  private constructor(private readonly local: PairComparer, private readonly pool: ScoringPool | null, private readonly slice: number) {}

  static open(comparators: readonly ValueComparator[], records: Records, pool?: ScoringPool, slice = SLICE): PairWork {
    const local = new PairComparer(comparators, recordCodes(comparators, records.firstRow), records.firstRow.length);
    return new PairWork(local, pool && pool.lanes > 1 ? pool : null, slice);
  }

  /** Level vectors (keys × fields) of the given pairs. */
  async levels(keys: Float64Array, signal?: AbortSignal): Promise<Uint8Array> {
    const k = this.local.k;
    const out = new Uint8Array(keys.length * k);
    await this.each(keys, signal, (from, to) => this.local.levels(keys, from, to, out), async (pool, lane, from, to) => {
      out.set(await pool.levels(lane, keys.slice(from, to)), from * k);
    });
    return out;
  }

  /** Match probability of every pair (PairScorer). */
  async score(keys: Float64Array, model: ScoreModel, signal?: AbortSignal): Promise<Float64Array> {
    const out = new Float64Array(keys.length);
    const scorer = new PairScorer(this.local, model);
    await this.each(keys, signal, (from, to) => scorer.score(keys, from, to, out), async (pool, lane, from, to) => {
      out.set(await pool.score(lane, keys.slice(from, to), model), from);
    });
    return out;
  }

  async close(): Promise<void> {
    if (!this.started || !this.pool) return;
    this.started = false;
    // Releasing the threads' copy; if they are gone (a cancelled run closed them) there is nothing to release.
    await this.pool.end().catch(() => undefined);
  }

  private async each(
    keys: Float64Array, signal: AbortSignal | undefined, inline: (from: number, to: number) => void,
    remote: (pool: ScoringPool, lane: number, from: number, to: number) => Promise<void>,
  ): Promise<void> {
    const pool = this.pool;
    const slice = this.slice;
    if (!pool || keys.length <= 2 * slice) {
      for (let from = 0; from < keys.length; from += slice) {
        inline(from, Math.min(keys.length, from + slice));
        await pause(signal);
      }
      return;
    }
    if (!this.started) {
      const { comparators, recCodes, records } = this.local;
      await pool.start({ fields: comparators.map((c) => c.data()), recCodes, records });
      this.started = true;
    }
    // Each lane keeps two slices in flight; results land at their slice's offset, so order is kept.
    let next = 0;
    const lane = async (l: number): Promise<void> => {
      while (next < keys.length) {
        throwIfAborted(signal);
        const from = next;
        next = Math.min(keys.length, next + slice);
        await remote(pool, l, from, next);
      }
    };
    await Promise.all(Array.from({ length: 2 * pool.lanes }, (_, i) => lane(i % pool.lanes)));
  }
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
