/**
 * A token bucket on simulated time, as Deribit (credits) and BitMEX (requests) meter REST calls:
 * `capacity` tokens, refilled continuously at `refillPerSecond`, a request costs `cost`. A refused
 * request takes nothing.
 */
export interface BucketVerdict {
  readonly ok: boolean;
  /** Tokens left after this request (whole). */
  readonly remaining: number;
  /** Simulated ms until this request's cost is available again (0 when ok). */
  readonly retryAfterMs: number;
  /** Simulated ms at which the bucket is full again. */
  readonly fullAt: number;
}

export class TokenBucketLimit {
  readonly capacity: number;
  readonly refillPerSecond: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(capacity: number, refillPerSecond: number) {
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
  }

  /** Takes `cost` tokens from `key`'s bucket at simulated `now`. */
  take(key: string, cost: number, now: number): BucketVerdict {
    let b = this.#buckets.get(key);
    if (b === undefined) this.#buckets.set(key, (b = { tokens: this.capacity, at: now }));
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) * this.refillPerSecond) / 1000);
    b.at = now;
    const ok = b.tokens >= cost;
    if (ok) b.tokens -= cost;
    const msFor = (tokens: number): number => Math.ceil((Math.max(0, tokens) * 1000) / this.refillPerSecond);
    return { ok, remaining: Math.floor(b.tokens), retryAfterMs: ok ? 0 : msFor(cost - b.tokens), fullAt: now + msFor(this.capacity - b.tokens) };
  }
}
