import type { Clock, ManualClock } from '../risk/clock.js';
import type { RiskEngine } from '../risk/risk-engine.js';

/**
 * The risk loop's engine time: where it comes from and how it reaches the engine.
 *
 * 'system' mode reads the wall clock at most once per pass, and only in a pass that found work
 * (an idle pass applies nothing, so it needs no time). 'slots' mode takes each slot's `at`
 * (stamped by its producer: replays, scenarios, feed handlers stamping arrival time); a slot
 * with NaN `at` keeps the time of the previous one.
 *
 * `now[0]` is the engine time (ms) as last set: a typed-array cell, so reading it never boxes;
 * the journal tap and the cancel-all forwarder read it there. Threading: risk thread only.
 * Allocation: none once built (in 'system' mode, with a `wallClock`).
 */
export class LoopClock {
  /** `[0]`: engine time (ms) as last set. Shared read-only with the loop's parts. */
  readonly now = new Float64Array(1);
  readonly systemClock: boolean;
  /** Wall-clock ms at engine start: engine time is `Date.now() - epoch` in 'system' mode. */
  readonly epoch: number;
  /** Whether this pass has read the wall clock. */
  private readThisPass = false;

  constructor(
    private readonly clock: ManualClock,
    private readonly engine: RiskEngine,
    mode: 'system' | 'slots',
    epoch: number,
    /** 'system' mode: the wall clock in engine ms (ClockReader: allocation-free), or undefined: `Date.now() - epoch`. */
    private readonly wallClock: Required<Clock> | undefined,
  ) {
    this.systemClock = mode === 'system';
    this.epoch = epoch;
  }

  /** @hot A new pass: the wall clock is read again when the pass finds work. */
  beginPass(): void {
    this.readThisPass = false;
  }

  /**
   * @hot A lane has work: in 'system' mode, read the wall clock once for this pass.
   * Allocation-free through `wallClock.readInto`; without a `wallClock`, one allocation per pass
   * with work (`Date.now()` returns a HeapNumber on Node 20).
   */
  onWork(): void {
    if (!this.systemClock || this.readThisPass) return;
    this.readThisPass = true;
    if (this.wallClock === undefined) this.now[0] = Date.now() - this.epoch;
    else this.wallClock.readInto(this.now, 0);
    this.sync();
  }

  /** @hot 'slots' mode: engine time becomes the slot's `at` (f64 cell `d` of `f64`), unless NaN. */
  fromSlot(f64: Float64Array, d: number): void {
    if (this.systemClock) return;
    const at = f64[d]!;
    if (at !== at) return;
    this.now[0] = at;
    this.sync();
  }

  /**
   * @hot Moves engine time from our cell to the clock's and the engine's, cell to cell: a time
   * passed as a parameter would be boxed when fractional.
   */
  private sync(): void {
    this.clock.setFrom(this.now, 0);
    this.engine.readClock();
  }
}
