/**
 * Pass 2: every row through the plan, duplicates removed, cleaned rows written in input order.
 * Workers clean segments (phase A: values, provenance, quarantine, exact keys); this thread decides
 * duplicates in input order (runDedupe.ts); workers then profile and encode the surviving rows
 * (phase B), appended here in segment order, so the output bytes do not depend on the worker count.
 * Phase B waits for the end of phase A when near duplicates (or spilled exact keys) decide later.
 */
import type { DedupeDecision, Operation, Plan } from '../../../shared/plan.js';
import type { DatasetProfile } from '../../../shared/profile.js';
import { EngineError, throwIfAborted } from '../errors.js';
import { CrossRun, type CrossRunSummary } from '../dedupe/crossRun.js';
import type { DecisionOutcome } from '../dedupe/decisions.js';
import type { SignatureIndex } from '../dedupe/ports.js';
import { isNearFinder, type SeenBefore } from '../dedupe/resolve.js';
import type { DedupeField, DuplicateAssignment, DuplicateFinder } from '../dedupe/types.js';
import { isEncodingSink, type EncodingSink } from '../io/encoded.js';
import { batchSizeOf } from '../io/readOptions.js';
import type { Sink, Source } from '../io/types.js';
import { Profiler } from '../profile/profiler.js';
import { DEFAULT_SAMPLE_SIZE } from '../profile/sample.js';
import { type OpCounts, ProvenanceBuffer } from '../provenance/recorder.js';
import type { Cell } from '../table.js';
import { mergeDrops } from './assignments.js';
import { ExactDedupe, F64Vec } from './exactDedupe.js';
import { checkWorkers } from './pass1.js';
import { PhaseProgress, type ProgressListener } from './progress.js';
import { RunDedupe } from './runDedupe.js';
import { createExecutor, scoringPool, type SegmentExecutor } from './workers/pool.js';
import type { CleanAResult, CleanBResult, SegmentInput, WorkerContext } from './workers/protocol.js';
import { csvInputOf, runOrdered, segmentsOf, workerSamples, type Segment } from './workers/segments.js';

/** Moved to the dedupe module, which now resolves every row's fate; re-exported for existing callers. */
export { mergeAssignments } from '../dedupe/resolve.js';

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
  /** Review decisions to replay (mode near). */
  decisions?: readonly DedupeDecision[];
  /** Rows handed to the near finder even when they are exact copies, so decisions and explain can name them. */
  pinRows?: ReadonlySet<number>;
  /** Screening against earlier runs of a dataset, and recording this run's output rows (clean --against / --dataset). */
  crossRun?: { index: SignatureIndex; runId: string; against: string | null; record: string | null } | null;
  /** Worker threads; 1 cleans on the calling thread. Output bytes are the same for any count. @default the cores available */
  workers?: number;
  /** Memory budget in MB; exact-duplicate keys take at most a quarter of it and spill to disk beyond. @default 1024 */
  memoryMB?: number;
  /** Rows in the input (pass 1 counted them): sizes the exact-key table and decides whether it spills. */
  rowsHint?: number;
  /** Every row of every duplicate cluster is streamed here (row, cluster, kept, similarity) as it is decided. */
  duplicates?: Sink | null;
}

export interface Pass2Result {
  rowsIn: number;
  rowsOut: number;
  duplicates: number;
  quarantined: number;
  opCounts: { op: Operation; counts: OpCounts }[];
  quarantineReasons: Record<string, number>;
  /**
   * Every row in a duplicate cluster, sorted by row, when near duplicates, review decisions or
   * earlier runs were involved (review and explain need them); otherwise streamed to `duplicates` only.
   */
  assignments: DuplicateAssignment[];
  clusters: number;
  after: DatasetProfile;
  provenanceRecords: number;
  ms: { clean: number; dedupe: number; write: number };
  /** The near finder after finish(), for review and explanations; null when not used. */
  finder: DuplicateFinder | null;
  decisions: DecisionOutcome[];
  /** Rows removed as seen in earlier runs. */
  seen: Map<number, SeenBefore>;
  crossRun: CrossRunSummary | null;
  /** Whether exact keys went to disk for want of memory. */
  spilled: boolean;
  /** Worker threads used (1: inline). */
  workers: number;
}

export const QUARANTINE_COLUMNS = ['row', 'line', 'reason', 'raw'];
export const DEFAULT_MEMORY_MB = 1024;
const MIB = 1024 * 1024;

/** Operations whose result for a row depends on earlier rows; segments of such plans must run in order on one thread. */
export function orderDependent(plan: Plan): boolean {
  return plan.operations.some((o) => o.enabled !== false && o.op === 'core/rule' && o.params.rule.kind === 'unique');
}

