/** Exact floating-point summation (Shewchuk partials, as Python's math.fsum): order-free, so merges are exact. */

/**
 * Keeps the running sum as non-overlapping partials. The rounded result is the correctly
 * rounded exact sum, so it does not depend on the order values arrived or how they were split.
 */
export class ExactSum {
  private partials: number[] = [];

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    const p = this.partials;
    let x = value;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j] as number;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    // Assigning length is a slow runtime call; most sums keep one or two partials, so avoid it.
    if (i === p.length) p.push(x);
    else {
      p[i] = x;
      if (p.length !== i + 1) p.length = i + 1;
    }
  }

  merge(other: ExactSum): void {
    for (const v of other.partials) this.add(v);
  }

  /** Restores the prototype of a structured-cloned instance (sketches cross worker threads that way). */
  static revive(o: ExactSum): ExactSum {
    return Object.setPrototypeOf(o, ExactSum.prototype) as ExactSum;
  }

  clone(): ExactSum {
    const c = new ExactSum();
    c.partials = this.partials.slice();
    return c;
  }

  /** The correctly rounded sum (falls back to a plain sum if partials overflowed). */
  value(): number {
    const p = this.partials;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n] as number;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n] as number;
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    // Round-half-even correction: the remaining partials decide which way a tie goes.
    const next = n > 0 ? (p[n - 1] as number) : 0;
    if (n > 0 && ((lo < 0 && next < 0) || (lo > 0 && next > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    if (Number.isFinite(hi)) return hi;
    let naive = 0;
    for (const v of p) naive += v;
    return naive;
  }
}
