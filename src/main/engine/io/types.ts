/** Ports for reading and writing tables. Sources yield row batches; sinks consume them. */
import type { Cell, ColumnSchema, RowBatch } from '../table.js';

export type InputFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet' | 'xlsx';
export type OutputFormat = 'csv' | 'parquet' | 'jsonl';

export interface ReadOptions {
  /** Rows per batch. @default 8192 */
  batchSize?: number;
  /** Cancels the read; the iterator throws CancelledError. */
  signal?: AbortSignal;
  /** CSV/TSV: force the delimiter instead of sniffing it. */
  delimiter?: string;
  /** CSV/TSV: force the encoding ('utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'). */
  encoding?: string;
  /** CSV/TSV: whether the first row is a header; sniffed when absent. */
  header?: boolean;
  /** XLSX: sheet name or 1-based index. @default 1 */
  sheet?: string | number;
  /** Called with bytes consumed so far, for progress. */
  onBytes?: (bytesRead: number) => void;
}

/** What a source learned about its input while opening it (sniffed dialect, encoding, header). */
export interface SourceInfo {
  format: InputFormat;
  path: string;
  bytes: number;
  encoding?: string;
  delimiter?: string;
  hasHeader?: boolean;
  /** Known up front for CSV/Parquet/XLSX; for JSON the union grows while reading. */
  schema: ColumnSchema[];
}

export interface Source {
  /** Sniffs and opens; cheap; safe to call before read(). */
  info(): Promise<SourceInfo>;
  /** Streams the whole input in order. Each call starts from the beginning. */
  read(opts?: ReadOptions): AsyncIterable<RowBatch>;
}

export type SinkColumnType = 'BIGINT' | 'DOUBLE' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP' | 'VARCHAR';

export interface SinkOptions {
  /** Final path; data goes to a temp file beside it and is renamed on commit(). */
  path: string;
  columns: string[];
  /** Column types for typed formats; inferred from the values when absent. */
  types?: Partial<Record<string, SinkColumnType>>;
}

/** A sink writes rows in order; nothing appears under `path` until commit() succeeds. */
export interface Sink {
  write(columns: Cell[][], length: number): Promise<void>;
  /** Finishes and atomically renames into place. */
  commit(): Promise<void>;
  /** Removes temp files; safe to call after a failure or twice. */
  abort(): Promise<void>;
}
