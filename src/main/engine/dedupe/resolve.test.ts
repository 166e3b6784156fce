/** Row fates: exact copies, near clusters, reference rows from earlier runs and decisions combined into one partition. */
import { describe, expect, it } from 'vitest';
import { resolveDuplicates, type ResolveInput } from './resolve.js';
import type { DuplicateAssignment } from './types.js';

function cluster(rows: number[], survivor = rows[0] as number): DuplicateAssignment[] {
  const id = Math.min(...rows);
  return rows.map((row) => ({ row, cluster: id, kept: row === survivor, survivor, similarity: row === survivor ? 1 : 0.9 }));
}

/** Rows 1..10 of the input; rows from 100 up stand for earlier runs' rows. */
const finder: ResolveInput['finder'] = {
  has: (row) => row >= 1 && (row <= 10 || row >= 100),
  probability: (a, b) => (a === b ? 1 : 0.8),
  survivorOf: (rows) => Math.min(...rows),
};
const reference = (row: number) => (row >= 100 ? { runId: 'old', row: row - 99 } : undefined);

describe('resolveDuplicates', () => {
  it('lets exact copies follow their first row into its near cluster', () => {
    const r = resolveDuplicates({ exact: new Map([[7, 2]]), near: cluster([2, 5]), finder });
    expect(r.assignments.map((a) => [a.row, a.cluster, a.kept, a.survivor])).toEqual([[2, 2, true, 2], [5, 2, false, 2], [7, 2, false, 2]]);
    expect(r.clusters).toBe(1);
    expect(r.seen.size).toBe(0);
  });

  it('keeps exact copies of a row whose group the finder found nothing distinctive in', () => {
    const lowInformation = new Set([3]);
    const r = resolveDuplicates({
      exact: new Map([[7, 2], [8, 3], [9, 3]]), near: cluster([2, 5]),
      finder: { ...finder, mergesCopiesOf: (row) => !lowInformation.has(row) },
    });
    expect(r.assignments.map((a) => [a.row, a.cluster])).toEqual([[2, 2], [5, 2], [7, 2]]);
    expect(r.clusters).toBe(1);
  });

  it('turns a cluster holding an earlier run\'s row into rows seen before, copies included', () => {
    const r = resolveDuplicates({
      exact: new Map([[9, 3]]), near: [...cluster([3, 4, 101]), ...cluster([5, 6])], finder, reference,
      seenExact: new Map([[8, { runId: 'older', row: 7 }]]),
    });
    expect(r.assignments.map((a) => a.row)).toEqual([5, 6]);
    expect([...r.seen.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [3, { ref: { runId: 'old', row: 2 }, similarity: 0.8, exact: false }],
      [4, { ref: { runId: 'old', row: 2 }, similarity: 0.8, exact: false }],
      [8, { ref: { runId: 'older', row: 7 }, similarity: 1, exact: true }],
      [9, { ref: { runId: 'old', row: 2 }, similarity: 0.8, exact: false }],
    ]);
  });

  it('removes a whole cluster whose row an earlier run had by key, unless a split brings that row back', () => {
    const seenExact = new Map([[4, { runId: 'old', row: 1 }]]);
    const base = { exact: new Map<number, number>(), near: cluster([2, 4]), finder, seenExact };
    const gone = resolveDuplicates(base);
    expect([...gone.seen.keys()].sort()).toEqual([2, 4]);
    expect(gone.assignments).toEqual([]);
    const back = resolveDuplicates({ ...base, decisions: [{ kind: 'split', rows: [4] }] });
    expect(back.outcomes.map((o) => o.status)).toEqual(['applied']);
    expect(back.seen.size).toBe(0);
    expect(back.assignments).toEqual([]);
  });

  it('keeps a pinned copy in its near cluster rather than counting it twice', () => {
    const r = resolveDuplicates({ exact: new Map([[6, 1]]), near: cluster([1, 6]), finder, decisions: [{ kind: 'survivor', rows: [6] }] });
    expect(r.assignments.map((a) => [a.row, a.kept])).toEqual([[1, false], [6, true]]);
  });

  it('skips decisions without a near finder', () => {
    const r = resolveDuplicates({ exact: new Map([[2, 1]]), near: [], finder: null, decisions: [{ kind: 'split', rows: [2] }] });
    expect(r.outcomes).toEqual([{ index: 0, decision: { kind: 'split', rows: [2] }, status: 'skipped', detail: 'decisions apply when duplicates are found with dedupe mode near' }]);
    expect(r.assignments.map((a) => [a.row, a.kept])).toEqual([[1, true], [2, false]]);
  });
});
