/** Exact-duplicate keys and the merge of exact and near clusters. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyTable, keyHash, rowKeyText } from '../../src/main/engine/dedupe/exact.js';
import { mergeAssignments } from '../../src/main/engine/run/pass2.js';

describe('KeyTable', () => {
  it('behaves like a Map from key to first row, across growth', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(50), fc.nat(3)), { maxLength: 3000 }), (keys) => {
      const t = new KeyTable(4);
      const m = new Map<string, number>();
      keys.forEach(([a, b], i) => {
        const row = i + 1;
        const got = t.getOrInsert(a, b, row);
        const k = `${a}:${b}`;
        expect(got).toBe(m.get(k) ?? 0);
        if (!m.has(k)) m.set(k, row);
      });
      expect(t.size).toBe(m.size);
    }));
  });
});

describe('rowKeyText', () => {
  it('keeps types and nulls apart', () => {
    const cols = [[1, '1', null, '', true, 'true']];
    const keys = [0, 1, 2, 3, 4, 5].map((r) => rowKeyText(cols, [0], r));
    expect(new Set(keys).size).toBe(6);
    expect(keyHash(keys[0]!, 1)).toEqual(keyHash(keys[0]!, 1));
    expect(keyHash(keys[0]!, 1)).not.toEqual(keyHash(keys[0]!, 2));
  });
  it('separates column boundaries', () => {
    const cols = [['ab', 'a'], ['c', 'bc']];
    expect(rowKeyText(cols, [0, 1], 0)).not.toBe(rowKeyText(cols, [0, 1], 1));
  });
});

describe('mergeAssignments', () => {
  it('lists exact clusters with their survivor', () => {
    const { assignments, clusters } = mergeAssignments(new Map([[5, 2], [9, 2]]), []);
    expect(clusters).toBe(1);
    expect(assignments).toEqual([
      { row: 2, cluster: 2, kept: true, survivor: 2, similarity: 1 },
      { row: 5, cluster: 2, kept: false, survivor: 2, similarity: 1 },
      { row: 9, cluster: 2, kept: false, survivor: 2, similarity: 1 },
    ]);
  });
  it('sends an exact copy of a near-removed row to the final survivor', () => {
    const near = [
      { row: 1, cluster: 1, kept: true, survivor: 1, similarity: 1 },
      { row: 3, cluster: 1, kept: false, survivor: 1, similarity: 0.9 },
    ];
    const { assignments, clusters } = mergeAssignments(new Map([[7, 3], [8, 1]]), near);
    expect(clusters).toBe(1);
    expect(assignments.find((a) => a.row === 7)).toEqual({ row: 7, cluster: 1, kept: false, survivor: 1, similarity: 0.9 });
    expect(assignments.find((a) => a.row === 8)).toEqual({ row: 8, cluster: 1, kept: false, survivor: 1, similarity: 1 });
    expect(assignments.filter((a) => a.kept)).toHaveLength(1);
  });
});
