import {
  CAPACITY_OFFSET, HEADER_BYTES, LINE_BYTES, MAGIC_OFFSET, MAX_CAPACITY, MAX_SLOT_SIZE,
  MIN_CAPACITY, MIN_SLOT_SIZE, RING_MAGIC, RING_VERSION, SLOT_ALIGN, SLOT_SIZE_OFFSET,
  VERSION_OFFSET, ringByteLength,
} from './spsc-ring-layout.js';
import { RingError, RingErrorCode } from './ring-error.js';

/** Shape of a ring, fixed at creation. */
export interface RingOptions {
  /** Number of slots: a power of two from 2 to 2^20. */
  readonly capacity: number;
  /** Bytes per slot: a multiple of 64 from 64 to 65536. */
  readonly slotSize: number;
}

const KNOWN_KEYS: readonly string[] = ['capacity', 'slotSize'];
/** Slot offsets are shifted with `>> 2` / `>> 3` by codecs: keep every byte below 2^31. */
const MAX_END = 2 ** 31;

/**
 * Every problem with `options` for a ring placed at `byteOffset` in a buffer of `bufferBytes`
 * (omit it for a new buffer). Empty when valid. Off the hot path.
 */
export function ringOptionProblems(options: RingOptions, byteOffset = 0, bufferBytes?: number): string[] {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null) return ['options must be an object'];
  for (const key of Object.keys(options)) {
    if (!KNOWN_KEYS.includes(key)) problems.push(`options.${key} is not a ring option (known: ${KNOWN_KEYS.join(', ')})`);
  }
  const { capacity, slotSize } = options;
  const capacityOk = Number.isInteger(capacity) && capacity >= MIN_CAPACITY && capacity <= MAX_CAPACITY
    && (capacity & (capacity - 1)) === 0;
  if (!capacityOk) problems.push(`options.capacity must be a power of two from ${MIN_CAPACITY} to 2^20`);
  const slotOk = Number.isInteger(slotSize) && slotSize >= MIN_SLOT_SIZE && slotSize <= MAX_SLOT_SIZE
    && slotSize % SLOT_ALIGN === 0;
  if (!slotOk) problems.push(`options.slotSize must be a multiple of ${SLOT_ALIGN} from ${MIN_SLOT_SIZE} to ${MAX_SLOT_SIZE}`);
  if (!Number.isInteger(byteOffset) || byteOffset < 0 || byteOffset % LINE_BYTES !== 0) {
    problems.push(`byteOffset must be a non-negative multiple of ${LINE_BYTES}`);
  }
  if (problems.length > 0) return problems;
  const end = byteOffset + ringByteLength(capacity, slotSize);
  if (end > MAX_END) problems.push(`the ring must end below 2^31 bytes (it would end at ${end})`);
  if (bufferBytes !== undefined && end > bufferBytes) {
    problems.push(`the ring needs bytes ${byteOffset} to ${end} but the buffer has ${bufferBytes}`);
  }
  return problems;
}

/**
 * Formats a ring region at `byteOffset` (a multiple of 128) inside an existing buffer: zeroes
 * it and writes the META line. Call it before the buffer is shared with the other thread
 * (the post of the buffer is the happens-before edge for the META line). Use it to pack
 * several rings, or guard words, in one buffer. Throws `RingError` `ERR_RING_OPTIONS`.
 */
export function initRing(buffer: SharedArrayBuffer, byteOffset: number, options: RingOptions): void {
  if (!(buffer instanceof SharedArrayBuffer)) {
    throw new RingError(RingErrorCode.OPTIONS, ['buffer must be a SharedArrayBuffer']);
  }
  const problems = ringOptionProblems(options, byteOffset, buffer.byteLength);
  if (problems.length > 0) throw new RingError(RingErrorCode.OPTIONS, problems);
  const length = ringByteLength(options.capacity, options.slotSize);
  new Uint8Array(buffer, byteOffset, length).fill(0);
  const meta = new Uint32Array(buffer, byteOffset, HEADER_BYTES >> 2);
  meta[VERSION_OFFSET >> 2] = RING_VERSION;
  meta[SLOT_SIZE_OFFSET >> 2] = options.slotSize;
  meta[CAPACITY_OFFSET >> 2] = options.capacity;
  // magic last: a region is a ring only once its shape words are in place
  Atomics.store(meta, MAGIC_OFFSET >> 2, RING_MAGIC); // format
}

/**
 * A new SharedArrayBuffer holding exactly one formatted ring at offset 0. Post it to the
 * producer's and the consumer's threads and build a `RingProducer` / `RingConsumer` on each.
 * Throws `RingError` `ERR_RING_OPTIONS` listing every invalid option.
 */
export function createRing(options: RingOptions): SharedArrayBuffer {
  const problems = ringOptionProblems(options);
  if (problems.length > 0) throw new RingError(RingErrorCode.OPTIONS, problems);
  const buffer = new SharedArrayBuffer(ringByteLength(options.capacity, options.slotSize));
  initRing(buffer, 0, options);
  return buffer;
}