function segmentInput(seg: Segment): SegmentInput {
  return { index: seg.index, bytes: seg.bytes, batches: seg.batches };
}

function addCounts(into: OpCounts[], from: OpCounts[]): void {
  from.forEach((c, i) => {
    const t = into[i] as OpCounts;
    t.changed += c.changed;
    t.flagged += c.flagged;
    t.quarantined += c.quarantined;
  });
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
  const out: Sink | EncodingSink = o.out;
  const outEncoding = isEncodingSink(out) ? out : null;
  const provSink = o.provenance;
  if (provSink && !isEncodingSink(provSink)) throw new EngineError('INTERNAL', 'the provenance sink cannot take rows encoded by workers');
  if (!isEncodingSink(o.quarantine)) throw new EngineError('INTERNAL', 'the quarantine sink cannot take rows encoded by workers');
  const quarantine = o.quarantine;

  // Fields in key order, so the finder's columns line up with keyCols.
  const keyFields = keyNames.map((n) => o.fields.find((f) => f.name === n)).filter((f): f is DedupeField => f !== undefined);
  const finder = mode === 'near' && o.createNearFinder ? o.createNearFinder(keyFields) : null;
  const nearFinder = isNearFinder(finder) ? finder : null;
  const pinned: ReadonlySet<number> = finder && o.pinRows ? o.pinRows : new Set();
  const cross = o.crossRun ? new CrossRun({ ...o.crossRun, against: mode === 'off' ? null : o.crossRun.against, fields: keyFields, near: nearFinder !== null }) : null;
  const decisions = o.decisions ?? [];
  // Review, earlier runs and near clusters resolve in memory (the finder holds every row anyway),
  // so their exact keys stay in memory too; plain exact dedupe keeps to the budget and spills.
  const inMemory = finder !== null || cross !== null || decisions.length > 0;
  const exact = mode === 'off' ? null : await ExactDedupe.open({
    expectedRows: o.rowsHint ?? 1 << 16,
    budgetBytes: inMemory || o.rowsHint === undefined ? Number.POSITIVE_INFINITY : (memoryMB * MIB) / 4,
    ...(o.tmpDir ? { tmpDir: o.tmpDir } : {}),
  });
  const dd = new RunDedupe({ exact, finder, nearFinder, pinned, cross, decisions });
  const deferred = finder !== null || exact?.spilling === true;
  const ctx: WorkerContext = {
    salt: plan.salt, batchSize, csv: await csvInputOf(o.source, columns), profile: null,
    clean: {
      plan, columns, mode, keyCols, keyValues: dd.needsValues, outKeyValues: cross !== null,
      out: outEncoding?.encoding ?? null, provenance: provSink && isEncodingSink(provSink) ? provSink.encoding : null,
      quarantine: quarantine.encoding, afterSampleSize: DEFAULT_SAMPLE_SIZE,
    },
  };
  const after = new Profiler({ salt: plan.salt });
  const reasons: Record<string, number> = {};
  /** Deferred output: rows phase A already took out (quarantined, exact copies, seen before), ascending. */
  const early = new F64Vec();
  const state = { rowsIn: 0, rowsOut: 0, quarantined: 0, provenanceRecords: 0 };
  const progress = new PhaseProgress('clean', o.totalBytes, o.onProgress);
  const segments = (): AsyncGenerator<Segment> => segmentsOf(o.source, ctx.csv, { batchSize, align: columns, ...(o.signal ? { signal: o.signal } : {}) });
  let ex: SegmentExecutor | null = null;
  try {
    ex = await createExecutor(workers, ctx);
    const run = ex;
    const lanes = run.lanes;
    const writeB = async (b: CleanBResult): Promise<void> => {
      if (b.out && outEncoding) await outEncoding.writeEncoded(b.out);
      else if (b.columns) await out.write(b.columns, b.rowsOut);
      after.merge(b.after);
      state.rowsOut += b.rowsOut;
      if (cross && b.rows && b.keyValues) await cross.record(b.keyValues, Array.from(b.rows), b.rowsOut);
    };

    // Phase A in input order; phase B follows each segment at once unless decisions come later.
    let writer: Promise<void> = Promise.resolve();
    const writes: Promise<void>[] = [];
    await runOrdered<Segment, CleanAResult>(segments(), 2 * lanes, (seg, slot) => {
      throwIfAborted(o.signal);
      return run.run(slot % lanes, { kind: 'cleanA', seg: segmentInput(seg), hold: !deferred }) as Promise<CleanAResult>;
    }, async (a, seg, slot) => {
      throwIfAborted(o.signal);
      state.rowsIn += a.rowsIn;
      state.quarantined += a.quarantined;
      addCounts(counts, a.counts);
      for (const [k, n] of a.reasons) reasons[k] = (reasons[k] ?? 0) + n;
      if (a.quarantineRows) await quarantine.writeEncoded(a.quarantineRows);
      state.provenanceRecords += a.provenanceRecords;
      if (a.provenance && provSink && isEncodingSink(provSink)) await provSink.writeEncoded(a.provenance);
      const drop = new F64Vec();
      for (const b of a.batches) await dd.batch(b, drop);
      if (exact?.spilling) await exact.drain();
      const dropped = drop.view().slice().sort();
      if (deferred) {
        for (const r of dropped) early.push(r);
      } else {
        const p = run.run(slot % lanes, { kind: 'cleanB', index: seg.index, seg: null, drop: dropped }) as Promise<CleanBResult>;
        p.catch(() => undefined);
        writer = writer.then(async () => writeB(await p));
        writer.catch(() => undefined);
        writes.push(writer);
        // Encoded output waiting for the disk stays within a few segments.
        while (writes.length > 2 * lanes) await writes.shift();
      }
      progress.tick(state.rowsIn, seg.bytesDone);
    });
    await writer;
    const cleanMs = progress.end();

    const t0 = performance.now();
    if (exact?.spilling) await exact.resolve(o.signal);
    const resolution = await dd.resolve(o.signal, scoringPool(run));
    const dedupeMs = performance.now() - t0;

    let writeMs = 0;
    if (deferred) {
      const wp = new PhaseProgress('write', 0, o.onProgress);
      const drops = mergeDrops(early.view(), resolution.removed, exact?.spilling === true ? exact.members() : null);
      const withDrops = (async function* () {
        for await (const seg of segments()) yield { seg, drop: await drops.until(seg.firstRow + seg.rows) };
      })();
      await runOrdered(withDrops, 2 * lanes, ({ seg, drop }, slot) => {
        throwIfAborted(o.signal);
        return run.run(slot % lanes, { kind: 'cleanB', index: seg.index, seg: segmentInput(seg), drop }) as Promise<CleanBResult>;
      }, async (b) => {
        throwIfAborted(o.signal);
        await writeB(b);
        wp.tick(state.rowsOut);
      });
      writeMs = wp.end();
    }
    if (after.rows > 0) for (const s of await workerSamples(run, 'after', DEFAULT_SAMPLE_SIZE)) after.mergeSample(s, columns);

    // Clusters in row order: provenance for removed rows and the optional duplicates list, streamed.
    const prov = new ProvenanceBuffer(provSink);
    const operation = mode === 'near' ? 'dedupe/near' : 'dedupe/exact';
    let clusters = 0;
    let duplicates = 0;
    const dup = o.duplicates ?? null;
    const dupCols: Cell[][] = [[], [], [], []];
    const flushDup = async (): Promise<void> => {
      const n = dupCols[0]!.length;
      if (dup && n > 0) await dup.write(dupCols.map((c) => c.splice(0)), n);
    };
    for await (const a of resolution.assignments) {
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
      }
    }
    await flushDup();
    const dataset = o.crossRun?.against ?? '';
    for (const [row, s] of resolution.seen) {
      prov.push(row, null, null, null, 'dedupe/against', 'dedupe', s.similarity, 'duplicate', s.ref.row, `seen before: dataset ${dataset}, run ${s.ref.runId}, row ${s.ref.row}${s.exact ? ' (same key)' : ''}`);
      await prov.maybeFlush();
    }
    await prov.flush();
    state.provenanceRecords += prov.total;
    duplicates += resolution.seen.size;
    return {
      rowsIn: state.rowsIn, rowsOut: state.rowsOut, duplicates, quarantined: state.quarantined,
      opCounts: ops.map((op, i) => ({ op, counts: counts[i] as OpCounts })),
      quarantineReasons: reasons,
      assignments: resolution.list, clusters,
      after: after.finish({ path: '', format: '', sha256: '', bytes: 0 }, 0),
      provenanceRecords: state.provenanceRecords,
      ms: { clean: cleanMs, dedupe: dedupeMs, write: writeMs },
      finder, decisions: resolution.outcomes, seen: resolution.seen, crossRun: cross ? cross.summary(resolution.seen.values()) : null,
      spilled: exact?.spilling === true,
      workers: lanes,
    };
  } finally {
    await ex?.close();
    await exact?.dispose();
  }
}
