/** Unsupervised Fellegi–Sunter model: u from random pairs, m (and the match share) by EM on candidate pairs. */
import { mix32 } from '../hash.js';
import { MISSING, type FieldComparator } from './compare.js';

export interface FsModel {
  /** Levels per field (exact … else). */
  levels: number[];
  /** P(level | match) per field. */
  m: Float64Array[];
  /** P(level | non-match) per field. */
  u: Float64Array[];
  /** Share of matches among candidate pairs. */
  lambda: number;
  /** log2(m/u) per field and level: the evidence, in bits, that a level gives for a match. */
  weights: Float64Array[];
  /** log2(λ / (1 − λ)): the odds before any field is seen. */
  priorWeight: number;
  iterations: number;
}

/** Starting m: most of a match's mass on exact, decreasing through the lower levels. */
export function initialM(levels: number): Float64Array {
  const m = new Float64Array(levels);
  let rest = 1;
  for (let l = 0; l < levels - 1; l++) {
    const share = l === 0 ? 0.7 : 0.5;
    m[l] = rest * share;
    rest -= rest * share;
  }
  m[levels - 1] = rest;
  return m;
}

/**
 * u per field and level as agreement rates among random row pairs, which are almost all non-matches.
 * The exact level is computed from the value frequencies (Σ f(f−1) / N(N−1)), which is exact and cheap;
 * the lower levels are measured on `samples` seeded random pairs.
 */
export function estimateU(comparators: readonly FieldComparator[], rows: number, seed: number, samples: number): Float64Array[] {
  const k = comparators.length;
  const counts = comparators.map((c) => new Float64Array(c.levels));
  const pairs = (rows * (rows - 1)) / 2;
  const visit = (i: number, j: number): void => {
    for (let f = 0; f < k; f++) {
      const c = comparators[f] as FieldComparator;
      const a = c.col.codes[i] as number;
      const b = c.col.codes[j] as number;
      if (a < 0 || b < 0 || a === b) continue;
      const l = c.level(a, b);
      const cf = counts[f] as Float64Array;
      cf[l] = (cf[l] as number) + 1;
    }
  };
  if (pairs <= samples) {
    for (let i = 0; i < rows; i++) for (let j = i + 1; j < rows; j++) visit(i, j);
  } else {
    for (let s = 0; s < samples; s++) {
      const i = mix32(s * 2 + 1, seed) % rows;
      const j = mix32(s * 2 + 2, seed) % rows;
      if (i !== j) visit(i, j);
    }
  }
  return comparators.map((c, f) => {
    const col = c.col;
    const nn = col.nonMissing;
    let same = 0;
    for (let id = 0; id < col.freq.length; id++) {
      const q = col.freq[id] as number;
      same += q * (q - 1);
    }
    const denom = nn * (nn - 1);
    // Floor: never certain that non-matches cannot agree, so no single field gives unbounded evidence.
    const u0 = Math.min(0.999, Math.max(denom > 0 ? same / denom : 0, 0.5 / Math.max(1, denom)));
    const u = new Float64Array(c.levels);
    u[0] = u0;
    const cf = counts[f] as Float64Array;
    let total = 0;
    for (let l = 1; l < c.levels; l++) total += (cf[l] as number) + 0.5;
    for (let l = 1; l < c.levels; l++) u[l] = ((1 - u0) * ((cf[l] as number) + 0.5)) / total;
    return u;
  });
}

/**
 * Conservative m for the fallback model: a duplicate agrees exactly on a field 80% of the time and
 * disagrees outright only 2% of the time, so a pair that disagrees on an identifying field needs
 * strong agreement elsewhere to be merged.
 */
export function priorM(levels: number): Float64Array {
  const m = new Float64Array(levels);
  m[0] = levels === 2 ? 0.98 : 0.8;
  m[levels - 1] = 0.02;
  const middle = levels - 2;
  let rest = 1 - (m[0] as number) - 0.02;
  for (let l = 1; l <= middle; l++) {
    m[l] = l === middle ? rest : rest * (2 / 3);
    rest -= m[l] as number;
  }
  return m;
}

export interface EmOptions {
  maxIterations: number;
  tolerance: number;
  /** Re-estimate m from initialM; when false m stays at priorM. */
  estimateM: boolean;
  /** Re-estimate u on the candidates too (they are more alike than random pairs). */
  estimateU: boolean;
}

/** Level vectors of all candidate pairs collapsed to distinct patterns with counts, so EM scales with patterns, not pairs. */
function patterns(levelMatrix: Uint8Array, pairs: number, levels: readonly number[]): { pat: Uint8Array; count: Float64Array } {
  const k = levels.length;
  // A pattern is a number in mixed radix (levels + 1 for missing) when that fits a double exactly.
  let space = 1;
  for (const l of levels) space *= l + 1;
  const numeric = space <= Number.MAX_SAFE_INTEGER;
  const index = new Map<number | string, number>();
  const pat: number[] = [];
  const count: number[] = [];
  for (let p = 0; p < pairs; p++) {
    const at = p * k;
    let key: number | string;
    if (numeric) {
      let x = 0;
      for (let f = 0; f < k; f++) {
        const l = levelMatrix[at + f] as number;
        x = x * ((levels[f] as number) + 1) + (l === MISSING ? (levels[f] as number) : l);
      }
      key = x;
    } else {
      key = String.fromCharCode(...levelMatrix.subarray(at, at + k));
    }
    let id = index.get(key);
    if (id === undefined) {
      id = count.length;
      index.set(key, id);
      for (let f = 0; f < k; f++) pat.push(levelMatrix[at + f] as number);
      count.push(0);
    }
    count[id] = (count[id] as number) + 1;
  }
  return { pat: Uint8Array.from(pat), count: Float64Array.from(count) };
}

