/** Pass 2: stream every row through the plan, remove duplicates, and write cleaned rows in order. */
import type { Operation, Plan } from '../../../shared/plan.js';
import type { DatasetProfile } from '../../../shared/profile.js';
import { throwIfAborted } from '../errors.js';
import type { DedupeField, DuplicateAssignment, DuplicateFinder } from '../dedupe/types.js';
import { KeyTable, keyHash, rowKeyText } from '../dedupe/exact.js';
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
  const finder = mode === 'near' && o.createNearFinder ? o.createNearFinder(o.fields.filter((f) => keyNames.includes(f.name))) : null;
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
      const keep: number[] = [];
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
            continue;
          }
        }
        keep.push(r);
      }
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
    let nearAssign: DuplicateAssignment[] = [];
    const nearRemoved = new Map<number, DuplicateAssignment>();
    if (spill && finder) {
      const t0 = performance.now();
      nearAssign = await finder.finish(o.signal);
      for (const a of nearAssign) if (!a.kept) nearRemoved.set(a.row, a);
      dedupeMs = performance.now() - t0;
      await spill.finishWriting();
      const wp = new PhaseProgress('write', 0, o.onProgress);
      let done = 0;
      for await (const b of spill.read()) {
        throwIfAborted(o.signal);
        const keepIdx: number[] = [];
        for (let r = 0; r < b.length; r++) if (!nearRemoved.has(b.rows[r]!)) keepIdx.push(r);
        const cols = keepIdx.length === b.length ? b.columns : b.columns.map((c) => keepIdx.map((r) => c[r] ?? null));
        const rows = keepIdx.length === b.length ? b.rows : keepIdx.map((r) => b.rows[r]!);
        await emit(rows, cols, keepIdx.length);
        done += b.length;
        wp.tick(done);
      }
      wp.end();
    }
    const { assignments, clusters } = mergeAssignments(exactSurvivor, nearAssign);
    for (const a of assignments) {
      if (!a.kept) prov.push(a.row, null, null, null, mode === 'near' ? 'dedupe/near' : 'dedupe/exact', 'dedupe', a.similarity, 'duplicate', a.survivor, `duplicate of row ${a.survivor}`);
    }
    await prov.flush();
    await flushQuarantine();
    const duplicates = exactSurvivor.size + nearRemoved.size;
    return {
      rowsIn, rowsOut, duplicates, quarantined,
      opCounts: ops.map((p) => ({ op: p.op, counts: p.counts })),
      quarantineReasons: reasons,
      assignments, clusters,
      after: after.finish({ path: '', format: '', sha256: '', bytes: 0 }, 0),
      provenanceRecords: prov.total,
      ms: { clean: cleanMs, dedupe: dedupeMs, write: 0 },
    };
  } finally {
    await spill?.dispose();
  }
}

/**
 * Combines exact removals (row → first occurrence) with near-duplicate clusters into one
 * partition: an exact copy of a row that near-dedupe removed follows it to the final survivor.
 */
export function mergeAssignments(exact: ReadonlyMap<number, number>, near: readonly DuplicateAssignment[]): { assignments: DuplicateAssignment[]; clusters: number } {
  const nearOf = new Map<number, DuplicateAssignment>();
  for (const a of near) nearOf.set(a.row, a);
  const out = new Map<number, DuplicateAssignment>();
  for (const a of near) out.set(a.row, a);
  for (const [row, first] of exact) {
    const n = nearOf.get(first);
    if (n) {
      out.set(row, { row, cluster: n.cluster, kept: false, survivor: n.survivor, similarity: n.kept ? 1 : n.similarity });
    } else {
      out.set(row, { row, cluster: first, kept: false, survivor: first, similarity: 1 });
      if (!out.has(first)) out.set(first, { row: first, cluster: first, kept: true, survivor: first, similarity: 1 });
    }
  }
  const assignments = [...out.values()].sort((a, b) => a.row - b.row);
  const clusters = new Set(assignments.map((a) => a.cluster)).size;
  return { assignments, clusters };
}
