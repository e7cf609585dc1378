/**
 * Byte layout of the decision-latency block: a histogram of the time from a `StrategyClient`
 * request to its decision being read back on the strategy's thread, for `/metrics`. One block
 * per engine (`RiskGate` with a control server): every strategy client of the engine writes
 * into it, from any thread; the control server thread reads it. The risk thread never touches
 * it (it does not read the clock per decision: on Node 20 a clock read allocates).
 *
 * ```
 *  offset          line (128 B)  words                                                 written by
 *  --------------  ------------  ----------------------------------------------------  --------------------------------
 *     0            META          +0 magic   u32  'RGLH'                                creator, once, before the
 *                                +4 version u32                                        block is shared
 *                                +8 buckets u32  LATENCY_BUCKETS
 *                                +12..127 zero
 *   128            SUM           +0 sumLo   u32  sum of samples in ns, mod 2^32        every writer (Atomics.add)
 *                                +4 sumHi   u32  carries out of sumLo, 2^32 ns each    every writer (Atomics.add, on carry)
 *                                +8..127 zero
 *   256            BUCKETS       u32 x LATENCY_BUCKETS: samples per bucket (wraps)     every writer (Atomics.add)
 *   256 + 4 x 812  end (3504 bytes)
 * ```
 *
 * Buckets, log-linear in base 10 (two significant digits): bucket 0 holds samples <= 100 ns;
 * then 9 decades from 100 ns to 100 s, each cut into 90 equal steps: decade d covers
 * (10^(d+2), 10^(d+3)] ns in steps of 10^(d+1) ns (so (100, 110], (110, 120], ... (990, 1000],
 * (1000, 1100], ...); the last bucket holds samples > 100 s. Above 100 ns a bucket's upper
 * bound is at most 10% above any sample in it. Every bound of the Prometheus buckets (1, 2.5, 5,
 * 10, ... µs) is a bucket boundary here, so `_bucket{le}` counts are exact, not rounded up.
 *
 * Memory protocol:
 * - Many writers per word: writers only ever `Atomics.add`, never store, so no sample is lost
 *   and no writer waits or retries (lock-free and wait-free).
 * - No count word: the count is the sum of the buckets, so `_count` and the `+Inf` bucket agree
 *   by construction.
 * - Words wrap at 2^32. The reader (decision-latency-reader.ts) extends each bucket to a float64
 *   total from the difference with its previous read (`(now - before) >>> 0`): exact while it
 *   reads more often than every 2^32 samples into one bucket (the control server reads every
 *   `streamIntervalMs`, at most 10 s; 2^32 samples take hours at any decision rate).
 * - The sum is 64 bits in two words: a writer adds the sample's low 32 bits to sumLo and, when
 *   the old value `Atomics.add` returns shows that the add wrapped, adds the carry (with the
 *   sample's high bits) to sumHi. Between those two adds a reader can see the sum 2^32 ns short;
 *   the reader never reports a sum below one it reported before, and is exact again once the
 *   carry lands. It reads sumHi, sumLo, sumHi and retries when sumHi moved.
 * - Cost of sharing one block between strategy threads: a sample is 2 atomic adds (3 on a
 *   carry) on lines other strategy threads also write (~100 ns when two strategies record at
 *   the same moment), against a round trip of microseconds. Blocks per channel would avoid it,
 *   at the price of the server learning about every channel created after start.
 */
import { RiskGateError, RiskGateErrorCode } from './riskgate-error.js';

export const LATENCY_LINE_BYTES = 128;

/** `'RGLH'` little-endian: identifies a formatted decision-latency block. */
export const LATENCY_MAGIC = 0x48_4c_47_52;
/** Bump when any offset, word meaning or bucket boundary below changes. */
export const LATENCY_VERSION = 1;

/** Bucket 0 holds samples up to this many ns. */
export const LATENCY_FLOOR_NS = 100;
/** Decades between `LATENCY_FLOOR_NS` and `LATENCY_CEIL_NS`. */
export const LATENCY_DECADES = 9;
/** Equal steps per decade (two significant digits: 11..100 times the step). */
export const LATENCY_STEPS = 90;
/** Samples above this many ns (100 s) go to the overflow bucket. */
export const LATENCY_CEIL_NS = LATENCY_FLOOR_NS * 10 ** LATENCY_DECADES;
/** The last bucket: samples above `LATENCY_CEIL_NS`. */
export const LATENCY_OVERFLOW_BUCKET = 1 + LATENCY_DECADES * LATENCY_STEPS;
export const LATENCY_BUCKETS = LATENCY_OVERFLOW_BUCKET + 1;
/** Samples are clamped to this (2^40 ns, ~18 min) before they are summed: the sum stays exact. */
export const LATENCY_MAX_SAMPLE_NS = 2 ** 40;

