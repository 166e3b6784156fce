/** Explanations of pair scores and the list of pairs left for human review. */
import { MISSING, levelName, type FieldComparator } from './compare.js';
import { probabilityFromBits, type FsModel } from './fellegiSunter.js';
import type { FieldExplanation, PairExplanation, ReviewPair } from './nearTypes.js';

/** Scored record pairs: sorted keys i·n + j (i < j) and match probabilities. */
export interface Scored {
  keys: Float64Array;
  probs: Float64Array;
}

/** A review pair by record index; fields are filled in on request. */
export interface ReviewRef {
  a: number;
  b: number;
  probability: number;
  reason: ReviewPair['reason'];
}

/**
 * Scored pairs at or above reviewThreshold whose records did not end up in one cluster: below the
 * threshold they await a decision; above it clustering split them (no shared pivot) or their group held
 * nothing distinctive (information.ts), which a person may want to confirm. Highest probability first, then by records.
 */
export function buildReview(scored: Scored, n: number, clusterOf: Int32Array, lowInformation: Uint8Array, reviewThreshold: number, threshold: number): ReviewRef[] {
  const out: ReviewRef[] = [];
  for (let p = 0; p < scored.keys.length; p++) {
    const probability = scored.probs[p] as number;
    if (probability < reviewThreshold) continue;
    const key = scored.keys[p] as number;
    const a = Math.floor(key / n);
    const b = key % n;
    const ca = clusterOf[a] as number;
    if (ca >= 0 && ca === clusterOf[b]) continue;
    const reason = probability < threshold ? 'review-band' : lowInformation[a] === 1 && lowInformation[b] === 1 ? 'low-information' : 'split';
    out.push({ a, b, probability, reason });
  }
  out.sort((x, y) => y.probability - x.probability || x.a - y.a || x.b - y.b);
  return out;
}

export interface ExplainInput {
  comparators: readonly FieldComparator[];
  model: FsModel;
  /** Row positions. */
  a: number;
  b: number;
  rowA: number;
  rowB: number;
  threshold: number;
  reviewThreshold: number;
  sameCluster: boolean;
  identical: boolean;
  lowInformation: boolean;
}

export function buildExplanation(input: ExplainInput): PairExplanation {
  const { comparators, model, a, b } = input;
  let total = model.priorWeight;
  const fields: FieldExplanation[] = comparators.map((c, f) => {
    const ca = c.col.codes[a] as number;
    const cb = c.col.codes[b] as number;
    const level = c.level(ca, cb);
    const missing = level === MISSING;
    const weight = missing ? 0 : ((model.weights[f] as Float64Array)[level] as number);
    total += weight;
    return {
      field: c.col.name,
      kind: c.kind,
      valueA: c.col.rawValue(a),
      valueB: c.col.rawValue(b),
      similarity: missing ? null : c.similarity(ca, cb),
      level: levelName(c.kind, level),
      weight,
      m: missing ? null : ((model.m[f] as Float64Array)[level] as number),
      u: missing ? null : ((model.u[f] as Float64Array)[level] as number),
    };
  });
  // Rows equal on every compared field are one record: the same row for dedupe, whatever the weights say.
  const probability = input.identical ? 1 : probabilityFromBits(total);
  return {
    rowA: input.rowA,
    rowB: input.rowB,
    fields,
    priorWeight: model.priorWeight,
    totalWeight: total,
    probability,
    decision: probability >= input.threshold ? 'merge' : probability >= input.reviewThreshold ? 'review' : 'distinct',
    sameCluster: input.sameCluster,
    identical: input.identical,
    lowInformation: input.lowInformation,
  };
}
