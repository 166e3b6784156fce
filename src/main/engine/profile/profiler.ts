/** Pass-1 profiler: mergeable sketches over every row plus a seeded sample, finished into a DatasetProfile. */
import type { ColumnProfile, DatasetProfile } from '../../../shared/profile.js';
import { EngineError } from '../errors.js';
import { seedFromSalt } from '../hash.js';
import type { Cell, ColumnSchema, RowBatch } from '../table.js';
import { buildColumnProfile } from './columnProfile.js';
import { DEFAULT_SAMPLE_SIZE, RowSample } from './sample.js';
import { ColumnSketch, DEFAULT_VALUE_CAPACITY, type SketchSnapshot } from './sketches.js';
import { DEFAULT_IQR_K, DEFAULT_MAD_T } from './stats.js';

export const PROFILE_VERSION = 1;

export interface ProfilerOptions {
  /** Seeds the sample and the distinct-count hashes: same salt and input, same profile. */
  salt: string;
  /** Rows kept for inference, quantiles and clustering. @default 20000 */
  sampleSize?: number;
  /** IQR fence multiplier. @default 1.5 */
  iqrK?: number;
  /** MAD fence multiplier (robust z-score). @default 3.5 */
  madT?: number;
  /** The reader's column types, reported as ColumnProfile.sourceType; otherwise the JS types seen. */
  schema?: readonly ColumnSchema[];
  /** Distinct values counted exactly per column before HyperLogLog and bounded top values take over. @default 1000 */
  valueCapacity?: number;
  /** Top values and patterns reported per column. @default 20 */
  topN?: number;
}

interface ColumnState {
  name: string;
  sketch: ColumnSketch;
}

/**
 * Feed batches in any sizes (or split rows among several profilers and merge them); the profile
 * depends only on the salt and the set of rows. Columns are reported in order of first appearance;
 * a column that first appears after N rows counts those N rows as nulls (JSON schema drift).
 */
export class Profiler {
  private readonly cols: ColumnState[] = [];
  private readonly index = new Map<string, number>();
  private readonly sample: RowSample;
  private readonly seed: number;
  private readonly capacity: number;
  private rowsSeen = 0;

  constructor(private readonly opts: ProfilerOptions) {
    this.seed = seedFromSalt(opts.salt);
    this.capacity = opts.valueCapacity ?? DEFAULT_VALUE_CAPACITY;
    this.sample = new RowSample(opts.sampleSize ?? DEFAULT_SAMPLE_SIZE, opts.salt);
  }

  get rows(): number {
    return this.rowsSeen;
  }

  get columnNames(): string[] {
    return this.cols.map((c) => c.name);
  }

  private column(name: string): number {
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.cols.length;
      const sketch = new ColumnSketch(this.seed, this.capacity);
      sketch.addNulls(this.rowsSeen);
      this.cols.push({ name, sketch });
      this.index.set(name, i);
    }
    return i;
  }

  addBatch(batch: RowBatch): void {
    const n = batch.length;
    if (n === 0) return;
    const map = new Array<number>(batch.names.length);
    const touched = new Uint8Array(this.cols.length + batch.names.length);
    for (let c = 0; c < batch.names.length; c++) {
      const i = this.column(batch.names[c] as string);
      map[c] = i;
      touched[i] = 1;
      const col = batch.columns[c];
      const sketch = (this.cols[i] as ColumnState).sketch;
      if (col) sketch.addColumn(col, n);
      else sketch.addNulls(n);
    }
    for (let i = 0; i < this.cols.length; i++) if (!touched[i]) (this.cols[i] as ColumnState).sketch.addNulls(n);
    this.sample.addBatch(batch, map, this.cols.length);
    this.rowsSeen += n;
  }

  /**
   * Restores a profiler that crossed a thread boundary by structured clone; see ColumnSketch.revive.
   * Workers profile their shards and the run merges the revived profilers.
   */
  static revive(o: Profiler): Profiler {
    const p = Object.setPrototypeOf(o, Profiler.prototype) as Profiler;
    for (const c of p.cols) ColumnSketch.revive(c.sketch);
    RowSample.revive(p.sample);
    return p;
  }

  /** Drops scratch space before a transfer to another thread. */
  trim(): void {
    for (const c of this.cols) c.sketch.trim();
  }

  /**
   * Offers the rows of a sample kept apart from this profiler (same salt), whose cells are in the
   * order of `names`. Sharded runs keep one sample per worker rather than one per shard, since a
   * sample is exactly mergeable and shipping one per shard would copy most rows many times.
   */
  mergeSample(sample: RowSample, names: readonly string[]): void {
    const remap = names.map((n) => this.column(n));
    this.sample.merge(sample, remap, this.cols.length);
  }

  /** Folds another profiler (same salt and options) into this one; `other` must not be used afterwards. */
  merge(other: Profiler): void {
    if (other === this) throw new EngineError('INTERNAL', 'a profiler cannot be merged into itself');
    if (other.seed !== this.seed) throw new EngineError('INVALID_ARGUMENT', 'cannot merge profilers with different salts');
    // A column new to this profiler was absent from every row it saw: column() counts those as nulls.
    const remap = other.cols.map((c) => this.column(c.name));
    const seenThere = new Uint8Array(this.cols.length);
    other.cols.forEach((c, j) => {
      const i = remap[j] as number;
      seenThere[i] = 1;
      (this.cols[i] as ColumnState).sketch.merge(c.sketch);
    });
    for (let i = 0; i < this.cols.length; i++) if (!seenThere[i]) (this.cols[i] as ColumnState).sketch.addNulls(other.rowsSeen);
    this.sample.merge(other.sample, remap, this.cols.length);
    this.rowsSeen += other.rowsSeen;
  }

  /** Sketch state per column, for tests and debugging. */
  snapshots(): Record<string, SketchSnapshot> {
    return Object.fromEntries(this.cols.map((c) => [c.name, c.sketch.snapshot()]));
  }

  finish(input: DatasetProfile['input'], quarantined: number): DatasetProfile {
    const sampled = this.sample.rows();
    const types = new Map((this.opts.schema ?? []).map((s) => [s.name, s.sourceType]));
    const columns: ColumnProfile[] = this.cols.map((c, i) => {
      const sample: string[] = [];
      for (const r of sampled) {
        const v: Cell = r.cells[i] ?? null;
        if (v !== null) sample.push(typeof v === 'string' ? v : String(v));
      }
      const sourceType = types.get(c.name);
      return buildColumnProfile({
        name: c.name,
        ...(sourceType === undefined ? {} : { sourceType }),
        sketch: c.sketch,
        sample,
        rows: this.rowsSeen,
        complete: sampled.length === this.rowsSeen,
        iqrK: this.opts.iqrK ?? DEFAULT_IQR_K,
        madT: this.opts.madT ?? DEFAULT_MAD_T,
        topN: this.opts.topN ?? 20,
      });
    });
    return {
      version: PROFILE_VERSION,
      input,
      rows: this.rowsSeen,
      quarantined,
      sampleSize: sampled.length,
      salt: this.opts.salt,
      columns,
    };
  }
}

/** Profiles in-memory batches in one go (e.g. the cleaned output for the report's after-profile). */
export function profileBatches(
  batches: Iterable<RowBatch>,
  opts: ProfilerOptions,
  input: DatasetProfile['input'],
  quarantined = 0,
): DatasetProfile {
  const p = new Profiler(opts);
  for (const b of batches) p.addBatch(b);
  return p.finish(input, quarantined);
}
