/** Pass 2: stream every row through the plan, remove duplicates, and write cleaned rows in order. */
import type { DedupeDecision, Operation, Plan } from '../../../shared/plan.js';
import type { DatasetProfile } from '../../../shared/profile.js';
import { throwIfAborted } from '../errors.js';
import type { DedupeField, DuplicateAssignment, DuplicateFinder } from '../dedupe/types.js';
import { KeyTable, keyHash, rowKeyText } from '../dedupe/exact.js';
import { CrossRun, type CrossRunSummary } from '../dedupe/crossRun.js';
import type { DecisionOutcome } from '../dedupe/decisions.js';
import type { SignatureIndex } from '../dedupe/ports.js';
import { isNearFinder, resolveDuplicates, type SeenBefore } from '../dedupe/resolve.js';
import { seedFromSalt } from '../hash.js';
import type { ReadOptions, Sink, Source } from '../io/types.js';
import { prepareOperation } from '../ops/registry.js';
import type { PreparedOp } from '../ops/types.js';
import { Profiler } from '../profile/profiler.js';
import { BatchRecorder, type OpCounts, ProvenanceBuffer } from '../provenance/recorder.js';
import { alignBatch, type Cell, type RowBatch } from '../table.js';
import { PhaseProgress, type ProgressListener } from './progress.js';
import { RowSpill } from './spill.js';

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
}

export interface Pass2Result {
  rowsIn: number;
  rowsOut: number;
  duplicates: number;
  quarantined: number;
  opCounts: { op: Operation; counts: OpCounts }[];
  quarantineReasons: Record<string, number>;
  /** Every row in a duplicate cluster, sorted by row. */
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
}

interface Prepared { op: Operation; prepared: PreparedOp; col: number; counts: OpCounts }

export const QUARANTINE_COLUMNS = ['row', 'line', 'reason', 'raw'];

function reasonKey(reason: string): string {
  const i = reason.indexOf(':');
  return i > 0 && i < 60 ? reason.slice(0, i) : reason.slice(0, 60);
}

