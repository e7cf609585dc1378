import { attachRing } from './ring-attach.js';
import {
  CLOSED_OFFSET, DROPS_OFFSET, HEAD_OFFSET, PARKED_OFFSET, SLOTS_OFFSET, TAIL_OFFSET,
} from './spsc-ring-layout.js';

/**
 * What both ends of a ring hold after attaching: the shape, the views and the word indices of
 * the header, derived once from the layout. Not a role of its own: only `RingProducer` and
 * `RingConsumer` extend it, and each writes only its own words.
 */
export abstract class RingEnd {
  /** Int32 view over the WHOLE buffer: word `k` of a slot at byte offset `off` is `i32[(off >> 2) + k]`. */
  readonly i32: Int32Array;
  /** Float64 view over the whole buffer: `f64[(off >> 3) + k]` (slot offsets are 64-byte aligned). */
  readonly f64: Float64Array;
  /** Byte view over the whole buffer: `u8[off + k]`. */
  readonly u8: Uint8Array;
  /** Slots in the ring (a power of two). */
  readonly capacity: number;
  /** Bytes per slot (a multiple of 64). */
  readonly slotSize: number;

  protected readonly mask: number;
  /** Absolute byte offset of slot 0. */
  protected readonly slotsBase: number;
  protected readonly headWord: number;
  protected readonly tailWord: number;
  protected readonly parkedWord: number;
  protected readonly dropsWord: number;
  protected readonly closedWord: number;

  /** Throws `RingError` `ERR_RING_LAYOUT` when `byteOffset` in `buffer` is not a formatted ring. */
  protected constructor(buffer: SharedArrayBuffer, byteOffset: number) {
    const shape = attachRing(buffer, byteOffset);
    this.capacity = shape.capacity;
    this.slotSize = shape.slotSize;
    this.mask = shape.capacity - 1;
    this.i32 = new Int32Array(buffer, 0, buffer.byteLength >> 2);
    this.f64 = new Float64Array(buffer, 0, buffer.byteLength >> 3);
    this.u8 = new Uint8Array(buffer);
    this.slotsBase = byteOffset + SLOTS_OFFSET;
    this.headWord = (byteOffset + HEAD_OFFSET) >> 2;
    this.tailWord = (byteOffset + TAIL_OFFSET) >> 2;
    this.parkedWord = (byteOffset + PARKED_OFFSET) >> 2;
    this.dropsWord = (byteOffset + DROPS_OFFSET) >> 2;
    this.closedWord = (byteOffset + CLOSED_OFFSET) >> 2;
  }
}
