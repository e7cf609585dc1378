/**
 * Simulated exchange time in milliseconds since the simulator started. Only the event queue moves
 * it (`advanceTo`); the matching and fault logic read it and nothing else, so a run is a pure
 * function of (seed, profile, order flow with its arrival times).
 */
import type { Clock } from '../risk/clock.js';

export class SimClock implements Clock {
  #now = 0;

  nowMs(): number {
    return this.#now;
  }

  /** Moves time forward; time never goes back (a smaller `ms` is ignored). */
  advanceTo(ms: number): void {
    if (ms > this.#now) this.#now = ms;
  }
}
