/** HyperLogLog (p = 14) over seeded 32-bit hashes: mergeable distinct-count estimates. */

export const HLL_P = 14;
const M = 1 << HLL_P;
const REST = 32 - HLL_P;
const ALPHA = 0.7213 / (1 + 1.079 / M);
const TWO32 = 4294967296;

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

export function hllEstimate(reg: Uint8Array): number {
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < M; i++) {
    const r = reg[i] as number;
    sum += 2 ** -r;
    if (r === 0) zeros++;
  }
  let e = (ALPHA * M * M) / sum;
  if (e <= 2.5 * M && zeros > 0) e = M * Math.log(M / zeros);
  else if (e > TWO32 / 30) e = -TWO32 * Math.log(1 - e / TWO32);
  return Math.round(e);
}
