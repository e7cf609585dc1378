/**
 * Byte layout of the liveness block: a SharedArrayBuffer where the threads that are not the
 * risk thread prove they are alive (the risk thread's own loop counter is the control block's
 * `loops` word, control-block-layout.ts). The control server thread reads it to answer
 * `/health` without asking any of those threads (a dead or blocked thread cannot answer).
 *
 * Nothing here carries a time: each writer only bumps a counter, and the reader timestamps the
 * changes it observes with its own clock (liveness-monitor.ts). A writer therefore needs no
 * clock, and a writer's clock cannot lie.
 *
 * ```
 *  offset             line (128 B)  word                                            written by
 *  -----------------  ------------  ----------------------------------------------  ------------------
 *     0               JOURNAL       +0  beat        i32  bumped every writer poll   journal thread
 *                                   +4  errors      i32  write errors so far        journal thread
 *                                   +8  failing     i32  1 = the writer stopped     journal thread
 *                                   +12 present     i32  1 = a journal thread runs  embedding, at start
 *   128 + 128 k       LANE k        +0  beat        i32  bumped by a timer          feed worker of lane k
 *   (k < MAX_LANES)                 +4  state       i32  FeedBeatState              feed worker of lane k
 *                                   +8  deadlineMs  i32  silence tolerated          embedding, at attach
 *                                   +12 present     i32  1 = a supervised feed      embedding, at attach
 *                                                        (stored last: publishes the name)
 *                                   +16 nameBytes   i32  UTF-8 length of the name   embedding, at attach
 *                                   +20 name        64 bytes UTF-8 (truncated)      embedding, at attach
 *                                   +84 silenced    i32  1 = the risk thread holds  risk thread (sets),
 *                                                        the lane down for silence  feed worker (clears,
 *                                                        (its end marker not yet    at the next claim)
 *                                                        written)
 *   128 + 128 MAX_LANES  end
 * ```
 *
 * Each line has one writing thread per word group (but `silenced`: set by the risk thread, then
 * cleared by the feed worker, a handshake where each side writes only the value the other waits for) and sits alone on its 128 bytes, so the
 * counters bumped many times a second never share a line with another writer. Registration:
 * the embedding writes the name, the deadline, then `Atomics.store`s `present` = 1; a reader
 * that loads `present` = 1 first sees the rest.
 */
import { MAX_LANES } from './lane-table.js';

export const LIVENESS_LINE_BYTES = 128;

export const JOURNAL_LINE = 0;
export const JOURNAL_BEAT_OFFSET = JOURNAL_LINE;
export const JOURNAL_ERRORS_OFFSET = JOURNAL_BEAT_OFFSET + 4;
export const JOURNAL_FAILING_OFFSET = JOURNAL_ERRORS_OFFSET + 4;
export const JOURNAL_PRESENT_OFFSET = JOURNAL_FAILING_OFFSET + 4;

export const LANES_LINE = JOURNAL_LINE + LIVENESS_LINE_BYTES;
/** Offsets within a lane's line. */
export const LANE_BEAT = 0;
export const LANE_STATE = LANE_BEAT + 4;
export const LANE_DEADLINE = LANE_STATE + 4;
export const LANE_PRESENT = LANE_DEADLINE + 4;
export const LANE_NAME_BYTES = LANE_PRESENT + 4;
export const LANE_NAME = LANE_NAME_BYTES + 4;
export const LANE_NAME_MAX = 64;
export const LANE_SILENCED = LANE_NAME + LANE_NAME_MAX;
export const LIVENESS_BLOCK_BYTES = LANES_LINE + LIVENESS_LINE_BYTES * MAX_LANES;

export const JOURNAL_BEAT_WORD = JOURNAL_BEAT_OFFSET >> 2;
export const JOURNAL_ERRORS_WORD = JOURNAL_ERRORS_OFFSET >> 2;
export const JOURNAL_FAILING_WORD = JOURNAL_FAILING_OFFSET >> 2;
export const JOURNAL_PRESENT_WORD = JOURNAL_PRESENT_OFFSET >> 2;

/** Byte offset of lane `k`'s line. */
export function laneLine(k: number): number {
  return LANES_LINE + LIVENESS_LINE_BYTES * k;
}

/** Word index of `field` (a LANE_* offset) in lane `k`'s line. */
export function laneWord(k: number, field: number): number {
  return (laneLine(k) + field) >> 2;
}

/** Values of a lane's `state` word, written by its feed worker. */
export const FeedBeatState = {
  /** No worker has reported yet (starting, or between two incarnations). */
  NONE: 0,
  /** The source's `run()` is in progress: the worker's timer bumps `beat`. */
  RUNNING: 1,
  /** `run()` resolved: the feed produces nothing more. */
  ENDED: 2,
} as const;

export function createLivenessBlock(): SharedArrayBuffer {
  return new SharedArrayBuffer(LIVENESS_BLOCK_BYTES);
}
