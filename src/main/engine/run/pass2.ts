/**
 * Pass 2: every row through the plan, duplicates removed, cleaned rows written in input order.
 * Workers clean segments (phase A: values, provenance, quarantine, exact keys); this thread decides
 * exact duplicates in input order; workers then profile and encode the surviving rows (phase B),
 * which are appended here in segment order, so the output bytes do not depend on the worker count.
 * Phase B waits for the end of phase A when near duplicates (or spilled exact keys) decide later.
 */
import type { Operation, Plan } from '../../../shared/plan.js';
import type { DatasetProfile } from '../../../shared/profile.js';
import { EngineError, throwIfAborted } from '../errors.js';
import type { DedupeField, DuplicateAssignment, DuplicateFinder } from '../dedupe/types.js';
import { isEncodingSink, type EncodingSink } from '../io/encoded.js';
import { batchSizeOf } from '../io/readOptions.js';
import type { Sink, Source } from '../io/types.js';
import { Profiler } from '../profile/profiler.js';
import { DEFAULT_SAMPLE_SIZE, type RowSample } from '../profile/sample.js';
import { type OpCounts, ProvenanceBuffer } from '../provenance/recorder.js';
import type { Cell } from '../table.js';
import { assignmentsInOrder, RemovedRows } from './assignments.js';
import { ExactDedupe, F64Vec } from './exactDedupe.js';
import { checkWorkers } from './pass1.js';
import { PhaseProgress, type ProgressListener } from './progress.js';
import { createExecutor, type SegmentExecutor } from './workers/pool.js';
import type { CleanAResult, CleanBResult, SegmentInput, WorkerContext } from './workers/protocol.js';
import { csvInputOf, runOrdered, segmentsOf, type Segment } from './workers/segments.js';

export { mergeAssignments } from './assignments.js';

export interface Pass2Options {
  source: Source;
  columns: string[];
  plan: Plan;
  /** Field types from the profile, for near-duplicate comparators. */
  fields: DedupeField[];
  out: Sink;
  provenance: Sink | null;
  quarantine: Sink;
  /** Builds the near-duplicate finder when plan.dedupe.mode is 'near'. */
  createNearFinder?: (fields: DedupeField[]) => DuplicateFinder;
  totalBytes: number;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  tmpDir?: string;
  /** Worker threads; 1 cleans on the calling thread. Output bytes are the same for any count. @default the cores available */
  workers?: number;
  /** Memory budget in MB; exact-duplicate keys take at most a quarter of it and spill to disk beyond. @default 1024 */
  memoryMB?: number;
  /** Rows in the input (pass 1 counted them): sizes the exact-key table and decides whether it spills. */
  rowsHint?: number;
  /** When given, every row of every duplicate cluster is streamed here (row, cluster, kept, similarity) instead of returned. */
  duplicates?: Sink | null;
}

export interface Pass2Result {
  rowsIn: number;
  rowsOut: number;
  duplicates: number;
  quarantined: number;
  opCounts: { op: Operation; counts: OpCounts }[];
  quarantineReasons: Record<string, number>;
  /** Every row in a duplicate cluster, sorted by row; empty when they were streamed to `duplicates`. */
  assignments: DuplicateAssignment[];
  clusters: number;
  after: DatasetProfile;
  provenanceRecords: number;
  ms: { clean: number; dedupe: number; write: number };
  /** Whether exact keys went to disk for want of memory. */
  spilled: boolean;
  workers: number;
}

export const QUARANTINE_COLUMNS = ['row', 'line', 'reason', 'raw'];
export const DEFAULT_MEMORY_MB = 1024;

/** Operations whose result for a row depends on earlier rows; segments of such plans must run in order on one thread. */
export function orderDependent(plan: Plan): boolean {
  return plan.operations.some((o) => o.enabled !== false && o.op === 'core/rule' && o.params.rule.kind === 'unique');
}

function encodingSink(s: Sink, what: string): EncodingSink {
  if (!isEncodingSink(s)) throw new EngineError('INTERNAL', `the ${what} sink cannot take rows encoded by workers`);
  return s;
}

function segmentInput(seg: Segment): SegmentInput {
  return { index: seg.index, bytes: seg.bytes, batches: seg.batches };
}

