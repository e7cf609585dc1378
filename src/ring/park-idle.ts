import type { IdleStrategy, ParkTarget } from './idle-strategy.js';
import { RingError, RingErrorCode } from './ring-error.js';

/** Back-off of a `ParkIdle`. */
export interface ParkIdleOptions {
  /** Empty polls to spin through before parking. Integer >= 0. Default 1000. */
  readonly spins?: number;
  /**
   * Longest single sleep in milliseconds, > 0. Bounds how late a missed wake-up (a `close()`
   * racing the park) or a periodic duty (heartbeat deadlines) is noticed. Default 1.
   */
  readonly parkTimeoutMs?: number;
}

/** Defaults of `ParkIdleOptions`. */
export const PARK_IDLE_DEFAULTS = Object.freeze({ spins: 1000, parkTimeoutMs: 1 });

/**
 * Spin, then park: after `spins` consecutive empty polls, each further empty poll sleeps in
 * `target.park(parkTimeoutMs)` (for a `RingConsumer`: `Atomics.wait` on the ring's head, woken
 * by the producer's `Atomics.notify`). The default strategy: it leaves the core to others
 * while idle, costing a few microseconds of wake-up latency after a sleep.
 */
export class ParkIdle implements IdleStrategy {
  readonly spins: number;
  readonly parkTimeoutMs: number;
  /** Sleeps taken so far (diagnostics). */
  parks = 0;
  private readonly target: ParkTarget;
  private empty = 0;

  /** Throws `RingError` `ERR_RING_OPTIONS` listing every invalid option. */
  constructor(target: ParkTarget, options: ParkIdleOptions = {}) {
    const spins = options.spins ?? PARK_IDLE_DEFAULTS.spins;
    const parkTimeoutMs = options.parkTimeoutMs ?? PARK_IDLE_DEFAULTS.parkTimeoutMs;
    const problems: string[] = [];
    if (!Number.isSafeInteger(spins) || spins < 0) problems.push('options.spins must be an integer >= 0');
    if (typeof parkTimeoutMs !== 'number' || !(parkTimeoutMs > 0) || !Number.isFinite(parkTimeoutMs)) {
      problems.push('options.parkTimeoutMs must be a finite number > 0');
    }
    if (problems.length > 0) throw new RingError(RingErrorCode.OPTIONS, problems);
    this.target = target;
    this.spins = spins;
    this.parkTimeoutMs = parkTimeoutMs;
  }

  /** @hot allocation-free; blocks up to `parkTimeoutMs` once the spins are used up. */
  idle(workCount: number): void {
    if (workCount > 0) {
      this.empty = 0;
      return;
    }
    if (this.empty < this.spins) {
      this.empty++;
      return;
    }
    this.parks++;
    this.target.park(this.parkTimeoutMs);
  }

  reset(): void {
    this.empty = 0;
  }
}
