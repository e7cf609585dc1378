/**
 * Exponential back-off with jitter for reconnects and REST retries.
 *
 * The n-th consecutive failure waits `min(maxMs, initialMs * 2^n)`, reduced by up to `jitter`
 * of itself (a uniform draw from the injected `Random`): `base * (1 - jitter * r)`. Spreading the
 * delays keeps many clients (or many feeds of one process) from reconnecting in lock-step after a
 * venue-wide outage. `reset()` after a success starts again from `initialMs`.
 */
import type { Random } from './random.js';

export interface BackoffConfig {
  /** First delay (ms, >= 1). */
  readonly initialMs: number;
  /** Largest delay (ms, >= initialMs). */
  readonly maxMs: number;
  /** Fraction of the delay that is randomised (0..1). */
  readonly jitter: number;
}

export class Backoff {
  #failures = 0;

  constructor(readonly config: BackoffConfig, private readonly random: Random) {}

  /** The delay before the next attempt; counts one more consecutive failure. */
  next(): number {
    const { initialMs, maxMs, jitter } = this.config;
    const base = Math.min(maxMs, initialMs * 2 ** Math.min(this.#failures, 40));
    this.#failures++;
    return Math.max(0, Math.round(base * (1 - jitter * this.random())));
  }

  get failures(): number {
    return this.#failures;
  }

  reset(): void {
    this.#failures = 0;
  }
}
