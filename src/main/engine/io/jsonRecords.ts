/** Per-record work of the JSON readers: parsing with located errors, big-integer safety, and column-major batch building with drift. */
import { EngineError } from '../errors.js';
import type { Cell, QuarantinedRow, RowBatch } from '../table.js';
import { flattenRecord, MAX_JSON_DEPTH, nestsTooDeep, type CellSink } from './flatten.js';
import { MAX_COLUMNS, tooManyColumns } from './readOptions.js';

export type ParsedRecord =
  | { ok: true; value: Record<string, unknown>; line: number }
  | { ok: false; line: number; raw: string; reason: string };

/**
 * Shapes that may not survive as a double: 16+ digits in a row (an integer beyond 2^53, or a
 * mantissa that can overflow) and 3-digit exponents (can overflow to Infinity or underflow to 0).
 */
const RISKY_NUMBER = /\d{16,}|\d[eE][+-]?\d{3}/;
const INTEGER = /^-?\d+$/;
const NONZERO_MANTISSA = /^-?0*[.]?0*[1-9]/;

/** The literal would not come back as written: an unsafe integer, or a value that overflows or underflows a double. */
function needsText(token: string): boolean {
  const v = Number(token);
  if (!Number.isFinite(v)) return true;
  if (INTEGER.test(token)) return !Number.isSafeInteger(v);
  return v === 0 && NONZERO_MANTISSA.test(token);
}

/**
 * Quotes number literals that a double cannot hold, so `12345678901234567890` or `1e999` arrives
 * as the string it was written as rather than a rounded number, Infinity or 0. Strings are skipped.
 */
export function protectBigInts(text: string): string {
  let out = '';
  let last = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === 34) break;
        else j++;
      }
      i = j + 1;
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      let j = i + 1;
      while (j < n && isNumberChar(text.charCodeAt(j))) j++;
      const token = text.slice(i, j);
      if (needsText(token)) {
        out += text.slice(last, i) + '"' + token + '"';
        last = j;
      }
      i = j;
    } else {
      i++;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

function isNumberChar(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46 || c === 101 || c === 69 || c === 43 || c === 45;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

/** Line and column of `pos` within `text`, which starts at (line, column). */
function offsetTo(text: string, pos: number, line: number, column: number): { line: number; column: number } {
  let l = line;
  let lineStart = -column + 1;
  for (let i = 0; i < pos && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      l++;
      lineStart = i + 1;
    }
  }
  return { line: l, column: pos - lineStart + 1 };
}

/**
 * Parses one record's text. `column` is given for elements of a JSON array, where a syntax error
 * is fatal; for a JSON Lines line it is absent and the line is quarantined instead.
 */
export function parseRecord(text: string, line: number, file: string, column?: number): ParsedRecord {
  let value: unknown;
  try {
    value = JSON.parse(RISKY_NUMBER.test(text) ? protectBigInts(text) : text);
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    const at = /at position (\d+)/.exec(raw);
    const pos = at ? Number(at[1]) : undefined;
    // V8's position is relative to this record's text; report it against the file instead.
    const msg = raw.replace(/\s*(?:in JSON )?at position \d+.*$/, '').replace(/, ".*" is not valid JSON$/, '');
    if (column === undefined) {
      return { ok: false, line, raw: text, reason: pos === undefined ? `invalid JSON: ${msg}` : `invalid JSON at column ${pos + 1}: ${msg}` };
    }
    const loc = pos === undefined ? { line, column } : offsetTo(text, pos, line, column);
    throw new EngineError('BAD_INPUT', `invalid JSON: ${msg}`, { location: { file, line: loc.line, column: loc.column } });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, line, raw: text, reason: `expected a JSON object, found ${kindOf(value)}` };
  }
  // One absurdly deep line is one bad row in JSON Lines; in an array the splitter has already refused it.
  if (column === undefined && nestsTooDeep(value)) return { ok: false, line, raw: text, reason: `nesting deeper than ${MAX_JSON_DEPTH} levels` };
  return { ok: true, value: value as Record<string, unknown>, line };
}

/** Accumulates flattened records column-major; the column set grows in first-seen order. */
export class JsonBatchBuilder implements CellSink {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private columns: Cell[][] = [];
  private rows: number[] = [];
  private lines: number[] = [];
  private quarantined: QuarantinedRow[] = [];
  private length = 0;

  constructor(private readonly file: string) {}

  /** Rows plus quarantined rows held. */
  get size(): number {
    return this.length + this.quarantined.length;
  }

  set(key: string, value: Cell): void {
    let idx = this.index.get(key);
    if (idx === undefined) {
      // The caller (add) adds the record's line and row to the error.
      if (this.names.length >= MAX_COLUMNS) throw tooManyColumns(this.file, undefined);
      idx = this.names.length;
      this.names.push(key);
      this.index.set(key, idx);
      this.columns.push(new Array<Cell>(this.length).fill(null));
    }
    this.columns[idx]![this.length] = value;
  }

  add(value: Record<string, unknown>, row: number, line: number): void {
    try {
      flattenRecord(value, this);
    } catch (err) {
      if (err instanceof EngineError) {
        throw new EngineError(err.code, err.message, { location: { file: this.file, line, row } });
      }
      throw err;
    }
    const r = this.length;
    for (const col of this.columns) if (col.length === r) col.push(null);
    this.rows.push(row);
    this.lines.push(line);
    this.length = r + 1;
  }

  quarantine(q: QuarantinedRow): void {
    this.quarantined.push(q);
  }

  /** Hands over the rows held and starts an empty batch with the same columns. */
  take(): RowBatch {
    const batch: RowBatch = {
      names: this.names.slice(),
      columns: this.columns,
      length: this.length,
      rows: this.rows,
      lines: this.lines,
      quarantined: this.quarantined,
    };
    this.columns = this.names.map(() => []);
    this.rows = [];
    this.lines = [];
    this.quarantined = [];
    this.length = 0;
    return batch;
  }
}
