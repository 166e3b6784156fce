import { describe, expect, it } from 'vitest';
import { countOutside, iqrBounds, madBounds, mode, quantiles, sortedNumbers } from './stats.js';

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
