/** Large components are split on their scored pairs only: the same clusters as walking every member pair. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mix32 } from '../hash.js';
import { clusterReps, lookupPair, type ClusterInput, type ClusterOutput } from './cluster.js';

/** The all-pairs split of a component past completionCap, as it was written before (members² lookups). */
function referenceSplit(members: number[], input: ClusterInput, out: ClusterOutput): void {
  const { n, keys, probs, threshold } = input;
  const s = members.length;
  const sparse = new Map<number, number>();
  for (let x = 0; x < s; x++) {
    for (let y = x + 1; y < s; y++) {
      const at = lookupPair(keys, (members[x] as number) * n + (members[y] as number));
      if (at >= 0) {
        sparse.set(x * s + y, probs[at] as number);
        sparse.set(y * s + x, probs[at] as number);
      }
    }
  }
  const known = (x: number, y: number): number => sparse.get(x * s + y) ?? -1;
  const prob = (x: number, y: number): number => {
    let p = known(x, y);
    if (p < 0) {
      const a = members[x] as number;
      const b = members[y] as number;
      p = a < b ? input.score(a, b) : input.score(b, a);
      sparse.set(x * s + y, p);
      sparse.set(y * s + x, p);
      out.extraKeys.push(a < b ? a * n + b : b * n + a);
      out.extraProbs.push(p);
    }
    return p;
  };
  const degree = members.map((_, x) => {
    let d = 0;
    for (let y = 0; y < s; y++) if (y !== x && known(x, y) >= threshold) d += known(x, y);
    return d;
  });
  const order = members.map((_, x) => x).sort((x, y) => (degree[y] as number) - (degree[x] as number) || x - y);
  const assigned = new Uint8Array(s);
  for (const v of order) {
    if (assigned[v] === 1) continue;
    assigned[v] = 1;
    const taken = [v];
    const offers: number[] = [];
    for (let y = 0; y < s; y++) if (assigned[y] === 0 && known(v, y) >= threshold) offers.push(y);
    offers.sort((x, y) => known(v, y) - known(v, x) || x - y);
    for (const y of offers) {
      if (taken.slice(1).some((t) => prob(t, y) < input.conflictBelow)) continue;
      assigned[y] = 1;
      taken.push(y);
    }
    if (taken.length < 2) continue;
    taken.sort((x, y) => x - y);
    out.clusters.push({ pivot: members[v] as number, members: taken.map((x) => members[x] as number), probs: taken.map((x) => (x === v ? 1 : prob(v, x))) });
  }
}

function reference(input: ClusterInput): ClusterOutput {
  const { n, keys, probs, threshold } = input;
  const comp = Array.from({ length: n }, (_, i) => i);
  const root = (x: number): number => (comp[x] === x ? x : (comp[x] = root(comp[x] as number)));
  keys.forEach((k, e) => {
    if ((probs[e] as number) < threshold) return;
    const a = root(Math.floor(k / n));
    const b = root(k % n);
    if (a !== b) comp[Math.max(a, b)] = Math.min(a, b);
  });
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) groups.set(root(i), [...(groups.get(root(i)) ?? []), i]);
  const out: ClusterOutput = { clusters: [], extraKeys: [], extraProbs: [] };
  for (const members of groups.values()) if (members.length >= 2) referenceSplit(members, input, out);
  out.clusters.sort((a, b) => (a.members[0] as number) - (b.members[0] as number));
  return out;
}

/** n records, each paired with a few later ones; probabilities mostly high so components chain. */
function graph(n: number, seed: number): ClusterInput {
  const set = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < 3; t++) {
      const h = mix32(i * 3 + t, seed);
      const j = i + 1 + (h % 6);
      if (j < n) set.set(i * n + j, [0.99, 0.95, 0.92, 0.7, 0.3, 0.05][(h >>> 8) % 6] as number);
    }
  }
  const keys = Float64Array.from([...set.keys()].sort((a, b) => a - b));
  return {
    n, keys, probs: Float64Array.from(keys, (k) => set.get(k) as number), threshold: 0.9, conflictBelow: 0.5, completionCap: 2,
    score: (i, j) => [0.95, 0.6, 0.2, 0.01][mix32(i * n + j, seed ^ 0x55) % 4] as number,
  };
}

describe('clusterReps on components past completionCap', () => {
  it('gives the same clusters and scores the same extra pairs as the all-pairs split (property)', async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 2, max: 120 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (n, seed) => {
      const input = graph(n, seed);
      expect(await clusterReps(input)).toEqual(reference(input));
    }), { numRuns: 60 });
  });
});
