/**
 * Where a byte decoder writes one frame's events: event slots in the ring's own format
 * (src/codec/event-slot-layout.ts, 64 bytes each), staged in a private buffer so that a frame
 * found malformed half way emits nothing (`count` is reset). The feed worker copies each slot
 * into its ring (`copySlot`), then sets the slot's instrument (the decoder writes its own symbol
 * index, -1 for "every instrument") and its arrival time.
 *
 * Slot fields as the decoders write them: `order` ARRIVAL_ORDER, `at` NaN (the worker's clock),
 * `inst` the index of the venue symbol in the decoder's symbol list.
 *
 * Owned by one decoder's caller, on one thread. Capacity grows by doubling when a frame carries
 * more events than it holds (allocates, once per new high-water mark; never in steady state).
 */
import { EVENT_SLOT_BYTES } from '../../codec/event-slot-layout.js';

export class DecodedSlots {
  i32: Int32Array;
  f64: Float64Array;
  /** Slots written for the current frame. */
  count = 0;

  constructor(capacity = 64) {
    const buf = new ArrayBuffer(capacity * EVENT_SLOT_BYTES);
    this.i32 = new Int32Array(buf);
    this.f64 = new Float64Array(buf);
  }

  get capacity(): number {
    return this.f64.length / (EVENT_SLOT_BYTES >> 3);
  }

  /** @hot Byte offset of a new slot (grows the buffer when full). */
  claim(): number {
    if (this.count === this.capacity) this.#grow();
    return this.count++ * EVENT_SLOT_BYTES;
  }

  #grow(): void {
    const buf = new ArrayBuffer(this.capacity * 2 * EVENT_SLOT_BYTES);
    new Uint8Array(buf).set(new Uint8Array(this.f64.buffer));
    this.i32 = new Int32Array(buf);
    this.f64 = new Float64Array(buf);
  }
}
