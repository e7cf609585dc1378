/**
 * Byte layout of one single-producer/single-consumer ring inside a SharedArrayBuffer.
 * The single definition of every offset: producer, consumer, creator and tests import it.
 *
 * One producer thread, one consumer thread. A ring starts at `byteOffset` (a multiple of 128)
 * in its buffer; every offset below is relative to that start.
 *
 * ```
 *  offset  line (128 B each)   words                                      written by
 *  ------  ------------------  -----------------------------------------  -----------------
 *     0    META                +0  magic    u32  'RGSR'                   creator, once,
 *                              +4  version  u32                           before the buffer
 *                              +8  slotSize u32  bytes, multiple of 64    is shared
 *                              +12 capacity u32  power of two
 *                              +16..127 zero
 *   128    PRODUCER            +0  head     i32  next index to publish    producer only
 *                              +4  drops    u32  full-ring losses
 *                              +8  closed   i32  1 = no more publishes
 *                              +12..127 zero
 *   256    CONSUMER            +0  tail     i32  next index to read       consumer only
 *                              +4..127 zero
 *   384    PARKED              +0  parked   i32  1 = consumer may sleep   consumer only
 *                              +4..127 zero
 *   512    SLOTS               capacity x slotSize bytes                  producer writes a
 *          slot i at 512 + (index & (capacity-1)) * slotSize              claimed slot, consumer
 *                                                                         reads a published one
 * ```
 *
 * - Each line is 128 bytes, not 64: adjacent-line prefetchers pull cache lines in pairs, so
 *   two words written by different threads need 128 bytes between them to never share.
 * - `head` and `tail` are free-running int32 counters that wrap at 2^32; `head - tail`
 *   (int32 arithmetic) is the fill level and `index & (capacity - 1)` the slot.
 * - `parked` has a line of its own because the producer loads it after every publish: on the
 *   tail line that load would pull the line the consumer writes once per batch, defeating the
 *   producer's cached tail.
 * - `drops` (full-ring losses) and `closed` share the producer line: same writer, rare writes.
 * - The padding bytes of every header line stay zero (tests use them as canaries).
 */

/** Bytes between words written by different threads (two 64-byte cache lines). */
export const LINE_BYTES = 128;
/** Slot sizes are multiples of this (one cache line), so slot offsets are 64- and 8-byte aligned. */
export const SLOT_ALIGN = 64;

/** `'RGSR'` little-endian: identifies a formatted ring region. */
export const RING_MAGIC = 0x52_53_47_52;
/** Bump when any offset or word meaning below changes. */
export const RING_VERSION = 1;

export const MIN_CAPACITY = 2;
export const MAX_CAPACITY = 1 << 20;
export const MIN_SLOT_SIZE = SLOT_ALIGN;
export const MAX_SLOT_SIZE = 1 << 16;

// META line: written once by the creator before the buffer is shared (read-only afterwards).
export const META_LINE = 0;
export const MAGIC_OFFSET = META_LINE;
export const VERSION_OFFSET = MAGIC_OFFSET + 4;
export const SLOT_SIZE_OFFSET = VERSION_OFFSET + 4;
export const CAPACITY_OFFSET = SLOT_SIZE_OFFSET + 4;

// PRODUCER line: written only by the producer thread.
export const PRODUCER_LINE = META_LINE + LINE_BYTES;
/** Next index the producer will publish; `Atomics.store` here is the commit of every payload. */
export const HEAD_OFFSET = PRODUCER_LINE;
/** Full-ring losses recorded by the producer (`recordDrop`), uint32, wraps. */
export const DROPS_OFFSET = HEAD_OFFSET + 4;
/** 1 once the producer has closed the ring (no more publishes). */
export const CLOSED_OFFSET = DROPS_OFFSET + 4;

// CONSUMER line: written only by the consumer thread.
export const CONSUMER_LINE = PRODUCER_LINE + LINE_BYTES;
/** Next index the consumer will read; stored once per released batch. */
export const TAIL_OFFSET = CONSUMER_LINE;

// PARKED line: written only by the consumer thread, loaded by the producer after each publish.
export const PARKED_LINE = CONSUMER_LINE + LINE_BYTES;
/** 1 while the consumer is (about to be) asleep in `Atomics.wait` on `head`. */
export const PARKED_OFFSET = PARKED_LINE;

/** First slot; a multiple of 128, so every slot starts 64-byte aligned. */
export const SLOTS_OFFSET = PARKED_LINE + LINE_BYTES;
/** Header bytes before the slots. */
export const HEADER_BYTES = SLOTS_OFFSET;

/** Every header line, in address order: for tests and diagnostics. */
export const HEADER_LINES = Object.freeze([META_LINE, PRODUCER_LINE, CONSUMER_LINE, PARKED_LINE]);
/** Header words in use (byte offsets); every other header byte is zero padding. */
export const HEADER_WORDS = Object.freeze([
  MAGIC_OFFSET, VERSION_OFFSET, SLOT_SIZE_OFFSET, CAPACITY_OFFSET,
  HEAD_OFFSET, DROPS_OFFSET, CLOSED_OFFSET, TAIL_OFFSET, PARKED_OFFSET,
]);

/** Bytes a ring of `capacity` slots of `slotSize` bytes occupies from its `byteOffset`. */
export function ringByteLength(capacity: number, slotSize: number): number {
  return SLOTS_OFFSET + capacity * slotSize;
}
