/** report.json and provenance record shapes. */
import type { ColumnProfile } from './profile.js';

export interface RowCounts { in: number; out: number; duplicates: number; quarantined: number }

export interface ProvenanceRecord {
  /** 1-based data row number in input order. */
  row: number;
  column: string | null;
  original: string | null;
  cleaned: string | null;
  operation: string;
  opId: string;
  confidence: number;
  /** 'cell' for a changed cell, 'flag' for a flagged value, 'duplicate' and 'quarantine' for removed rows. */
  kind: 'cell' | 'flag' | 'duplicate' | 'quarantine';
  /** For duplicates: the survivor's row number. */
  survivor?: number | null;
  reason?: string | null;
}

export interface Report {
  version: number;
  runId: string;
  input: { path: string; format: string; sha256: string; bytes: number };
  planHash: string;
  salt: string;
  rows: RowCounts;
  invariantHolds: boolean;
  columns: { name: string; before: ColumnProfile; after: ColumnProfile | null }[];
  operations: { id: string; op: string; column: string | null; changed: number; flagged: number; quarantined: number }[];
  duplicates: DuplicatesReport;
  quarantine: { reasons: Record<string, number> };
  outputs: Record<string, string>;
  timings: Record<string, number>;
  versions: Record<string, string>;
  startedAt: string;
  finishedAt: string;
}

/** One comparison level of a field in the duplicate model: P(level | match), P(level | non-match), log2(m/u). */
export interface ModelLevel { level: string; m: number; u: number; weight: number }

/** The fitted near-duplicate model, so a reader can see what counted as evidence. */
export interface DuplicateModelSummary {
  /** 'em': m, u and the match share fitted by EM; 'prior': EM did not describe duplicates, so m stayed at a conservative prior. */
  fit: 'em' | 'prior';
  /** Share of matches among candidate pairs, and the prior log2 odds it gives. */
  lambda: number;
  priorWeight: number;
  emIterations: number;
  threshold: number;
  reviewThreshold: number;
  candidatePairs: number;
  scoredPairs: number;
  lsh: { bands: number; rows: number };
  fields: { field: string; kind: string; levels: ModelLevel[] }[];
  excluded: { field: string; reason: string }[];
}

/** A pair left for review, in short. */
export interface ReviewPairSummary {
  rowA: number;
  rowB: number;
  probability: number;
  reason: 'review-band' | 'split' | 'low-information';
  fields: { field: string; similarity: number | null; level: string; weight: number }[];
}

export interface DecisionSummary {
  kind: string;
  rows: number[];
  status: 'applied' | 'unchanged' | 'skipped';
  detail: string;
}

export interface DuplicatesReport {
  mode: string;
  clusters: number;
  removed: number;
  model?: DuplicateModelSummary;
  /** Pairs waiting for a decision (see clean --review): how many, and the most likely few. */
  review?: { pairs: number; top: ReviewPairSummary[] };
  decisions?: DecisionSummary[];
  /** Rows removed because an earlier run of the dataset already had them (clean --against). */
  against?: { dataset: string; earlierRuns: number; exact: number; near: number; runs: string[] };
  /** This run's rows recorded for later --against runs. */
  recorded?: { dataset: string; rows: number };
}
