/** Clustering of accepted pairs that resists chaining: pivot clustering over completed components. */
import { pause } from './pause.js';

export interface RepCluster {
  /** The pivot every member matched above the threshold. */
  pivot: number;
  /** Members (pivot included), ascending. */
  members: number[];
  /** Probability of each member (aligned with members) against the pivot; 1 for the pivot. */
  probs: number[];
}

export interface ClusterInput {
  n: number;
  /** Sorted pair keys i·n + j (i < j) of scored pairs, and their probabilities. */
  keys: Float64Array;
  probs: Float64Array;
  threshold: number;
  /** A record does not join a cluster holding a member it matches below this probability. */
  conflictBelow: number;
  /** Components up to this size get all their missing pairs scored before clustering. */
  completionCap: number;
  /** Scores a pair that candidate generation did not produce. */
  score: (i: number, j: number) => number;
}

export interface ClusterOutput {
  clusters: RepCluster[];
  /** Pairs scored while completing components, as keys and probabilities (unsorted). */
  extraKeys: number[];
  extraProbs: number[];
}

export function lookupPair(keys: Float64Array, key: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = keys[mid] as number;
    if (v === key) return mid;
    if (v < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function find(parent: Int32Array, x: number): number {
  let r = x;
  while ((parent[r] as number) !== r) r = parent[r] as number;
  while ((parent[x] as number) !== r) {
    const next = parent[x] as number;
    parent[x] = r;
    x = next;
  }
  return r;
}

/**
 * Accepted pairs (p ≥ threshold) form components. A chain A~B~C can join A and C in a component,
 * so components are not clusters: each small component is first completed (every missing pair is
 * scored), then split by pivot clustering. Pivots are taken in order of weighted degree (sum of
 * accepted probabilities, ties to the smaller index); a pivot takes the unassigned records it matches
 * above the threshold itself, strongest first, skipping any that a member already taken confidently
 * rejects (probability below conflictBelow). So every member matches the pivot directly and no two
 * members are a confident non-match: in a chain A~B~C with A and C unlike, B takes one of them only.
 * Components larger than completionCap (rare; long chains of near-identical rows) are split with the
 * same rule on the pairs that were scored, without completion.
 */
export async function clusterReps(input: ClusterInput, signal?: AbortSignal): Promise<ClusterOutput> {
  const { n, keys, probs, threshold } = input;
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  for (let e = 0; e < keys.length; e++) {
    if ((probs[e] as number) < threshold) continue;
    const k = keys[e] as number;
    const a = find(parent, Math.floor(k / n));
    const b = find(parent, k % n);
    if (a !== b) parent[a < b ? b : a] = a < b ? a : b;
  }
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const r = find(parent, i);
    let list = byRoot.get(r);
    if (!list) {
      list = [];
      byRoot.set(r, list);
    }
    list.push(i);
  }
  const out: ClusterOutput = { clusters: [], extraKeys: [], extraProbs: [] };
  const edges = largeComponentEdges(byRoot, parent, input);
  let done = 0;
  for (const [root, members] of byRoot) {
    if (members.length < 2) continue;
    if (members.length > input.completionCap) splitComponent(members, sparsePairs(members.length, edges.get(root) ?? []), input, out);
    else splitComponent(members, completedPairs(members, input, out), input, out);
    done += members.length;
    if (done > 20_000) {
      done = 0;
      await pause(signal);
    }
  }
  out.clusters.sort((a, b) => (a.members[0] as number) - (b.members[0] as number));
  return out;
}

/** Probabilities of member pairs (local indices): known ones, and a way to score a missing one. */
interface PairTable {
  known(x: number, y: number): number;
  /** Scored pairs of member x with probability ≥ threshold, as ascending local indices. */
  accepted(x: number, threshold: number): number[];
  set(x: number, y: number, p: number): void;
  /** False once every pair is known (completed components). */
  sparse: boolean;
}

/** A small component: every missing pair is scored up front (completion). */
function completedPairs(members: number[], input: ClusterInput, out: ClusterOutput): PairTable {
  const { n, keys, probs } = input;
  const s = members.length;
  const matrix = new Float64Array(s * s).fill(-1);
  for (let x = 0; x < s; x++) {
    const a = members[x] as number;
    for (let y = x + 1; y < s; y++) {
      const b = members[y] as number;
      const key = a * n + b;
      const at = lookupPair(keys, key);
      let p = at >= 0 ? (probs[at] as number) : -1;
      if (p < 0) {
        p = input.score(a, b);
        out.extraKeys.push(key);
        out.extraProbs.push(p);
      }
      matrix[x * s + y] = p;
      matrix[y * s + x] = p;
    }
  }
  return {
    sparse: false,
    known: (x, y) => matrix[x * s + y] as number,
    accepted(x, threshold) {
      const list: number[] = [];
      for (let y = 0; y < s; y++) if (y !== x && (matrix[x * s + y] as number) >= threshold) list.push(y);
      return list;
    },
    set(x, y, p) {
      matrix[x * s + y] = p;
      matrix[y * s + x] = p;
    },
  };
}

/**
 * A component past completionCap (long chains of near-identical rows; at millions of rows one can
 * hold tens of thousands of records): only its scored pairs, one map per member, so splitting it
 * costs its pairs rather than members².
 */
function sparsePairs(s: number, edges: number[]): PairTable {
  const adj: Map<number, number>[] = Array.from({ length: s }, () => new Map());
  const set = (x: number, y: number, p: number): void => {
    (adj[x] as Map<number, number>).set(y, p);
    (adj[y] as Map<number, number>).set(x, p);
  };
  for (let e = 0; e < edges.length; e += 3) set(edges[e] as number, edges[e + 1] as number, edges[e + 2] as number);
  return {
    sparse: true,
    known: (x, y) => (adj[x] as Map<number, number>).get(y) ?? -1,
    accepted(x, threshold) {
      const list: number[] = [];
      for (const [y, p] of adj[x] as Map<number, number>) if (p >= threshold) list.push(y);
      // Ascending, as the completed table gives them: degrees then sum in the same order.
      return list.sort((a, b) => a - b);
    },
    set,
  };
}

/** Scored pairs inside each component larger than completionCap, as (local a, local b, p) triples, in one pass over all pairs. */
function largeComponentEdges(byRoot: Map<number, number[]>, parent: Int32Array, input: ClusterInput): Map<number, number[]> {
  const { n, keys, probs } = input;
  const edges = new Map<number, number[]>();
  let local: Int32Array | null = null;
  for (const [root, members] of byRoot) {
    if (members.length <= input.completionCap) continue;
    local ??= new Int32Array(n).fill(-1);
    const l = local;
    members.forEach((m, x) => (l[m] = x));
    edges.set(root, []);
  }
  if (local === null) return edges;
  for (let e = 0; e < keys.length; e++) {
    const k = keys[e] as number;
    const a = Math.floor(k / n);
    const b = k - a * n;
    const la = local[a] as number;
    const lb = local[b] as number;
    if (la < 0 || lb < 0) continue;
    const ra = find(parent, a);
    if (ra === find(parent, b)) (edges.get(ra) as number[]).push(la, lb, probs[e] as number);
  }
  return edges;
}

function splitComponent(members: number[], pairs: PairTable, input: ClusterInput, out: ClusterOutput): void {
  const { n, threshold } = input;
  const s = members.length;
  const known = pairs.known;
  // Pairs outside the candidates of a large component are scored only when a join decision needs them.
  const prob = (x: number, y: number): number => {
    let p = known(x, y);
    if (p < 0 && pairs.sparse) {
      const a = members[x] as number;
      const b = members[y] as number;
      p = a < b ? input.score(a, b) : input.score(b, a);
      pairs.set(x, y, p);
      out.extraKeys.push(a < b ? a * n + b : b * n + a);
      out.extraProbs.push(p);
    }
    return p;
  };
  const degree = new Float64Array(s);
  for (let x = 0; x < s; x++) {
    let d = 0;
    for (const y of pairs.accepted(x, threshold)) d += known(x, y);
    degree[x] = d;
  }
  const order = Array.from({ length: s }, (_, x) => x);
  order.sort((x, y) => (degree[y] as number) - (degree[x] as number) || x - y);
  const assigned = new Uint8Array(s);
  for (const v of order) {
    if (assigned[v] === 1) continue;
    assigned[v] = 1;
    const taken: number[] = [v];
    // Candidates that match the pivot, strongest first; each joins only if no member already in the
    // cluster is a confident non-match for it (below conflictBelow), so a pivot cannot glue together
    // two records that are each like it but unlike each other.
    const offers = pairs.accepted(v, threshold).filter((y) => assigned[y] === 0);
    offers.sort((x, y) => known(v, y) - known(v, x) || x - y);
    for (const y of offers) {
      let compatible = true;
      for (let t = 1; t < taken.length && compatible; t++) if (prob(taken[t] as number, y) < input.conflictBelow) compatible = false;
      if (!compatible) continue;
      assigned[y] = 1;
      taken.push(y);
    }
    if (taken.length < 2) continue;
    taken.sort((x, y) => x - y);
    out.clusters.push({
      pivot: members[v] as number,
      members: taken.map((x) => members[x] as number),
      probs: taken.map((x) => (x === v ? 1 : prob(v, x))),
    });
  }
}
