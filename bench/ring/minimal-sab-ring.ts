/**
 * The smallest SharedArrayBuffer SPSC ring that carries the benchmark's message: the floor any
 * ring in JavaScript can reach, measured beside riskgate's ring in the same run (`ring
 * minimal-sab latency|throughput`). One producer thread, one consumer thread. No header, no
 * magic or version check, no claim/publish split, no park word, no drop counter, no batching:
 * one index word per side and a fixed message of `MINIMAL_MESSAGE_F64` doubles.
 *
 * A message is 64 bytes (eight doubles), the size of riskgate's event slot: the benchmark's
 * message (`MESSAGE_F64` in transport.ts) fills a whole slot on both rings, so the two move the
 * same bytes per message through the same number of cache lines, and the ratio between them is
 * the cost of riskgate's ring protocol alone, not of its slot size.
 *
 * ```
 *  byte    line (128 B)  word                                      written by
 *  ------  ------------  ----------------------------------------  -------------
 *     0    WRITE         +0 write  i32  messages published          producer only
 *   128    READ          +0 read   i32  messages consumed           consumer only
 *   256    SLOTS         capacity x 64 B: 8 x f64 (the message)    producer writes, consumer reads
 * ```
 *
 * The two index words sit 128 bytes apart (adjacent-line prefetch), so the only cache-line
 * traffic is the one each message must cause. Each side keeps its own index in a local and
 * reloads the other side's only when its cached copy says full (producer) or empty (consumer).
 */
export const MINIMAL_WRITE_WORD = 0;
export const MINIMAL_READ_WORD = 128 >> 2;
export const MINIMAL_SLOTS_BYTE = 256;
/** Doubles per message: 64 bytes, one event slot's worth (see `MESSAGE_F64`). */
export const MINIMAL_MESSAGE_F64 = 8;

/** A buffer for a ring of `capacity` (power of two) messages. */
export function createMinimalRing(capacity: number): SharedArrayBuffer {
  if (!Number.isInteger(capacity) || capacity < 2 || (capacity & (capacity - 1)) !== 0) throw new RangeError(`capacity must be a power of two >= 2, got ${capacity}`);
  return new SharedArrayBuffer(MINIMAL_SLOTS_BYTE + capacity * MINIMAL_MESSAGE_F64 * 8);
}

function capacityOf(buffer: SharedArrayBuffer): number {
  return (buffer.byteLength - MINIMAL_SLOTS_BYTE) / (MINIMAL_MESSAGE_F64 * 8);
}

/** The producing end: `claim` a message (-1 when full), write it, `publish`. */
export class MinimalProducer {
  readonly f64: Float64Array;
  private readonly i32: Int32Array;
  private readonly mask: number;
  private write = 0;
  private readCache = 0;

  constructor(buffer: SharedArrayBuffer) {
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer, MINIMAL_SLOTS_BYTE);
    this.mask = capacityOf(buffer) - 1;
  }

  /**
   * The double index of the next free message, or -1 when full; write its
   * `MINIMAL_MESSAGE_F64` doubles through `f64`, then `publish()`. @hot allocation-free.
   */
  claim(): number {
    const w = this.write;
    if (((w - this.readCache) | 0) > this.mask) {
      this.readCache = Atomics.load(this.i32, MINIMAL_READ_WORD); // acquire read
      if (((w - this.readCache) | 0) > this.mask) return -1;
    }
    return (w & this.mask) * MINIMAL_MESSAGE_F64;
  }

  /** Makes the claimed message visible. @hot allocation-free. */
  publish(): void {
    this.write = (this.write + 1) | 0;
    Atomics.store(this.i32, MINIMAL_WRITE_WORD, this.write); // publish
  }
}

/** The consuming end: `poll` returns the slot's double index or -1 when empty; `release` after reading. */
export class MinimalConsumer {
  readonly f64: Float64Array;
  private readonly i32: Int32Array;
  private readonly mask: number;
  private read = 0;
  private writeCache = 0;

  constructor(buffer: SharedArrayBuffer) {
    this.i32 = new Int32Array(buffer);
    this.f64 = new Float64Array(buffer, MINIMAL_SLOTS_BYTE);
    this.mask = capacityOf(buffer) - 1;
  }

  /** @hot allocation-free. */
  poll(): number {
    const r = this.read;
    if (r === this.writeCache) {
      this.writeCache = Atomics.load(this.i32, MINIMAL_WRITE_WORD); // acquire write
      if (r === this.writeCache) return -1;
    }
    return (r & this.mask) * MINIMAL_MESSAGE_F64;
  }

  /** Hands the polled message back. @hot allocation-free. */
  release(): void {
    this.read = (this.read + 1) | 0;
    Atomics.store(this.i32, MINIMAL_READ_WORD, this.read); // release
  }
}
