/** HyperLogLog (p = 14) over seeded 32-bit hashes: mergeable distinct-count estimates. */

export const HLL_P = 14;
const M = 1 << HLL_P;
const REST = 32 - HLL_P;

export function newRegisters(): Uint8Array {
  return new Uint8Array(M);
}

/** Adds a 32-bit hash: the top p bits pick the register, the rest give the rank. */
export function hllAdd(reg: Uint8Array, hash: number): void {
  const idx = hash >>> REST;
  const rank = Math.min(Math.clz32((hash << HLL_P) >>> 0), REST) + 1;
  if (rank > (reg[idx] as number)) reg[idx] = rank;
}

/** Register-wise max: the union's registers, exactly as if every value went into one sketch. */
export function hllMerge(into: Uint8Array, from: Uint8Array): void {
  for (let i = 0; i < M; i++) {
    const v = from[i] as number;
    if (v > (into[i] as number)) into[i] = v;
  }
}

/**
 * Ertl's improved raw estimator ("New cardinality estimation algorithms for HyperLogLog sketches",
 * 2017): unbiased from a handful of values to the 32-bit hash limit, with no bias tables.
 */
export function hllEstimate(reg: Uint8Array): number {
  const hist = new Float64Array(REST + 2);
  for (let i = 0; i < M; i++) hist[reg[i] as number] = (hist[reg[i] as number] as number) + 1;
  let z = M * tau(1 - (hist[REST + 1] as number) / M);
  for (let k = REST; k >= 1; k--) z = 0.5 * (z + (hist[k] as number));
  z += M * sigma((hist[0] as number) / M);
  return Math.round((M * M) / (2 * Math.LN2) / z);
}

function sigma(x0: number): number {
  if (x0 === 1) return Number.POSITIVE_INFINITY;
  let x = x0;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const prev = z;
    z += x * y;
    y += y;
    if (z === prev) return z;
  }
}

function tau(x0: number): number {
  if (x0 === 0 || x0 === 1) return 0;
  let x = x0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const prev = z;
    y *= 0.5;
    z -= (1 - x) * (1 - x) * y;
    if (z === prev) return z / 3;
  }
}
