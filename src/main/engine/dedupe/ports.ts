/** Ports the dedupe engine needs from outside: an index of earlier runs' row keys and MinHash signatures. */

/** A row of an earlier run: the run's id and the row's 1-based data-row number in that run's input. */
export interface StoredRef {
  runId: string;
  row: number;
}

/** One recorded row of a run. */
export interface SignatureEntry extends StoredRef {
  /** Exact row key: 16 hex digits over the cleaned dedupe-field values (signature.ts, rowKey). */
  key: string;
  /**
   * MinHash signature of the row's normalised dedupe-field values, SIGNATURE_SIZE unsigned 32-bit
   * values laid out as SIGNATURE_BANDS bands of SIGNATURE_ROWS; null for a row with no values.
   */
  signature: Uint32Array | null;
  /** Cleaned dedupe-field values by field name (null = missing), kept to verify later matches field by field. */
  values: Record<string, string | null>;
}

/** A stored row that may be a near duplicate of a query signature. */
export interface NearHit extends StoredRef {
  /** Estimated Jaccard similarity: the share of signature positions that agree, 0–1. */
  similarity: number;
  values: Record<string, string | null>;
}

export interface NearQueryOptions {
  /**
   * Hits per query at most, most similar first.
   * @default 10
   */
  limit?: number;
  /**
   * Hits below this estimated similarity are left out.
   * @default 0
   */
  minSimilarity?: number;
}

export interface DatasetInfo {
  /** Runs with at least one recorded row. */
  runs: number;
  rows: number;
}

/**
 * Keys and signatures of earlier runs, per dataset, for `clean --against`. The embedded adapter is
 * SQLite (src/main/store); a vector store (Milvus) or Postgres can implement the same contract, which
 * test/store/signatureIndex.contract.ts pins down. Every method may be called many times per run with
 * batches; results are deterministic for the same stored data.
 */
export interface SignatureIndex {
  /** Records rows under a dataset (created on first use). Entries of one run may arrive in several calls. */
  add(dataset: string, entries: readonly SignatureEntry[]): Promise<void>;
  /** For each key (same order), the earliest recorded row with that exact key in the dataset, or null. */
  lookupExact(dataset: string, keys: readonly string[]): Promise<(StoredRef | null)[]>;
  /**
   * For each signature (same order), recorded rows of the dataset that agree with it on every value of
   * at least one band, most similar first (ties: earliest recorded first). An adapter may find them by
   * other means (e.g. vector search) as long as every row sharing a band and passing minSimilarity is
   * returned up to the limit, and no row sharing no band is. A band value held by more rows than
   * BAND_BUCKET_CAP (signature.ts) is uninformative, like a stop word: only its earliest BAND_BUCKET_CAP
   * recorded rows need to be considered.
   */
  queryNear(dataset: string, signatures: readonly Uint32Array[], opts?: NearQueryOptions): Promise<NearHit[][]>;
  /** Removes every row a run recorded (a failed run, or one the user deletes); returns how many. */
  deleteRun(runId: string): Promise<number>;
  /** What is recorded for a dataset, or null when nothing is. */
  datasetInfo(dataset: string): Promise<DatasetInfo | null>;
}
