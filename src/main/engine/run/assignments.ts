/**
 * Duplicate clusters in row order, streamed from exact clusters (ExactDedupe) and merged with
 * near-duplicate assignments exactly as dedupe/resolve.ts mergeAssignments does, without a map per
 * duplicate. Also the ascending list of rows that leave the output.
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

/** Ascending, de-duplicated rows that leave the output, merged from sorted lists and the exact clusters' repeated rows. */
export interface DropCursor {
  /** Rows below `end` not returned before. */
  until(end: number): Promise<Float64Array>;
}

export function mergeDrops(a: Float64Array, b: Float64Array, exact: AsyncIterable<MemberChunk> | null): DropCursor {
  const it = exact ? exact[Symbol.asyncIterator]() : null;
  let chunk: MemberChunk | null = null;
  let ci = 0;
  let ai = 0;
  let bi = 0;
  return {
    async until(end) {
      const out: number[] = [];
      while (ai < a.length && (a[ai] as number) < end) out.push(a[ai++] as number);
      while (bi < b.length && (b[bi] as number) < end) out.push(b[bi++] as number);
      while (it) {
        if (!chunk || ci >= chunk.rows.length) {
          const next = await it.next();
          if (next.done === true) break;
          chunk = next.value;
          ci = 0;
          continue;
        }
        const row = chunk.rows[ci] as number;
        if (row >= end) break;
        if (row !== chunk.firsts[ci]) out.push(row);
        ci++;
      }
      const sorted = Float64Array.from(out).sort();
      let w = 0;
      for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[w++] = sorted[i] as number;
      return sorted.slice(0, w);
    },
  };
}