export function fitModel(levelMatrix: Uint8Array, pairs: number, levels: readonly number[], u0: readonly Float64Array[], opts: EmOptions): FsModel {
  const k = levels.length;
  const m = levels.map((l) => (opts.estimateM ? initialM(l) : priorM(l)));
  const u = u0.map((x) => Float64Array.from(x));
  let lambda = 0.1;
  let iterations = 0;
  if (pairs > 0) {
    const { pat, count } = patterns(levelMatrix, pairs, levels);
    const np = count.length;
    let total = 0;
    for (let p = 0; p < np; p++) total += count[p] as number;
    const mAcc = levels.map((l) => new Float64Array(l));
    const uAcc = levels.map((l) => new Float64Array(l));
    const width = Math.max(...levels);
    const logRatio = new Float64Array(k * width);
    for (; iterations < opts.maxIterations; iterations++) {
      for (let f = 0; f < k; f++) {
        (mAcc[f] as Float64Array).fill(0);
        (uAcc[f] as Float64Array).fill(0);
      }
      let matched = 0;
      const logL = Math.log(lambda);
      const logNL = Math.log(1 - lambda);
      // log(u/m) per field and level once per iteration, not once per pattern and field.
      for (let f = 0; f < k; f++) {
        const mf = m[f] as Float64Array;
        const uf = u[f] as Float64Array;
        for (let l = 0; l < (levels[f] as number); l++) logRatio[f * width + l] = Math.log(uf[l] as number) - Math.log(mf[l] as number);
      }
      for (let p = 0; p < np; p++) {
        let d = logNL - logL;
        for (let f = 0; f < k; f++) {
          const l = pat[p * k + f] as number;
          if (l === MISSING) continue;
          d += logRatio[f * width + l] as number;
        }
        const g = 1 / (1 + Math.exp(d));
        const c = count[p] as number;
        matched += c * g;
        for (let f = 0; f < k; f++) {
          const l = pat[p * k + f] as number;
          if (l === MISSING) continue;
          const ma = mAcc[f] as Float64Array;
          const ua = uAcc[f] as Float64Array;
          ma[l] = (ma[l] as number) + c * g;
          ua[l] = (ua[l] as number) + c * (1 - g);
        }
      }
      let change = 0;
      const nextLambda = Math.min(1 - 1e-6, Math.max(1e-6, matched / total));
      change = Math.max(change, Math.abs(nextLambda - lambda));
      lambda = nextLambda;
      for (let f = 0; f < k; f++) {
        if (opts.estimateM) change = Math.max(change, normaliseInto(m[f] as Float64Array, mAcc[f] as Float64Array));
        if (opts.estimateU) change = Math.max(change, normaliseInto(u[f] as Float64Array, uAcc[f] as Float64Array));
      }
      if (change < opts.tolerance) {
        iterations++;
        break;
      }
    }
  }
  // EM is symmetric in its two classes; the match class is the one that agrees more on exact values.
  let agreement = 0;
  for (let f = 0; f < k; f++) agreement += ((m[f] as Float64Array)[0] as number) - ((u[f] as Float64Array)[0] as number);
  if (opts.estimateU && opts.estimateM && agreement < 0) {
    for (let f = 0; f < k; f++) {
      const mf = m[f] as Float64Array;
      const uf = u[f] as Float64Array;
      const copy = Float64Array.from(mf);
      mf.set(uf);
      uf.set(copy);
    }
    lambda = 1 - lambda;
  }
  const weights = levels.map((l, f) => {
    const w = new Float64Array(l);
    for (let x = 0; x < l; x++) w[x] = Math.log2(((m[f] as Float64Array)[x] as number) / ((u[f] as Float64Array)[x] as number));
    return w;
  });
  return { levels: [...levels], m, u, lambda, weights, priorWeight: Math.log2(lambda / (1 - lambda)), iterations };
}

/** Writes smoothed proportions of acc into target; returns the largest change. */
function normaliseInto(target: Float64Array, acc: Float64Array): number {
  // A small pseudo-count keeps every level possible, so one unseen level cannot veto a pair.
  const alpha = 0.01;
  let sum = 0;
  for (let l = 0; l < acc.length; l++) sum += (acc[l] as number) + alpha;
  let change = 0;
  for (let l = 0; l < acc.length; l++) {
    const v = ((acc[l] as number) + alpha) / sum;
    change = Math.max(change, Math.abs(v - (target[l] as number)));
    target[l] = v;
  }
  return change;
}

/**
 * Whether a fitted model describes duplicates rather than some other split of the candidates. EM
 * only finds two groups; on a table without duplicates the groups are e.g. "same suburb" against
 * the rest, and such a model would merge neighbours. Duplicates are the same entity, so they agree
 * (exact or high) on most identifying fields: more than half of those fields must agree for at
 * least half of the matches and at least twice as often as for non-matches.
 */
export function isCredible(model: FsModel, identifying: readonly boolean[]): boolean {
  let fields = 0;
  let agreeing = 0;
  model.levels.forEach((levels, f) => {
    if (!identifying[f]) return;
    fields++;
    const m = model.m[f] as Float64Array;
    const u = model.u[f] as Float64Array;
    // Exact and high levels; kinds with only exact/else count exact alone.
    const top = levels > 2 ? 2 : 1;
    let ma = 0;
    let ua = 0;
    for (let l = 0; l < top; l++) {
      ma += m[l] as number;
      ua += u[l] as number;
    }
    if (ma >= 0.5 && ma >= 2 * ua) agreeing++;
  });
  return fields === 0 || agreeing > fields / 2;
}

/** Match probability from total evidence in bits (prior + Σ level weights). */
export function probabilityFromBits(bits: number): number {
  return 1 / (1 + Math.pow(2, -bits));
}
