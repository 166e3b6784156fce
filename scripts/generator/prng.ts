/** Seeded sfc32 PRNG: the generator's only randomness, so a seed fully determines the output bytes. */

/** splitmix32 step: spreads a poor seed (0, 1, 2…) over all 32 bits before it enters sfc32. */
function splitmix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Chaotic generator): 128-bit state, passes PractRand, and is
 * cheap enough to reseed per row, which is how duplicates regenerate an earlier row from two seeds.
 */
export class Prng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number) {
    this.reseed(seed);
  }

  /** Resets the state from a 32-bit seed; the same seed always yields the same sequence. */
  reseed(seed: number): void {
    const s0 = splitmix32(seed >>> 0);
    const s1 = splitmix32(s0 ^ 0x6a09e667);
    const s2 = splitmix32(s1 ^ 0xbb67ae85);
    this.a = s0;
    this.b = s1;
    this.c = s2;
    this.d = 1;
    // sfc32 needs a few rounds before nearby seeds decorrelate.
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Next uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi] inclusive. */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Uniform element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Index drawn from cumulative weights (last entry is the total), e.g. built by `cumulative`. */
  weighted(cum: Float64Array): number {
    const x = this.float() * (cum[cum.length - 1] as number);
    let i = 0;
    while (i < cum.length - 1 && x >= (cum[i] as number)) i++;
    return i;
  }
}

/** Cumulative sums of weights, for `Prng.weighted`. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i] as number;
    out[i] = sum;
  }
  return out;
}
