/** Survivorship and the final assignments: which row of each cluster is kept, and every member's similarity to it. */
import type { DuplicateAssignment } from './types.js';
import type { FieldColumn } from './columns.js';
import type { RepCluster } from './cluster.js';
import type { Records } from './records.js';
import type { NearCluster, SurvivorRule } from './nearTypes.js';
import { normalizeValue, numericValue } from './normalize.js';

export interface SurvivorInput {
  clusters: RepCluster[];
  records: Records;
  /** All fields, for completeness counts and recency. */
  columns: readonly FieldColumn[];
  rowNumbers: Int32Array;
  rule: SurvivorRule;
  recency: FieldColumn | null;
  /** Match probability of two records (record indices, any order). */
  prob: (a: number, b: number) => number;
  /** 1 for records whose identical rows stay apart (information.ts). */
  lowInformation: Uint8Array;
}

export interface SurvivorOutput {
  assignments: DuplicateAssignment[];
  clusters: NearCluster[];
  /** Record index → cluster index, -1 when unclustered. */
  clusterOfRecord: Int32Array;
  /** Survivor score per row position (higher wins, ties to the earlier row), for later re-decisions. */
  score: Float64Array;
}

export function assignSurvivors(input: SurvivorInput): SurvivorOutput {
  const { records, rowNumbers } = input;
  const nRec = records.firstRow.length;
  // Rows of each record, as CSR (records' rows are ascending because rows are visited in order).
  const start = new Int32Array(nRec + 1);
  for (let r = 0; r < nRec; r++) start[r + 1] = (start[r] as number) + (records.size[r] as number);
  const fill = start.slice(0, nRec);
  const rowsOf = new Int32Array(records.recordOf.length);
  for (let i = 0; i < records.recordOf.length; i++) {
    const r = records.recordOf[i] as number;
    rowsOf[fill[r] as number] = i;
    fill[r] = (fill[r] as number) + 1;
  }
  // Identical-row groups outside any matched cluster are clusters of their own.
  const clusterOfRecord = new Int32Array(nRec).fill(-1);
  const all: RepCluster[] = [...input.clusters];
  for (const c of input.clusters) for (const m of c.members) clusterOfRecord[m] = 0;
  for (let r = 0; r < nRec; r++) {
    if ((records.size[r] as number) >= 2 && clusterOfRecord[r] === -1 && records.blank[r] === 0 && input.lowInformation[r] === 0) {
      all.push({ pivot: r, members: [r], probs: [1] });
    }
  }
  all.sort((a, b) => (a.members[0] as number) - (b.members[0] as number));
  const score = survivorScore(input);
  const assignments: DuplicateAssignment[] = [];
  const clusters: NearCluster[] = [];
  all.forEach((c, ci) => {
    const rows: number[] = [];
    for (const m of c.members) {
      clusterOfRecord[m] = ci;
      for (let p = start[m] as number; p < (start[m + 1] as number); p++) rows.push(rowsOf[p] as number);
    }
    rows.sort((a, b) => a - b);
    let best = rows[0] as number;
    for (const r of rows) if ((score[r] as number) > (score[best] as number)) best = r;
    const survivorRec = records.recordOf[best] as number;
    const id = rowNumbers[rows[0] as number] as number;
    const survivor = rowNumbers[best] as number;
    for (const r of rows) {
      const rec = records.recordOf[r] as number;
      const similarity = rec === survivorRec ? 1 : input.prob(rec, survivorRec);
      assignments.push({ row: rowNumbers[r] as number, cluster: id, kept: r === best, survivor, similarity });
    }
    clusters.push({
      id,
      rows: rows.map((r) => rowNumbers[r] as number),
      survivor,
      confidence: Math.min(...c.probs),
    });
  });
  assignments.sort((a, b) => a.row - b.row);
  return { assignments, clusters, clusterOfRecord, score };
}

/** Score per row position where higher wins; equal scores fall to the earlier row because only a strictly higher score replaces. */
function survivorScore(input: SurvivorInput): Float64Array {
  const n = input.records.recordOf.length;
  const score = new Float64Array(n);
  if (input.rule === 'first') return score;
  if (input.rule === 'most-recent' && input.recency) {
    const col = input.recency;
    const kind = col.field.type === 'integer' || col.field.type === 'decimal' ? 'number' : 'date';
    const cache = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const raw = col.rawValue(i);
      if (raw === null) {
        score[i] = Number.NEGATIVE_INFINITY;
        continue;
      }
      let v = cache.get(raw);
      if (v === undefined) {
        v = numericValue(kind, normalizeValue(kind, raw), raw);
        if (Number.isNaN(v)) v = Number.NEGATIVE_INFINITY;
        cache.set(raw, v);
      }
      score[i] = v;
    }
    return score;
  }
  for (let i = 0; i < n; i++) {
    let filled = 0;
    for (const col of input.columns) {
      const raw = col.rawValue(i);
      if (raw !== null && raw.trim() !== '') filled++;
    }
    score[i] = filled;
  }
  return score;
}
