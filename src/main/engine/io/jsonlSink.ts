/** JSON Lines sink: one object per row, keys in column order, typed values kept. */
import type { Cell } from '../table.js';
import { createTextSink } from './textSink.js';
import type { Sink, SinkOptions } from './types.js';

export interface JsonlSinkOptions extends SinkOptions {
  /** Replace an existing file at `path` on commit. @default false */
  overwrite?: boolean;
}

/** JSON text of a cell. NaN and ±Infinity have no JSON form, so they are written as strings rather than silently nulled. */
export function jsonValue(v: Cell): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : `"${String(v)}"`;
  return v ? 'true' : 'false';
}

/** The row formatter for these columns. */
export function jsonlRows(names: readonly string[]): (columns: Cell[][], start: number, end: number) => string {
  // Precomputed `"name":` keys; fields and rows are joined, not concatenated (see csvSink).
  const keys = names.map((name) => `${JSON.stringify(name)}:`);
  const width = keys.length;
  return (columns: Cell[][], start: number, end: number): string => {
    const fields = new Array<string>(width);
    const lines = new Array<string>(end - start + 1);
    for (let r = start; r < end; r++) {
      for (let c = 0; c < width; c++) fields[c] = (keys[c] as string) + jsonValue((columns[c] as Cell[])[r] as Cell);
      lines[r - start] = `{${fields.join(',')}}`;
    }
    lines[end - start] = '';
    return lines.join('\n');
  };
}

export function createJsonlSink(opts: JsonlSinkOptions): Promise<Sink> {
  const rows = jsonlRows(opts.columns);
  return createTextSink(opts.path, opts.columns.length, { header: '', rows }, opts.overwrite ?? false, { kind: 'jsonl', columns: [...opts.columns] });
}
