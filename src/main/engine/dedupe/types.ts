/** Ports for duplicate detection: the run layer feeds cleaned rows, a finder returns clusters. */
import type { ScoringPool } from './scoring.js';
import type { InferredType } from '../../../shared/profile.js';
import type { Cell } from '../table.js';

export interface DedupeField {
  name: string;
  /** The profile's inferred type; picks the comparator (names, addresses, numbers, dates, ...). */
  type: InferredType;
}

/** Cleaned values of the dedupe fields for a run of rows, column-major, aligned to the fields. */
export interface DedupeBatch {
  columns: Cell[][];
  length: number;
  /** 1-based input row numbers, ascending. */
  rows: number[];
}

/** One member of a duplicate cluster. Rows in no cluster are unique and get no assignment. */
export interface DuplicateAssignment {
  row: number;
  /** Stable cluster id: the smallest row number in the cluster. */
  cluster: number;
  kept: boolean;
  /** Row number of the cluster's survivor. */
  survivor: number;
  /** Similarity of this row to the survivor, 0–1 (1 for the survivor itself). */
  similarity: number;
}

export interface DuplicateFinder {
  add(batch: DedupeBatch): void;
  /**
   * Decides clusters and survivors. Deterministic for the same rows and salt, whether or not a
   * pool of worker threads takes part (near duplicates score candidate pairs on it).
   */
  finish(signal?: AbortSignal, pool?: ScoringPool): Promise<DuplicateAssignment[]>;
}
