/** One-permutation MinHash band keys: equal rows collide, disjoint rows do not, close rows usually share a band. */
import { describe, expect, it } from 'vitest';
import { FieldColumn } from './columns.js';
import { computeBandKeys, lshParams } from './minhash.js';

function bandKeys(values: string[], seed = 7): Promise<{ keys: Uint32Array; bands: number; n: number }> {
  const col = new FieldColumn({ name: 'name', type: 'text' });
  col.add(values, values.length);
  col.finalize();
  const params = lshParams(0.4, 150);
  const reps = Int32Array.from(values.keys());
  return computeBandKeys([col], reps, seed, params, 1).then((bk) => ({ keys: bk.keys, bands: params.bands, n: values.length }));
}

function sharedBands(k: { keys: Uint32Array; bands: number; n: number }, a: number, b: number): number {
  let shared = 0;
  for (let band = 0; band < k.bands; band++) if (k.keys[band * k.n + a] === k.keys[band * k.n + b]) shared++;
  return shared;
}

/** 30 pseudo-random letters per i: values of different i share almost no 3-grams. */
function words(i: number): string {
  let x = (i + 1) * 2654435761 >>> 0;
  let s = '';
  for (let c = 0; c < 30; c++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    s += String.fromCharCode(97 + (x >>> 27) % 26);
  }
  return s;
}

describe('computeBandKeys (one-permutation MinHash)', () => {
  it('gives rows with the same value the same key in every band, for any seed', async () => {
    for (const seed of [1, 2, 99]) {
      const k = await bandKeys(['12 long meadow road springfield', 'quite another value here', '12 long meadow road springfield'], seed);
      expect(sharedBands(k, 0, 2)).toBe(k.bands);
    }
  });

  it('puts close values (one typo) in a common band far more often than unrelated ones', async () => {
    const values: string[] = [];
    const pairs = 100;
    for (let i = 0; i < pairs; i++) {
      const v = words(i);
      const at = 3 + (i % (v.length - 4));
      values.push(v, v.slice(0, at) + 'x' + v.slice(at + 1));
    }
    const k = await bandKeys(values);
    let close = 0;
    let far = 0;
    for (let i = 0; i < pairs; i++) {
      if (sharedBands(k, 2 * i, 2 * i + 1) > 0) close++;
      if (sharedBands(k, 2 * i, (2 * i + 41) % (2 * pairs)) > 0) far++;
    }
    expect(close).toBeGreaterThanOrEqual(95);
    expect(far).toBeLessThan(10);
  });
});
