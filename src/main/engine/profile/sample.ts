/** Deterministic, mergeable row sample: bottom-k rows by a salted hash of the row number. */
import { EngineError } from '../errors.js';
import { mix32, seedFromSalt } from '../hash.js';
import type { Cell, RowBatch } from '../table.js';
import { detach } from './chars.js';

/** @default 20000 */
export const DEFAULT_SAMPLE_SIZE = 20_000;

export interface SampledRow {
  /** 1-based data row number. */
  row: number;
  priority: number;
  /** Cells by the owner's column index; a missing trailing index means null. */
  cells: Cell[];
}

/**
 * Keeps the k rows with the smallest priority `mix32(row, seed)` (ties by row number), which is a
 * pure function of the row set: batch sizes, order and how rows were split among workers do not
 * change it, and merge(a, b) is the bottom-k of the union.
 */
export class RowSample {
  private buf: SampledRow[] = [];
  /** Rows with priority above this cannot enter; +Infinity until the buffer first fills. */
  private threshold = Number.POSITIVE_INFINITY;
  private thresholdRow = Number.POSITIVE_INFINITY;
  private readonly seed: number;

  constructor(readonly k: number, salt: string) {
    this.seed = seedFromSalt(salt);
    if (!Number.isInteger(k) || k < 0) throw new EngineError('INVALID_ARGUMENT', `sample size must be a non-negative integer, got ${k}`);
  }

  /**
   * Offers every row of `batch`. `columnMap[c]` is the owner's column index for batch column c,
   * so rows can be stored in one stable column order while readers grow their schema.
   */
  addBatch(batch: RowBatch, columnMap: readonly number[], width: number): void {
    if (this.k === 0) return;
    const { rows, columns, length } = batch;
    const nc = columns.length;
    for (let r = 0; r < length; r++) {
      const row = rows[r] as number;
      const p = mix32(row, this.seed);
      if (p > this.threshold || (p === this.threshold && row >= this.thresholdRow)) continue;
      const cells = new Array<Cell>(width).fill(null);
      for (let c = 0; c < nc; c++) {
        const v = (columns[c] as Cell[])[r] ?? null;
        cells[columnMap[c] as number] = typeof v === 'string' ? detach(v) : v;
      }
      this.buf.push({ row, priority: p, cells });
      if (this.buf.length >= 2 * this.k) this.compact();
    }
  }

  /** Restores the prototype of a structured-cloned instance (samples cross worker threads that way). */
  static revive(o: RowSample): RowSample {
    return Object.setPrototypeOf(o, RowSample.prototype) as RowSample;
  }

  /** (priority, row) of every row held, interleaved: enough for a merger to find where the merged sample ends. */
  keys(): Float64Array {
    this.compact();
    const out = new Float64Array(2 * this.buf.length);
    this.buf.forEach((s, i) => {
      out[2 * i] = s.priority;
      out[2 * i + 1] = s.row;
    });
    return out;
  }

  /** Keeps only rows at or before (priority, row) in sample order, i.e. those the merged sample keeps. */
  keepUpTo(priority: number, row: number): void {
    this.buf = this.buf.filter((s) => s.priority < priority || (s.priority === priority && s.row <= row));
  }

  /** Adds the other sample's rows; `remap[i]` maps the other's column index i to this one's. */
  merge(other: RowSample, remap?: readonly number[], width?: number): void {
    for (const s of other.buf) {
      let cells = s.cells;
      if (remap) {
        cells = new Array<Cell>(width ?? remap.length).fill(null);
        for (let i = 0; i < s.cells.length; i++) cells[remap[i] as number] = s.cells[i] ?? null;
      }
      this.buf.push({ row: s.row, priority: s.priority, cells });
    }
    this.compact();
  }

  /** The sampled rows in input order. */
  rows(): SampledRow[] {
    this.compact();
    return this.buf.slice().sort((a, b) => a.row - b.row);
  }

  get size(): number {
    return Math.min(this.buf.length, this.k);
  }

  private compact(): void {
    if (this.buf.length <= this.k) return;
    this.buf.sort(byPriority);
    this.buf.length = this.k;
    const last = this.buf[this.k - 1] as SampledRow;
    this.threshold = last.priority;
    this.thresholdRow = last.row;
  }
}

function byPriority(a: SampledRow, b: SampledRow): number {
  return a.priority - b.priority || a.row - b.row;
}
