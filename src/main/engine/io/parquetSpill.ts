/** The Parquet sink's row spill format (CSV that DuckDB reads back with fixed options), kept free of DuckDB so workers can encode it. */
import type { Cell } from '../table.js';
import type { ColumnTypeTracker } from './sinkTypes.js';

/** Strings are always quoted in the spill, so an unquoted `\N` can only mean null. */
export const NULL_MARK = '\\N';

function spillField(v: Cell): string {
  if (v === null) return NULL_MARK;
  if (typeof v === 'string') return v.includes('"') ? `"${v.replaceAll('"', '""')}"` : `"${v}"`;
  if (typeof v === 'number') return String(v);
  return v ? 'true' : 'false';
}

/**
 * Spill text of rows [start, end) and the longest line (UTF-16 units), observing every value's
 * type on the way. Pure, so workers can run it (encoded.ts) and the sink appends the result.
 */
export function spillRows(columns: Cell[][], start: number, end: number, trackers: ColumnTypeTracker[]): { text: string; longest: number } {
  const width = trackers.length;
  for (let c = 0; c < width; c++) {
    const col = columns[c] as Cell[];
    const tracker = trackers[c] as ColumnTypeTracker;
    for (let r = start; r < end; r++) tracker.observe(col[r] as Cell);
  }
  let longest = 0;
  const fields = new Array<string>(width);
  const lines = new Array<string>(end - start + 1);
  for (let r = start; r < end; r++) {
    for (let c = 0; c < width; c++) fields[c] = spillField((columns[c] as Cell[])[r] as Cell);
    const line = fields.join(',');
    if (line.length > longest) longest = line.length;
    lines[r - start] = line;
  }
  lines[end - start] = '';
  return { text: lines.join('\n'), longest };
}

