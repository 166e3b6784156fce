/** Review decisions replayed on clusters: each kind's effect, conflicts, and invariants under any interleaving. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DedupeDecision } from '../../../shared/plan.js';
import { applyDecisions, type DecisionContext } from './decisions.js';
import type { DuplicateAssignment } from './types.js';

/** Clusters given as row lists; the first row listed is the survivor. */
function partition(...clusters: number[][]): DuplicateAssignment[] {
  const out: DuplicateAssignment[] = [];
  for (const rows of clusters) {
    const survivor = rows[0] as number;
    const cluster = Math.min(...rows);
    for (const row of rows) out.push({ row, cluster, kept: row === survivor, survivor, similarity: row === survivor ? 1 : 0.95 });
  }
  return out.sort((a, b) => a.row - b.row);
}

/** Rows 1..n; probability falls with distance; the rule keeps the smallest row; row 13 was seen in an earlier run. */
function context(n = 20): DecisionContext {
  return {
    known: (row) => row >= 1 && row <= n,
    probability: (a, b) => 1 / (1 + Math.abs(a - b)),
    survivorOf: (rows) => Math.min(...rows),
    seenBefore: (row) => (row === 13 ? 'seen in run r0 row 4' : undefined),
  };
}

const clusterOf = (as: DuplicateAssignment[], row: number): number | undefined => as.find((a) => a.row === row)?.cluster;
const keptRow = (as: DuplicateAssignment[], row: number): boolean | undefined => as.find((a) => a.row === row)?.kept;

