/** Fast non-cryptographic hashing for keys (sha256 is kept for fingerprints and the audit chain). */
import { createHash } from 'node:crypto';

/** 32-bit MurmurHash3 over the UTF-16 code units of `s`. */
export function murmur32(s: string, seed: number): number {
  let h = seed >>> 0;
  const n = s.length;
  let i = 0;
  for (; i + 1 < n; i += 2) {
    let k = (s.charCodeAt(i) & 0xffff) | ((s.charCodeAt(i + 1) & 0xffff) << 16);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (i < n) {
    let k = s.charCodeAt(i) & 0xffff;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= n * 2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 64-bit key as two independent 32-bit halves, combined into a hex string only when needed. */
export function hash64(s: string, seed = 0): [number, number] {
  return [murmur32(s, seed ^ 0x9747b28c), murmur32(s, seed ^ 0x5bd1e995)];
}

/** Derives a 32-bit seed from a salt string, so every seeded structure follows the plan's salt. */
export function seedFromSalt(salt: string): number {
  return murmur32(salt, 0x12345678);
}

/** Mixes an integer with a seed into a uniform 32-bit value (for sampling priorities). */
export function mix32(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