// META line: written once by the creator before the block is shared (read-only afterwards).
export const LATENCY_META_LINE = 0;
export const LATENCY_MAGIC_OFFSET = LATENCY_META_LINE;
export const LATENCY_VERSION_OFFSET = LATENCY_MAGIC_OFFSET + 4;
export const LATENCY_BUCKET_COUNT_OFFSET = LATENCY_VERSION_OFFSET + 4;

// SUM line: every writer adds.
export const LATENCY_SUM_LINE = LATENCY_META_LINE + LATENCY_LINE_BYTES;
export const LATENCY_SUM_LO_OFFSET = LATENCY_SUM_LINE;
export const LATENCY_SUM_HI_OFFSET = LATENCY_SUM_LO_OFFSET + 4;

// BUCKETS: every writer adds.
export const LATENCY_BUCKETS_OFFSET = LATENCY_SUM_LINE + LATENCY_LINE_BYTES;
export const LATENCY_BLOCK_BYTES = LATENCY_BUCKETS_OFFSET + LATENCY_BUCKETS * 4;

export const LATENCY_MAGIC_WORD = LATENCY_MAGIC_OFFSET >> 2;
export const LATENCY_VERSION_WORD = LATENCY_VERSION_OFFSET >> 2;
export const LATENCY_BUCKET_COUNT_WORD = LATENCY_BUCKET_COUNT_OFFSET >> 2;
export const LATENCY_SUM_LO_WORD = LATENCY_SUM_LO_OFFSET >> 2;
export const LATENCY_SUM_HI_WORD = LATENCY_SUM_HI_OFFSET >> 2;
export const LATENCY_BUCKETS_WORD = LATENCY_BUCKETS_OFFSET >> 2;

/**
 * The bucket of a sample of `ns` nanoseconds (an integer >= 0): the one whose upper bound is
 * the smallest boundary >= `ns`. @hot allocation-free (at most 9 passes; exact: `ns` and the
 * steps are integers, and `ns / step` cannot round across an integer below 2^53).
 */
export function latencyBucket(ns: number): number {
  if (ns <= LATENCY_FLOOR_NS) return 0;
  let step = LATENCY_FLOOR_NS / 10;
  for (let d = 0; d < LATENCY_DECADES; d++) {
    if (ns <= step * 100) return 1 + d * LATENCY_STEPS + Math.ceil(ns / step) - 11;
    step *= 10;
  }
  return LATENCY_OVERFLOW_BUCKET;
}

/** The upper bound (ns, inclusive) of bucket `b`; Infinity for the overflow bucket. */
export function latencyBucketUpperNs(b: number): number {
  if (b <= 0) return LATENCY_FLOOR_NS;
  if (b >= LATENCY_OVERFLOW_BUCKET) return Infinity;
  const d = Math.floor((b - 1) / LATENCY_STEPS);
  return (((b - 1) % LATENCY_STEPS) + 11) * (LATENCY_FLOOR_NS / 10) * 10 ** d;
}

/** A zeroed, formatted decision-latency block. */
export function createDecisionLatencyBlock(): SharedArrayBuffer {
  const block = new SharedArrayBuffer(LATENCY_BLOCK_BYTES);
  const w = new Int32Array(block);
  w[LATENCY_VERSION_WORD] = LATENCY_VERSION;
  w[LATENCY_BUCKET_COUNT_WORD] = LATENCY_BUCKETS;
  Atomics.store(w, LATENCY_MAGIC_WORD, LATENCY_MAGIC); // publish the format
  return block;
}

/** Throws `RiskGateError` unless `block` is a decision-latency block of this layout version (start-up only). */
export function checkDecisionLatencyBlock(block: unknown): asserts block is SharedArrayBuffer {
  const problem = !(block instanceof SharedArrayBuffer) ? 'is not a SharedArrayBuffer'
    : block.byteLength < LATENCY_BLOCK_BYTES ? `has ${block.byteLength} bytes, fewer than ${LATENCY_BLOCK_BYTES}`
      : undefined;
  if (problem !== undefined) throw new RiskGateError(RiskGateErrorCode.OPTIONS, `the decision-latency block ${problem}`);
  const w = new Int32Array(block as SharedArrayBuffer, 0, LATENCY_BUCKETS_WORD);
  const magic = Atomics.load(w, LATENCY_MAGIC_WORD); // acquire the format
  if (magic !== LATENCY_MAGIC || w[LATENCY_VERSION_WORD] !== LATENCY_VERSION || w[LATENCY_BUCKET_COUNT_WORD] !== LATENCY_BUCKETS) {
    throw new RiskGateError(RiskGateErrorCode.OPTIONS, `the decision-latency block is not formatted for layout version ${LATENCY_VERSION} (create it with createDecisionLatencyBlock)`);
  }
}
