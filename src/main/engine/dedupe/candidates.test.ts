/** Candidate pruning: signature agreement estimates similarity; each record keeps its closest pairs. */
import { describe, expect, it } from 'vitest';
import { FieldColumn } from './columns.js';
import { PairBuffer, agreement, keepClosest } from './candidates.js';
import { computeBandKeys, lshParams } from './minhash.js';

describe('agreement', () => {
  it('is every bin for equal values, most bins for one typo, few for unrelated values', async () => {
    const col = new FieldColumn({ name: 'name', type: 'text' });
    const values = ['12 long meadow road springfield', '12 long meadow road springfield', '12 long meadow raod springfield', 'quite another value over here'];
    col.add(values, values.length);
    col.finalize();
    const params = lshParams(0.4, 150);
    const k = params.bands * params.rows;
    const bk = await computeBandKeys([col], Int32Array.from(values.keys()), 3, params, 1);
    expect(agreement(bk, k, 0, 1)).toBe(k);
    expect(agreement(bk, k, 0, 2)).toBeGreaterThan(0.5 * k);
    expect(agreement(bk, k, 0, 3)).toBeLessThan(0.2 * k);
  });
});

function pairsOf(list: [number, number][], n: number): PairBuffer {
  const out = new PairBuffer();
  for (const [i, j] of list) out.push(i * n + j);
  out.compact();
  return out;
}

function kept(out: PairBuffer, n: number): string[] {
  return [...out.view()].map((key) => `${Math.floor(key / n)}-${key % n}`);
}

describe('keepClosest', () => {
  const n = 6;
  // Record 0 has five candidates of falling score; the others only their pair with 0 (and 4–5).
  const scores = new Map<string, number>([['0-1', 9], ['0-2', 7], ['0-3', 7], ['0-4', 2], ['0-5', 1], ['4-5', 3]]);
  const score = (i: number, j: number): number => scores.get(`${i}-${j}`) ?? 0;
  const all: [number, number][] = [[0, 1], [0, 2], [0, 3], [0, 4], [0, 5], [4, 5]];

  it('keeps a pair among the K best of either record, ties at the K-th score included', () => {
    const out = pairsOf(all, n);
    keepClosest(out, n, score, 1, 100, () => false);
    // 0 keeps 0-1; 1, 2 and 3 have one candidate each; 4 and 5 keep 4-5, their best; 0-4 and 0-5 go.
    expect(kept(out, n)).toEqual(['0-1', '0-2', '0-3', '4-5']);
    const two = pairsOf(all, n);
    keepClosest(two, n, (i, j) => (i === 0 && j > 1 ? 7 : score(i, j)), 2, 100, () => false);
    // The K-th best of record 0 is 7, shared by four pairs: all of them stay.
    expect(kept(two, n)).toEqual(['0-1', '0-2', '0-3', '0-4', '0-5', '4-5']);
  });

  it('keeps pairs scoring at least keepAt, and those `always` names', () => {
    const out = pairsOf(all, n);
    keepClosest(out, n, score, 1, 2, (i, j) => i === 0 && j === 5);
    expect(kept(out, n)).toEqual(['0-1', '0-2', '0-3', '0-4', '0-5', '4-5']);
  });
});
