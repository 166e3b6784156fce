/** Messages between the run layer and its segment workers: plain data that survives structured clone. */
import type { DedupeMode, Plan } from '../../../../shared/plan.js';
import type { CsvDialect } from '../../io/csvScanner.js';
import type { TextEncodingName } from '../../io/encoding.js';
import type { EncodedRows, RowEncoding } from '../../io/encoded.js';
import type { OpCounts } from '../../provenance/recorder.js';
import type { Profiler } from '../../profile/profiler.js';
import type { RowSample } from '../../profile/sample.js';
import type { Cell, QuarantinedRow, RowBatch } from '../../table.js';
import type { PairJob, ScoreModel } from '../../dedupe/scoring.js';

/** How workers read the input themselves: byte ranges of a CSV/TSV file. */
export interface CsvInput {
  path: string;
  dialect: CsvDialect;
  encoding: TextEncodingName;
  names: string[];
}

export interface ProfileContext {
  sampleSize: number;
}

export interface CleanContext {
  plan: Plan;
  /** Final column order; batches are aligned to it before they reach a worker. */
  columns: string[];
  mode: DedupeMode;
  /** Column indices forming the exact key (and the near-duplicate fields). */
  keyCols: number[];
  /** Phase A also returns the key columns' cleaned values (near finder, screening against earlier runs). */
  keyValues: boolean;
  /** Phase B also returns the output rows' numbers and key values (recording them for later runs). */
  outKeyValues: boolean;
  /** How the output sink takes rows; null when it only takes cells (phase B then returns columns). */
  out: RowEncoding | null;
  provenance: RowEncoding | null;
  quarantine: RowEncoding;
  /** Rows sampled for the after-profile's inference. */
  afterSampleSize: number;
}

export interface WorkerContext {
  salt: string;
  batchSize: number;
  csv: CsvInput | null;
  profile: ProfileContext | null;
  clean: CleanContext | null;
}

/**
 * One unit of work: rows [firstRow, firstRow + rows) of the input. Either a byte range the worker
 * reads and parses, or batches the main thread read (formats that cannot be split by bytes).
 */
export interface SegmentInput {
  index: number;
  bytes: { start: number; end: number; firstRow: number; firstLine: number } | null;
  batches: RowBatch[] | null;
  /** For `batches` in pass 1: each batch's column → the run's first-seen column order. */
  columnMaps?: number[][];
}

export interface SegmentProfile {
  index: number;
  /** A profiler over the segment alone (no sample: samples are kept per worker, see Profiler.mergeSample). */
  profiler: Profiler;
  rows: number;
  quarantined: number;
  /** Column names as first seen in the segment (JSON inputs grow their schema). */
  names: string[];
}

/** Phase A of one batch: what the main thread needs to decide exact duplicates in input order. */
export interface BatchA {
  /** Rows that left the reader (before operations): row numbers of the good rows. */
  rows: Float64Array;
  /** 1 where an operation sent the row to quarantine. */
  opQuarantined: Uint8Array;
  /** Exact keys, two 32-bit halves per row (0 for quarantined rows). */
  keys: Uint32Array | null;
  /** Cleaned values of the key columns for every row of the batch, column-major (when asked for). */
  values: Cell[][] | null;
}

export interface CleanAResult {
  index: number;
  batches: BatchA[];
  rowsIn: number;
  quarantined: number;
  /** Per operation, in plan order. */
  counts: OpCounts[];
  /** Quarantine reasons in first-seen order. */
  reasons: [string, number][];
  quarantineRows: EncodedRows | null;
  provenance: EncodedRows | null;
  /** Provenance records made (also when no provenance file is written). */
  provenanceRecords: number;
}

export interface CleanBResult {
  index: number;
  /** The output rows encoded for the sink, or null when `columns` carries them. */
  out: EncodedRows | null;
  columns: Cell[][] | null;
  rowsOut: number;
  after: Profiler;
  /** Output row numbers and key values, when the context asks for them. */
  rows: Float64Array | null;
  keyValues: Cell[][] | null;
}

export type Task =
  | { kind: 'init'; ctx: WorkerContext }
  | { kind: 'profile'; seg: SegmentInput }
  /** (priority, row) pairs of the worker's sample over every segment it profiled (pass 1) or output (pass 2). */
  | { kind: 'sampleKeys'; which: 'profile' | 'after' }
  /** The worker's sample, cut after (priority, row) when given: only rows the merged sample keeps. */
  | { kind: 'sample'; which: 'profile' | 'after'; upTo: [number, number] | null }
  | { kind: 'cleanA'; seg: SegmentInput; hold: boolean }
  /**
   * Rows of the segment that do not reach the output (quarantined, duplicates), ascending row
   * numbers. `seg` null: use the batches held since phase A.
   */
  | { kind: 'cleanB'; index: number; seg: SegmentInput | null; drop: Float64Array }
  /** Near duplicates: the finder's comparators and the records' value ids, kept until scoreEnd. */
  | { kind: 'scoreStart'; job: PairJob }
  /** Level vectors of these candidate keys (PairComparer.levels). */
  | { kind: 'levels'; keys: Float64Array }
  /** Match probabilities of these candidate keys (PairScorer). */
  | { kind: 'score'; keys: Float64Array; model: ScoreModel }
  | { kind: 'scoreEnd' };

export type TaskResult = null | SegmentProfile | RowSample | Float64Array | Uint8Array | CleanAResult | CleanBResult;

export interface WorkerReply {
  id: number;
  ok: boolean;
  result?: TaskResult;
  error?: { code: string; message: string; details?: unknown; location?: unknown; stack?: string };
}

export type { QuarantinedRow };
