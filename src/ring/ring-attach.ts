import {
  CAPACITY_OFFSET, HEADER_BYTES, LINE_BYTES, MAGIC_OFFSET, RING_MAGIC, RING_VERSION,
  SLOT_SIZE_OFFSET, VERSION_OFFSET, ringByteLength,
} from './spsc-ring-layout.js';
import { RingError, RingErrorCode } from './ring-error.js';

/** The shape of a formatted ring, read from its META line. */
export interface RingShape {
  readonly capacity: number;
  readonly slotSize: number;
}

/**
 * Checks that `buffer` holds a formatted ring of this layout version at `byteOffset` and
 * returns its shape. Used by the producer and consumer constructors (once per thread, off the
 * hot path). Throws `RingError` `ERR_RING_LAYOUT`.
 */
export function attachRing(buffer: SharedArrayBuffer, byteOffset: number): RingShape {
  if (!(buffer instanceof SharedArrayBuffer)) {
    throw new RingError(RingErrorCode.LAYOUT, ['buffer must be a SharedArrayBuffer']);
  }
  if (!Number.isInteger(byteOffset) || byteOffset < 0 || byteOffset % LINE_BYTES !== 0
    || byteOffset + HEADER_BYTES > buffer.byteLength) {
    throw new RingError(RingErrorCode.LAYOUT, [`byteOffset must be a multiple of ${LINE_BYTES} inside the buffer`]);
  }
  const meta = new Uint32Array(buffer, byteOffset, HEADER_BYTES >> 2);
  const magic = Atomics.load(meta, MAGIC_OFFSET >> 2); // acquire format
  if (magic !== RING_MAGIC) {
    throw new RingError(RingErrorCode.LAYOUT, [`no ring at byteOffset ${byteOffset} (magic 0x${magic.toString(16)}); format it with createRing or initRing`]);
  }
  const version = meta[VERSION_OFFSET >> 2] ?? 0;
  if (version !== RING_VERSION) {
    throw new RingError(RingErrorCode.LAYOUT, [`ring layout version ${version} is not supported (expected ${RING_VERSION})`]);
  }
  const capacity = meta[CAPACITY_OFFSET >> 2] ?? 0;
  const slotSize = meta[SLOT_SIZE_OFFSET >> 2] ?? 0;
  if (byteOffset + ringByteLength(capacity, slotSize) > buffer.byteLength) {
    throw new RingError(RingErrorCode.LAYOUT, [`the ring at byteOffset ${byteOffset} runs past the end of its buffer`]);
  }
  return { capacity, slotSize };
}
