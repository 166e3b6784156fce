/** Misra–Gries heavy hitters with batched reduction: bounded memory, mergeable, deterministic output. */
import type { ValueCount } from '../../../shared/profile.js';

/**
 * Counts exactly until more than 2·capacity distinct keys are held, then subtracts the
 * (capacity+1)-th largest count from every counter (Agarwal et al., "Mergeable summaries").
 * Any key's reported count undercounts its true count by at most `error`.
 */
export class HeavyHitters {
  counts = new Map<string, number>();
  /** Total subtracted from every counter so far; 0 means all counts are exact. */
  error = 0;

  constructor(readonly capacity: number) {}

  add(key: string, by = 1): void {
    const c = this.counts.get(key);
    this.counts.set(key, c === undefined ? by : c + by);
    if (this.counts.size > 2 * this.capacity) this.reduce();
  }

  get exact(): boolean {
    return this.error === 0;
  }

  merge(other: HeavyHitters): void {
    this.error += other.error;
    for (const [k, c] of other.counts) {
      const mine = this.counts.get(k);
      this.counts.set(k, mine === undefined ? c : mine + c);
    }
    if (this.counts.size > 2 * this.capacity) this.reduce();
  }

  clone(): HeavyHitters {
    const h = new HeavyHitters(this.capacity);
    h.error = this.error;
    for (const [k, c] of this.counts) h.counts.set(k, c);
    return h;
  }

  /** The `limit` largest counters, count descending then value ascending (code-unit order). */
  top(limit: number): ValueCount[] {
    const all: ValueCount[] = [];
    for (const [value, count] of this.counts) all.push({ value, count });
    all.sort(compareValueCounts);
    return all.length > limit ? all.slice(0, limit) : all;
  }

  private reduce(): void {
    const cs = new Float64Array(this.counts.size);
    let i = 0;
    for (const c of this.counts.values()) cs[i++] = c;
    cs.sort();
    // (capacity+1)-th largest; everything at or below it drops out, so at most `capacity` remain.
    const cut = cs[cs.length - 1 - this.capacity] as number;
    // A fresh map is cheaper than deleting most keys from the old one (no tombstones, no rehash).
    const next = new Map<string, number>();
    for (const [k, c] of this.counts) if (c > cut) next.set(k, c - cut);
    this.counts = next;
    this.error += cut;
  }
}

export function compareValueCounts(a: ValueCount, b: ValueCount): number {
  if (a.count !== b.count) return b.count - a.count;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}
