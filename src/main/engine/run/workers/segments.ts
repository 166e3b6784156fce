/**
 * The input cut into segments for workers: byte ranges of a CSV/TSV file that workers read and
 * parse themselves, or, for formats that cannot be cut by bytes, groups of batches read here.
 * Segments depend only on the input and the batch size, never on the worker count.
 */
import { csvLayout } from '../../io/csv.js';
import type { ReadOptions, Source } from '../../io/types.js';
import { alignBatch, type RowBatch } from '../../table.js';
import type { RowSample } from '../../profile/sample.js';
import type { SegmentExecutor } from './pool.js';
import type { CsvInput, SegmentInput } from './protocol.js';
import { canSplit, splitCsv } from './split.js';

/** Batches per segment: large enough that per-segment overhead vanishes, small enough to spread 1M rows over many. */
export const SEGMENT_BATCHES = 8;

export interface Segment extends SegmentInput {
  /** Rows the segment holds (quarantined ones included), numbered from firstRow on. */
  rows: number;
  firstRow: number;
  /** Input bytes consumed up to the end of this segment, for progress. */
  bytesDone: number;
}

/** How workers can read the source themselves, or null when the main thread must read it. */
export async function csvInputOf(source: Source, columns?: readonly string[]): Promise<CsvInput | null> {
  const layout = await csvLayout(source);
  if (!layout || !canSplit(layout)) return null;
  if (columns && (columns.length !== layout.names.length || columns.some((c, i) => c !== layout.names[i]))) return null;
  return { path: layout.path, dialect: layout.dialect, encoding: layout.encoding, names: layout.names };
}

export interface SegmentOptions {
  batchSize: number;
  signal?: AbortSignal;
  /** Pass 2: batches read here are aligned to the run's columns. */
  align?: readonly string[];
}

/** Columns in first-seen order over a stream of batches (JSON inputs grow their schema as they go). */
export class ColumnOrder {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();

  mapOf(batch: RowBatch): number[] {
    return batch.names.map((n) => {
      let i = this.index.get(n);
      if (i === undefined) {
        i = this.names.length;
        this.names.push(n);
        this.index.set(n, i);
      }
      return i;
    });
  }
}

export async function* segmentsOf(source: Source, csv: CsvInput | null, o: SegmentOptions, order?: ColumnOrder): AsyncGenerator<Segment> {
  const perSegment = SEGMENT_BATCHES * o.batchSize;
  if (csv) {
    const layout = await csvLayout(source);
    if (!layout) return;
    let bytes = 0;
    for await (const s of splitCsv(layout, perSegment, { ...(o.signal ? { signal: o.signal } : {}), onBytes: (b) => { bytes = b; } })) {
      yield { index: s.index, bytes: { start: s.start, end: s.end, firstRow: s.firstRow, firstLine: s.firstLine }, batches: null, rows: s.rows, firstRow: s.firstRow, bytesDone: Math.min(bytes, s.end) };
    }
    return;
  }
  let bytes = 0;
  const readOpts: ReadOptions = { batchSize: o.batchSize, onBytes: (b) => { bytes = b; } };
  if (o.signal) readOpts.signal = o.signal;
  let index = 0;
  let group: RowBatch[] = [];
  let maps: number[][] = [];
  let rows = 0;
  let before = 0;
  const flush = (): Segment => {
    const seg: Segment = { index: index++, bytes: null, batches: group, rows, firstRow: before + 1, bytesDone: bytes };
    before += rows;
    if (order) seg.columnMaps = maps;
    group = [];
    maps = [];
    rows = 0;
    return seg;
  };
  for await (const raw of source.read(readOpts)) {
    const b = o.align ? alignBatch(raw, o.align) : raw;
    group.push(b);
    if (order) maps.push(order.mapOf(b));
    rows += b.length + b.quarantined.length;
    if (group.length === SEGMENT_BATCHES) yield flush();
  }
  if (group.length > 0) yield flush();
}

/**
 * Runs `start` for each item with at most `window` in flight and hands results to `consume` in
 * item order, so the outcome is the same however the work was spread.
 */
export async function runOrdered<I, R>(
  items: AsyncIterable<I>, window: number, start: (item: I, slot: number) => Promise<R>, consume: (result: R, item: I, slot: number) => Promise<void> | void,
): Promise<void> {
  const inflight: { item: I; slot: number; p: Promise<R> }[] = [];
  let slot = 0;
  const drainOne = async (): Promise<void> => {
    const x = inflight.shift() as { item: I; slot: number; p: Promise<R> };
    await consume(await x.p, x.item, x.slot);
  };
  try {
    for await (const item of items) {
      const p = start(item, slot);
      // Failures surface when consumed in order; until then they must not count as unhandled.
      p.catch(() => undefined);
      inflight.push({ item, slot, p });
      slot++;
      while (inflight.length >= window) await drainOne();
    }
    while (inflight.length > 0) await drainOne();
  } finally {
    inflight.length = 0;
  }
}

/**
 * The workers' samples, each cut to the rows the merged sample of size k keeps: the workers first
 * send (priority, row) keys, so only k rows in all are copied to this thread.
 */
export async function workerSamples(ex: SegmentExecutor, which: 'profile' | 'after', k: number): Promise<RowSample[]> {
  const keys: Float64Array[] = [];
  for (let lane = 0; lane < ex.lanes; lane++) keys.push(await ex.run(lane, { kind: 'sampleKeys', which }) as Float64Array);
  const all: [number, number][] = [];
  for (const ks of keys) for (let i = 0; i < ks.length; i += 2) all.push([ks[i] as number, ks[i + 1] as number]);
  let upTo: [number, number] | null = null;
  if (all.length > k && k > 0) {
    all.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    upTo = all[k - 1] as [number, number];
  }
  const out: RowSample[] = [];
  for (let lane = 0; lane < ex.lanes; lane++) out.push(await ex.run(lane, { kind: 'sample', which, upTo }) as RowSample);
  return out;
}
