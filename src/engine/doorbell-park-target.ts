import type { ParkTarget } from '../ring/index.js';
import { DOORBELL_WORD, PARKED_WORD } from './control-block-layout.js';

/** What the risk thread re-checks between declaring itself parked and sleeping. */
export interface PendingWork {
  /** @hot Published, unread slots over every input ring, plus stop/attach requests (> 0: do not sleep). */
  pendingWork(): number;
}

/**
 * The consumer side of the doorbell: the `ParkTarget` of the risk thread's `ParkIdle`.
 *
 * Protocol (no lost wake-up): read the bell, declare parked, re-check every ring, then
 * `Atomics.wait` on the bell value read first. A producer's head store precedes its bell add,
 * which precedes its load of `parked`: if that load saw 0, the add came before our `parked`
 * store and so before the re-check, which then sees the head; if it saw 1, it notifies; and a
 * bell bumped after our read makes the wait return at once. Owned by the risk thread only.
 */
export class DoorbellParkTarget implements ParkTarget {
  private readonly i32: Int32Array;
  /** Sleeps taken (diagnostics). */
  sleeps = 0;

  constructor(control: SharedArrayBuffer, private readonly work: PendingWork) {
    this.i32 = new Int32Array(control);
  }

  /** @hot allocation-free; blocks up to `timeoutMs`. */
  park(timeoutMs: number): void {
    const seen = Atomics.load(this.i32, DOORBELL_WORD); // read bell before the re-check
    Atomics.store(this.i32, PARKED_WORD, 1); // declare parked
    if (this.work.pendingWork() === 0) {
      this.sleeps++;
      Atomics.wait(this.i32, DOORBELL_WORD, seen, timeoutMs); // sleep while the bell is silent
    }
    Atomics.store(this.i32, PARKED_WORD, 0); // unpark
  }
}
