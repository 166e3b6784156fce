/** Encodes column-major cells as Postgres COPY text format (tab-separated, `\N` for null). */
import { EngineError } from '../../engine/errors.js';
import type { Cell } from '../../engine/table.js';

const NEEDS_ESCAPE = /[\\\t\n\r\u0000]/;

function escapeText(s: string, column: string): string {
  if (!NEEDS_ESCAPE.test(s)) return s;
  if (s.includes('\u0000')) {
    throw new EngineError('BAD_INPUT', `column ${JSON.stringify(column)} holds a NUL character, which Postgres text cannot store`, { location: { column } });
  }
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** COPY text of one cell; numbers and booleans in forms every Postgres type input accepts. */
export function copyCell(v: Cell, column: string): string {
  if (v === null) return '\\N';
  if (typeof v === 'string') return escapeText(v, column);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  return String(v);
}

/**
 * Rows [0, length) of `columns` as COPY text lines. One string per batch keeps the per-cell cost to
 * a concatenation; callers write it as one chunk.
 */
export function encodeCopyRows(columns: readonly Cell[][], names: readonly string[], length: number): string {
  let out = '';
  const nc = columns.length;
  for (let r = 0; r < length; r++) {
    for (let c = 0; c < nc; c++) {
      if (c > 0) out += '\t';
      out += copyCell(columns[c]![r] ?? null, names[c]!);
    }
    out += '\n';
  }
  return out;
}
