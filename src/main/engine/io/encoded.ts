/**
 * Row encoding that can run away from the sink (in a worker thread): a serialisable descriptor of
 * the sink's text format, a pure encoder to UTF-8 bytes, and the sink side that appends them.
 */
import type { Cell } from '../table.js';
import { csvRows } from './csvSink.js';
import { jsonlRows } from './jsonlSink.js';
import { spillRows } from './parquetSpill.js';
import { ColumnTypeTracker } from './sinkTypes.js';
import type { Sink } from './types.js';

/** What a worker needs to produce a sink's bytes; plain data, so it crosses postMessage. */
export type RowEncoding =
  | { kind: 'csv'; width: number }
  | { kind: 'jsonl'; columns: string[] }
  /** The Parquet sink's private CSV spill, with per-column type tracking for the final COPY. */
  | { kind: 'parquet-spill'; width: number };

export interface EncodedRows {
  /** UTF-8 text of `rows` rows, each ending in '\n'. */
  bytes: Uint8Array;
  rows: number;
  /** parquet-spill: longest line in UTF-16 units (DuckDB's max_line_size needs it). */
  longest: number;
  /** parquet-spill: what each column's values proved about its type. */
  types: ColumnTypeTracker[] | null;
}

/** A sink that also accepts rows already encoded in its format, in order with write(). */
export interface EncodingSink extends Sink {
  readonly encoding: RowEncoding;
  writeEncoded(rows: EncodedRows): Promise<void>;
}

export function isEncodingSink(s: Sink): s is EncodingSink {
  return typeof (s as Partial<EncodingSink>).writeEncoded === 'function';
}

/** Own buffer, not a slice of Node's shared pool, so it can be transferred to another thread. */
function ownBytes(text: string): Uint8Array {
  const b = Buffer.from(text, 'utf8');
  if (b.byteOffset === 0 && b.buffer.byteLength === b.byteLength) return b;
  const copy = new Uint8Array(b.byteLength);
  copy.set(b);
  return copy;
}

/** Encodes rows [0, length) of a column-major batch. */
export function encodeRows(enc: RowEncoding, columns: Cell[][], length: number): EncodedRows {
  switch (enc.kind) {
    case 'csv':
      return { bytes: ownBytes(csvRows(columns, 0, length)), rows: length, longest: 0, types: null };
    case 'jsonl':
      return { bytes: ownBytes(jsonlRows(enc.columns)(columns, 0, length)), rows: length, longest: 0, types: null };
    case 'parquet-spill': {
      const types = Array.from({ length: enc.width }, () => new ColumnTypeTracker());
      const { bytes, longest } = spillRows(columns, 0, length, types);
      return { bytes, rows: length, longest, types };
    }
  }
}

/** Restores trackers that crossed a thread boundary as plain objects. */
export function reviveEncoded(e: EncodedRows): EncodedRows {
  if (e.types) for (const t of e.types) Object.setPrototypeOf(t, ColumnTypeTracker.prototype);
  return e;
}
