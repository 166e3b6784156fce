/** Messages between the fuzz tests and their worker thread. */

export interface FuzzCase {
  kind: 'csv' | 'tsv' | 'json' | 'jsonl';
  bytes: Uint8Array;
  /** Small values push records across read boundaries. */
  chunkBytes: number;
  batchSize: number;
  /** Forced encoding; detected when absent. */
  encoding?: string;
}

export type FuzzOutcome =
  | { kind: 'ok'; rows: number; quarantined: number }
  /** A clear, intended refusal. */
  | { kind: 'engine-error'; code: string; message: string; rows: number; quarantined: number }
  /** Anything thrown that is not an EngineError: a bug. */
  | { kind: 'crash'; message: string; rows: number; quarantined: number }
  /** Batches or row numbers that break the reader contract. */
  | { kind: 'broken'; message: string; rows: number; quarantined: number }
  /** No answer within the per-case deadline; the worker was terminated. */
  | { kind: 'hang'; message: string; rows: number; quarantined: number };
