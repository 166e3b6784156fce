/** Per-client token buckets for the HTTP API: bounds request rate, and with it guessing at the access token. */

export interface RateLimitOptions {
  /** Requests a client may make in a burst. @default 120 */
  burst?: number;
  /** Requests per second a client earns back. @default 30 */
  perSecond?: number;
  /** Clients tracked at once; idle ones are forgotten first. @default 10000 */
  maxClients?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;
  private readonly perMs: number;
  private readonly maxClients: number;

  /** `now` is injectable so tests need no sleeping. */
  constructor(opts: RateLimitOptions = {}, private readonly now: () => number = () => performance.now()) {
    this.burst = opts.burst ?? 120;
    this.perMs = (opts.perSecond ?? 30) / 1000;
    this.maxClients = opts.maxClients ?? 10_000;
    if (!(this.burst >= 1) || !(this.perMs > 0)) throw new Error('rate limit: burst must be at least 1 and perSecond above 0');
  }

  /** Takes one token for `client`; returns 0 when allowed, else the milliseconds until the next token. */
  take(client: string): number {
    const t = this.now();
    let b = this.buckets.get(client);
    if (b === undefined) {
      if (this.buckets.size >= this.maxClients) this.forgetIdle(t);
      b = { tokens: this.burst, at: t };
    } else {
      // Re-inserted below, so the map stays in least-recently-seen order.
      this.buckets.delete(client);
      b.tokens = Math.min(this.burst, b.tokens + (t - b.at) * this.perMs);
      b.at = t;
    }
    this.buckets.set(client, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / this.perMs);
  }

  get clients(): number {
    return this.buckets.size;
  }

  /** Drops full buckets (clients quiet long enough to have earned everything back), then the oldest if still too many. */
  private forgetIdle(t: number): void {
    const full = this.burst / this.perMs;
    for (const [k, b] of this.buckets) if (t - b.at >= full) this.buckets.delete(k);
    while (this.buckets.size >= this.maxClients) {
      const oldest = this.buckets.keys().next().value as string;
      this.buckets.delete(oldest);
    }
  }
}
