import type { IdleStrategy } from './idle-strategy.js';

/**
 * Never sleeps: the polling thread re-polls at once and owns its core. Lowest wake-up
 * latency, at the price of a core per loop: use it only on a pinned, dedicated core (two
 * busy-spinning threads take the whole of a 2-core machine). JS has no CPU pause hint, so
 * `idle` only counts.
 */
export class BusySpinIdle implements IdleStrategy {
  /** Consecutive empty polls since the last work (diagnostics). */
  spins = 0;

  /** @hot allocation-free, never blocks. */
  idle(workCount: number): void {
    this.spins = workCount > 0 ? 0 : this.spins + 1;
  }

  reset(): void {
    this.spins = 0;
  }
}
