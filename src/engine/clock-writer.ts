import { CLOCK_MAX_MS, CLOCK_STATE_WORD, ClockState, NOW_WORD, clockEpoch } from './clock-block-layout.js';

/**
 * Wall-clock ms from a monotonic source: `performance.timeOrigin` (this thread's start, in wall
 * ms, sub-ms) + `performance.now()`. An NTP step of the system clock after the start does not
 * move it (CLOCK_MONOTONIC is only slewed, so it stays within ms of the wall clock over days).
 */
export function monotonicWallMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The writing end of a clock block (clock-block-layout.ts): the ticker thread's only object.
 * Role: one writer thread; readers are ClockReaders on any thread.
 *
 * `tick()` publishes `floor(wallMs() - epoch)` into `now`, only when it grew (monotone; and the
 * reader's cache line is left alone within a millisecond), then marks the block TICKING after
 * the first value. Past `CLOCK_MAX_MS` it stores EXPIRED and returns false: the ticker stops.
 * Allocates (the time source returns heap numbers): that is the ticker's job, not the risk
 * thread's.
 */
export class ClockWriter {
  private readonly i32: Int32Array;
  private readonly epoch: number;
  /** Last published ms (-1: none yet). */
  private last = -1;

  constructor(block: SharedArrayBuffer, private readonly wallMs: () => number = monotonicWallMs) {
    this.i32 = new Int32Array(block);
    this.epoch = clockEpoch(block);
  }

  /** Publishes the current time. Returns false once the block expired (stop ticking). */
  tick(): boolean {
    const ms = Math.max(0, Math.floor(this.wallMs() - this.epoch)); // before the epoch (sub-ms skew at start): time 0
    if (ms <= this.last) return true; // same ms, or the source stepped back: keep the later value
    if (ms > CLOCK_MAX_MS) {
      Atomics.store(this.i32, CLOCK_STATE_WORD, ClockState.EXPIRED); // retire: readers fall back to Date.now()
      return false;
    }
    const first = this.last < 0;
    this.last = ms;
    Atomics.store(this.i32, NOW_WORD, ms); // publish now
    if (first) Atomics.store(this.i32, CLOCK_STATE_WORD, ClockState.TICKING); // now is authoritative (after its first value)
    return true;
  }

  /** Marks the block STOPPED (the ticker's last store before it exits), unless it expired. */
  stopped(): void {
    if (Atomics.load(this.i32, CLOCK_STATE_WORD) !== ClockState.EXPIRED) { // own word: expired stays expired
      Atomics.store(this.i32, CLOCK_STATE_WORD, ClockState.STOPPED); // retire: now no longer advances
    }
  }
}
