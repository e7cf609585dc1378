/**
 * Byte layout of the clock block: the shared wall clock of a threaded engine. One ticker thread
 * (clock-ticker-main.ts) writes the engine time into it every tick; the risk thread reads it
 * (ClockReader) once per pass with work, without allocating. Why: `Date.now()` and
 * `performance.now()` return a fresh HeapNumber per call on Node 20 (~16 B, epoch ms is not a
 * small integer): the ticker allocates so that the risk thread does not.
 *
 * ```
 *  offset  line (128 B)  word                                                written by
 *  ------  ------------  --------------------------------------------------  ---------------------------------
 *     0    TIME          +0 now    i32  engine ms since `epoch`, monotone    ticker only (Atomics.store)
 *                        +4 state  i32  ClockState                           ticker; embedding only after the
 *                                                                            ticker exited (DEAD)
 *   128    COMMAND       +0 stop   i32  1 = stop ticking and exit            embedding only (store + notify)
 *                        +8 epoch  f64  wall-clock ms of engine time 0       embedding, once, before any thread
 *   256    end
 * ```
 *
 * - `now` and `state` share a line on purpose: the reader loads both per read, one line. The
 *   ticker stores `now` only when the millisecond changed, so that line is invalidated in the
 *   reader's cache at most once per ms whatever the tick.
 * - Why int32 ms and not a Float64: a Float64 cannot be loaded atomically with `Atomics`; an
 *   int32 can, in one load, with no retry loop. The engine's deadlines are ms-grained and
 *   `Date.now()` is integral ms too, so nothing is lost.
 * - Limit: `now` must stay <= `CLOCK_MAX_MS` (2^31 - 1 ms, 24.8 days after the engine's start).
 *   The ticker does not re-base (engine times already stored in the risk state would jump):
 *   at the limit it stores `state` EXPIRED and stops ticking, and the reader falls back to
 *   `Date.now() - epoch` per read: correct time, one heap number per pass again (the behaviour
 *   before the ticker). Restart the engine within 24 days to stay allocation-free.
 * - `epoch` is a plain f64: written before the block is handed to any thread (Worker creation
 *   orders it), read once at start-up, never written again.
 */
export const CLOCK_LINE_BYTES = 128;

export const TIME_LINE = 0;
export const NOW_OFFSET = TIME_LINE;
export const CLOCK_STATE_OFFSET = NOW_OFFSET + 4;
export const CLOCK_COMMAND_LINE = TIME_LINE + CLOCK_LINE_BYTES;
export const CLOCK_STOP_OFFSET = CLOCK_COMMAND_LINE;
export const EPOCH_OFFSET = CLOCK_STOP_OFFSET + 8;
export const CLOCK_BLOCK_BYTES = CLOCK_COMMAND_LINE + CLOCK_LINE_BYTES;

export const NOW_WORD = NOW_OFFSET >> 2;
export const CLOCK_STATE_WORD = CLOCK_STATE_OFFSET >> 2;
export const CLOCK_STOP_WORD = CLOCK_STOP_OFFSET >> 2;
export const EPOCH_DWORD = EPOCH_OFFSET >> 3;

/** Largest engine time the block can hold (ms): 2^31 - 1, about 24.8 days. */
export const CLOCK_MAX_MS = 0x7fff_ffff;

/** Values of the state word. Only TICKING makes `now` authoritative. */
export const ClockState = {
  /** No tick yet: readers use `Date.now() - epoch`. */
  STARTING: 0,
  /** `now` is fresh (within the staleness bound of clock-reader.ts). */
  TICKING: 1,
  /** The ticker stopped on request; `now` no longer advances. */
  STOPPED: 2,
  /** `now` reached `CLOCK_MAX_MS`; readers use `Date.now() - epoch`. */
  EXPIRED: 3,
  /** The ticker died without a stop request (written by the embedding after its exit). */
  DEAD: 4,
} as const;

/** A clock block for an engine whose time 0 is wall-clock `epoch` (ms): STARTING, now 0. */
export function createClockBlock(epoch: number): SharedArrayBuffer {
  const block = new SharedArrayBuffer(CLOCK_BLOCK_BYTES);
  new Float64Array(block)[EPOCH_DWORD] = epoch;
  return block;
}

/** The wall-clock ms of engine time 0 (start-up only). */
export function clockEpoch(block: SharedArrayBuffer): number {
  return new Float64Array(block)[EPOCH_DWORD]!;
}