export async function runPass2(o: Pass2Options): Promise<Pass2Result> {
  const { plan, columns } = o;
  const colIndex = new Map(columns.map((c, i) => [c, i]));
  const ops: Prepared[] = plan.operations.filter((op) => op.enabled !== false).map((op) => ({
    op, prepared: prepareOperation(op), col: colIndex.get(op.column)!, counts: { changed: 0, flagged: 0, quarantined: 0 },
  }));
  const prov = new ProvenanceBuffer(o.provenance);
  const rec = new BatchRecorder(prov);
  const mode = plan.dedupe.mode;
  const keyNames = plan.dedupe.columns.length > 0 ? plan.dedupe.columns : columns;
  const keyCols = keyNames.map((n) => colIndex.get(n)!);
  const keys = mode === 'off' ? null : new KeyTable();
  const seed = seedFromSalt(plan.salt);
  const exactSurvivor = new Map<number, number>();
  // Fields in key order, so the finder's columns line up with keyCols.
  const keyFields = keyNames.map((n) => o.fields.find((f) => f.name === n)).filter((f): f is DedupeField => f !== undefined);
  const finder = mode === 'near' && o.createNearFinder ? o.createNearFinder(keyFields) : null;
  const nearFinder = isNearFinder(finder) ? finder : null;
  const pinned: ReadonlySet<number> = finder && o.pinRows ? o.pinRows : new Set();
  const cross = o.crossRun ? new CrossRun({ ...o.crossRun, against: mode === 'off' ? null : o.crossRun.against, fields: keyFields, near: nearFinder !== null }) : null;
  const spill = finder ? new RowSpill(columns.length, o.tmpDir) : null;
  if (spill) await spill.open();
  const after = new Profiler({ salt: plan.salt });
  const qCols: Cell[][] = [[], [], [], []];
  let qN = 0;
  const reasons: Record<string, number> = {};
  let rowsIn = 0;
  let rowsOut = 0;
  let quarantined = 0;
  let bytes = 0;
  const progress = new PhaseProgress('clean', o.totalBytes, o.onProgress);

  const addQuarantine = async (row: number, line: number, reason: string, raw: string): Promise<void> => {
    qCols[0]!.push(row); qCols[1]!.push(line); qCols[2]!.push(reason); qCols[3]!.push(raw);
    qN++;
    quarantined++;
    const k = reasonKey(reason);
    reasons[k] = (reasons[k] ?? 0) + 1;
    prov.push(row, null, null, null, 'quarantine', 'quarantine', 1, 'quarantine', null, reason);
    if (qN >= 8192) await flushQuarantine();
  };
  const flushQuarantine = async (): Promise<void> => {
    if (qN === 0) return;
    const cols = qCols.map((c) => c.splice(0));
    const n = qN;
    qN = 0;
    await o.quarantine.write(cols, n);
  };
  const emit = async (rows: number[], cols: Cell[][], n: number): Promise<void> => {
    await o.out.write(cols, n);
    after.addBatch({ names: columns, columns: cols, length: n, rows, lines: rows, quarantined: [] });
    if (cross) await cross.record(keyCols.map((c) => cols[c]!), rows, n);
    rowsOut += n;
  };

  try {
    const readOpts: ReadOptions = { onBytes: (b) => { bytes = b; } };
    if (o.batchSize !== undefined) readOpts.batchSize = o.batchSize;
    if (o.signal) readOpts.signal = o.signal;
    for await (const raw of o.source.read(readOpts)) {
      throwIfAborted(o.signal);
      const batch: RowBatch = alignBatch(raw, columns);
      rowsIn += batch.length + batch.quarantined.length;
      for (const q of batch.quarantined) await addQuarantine(q.row, q.line, q.reason, q.raw);
      const n = batch.length;
      const originals = batch.columns.map((c) => c.slice(0, n));
      rec.rows = batch.rows;
      rec.quarantine_ = new Map();
      for (const p of ops) {
        rec.column = p.op.column;
        rec.opName = p.op.op;
        rec.opId = p.op.id;
        rec.counts = p.counts;
        p.prepared.apply(batch.columns[p.col]!, n, rec);
      }
      // Rows leave in input order: quarantined by an operation, then exact duplicates.
      let keep: number[] = [];
      for (let r = 0; r < n; r++) {
        const reason = rec.quarantine_.get(r);
        if (reason !== undefined) {
          const rawRow: Record<string, Cell> = {};
          for (let c = 0; c < columns.length; c++) rawRow[columns[c]!] = originals[c]![r] ?? null;
          await addQuarantine(batch.rows[r]!, batch.lines[r] ?? 0, reason, JSON.stringify(rawRow));
          continue;
        }
        if (keys) {
          const [h, l] = keyHash(rowKeyText(batch.columns, keyCols, r), seed);
          const first = keys.getOrInsert(h, l, batch.rows[r]!);
          if (first !== 0) {
            exactSurvivor.set(batch.rows[r]!, first);
            if (!pinned.has(batch.rows[r]!)) continue;
          }
        }
        keep.push(r);
      }
      if (cross) keep = await cross.screen(keyCols.map((c) => batch.columns[c]!), batch.rows, keep, pinned);
      let outCols = batch.columns;
      let outRows = batch.rows;
      if (keep.length !== n) {
        outCols = batch.columns.map((c) => keep.map((r) => c[r] ?? null));
        outRows = keep.map((r) => batch.rows[r]!);
      }
      if (spill && finder) {
        await spill.write(outRows, outCols, keep.length);
        finder.add({ columns: keyCols.map((c) => outCols[c]!), length: keep.length, rows: outRows });
      } else {
        await emit(outRows, outCols, keep.length);
      }
      await prov.maybeFlush();
      progress.tick(rowsIn, bytes);
    }
    const cleanMs = progress.end();

    let dedupeMs = 0;
    const resolve = (near: DuplicateAssignment[]): ReturnType<typeof resolveDuplicates> => resolveDuplicates({
      exact: exactSurvivor, near, finder: nearFinder, pinned, decisions: o.decisions ?? [],
      ...(cross ? { reference: (row: number) => cross.reference(row), seenExact: cross.seenExact } : {}),
    });
    let resolved: ReturnType<typeof resolveDuplicates> | null = null;
    const removed = new Set<number>();
    if (spill && finder) {
      const t0 = performance.now();
      if (cross && nearFinder) cross.addReferences(nearFinder);
      resolved = resolve(await finder.finish(o.signal));
      for (const a of resolved.assignments) if (!a.kept) removed.add(a.row);
      for (const row of resolved.seen.keys()) removed.add(row);
      dedupeMs = performance.now() - t0;
      await spill.finishWriting();
      const wp = new PhaseProgress('write', 0, o.onProgress);
      let done = 0;
      for await (const b of spill.read()) {
        throwIfAborted(o.signal);
        const keepIdx: number[] = [];
        for (let r = 0; r < b.length; r++) if (!removed.has(b.rows[r]!)) keepIdx.push(r);
        const cols = keepIdx.length === b.length ? b.columns : b.columns.map((c) => keepIdx.map((r) => c[r] ?? null));
        const rows = keepIdx.length === b.length ? b.rows : keepIdx.map((r) => b.rows[r]!);
        await emit(rows, cols, keepIdx.length);
        done += b.length;
        wp.tick(done);
      }
      wp.end();
    }
    const { assignments, clusters, seen, outcomes } = resolved ?? resolve([]);
    for (const a of assignments) {
      if (!a.kept) prov.push(a.row, null, null, null, mode === 'near' ? 'dedupe/near' : 'dedupe/exact', 'dedupe', a.similarity, 'duplicate', a.survivor, `duplicate of row ${a.survivor}`);
    }
    const dataset = o.crossRun?.against ?? '';
    for (const [row, s] of seen) {
      prov.push(row, null, null, null, 'dedupe/against', 'dedupe', s.similarity, 'duplicate', s.ref.row, `seen before: dataset ${dataset}, run ${s.ref.runId}, row ${s.ref.row}${s.exact ? ' (same key)' : ''}`);
    }
    await prov.flush();
    await flushQuarantine();
    let duplicates = seen.size;
    for (const a of assignments) if (!a.kept) duplicates++;
    return {
      rowsIn, rowsOut, duplicates, quarantined,
      opCounts: ops.map((p) => ({ op: p.op, counts: p.counts })),
      quarantineReasons: reasons,
      assignments, clusters,
      after: after.finish({ path: '', format: '', sha256: '', bytes: 0 }, 0),
      provenanceRecords: prov.total,
      ms: { clean: cleanMs, dedupe: dedupeMs, write: 0 },
      finder, decisions: outcomes, seen, crossRun: cross ? cross.summary(seen.values()) : null,
    };
  } finally {
    await spill?.dispose();
  }
}

/** Moved to the dedupe module, which now resolves every row's fate; re-exported for existing callers. */
export { mergeAssignments } from '../dedupe/resolve.js';
