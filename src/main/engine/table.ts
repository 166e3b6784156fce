/** The in-memory shape of data as it flows through the engine: columnar row batches. */

/** A cell value. Dates and datetimes are ISO 8601 strings; integers beyond 2^53 stay strings. */
export type Cell = string | number | boolean | null;

/** A row a reader could not turn into cells, kept verbatim with the reason. */
export interface QuarantinedRow {
  /** 1-based data row number in input order (header excluded); shares the sequence with good rows. */
  row: number;
  /** 1-based physical line (or record index for JSON) where the row starts; 0 if unknown. */
  line: number;
  raw: string;
  reason: string;
}

/**
 * A batch of rows, column-major. `columns[c][r]` is the cell of column `names[c]` in row r.
 * Readers may grow `names` between batches (JSON schema drift); a column missing from a
 * batch is null for those rows.
 */
export interface RowBatch {
  names: string[];
  columns: Cell[][];
  length: number;
  /** 1-based data row numbers, one per row. */
  rows: number[];
  /** 1-based source line per row (0 if the format has no lines). */
  lines: number[];
  /** Rows rejected by the reader in the span this batch covers. */
  quarantined: QuarantinedRow[];
}

export interface ColumnSchema {
  name: string;
  /** The reader's own type: 'string' for text formats, the Parquet/DuckDB type name otherwise. */
  sourceType: string;
}

export function emptyBatch(names: string[]): RowBatch {
  return { names, columns: names.map(() => []), length: 0, rows: [], lines: [], quarantined: [] };
}

/** Reorders/extends a batch's columns to exactly `names`, filling absent columns with null. */
export function alignBatch(batch: RowBatch, names: readonly string[]): RowBatch {
  if (batch.names.length === names.length && batch.names.every((n, i) => n === names[i])) return batch;
  const index = new Map<string, number>();
  batch.names.forEach((n, i) => index.set(n, i));
  const columns = names.map((n) => {
    const i = index.get(n);
    const col = i === undefined ? undefined : batch.columns[i];
    return col ?? new Array<Cell>(batch.length).fill(null);
  });
  return { ...batch, names: [...names], columns };
}

/** Text form of a cell, as written to CSV and compared by text operations. */
export function cellText(v: Cell): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  return String(v);
}
