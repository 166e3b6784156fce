import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cell } from '../table.js';
import { ExactSum } from './exactSum.js';
import { HashHeavyHitters, selectNth } from './hashHeavy.js';
import { HeavyHitters } from './heavy.js';
import { hllAdd, hllEstimate, newRegisters } from './hll.js';
import { PatternCounter } from './patterns.js';
import { ColumnSketch, type SketchSnapshot } from './sketches.js';
import { shapePattern } from '../formats/text.js';
import { murmur32 } from '../hash.js';

function sketchOf(cells: readonly Cell[], capacity: number, batch = 7): ColumnSketch {
  const s = new ColumnSketch(42, capacity);
  for (let i = 0; i < cells.length; i += batch) {
    const part = cells.slice(i, i + batch);
    s.addColumn(part, part.length);
  }
  return s;
}

/** The parts of a snapshot that merging must reproduce exactly. */
function exactParts(s: SketchSnapshot): Partial<SketchSnapshot> {
  const { top, patterns, ...rest } = s;
  return { ...rest, ...(s.topExact ? { top } : {}), ...(patterns.length <= 20 ? { patterns } : {}) };
}

const cell = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom('', '  ', ' a', 'a ', 'a  b', 'A', 'a', 'b', '1,200', '$5', '12%', 'x\u200by', 'e\u0301') },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 60 }).map((n) => `v${n}`) },
  { weight: 2, arbitrary: fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 10_000 }).map((n) => String(n)) },
);

describe('ColumnSketch', () => {
  it('counts nulls, blanks, types, whitespace, invisible characters and numbers', () => {
    const s = sketchOf([null, '', '  ', ' x', 'y ', 'a  b', 'a\tb', 'l1\nl2', 'z\u200b', 'e\u0301', '1,234.5', '$7', 3, true, 'x', 'x'], 1000);
    const snap = s.snapshot();
    expect(snap).toMatchObject({
      count: 16, nulls: 1, blanks: 2, types: { string: 13, number: 1, boolean: 1 },
      edgeSpace: 2, innerSpace: 2, lineBreaks: 1, invisible: 1, nonNfc: 1,
      numeric: { count: 3, integers: 2, min: 3, max: 1234.5, sum: 1244.5 },
      distinct: 12, distinctExact: true,
    });
    expect(snap.top.slice(0, 2)).toEqual([{ value: 'x', count: 2 }, { value: ' x', count: 1 }]);
    expect(s.present).toBe(13);
  });

  it('switches to HyperLogLog past the capacity and estimates within 2%', () => {
    const cells = Array.from({ length: 50_000 }, (_, i) => `id-${i}`);
    const s = sketchOf(cells, 1000, 4096);
    expect(s.isExact).toBe(false);
    expect(Math.abs(s.distinct() - 50_000) / 50_000).toBeLessThan(0.02);
    expect(s.patterns(5)).toEqual([{ value: 'a-9', count: 50_000 }]);
  });

  it('keeps frequent values in the top list once big (Misra–Gries guarantee)', () => {
    const cells: string[] = [];
    for (let i = 0; i < 20_000; i++) cells.push(i % 10 === 0 ? 'common' : i % 25 === 0 ? 'second' : `u${i}`);
    const s = sketchOf(cells, 100, 1000);
    const top = s.top(2);
    expect(top.map((t) => t.value)).toEqual(['common', 'second']);
    expect(top[0]?.count).toBeLessThanOrEqual(2000);
    expect(top[0]?.count).toBeGreaterThanOrEqual(2000 - 20_000 / 101);
  });

  it('merge(sketch(A), sketch(B)) equals sketch(A ∪ B) on every exact part (property)', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 300 }), fc.array(cell, { maxLength: 300 }), fc.constantFrom(8, 40, 1000), (a, b, cap) => {
        const whole = sketchOf([...a, ...b], cap, 13);
        const merged = sketchOf(a, cap, 5);
        merged.merge(sketchOf(b, cap, 3));
        expect(exactParts(merged.snapshot())).toEqual(exactParts(whole.snapshot()));
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same snapshot for any batch size', () => {
    const cells = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? null : `k${(i * 7919) % 1500}`));
    const ref = JSON.stringify(sketchOf(cells, 1000, 5000).snapshot());
    for (const size of [1, 33, 1024]) expect(JSON.stringify(sketchOf(cells, 1000, size).snapshot())).toBe(ref);
  });
});

describe('ExactSum', () => {
  it('is exact where naive summation is not, and order-free (property)', () => {
    const s = new ExactSum();
    for (const x of [1e100, 1, -1e100, 0.1, 0.2]) s.add(x);
    expect(s.value()).toBe(1.3);
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), { maxLength: 60 }), (xs) => {
        const fwd = new ExactSum();
        const rev = new ExactSum();
        xs.forEach((x) => fwd.add(x));
        [...xs].reverse().forEach((x) => rev.add(x));
        expect(fwd.value()).toBe(rev.value());
      }),
    );
  });
});

describe('HyperLogLog', () => {
  it('merging registers is the same as adding both sets to one', () => {
    const a = newRegisters();
    const b = newRegisters();
    const both = newRegisters();
    for (let i = 0; i < 3000; i++) {
      const h = murmur32(`x${i}`, 1);
      hllAdd(i % 2 ? a : b, h);
      hllAdd(both, h);
    }
    for (let i = 0; i < a.length; i++) a[i] = Math.max(a[i] as number, b[i] as number);
    expect(a).toEqual(both);
    expect(Math.abs(hllEstimate(both) - 3000)).toBeLessThan(60);
  });
});

describe('heavy hitters', () => {
  it('Map and hash-table variants agree and merge', () => {
    const m = new HeavyHitters(5);
    const h = new HashHeavyHitters(5);
    const other = new HashHeavyHitters(5);
    const keys = ['a', 'b', 'a', 'c', 'a', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'a', 'b'];
    for (const k of keys) {
      m.add(k);
      h.add(k, murmur32(k, 0));
    }
    expect(h.top(3)).toEqual(m.top(3));
    // Misra–Gries undercounts by at most the total subtracted.
    const a = h.top(1)[0];
    expect(a?.value).toBe('a');
    expect(a?.count).toBeLessThanOrEqual(4);
    expect(a?.count).toBeGreaterThanOrEqual(4 - h.error);
    const before = a?.count ?? 0;
    other.add('a', murmur32('a', 0), 3);
    h.merge(other);
    expect(h.top(1)).toEqual([{ value: 'a', count: before + 3 }]);
  });

  it('selectNth finds the k-th smallest', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 80 }), fc.nat(), (xs, k0) => {
        const k = k0 % xs.length;
        const sorted = [...xs].sort((p, q) => p - q);
        expect(selectNth(Float64Array.from(xs), k)).toBe(sorted[k]);
      }),
    );
  });
});

describe('PatternCounter', () => {
  it('counts exactly what shapePattern says, through the signature cache (property)', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'B', '7', ' ', '-', '.', '/', '\t', 'é', 'Ö', '٣'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 200 }), (values) => {
        const pc = new PatternCounter(1000);
        const expected = new Map<string, number>();
        for (const v of values) {
          pc.add(v);
          const p = shapePattern(v);
          expected.set(p, (expected.get(p) ?? 0) + 1);
        }
        const got = new Map(pc.top(10_000).map((x) => [x.value, x.count]));
        expect(got).toEqual(expected);
      }),
    );
  });
});
