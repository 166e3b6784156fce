/** Bounded, mergeable counts of value shapes ('Aa 9'), cheap per cell: a repeated shape costs one map lookup. */
import type { ValueCount } from '../../../shared/profile.js';
import { shapePattern } from '../formats/text.js';
import { shapeSignature } from './chars.js';
import { compareValueCounts } from './heavy.js';

/** Bounded number of shape patterns kept per column. @default 100 */
export const PATTERN_CAPACITY = 100;
/** Signatures remembered; the cache is dropped when it fills and rebuilt as shapes recur. */
const SIGNATURE_LIMIT = 4096;

interface Entry {
  pattern: string;
  count: number;
}

/**
 * Misra–Gries over patterns (same batched reduction as HeavyHitters). An ASCII value's shape is
 * recognised by shapeSignature without building the pattern string; only a new signature calls
 * shapePattern. Two shapes sharing a 30-bit signature would be counted together: with a few
 * hundred shapes per column the chance is about one in a million.
 */
export class PatternCounter {
  private byPattern = new Map<string, Entry>();
  private bySignature = new Map<number, Entry>();
  /** Total subtracted from every counter so far; 0 means all counts are exact. */
  error = 0;

  constructor(readonly capacity = PATTERN_CAPACITY) {}

  /** Restores the prototype of a structured-cloned instance (see ColumnSketch.revive). */
  static revive(o: PatternCounter): PatternCounter {
    return Object.setPrototypeOf(o, PatternCounter.prototype) as PatternCounter;
  }

  /** Counts the shape of `value`, `by` times. */
  add(value: string, by = 1): void {
    const sig = shapeSignature(value);
    if (sig >= 0) {
      const e = this.bySignature.get(sig);
      if (e !== undefined) {
        e.count += by;
        return;
      }
    }
    this.addPattern(shapePattern(value), by, sig);
  }

  addPattern(pattern: string, by: number, sig = -1): void {
    let e = this.byPattern.get(pattern);
    if (e === undefined) {
      e = { pattern, count: 0 };
      this.byPattern.set(pattern, e);
    }
    e.count += by;
    if (sig >= 0) {
      if (this.bySignature.size >= SIGNATURE_LIMIT) this.bySignature.clear();
      this.bySignature.set(sig, e);
    }
    if (this.byPattern.size > 2 * this.capacity) this.reduce();
  }

  merge(other: PatternCounter): void {
    this.error += other.error;
    for (const e of other.byPattern.values()) this.addPattern(e.pattern, e.count);
  }

  top(limit: number): ValueCount[] {
    const all: ValueCount[] = [];
    for (const e of this.byPattern.values()) all.push({ value: e.pattern, count: e.count });
    all.sort(compareValueCounts);
    return all.length > limit ? all.slice(0, limit) : all;
  }

  private reduce(): void {
    const cs = Float64Array.from(this.byPattern.values(), (e) => e.count).sort();
    const cut = cs[cs.length - 1 - this.capacity] as number;
    const next = new Map<string, Entry>();
    for (const e of this.byPattern.values()) if (e.count > cut) next.set(e.pattern, { pattern: e.pattern, count: e.count - cut });
    this.byPattern = next;
    // Cached entries may be gone or stale; the cache refills from the surviving patterns.
    this.bySignature.clear();
    this.error += cut;
  }
}
