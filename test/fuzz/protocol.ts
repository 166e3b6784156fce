/** Messages between the fuzz tests and their worker thread. */

export interface FuzzCase {
  kind: 'csv' | 'tsv' | 'json' | 'jsonl';
  bytes: Uint8Array;
  /** Small values push records across read boundaries. */
  chunkBytes: number;
  batchSize: number;
  /** Forced encoding; detected when absent. */
  encoding?: string;
  /**
   * Also run the whole clean (pass 1, proposed plan, pass 2, outputs) on the bytes in-process, and
   * check the report's row invariant and the outputs against what the reader gave.
   */
  clean?: { dedupe: 'exact' | 'near' | 'off'; out: 'csv' | 'jsonl' };
}

/** What the clean of a case did, when it ran one. */
export interface CleanOutcome {
  /** 'refused': a clear EngineError (its code); anything else makes the case 'broken' or 'crash'. */
  kind: 'ok' | 'refused';
  code?: string;
  rows: { in: number; out: number; duplicates: number; quarantined: number };
}

export type FuzzOutcome =
  | { kind: 'ok'; rows: number; quarantined: number; clean?: CleanOutcome }
  /** A clear, intended refusal. */
  | { kind: 'engine-error'; code: string; message: string; rows: number; quarantined: number; clean?: CleanOutcome }
  /** Anything thrown that is not an EngineError: a bug. */
  | { kind: 'crash'; message: string; rows: number; quarantined: number }
  /** Batches or row numbers that break the reader contract. */
  | { kind: 'broken'; message: string; rows: number; quarantined: number }
  /** No answer within the per-case deadline; the worker was terminated. */
  | { kind: 'hang'; message: string; rows: number; quarantined: number };
