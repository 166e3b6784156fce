/** Public types of the near-duplicate finder: options, review pairs, explanations, clusters. */
import type { DedupeField, DuplicateFinder } from './types.js';
import type { LevelName } from './compare.js';
import type { ComparatorKind } from './normalize.js';

export type SurvivorRule = 'most-complete' | 'first' | 'most-recent';

export interface NearDedupeOptions {
  /** Fields in the order of DedupeBatch.columns. */
  fields: DedupeField[];
  /** Seeds MinHash and u-sampling: the same rows and salt give the same result. */
  salt: string;
  /**
   * Match probability at or above which a pair is merged automatically.
   * @default 0.9
   */
  threshold?: number;
  /**
   * Pairs with probability in [reviewThreshold, threshold) are not merged but listed by reviewCandidates().
   * @default 0.5
   */
  reviewThreshold?: number;
  /**
   * Which row of a cluster is kept: the one with most non-missing fields, the first, or the latest by recencyField.
   * Ties go to the smallest row number.
   * @default 'most-complete'
   */
  survivor?: SurvivorRule;
  /** Date (or numeric) field ordering rows for survivor 'most-recent'; must be one of `fields`. */
  recencyField?: string;
  /**
   * Names in `fields` carried only for survivorship (e.g. a last-updated date) and never compared.
   * @default []
   */
  auxiliaryFields?: string[];
  /** Cancels finish(); a signal passed to finish() takes precedence. */
  signal?: AbortSignal;
  /**
   * Jaccard similarity of record shingle sets at which LSH finds a pair with probability about ½;
   * bands b and rows r are derived from it so that (1/b)^(1/r) ≈ lshThreshold. Pairs less alike
   * than this are still reached by the sorted-neighbourhood passes when they share a field's value.
   * @default 0.4
   */
  lshThreshold?: number;
  /**
   * Upper bound on MinHash functions (b·r).
   * @default 150
   */
  maxHashes?: number;
  /**
   * LSH buckets up to this size are paired out in full; larger ones are sub-blocked. Buckets grow with
   * the row count for band keys many unrelated rows share (low information), so pairing them out
   * made candidates grow faster than rows (LSH pairs per row: 7 at 200k rows, 18 at 1M with 50;
   * 3 and 6 with 6 and window 2, the same candidate recall of planted duplicates).
   * @default 8
   */
  maxBucket?: number;
  /**
   * In a sub-blocked bucket, each member is paired with this many neighbours in signature order.
   * @default 3
   */
  bucketWindow?: number;
  /**
   * Shingles found in more than this share of rows are left out of signatures (stop shingles).
   * @default 0.02
   */
  maxShingleShare?: number;
  /**
   * Components of accepted pairs up to this many distinct records are completed (all pairs scored) before clustering.
   * @default 50
   */
  completionCap?: number;
  /**
   * Sorted-neighbourhood passes, one per field, on the fields with the most distinct values; 0 turns them off.
   * @default 3
   */
  neighbourhoodFields?: number;
  /**
   * In a sorted-neighbourhood pass, each record is paired with this many following records.
   * @default 2
   */
  neighbourhoodWindow?: number;
  /**
   * Random row pairs sampled for the starting non-match (u) probabilities; EM refines them on the candidates.
   * @default 20000
   */
  uSamples?: number;
  /**
   * Candidate pairs (an even spread) the Fellegi–Sunter model is fitted on; all candidates are scored.
   * @default 200000
   */
  emSample?: number;
  /**
   * EM iterations at most when fitting the Fellegi–Sunter model.
   * @default 200
   */
  maxIterations?: number;
}

/** Per-field part of an explanation. */
export interface FieldExplanation {
  field: string;
  kind: ComparatorKind;
  valueA: string | null;
  valueB: string | null;
  /** 0–1, null when either value is missing. */
  similarity: number | null;
  level: LevelName;
  /** Evidence for a match in bits, log2(m/u); 0 when missing. */
  weight: number;
  m: number | null;
  u: number | null;
}