export async function runPass2(o: Pass2Options): Promise<Pass2Result> {
  const { plan, columns } = o;
  const colIndex = new Map(columns.map((c, i) => [c, i]));
  const ops = plan.operations.filter((op) => op.enabled !== false);
  const counts: OpCounts[] = ops.map(() => ({ changed: 0, flagged: 0, quarantined: 0 }));
  const mode = plan.dedupe.mode;
  const keyNames = plan.dedupe.columns.length > 0 ? plan.dedupe.columns : columns;
  const keyCols = keyNames.map((n) => colIndex.get(n) as number);
  const batchSize = batchSizeOf(o.batchSize === undefined ? {} : { batchSize: o.batchSize });
  const memoryMB = o.memoryMB ?? DEFAULT_MEMORY_MB;
  if (!(memoryMB > 0)) throw new EngineError('INVALID_ARGUMENT', `memory budget must be a positive number of MB, got ${memoryMB}`);
  const workers = orderDependent(plan) ? 1 : checkWorkers(o.workers);
  const out = encodingSink(o.out, 'output');
  const provSink = o.provenance ? encodingSink(o.provenance, 'provenance') : null;
  const quarantine = encodingSink(o.quarantine, 'quarantine');
  const csv = await csvInputOf(o.source, columns);
  const ctx: WorkerContext = {
    salt: plan.salt, batchSize, csv, profile: null,
    clean: { plan, columns, mode, keyCols, out: out.encoding, provenance: provSink?.encoding ?? null, quarantine: quarantine.encoding, afterSampleSize: DEFAULT_SAMPLE_SIZE },
  };
  const finder = mode === 'near' && o.createNearFinder ? o.createNearFinder(o.fields.filter((f) => keyNames.includes(f.name))) : null;
  // Near-duplicate decisions need exact ones in input order, and the finder holds every row anyway.
  const exact = mode === 'off' ? null : await ExactDedupe.open({
    expectedRows: o.rowsHint ?? 1 << 16,
    budgetBytes: finder || o.rowsHint === undefined ? Number.POSITIVE_INFINITY : (memoryMB * 1024 * 1024) / 4,
    ...(o.tmpDir ? { tmpDir: o.tmpDir } : {}),
  });
  const deferred = finder !== null || exact?.spilling === true;
  const after = new Profiler({ salt: plan.salt });
  const reasons: Record<string, number> = {};
  const opQuarantined = new F64Vec();
  const state = { rowsIn: 0, rowsOut: 0, quarantined: 0, provenanceRecords: 0 };
  const progress = new PhaseProgress('clean', o.totalBytes, o.onProgress);
  let ex: SegmentExecutor | null = null;
  try {
    ex = await createExecutor(workers, ctx);
    const lanes = ex.lanes;
    const writeB = async (b: CleanBResult): Promise<void> => {
      await out.writeEncoded(b.out);
      after.merge(b.after);
      state.rowsOut += b.rowsOut;
    };
    let writer: Promise<void> = Promise.resolve();
    const writes: Promise<void>[] = [];
    const segs = segmentsOf(o.source, csv, { batchSize, align: columns, ...(o.signal ? { signal: o.signal } : {}) });
    const ex1 = ex;
    await runOrdered<Segment, CleanAResult>(segs, 2 * lanes, (seg, slot) => {
      throwIfAborted(o.signal);
      return ex1.run(slot % lanes, { kind: 'cleanA', seg: segmentInput(seg), hold: !deferred }) as Promise<CleanAResult>;
    }, async (a, seg, slot) => {
      throwIfAborted(o.signal);
      state.rowsIn += a.rowsIn;
      state.quarantined += a.quarantined;
      a.counts.forEach((c, i) => {
        const t = counts[i] as OpCounts;
        t.changed += c.changed;
        t.flagged += c.flagged;
        t.quarantined += c.quarantined;
      });
      for (const [k, n] of a.reasons) reasons[k] = (reasons[k] ?? 0) + n;
      if (a.quarantineRows) await quarantine.writeEncoded(a.quarantineRows);
      if (a.provenance) {
        state.provenanceRecords += a.provenance.rows;
        if (provSink) await provSink.writeEncoded(a.provenance);
      }
      const drop = new F64Vec();
      for (const b of a.batches) {
        const n = b.rows.length;
        // Rows the finder sees: not quarantined, not exact copies; `take` indexes the worker's values.
        const take: number[] = [];
        const takeRows: number[] = [];
        let kept = 0;
        for (let r = 0; r < n; r++) {
          const row = b.rows[r] as number;
          if (b.opQuarantined[r] === 1) {
            drop.push(row);
            if (deferred) opQuarantined.push(row);
            continue;
          }
          const at = kept++;
          if (exact && b.keys && exact.offer(b.keys[2 * r] as number, b.keys[2 * r + 1] as number, row) > 0) {
            drop.push(row);
            continue;
          }
          take.push(at);
          takeRows.push(row);
        }
        if (finder && b.values) {
          const vals = take.length === kept ? b.values : b.values.map((col) => take.map((i) => col[i] ?? null));
          finder.add({ columns: vals, length: take.length, rows: takeRows });
        }
      }
      if (exact?.spilling) await exact.drain();
      if (!deferred) {
        const p = ex1.run(slot % lanes, { kind: 'cleanB', index: seg.index, seg: null, drop: drop.view().slice() }) as Promise<CleanBResult>;
        p.catch(() => undefined);
        writer = writer.then(async () => writeB(await p));
        writer.catch(() => undefined);
        writes.push(writer);
        // Bounded: encoded output waiting for the disk is at most a few segments.
        while (writes.length > 2 * lanes) await writes.shift();
      }
      progress.tick(state.rowsIn, seg.bytesDone);
    });
    await writer;
    const cleanMs = progress.end();

    let dedupeMs = 0;
    let nearAssign: DuplicateAssignment[] = [];
    let writeMs = 0;
    if (deferred) {
      const t0 = performance.now();
      if (finder) nearAssign = await finder.finish(o.signal);
      if (exact?.spilling) await exact.resolve(o.signal);
      dedupeMs = performance.now() - t0;
      const wp = new PhaseProgress('write', 0, o.onProgress);
      const removed = new RemovedRows(opQuarantined.view(), exact ? exact.members() : null, nearAssign);
      const again = segmentsOf(o.source, csv, { batchSize, align: columns, ...(o.signal ? { signal: o.signal } : {}) });
      const withDrops = (async function* () {
        for await (const seg of again) yield { seg, drop: await removed.until(seg.firstRow + seg.rows) };
      })();
      await runOrdered(withDrops, 2 * lanes, ({ seg, drop }, slot) => {
        throwIfAborted(o.signal);
        return ex1.run(slot % lanes, { kind: 'cleanB', index: seg.index, seg: segmentInput(seg), drop }) as Promise<CleanBResult>;
      }, async (b) => {
        throwIfAborted(o.signal);
        await writeB(b);
        wp.tick(state.rowsOut);
      });
      writeMs = wp.end();
    }
    for (let lane = 0; lane < lanes && after.rows > 0; lane++) {
      after.mergeSample(await ex1.run(lane, { kind: 'sample', which: 'after' }) as RowSample, columns);
    }

    // Duplicate clusters in row order: provenance for removed rows, the optional duplicates list.
    const prov = new ProvenanceBuffer(provSink);
    const operation = mode === 'near' ? 'dedupe/near' : 'dedupe/exact';
    const assignments: DuplicateAssignment[] = [];
    let clusters = 0;
    let duplicates = 0;
    const dup = o.duplicates ?? null;
    const dupCols: Cell[][] = [[], [], [], []];
    const flushDup = async (): Promise<void> => {
      if (!dup || dupCols[0]!.length === 0) return;
      const n = dupCols[0]!.length;
      await dup.write(dupCols.map((c) => c.splice(0)), n);
    };
    for await (const a of assignmentsInOrder(exact ? exact.members() : null, nearAssign)) {
      throwIfAborted(o.signal);
      if (a.kept) clusters++;
      else {
        duplicates++;
        prov.push(a.row, null, null, null, operation, 'dedupe', a.similarity, 'duplicate', a.survivor, `duplicate of row ${a.survivor}`);
        await prov.maybeFlush();
      }
      if (dup) {
        dupCols[0]!.push(a.row); dupCols[1]!.push(a.cluster); dupCols[2]!.push(a.kept); dupCols[3]!.push(Math.round(a.similarity * 1e6) / 1e6);
        if (dupCols[0]!.length >= 1 << 16) await flushDup();
      } else {
        assignments.push(a);
      }
    }
    await flushDup();
    await prov.flush();
    state.provenanceRecords += prov.total;
    return {
      rowsIn: state.rowsIn, rowsOut: state.rowsOut, duplicates, quarantined: state.quarantined,
      opCounts: ops.map((op, i) => ({ op, counts: counts[i] as OpCounts })),
      quarantineReasons: reasons,
      assignments, clusters,
      after: after.finish({ path: '', format: '', sha256: '', bytes: 0 }, 0),
      provenanceRecords: state.provenanceRecords,
      ms: { clean: cleanMs, dedupe: dedupeMs, write: writeMs },
      spilled: exact?.spilling === true,
      workers: lanes,
    };
  } finally {
    await ex?.close();
    await exact?.dispose();
  }
}
