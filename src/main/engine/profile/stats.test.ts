import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { countOutside, histogram, iqrBounds, madBounds, mode, quantiles, sortedNumbers } from './stats.js';

describe('stats', () => {
  const xs = sortedNumbers([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);

  it('quantiles interpolate like numpy.percentile (type 7)', () => {
    const q = quantiles(xs);
    expect(q?.p01).toBeCloseTo(1.09, 10);
    expect(q?.p25).toBeCloseTo(3.25, 10);
    expect(q?.p50).toBeCloseTo(5.5, 10);
    expect(q?.p75).toBeCloseTo(7.75, 10);
    expect(q?.p99).toBeCloseTo(9.91, 10);
    expect(quantiles(sortedNumbers([]))).toBeUndefined();
    expect(quantiles(sortedNumbers([4]))).toEqual({ p01: 4, p25: 4, p50: 4, p75: 4, p99: 4 });
  });

  it('IQR fences use k, MAD fences use t·1.4826·MAD', () => {
    expect(iqrBounds(xs)).toEqual({ lower: -3.5, upper: 14.5 });
    expect(iqrBounds(xs, 3)).toEqual({ lower: 3.25 - 13.5, upper: 7.75 + 13.5 });
    const mad = madBounds(xs);
    expect(mad?.lower).toBeCloseTo(5.5 - 3.5 * 1.4826 * 2.5, 10);
    expect(mad?.upper).toBeCloseTo(5.5 + 3.5 * 1.4826 * 2.5, 10);
  });

  it('flags a planted outlier with both methods', () => {
    const data = sortedNumbers([...Array.from({ length: 99 }, (_, i) => 50 + (i % 10)), 1000]);
    expect(countOutside(data, iqrBounds(data) ?? { lower: 0, upper: 0 })).toBe(1);
    expect(countOutside(data, madBounds(data) ?? { lower: 0, upper: 0 })).toBe(1);
  });

  it('mode breaks ties by value', () => {
    expect(mode([{ value: 'b', count: 3 }, { value: 'a', count: 3 }, { value: 'c', count: 1 }])).toBe('a');
    expect(mode([])).toBeUndefined();
  });
});

describe('histogram', () => {
  it('counts every sample value once: in a bin between p01 and p99 or in a tail', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 }), (xs) => {
      const h = histogram(sortedNumbers(xs))!;
      expect(h.counts.reduce((a, b) => a + b, 0) + h.below + h.above).toBe(xs.length);
      expect(h.lower).toBeLessThanOrEqual(h.upper);
    }));
  });

  it('puts equal-width bins over the central range, with the extremes as tails', () => {
    const xs = [...Array.from({ length: 98 }, (_, i) => i + 1), -1000, 1000];
    const h = histogram(sortedNumbers(xs), 4)!;
    expect(h.counts).toHaveLength(4);
    expect(h.below).toBe(1);
    expect(h.above).toBe(1);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(98);
    // 98 values spread evenly over four bins: none is empty, none holds most of them.
    for (const c of h.counts) expect(c).toBeGreaterThan(15);
  });

  it('is a single bin when every value is the same', () => {
    expect(histogram(sortedNumbers([5, 5, 5]))).toEqual({ lower: 5, upper: 5, counts: [3], below: 0, above: 0 });
    expect(histogram(new Float64Array(0))).toBeUndefined();
  });
});
