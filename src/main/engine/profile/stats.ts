/** Sample statistics: quantiles, median/mode for imputation, IQR and MAD outlier bounds. */
import type { ValueCount } from '../../../shared/profile.js';
import { compareValueCounts } from './heavy.js';

/** @default 1.5 */
export const DEFAULT_IQR_K = 1.5;
/** @default 3.5 */
export const DEFAULT_MAD_T = 3.5;
/** Scales the MAD to a standard deviation under normality. */
const MAD_SCALE = 1.4826;

export interface Quantiles { p01: number; p25: number; p50: number; p75: number; p99: number }
export interface Bounds { lower: number; upper: number }

/** Sorts a copy ascending (typed array sort is numeric and fast). */
export function sortedNumbers(values: ArrayLike<number>): Float64Array {
  const a = Float64Array.from(values);
  a.sort();
  return a;
}

/** Linear interpolation between closest ranks (R type 7, numpy's default). `sorted` must be ascending and non-empty. */
export function quantile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  if (lo + 1 >= n) return a;
  const b = sorted[lo + 1] as number;
  return a + (h - lo) * (b - a);
}

export function quantiles(sorted: Float64Array): Quantiles | undefined {
  if (sorted.length === 0) return undefined;
  return {
    p01: quantile(sorted, 0.01),
    p25: quantile(sorted, 0.25),
    p50: quantile(sorted, 0.5),
    p75: quantile(sorted, 0.75),
    p99: quantile(sorted, 0.99),
  };
}

export interface Histogram { lower: number; upper: number; counts: number[]; below: number; above: number }

/**
 * Equal-width bins over [p01, p99] of a sorted sample, so one extreme value cannot squeeze every other
 * value into a single bar; values outside are counted as tails. Undefined for an empty sample.
 */
export function histogram(sorted: Float64Array, bins = 24): Histogram | undefined {
  if (sorted.length === 0) return undefined;
  const lower = quantile(sorted, 0.01);
  const upper = quantile(sorted, 0.99);
  const n = upper > lower ? bins : 1;
  const counts = new Array<number>(n).fill(0);
  const width = (upper - lower) / n;
  let below = 0;
  let above = 0;
  for (const v of sorted) {
    if (v < lower) below++;
    else if (v > upper) above++;
    else {
      const i = width > 0 ? Math.min(n - 1, Math.floor((v - lower) / width)) : 0;
      counts[i] = (counts[i] ?? 0) + 1;
    }
  }
  return { lower, upper, counts, below, above };
}

/** Tukey fences: [Q1 − k·IQR, Q3 + k·IQR]. */
export function iqrBounds(sorted: Float64Array, k = DEFAULT_IQR_K): Bounds | undefined {
  if (sorted.length === 0) return undefined;
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const iqr = q3 - q1;
  return { lower: q1 - k * iqr, upper: q3 + k * iqr };
}

/** Robust z-score fences: median ± t·1.4826·MAD (Iglewicz & Hoaglin use t = 3.5). */
export function madBounds(sorted: Float64Array, t = DEFAULT_MAD_T): Bounds | undefined {
  if (sorted.length === 0) return undefined;
  const med = quantile(sorted, 0.5);
  const dev = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) dev[i] = Math.abs((sorted[i] as number) - med);
  dev.sort();
  const mad = quantile(dev, 0.5);
  const w = t * MAD_SCALE * mad;
  return { lower: med - w, upper: med + w };
}

/** How many of `sorted` fall strictly outside `b`. */
export function countOutside(sorted: Float64Array, b: Bounds): number {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    if (v < b.lower || v > b.upper) n++;
  }
  return n;
}

/** Most frequent value; ties go to the smallest value in code-unit order, so the choice is stable. */
export function mode(counts: Iterable<ValueCount>): string | undefined {
  let best: ValueCount | undefined;
  for (const vc of counts) if (best === undefined || compareValueCounts(vc, best) < 0) best = vc;
  return best?.value;
}

export function mean(values: ArrayLike<number>): number | undefined {
  if (values.length === 0) return undefined;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] as number;
  return s / values.length;
}
