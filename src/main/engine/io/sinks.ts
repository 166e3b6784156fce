/** Output factory: picks the sink for a path's extension or an explicit format. */
import { extname, resolve } from 'node:path';
import { EngineError } from '../errors.js';
import { outputExists, pathExists } from './atomic.js';
import { createCsvSink } from './csvSink.js';
import type { DuckDBOptions } from './duckdb.js';
import { createJsonlSink } from './jsonlSink.js';
import { createParquetSink } from './parquetSink.js';
import type { OutputFormat, Sink, SinkColumnType } from './types.js';

export { createCsvSink, type CsvSinkOptions } from './csvSink.js';
export { createJsonlSink, type JsonlSinkOptions } from './jsonlSink.js';
export { createParquetSink, type ParquetSinkOptions } from './parquetSink.js';

export interface OpenSinkOptions {
  /** Overrides the format implied by the extension. */
  format?: OutputFormat;
  columns: string[];
  /** Column types for Parquet; inferred from the values when absent. */
  types?: Partial<Record<string, SinkColumnType>>;
  /** Replace an existing output on commit. @default false */
  overwrite?: boolean;
  /** Parquet: directory for the row spill. @default os.tmpdir() */
  tempDir?: string;
  /** Parquet: DuckDB resources for the final conversion. */
  duckdb?: DuckDBOptions;
}

const BY_EXTENSION: Record<string, OutputFormat> = { '.csv': 'csv', '.parquet': 'parquet', '.pq': 'parquet', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/** The output format for a path, from `format` or the extension. */
export function outputFormatFor(path: string, format?: OutputFormat): OutputFormat {
  if (format !== undefined) {
    if (format === 'csv' || format === 'parquet' || format === 'jsonl') return format;
    throw new EngineError('UNSUPPORTED_FORMAT', `Unsupported output format ${JSON.stringify(format)}; use csv, parquet or jsonl`);
  }
  const ext = extname(path).toLowerCase();
  const found = BY_EXTENSION[ext];
  if (!found) throw new EngineError('UNSUPPORTED_FORMAT', `Cannot tell the output format of ${path} from its extension${ext ? ` "${ext}"` : ''}; use .csv, .parquet or .jsonl, or pass --format`, { location: { file: path } });
  return found;
}

/** Opens an atomic sink for `path`; fails with OUTPUT_EXISTS up front unless `overwrite`. */
export async function openSink(path: string, opts: OpenSinkOptions): Promise<Sink> {
  const target = resolve(path);
  const format = outputFormatFor(target, opts.format);
  const overwrite = opts.overwrite ?? false;
  if (!overwrite && (await pathExists(target))) throw outputExists(path);
  const base = { path: target, columns: opts.columns, overwrite, ...(opts.types ? { types: opts.types } : {}) };
  switch (format) {
    case 'csv':
      return createCsvSink(base);
    case 'jsonl':
      return createJsonlSink(base);
    case 'parquet':
      return createParquetSink({ ...base, ...(opts.tempDir ? { tempDir: opts.tempDir } : {}), ...(opts.duckdb ? { duckdb: opts.duckdb } : {}) });
  }
}
