import type { Clock } from '../risk/clock.js';
import { CLOCK_STATE_WORD, ClockState, NOW_WORD, clockEpoch } from './clock-block-layout.js';

/**
 * The risk thread's wall clock: engine ms since the engine's start, read from the clock block a
 * ticker thread keeps current (clock-block-layout.ts). Role: reader only; owned by one thread
 * (it keeps its own last value), any number of readers may exist on other threads.
 *
 * `readInto` allocates nothing while the ticker ticks: two int32 `Atomics.load`s on one cache
 * line, the result written into a typed-array cell (a returned epoch-size double would be boxed;
 * this value is < 2^31 and never returned). When the block is not TICKING (ticker not started,
 * stopped, expired after 24.8 days, or dead) it falls back to `Date.now() - epoch`: correct
 * time, one heap number per read.
 *
 * Precision and staleness: integral ms, like `Date.now()`. A read is never ahead of the wall
 * clock and lags it by less than 1 ms (the floor) + one tick period + the ticker's wake-up
 * latency (tens of µs on an idle core; scheduler-bound when every core is busy). Deadlines,
 * which are ms-grained, fire that much late at worst, never early.
 *
 * Monotone: the ticker only publishes growing values, and this reader also keeps the largest
 * value it returned, so switching to the fallback (whose source may step) never moves time back.
 */
export class ClockReader implements Clock {
  private readonly i32: Int32Array;
  /** `[0]`: wall-clock ms of engine time 0; `[1]`: the last value returned. Cells, never boxed fields. */
  private readonly cells = new Float64Array(2);

  constructor(block: SharedArrayBuffer) {
    this.i32 = new Int32Array(block);
    this.cells[0] = clockEpoch(block);
  }

  /** Cold: the returned double may be boxed. */
  nowMs(): number {
    this.readInto(this.cells, 1);
    return this.cells[1]!;
  }

  /** @hot allocation-free while TICKING. */
  readInto(cell: Float64Array, index: number): void {
    const cells = this.cells;
    let ms: number;
    if (Atomics.load(this.i32, CLOCK_STATE_WORD) === ClockState.TICKING) { // acquire: ticker alive, now published
      ms = Atomics.load(this.i32, NOW_WORD); // read now
    } else {
      ms = Date.now() - cells[0]!; // fallback: allocates a heap number
    }
    if (ms < cells[1]!) ms = cells[1]!;
    else cells[1] = ms;
    cell[index] = ms;
  }
}
