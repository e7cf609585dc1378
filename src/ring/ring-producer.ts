import { RingEnd } from './ring-end.js';
import { RING_FULL } from './ring-status.js';

/**
 * The producing end of an SPSC ring. Exactly one instance, on one thread, per ring: it keeps
 * the authoritative `head` in a field and only ever stores it (nobody else writes `head`).
 *
 * Protocol (claim → write → publish):
 * 1. `tryClaim()` returns the byte offset of a free slot, or `RING_FULL`. Claims accumulate:
 *    call it k times to fill k slots, none visible yet.
 * 2. The caller writes the payload with plain stores through `i32` / `f64` / `u8` (views over
 *    the WHOLE buffer, so offsets are absolute: `i32[(off >> 2) + k]`, `f64[(off >> 3) + k]`).
 * 3. `publish()` makes every claimed slot visible with one `Atomics.store` of `head`. Atomics
 *    are sequentially consistent, so the payload stores happen-before the consumer's
 *    `Atomics.load` of `head` that observes them.
 *
 * The producer caches the consumer's `tail` and re-reads it only when the cache says full.
 * When a full ring makes the caller give up on an event, `recordDrop()` counts it in the
 * header where the consumer can read it.
 */
export class RingProducer extends RingEnd {
  /** Last published index (this thread's copy of `head`). */
  private head: number;
  /** Claimed but not yet published slots. */
  private claimed = 0;
  /** The consumer's `tail` as last loaded: a lower bound of the real one. */
  private tailCache: number;

  /**
   * Attaches to a ring formatted by `createRing`/`initRing` at `byteOffset` in `buffer` (the
   * buffer may have been posted from another thread). Resumes from the indices in the header.
   * Throws `RingError` `ERR_RING_LAYOUT` when the region is not a ring.
   */
  constructor(buffer: SharedArrayBuffer, byteOffset = 0) {
    super(buffer, byteOffset);
    this.head = Atomics.load(this.i32, this.headWord); // resume own index
    this.tailCache = Atomics.load(this.i32, this.tailWord); // acquire tail
  }

  /**
   * Claims the next free slot and returns its absolute byte offset (>= 0, 64-byte aligned), or
   * `RING_FULL` when every slot is published or claimed and not yet released. The slot is
   * invisible to the consumer until `publish()`. Loads `tail` only when the cache says full.
   * @hot allocation-free, no exception.
   */
  tryClaim(): number {
    const index = (this.head + this.claimed) | 0;
    if (((index - this.tailCache) | 0) >= this.capacity) {
      this.tailCache = Atomics.load(this.i32, this.tailWord); // acquire tail
      if (((index - this.tailCache) | 0) >= this.capacity) return RING_FULL;
    }
    this.claimed++;
    return this.slotsBase + (index & this.mask) * this.slotSize;
  }

  /**
   * Publishes every claimed slot with one `Atomics.store` of `head`, then wakes the consumer
   * only if it declared itself parked. A no-op when nothing is claimed.
   * @hot allocation-free; one store, one load, a notify only after a park.
   */
  publish(): void {
    if (this.claimed === 0) return;
    this.head = (this.head + this.claimed) | 0;
    this.claimed = 0;
    Atomics.store(this.i32, this.headWord, this.head); // publish
    if (Atomics.load(this.i32, this.parkedWord) !== 0) { // consumer parked?
      Atomics.notify(this.i32, this.headWord, 1); // wake consumer
    }
  }

  /**
   * Counts one event lost to a full ring in the header's drop counter (uint32, wraps).
   * @hot allocation-free.
   */
  recordDrop(): void {
    Atomics.add(this.i32, this.dropsWord, 1); // count loss (producer is the only writer)
  }

  /** Slots claimed and not yet published. */
  get pending(): number {
    return this.claimed;
  }

  /** Full-ring losses recorded so far (uint32). */
  get drops(): number {
    return Atomics.load(this.i32, this.dropsWord) >>> 0; // own counter
  }

  /**
   * Publishes what is claimed, then marks the ring closed and wakes a parked consumer. The
   * consumer sees `closed` after (or with) the last publish. Further publishes are a misuse.
   */
  close(): void {
    this.publish();
    Atomics.store(this.i32, this.closedWord, 1); // close
    Atomics.notify(this.i32, this.headWord, 1); // wake consumer to see closed
  }
}
