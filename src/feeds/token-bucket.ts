/**
 * The REST budget: a token bucket holding at most `capacity` tokens, refilled continuously at
 * `capacity` per `perMs`. Each request takes one token; none left means "not now" (the caller
 * tries again later), never a queue. Time is injected.
 */
import type { FeedClock } from './feed-timers.js';

export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(private readonly capacity: number, private readonly perMs: number, private readonly clock: FeedClock) {
    this.#tokens = capacity;
    this.#at = clock.nowMs();
  }

  /** Takes one token if available. */
  take(): boolean {
    const now = this.clock.nowMs();
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#at) * this.capacity) / this.perMs);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  get tokens(): number {
    return this.#tokens;
  }
}
