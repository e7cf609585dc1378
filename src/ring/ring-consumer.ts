import { RingEnd } from './ring-end.js';
import { RingError, RingErrorCode } from './ring-error.js';
import type { ParkTarget } from './idle-strategy.js';

/**
 * The consuming end of an SPSC ring. Exactly one instance, on one thread, per ring: it keeps
 * the authoritative `tail` in a field and is the only writer of `tail` and `parked`.
 *
 * Protocol (poll → read → release):
 * 1. `poll()` loads `head` with `Atomics.load` (the acquire that makes the producer's payload
 *    stores visible) and returns how many published slots are unread.
 * 2. `slotOffset(i)` gives the absolute byte offset of the i-th of them; read it through
 *    `i32` / `f64` / `u8` (views over the whole buffer) with plain loads.
 * 3. `release(n)` hands the first n slots back with one `Atomics.store` of `tail`: once per
 *    batch, not per slot. A released slot may be overwritten at once; read it before.
 *
 * Also the park target of `ParkIdle`: `park()` sleeps in `Atomics.wait` on `head`.
 */
export class RingConsumer extends RingEnd implements ParkTarget {
  /** Next index to read: this thread's copy of `tail`, equal to the shared word after every release. */
  private tail: number;
  /** `head` as loaded by the last `poll()`: every index below it is published. */
  private headCache: number;

  /**
   * Attaches to a ring formatted by `createRing`/`initRing` at `byteOffset` in `buffer`.
   * Throws `RingError` `ERR_RING_LAYOUT` when the region is not a ring.
   */
  constructor(buffer: SharedArrayBuffer, byteOffset = 0) {
    super(buffer, byteOffset);
    this.tail = Atomics.load(this.i32, this.tailWord); // resume own index
    this.headCache = this.tail;
  }

  /**
   * Number of published, unreleased slots (0 when empty). Loads `head` once.
   * @hot allocation-free.
   */
  poll(): number {
    this.headCache = Atomics.load(this.i32, this.headWord); // acquire head
    return (this.headCache - this.tail) | 0;
  }

  /**
   * Absolute byte offset of the i-th unreleased slot (0 = oldest), valid for
   * `0 <= i < poll()`. No atomics: the `poll()` that counted it was the acquire.
   * @hot allocation-free, unchecked.
   */
  slotOffset(i: number): number {
    return this.slotsBase + (((this.tail + i) | 0) & this.mask) * this.slotSize;
  }

  /**
   * Hands the `n` oldest polled slots back to the producer with one store of `tail`.
   * Throws `RingError` `ERR_RING_RELEASE` if `n` exceeds what the last `poll()` counted
   * (a bug in the caller; the check is one comparison).
   * @hot allocation-free unless misused.
   */
  release(n: number): void {
    if (n <= 0) return;
    if (n > ((this.headCache - this.tail) | 0)) {
      throw new RingError(RingErrorCode.RELEASE, [`release(${n}) exceeds the ${(this.headCache - this.tail) | 0} slots last polled`]);
    }
    this.tail = (this.tail + n) | 0;
    Atomics.store(this.i32, this.tailWord, this.tail); // release batch
  }

  /**
   * Sleeps until the producer publishes past what the last `poll()` saw, closes the ring, or
   * `timeoutMs` passes. Declares `parked` first so the producer knows to notify; the wait
   * compares `head` atomically, so a publish racing the park is never lost (the wait returns
   * at once). A `close()` racing the park can be noticed only at the timeout. Call it only
   * after `poll()` returned 0. Returns the `Atomics.wait` result (an interned string).
   * @hot allocation-free; blocks the thread.
   */
  park(timeoutMs: number): string {
    Atomics.store(this.i32, this.parkedWord, 1); // declare parked
    const result = Atomics.wait(this.i32, this.headWord, this.headCache, timeoutMs); // sleep while head unchanged
    Atomics.store(this.i32, this.parkedWord, 0); // unpark
    return result;
  }

  /** Full-ring losses the producer has recorded (uint32). */
  drops(): number {
    return Atomics.load(this.i32, this.dropsWord) >>> 0; // read producer's counter
  }

  /**
   * True once the producer closed the ring. Every slot published before the close is
   * visible to the `poll()` that follows a `true` here: drain with `poll()` until it returns 0.
   */
  isClosed(): boolean {
    return Atomics.load(this.i32, this.closedWord) !== 0; // acquire closed
  }
}