describe('applyDecisions', () => {
  const base = partition([1, 2, 3], [5, 6], [8, 9, 10]);

  it('accept merges two clusters (or singletons) and recomputes survivor and similarities', () => {
    const r = applyDecisions(base, [{ kind: 'accept', rows: [3, 6] }, { kind: 'accept', rows: [11, 12] }], context());
    expect(r.outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    expect([1, 2, 3, 5, 6].map((x) => clusterOf(r.assignments, x))).toEqual([1, 1, 1, 1, 1]);
    expect(r.assignments.find((a) => a.row === 6)).toEqual({ row: 6, cluster: 1, kept: false, survivor: 1, similarity: 1 / 6 });
    expect([11, 12].map((x) => clusterOf(r.assignments, x))).toEqual([11, 11]);
    // An untouched cluster is returned as it was.
    expect(r.assignments.filter((a) => a.cluster === 8)).toEqual(base.filter((a) => a.cluster === 8));
  });

  it('reject separates a pair: the survivor stays, else the one less like it leaves', () => {
    const r = applyDecisions(base, [{ kind: 'reject', rows: [2, 1] }, { kind: 'reject', rows: [9, 10] }, { kind: 'reject', rows: [5, 9] }], context());
    expect(r.outcomes.map((o) => o.status)).toEqual(['applied', 'applied', 'unchanged']);
    expect(clusterOf(r.assignments, 2)).toBeUndefined();
    expect([1, 3].map((x) => clusterOf(r.assignments, x))).toEqual([1, 1]);
    expect(keptRow(r.assignments, 1)).toBe(true);
    // 10 is further from the survivor 8 than 9 is.
    expect(clusterOf(r.assignments, 10)).toBeUndefined();
    expect([8, 9].map((x) => clusterOf(r.assignments, x))).toEqual([8, 8]);
  });

  it('split takes a row out; a cluster left with one row dissolves', () => {
    const r = applyDecisions(base, [{ kind: 'split', rows: [6] }, { kind: 'split', rows: [4] }], context());
    expect(r.outcomes.map((o) => o.status)).toEqual(['applied', 'unchanged']);
    expect(clusterOf(r.assignments, 5)).toBeUndefined();
    expect(clusterOf(r.assignments, 6)).toBeUndefined();
  });

  it('survivor forces the kept row; a second survivor for the same cluster is skipped', () => {
    const r = applyDecisions(base, [{ kind: 'survivor', rows: [3] }, { kind: 'survivor', rows: [2] }, { kind: 'survivor', rows: [8] }], context());
    expect(r.outcomes.map((o) => o.status)).toEqual(['applied', 'skipped', 'unchanged']);
    expect(r.outcomes[1]!.detail).toContain('already keeps row 3');
    expect(r.assignments.filter((a) => a.cluster === 1).map((a) => [a.row, a.kept, a.survivor])).toEqual([[1, false, 3], [2, false, 3], [3, true, 3]]);
  });

  it('an accept never joins a pair a reject keeps apart, whatever the order in the plan', () => {
    const decisions: DedupeDecision[] = [{ kind: 'accept', rows: [3, 5] }, { kind: 'reject', rows: [1, 6] }];
    const r = applyDecisions(base, decisions, context());
    expect(r.outcomes.map((o) => [o.index, o.status])).toEqual([[0, 'skipped'], [1, 'unchanged']]);
    expect(r.outcomes[0]!.detail).toContain('rows 1 and 6');
    expect(clusterOf(r.assignments, 5)).toBe(5);
  });

  it('skips rows that never reached detection, and brings back a seen-before row only by split', () => {
    const r = applyDecisions(base, [{ kind: 'accept', rows: [1, 99] }, { kind: 'accept', rows: [1, 13] }, { kind: 'split', rows: [13] }], context());
    expect(r.outcomes.map((o) => o.status)).toEqual(['skipped', 'applied', 'applied']);
    expect(r.outcomes[0]!.detail).toContain('row 99');
    expect(r.restored).toEqual(new Set([13]));
    // The split runs first, so the accept then joins row 13 to row 1's cluster.
    expect(clusterOf(r.assignments, 13)).toBe(1);
    const without = applyDecisions(base, [{ kind: 'accept', rows: [1, 13] }], context());
    expect(without.outcomes[0]!.status).toBe('skipped');
    expect(without.outcomes[0]!.detail).toContain('seen in run r0 row 4');
  });

  it('depends only on the order within each kind, and leaves every cluster one survivor and every reject apart', () => {
    const row = fc.integer({ min: 1, max: 12 });
    const decision: fc.Arbitrary<DedupeDecision> = fc.oneof(
      fc.tuple(fc.constantFrom('accept' as const, 'reject' as const), row, row).filter(([, a, b]) => a !== b).map(([kind, a, b]) => ({ kind, rows: [a, b] as [number, number] })),
      fc.tuple(fc.constantFrom('split' as const, 'survivor' as const), row).map(([kind, a]) => ({ kind, rows: [a] as [number] })),
    );
    const clusters = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 12, maxLength: 12 }).map((labels) => {
      const groups = new Map<number, number[]>();
      labels.forEach((l, i) => { if (l > 0) groups.set(l, [...(groups.get(l) ?? []), i + 1]); });
      return partition(...[...groups.values()].filter((g) => g.length >= 2));
    });
    fc.assert(fc.property(clusters, fc.array(decision, { maxLength: 8 }), fc.integer(), (as, ds, seed) => {
      const ctx = context(12);
      const a = applyDecisions(as, ds, ctx);
      // Interleave kinds differently while keeping each kind's own order.
      const order = ['survivor', 'accept', 'split', 'reject'];
      const shuffled = [...ds].map((d, i) => ({ d, i })).sort((x, y) => ((order.indexOf(x.d.kind) + seed) % 4) - ((order.indexOf(y.d.kind) + seed) % 4) || x.i - y.i).map((x) => x.d);
      const b = applyDecisions(as, shuffled, ctx);
      expect(b.assignments).toEqual(a.assignments);
      const byCluster = new Map<number, DuplicateAssignment[]>();
      for (const x of a.assignments) byCluster.set(x.cluster, [...(byCluster.get(x.cluster) ?? []), x]);
      for (const members of byCluster.values()) {
        expect(members.length).toBeGreaterThanOrEqual(2);
        expect(members.filter((m) => m.kept)).toHaveLength(1);
        expect(members.every((m) => m.survivor === members.find((k) => k.kept)!.row)).toBe(true);
        expect(members[0]!.cluster).toBe(Math.min(...members.map((m) => m.row)));
      }
      for (const d of ds) {
        if (d.kind !== 'reject' || d.rows.includes(13)) continue;
        const [x, y] = d.rows;
        const cx = clusterOf(a.assignments, x);
        expect(cx === undefined || cx !== clusterOf(a.assignments, y)).toBe(true);
      }
    }), { numRuns: 300 });
  });
});
