/**
 * Duplicate clusters in row order, merged from exact clusters (streamed from ExactDedupe) and
 * near-duplicate assignments: an exact copy of a row that near dedupe clustered follows that row
 * to its cluster's survivor. Also the ascending list of rows that leave the output.
 */
import type { DuplicateAssignment } from '../dedupe/types.js';
import type { MemberChunk } from './exactDedupe.js';

/** Every exact-cluster member (row, first occurrence) merged with the near assignments, ascending by row. */
export async function* assignmentsInOrder(exact: AsyncIterable<MemberChunk> | null, near: readonly DuplicateAssignment[]): AsyncGenerator<DuplicateAssignment> {
  const nearOf = new Map<number, DuplicateAssignment>();
  for (const a of near) nearOf.set(a.row, a);
  let j = 0;
  if (exact) {
    for await (const chunk of exact) {
      for (let i = 0; i < chunk.rows.length; i++) {
        const row = chunk.rows[i] as number;
        const first = chunk.firsts[i] as number;
        while (j < near.length && (near[j] as DuplicateAssignment).row < row) yield near[j++] as DuplicateAssignment;
        const n = nearOf.get(first);
        if (row === first) {
          // A survivor near dedupe also clustered is listed once, by the near side.
          if (!n) yield { row, cluster: row, kept: true, survivor: row, similarity: 1 };
        } else if (n) {
          yield { row, cluster: n.cluster, kept: false, survivor: n.survivor, similarity: n.kept ? 1 : n.similarity };
        } else {
          yield { row, cluster: first, kept: false, survivor: first, similarity: 1 };
        }
      }
    }
  }
  while (j < near.length) yield near[j++] as DuplicateAssignment;
}

/**
 * Combines exact removals (row → first occurrence) with near-duplicate clusters into one
 * partition: an exact copy of a row that near-dedupe removed follows it to the final survivor.
 */
export async function mergeAssignments(exact: ReadonlyMap<number, number>, near: readonly DuplicateAssignment[]): Promise<{ assignments: DuplicateAssignment[]; clusters: number }> {
  const pairs = [...exact].sort((a, b) => a[0] - b[0]);
  const firsts = [...new Set(pairs.map((p) => p[1]))].sort((a, b) => a - b);
  const members = [...pairs, ...firsts.map((f) => [f, f] as [number, number])].sort((a, b) => a[0] - b[0]);
  const chunk: MemberChunk = { rows: Float64Array.from(members, (m) => m[0]), firsts: Float64Array.from(members, (m) => m[1]) };
  const assignments: DuplicateAssignment[] = [];
  for await (const a of assignmentsInOrder((async function* () { yield chunk; })(), near)) assignments.push(a);
  return { assignments, clusters: assignments.filter((a) => a.kept).length };
}

/** The ascending rows that leave the output: quarantined by an operation, exact copies, near duplicates. */
export class RemovedRows {
  private readonly exact: AsyncIterator<MemberChunk> | null;
  private chunk: MemberChunk | null = null;
  private ci = 0;
  private qi = 0;
  private ni = 0;
  private readonly nearRemoved: Float64Array;

  constructor(private readonly quarantined: Float64Array, exact: AsyncIterable<MemberChunk> | null, near: readonly DuplicateAssignment[]) {
    this.exact = exact ? exact[Symbol.asyncIterator]() : null;
    this.nearRemoved = Float64Array.from(near.filter((a) => !a.kept), (a) => a.row);
  }

  /** Removed rows below `end` not returned before, ascending. */
  async until(end: number): Promise<Float64Array> {
    const out: number[] = [];
    while (this.qi < this.quarantined.length && (this.quarantined[this.qi] as number) < end) out.push(this.quarantined[this.qi++] as number);
    while (this.ni < this.nearRemoved.length && (this.nearRemoved[this.ni] as number) < end) out.push(this.nearRemoved[this.ni++] as number);
    while (this.exact) {
      if (!this.chunk || this.ci >= this.chunk.rows.length) {
        const next = await this.exact.next();
        if (next.done === true) break;
        this.chunk = next.value;
        this.ci = 0;
        continue;
      }
      const row = this.chunk.rows[this.ci] as number;
      if (row >= end) break;
      if (row !== this.chunk.firsts[this.ci]) out.push(row);
      this.ci++;
    }
    return Float64Array.from(out).sort();
  }
}