export interface PairExplanation {
  rowA: number;
  rowB: number;
  fields: FieldExplanation[];
  /** Prior log2 odds of a match among candidate pairs. */
  priorWeight: number;
  /** priorWeight + Σ field weights. */
  totalWeight: number;
  /** Match probability from totalWeight; 1 for identical rows. */
  probability: number;
  /** Pair-level decision from the thresholds alone. */
  decision: 'merge' | 'review' | 'distinct';
  /** Whether the clustering put both rows in the same cluster. */
  sameCluster: boolean;
  /** Both rows hold the same normalised value in every compared field (and not all missing). */
  identical: boolean;
  /** The rows' group was left unmerged because none of its rows holds a value no other row holds (information.ts). */
  lowInformation: boolean;
}

export interface ReviewPair {
  rowA: number;
  rowB: number;
  probability: number;
  /**
   * 'review-band': probability in [reviewThreshold, threshold).
   * 'split': above threshold, but clustering kept the rows apart (they do not share a pivot).
   * 'low-information': above threshold, but the group holds no value that singles it out (information.ts).
   */
  reason: 'review-band' | 'split' | 'low-information';
  fields: { field: string; similarity: number | null; level: LevelName; weight: number }[];
}

export interface NearCluster {
  /** Smallest row number in the cluster. */
  id: number;
  rows: number[];
  survivor: number;
  /** Lowest match probability of a member against the cluster's pivot. */
  confidence: number;
}

export interface NearDedupeStats {
  /** The thresholds in effect (defaults filled in). */
  threshold: number;
  reviewThreshold: number;
  rows: number;
  /** Distinct records after folding rows identical on every compared field. */
  records: number;
  candidatePairs: number;
  scoredPairs: number;
  lsh: { bands: number; rows: number };
  fields: { field: string; kind: ComparatorKind; levels: LevelName[]; m: number[]; u: number[]; weights: number[] }[];
  /** Fields left out of comparison, with why. */
  excluded: { field: string; reason: 'auxiliary' | 'empty' | 'unique-key' | 'untyped' }[];
  /**
   * 'em': m, u and λ fitted on the candidates. 'prior': the fitted model did not describe duplicates
   * (no identifying fields agreeing), so m stayed at the prior, u at random-pair rates, and only λ was fitted.
   */
  model: 'em' | 'prior';
  lambda: number;
  emIterations: number;
  clusters: number;
  /** Groups (clusters, or rows identical on every compared field) left unmerged for holding no distinctive value. */
  lowInformationGroups: number;
  duplicateRows: number;
}

export interface NearDuplicateFinder extends DuplicateFinder {
  /** Pairs needing a human decision, highest probability first. Available after finish(). */
  reviewCandidates(): ReviewPair[];
  /** Field-by-field account of a pair's score, by 1-based row numbers. Available after finish(). */
  explain(rowA: number, rowB: number): PairExplanation;
  /** Clusters with confidence, ordered by id. Available after finish(). */
  clusters(): NearCluster[];
  stats(): NearDedupeStats;
  /** Milliseconds per step of finish() (run metadata for the report's timings; empty before finish()). */
  timings(): Record<string, number>;
  /**
   * Pairs of row numbers that are scored whatever candidate generation finds (for example rows an
   * index of earlier runs returned). Call before finish(); rows must have been added by then.
   */
  addCandidatePairs(pairs: readonly (readonly [number, number])[]): void;
  /**
   * The probability the run itself computed for this pair, or null when candidate generation never
   * paired the rows (so no decision was made on them). Available after finish().
   */
  pairScore(rowA: number, rowB: number): number | null;
  /**
   * Whether exact copies of this added row (rows the caller kept from the finder) are duplicates: false
   * when the row's group holds no distinctive value (information.ts). Available after finish().
   */
  mergesCopiesOf(row: number): boolean;
  /** Whether a row with this number was added. */
  has(row: number): boolean;
  /** Match probability of two added rows (1 for rows equal on every compared field). Available after finish(). */
  probability(rowA: number, rowB: number): number;
  /** The row the survivor rule keeps among these added rows (ties to the smallest row). Available after finish(). */
  survivorOf(rows: readonly number[]): number;
}
