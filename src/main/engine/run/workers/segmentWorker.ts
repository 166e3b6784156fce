/**
 * The per-segment work of both passes, runnable in a worker thread or inline: parse a byte range,
 * profile it, apply the plan (phase A: provenance, quarantine, exact keys), then, once the main
 * thread has decided which rows survive, profile and encode the output (phase B).
 */
import { closeSync, openSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { EngineError } from '../../errors.js';
import { rowKeyHash } from '../../dedupe/exact.js';
import { PairComparer, PairScorer } from '../../dedupe/scoring.js';
import { seedFromSalt } from '../../hash.js';
import { CsvBatcher } from '../../io/csv.js';
import { CsvScanner } from '../../io/csvScanner.js';
import { decodeWindows1252 } from '../../io/encoding.js';
import { encodeRows, type EncodedRows, type RowEncoding } from '../../io/encoded.js';
import { prepareOperation } from '../../ops/registry.js';
import type { OpRecorder, PreparedOp } from '../../ops/types.js';
import { Profiler } from '../../profile/profiler.js';
import { RowSample } from '../../profile/sample.js';
import {
  BatchRecorder, PROVENANCE_COLUMNS, ProvenanceBuffer, ProvenanceSpill, type OpCounts, type ProvenanceTarget,
} from '../../provenance/recorder.js';
import type { Cell, RowBatch } from '../../table.js';
import type { Sink } from '../../io/types.js';
import type { BatchA, CleanAResult, CleanBResult, SegmentProfile, SegmentInput, Task, TaskResult, WorkerContext } from './protocol.js';
import { readSegment } from './split.js';

/** Bytes of a segment decoded at a time (see parseBatches). */
const DECODE_BYTES = 32 * 1024;

/** Records nothing: phase B recomputes values only; what changed was recorded in phase A. */
const NO_RECORD: OpRecorder = { cell() {}, flag() {}, quarantine() {} };

function reasonKey(reason: string): string {
  const i = reason.indexOf(':');
  return i > 0 && i < 60 ? reason.slice(0, i) : reason.slice(0, 60);
}

/** A Sink that encodes what it is given and keeps the bytes for the main thread to append. */
class CollectingSink implements Sink {
  chunks: EncodedRows[] = [];
  constructor(private readonly enc: RowEncoding) {}
  async write(columns: Cell[][], length: number): Promise<void> {
    if (length > 0) this.chunks.push(encodeRows(this.enc, columns, length));
  }
  async commit(): Promise<void> {}
  async abort(): Promise<void> {}
  /** Everything written since the last take, as one chunk. */
  take(): EncodedRows | null {
    const c = this.chunks;
    this.chunks = [];
    if (c.length <= 1) return c[0] ?? null;
    const bytes = new Uint8Array(c.reduce((n, e) => n + e.bytes.byteLength, 0));
    let at = 0;
    for (const e of c) {
      bytes.set(e.bytes, at);
      at += e.bytes.byteLength;
    }
    const first = c[0] as EncodedRows;
    const types = first.types;
    if (types) for (const e of c.slice(1)) e.types?.forEach((t, i) => types[i]?.merge(t));
    return { bytes, rows: c.reduce((n, e) => n + e.rows, 0), longest: Math.max(...c.map((e) => e.longest)), types };
  }
}

/** Provenance of one segment: spill lines for the Parquet sink, any other encoding via columns, or only a count. */
interface SegmentProvenance extends ProvenanceTarget {
  total: number;
  take(): EncodedRows | null | Promise<EncodedRows | null>;
}

function provenanceTarget(enc: RowEncoding | null): SegmentProvenance {
  if (enc === null) {
    return { total: 0, push() { this.total++; }, take: () => null };
  }
  if (enc.kind === 'parquet-spill' && enc.width === PROVENANCE_COLUMNS.length) return new ProvenanceSpill();
  const sink = new CollectingSink(enc);
  const buf = new ProvenanceBuffer(sink);
  return {
    get total() { return buf.total; },
    push: (...args: Parameters<ProvenanceTarget['push']>) => buf.push(...args),
    async take() {
      await buf.flush();
      return sink.take();
    },
  };
}

interface PreparedEntry { prepared: PreparedOp; col: number; column: string; op: string; id: string }

export class SegmentWorker {
  private ctx: WorkerContext | null = null;
  private fd: number | null = null;
  private readonly readBuf = { buf: Buffer.alloc(0) };
  private profileSample: RowSample | null = null;
  private afterSample: RowSample | null = null;
  private ops: PreparedEntry[] = [];
  private readonly held = new Map<number, RowBatch[]>();
  private seed = 0;
  /** Near-duplicate pair comparison state between scoreStart and scoreEnd (its level memos persist across tasks). */
  private pairs: PairComparer | null = null;

  async handle(task: Task): Promise<TaskResult> {
    switch (task.kind) {
      case 'init':
        this.init(task.ctx);
        return null;
      case 'profile':
        return this.profile(task.seg);
      case 'sampleKeys':
        return this.takeSample(task.which).keys();
      case 'sample': {
        const s = this.takeSample(task.which);
        if (task.upTo) s.keepUpTo(task.upTo[0], task.upTo[1]);
        return s;
      }
      case 'cleanA':
        return this.cleanA(task.seg, task.hold);
      case 'cleanB':
        return this.cleanB(task.index, task.seg, task.drop);
      case 'scoreStart':
        this.pairs = PairComparer.fromJob(task.job);
        return null;
      case 'levels': {
        const pairs = this.comparer();
        const out = new Uint8Array(task.keys.length * pairs.k);
        pairs.levels(task.keys, 0, task.keys.length, out);
        return out;
      }
      case 'score': {
        const out = new Float64Array(task.keys.length);
        new PairScorer(this.comparer(), task.model).score(task.keys, 0, task.keys.length, out);
        return out;
      }
      case 'scoreEnd':
        this.pairs = null;
        return null;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.held.clear();
  }

  private comparer(): PairComparer {
    if (!this.pairs) throw new EngineError('INTERNAL', 'pair comparison task before scoreStart');
    return this.pairs;
  }

  private context(): WorkerContext {
    if (!this.ctx) throw new EngineError('INTERNAL', 'segment worker used before init');
    return this.ctx;
  }

  private init(ctx: WorkerContext): void {
    this.close();
    this.ctx = ctx;
    this.seed = seedFromSalt(ctx.clean?.plan.salt ?? ctx.salt);
    this.profileSample = ctx.profile ? new RowSample(ctx.profile.sampleSize, ctx.salt) : null;
    this.afterSample = ctx.clean ? new RowSample(ctx.clean.afterSampleSize, ctx.clean.plan.salt) : null;
    const cols = ctx.clean ? new Map(ctx.clean.columns.map((c, i) => [c, i])) : new Map<string, number>();
    this.ops = (ctx.clean?.plan.operations ?? []).filter((o) => o.enabled !== false).map((o) => ({
      prepared: prepareOperation(o, { salt: ctx.clean?.plan.salt ?? ctx.salt }), col: cols.get(o.column) as number, column: o.column, op: o.op, id: o.id,
    }));
  }

  /** The segment's rows as the reader would batch them. */
  private batchesOf(seg: SegmentInput): RowBatch[] {
    return seg.batches ?? [...this.parseBatches(seg, false)];
  }

  /**
   * The segment's batches parsed one at a time, so a caller that is done with a batch before asking
   * for the next lets its cells die young instead of holding the whole segment (less GC work).
   */
  private *batchIter(seg: SegmentInput): Generator<RowBatch> {
    if (seg.batches) yield* seg.batches;
    else yield* this.parseBatches(seg, true);
  }

  /**
   * `pieces`: decode in small pieces. A string that small is allocated in the young generation,
   * while one string of the whole segment goes to large-object space and decodes several times
   * slower. But cells are slices of those strings, and when the whole segment's cells are kept
   * (pass 2 holds them for phase B) the pieces, promoted one by one, end up taking more memory
   * than the one string, so only the streaming pass 1 uses them.
   */
  private *parseBatches(seg: SegmentInput, pieces: boolean): Generator<RowBatch> {
    const csv = this.context().csv;
    const range = seg.bytes;
    if (!csv || !range) throw new EngineError('INTERNAL', `segment ${seg.index} has neither bytes nor batches`);
    this.fd ??= openSync(csv.path, 'r');
    const bytes = readSegment(this.fd, range, this.readBuf);
    const scanner = new CsvScanner(csv.dialect, csv.path, range.firstLine);
    const batcher = new CsvBatcher(scanner, csv.names, false, this.context().batchSize, range.firstRow);
    const cp1252 = csv.encoding === 'windows-1252';
    const step = pieces ? DECODE_BYTES : bytes.length;
    for (let at = 0; at < bytes.length;) {
      let end = Math.min(bytes.length, at + step);
      // Never split a UTF-8 sequence (continuation bytes are 10xxxxxx; a sequence has at most 3).
      if (!cp1252) for (let k = 0; k < 3 && end < bytes.length && end > at + 1 && ((bytes[end] as number) & 0xc0) === 0x80; k++) end--;
      const piece = bytes.subarray(at, end);
      scanner.push(cp1252 ? decodeWindows1252(piece) : isAscii(piece) ? piece.toString('latin1') : piece.toString('utf8'));
      at = end;
      for (let b = batcher.fill(); b !== null; b = batcher.fill()) yield b;
    }
    scanner.end();
    for (let b = batcher.fill(); b !== null; b = batcher.fill()) yield b;
    const last = batcher.rest();
    if (last !== null) yield last;
  }

  private profile(seg: SegmentInput): SegmentProfile {
    const ctx = this.context();
    const p = new Profiler({ salt: ctx.salt, sampleSize: 0 });
    const sample = this.profileSample as RowSample;
    let rows = 0;
    let quarantined = 0;
    let i = 0;
    for (const b of this.batchIter(seg)) {
      p.addBatch(b);
      const map = seg.columnMaps?.[i++] ?? b.names.map((_, c) => c);
      sample.addBatch(b, map, Math.max(0, ...map) + 1);
      rows += b.length + b.quarantined.length;
      quarantined += b.quarantined.length;
    }
    p.trim();
    return { index: seg.index, profiler: p, rows, quarantined, names: p.columnNames };
  }

  private takeSample(which: 'profile' | 'after'): RowSample {
    const s = which === 'profile' ? this.profileSample : this.afterSample;
    if (!s) throw new EngineError('INTERNAL', `no ${which} sample in this worker`);
    return s;
  }

  private async cleanA(seg: SegmentInput, hold: boolean): Promise<CleanAResult> {
    const ctx = this.context();
    const c = ctx.clean;
    if (!c) throw new EngineError('INTERNAL', 'clean task before a clean context');
    const prov = provenanceTarget(c.provenance);
    const rec = new BatchRecorder(prov);
    const counts: OpCounts[] = this.ops.map(() => ({ changed: 0, flagged: 0, quarantined: 0 }));
    const qCols: Cell[][] = [[], [], [], []];
    const reasons = new Map<string, number>();
    const width = c.columns.length;
    let rowsIn = 0;
    let quarantined = 0;
    const addQuarantine = (row: number, line: number, reason: string, raw: string): void => {
      qCols[0]!.push(row); qCols[1]!.push(line); qCols[2]!.push(reason); qCols[3]!.push(raw);
      quarantined++;
      const k = reasonKey(reason);
      reasons.set(k, (reasons.get(k) ?? 0) + 1);
      prov.push(row, null, null, null, 'quarantine', 'quarantine', 1, 'quarantine', null, reason);
    };
    const batches = this.batchesOf(seg);
    const out: BatchA[] = [];
    for (const batch of batches) {
      rowsIn += batch.length + batch.quarantined.length;
      for (const q of batch.quarantined) addQuarantine(q.row, q.line, q.reason, q.raw);
      const n = batch.length;
      const originals = batch.columns.map((col) => col.slice(0, n));
      rec.rows = batch.rows;
      rec.quarantine_ = new Map();
      this.ops.forEach((p, i) => {
        rec.column = p.column;
        rec.opName = p.op;
        rec.opId = p.id;
        rec.counts = counts[i] as OpCounts;
        p.prepared.apply(batch.columns[p.col] as Cell[], n, rec);
      });
      const opQuarantined = new Uint8Array(n);
      for (const [r, reason] of [...rec.quarantine_].sort((a, b) => a[0] - b[0])) {
        opQuarantined[r] = 1;
        const rawRow: Record<string, Cell> = {};
        for (let k = 0; k < width; k++) rawRow[c.columns[k] as string] = originals[k]![r] ?? null;
        addQuarantine(batch.rows[r] as number, batch.lines[r] ?? 0, reason, JSON.stringify(rawRow));
      }
      out.push({
        rows: Float64Array.from(batch.rows.slice(0, n)),
        opQuarantined,
        keys: c.mode === 'off' ? null : this.keys(batch, opQuarantined, c.keyCols),
        values: c.keyValues ? c.keyCols.map((k) => (batch.columns[k] as Cell[]).slice(0, n)) : null,
      });
    }
    if (hold) this.held.set(seg.index, batches);
    const qSink = new CollectingSink(c.quarantine);
    await qSink.write(qCols, quarantined);
    return {
      index: seg.index, batches: out, rowsIn, quarantined, counts, reasons: [...reasons],
      quarantineRows: qSink.take(), provenance: await prov.take(), provenanceRecords: prov.total,
    };
  }

  private keys(batch: RowBatch, skip: Uint8Array, keyCols: number[]): Uint32Array {
    const n = batch.length;
    const keys = new Uint32Array(2 * n);
    for (let r = 0; r < n; r++) if (skip[r] !== 1) rowKeyHash(batch.columns, keyCols, r, this.seed, keys, 2 * r);
    return keys;
  }

  /** Re-applies the plan's value changes (phase B of inputs that were not held). */
  private recompute(seg: SegmentInput): RowBatch[] {
    const batches = this.batchesOf(seg);
    for (const b of batches) for (const p of this.ops) p.prepared.apply(b.columns[p.col] as Cell[], b.length, NO_RECORD);
    return batches;
  }

  private cleanB(index: number, seg: SegmentInput | null, drop: Float64Array): CleanBResult {
    const ctx = this.context();
    const c = ctx.clean;
    if (!c) throw new EngineError('INTERNAL', 'clean task before a clean context');
    const batches = seg ? this.recompute(seg) : this.held.get(index);
    if (!batches) throw new EngineError('INTERNAL', `segment ${index} is not held by this worker`);
    this.held.delete(index);
    const width = c.columns.length;
    const rows: number[] = [];
    const keep: Uint8Array[] = [];
    let d = 0;
    for (const b of batches) {
      // Rows ascend through the segment and so does `drop`: one merge walk marks what stays.
      const k = new Uint8Array(b.length);
      for (let r = 0; r < b.length; r++) {
        const row = b.rows[r] as number;
        while (d < drop.length && (drop[d] as number) < row) d++;
        if (d < drop.length && drop[d] === row) continue;
        k[r] = 1;
        rows.push(row);
      }
      keep.push(k);
    }
    // Columns sized once: growing them by push cost more than everything else here.
    const cols: Cell[][] = [];
    for (let col = 0; col < width; col++) {
      const into = new Array<Cell>(rows.length);
      let w = 0;
      batches.forEach((b, i) => {
        const src = b.columns[col] as Cell[];
        const k = keep[i] as Uint8Array;
        for (let r = 0; r < b.length; r++) if (k[r] === 1) into[w++] = src[r] ?? null;
      });
      cols.push(into);
    }
    const after = new Profiler({ salt: c.plan.salt, sampleSize: 0 });
    const batch: RowBatch = { names: c.columns, columns: cols, length: rows.length, rows, lines: rows, quarantined: [] };
    after.addBatch(batch);
    (this.afterSample as RowSample).addBatch(batch, c.columns.map((_, i) => i), width);
    after.trim();
    return {
      index, out: c.out ? encodeRows(c.out, cols, rows.length) : null, columns: c.out ? null : cols, rowsOut: rows.length, after,
      rows: c.outKeyValues ? Float64Array.from(rows) : null, keyValues: c.outKeyValues ? c.keyCols.map((k) => cols[k] as Cell[]) : null,
    };
  }
}
